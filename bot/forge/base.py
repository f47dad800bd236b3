"""The forge interface the rest of the bot uses, the values it returns, and the errors it raises.

Every write is safe to repeat: a PR is keyed by its branch, which is derived from the request id, so a
retry after a lost response finds what the first attempt made instead of making it again.

Errors (all carry a catalog key, so ``str(error)`` is a text a user can read)::

    ForgeError            a forge call failed; ``transient`` says whether retrying later may fix it
     ├─ ForgeUnavailable  transient: network, 5xx, rate limit past the retry budget (``retry_after`` hint)
     ├─ ForgeRefused      permanent: bad credentials, no access, no such PR, a request the forge rejects
     ├─ ForgeConfigError  permanent: the forge's settings are missing or malformed (names the variable)
     └─ StaleChange       permanent for this change: the config moved on since it was planned; re-plan it
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal, Protocol

from bot import catalog
from bot.hubconfig.snapshot import ConfigSnapshot
from bot.lifecycle.change import Change

CheckOutcome = Literal["pending", "success", "failure"]

# A line the config repo's PR check appends (``secretToken.enc: <base64>``): top-level key ending in .enc.
# Deploy decrypts every line matching `\.enc: `; the bot keeps such lines verbatim and never writes them.
ENC_LINE_RE = re.compile(r"^[A-Za-z0-9_.-]+\.enc: ")


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
    """A forge call failed. ``transient`` says whether retrying later may fix it.

    The text comes from the catalog key ``key`` with ``params``; never put a secret in ``params``.
    """

    transient = True

    def __init__(self, key: str, /, *, retry_after: float | None = None, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.retry_after = retry_after  # seconds the forge asked us to wait, when it said

    def message(self, lang: str | None = None) -> str:
        return catalog.text(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class ForgeUnavailable(ForgeError):
    """Network trouble, 5xx or a rate limit that outlasted the retry budget: try again later."""


class ForgeRefused(ForgeError):
    """The forge refused the call (credentials, access, no such PR, invalid request): retrying won't help."""

    transient = False


class ForgeConfigError(ForgeError, ValueError):
    """The forge's settings are missing or malformed. The message names the setting, never its value.

    Also a ``ValueError``: to a command line it is a usage error like any other bad setting.
    """

    transient = False


class StaleChange(ForgeError):
    """The file the change edits is no longer what it was planned on: re-plan on a fresh snapshot."""

    transient = False


def enc_lines(text: str | None) -> list[str]:
    """The ``*.enc`` lines of a config's text, verbatim (with their newline)."""
    if not text:
        return []
    return [line for line in text.splitlines(keepends=True) if ENC_LINE_RE.match(line)]


def without_enc_lines(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not ENC_LINE_RE.match(line))


def same_but_enc(branch_text: str | None, planned_text: str | None) -> bool:
    """Whether a file on a PR branch is the planned text, give or take ``*.enc`` lines the check added."""
    if branch_text is None or planned_text is None:
        return branch_text is planned_text
    return without_enc_lines(branch_text) == without_enc_lines(planned_text)


def with_gained_enc_lines(branch_text: str | None, planned_text: str) -> str:
    """``planned_text`` plus the ``*.enc`` lines the branch gained that the plan does not have.

    The repo's check appends ``secretToken.enc: ...`` to a new config on the PR branch; a rebuild re-plans
    from the base, where that line does not exist yet, and must carry it over or the hub deploys without it.
    """
    planned_keys = {line.partition(":")[0] for line in enc_lines(planned_text)}
    gained = [line for line in enc_lines(branch_text) if line.partition(":")[0] not in planned_keys]
    if not gained:
        return planned_text
    if not planned_text.endswith("\n"):
        planned_text += "\n"
    return planned_text + "".join(line if line.endswith("\n") else line + "\n" for line in gained)


def git_blob_sha(content: bytes) -> str:
    """The git object id of a blob with ``content``: what GitHub's contents API calls a file's ``sha``."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


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
