"""The App Home tab: a user's hubs (where their ident is a user) with a menu of changes, their open requests
with their state, and for admins the deletions waiting for approval and the chores left to do.

Pure: ``HomeFacts`` in, a ``home`` view out, within Slack's 100 blocks (long lists are cut, with a line
saying how many more there are and where to see them). The buttons are the card's (same action ids, same
listeners, same access check); the hub menu opens the same forms as ``hub show``'s buttons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot import catalog
from bot.hubconfig.model import DEFAULT_CPU, DEFAULT_MEMORY, Hub
from bot.lifecycle.progress import Chore, ChoreDone
from bot.lifecycle.states import State
from bot.slack import cards
from bot.slack.access import Actor
from bot.slack.cards import button, escape, mrkdwn, plain

NEW_HUB = "new_hub"  # action id: the "New hub" button
HUB_MENU = "hub_menu"  # action id: a hub's "Change…" menu; option values are "<kind> <hub>"
MAX_HUBS = 20
MAX_REQUEST_LINES = 20
MAX_APPROVALS = 10
MAX_CHORE_REQUESTS = 8
#: What a hub's menu offers, in order; env-unset only when the hub has variables.
MENU_KINDS = ("users-add", "users-remove", "limits", "env-set", "env-unset", "ui", "delete")


@dataclass(frozen=True)
class RequestLine:
    """What the home tab shows of one request."""

    request_id: str
    kind: str
    hub: str
    state: str
    params: Mapping[str, Any]
    requester_id: str | None
    requester_ident: str | None
    pr_url: str | None = None
    pr_number: int | None = None
    chores: tuple[tuple[Chore, ChoreDone | None], ...] = ()


@dataclass(frozen=True)
class HomeFacts:
    actor: Actor
    domain: str
    hubs: Sequence[Hub] = ()  # where the actor's ident is a user
    requests: Sequence[RequestLine] = ()  # the actor's open requests, newest first
    approvals: Sequence[RequestLine] = ()  # admins: deletions waiting for approval
    chores: Sequence[RequestLine] = ()  # admins: merged requests with chores left
    more: Mapping[str, int] = field(default_factory=dict)  # list name -> how many were left out


def home(facts: HomeFacts, lang: str | None = None) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(catalog.text("home.title", lang))},
        {
            "type": "section",
            "block_id": "intro",
            "text": mrkdwn(catalog.text("home.intro", lang)),
            "accessory": button(NEW_HUB, catalog.text("button.new-hub", lang), style="primary"),
        },
        {"type": "divider"},
        {"type": "header", "text": plain(catalog.text("home.hubs", lang))},
    ]
    blocks += _hubs(facts, lang)
    blocks += [{"type": "header", "text": plain(catalog.text("home.requests", lang))}]
    blocks += _requests(facts, lang)
    if facts.actor.is_admin:
        blocks += [
            {"type": "divider"},
            {"type": "header", "text": plain(catalog.text("home.approvals", lang))},
        ]
        blocks += _approvals(facts, lang)
        blocks += [{"type": "header", "text": plain(catalog.text("home.chores", lang))}]
        blocks += _chores(facts, lang)
    return {"type": "home", "blocks": blocks}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [mrkdwn(text)]}


def _more(facts: HomeFacts, name: str, lang: str | None) -> list[dict[str, Any]]:
    count = facts.more.get(name, 0)
    return [_context(catalog.text(f"home.more.{name}", lang, count=count))] if count else []


def _hubs(facts: HomeFacts, lang: str | None) -> list[dict[str, Any]]:
    if facts.actor.ident is None:
        return [_context(catalog.text("refusal.no-ident", lang))]
    if not facts.hubs:
        return [_context(catalog.text("home.no-hubs", lang))]
    blocks = []
    for hub in facts.hubs[:MAX_HUBS]:
        ingress = hub.ingress or "?"
        text = catalog.text(
            "home.hub",
            lang,
            hub=escape(ingress),
            domain=facts.domain,
            users=len(hub.users),
            memory=escape(hub.memory_limit or DEFAULT_MEMORY),
            cpu=escape(hub.cpu_limit if hub.cpu_limit is not None else DEFAULT_CPU),
            interface=catalog.text(
                "interface.classic" if hub.jupyter_labs is False else "interface.lab", lang
            ),
        )
        options = [
            {"text": plain(catalog.text(f"menu.{kind}", lang)), "value": f"{kind} {ingress}"}
            for kind in MENU_KINDS
            if kind != "env-unset" or hub.env_names()
        ]
        menu = {
            "type": "static_select",
            "action_id": HUB_MENU,
            "placeholder": plain(catalog.text("menu.placeholder", lang)),
            "options": options,
        }
        blocks.append(
            {"type": "section", "block_id": f"hub:{ingress}", "text": mrkdwn(text), "accessory": menu}
        )
    if len(facts.hubs) > MAX_HUBS:
        blocks.append(_context(catalog.text("home.more.hubs", lang, count=len(facts.hubs) - MAX_HUBS)))
    return blocks


def request_line(line: RequestLine, lang: str | None) -> str:
    pr = f" · <{line.pr_url}|PR #{line.pr_number}>" if line.pr_url else ""
    return catalog.text(
        "home.request",
        lang,
        request_id=line.request_id,
        title=cards.title(line.kind, line.hub, lang),
        state=catalog.text(f"state.{line.state}", lang),
        pr=pr,
    )


def _requests(facts: HomeFacts, lang: str | None) -> list[dict[str, Any]]:
    if not facts.requests:
        return [_context(catalog.text("home.no-requests", lang))]
    lines = [f"• {request_line(line, lang)}" for line in facts.requests[:MAX_REQUEST_LINES]]
    blocks = [{"type": "section", "block_id": "requests", "text": mrkdwn("\n".join(lines))}]
    return blocks + _more(facts, "requests", lang)


def _approvals(facts: HomeFacts, lang: str | None) -> list[dict[str, Any]]:
    if not facts.approvals:
        return [_context(catalog.text("home.no-approvals", lang))]
    blocks: list[dict[str, Any]] = []
    for line in facts.approvals[:MAX_APPROVALS]:
        asked = catalog.text(
            "home.asked-by", lang, requester=cards.user(line.requester_id, line.requester_ident)
        )
        text = f"{request_line(line, lang)}\n{asked}"
        blocks.append({"type": "section", "block_id": f"approval:{line.request_id}", "text": mrkdwn(text)})
        own = line.requester_id == facts.actor.user_id or line.requester_ident == facts.actor.ident
        if own:
            blocks.append(_context(catalog.text("home.own-deletion", lang)))
            continue
        card = cards.CardFacts(
            request_id=line.request_id,
            kind=line.kind,
            hub=line.hub,
            state=State(line.state),
            requester_id=line.requester_id,
            requester_ident=line.requester_ident,
        )
        decisions = [b for b in cards.buttons(card, lang) if b["action_id"] in (cards.APPROVE, cards.REJECT)]
        blocks.append({"type": "actions", "block_id": f"decide:{line.request_id}", "elements": decisions})
    return blocks + _more(facts, "approvals", lang)


def _chores(facts: HomeFacts, lang: str | None) -> list[dict[str, Any]]:
    if not facts.chores:
        return [_context(catalog.text("home.no-chores", lang))]
    blocks: list[dict[str, Any]] = []
    for line in facts.chores[:MAX_CHORE_REQUESTS]:
        blocks.append(
            {
                "type": "section",
                "block_id": f"chores:{line.request_id}",
                "text": mrkdwn(request_line(line, lang)),
            }
        )
        for chore, done in line.chores:
            if done is not None:
                continue
            blocks.append(
                {
                    "type": "section",
                    "block_id": f"chore:{line.request_id}:{chore.key}",
                    "text": mrkdwn(f":white_large_square: {cards.chore_text(chore, lang)}"),
                    "accessory": button(
                        cards.CHORE_DONE,
                        catalog.text("button.chore-done", lang),
                        f"{line.request_id} {chore.key}",
                        style="primary",
                    ),
                }
            )
    return blocks + _more(facts, "chores", lang)
