"""Who is who: Slack users to NAV idents (PRODUCT.md section 4), and who the knada admins are.

Both answers are cached: commands are acknowledged from local work, and ``usergroups.users.list`` is a
Tier 2 method. When Slack can't be reached, a stale answer is better than none; with no answer at all a
user gets no ident (a clear error) and is not an admin (never a guess in the permissive direction).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)
IDENT_RE = re.compile(r"^[a-z][0-9]{6}$")


def load_ident_map(path: Path) -> dict[str, str]:
    """``slack_user_id: ident`` from the YAML file at ``path``; bad entries are an error, not skipped."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: KNADA_IDENT_MAP must be a YAML mapping of Slack user id to NAV ident")
    mapping = {}
    for user_id, ident in data.items():
        ident = str(ident).strip().lower()
        if not IDENT_RE.match(ident):
            raise ValueError(f"{path}: {user_id}: {ident!r} is not a NAV ident (one letter and six digits)")
        mapping[str(user_id)] = ident
    return mapping


class _TtlCache:
    def __init__(self, ttl: float, clock: Callable[[], float]) -> None:
        self._ttl, self._clock = ttl, clock
        self._values: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bool, object]:
        """(fresh, value); value is None when never cached."""
        with self._lock:
            at, value = self._values.get(key, (float("-inf"), None))
        return self._clock() - at < self._ttl, value

    def put(self, key: str, value: object) -> None:
        with self._lock:
            self._values[key] = (self._clock(), value)


class IdentityResolver:
    """NAV ident of a Slack user: the static mapping first, then the custom profile field."""

    def __init__(
        self,
        client: WebClient | None,
        *,
        field_id: str | None = None,
        mapping: dict[str, str] | None = None,
        ttl: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._field_id = field_id
        self._mapping = mapping or {}
        self._cache = _TtlCache(ttl, clock)

    def ident_for(self, user_id: str) -> str | None:
        if user_id in self._mapping:
            return self._mapping[user_id]
        if self._client is None or not self._field_id:
            return None
        fresh, cached = self._cache.get(user_id)
        if fresh:
            return cached  # type: ignore[return-value]
        try:
            profile = self._client.users_profile_get(user=user_id)["profile"]
        except (SlackApiError, SlackClientError, OSError) as error:
            log.warning("users.profile.get failed for %s: %s", user_id, type(error).__name__)
            return cached  # type: ignore[return-value]
        raw = ((profile.get("fields") or {}).get(self._field_id) or {}).get("value") or ""
        ident = raw.strip().lower()
        ident = ident if IDENT_RE.match(ident) else None
        self._cache.put(user_id, ident)
        return ident


class AdminDirectory:
    """Admins: the members of ``KNADA_ADMIN_GROUP`` and the ids in ``KNADA_ADMINS``."""

    def __init__(
        self,
        client: WebClient | None,
        *,
        group_id: str | None = None,
        admin_ids: frozenset[str] = frozenset(),
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self.group_id = group_id
        self._ids = admin_ids
        self._cache = _TtlCache(ttl, clock)

    def members(self) -> frozenset[str]:
        if not self.group_id or self._client is None:
            return self._ids
        fresh, cached = self._cache.get(self.group_id)
        if not fresh:
            try:
                users = self._client.usergroups_users_list(usergroup=self.group_id)["users"]
            except (SlackApiError, SlackClientError, OSError) as error:
                log.warning("usergroups.users.list failed: %s", type(error).__name__)
            else:
                cached = frozenset(users)
                self._cache.put(self.group_id, cached)
        return self._ids | (cached or frozenset())  # type: ignore[operator]

    def is_admin(self, user_id: str) -> bool:
        return user_id in self._ids or user_id in self.members()

    def mention(self) -> str | None:
        """How to ping the admins in a message: the group, else the admins named by id, else None."""
        if self.group_id:
            return f"<!subteam^{self.group_id}>"
        return " ".join(f"<@{user_id}>" for user_id in sorted(self._ids)) or None
