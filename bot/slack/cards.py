"""The status card of a request, and the texts about a request that Slack shows (Block Kit builders).

Pure: facts in, ``(fallback text, blocks)`` out. All user-supplied text goes through ``escape`` so that
nobody can ping a channel or fake a link through a hub name, an env value or an ident.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot import catalog
from bot.forge.base import Check
from bot.lifecycle.states import State

STATE_EMOJI = {
    State.RECEIVED: ":hourglass_flowing_sand:",
    State.AWAITING_APPROVAL: ":raised_hand:",
    State.APPROVED: ":+1:",
    State.PR_OPEN: ":hourglass_flowing_sand:",
    State.CHECKS_FAILED: ":x:",
    State.CHECKS_PASSED: ":hourglass_flowing_sand:",
    State.MERGED: ":tada:",
    State.CHORES: ":broom:",
    State.DONE: ":white_check_mark:",
    State.FAILED: ":warning:",
    State.CANCELLED: ":no_entry_sign:",
    State.REJECTED: ":no_entry_sign:",
}
CHECK_EMOJI = {"success": ":white_check_mark:", "failure": ":x:", "pending": ":hourglass_flowing_sand:"}


def escape(text: object) -> str:
    """Slack mrkdwn escaping of user text: ``& < >`` are all Slack needs to never parse a mention/link."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def user(user_id: str | None, ident: str | None) -> str:
    return f"<@{user_id}>" if user_id else f"`{escape(ident or '?')}`"


@dataclass(frozen=True)
class CardFacts:
    request_id: str
    kind: str
    hub: str
    state: State
    requester_id: str | None
    requester_ident: str | None
    params: Mapping[str, Any] = field(default_factory=dict)
    pr_number: int | None = None
    pr_url: str | None = None
    checks: tuple[Check, ...] = ()
    approved_by: tuple[str, ...] = ()
    conflicting: bool = False
    failure: str | None = None
    code_owners: str | None = None  # e.g. "@navikt/nada", from CODEOWNERS


def title(kind: str, hub: str, lang: str | None = None) -> str:
    return catalog.text(f"card.title.{kind}", lang, hub=escape(hub))


def summary(kind: str, params: Mapping[str, Any], lang: str | None = None) -> str:
    """One line saying what the request changes, from its stored parameters."""
    values = {k: escape(", ".join(v) if isinstance(v, list | tuple) else v) for k, v in params.items()}
    return catalog.text(f"card.summary.{kind}", lang, **_defaults(kind, values))


def _defaults(kind: str, values: dict[str, str]) -> dict[str, str]:
    keys = {
        "create": ("namespace", "users", "memory", "cpu"),
        "users-add": ("users",),
        "users-remove": ("users",),
        "limits": ("memory", "cpu"),
        "env-set": ("name", "value"),
        "env-unset": ("name",),
        "ui": ("interface",),
        "delete": (),
    }[kind]
    return {key: values.get(key) or "–" for key in keys} | values


def waiting_for(facts: CardFacts, lang: str | None = None) -> str:
    state = facts.state
    if state in (State.PR_OPEN, State.APPROVED, State.CHECKS_PASSED) and facts.conflicting:
        return catalog.text("card.waiting.conflict", lang, requester=user(facts.requester_id, None))
    key = {
        State.RECEIVED: "card.waiting.bot",
        State.AWAITING_APPROVAL: "card.waiting.admin",
        State.APPROVED: "card.waiting.merge" if facts.pr_number else "card.waiting.bot",
        State.PR_OPEN: "card.waiting.checks",
        State.CHECKS_PASSED: "card.waiting.review",
        State.CHECKS_FAILED: "card.waiting.requester-checks",
        State.MERGED: "card.waiting.deploy",
        State.CHORES: "card.waiting.chores",
        State.FAILED: "card.waiting.requester-failed",
    }.get(state)
    if key is None:
        return ""
    owners = escape(facts.code_owners or catalog.text("card.code-owner", lang))
    return catalog.text(key, lang, owners=owners, requester=user(facts.requester_id, None))


def card(facts: CardFacts, lang: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The status card: (notification/fallback text, blocks)."""
    head = catalog.text(
        "card.head",
        lang,
        emoji=STATE_EMOJI[facts.state],
        title=title(facts.kind, facts.hub, lang),
        request_id=facts.request_id,
        requester=user(facts.requester_id, facts.requester_ident),
    )
    lines = [summary(facts.kind, facts.params, lang)]
    pr_line = _pr_line(facts, lang)
    if pr_line:
        lines.append(pr_line)
    state_line = catalog.text("card.state", lang, state=catalog.text(f"state.{facts.state}", lang))
    waiting = waiting_for(facts, lang)
    if waiting:
        state_line += " · " + waiting
    lines.append(state_line)
    if facts.failure and facts.state == State.FAILED:
        lines.append(catalog.text("card.failure", lang, reason=escape(facts.failure)))
    blocks: list[dict[str, Any]] = [
        {"type": "section", "block_id": "card_head", "text": {"type": "mrkdwn", "text": head}},
        {"type": "section", "block_id": "card_body", "text": {"type": "mrkdwn", "text": "\n".join(lines)}},
    ]
    buttons = _buttons(facts, lang)
    if buttons:
        blocks.append({"type": "actions", "block_id": "card_actions", "elements": buttons})
    state = catalog.text(f"state.{facts.state}", lang)
    fallback = f"{title(facts.kind, facts.hub, lang)} · {facts.request_id} · {state}"
    return fallback, blocks


def _pr_line(facts: CardFacts, lang: str | None) -> str:
    if facts.pr_number is None:
        return ""
    parts = [f"<{facts.pr_url}|PR #{facts.pr_number}>" if facts.pr_url else f"PR #{facts.pr_number}"]
    if facts.checks:
        parts.append(catalog.text("card.checks", lang, checks=_checks(facts.checks)))
    if facts.approved_by:
        parts.append(catalog.text("card.approved-by", lang, users=escape(", ".join(facts.approved_by))))
    return "  ·  ".join(parts)


def _checks(checks: Sequence[Check]) -> str:
    def one(check: Check) -> str:
        name = escape(check.name)
        if check.url and check.outcome == "failure":
            name = f"<{check.url}|{name}>"
        return f"{CHECK_EMOJI[check.outcome]} {name}"

    return " ".join(one(check) for check in checks)


def _buttons(facts: CardFacts, lang: str | None) -> list[dict[str, Any]]:
    buttons: list[dict[str, Any]] = []
    if facts.pr_url:
        buttons.append(
            {
                "type": "button",
                "action_id": "open_pr",
                "text": {"type": "plain_text", "text": catalog.text("button.open-pr", lang)},
                "url": facts.pr_url,
            }
        )
    return buttons


def thread_text(key: str, lang: str | None = None, **params: Any) -> str:
    """A thread reply's text (``thread.<key>`` in the catalog); callers escape user values themselves."""
    return catalog.text(f"thread.{key}", lang, **params)
