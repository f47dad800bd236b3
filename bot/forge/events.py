"""GitHub webhook deliveries: checking their signature, and reading them as events a request follows.

``verify_signature`` checks ``X-Hub-Signature-256`` against the raw body, before anything parses it.
``parse_delivery`` turns a delivery about one of the bot's pull requests into a frozen event keyed to the
request: the PR's head ``branch`` (``knada-bot/r-42``, derived from the request id), its ``head_sha`` and
``pr_number``. ``status`` deliveries carry only a sha and the branches whose head it is, so callers
correlate those by ``head_sha``. Everything else (other events, other actions, other people's PRs, other
repositories) gives None, so the webhook endpoint can acknowledge and forget it.

Nothing here remembers deliveries: GitHub keeps ``X-GitHub-Delivery`` on a manual redelivery, so the caller
deduplicates on ``delivery_id`` where it keeps state (the database).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Literal

from bot.lifecycle.change import BRANCH_PREFIX

SIGNATURE_PREFIX = "sha256="
#: Events the bot subscribes to; anything else is acknowledged and ignored.
EVENTS = ("pull_request", "pull_request_review", "check_suite", "check_run", "status")


class DeliveryError(ValueError):
    """A signed delivery whose payload lacks what GitHub always sends: a bug or a changed API, not noise."""


def verify_signature(secret: bytes, body: bytes, header: str | None) -> bool:
    """Whether ``header`` (``X-Hub-Signature-256``) is ``sha256=`` + the HMAC-SHA256 of ``body`` under
    ``secret``. Constant-time; an empty secret verifies nothing, so a missing setting fails closed."""
    if not secret or not header or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest().encode()
    given = header[len(SIGNATURE_PREFIX) :].strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(expected, given)


# -- the events ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ForgeEvent:
    """What every event says: which delivery, and which pull request (as far as the payload tells)."""

    delivery_id: str
    branch: str | None = None  # the PR's head ref, "knada-bot/r-42"
    head_sha: str | None = None
    pr_number: int | None = None


@dataclass(frozen=True, kw_only=True)
class PullRequestOpened(ForgeEvent):
    url: str
    reopened: bool = False


@dataclass(frozen=True, kw_only=True)
class PullRequestSynchronized(ForgeEvent):
    """New commits on the PR branch (the config repo's check adds the ``*.enc`` line this way)."""

    before: str | None


@dataclass(frozen=True, kw_only=True)
class PullRequestMerged(ForgeEvent):
    merge_commit_sha: str | None
    merged_by: str | None


@dataclass(frozen=True, kw_only=True)
class PullRequestClosed(ForgeEvent):
    """Closed without merging."""

    closed_by: str | None


@dataclass(frozen=True, kw_only=True)
class ReviewSubmitted(ForgeEvent):
    reviewer: str
    state: Literal["approved", "changes_requested"]
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class CheckCompleted(ForgeEvent):
    """A check run (``suite`` false: ``name`` is the check's) or a whole check suite (``name`` is the app's)
    finished. ``conclusion`` is GitHub's: success, failure, neutral, cancelled, skipped, timed_out, ..."""

    name: str
    conclusion: str
    url: str | None
    suite: bool = False


@dataclass(frozen=True, kw_only=True)
class StatusChanged(ForgeEvent):
    """A legacy commit status. ``branch`` is set only when the commit heads one of the bot's branches."""

    context: str
    state: Literal["pending", "success", "failure", "error"]
    target_url: str | None
    description: str | None = None


# -- parsing -------------------------------------------------------------------------------------------------


def _get(payload: dict[str, Any], *path: str) -> Any:
    node: Any = payload
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise DeliveryError(f"delivery payload has no {'.'.join(path)}")
        node = node[key]
    return node


def _ours(branch: object) -> bool:
    return isinstance(branch, str) and branch.startswith(BRANCH_PREFIX)


def _login(user: Any) -> str | None:
    return user.get("login") if isinstance(user, dict) else None


def parse_delivery(
    event: str, delivery_id: str, payload: dict[str, Any], *, repository: str | None = None
) -> ForgeEvent | None:
    """The event in a verified delivery, or None if it concerns none of the bot's pull requests.

    ``event`` is ``X-GitHub-Event``, ``delivery_id`` is ``X-GitHub-Delivery``. With ``repository``
    (``owner/name``), deliveries from any other repository are ignored too (an App installed on several
    repositories gets all of theirs). Raises ``DeliveryError`` when a relevant payload lacks a field GitHub
    always sends.
    """
    if event not in EVENTS or not isinstance(payload, dict):
        return None
    if repository is not None:
        full_name = payload.get("repository", {}).get("full_name", "")
        if full_name.lower() != repository.lower():
            return None
    parse = {
        "pull_request": _pull_request,
        "pull_request_review": _review,
        "check_run": _check_run,
        "check_suite": _check_suite,
        "status": _status,
    }[event]
    return parse(delivery_id, payload)


def _pull_request(delivery_id: str, payload: dict[str, Any]) -> ForgeEvent | None:
    action = payload.get("action")
    branch = _get(payload, "pull_request", "head", "ref")
    if not _ours(branch):
        return None
    pull = payload["pull_request"]
    common = {
        "delivery_id": delivery_id,
        "branch": branch,
        "head_sha": _get(payload, "pull_request", "head", "sha"),
        "pr_number": _get(payload, "pull_request", "number"),
    }
    if action in ("opened", "reopened"):
        url = _get(payload, "pull_request", "html_url")
        return PullRequestOpened(**common, url=url, reopened=action == "reopened")
    if action == "synchronize":
        return PullRequestSynchronized(**common, before=payload.get("before"))
    if action == "closed":
        if pull.get("merged"):
            return PullRequestMerged(
                **common,
                merge_commit_sha=pull.get("merge_commit_sha"),
                merged_by=_login(pull.get("merged_by")),
            )
        return PullRequestClosed(**common, closed_by=_login(payload.get("sender")))
    return None


def _review(delivery_id: str, payload: dict[str, Any]) -> ForgeEvent | None:
    if payload.get("action") != "submitted":
        return None
    review = _get(payload, "review")
    # webhooks spell review states in lower case, the REST API in upper case
    state = str(_get(review, "state")).lower()
    branch = _get(payload, "pull_request", "head", "ref")
    if state not in ("approved", "changes_requested") or not _ours(branch):
        return None
    return ReviewSubmitted(
        delivery_id=delivery_id,
        branch=branch,
        head_sha=_get(payload, "pull_request", "head", "sha"),
        pr_number=_get(payload, "pull_request", "number"),
        reviewer=_login(review.get("user")) or "",
        state=state,  # type: ignore[arg-type]
        url=review.get("html_url"),
    )


def _our_pull(pulls: Any) -> dict[str, Any] | None:
    """The first of a check's ``pull_requests`` whose head is one of the bot's branches."""
    for pull in pulls if isinstance(pulls, list) else ():
        if isinstance(pull, dict) and _ours(pull.get("head", {}).get("ref")):
            return pull
    return None


def _check(delivery_id: str, thing: dict[str, Any], head_branch: Any, **fields: Any) -> ForgeEvent | None:
    pull = _our_pull(thing.get("pull_requests"))
    # pull_requests is empty for commits pushed from forks and right after a push: fall back on the branch
    branch = pull["head"]["ref"] if pull else head_branch
    if not _ours(branch):
        return None
    return CheckCompleted(
        delivery_id=delivery_id,
        branch=branch,
        head_sha=_get(thing, "head_sha"),
        pr_number=pull.get("number") if pull else None,
        **fields,
    )


def _check_run(delivery_id: str, payload: dict[str, Any]) -> ForgeEvent | None:
    if payload.get("action") != "completed":
        return None
    run = _get(payload, "check_run")
    suite = run.get("check_suite") or {}
    return _check(
        delivery_id,
        run,
        suite.get("head_branch"),
        name=_get(run, "name"),
        conclusion=_get(run, "conclusion"),
        url=run.get("html_url") or run.get("details_url"),
    )


def _check_suite(delivery_id: str, payload: dict[str, Any]) -> ForgeEvent | None:
    if payload.get("action") != "completed":
        return None
    suite = _get(payload, "check_suite")
    app = suite.get("app") or {}
    return _check(
        delivery_id,
        suite,
        suite.get("head_branch"),
        name=app.get("name") or app.get("slug") or "check suite",
        conclusion=_get(suite, "conclusion"),
        url=None,
        suite=True,
    )


def _status(delivery_id: str, payload: dict[str, Any]) -> ForgeEvent | None:
    names = [b.get("name") for b in payload.get("branches") or () if isinstance(b, dict)]
    ours = [name for name in names if _ours(name)]
    # a status on a commit that heads only other branches (main) concerns no request; with no branches
    # listed the commit may still be a PR head, and the caller correlates by sha
    if names and not ours:
        return None
    return StatusChanged(
        delivery_id=delivery_id,
        branch=ours[0] if ours else None,
        head_sha=_get(payload, "sha"),
        context=_get(payload, "context"),
        state=_get(payload, "state"),
        target_url=payload.get("target_url"),
        description=payload.get("description"),
    )
