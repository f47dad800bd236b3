"""Catalog texts: forge."""

MESSAGES: dict[str, dict[str, str]] = {}
