"""Who may do what (PRODUCT.md section 4): the one access check in front of every command, button and form.

Errbot-style: listeners don't decide permissions; they name what is being done (an ``Action``) and to what,
and ``check`` either returns or raises ``Denied`` with a text the user can act on. The same function tells
the Block Kit builders which buttons to show, so a button nobody may press is not rendered at all (and a
click on a stale one is still checked, because cards and home tabs outlive permissions).

Pure: the caller turns the Slack user into an ``Actor`` (ident, admin) and loads the hub's users or the
request's requester.

- Anyone may look (help, hub show/list, requests, App Home).
- Anyone with a NAV ident may ask for a new hub.
- Only a user of a hub (their ident is in ``users``) or an admin may ask for a change to it.
- The requester or an admin may cancel, retry, rebuild or resubmit a request.
- Only an admin who is not the requester may approve or reject a deletion.
- Only admins tick off chores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot import catalog


class Action(StrEnum):
    LOOK = "look"
    CREATE_HUB = "create-hub"
    CHANGE_HUB = "change-hub"  # any change to an existing hub, its deletion included
    MANAGE_REQUEST = "manage-request"  # cancel, retry, rebuild, edit and resubmit
    DECIDE_DELETION = "decide-deletion"  # approve or reject
    DO_CHORE = "do-chore"


@dataclass(frozen=True)
class Actor:
    """Who is clicking or typing. ``ident`` is None when the identity resolver knows none."""

    user_id: str
    ident: str | None
    is_admin: bool


@dataclass(frozen=True)
class Requested:
    """The facts about a request that permissions depend on."""

    request_id: str
    requester_slack_id: str | None
    requester_ident: str | None

    def by(self, actor: Actor) -> bool:
        return actor.user_id == self.requester_slack_id or (
            actor.ident is not None and actor.ident == self.requester_ident
        )


class Denied(Exception):
    """Not allowed; ``message(lang)`` says why and who can (catalog key ``key`` with ``params``).

    Params are plain text: callers escape the message for mrkdwn (it may name a hub the user typed).
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return catalog.text(self.key, lang, **self.params)


def check(
    actor: Actor,
    action: Action,
    *,
    hub: str | None = None,
    hub_users: Sequence[str] | None = None,
    request: Requested | None = None,
) -> None:
    """Return if ``actor`` may do ``action``; raise ``Denied`` otherwise.

    ``hub``/``hub_users``: the hub a change is about and its users (None: no such hub, which planning
    reports better than a refusal here could). ``request``: the request a button is about.
    """
    if action is Action.LOOK:
        return
    if action in (Action.CREATE_HUB, Action.CHANGE_HUB):
        if actor.ident is None:  # admins too: the PR is authored as, and a new hub includes, the ident
            raise Denied("refusal.no-ident")
        if action is Action.CREATE_HUB or hub_users is None or actor.is_admin or actor.ident in hub_users:
            return
        raise Denied("refusal.not-a-user", hub=hub or "?", ident=actor.ident, users=", ".join(hub_users))
    if request is None:
        raise ValueError(f"{action} needs the request it is about")
    if action is Action.MANAGE_REQUEST:
        if actor.is_admin or request.by(actor):
            return
        raise Denied("access.not-requester", request_id=request.request_id)
    if action is Action.DECIDE_DELETION:
        if not actor.is_admin:
            raise Denied("access.admins-decide", request_id=request.request_id)
        if request.by(actor):
            raise Denied("access.own-deletion", request_id=request.request_id)
        return
    if action is Action.DO_CHORE:
        if actor.is_admin:
            return
        raise Denied("access.admins-do-chores", request_id=request.request_id)
    raise ValueError(f"unknown action {action!r}")


def allowed(actor: Actor, action: Action, **target: Any) -> bool:
    """``check`` as a yes/no, for deciding which buttons to render."""
    try:
        check(actor, action, **target)
    except Denied:
        return False
    return True
