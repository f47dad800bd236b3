"""The forge interface the rest of the bot uses, and the values it returns.

Every write is safe to repeat: a PR is keyed by its branch, which is derived from the request id, so a
retry after a lost response finds what the first attempt made instead of making it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from bot.hubconfig.snapshot import ConfigSnapshot
from bot.lifecycle.change import Change

CheckOutcome = Literal["pending", "success", "failure"]


@dataclass(frozen=True)
class PullRequest:
    number: int
    url: str
    branch: str
    head_sha: str
    state: Literal["open", "closed", "merged"]
    title: str


@dataclass(frozen=True)
class Check:
    """A check run or a legacy commit status, folded into one shape."""

    name: str
    outcome: CheckOutcome
    url: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class Review:
    user: str
    state: Literal["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"]


@dataclass(frozen=True)
class PullRequestStatus:
    pr: PullRequest
    checks: tuple[Check, ...]
    reviews: tuple[Review, ...]
    mergeable: bool | None  # None while GitHub is still computing it
    mergeable_state: str  # GitHub's: clean, blocked, behind, dirty, unstable, unknown, ...

    @property
    def checks_outcome(self) -> CheckOutcome:
        if any(c.outcome == "failure" for c in self.checks):
            return "failure"
        if not self.checks or any(c.outcome == "pending" for c in self.checks):
            return "pending"
        return "success"

    @property
    def failing_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.outcome == "failure")

    @property
    def approved_by(self) -> tuple[str, ...]:
        latest: dict[str, str] = {}
        for review in self.reviews:
            if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
                latest[review.user] = review.state
        return tuple(user for user, state in latest.items() if state == "APPROVED")

    @property
    def conflicting(self) -> bool:
        return self.mergeable is False or self.mergeable_state in ("dirty", "behind")


class ForgeError(Exception):
    """A forge call failed in a way retrying later may fix (network, 5xx, rate limit)."""


class Forge(Protocol):
    def snapshot(self) -> ConfigSnapshot:
        """``configs/`` at the head of the base branch."""
        ...

    def open_pull_request(self, change: Change) -> PullRequest:
        """Open the PR for ``change``, or return the one already opened for its branch."""
        ...

    def find_pull_request(self, branch: str) -> PullRequest | None: ...

    def rebuild(self, change: Change) -> PullRequest:
        """Point the PR branch at ``change`` re-planned on the latest base, keeping ``*.enc`` lines the
        config repo's check added to the branch."""
        ...

    def status(self, number: int) -> PullRequestStatus: ...

    def close(self, number: int, comment: str | None = None) -> None: ...
