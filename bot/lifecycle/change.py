"""A planned change: what one request does to the config repo, ready for a forge to turn into a PR."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

REQUEST_ID_RE = re.compile(r"^R-[1-9][0-9]{0,9}$")
BRANCH_PREFIX = "knada-bot/"


def branch_for(request_id: str) -> str:
    """The PR branch of a request: derived from its id alone, so a retry finds the same branch."""
    if not REQUEST_ID_RE.match(request_id):
        raise ValueError(f"request id must look like R-42, not {request_id!r}")
    return f"{BRANCH_PREFIX}{request_id.lower()}"


@dataclass(frozen=True)
class Change:
    request_id: str
    kind: str  # create | users-add | users-remove | limits | env-set | env-unset | ui | delete
    hub: str  # the hub's ingress
    path: str  # configs/<file>.yaml, relative to the repo root
    old_text: str | None  # None when the file is created
    new_text: str | None  # None when the file is deleted
    title: str
    body: str
    commit_message: str
    requester: str  # NAV ident

    @property
    def branch(self) -> str:
        return branch_for(self.request_id)

    def diff(self) -> str:
        """Unified diff of the change, as ``git diff`` would show it."""
        old = (self.old_text or "").splitlines(keepends=True)
        new = (self.new_text or "").splitlines(keepends=True)
        before = f"a/{self.path}" if self.old_text is not None else "/dev/null"
        after = f"b/{self.path}" if self.new_text is not None else "/dev/null"
        lines = difflib.unified_diff(old, new, before, after)
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
        )
