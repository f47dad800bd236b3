"""Answers to the commands that change no config: ``help``, ``hub show|list``, ``requests``, ``cancel``.

Each is answered at once, ephemerally, from local state (the cached snapshot and the database).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import catalog
from bot.hubconfig.model import DEFAULT_CPU, DEFAULT_MEMORY
from bot.lifecycle.commands import Cancel, Command, Help, ListHubs, ListRequests, ShowHub
from bot.lifecycle.grammar import help_text
from bot.lifecycle.states import TERMINAL, State
from bot.slack.cards import escape, summary
from bot.store import jobs
from bot.store import requests as store

if TYPE_CHECKING:
    from bot.service import Reply, Service

MAX_LISTED = 30


def answer(service: Service, command: Command, *, user_id: str) -> Reply:
    from bot.service import Reply

    lang = service.lang
    match command:
        case Help(topic=topic):
            return Reply(escape(help_text(topic, lang)))
        case ShowHub(hub=ingress):
            return Reply(_show(service, ingress))
        case ListHubs(mine=mine):
            return Reply(_list_hubs(service, user_id, mine))
        case ListRequests(mine=mine):
            return Reply(_list_requests(service, user_id, mine))
        case Cancel(request_id=request_id):
            return Reply(cancel(service, request_id, user_id=user_id))
    raise TypeError(f"not a read-only command: {command!r}")


def _show(service: Service, ingress: str) -> str:
    lang, domain = service.lang, service.settings.KNADA_HUB_DOMAIN
    hub = service.snapshots.current().hub(ingress)
    if hub is None:
        return catalog.text("refusal.hub-not-found", lang, hub=escape(ingress), suggestion="")
    default = catalog.text("limits.default", lang, value="{}")
    interface = catalog.text("interface.classic" if hub.jupyter_labs is False else "interface.lab", lang)
    envs = ", ".join(f"`{escape(name)}`" for name in hub.env_names()) or catalog.text("refusal.none", lang)
    return catalog.text(
        "answer.show",
        lang,
        hub=escape(ingress),
        domain=domain,
        path=hub.path,
        namespace=escape(hub.namespace),
        users=escape(", ".join(hub.users)),
        memory=escape(hub.memory_limit) if hub.memory_limit else default.format(DEFAULT_MEMORY),
        cpu=escape(hub.cpu_limit) if hub.cpu_limit is not None else default.format(DEFAULT_CPU),
        interface=interface,
        envs=envs,
    )


def _list_hubs(service: Service, user_id: str, mine: bool) -> str:
    lang, domain = service.lang, service.settings.KNADA_HUB_DOMAIN
    hubs = sorted(service.snapshots.current().hubs.values(), key=lambda h: h.ingress or "")
    if mine:
        ident = service.identity.ident_for(user_id)
        if ident is None:
            return catalog.text("refusal.no-ident", lang)
        hubs = [hub for hub in hubs if ident in hub.users]
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


def _list_requests(service: Service, user_id: str, mine: bool) -> str:
    lang = service.lang
    ident = service.identity.ident_for(user_id) if mine else None
    if mine and ident is None:
        return catalog.text("refusal.no-ident", lang)
    with service.sessions() as session:
        requests = store.list_requests(session, requester_ident=ident, open_only=True, limit=MAX_LISTED)
        lines = [
            catalog.text(
                "answer.request-line",
                lang,
                request_id=r.request_id,
                hub=escape(r.hub),
                what=summary(r.kind, r.params, lang),
                state=catalog.text(f"state.{r.state}", lang),
                pr=f" · <{r.pr_url}|PR #{r.pr_number}>" if r.pr_url else "",
            )
            for r in requests
        ]
    if not lines:
        return catalog.text("answer.no-requests", lang)
    return catalog.text("answer.requests", lang) + "\n" + "\n".join(lines)


def cancel(service: Service, request_id: str, *, user_id: str) -> str:
    """Cancel a request (its requester or an admin); the PR is closed by a job."""
    lang = service.lang
    with service.sessions.begin() as session:
        request = store.get(session, request_id)
        if request is None:
            return catalog.text("answer.no-such-request", lang, request_id=escape(request_id))
        ident = service.identity.ident_for(user_id)
        own = request.requester_slack_id == user_id or (
            ident is not None and ident == request.requester_ident
        )
        if not (own or service.admins.is_admin(user_id)):
            return catalog.text("answer.cancel-not-allowed", lang, request_id=request.request_id)
        state = State(request.state)
        if state in TERMINAL or state in (State.MERGED, State.CHORES):
            return catalog.text(
                "answer.cancel-too-late",
                lang,
                request_id=request.request_id,
                state=catalog.text(f"state.{state}", lang),
            )
        store.transition(session, request, State.CANCELLED, actor=user_id)
        jobs.enqueue(session, "cancel", request_id=request.id, dedup_key=f"cancel:{request.id}")
        return catalog.text("answer.cancelled", lang, request_id=request.request_id)
