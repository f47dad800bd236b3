"""Where a request stands, folded from its event log: its pull request, and the chores left after merge.

Webhook deliveries arrive late, twice, or out of order, and the reconciler adds full status reads: every
one is appended to the request's log as it came, and this module folds the log into one ``PrFacts``.
Checks are kept per head commit, so a check of an older head never counts for the current one.

Chores are the manual work a merge leaves for the admins (a deleted hub's helm release and namespace,
removed users still in the hub's database). ``chores_for`` lists them from what the request planned;
``chores_done`` folds who ticked off which, and when, from the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from bot.forge import events as forge_events
from bot.forge.base import Check, PullRequest, PullRequestStatus

#: Event kinds in the request log that carry PR facts.
PR_OPENED = "pr_opened"  # the bot opened (or found) the PR: data = PullRequest fields
FORGE = "forge"  # a webhook delivery: data = {"type": <ForgeEvent class>, **fields}
STATUS = "status"  # the reconciler read the PR's whole status: data = status_data(...)
REBUILT = "rebuilt"  # the bot rebuilt the PR branch on the latest base: data = {"head_sha": ...}
#: Event kinds about the planned change and the work after its merge.
PLANNED = "planned"  # the change the PR carries: data = {"path", "namespace", "removed"}
CHORE_DONE = "chore_done"  # an admin ticked off a chore: data = {"chore": key}; actor and time say who, when

_SUCCESS = {"success", "neutral", "skipped"}
_PENDING = {"pending", "queued", "in_progress", "waiting", "requested", "expected", None}


def outcome(conclusion: str | None) -> str:
    """A check run conclusion or commit status state, folded to pending | success | failure."""
    if conclusion in _SUCCESS:
        return "success"
    if conclusion in _PENDING:
        return "pending"
    return "failure"  # failure, error, timed_out, cancelled, action_required, stale, ...


@dataclass
class PrFacts:
    number: int | None = None
    url: str | None = None
    head_sha: str | None = None
    merged: bool = False
    closed: bool = False
    mergeable: bool | None = None
    mergeable_state: str = "unknown"
    # (head sha, check name) -> Check
    checks_by_sha: dict[tuple[str, str], Check] = field(default_factory=dict)
    reviews: dict[str, str] = field(default_factory=dict)  # reviewer -> latest state

    @property
    def checks(self) -> tuple[Check, ...]:
        return tuple(check for (sha, _), check in sorted(self.checks_by_sha.items()) if sha == self.head_sha)

    @property
    def checks_outcome(self) -> str:
        checks = self.checks
        if any(c.outcome == "failure" for c in checks):
            return "failure"
        if not checks or any(c.outcome == "pending" for c in checks):
            return "pending"
        return "success"

    @property
    def approved_by(self) -> tuple[str, ...]:
        return tuple(sorted(user for user, state in self.reviews.items() if state == "approved"))

    @property
    def conflicting(self) -> bool:
        return self.mergeable is False or self.mergeable_state == "dirty"


def event_data(event: forge_events.ForgeEvent) -> dict[str, Any]:
    return {"type": type(event).__name__, **asdict(event)}


def pr_opened_data(pr: PullRequest) -> dict[str, Any]:
    return asdict(pr)


def status_data(status: PullRequestStatus) -> dict[str, Any]:
    return {
        "pr": asdict(status.pr),
        "checks": [asdict(c) for c in status.checks],
        "reviews": [asdict(r) for r in status.reviews],
        "mergeable": status.mergeable,
        "mergeable_state": status.mergeable_state,
    }


def fold(log: Iterable[tuple[str, Mapping[str, Any]]]) -> PrFacts:
    """Facts from ``(event kind, data)`` pairs, oldest first."""
    facts = PrFacts()
    for kind, data in log:
        if kind == PR_OPENED:
            facts.number, facts.url, facts.head_sha = data["number"], data["url"], data["head_sha"]
            facts.merged = data["state"] == "merged"
            facts.closed = data["state"] == "closed"
        elif kind == STATUS:
            _apply_status(facts, data)
        elif kind == FORGE:
            _apply_event(facts, data)
        elif kind == REBUILT:
            # A new head on the latest base: whether it merges cleanly is GitHub's to compute again.
            facts.head_sha = data["head_sha"]
            facts.mergeable, facts.mergeable_state = None, "unknown"
    return facts


def _apply_status(facts: PrFacts, data: Mapping[str, Any]) -> None:
    pr = data["pr"]
    facts.number, facts.url, facts.head_sha = pr["number"], pr["url"], pr["head_sha"]
    facts.merged = pr["state"] == "merged"
    facts.closed = pr["state"] == "closed"
    facts.mergeable, facts.mergeable_state = data["mergeable"], data["mergeable_state"]
    facts.checks_by_sha = {
        (pr["head_sha"], c["name"]): Check(c["name"], c["outcome"], c.get("url"), c.get("summary"))
        for c in data["checks"]
    }
    facts.reviews = {}
    for review in data["reviews"]:
        state = review["state"].lower()
        if state in ("approved", "changes_requested", "dismissed"):
            facts.reviews[review["user"]] = state


def _apply_event(facts: PrFacts, data: Mapping[str, Any]) -> None:
    kind = data["type"]
    if data.get("pr_number") is not None and facts.number is None:
        facts.number = data["pr_number"]
    if kind == "PullRequestOpened":
        facts.url = data.get("url") or facts.url
        facts.head_sha = data.get("head_sha") or facts.head_sha
        facts.closed = False
    elif kind == "PullRequestSynchronized":
        facts.head_sha = data.get("head_sha") or facts.head_sha
        facts.mergeable, facts.mergeable_state = None, "unknown"
    elif kind == "PullRequestMerged":
        facts.merged = True
    elif kind == "PullRequestClosed":
        facts.closed = True
    elif kind == "ReviewSubmitted":
        facts.reviews[data["reviewer"]] = data["state"]
    elif kind == "CheckCompleted" and data.get("head_sha"):
        if data.get("suite"):
            return  # a suite's conclusion repeats its runs'; the runs carry names and links
        check = Check(data["name"], outcome(data["conclusion"]), data.get("url"))
        facts.checks_by_sha[(data["head_sha"], data["name"])] = check
    elif kind == "StatusChanged" and data.get("head_sha"):
        check = Check(
            data["context"], outcome(data["state"]), data.get("target_url"), data.get("description")
        )
        facts.checks_by_sha[(data["head_sha"], data["context"])] = check


# -- chores -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chore:
    """One item of manual work: ``key`` is stable within the request, ``text`` a catalog key (``chore.*``)
    whose placeholders ``params`` fill."""

    key: str
    text: str
    params: Mapping[str, str]


@dataclass(frozen=True)
class ChoreDone:
    by: str | None  # the Slack user id of the admin who ticked it off
    at: datetime


def planned_data(path: str, namespace: str | None, removed: Sequence[str] = ()) -> dict[str, Any]:
    return {"path": path, "namespace": namespace, "removed": list(removed)}


def chores_for(
    kind: str, hub: str, planned: Mapping[str, Any], domain: str, params: Mapping[str, Any] | None = None
) -> tuple[Chore, ...]:
    """The chores a merged request of ``kind`` leaves, from its latest ``PLANNED`` data (or, for a request
    planned before that was recorded, its parameters).

    A deleted hub: the deploy never uninstalls anything, so its helm release and namespace stay behind.
    Removed users: JupyterHub keeps users that exist in its database, whatever the config says.
    """
    namespace = planned.get("namespace") or hub
    if kind == "delete":
        release = f"jupyterhub-{hub}"
        return (
            Chore("helm-release", "chore.helm-release", {"release": release, "namespace": namespace}),
            Chore("namespace", "chore.namespace", {"namespace": namespace}),
        )
    removed = planned.get("removed") if planned else (params or {}).get("users")
    if kind == "users-remove" and removed:
        url = f"https://{hub}.{domain}/hub/admin"
        return (Chore("hub-users", "chore.hub-users", {"users": ", ".join(removed), "url": url}),)
    return ()


def chores_done(log: Iterable[tuple[str, Mapping[str, Any], str | None, datetime]]) -> dict[str, ChoreDone]:
    """Who ticked off which chore and when, from ``(kind, data, actor, at)``; the first tick counts."""
    done: dict[str, ChoreDone] = {}
    for kind, data, actor, at in log:
        if kind == CHORE_DONE and data.get("chore") not in done:
            done[data["chore"]] = ChoreDone(actor, at)
    return done


def latest_planned(log: Iterable[tuple[str, Mapping[str, Any]]]) -> Mapping[str, Any]:
    planned: Mapping[str, Any] = {}
    for kind, data in log:
        if kind == PLANNED:
            planned = data
    return planned
