"""End to end through HTTP: signed slash commands into a running server, a fake Slack recording what the bot
posts, a fake GitHub (a real git repository) sending signed webhooks back. Assertions are on what people
see: the acknowledgement, the card, the thread, the PR's file on its branch.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.fakes.slack_requests import Signing
from tests.harness import CHANNEL, Stack, running_stack


@pytest.fixture
def stack(tmp_path: Path):
    with running_stack(tmp_path) as stack:
        yield stack
        assert stack.slack.violations == []
        assert stack.github.violations == []


def ack_text(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body.get("response_type") == "ephemeral"
    return body["text"]


def test_users_add_from_command_to_merged_pr(stack: Stack) -> None:
    ack = ack_text(stack.command("hub users add kyrre g678901"))
    assert ack.startswith("Received: R-1 (New users on kyrre).")

    card = stack.wait_card("R-1", "PR open")
    assert "New users on kyrre" in card and "asked by <@UKYRRE01>" in card
    assert "users  + g678901" in card
    number = stack.wait_pr("knada-bot/r-1")
    assert stack.github.file("knada-bot/r-1", "configs/kyrre.yaml") == (
        b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\n  - g678901\n"
    )
    pull = stack.github.pulls[number]
    assert pull.title == "kyrre: add g678901"
    assert "requested by `e152435`" in (pull.body or "")
    assert stack.wait_thread("R-1", "Pull request opened")

    assert stack.github.run_checks(number) == "success"
    card = stack.wait_card("R-1", "checks passed")
    assert ":white_check_mark: validate" in card
    assert "waiting for a review by a code owner" in card
    stack.wait_thread("R-1", "The checks passed (validate)")

    stack.github.approve(number)
    stack.wait_card("R-1", "Status: *approved*")
    stack.wait_thread("R-1", "Approved by nada-owner")

    stack.github.merge(number)
    card = stack.wait_card("R-1", "Status: *done*")
    assert stack.wait_thread("R-1", "Merged :tada:")
    # One card for the request, updated in place.
    assert len([m for m in stack.cards() if "R-1" in json.dumps(m)]) == 1
    assert [r.state for r in stack.request_rows()] == ["done"]


def test_create_keeps_the_checks_enc_line_and_says_where_the_hub_is(stack: Stack) -> None:
    ack = ack_text(stack.command("hub create analyse --memory 4GB", user="UOLA0001"))
    assert "R-1" in ack and "New hub analyse" in ack
    number = stack.wait_pr("knada-bot/r-1")
    assert stack.github.file("knada-bot/r-1", "configs/analyse.yaml") == (
        b"namespace: analyse\ningress: analyse\nusers:\n  - b999999\nmemoryLimit: 4GB\n"
    )
    stack.github.run_checks(number)  # appends secretToken.enc in a commit of its own on the branch
    stack.wait_card("R-1", "checks passed")
    content = stack.github.file("knada-bot/r-1", "configs/analyse.yaml")
    assert content.startswith(b"namespace: analyse\n") and b"secretToken.enc: " in content
    stack.github.approve(number)
    stack.github.merge(number)
    stack.wait_card("R-1", "Status: *done*")
    stack.wait_thread("R-1", "https://analyse.jupyter.adeo.no")


def test_user_removal_pings_the_admins_with_the_hub_admin_page(stack: Stack) -> None:
    ack_text(stack.command("hub users remove fiskeri b222222", user="UANNA001"))
    number = stack.wait_pr("knada-bot/r-1")
    removed = stack.github.file("knada-bot/r-1", "configs/fiskeri.yaml").decode()
    assert "b222222" not in removed and "# team leads" in removed and "# analysts" in removed
    stack.github.run_checks(number)
    stack.github.approve(number)
    stack.github.merge(number)
    chore = stack.wait_thread("R-1", "/hub/admin")
    assert chore.startswith("<!subteam^S0ADMINS>")
    assert "b222222" in chore and "https://fiskeri.jupyter.adeo.no/hub/admin" in chore
    stack.wait_card("R-1", "Status: *chores*")


def test_failed_checks_name_the_check_and_mention_the_requester(stack: Stack) -> None:
    ack_text(stack.command("hub users add kyrre g678901"))
    number = stack.wait_pr("knada-bot/r-1")
    pull = stack.github.pulls[number]
    stack.github.set_status(pull.head_sha, "deploy-dry-run", "failure", "https://ci.example/run/9")
    stack.wait_card("R-1", "checks failed")
    reply = stack.wait_thread("R-1", "deploy-dry-run")
    assert reply.startswith("<@UKYRRE01>")
    assert "<https://ci.example/run/9|deploy-dry-run>" in reply


def test_refusals_are_answered_and_nothing_is_stored(stack: Stack) -> None:
    assert "Only users of `kyrre` and knada admins" in ack_text(
        stack.command("hub users add kyrre g678901", user="UOLA0001")
    )
    assert "already a user" in ack_text(stack.command("hub users add kyrre e152435"))
    assert "I don't know your NAV ident" in ack_text(stack.command("hub create x", user="UNOIDENT"))
    usage = ack_text(stack.command("hub usres add kyrre g678901"))
    assert "hub users add" in usage
    assert stack.request_rows() == []
    assert stack.github.pulls == {}


def test_an_admin_may_change_any_hub(stack: Stack) -> None:
    ack = ack_text(stack.command("hub users add kyrre g678901", user="UADMIN02"))  # admin by user group
    assert ack.startswith("Received: R-1")
    stack.wait_pr("knada-bot/r-1")


@pytest.mark.parametrize("signing", [Signing.FORGED, Signing.STALE, Signing.UNSIGNED])
def test_unsigned_forged_or_stale_requests_get_401_and_leave_no_trace(stack: Stack, signing: Signing) -> None:
    response = stack.command("hub users add kyrre g678901", signing=signing)
    assert response.status_code == 401
    assert stack.request_rows() == []
    assert stack.slack.calls("chat.postMessage") == []


def test_webhooks_with_a_bad_signature_are_rejected(stack: Stack) -> None:
    body = json.dumps({"action": "opened"}).encode()
    response = httpx.post(
        f"{stack.url}/github/webhook",
        content=body,
        headers={
            "X-GitHub-Event": "pull_request",
            "X-GitHub-Delivery": "d-1",
            "X-Hub-Signature-256": "sha256=" + "0" * 64,
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 401


def test_a_redelivered_webhook_is_handled_once(stack: Stack) -> None:
    ack_text(stack.command("hub users add kyrre g678901"))
    number = stack.wait_pr("knada-bot/r-1")
    stack.github.run_checks(number)
    stack.wait_card("R-1", "checks passed")
    stack.github.wait_for_deliveries()
    before = len(stack.thread("R-1"))
    for delivery in list(stack.github.deliveries):
        stack.github.redeliver(delivery.id)
    stack.github.wait_for_deliveries()
    assert len(stack.thread("R-1")) == before


def test_probes_and_metrics(stack: Stack) -> None:
    assert httpx.get(f"{stack.url}/isalive").status_code == 200
    ready = httpx.get(f"{stack.url}/isready")
    assert ready.status_code == 200 and ready.json() == {"ready": True, "reason": "ok"}
    ack_text(stack.command("hub users add kyrre g678901"))
    stack.wait_card("R-1", "PR open")
    metrics = httpx.get(f"{stack.url}/metrics").text
    assert 'knada_requests{state="pr_open"} 1.0' in metrics
    assert 'knada_commands_total{outcome="accepted"} 1.0' in metrics
    assert 'knada_slack_calls_total{method="chat.postMessage",ok="true"}' in metrics


def test_norwegian_by_default(tmp_path: Path) -> None:
    with running_stack(tmp_path, language="nb") as stack:
        ack = ack_text(stack.command("hub users add kyrre g678901"))
        assert ack.startswith("Mottatt: R-1 (Nye brukere på kyrre).")
        stack.wait_card("R-1", "PR åpnet")


def test_cards_only_in_the_configured_channel(tmp_path: Path) -> None:
    with running_stack(tmp_path, env={"KNADA_CHANNEL": CHANNEL}) as stack:
        ack = ack_text(stack.command("hub users add kyrre g678901", channel_id="C0OTHER"))
        assert ack == f"Requests are taken in <#{CHANNEL}>. Type the command there."
        assert stack.request_rows() == []
