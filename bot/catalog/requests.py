"""Catalog texts: requests."""

MESSAGES: dict[str, dict[str, str]] = {}
