"""Answers to the commands that change no config: ``help``, ``hub show|list``, ``requests``, ``cancel``.

Each is answered at once, ephemerally, from local state (the cached snapshot and the database). ``hub show``
comes with a button per change the asker may ask for (they open the same forms as the App Home's menu).
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from bot import catalog
from bot.hubconfig.model import DEFAULT_CPU, DEFAULT_MEMORY, Hub
from bot.lifecycle.commands import Cancel, Command, Help, ListHubs, ListRequests, ShowHub
from bot.lifecycle.grammar import help_text
from bot.slack import access
from bot.slack.cards import button, confirm_dialog, escape, mrkdwn, summary
from bot.store import requests as store

if TYPE_CHECKING:
    from bot.service import Reply, Service

MAX_LISTED = 30
EDIT_PREFIX = "edit:"  # action ids "edit:<kind>" open the form for that kind; the value is the hub
#: The buttons under ``hub show``, in order; env-unset only when the hub has variables.
EDIT_KINDS = ("users-add", "users-remove", "limits", "env-set", "env-unset", "ui", "delete")


def answer(service: Service, command: Command, *, actor: access.Actor) -> Reply:
    from bot.service import Reply

    lang = service.lang
    access.check(actor, access.Action.LOOK)
    match command:
        case Help(topic=topic):
            return Reply(escape(help_text(topic, lang)))
        case ShowHub(hub=ingress):
            return _show(service, ingress, actor)
        case ListHubs(mine=mine):
            return Reply(_list_hubs(service, actor, mine))
        case ListRequests(mine=mine):
            return Reply(_list_requests(service, actor, mine))
        case Cancel(request_id=request_id):
            return Reply(service.cancel(request_id, actor))
    raise TypeError(f"not a read-only command: {command!r}")


def _show(service: Service, ingress: str, actor: access.Actor) -> Reply:
    from bot.service import Reply

    lang, domain = service.lang, service.settings.KNADA_HUB_DOMAIN
    snapshot = service.snapshots.current()
    hub = snapshot.hub(ingress)
    if hub is None:
        close = difflib.get_close_matches(ingress, list(snapshot.hubs), n=1, cutoff=0.6)
        suggestion = catalog.text("refusal.did-you-mean", lang, name=escape(close[0])) if close else ""
        return Reply(catalog.text("refusal.hub-not-found", lang, hub=escape(ingress), suggestion=suggestion))
    text = show_text(hub, domain, lang)
    blocks: list[dict[str, Any]] = [{"type": "section", "block_id": "hub", "text": mrkdwn(text)}]
    if access.allowed(actor, access.Action.CHANGE_HUB, hub=ingress, hub_users=hub.users):
        blocks.append({"type": "actions", "block_id": "hub_actions", "elements": edit_buttons(hub, lang)})
    else:
        blocks.append({"type": "context", "elements": [mrkdwn(catalog.text("answer.show-not-yours", lang))]})
    return Reply(text, blocks)


def show_text(hub: Hub, domain: str, lang: str | None) -> str:
    default = catalog.text("limits.default", lang, value="{}")
    interface = catalog.text("interface.classic" if hub.jupyter_labs is False else "interface.lab", lang)
    envs = ", ".join(f"`{escape(name)}`" for name in hub.env_names()) or catalog.text("refusal.none", lang)
    return catalog.text(
        "answer.show",
        lang,
        hub=escape(hub.ingress),
        domain=domain,
        path=hub.path,
        namespace=escape(hub.namespace),
        users=escape(", ".join(hub.users)),
        memory=escape(hub.memory_limit) if hub.memory_limit else default.format(DEFAULT_MEMORY),
        cpu=escape(hub.cpu_limit) if hub.cpu_limit is not None else default.format(DEFAULT_CPU),
        interface=interface,
        envs=envs,
    )


def edit_buttons(hub: Hub, lang: str | None) -> list[dict[str, Any]]:
    ingress = hub.ingress or ""
    elements = []
    for kind in EDIT_KINDS:
        if kind == "env-unset" and not hub.env_names():
            continue
        options: dict[str, Any] = {}
        if kind == "delete":
            options["style"] = "danger"
            options["confirm"] = confirm_dialog(
                catalog.text("confirm.delete.title", lang),
                catalog.text("confirm.delete.text", lang, hub=ingress),
                catalog.text("confirm.delete.yes", lang),
                catalog.text("confirm.no", lang),
                style="danger",
            )
        elements.append(button(EDIT_PREFIX + kind, catalog.text(f"menu.{kind}", lang), ingress, **options))
    return elements


def _list_hubs(service: Service, actor: access.Actor, mine: bool) -> str:
    lang, domain = service.lang, service.settings.KNADA_HUB_DOMAIN
    hubs = sorted(service.snapshots.current().hubs.values(), key=lambda h: h.ingress or "")
    if mine:
        if actor.ident is None:
            return catalog.text("refusal.no-ident", lang)
        hubs = [hub for hub in hubs if actor.ident in hub.users]
    if not hubs:
        return catalog.text("answer.no-hubs-mine" if mine else "answer.no-hubs", lang)
    lines = [
        catalog.text("answer.hub-line", lang, hub=escape(h.ingress), domain=domain, users=len(h.users))
        for h in hubs[:MAX_LISTED]
    ]
    more = len(hubs) - MAX_LISTED
    if more > 0:
        lines.append(catalog.text("answer.more", lang, count=more))
    return catalog.text("answer.hubs", lang, count=len(hubs)) + "\n" + "\n".join(lines)


def _list_requests(service: Service, actor: access.Actor, mine: bool) -> str:
    lang = service.lang
    if mine and actor.ident is None:
        return catalog.text("refusal.no-ident", lang)
    with service.reads() as session:
        requests = store.list_requests(
            session, requester_ident=actor.ident if mine else None, open_only=True, limit=MAX_LISTED
        )
        lines = [
            catalog.text(
                "answer.request-line",
                lang,
                request_id=r.request_id,
                hub=escape(r.hub),
                what=summary(r.kind, r.params, lang, r.requester_ident),
                state=catalog.text(f"state.{r.state}", lang),
                pr=f" · <{r.pr_url}|PR #{r.pr_number}>" if r.pr_url else "",
            )
            for r in requests
        ]
    if not lines:
        return catalog.text("answer.no-requests-mine" if mine else "answer.no-requests", lang)
    heading = "answer.requests-mine" if mine else "answer.requests"
    return catalog.text(heading, lang) + "\n" + "\n".join(lines)
