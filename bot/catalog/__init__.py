"""The message catalog: every text a user or admin reads, in Norwegian bokmål (default) and English.

Texts are grouped by area in the modules of this package (``findings``, ``commands``, ``requests``, ...),
each a ``MESSAGES`` dict ``key -> {"nb": ..., "en": ...}`` with ``str.format`` placeholders. They are merged
here into one catalog; a key defined twice, or missing a language, fails at import so it can't ship.
"""

from __future__ import annotations

import os
import string
from importlib import import_module
from typing import Literal

Language = Literal["nb", "en"]
LANGUAGES: tuple[Language, ...] = ("nb", "en")
DEFAULT_LANGUAGE: Language = "nb"

_AREAS = ("findings", "edits", "commands", "requests", "forge", "cli", "slack", "local")

CATALOG: dict[str, dict[str, str]] = {}
for _area in _AREAS:
    for _key, _texts in import_module(f"{__name__}.{_area}").MESSAGES.items():
        if _key in CATALOG:
            raise RuntimeError(f"message {_key!r} is defined twice")
        if set(_texts) != set(LANGUAGES):
            raise RuntimeError(f"message {_key!r} must have exactly {LANGUAGES}, has {sorted(_texts)}")
        CATALOG[_key] = _texts

_default: Language | None = None


def set_default_language(lang: str | None) -> None:
    """Fix the language used when a caller names none (settings call this once at start)."""
    global _default
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _default = lang  # type: ignore[assignment]


def default_language() -> Language:
    if _default is not None:
        return _default
    env = os.environ.get("KNADA_LANGUAGE", DEFAULT_LANGUAGE)
    return env if env in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]


def text(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` (default: the configured language), with ``params`` filled in."""
    texts = CATALOG[key]
    return texts[lang or default_language()].format(**params)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
