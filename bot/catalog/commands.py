"""Catalog texts: commands."""

MESSAGES: dict[str, dict[str, str]] = {}
