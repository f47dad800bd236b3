"""Catalog texts: edits."""

MESSAGES: dict[str, dict[str, str]] = {}
