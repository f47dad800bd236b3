"""Catalog texts: findings."""

MESSAGES: dict[str, dict[str, str]] = {}
