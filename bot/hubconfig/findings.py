"""A finding: one rule broken at one place in one config file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot import catalog


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """``code`` is stable (``users.not-lowercase``); the text comes from the catalog key ``finding.<code>``.

    ``key`` is the top-level config key the finding is about (``users``, ``memorylimit``), or ``file`` for
    file-level rules. ``line`` and ``column`` are 1-based.
    """

    code: str
    severity: Severity
    file: str
    line: int
    column: int
    key: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str | None = None) -> str:
        return catalog.text(f"finding.{self.code}", lang, **self.params)

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"
