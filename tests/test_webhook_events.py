"""Webhook deliveries: signatures, and each event read from what the fake GitHub actually sent over HTTP.

The fake validates every payload it sends against GitHub's ``x-webhooks`` schemas, so these payloads have
the shape GitHub's have; the receiver records the raw bytes exactly as a webhook endpoint would see them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest
from github import Github

from bot.forge.events import (
    CheckCompleted,
    DeliveryError,
    PullRequestClosed,
    PullRequestMerged,
    PullRequestOpened,
    PullRequestSynchronized,
    ReviewSubmitted,
    StatusChanged,
    parse_delivery,
    verify_signature,
)
from tests.fakes.fixtures import WEBHOOK_SECRET, ReceivedDelivery, WebhookReceiver, client_for
from tests.fakes.github import FakeGitHub

SECRET = WEBHOOK_SECRET.encode()
REPO = "navikt/knada-jupyterhub"
BRANCH = "knada-bot/r-42"
NEW_HUB = b"namespace: ny-hub\ningress: ny-hub\nusers:\n  - e123456\n"


def sign(body: bytes, secret: bytes = SECRET) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def open_pull(fake: FakeGitHub, branch: str = BRANCH, content: bytes = NEW_HUB) -> int:
    gh: Github = client_for(fake)
    repo = gh.get_repo(REPO)
    repo.create_git_ref(f"refs/heads/{branch}", fake.branches()["main"])
    repo.create_file("configs/ny-hub.yaml", "Add ny-hub", content, branch=branch)
    number = repo.create_pull(base="main", head=branch, title="Ny hub ny-hub", body="R-42").number
    fake.wait_for_deliveries()  # API-triggered webhooks go out after the response
    return number


def parsed(delivery: ReceivedDelivery, repository: str | None = REPO):
    assert delivery.event and delivery.delivery_id
    return parse_delivery(delivery.event, delivery.delivery_id, delivery.payload, repository=repository)


# -- signatures ----------------------------------------------------------------------------------------------


def test_a_correct_signature_verifies() -> None:
    body = b'{"action":"opened"}'
    assert verify_signature(SECRET, body, sign(body))
    assert verify_signature(SECRET, body, sign(body).upper().replace("SHA256=", "sha256="))


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "sha256=",
        "sha1=" + hmac.new(SECRET, b'{"action":"opened"}', hashlib.sha1).hexdigest(),
        sign(b'{"action":"opened"}', b"another secret"),
        sign(b'{"action":"closed"}'),
        "sha256=ø" + "0" * 63,
    ],
    ids=["missing", "empty", "no-digest", "sha1", "wrong-secret", "other-body", "not-hex"],
)
def test_a_missing_or_wrong_signature_is_rejected(header: str | None) -> None:
    assert not verify_signature(SECRET, b'{"action":"opened"}', header)


def test_an_empty_secret_verifies_nothing() -> None:
    body = b"{}"
    assert not verify_signature(b"", body, sign(body, b""))


# -- events from real deliveries -----------------------------------------------------------------------------


def test_a_pull_requests_life_arrives_as_signed_events(
    fake_github_webhooks: FakeGitHub, webhook_receiver: WebhookReceiver
) -> None:
    fake = fake_github_webhooks
    number = open_pull(fake)
    opened_sha = fake.branches()[BRANCH]
    fake.run_checks(number)
    checked_sha = fake.branches()[BRANCH]
    fake.set_status(checked_sha, "ci/deploy-dry-run", "failure", "https://ci.example.com/7")
    fake.approve(number)
    merge_sha = fake.merge(number)

    received = webhook_receiver.deliveries
    assert [(d.event, d.payload.get("action")) for d in received] == [
        ("pull_request", "opened"),
        ("pull_request", "synchronize"),
        ("check_run", "completed"),
        ("check_suite", "completed"),
        ("status", None),
        ("pull_request_review", "submitted"),
        ("pull_request", "closed"),
    ]
    assert all(verify_signature(SECRET, d.body, d.signature) for d in received)
    assert len({d.delivery_id for d in received}) == len(received)

    events = [parsed(d) for d in received]
    key = {"branch": BRANCH, "pr_number": number}
    assert events[0] == PullRequestOpened(
        delivery_id=received[0].delivery_id,
        **key,
        head_sha=opened_sha,
        url=f"https://github.com/{REPO}/pull/{number}",
    )
    assert events[1] == PullRequestSynchronized(
        delivery_id=received[1].delivery_id, **key, head_sha=checked_sha, before=opened_sha
    )
    run = fake.check_runs[0]
    assert events[2] == CheckCompleted(
        delivery_id=received[2].delivery_id,
        **key,
        head_sha=checked_sha,
        name="validate",
        conclusion="success",
        url=f"https://github.com/{REPO}/runs/{run.id}",
    )
    assert events[3] == CheckCompleted(
        delivery_id=received[3].delivery_id,
        **key,
        head_sha=checked_sha,
        name="GitHub Actions",
        conclusion="success",
        url=None,
        suite=True,
    )
    assert events[4] == StatusChanged(
        delivery_id=received[4].delivery_id,
        branch=BRANCH,
        head_sha=checked_sha,
        context="ci/deploy-dry-run",
        state="failure",
        target_url="https://ci.example.com/7",
        description="ci/deploy-dry-run: failure",
    )
    assert events[5] == ReviewSubmitted(
        delivery_id=received[5].delivery_id,
        **key,
        head_sha=checked_sha,
        reviewer="nada-owner",
        state="approved",
        url=received[5].payload["review"]["html_url"],
    )
    assert events[6] == PullRequestMerged(
        delivery_id=received[6].delivery_id,
        **key,
        head_sha=checked_sha,
        merge_commit_sha=merge_sha,
        merged_by="nada-owner",
    )


def test_a_failed_check_changes_requested_and_a_close(
    fake_github_webhooks: FakeGitHub, webhook_receiver: WebhookReceiver
) -> None:
    fake = fake_github_webhooks
    number = open_pull(fake, content=b"namespace: ny-hub\ningress: ny-hub\nusers:\n  - E123456\n")
    fake.run_checks(number)
    fake.request_changes(number, "nada-owner", "Ident med stor bokstav")
    fake.close(number)

    events = [parsed(d) for d in webhook_receiver.deliveries]
    check = next(e for e in events if isinstance(e, CheckCompleted) and not e.suite)
    assert (check.name, check.conclusion, check.branch) == ("validate", "failure", BRANCH)
    review = next(e for e in events if isinstance(e, ReviewSubmitted))
    assert (review.state, review.reviewer) == ("changes_requested", "nada-owner")
    assert isinstance(events[-1], PullRequestClosed)
    assert (events[-1].branch, events[-1].pr_number, events[-1].closed_by) == (BRANCH, number, "nada-owner")


def test_a_redelivery_keeps_the_delivery_id_and_body(
    fake_github_webhooks: FakeGitHub, webhook_receiver: WebhookReceiver
) -> None:
    open_pull(fake_github_webhooks)
    first = webhook_receiver.deliveries[0]

    again = fake_github_webhooks.redeliver(first.delivery_id or "")

    assert again.redelivery and again.status == 204
    second = webhook_receiver.deliveries[-1]
    assert (second.delivery_id, second.body, second.signature) == (
        first.delivery_id,
        first.body,
        first.signature,
    )
    assert parsed(second) == parsed(first)  # same event, same delivery id: the caller's dedup key


def test_events_about_other_branches_and_repositories_are_ignored(
    fake_github_webhooks: FakeGitHub, webhook_receiver: WebhookReceiver
) -> None:
    fake = fake_github_webhooks
    number = open_pull(fake, branch="kyrre/more-memory")  # someone's own PR in the config repo
    fake.approve(number)
    fake.set_status(fake.branches()["main"], "ci/deploy", "success")

    assert [d.event for d in webhook_receiver.deliveries] == ["pull_request", "pull_request_review", "status"]
    assert [parsed(d) for d in webhook_receiver.deliveries] == [None, None, None]

    ours = open_pull(fake, branch=BRANCH)
    opened = webhook_receiver.of("pull_request", "opened")[-1]
    assert parsed(opened) is not None and parsed(opened).pr_number == ours
    assert parsed(opened, repository="navikt/some-other-repo") is None


def test_irrelevant_events_and_actions_give_none() -> None:
    assert parse_delivery("ping", "d-1", {"zen": "Keep it logically awesome."}) is None
    assert parse_delivery("push", "d-2", {"ref": "refs/heads/knada-bot/r-1"}) is None
    pull = {
        "number": 3,
        "head": {"ref": BRANCH, "sha": "a" * 40},
        "html_url": "https://github.com/x/y/pull/3",
    }
    assert parse_delivery("pull_request", "d-3", {"action": "labeled", "pull_request": pull}) is None
    review = {"state": "commented", "user": {"login": "nada-owner"}}
    assert (
        parse_delivery(
            "pull_request_review", "d-4", {"action": "submitted", "review": review, "pull_request": pull}
        )
        is None
    )
    assert parse_delivery("check_run", "d-5", {"action": "created", "check_run": {}}) is None


def test_a_status_without_branches_is_keyed_by_sha_alone() -> None:
    payload = {"sha": "b" * 40, "context": "ci/x", "state": "pending", "target_url": None, "branches": []}
    event = parse_delivery("status", "d-6", payload)
    assert event == StatusChanged(
        delivery_id="d-6", branch=None, head_sha="b" * 40, context="ci/x", state="pending", target_url=None
    )


def test_a_relevant_payload_missing_what_github_always_sends_is_an_error() -> None:
    with pytest.raises(DeliveryError, match=r"pull_request\.head\.sha"):
        parse_delivery("pull_request", "d-7", {"action": "opened", "pull_request": {"head": {"ref": BRANCH}}})
    with pytest.raises(DeliveryError, match="sha"):
        parse_delivery("status", "d-8", json.loads('{"context": "ci/x", "state": "success"}'))


def test_closing_and_reopening_through_the_api_notify_after_the_answer(
    fake_github_webhooks: FakeGitHub, webhook_receiver: WebhookReceiver
) -> None:
    number = open_pull(fake_github_webhooks)
    pull = client_for(fake_github_webhooks).get_repo(REPO).get_pull(number)

    pull.edit(state="closed")
    pull.edit(state="open")
    fake_github_webhooks.wait_for_deliveries()

    closed, reopened = (parsed(d) for d in webhook_receiver.deliveries[-2:])
    assert isinstance(closed, PullRequestClosed) and closed.closed_by == "knada-bot[bot]"
    assert isinstance(reopened, PullRequestOpened) and reopened.reopened
    assert (reopened.branch, reopened.pr_number) == (BRANCH, number)


def test_an_unreachable_receiver_is_recorded_not_raised(
    tmp_path: Path, github_api_description: object
) -> None:
    with FakeGitHub(tmp_path, webhook_url="http://127.0.0.1:9/github/webhook", webhook_secret="s") as fake:
        fake.push("knada-bot/r-1", {"configs/a.yaml": b"a: 1\n"}, "Add a")
        gh = client_for(fake)
        gh.get_repo(REPO).create_pull(base="main", head="knada-bot/r-1", title="A")
        fake.wait_for_deliveries()
    [delivery] = fake.deliveries
    assert (delivery.event, delivery.action, delivery.status) == ("pull_request", "opened", None)
    assert delivery.error
    assert fake.violations == []
