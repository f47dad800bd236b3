"""The status card of a request, and the texts about a request that Slack shows (Block Kit builders).

Pure: facts in, ``(fallback text, blocks)`` out. All user-supplied text goes through ``escape`` so that
nobody can ping a channel or fake a link through a hub name, an env value or an ident.

The card carries the buttons that help at each step (PRODUCT.md section 5): view the PR, approve or
reject a deletion, rebuild a PR that conflicts with main, retry a failed request, edit and resubmit it,
cancel it; after a merge that leaves chores, one Done button per chore. A button's ``value`` is the
request id (``R-42``), plus the chore's key for Done: the click handler re-reads the request and checks the
state and the clicker's rights again, so a stale card can't do anything the current state doesn't allow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot import catalog
from bot.forge.base import Check
from bot.hubconfig.model import DEFAULT_CPU, DEFAULT_MEMORY
from bot.lifecycle.progress import Chore, ChoreDone
from bot.lifecycle.states import CANCELLABLE, PR_STATES, State

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
#: Kinds of request that have a form, so they can be edited and resubmitted (a deletion has no inputs).
FORM_KINDS = frozenset({"create", "users-add", "users-remove", "limits", "env-set", "env-unset", "ui"})

# Action ids of the card's buttons (the Bolt listeners in ``bot.slack.app`` are registered for these).
OPEN_PR = "open_pr"
APPROVE = "approve_deletion"
REJECT = "reject_deletion"
REBUILD = "rebuild_request"
RETRY = "retry_request"
RESUBMIT = "resubmit_request"
CANCEL = "cancel_request"
CHORE_DONE = "chore_done"


def escape(text: object) -> str:
    """Slack mrkdwn escaping of user text: ``& < >`` are all Slack needs to never parse a mention/link."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def user(user_id: str | None, ident: str | None) -> str:
    return f"<@{user_id}>" if user_id else f"`{escape(ident or '?')}`"


def actor(actor_id: str | None) -> str:
    """Who did something, from an event's actor: a Slack user is mentioned, anyone else quoted."""
    if actor_id and actor_id[:1] in "UW" and actor_id.isalnum():
        return f"<@{actor_id}>"
    return f"`{escape(actor_id or '?')}`"


def when(at: datetime) -> str:
    """A time Slack shows in the reader's own time zone; the fallback is UTC."""
    fallback = at.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def button(
    action_id: str,
    text: str,
    value: str | None = None,
    *,
    style: str | None = None,
    url: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "action_id": action_id, "text": plain(text)}
    if value is not None:
        element["value"] = value
    if style is not None:
        element["style"] = style
    if url is not None:
        element["url"] = url
    if confirm is not None:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, yes: str, no: str, *, style: str | None = None) -> dict[str, Any]:
    """A confirmation dialog Slack shows before it sends the click."""
    dialog = {"title": plain(title), "text": plain(text), "confirm": plain(yes), "deny": plain(no)}
    if style is not None:
        dialog["style"] = style
    return dialog


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
    decided_by: str | None = None  # the admin who approved or rejected a deletion (a Slack user id)
    chores: tuple[tuple[Chore, ChoreDone | None], ...] = ()


def title(kind: str, hub: str, lang: str | None = None) -> str:
    return catalog.text(f"card.title.{kind}", lang, hub=escape(hub))


def summary(
    kind: str, params: Mapping[str, Any], lang: str | None = None, requester: str | None = None
) -> str:
    """One line saying what the request changes, from its stored parameters (and, for a new hub, the
    requester's ident, which is always among its users)."""
    values = {
        key: escape(", ".join(value) if isinstance(value, list | tuple) else value)
        for key, value in params.items()
        if value is not None and key != "envs"
    }
    if kind == "create":
        users = [requester] if requester else []
        users += [u for u in params.get("users") or [] if u != requester]
        values["users"] = escape(", ".join(users)) or "–"
        values.setdefault("namespace", values.get("ingress", "–"))  # the namespace defaults to the ingress
        values.setdefault("memory", catalog.text("limits.default", lang, value=DEFAULT_MEMORY))
        values.setdefault("cpu", catalog.text("limits.default", lang, value=DEFAULT_CPU))
    elif kind == "limits":
        for key in ("memory", "cpu"):
            values.setdefault(key, catalog.text("card.unchanged", lang))
    elif kind == "ui":
        lab = params.get("lab", True)
        values["interface"] = catalog.text("interface.lab" if lab else "interface.classic", lang)
    return catalog.text(f"card.summary.{kind}", lang, **{"users": "–", "name": "–", **values})


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
    done = sum(1 for _, ticked in facts.chores if ticked is not None)
    return catalog.text(
        key,
        lang,
        owners=owners,
        requester=user(facts.requester_id, None),
        done=done,
        total=len(facts.chores),
    )


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
    lines = [summary(facts.kind, facts.params, lang, facts.requester_ident)]
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
    if facts.decided_by and facts.kind == "delete" and facts.state != State.AWAITING_APPROVAL:
        key = "card.rejected-by" if facts.state == State.REJECTED else "card.deletion-approved-by"
        lines.append(catalog.text(key, lang, user=actor(facts.decided_by)))
    blocks: list[dict[str, Any]] = [
        {"type": "section", "block_id": "card_head", "text": mrkdwn(head)},
        {"type": "section", "block_id": "card_body", "text": mrkdwn("\n".join(lines))},
    ]
    blocks += _chore_blocks(facts, lang)
    elements = buttons(facts, lang)
    if elements:
        blocks.append({"type": "actions", "block_id": "card_actions", "elements": elements})
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


def _chore_blocks(facts: CardFacts, lang: str | None) -> list[dict[str, Any]]:
    if not facts.chores:
        return []
    blocks: list[dict[str, Any]] = [
        {"type": "section", "block_id": "chores", "text": mrkdwn(catalog.text("card.chores", lang))}
    ]
    for chore, done in facts.chores:
        text = chore_text(chore, lang)
        block: dict[str, Any] = {"type": "section", "block_id": f"chore:{chore.key}"}
        if done is not None:
            by = catalog.text("card.chore-done-by", lang, user=actor(done.by), when=when(done.at))
            block["text"] = mrkdwn(f":white_check_mark: {text}\n{by}")
        else:
            block["text"] = mrkdwn(f":white_large_square: {text}")
            if facts.state == State.CHORES:
                block["accessory"] = button(
                    CHORE_DONE,
                    catalog.text("button.chore-done", lang),
                    f"{facts.request_id} {chore.key}",
                    style="primary",
                )
        blocks.append(block)
    return blocks


def chore_text(chore: Chore, lang: str | None = None) -> str:
    return catalog.text(chore.text, lang, **{k: escape(v) for k, v in chore.params.items()})


def buttons(facts: CardFacts, lang: str | None = None) -> list[dict[str, Any]]:
    """The card's buttons for the request's state."""
    state, rid = facts.state, facts.request_id
    elements: list[dict[str, Any]] = []
    if facts.pr_url:
        elements.append(button(OPEN_PR, catalog.text("button.open-pr", lang), url=facts.pr_url))
    if state == State.AWAITING_APPROVAL:
        hub = facts.hub
        elements.append(
            button(
                APPROVE,
                catalog.text("button.approve", lang),
                rid,
                style="primary",
                confirm=confirm_dialog(
                    catalog.text("confirm.approve.title", lang),
                    catalog.text("confirm.approve.text", lang, hub=hub, request_id=rid),
                    catalog.text("confirm.approve.yes", lang),
                    catalog.text("confirm.no", lang),
                    style="danger",
                ),
            )
        )
        elements.append(
            button(
                REJECT,
                catalog.text("button.reject", lang),
                rid,
                style="danger",
                confirm=confirm_dialog(
                    catalog.text("confirm.reject.title", lang),
                    catalog.text("confirm.reject.text", lang, hub=hub, request_id=rid),
                    catalog.text("confirm.reject.yes", lang),
                    catalog.text("confirm.no", lang),
                ),
            )
        )
    if state in PR_STATES and facts.pr_number is not None and facts.conflicting:
        elements.append(button(REBUILD, catalog.text("button.rebuild", lang), rid, style="primary"))
    if state == State.FAILED:
        elements.append(button(RETRY, catalog.text("button.retry", lang), rid, style="primary"))
    if state in (State.FAILED, State.CHECKS_FAILED, State.CANCELLED) and facts.kind in FORM_KINDS:
        elements.append(button(RESUBMIT, catalog.text("button.resubmit", lang), rid))
    if state in CANCELLABLE:
        elements.append(
            button(
                CANCEL,
                catalog.text("button.cancel", lang),
                rid,
                confirm=confirm_dialog(
                    catalog.text("confirm.cancel.title", lang),
                    catalog.text("confirm.cancel.text", lang, request_id=rid),
                    catalog.text("confirm.cancel.yes", lang),
                    catalog.text("confirm.no", lang),
                    style="danger",
                ),
            )
        )
    return elements


def thread_text(key: str, lang: str | None = None, **params: Any) -> str:
    """A thread reply's text (``thread.<key>`` in the catalog); callers escape user values themselves."""
    return catalog.text(f"thread.{key}", lang, **params)
