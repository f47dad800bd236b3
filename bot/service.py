"""The running service: a slash command becomes a persisted request, a job opens its PR, and webhooks and
the reconciler carry it to ``done``, with its status card kept up to date in Slack.

The fast path (``handle_command``, the clicks and form submissions, ``receive_webhook``) does local work
only and commits before answering; everything that talks to GitHub or posts to a card or thread runs in
jobs from the durable queue, on any replica. Every job is safe to run twice: PRs are keyed by branch,
announcements by an event in the request's log.

Every command, click and form goes through one access check (``bot.slack.access.check``) with the actor
resolved here (``actor``). Decisions on a request (cancel, approve, reject, retry, rebuild, a chore done)
re-read it and check its state inside one transaction, and the store's optimistic ``version`` makes two
writers at the same moment a ``Conflict`` for one of them: a double click or two admins at once make one
decision, and the other is told who was first.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from typing import Any, TypeVar

from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import catalog
from bot.forge.base import Forge, ForgeError
from bot.forge.events import DeliveryError, parse_delivery
from bot.hubconfig.snapshot import ConfigSnapshot
from bot.lifecycle import progress
from bot.lifecycle.change import Change, branch_for
from bot.lifecycle.commands import (
    ChangeCommand,
    CreateHub,
    Ident,
    Mention,
    from_params,
    kind_of,
    to_params,
)
from bot.lifecycle.grammar import NeedsModal, ParseError, parse
from bot.lifecycle.planning import Planner, Refusal, Requester
from bot.lifecycle.states import (
    CANCELLABLE,
    HAS_CHORES,
    PR_STATES,
    State,
    after_merge,
    check_transition,
    initial_state,
    pr_state,
    retry_state,
)
from bot.metrics import Metrics
from bot.settings import Settings
from bot.slack import access, cards, home, modals
from bot.slack.access import Action, Actor, Denied, Requested
from bot.slack.identity import AdminDirectory, IdentityResolver
from bot.store import db, jobs
from bot.store import requests as store
from bot.store.deliveries import record_delivery
from bot.store.models import Job, Request, RequestEvent, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

ANNOUNCED = "announced"  # event kind: a thread reply was claimed for posting (data: key): posted once
ANNOUNCE_FAILED = "announce_failed"  # event kind: posting it failed, the claim is given back
DECIDED = (State.APPROVED, State.REJECTED)  # the transitions that decide a deletion
MAX_CONFLICT_RETRIES = 3
MAX_MERGEABLE_RECHECKS = 3


@dataclass(frozen=True)
class Announcement:
    """A thread reply a job is to post: catalog ``thread.<what>`` with ``params`` (already escaped)."""

    what: str
    params: dict[str, Any] = field(default_factory=dict)
    key: str | None = None  # posted once per request and key (default: ``what``)
    mention: bool = False  # mention the requester (their action is needed, or something went wrong)


@dataclass(frozen=True)
class Reply:
    """What the user sees right away (ephemeral): the acknowledgement, an answer or an error; or, instead,
    a modal to open with the command's trigger (``view``)."""

    text: str
    blocks: list[dict[str, Any]] | None = None
    view: dict[str, Any] | None = None


class SnapshotCache:
    """The latest snapshot of ``configs/``, for planning on the fast path without calling GitHub.

    Refreshed by jobs (``refresh()``) and marked stale when the bot's own PR merges; only a cold start
    reads GitHub on the fast path, once.
    """

    def __init__(
        self, forge: Forge, max_age: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._forge, self._max_age, self._clock = forge, max_age, clock
        self._snapshot: ConfigSnapshot | None = None
        self._at = float("-inf")
        self._lock = threading.Lock()

    def current(self) -> ConfigSnapshot:
        snapshot = self._snapshot
        return snapshot if snapshot is not None else self.refresh()

    def stale(self) -> bool:
        return self._clock() - self._at >= self._max_age

    def refresh(self) -> ConfigSnapshot:
        with self._lock:
            snapshot = self._forge.snapshot()
            self._snapshot, self._at = snapshot, self._clock()
            return snapshot

    def invalidate(self) -> None:
        self._at = float("-inf")


@dataclass
class Service:
    settings: Settings
    sessions: Any  # sessionmaker[Session]
    engine: Any
    forge: Forge
    slack: WebClient
    identity: IdentityResolver
    admins: AdminDirectory
    code_owners: str | None = None
    reconcile_after: timedelta = timedelta(minutes=10)
    # GitHub answers mergeable=null while it computes it: read the PR again this much later.
    mergeable_recheck: timedelta = timedelta(seconds=30)
    metrics: Metrics = field(init=False)
    snapshots: SnapshotCache = field(init=False)

    def __post_init__(self) -> None:
        # Reads go through their own sessions: on SQLite they then don't take the write lock.
        self.reads = db.read_session_factory(self.engine)
        self.metrics = Metrics(count_by_state=self._count_by_state)
        self.snapshots = SnapshotCache(self.forge)
        self.lang = self.settings.KNADA_LANGUAGE

    @property
    def webhook_secret(self) -> bytes:
        secret = self.settings.GITHUB_WEBHOOK_SECRET
        return secret.get_secret_value().encode() if secret is not None else b""

    def readiness(self) -> tuple[bool, str]:
        if not db.is_ready(self.engine):
            return False, "database unreachable or migrations not applied"
        return True, "ok"

    def _count_by_state(self) -> dict[str, int]:
        with self.reads() as session:
            rows = session.execute(select(Request.state, func.count()).group_by(Request.state))
            return {state: count for state, count in rows}

    # --- who is asking ---------------------------------------------------------------------------------

    def actor(self, user_id: str) -> Actor:
        """The Slack user as the access check sees them (both answers are cached; see ``identity``)."""
        return Actor(user_id, self.identity.ident_for(user_id), self.admins.is_admin(user_id))

    def card_channel(self, origin: str | None) -> str | None:
        """Where a request's card goes: the configured channel, else where the request was made."""
        return self.settings.KNADA_CHANNEL or origin

    # --- the fast path: a slash command -----------------------------------------------------------------

    def handle_command(self, *, user_id: str, channel_id: str, text: str) -> Reply:
        started = time.perf_counter()
        try:
            reply, outcome = self._command(user_id=user_id, channel_id=channel_id, text=text)
        except Exception:
            log.exception("command failed", extra={"user": user_id})
            reply, outcome = Reply(catalog.text("ack.error", self.lang)), "error"
        self.metrics.commands.labels(outcome=outcome).inc()
        self.metrics.ack_seconds.observe(time.perf_counter() - started)
        return reply

    def _command(self, *, user_id: str, channel_id: str, text: str) -> tuple[Reply, str]:
        lang = self.lang
        try:
            command = parse(text)
        except NeedsModal:
            origin = modals.Origin("create", channel=self.card_channel(channel_id))
            return Reply("", view=self.form(origin, user_id)), "form"
        except ParseError as error:  # plain text (usage lines hold <hub>): escaped for mrkdwn
            return Reply(cards.escape(error.message(lang))), "usage"
        actor = self.actor(user_id)
        if not isinstance(command, ChangeCommand):
            from bot.slack.answers import answer  # the read-only commands

            return answer(self, command, actor=actor), "answered"
        channel = self.settings.KNADA_CHANNEL
        if channel and channel_id != channel:
            return Reply(catalog.text("ack.wrong-channel", lang, channel=channel)), "wrong_channel"
        try:
            request_id = self.accept(command, actor=actor, channel_id=channel_id)
        except (Denied, Refusal) as refusal:  # may quote what the user typed: escaped so it can't ping anyone
            return Reply(cards.escape(refusal.message(lang))), "refused"
        hub = command.ingress if isinstance(command, CreateHub) else command.hub
        title = cards.title(kind_of(command), hub, lang)
        return Reply(catalog.text("ack.received", lang, request_id=request_id, title=title)), "accepted"

    def plan(self, command: ChangeCommand, actor: Actor) -> tuple[ChangeCommand, Change]:
        """The access check, mentions resolved to idents, and the change planned on the cached configs.

        Raises ``Denied`` or ``Refusal``; returns the command as it will be stored, and its change.
        """
        snapshot = self.snapshots.current()
        if isinstance(command, CreateHub):
            access.check(actor, Action.CREATE_HUB)
        else:
            hub = snapshot.hub(command.hub)
            users = hub.users if hub is not None else None
            access.check(actor, Action.CHANGE_HUB, hub=command.hub, hub_users=users)
        command = self._resolve_mentions(command)
        planner = Planner(snapshot, self.settings.KNADA_HUB_DOMAIN, self.lang)
        requester = Requester(actor.ident, is_admin=actor.is_admin)
        return command, planner.plan(command, requester, request_id="R-1")  # validation only: no id yet

    def accept(
        self,
        command: ChangeCommand,
        *,
        actor: Actor,
        channel_id: str | None,
        replaces: str | None = None,
    ) -> str:
        """Check, plan and persist ``command`` with its first job; ``replaces`` is the request an
        "Edit and resubmit" supersedes (cancelled in the same transaction, if it is still open).

        Raises Denied or Refusal; returns the new request's id (``R-42``) once it is committed.
        """
        command, change = self.plan(command, actor)
        assert actor.ident is not None  # plan() refuses a requester without one
        with self.sessions.begin() as session:
            request = store.create(
                session,
                kind=change.kind,
                hub=change.hub,
                params=to_params(command),
                requester_ident=actor.ident,
                requester_slack_id=actor.user_id,
                channel_id=self.card_channel(channel_id),
                language=self.lang,
            )
            # The branch is known before the PR exists, so webhooks can find the request from the start.
            store.update(session, request, branch=branch_for(request.request_id))
            if (state := initial_state(change.kind)) != State.RECEIVED:
                store.transition(session, request, state, actor="bot")
            jobs.enqueue(session, "start", request_id=request.id, dedup_key=f"start:{request.id}")
            if replaces:
                self._supersede(session, replaces, request.request_id, actor)
            return request.request_id

    def _supersede(self, session: Session, old_id: str, new_id: str, actor: Actor) -> None:
        old = store.get(session, old_id)
        if old is None or State(old.state) not in CANCELLABLE:
            return
        if not access.allowed(actor, Action.MANAGE_REQUEST, request=_requested(old)):
            return
        store.transition(session, old, State.CANCELLED, actor=actor.user_id, data={"replaced_by": new_id})
        jobs.enqueue(session, "cancel", request_id=old.id, dedup_key=f"cancel:{old.id}")

    def _resolve_mentions(self, command: ChangeCommand) -> ChangeCommand:
        users = getattr(command, "users", None)
        if not users or not any(isinstance(u, Mention) for u in users):
            return command
        resolved = []
        for ref in users:
            if isinstance(ref, Mention):
                ident = self.identity.ident_for(ref.user_id)
                if ident is None:
                    raise Refusal("mention-unresolved", user=f"@{ref.label or ref.user_id}")
                ref = Ident(ident)
            resolved.append(ref)
        return type(command)(**{**vars(command), "users": tuple(resolved)})

    # --- the fast path: forms -----------------------------------------------------------------------------

    def form(
        self, origin: modals.Origin, user_id: str, values: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The form for ``origin`` (a modal to open), or a notice saying why the user can't have it."""
        lang, actor = self.lang, self.actor(user_id)
        hub = None
        try:
            if origin.kind == "create":
                access.check(actor, Action.CREATE_HUB)
            else:
                hub = self.snapshots.current().hub(origin.hub or "")
                if hub is None:
                    text = catalog.text("refusal.hub-not-found", lang, hub=origin.hub, suggestion="")
                    return modals.notice("notice.refused", cards.escape(text), lang)
                access.check(actor, Action.CHANGE_HUB, hub=hub.ingress, hub_users=hub.users)
        except Denied as denied:
            return modals.notice("notice.refused", cards.escape(denied.message(lang)), lang)
        if origin.kind == "env-unset" and hub is not None and not hub.env_names():
            text = catalog.text("notice.no-variables", lang, hub=cards.escape(hub.ingress))
            return modals.notice("notice.refused", text, lang)
        return modals.form(origin, lang, hub=hub, values=values, domain=self.settings.KNADA_HUB_DOMAIN)

    def resubmit_form(self, request_id: str, user_id: str, channel_id: str | None) -> dict[str, Any]:
        """The form of a request's kind, filled in with its inputs, to edit and send as a new request."""
        lang, actor = self.lang, self.actor(user_id)
        with self.reads() as session:
            request = store.get(session, request_id)
            if request is None:
                text = catalog.text("answer.no-such-request", lang, request_id=cards.escape(request_id))
                return modals.notice("notice.refused", text, lang)
            try:
                access.check(actor, Action.MANAGE_REQUEST, request=_requested(request))
            except Denied as denied:
                return modals.notice("notice.refused", cards.escape(denied.message(lang)), lang)
            kind, hub, params, rid = request.kind, request.hub, dict(request.params), request.request_id
            channel = request.channel_id or self.card_channel(channel_id)
        origin = modals.Origin(kind, hub=None if kind == "create" else hub, channel=channel, replaces=rid)
        return self.form(origin, user_id, values=params)

    def back_to_form(self, view: dict[str, Any], user_id: str) -> dict[str, Any]:
        """From the preview back to its form, filled in with what was entered."""
        return self.form(modals.origin_of(view), user_id, values=modals.preview_params(view))

    def submit_form(self, view: dict[str, Any], user_id: str) -> dict[str, Any]:
        """A submitted form: field errors, or the preview of the change (Bolt ``ack`` arguments)."""
        lang, actor = self.lang, self.actor(user_id)
        origin = modals.origin_of(view)
        values = view["state"]["values"]
        fields = modals.FIELDS[origin.kind]
        if origin.channel is None:
            origin = replace(origin, channel=modals.channel_from(values))
        try:
            command, change = self.plan(modals.command_from(origin, values, lang), actor)
            preview = modals.preview(origin, to_params(command), change, self.settings.GITHUB_REPO, lang)
        except modals.FormError as error:
            return {"response_action": "errors", "errors": error.errors}
        except (Denied, Refusal) as refusal:
            if isinstance(refusal, Refusal) and (errors := modals.field_errors(refusal, origin.kind, lang)):
                return {"response_action": "errors", "errors": errors}
            if fields:
                return {"response_action": "errors", "errors": {fields[0]: refusal.message(lang)}}
            text = cards.escape(refusal.message(lang))
            return {"response_action": "update", "view": modals.notice("notice.refused", text, lang)}
        return {"response_action": "update", "view": preview}

    def submit_preview(self, view: dict[str, Any], user_id: str) -> dict[str, Any]:
        """The preview's submit: accept the request, and say where its card is (Bolt ``ack`` arguments)."""
        lang = self.lang
        origin = modals.origin_of(view)
        command = from_params(origin.kind, modals.preview_params(view))
        try:
            request_id = self.accept(
                command, actor=self.actor(user_id), channel_id=origin.channel, replaces=origin.replaces
            )
        except (Denied, Refusal) as refusal:  # the configs moved on since the preview
            text = cards.escape(refusal.message(lang))
            return {"response_action": "update", "view": modals.notice("notice.refused", text, lang)}
        self.metrics.commands.labels(outcome="accepted").inc()
        hub = command.ingress if isinstance(command, CreateHub) else command.hub
        channel = self.card_channel(origin.channel)
        text = catalog.text(
            "notice.received",
            lang,
            request_id=request_id,
            title=cards.title(kind_of(command), hub, lang),
            channel=f"<#{channel}>" if channel else "",
        )
        return {"response_action": "update", "view": modals.notice("notice.received-title", text, lang)}

    # --- the fast path: decisions on a request (buttons and /knada cancel) ---------------------------------

    def cancel(self, request_id: str, actor: Actor) -> str:
        """Cancel a request (its requester or an admin); the PR is closed by a job."""

        def decide(session: Session, request: Request) -> str:
            state = State(request.state)
            if state not in CANCELLABLE:
                return self._text(
                    "answer.cancel-too-late", request_id=request.request_id, state=self._state(state)
                )
            store.transition(session, request, State.CANCELLED, actor=actor.user_id)
            jobs.enqueue(session, "cancel", request_id=request.id, dedup_key=f"cancel:{request.id}")
            return self._text("answer.cancelled", request_id=request.request_id)

        return self._decide(request_id, actor, Action.MANAGE_REQUEST, decide)

    def decide_deletion(self, request_id: str, actor: Actor, *, approve: bool) -> str:
        """An admin (not the requester) approves or rejects a deletion; the first decision is the one."""

        def decide(session: Session, request: Request) -> str:
            if request.kind != "delete":
                return self._text("answer.not-a-deletion", request_id=request.request_id)
            state = State(request.state)
            if state != State.AWAITING_APPROVAL:
                decision = self._decision(session, request)
                if decision is not None:
                    key = (
                        "answer.already-approved"
                        if decision[0] == State.APPROVED
                        else "answer.already-rejected"
                    )
                    return self._text(key, request_id=request.request_id, user=cards.actor(decision[1]))
                return self._text(
                    "answer.not-awaiting", request_id=request.request_id, state=self._state(state)
                )
            hub = cards.escape(request.hub)
            if approve:
                store.transition(session, request, State.APPROVED, actor=actor.user_id)
                jobs.enqueue(session, "approved", request_id=request.id, dedup_key=f"approved:{request.id}")
                return self._text("answer.approved", request_id=request.request_id, hub=hub)
            store.transition(session, request, State.REJECTED, actor=actor.user_id)
            rejected = Announcement("deletion-rejected", {"user": cards.actor(actor.user_id)}, mention=True)
            self._notify(session, request, rejected)
            return self._text("answer.rejected", request_id=request.request_id, hub=hub)

        return self._decide(request_id, actor, Action.DECIDE_DELETION, decide)

    def retry(self, request_id: str, actor: Actor) -> str:
        """Start a failed request over: plan it again on the latest configs and open (or find) its PR."""

        def decide(session: Session, request: Request) -> str:
            state = State(request.state)
            if state != State.FAILED:
                return self._text(
                    "answer.nothing-to-retry", request_id=request.request_id, state=self._state(state)
                )
            event = store.transition(
                session,
                request,
                retry_state(request.kind),
                actor=actor.user_id,
                fields={"failure_reason": None},
            )
            jobs.enqueue(
                session,
                "retry",
                {"user": actor.user_id},
                request_id=request.id,
                dedup_key=f"retry:{request.id}:{event.id}",
            )
            return self._text("answer.retrying", request_id=request.request_id)

        return self._decide(request_id, actor, Action.MANAGE_REQUEST, decide)

    def request_rebuild(self, request_id: str, actor: Actor) -> str:
        """Rebuild a conflicting PR's change on the latest main (a job does it)."""

        def decide(session: Session, request: Request) -> str:
            state = State(request.state)
            if state not in PR_STATES or request.pr_number is None:
                return self._text(
                    "answer.nothing-to-rebuild", request_id=request.request_id, state=self._state(state)
                )
            # Keyed by the head it rebuilds: a double click, or a second person, asks for the same rebuild.
            jobs.enqueue(
                session,
                "rebuild",
                {"user": actor.user_id},
                request_id=request.id,
                dedup_key=f"rebuild:{request.id}:{request.head_sha}",
            )
            return self._text("answer.rebuilding", request_id=request.request_id)

        return self._decide(request_id, actor, Action.MANAGE_REQUEST, decide)

    def tick_chore(self, request_id: str, chore_key: str, actor: Actor) -> str:
        """An admin marks one chore done; when the last one is, the request is done."""

        def decide(session: Session, request: Request) -> str:
            rid = request.request_id
            events = store.events(session, request)
            chores = self._chores(request, events)
            chore = next((c for c in chores if c.key == chore_key), None)
            if chore is None:
                return self._text("answer.no-such-chore", request_id=rid)
            done = progress.chores_done((e.kind, e.data, e.actor, e.at) for e in events)
            if chore_key in done:
                ticked = done[chore_key]
                return self._text(
                    "answer.chore-already-done",
                    chore=cards.chore_text(chore, self.lang),
                    user=cards.actor(ticked.by),
                    when=cards.when(ticked.at),
                )
            if State(request.state) != State.CHORES:
                return self._text(
                    "answer.no-chores-left", request_id=rid, state=self._state(State(request.state))
                )
            store.add_event(
                session, request, progress.CHORE_DONE, actor=actor.user_id, data={"chore": chore_key}
            )
            store.update(session, request)  # bumps the version: of two admins at once, one tick lands
            text = cards.chore_text(chore, self.lang)
            announcements = [
                Announcement(
                    "chore-done", {"chore": text, "user": cards.actor(actor.user_id)}, f"chore:{chore_key}"
                )
            ]
            if len(done) + 1 == len(chores):
                store.transition(session, request, State.DONE, actor=actor.user_id)
                announcements.append(Announcement("chores-done"))
            self._notify(session, request, *announcements)
            return self._text("answer.chore-done", chore=cards.chore_text(chore, self.lang), request_id=rid)

        return self._decide(request_id, actor, Action.DO_CHORE, decide)

    def _decide(
        self, request_id: str, actor: Actor, action: Action, decide: Callable[[Session, Request], str]
    ) -> str:
        """Load the request, check the actor may ``action`` it, and let ``decide`` act on its current state,
        all in one transaction. On a ``Conflict`` (someone else wrote first), look again."""
        for _ in range(MAX_CONFLICT_RETRIES):
            try:
                with self.sessions.begin() as session:
                    request = store.get(session, request_id)
                    if request is None:
                        return self._text("answer.no-such-request", request_id=cards.escape(request_id))
                    access.check(actor, action, request=_requested(request))
                    return decide(session, request)
            except Denied as denied:
                return cards.escape(denied.message(self.lang))
            except store.Conflict:
                continue
        return self._text("ack.error")

    def _decision(self, session: Session, request: Request) -> tuple[State, str | None] | None:
        """How a deletion was decided, and by whom, from its log."""
        for event in reversed(store.events(session, request)):
            if event.kind in DECIDED and event.data.get("from") == State.AWAITING_APPROVAL:
                return State(event.kind), event.actor
        return None

    def _notify(self, session: Session, request: Request, *announcements: Announcement) -> None:
        """Queue thread replies and a card update, in the caller's transaction (one job: in this order)."""
        payload = {"announce": [asdict(a) for a in announcements]}
        key = "+".join(a.key or a.what for a in announcements)
        jobs.enqueue(
            session, "notify", payload, request_id=request.id, dedup_key=f"notify:{request.id}:{key}"
        )

    def queue_home(self, user_id: str) -> None:
        """Publish ``user_id``'s App Home again soon (after they acted on it)."""
        with self.sessions.begin() as session:
            jobs.enqueue(session, "home", {"user": user_id}, max_attempts=2)

    def _text(self, key: str, /, **params: Any) -> str:
        return catalog.text(key, self.lang, **params)

    def _state(self, state: State) -> str:
        return catalog.text(f"state.{state}", self.lang)

    # --- App Home -------------------------------------------------------------------------------------------

    def home_view(self, user_id: str) -> dict[str, Any]:
        """The App Home of ``user_id``: from the cached configs and the database, no GitHub call."""
        actor = self.actor(user_id)
        snapshot = self.snapshots.current()
        hubs = [
            h for h in sorted(snapshot.hubs.values(), key=lambda h: h.ingress or "") if actor.ident in h.users
        ]
        more: dict[str, int] = {}
        with self.reads() as session:
            own = (
                store.list_requests(
                    session, requester_ident=actor.ident, open_only=True, limit=home.MAX_REQUEST_LINES + 1
                )
                if actor.ident
                else []
            )
            if len(own) > home.MAX_REQUEST_LINES:
                more["requests"] = 1
            approvals: list[home.RequestLine] = []
            chores: list[home.RequestLine] = []
            if actor.is_admin:
                waiting = self._in_state(session, State.AWAITING_APPROVAL, home.MAX_APPROVALS + 1)
                approvals = [self._line(session, r) for r in waiting[: home.MAX_APPROVALS]]
                more["approvals"] = max(0, len(waiting) - home.MAX_APPROVALS)
                open_chores = self._in_state(session, State.CHORES, home.MAX_CHORE_REQUESTS + 1)
                chores = [self._line(session, r, chores=True) for r in open_chores[: home.MAX_CHORE_REQUESTS]]
                more["chores"] = max(0, len(open_chores) - home.MAX_CHORE_REQUESTS)
            lines = [self._line(session, r) for r in own[: home.MAX_REQUEST_LINES]]
        facts = home.HomeFacts(
            actor=actor,
            domain=self.settings.KNADA_HUB_DOMAIN,
            hubs=hubs,
            requests=lines,
            approvals=approvals,
            chores=chores,
            more=more,
        )
        return home.home(facts, self.lang)

    def publish_home(self, user_id: str) -> None:
        self.slack.views_publish(user_id=user_id, view=self.home_view(user_id))

    @staticmethod
    def _in_state(session: Session, state: State, limit: int) -> list[Request]:
        query = select(Request).where(Request.state == str(state)).order_by(Request.id).limit(limit)
        return list(session.scalars(query))

    def _line(self, session: Session, request: Request, *, chores: bool = False) -> home.RequestLine:
        chore_list: tuple[tuple[progress.Chore, progress.ChoreDone | None], ...] = ()
        if chores:
            events = store.events(session, request)
            done = progress.chores_done((e.kind, e.data, e.actor, e.at) for e in events)
            chore_list = tuple((c, done.get(c.key)) for c in self._chores(request, events))
        return home.RequestLine(
            request_id=request.request_id,
            kind=request.kind,
            hub=request.hub,
            state=request.state,
            params=request.params,
            requester_id=request.requester_slack_id,
            requester_ident=request.requester_ident,
            pr_url=request.pr_url,
            pr_number=request.pr_number,
            chores=chore_list,
        )

    # --- the fast path: a GitHub webhook ----------------------------------------------------------------

    def receive_webhook(self, event: str, delivery_id: str, payload: dict[str, Any]) -> str:
        """Record a verified delivery against its request and queue a sync. Returns what happened."""
        try:
            forge_event = parse_delivery(event, delivery_id, payload, repository=self.settings.GITHUB_REPO)
        except DeliveryError:
            log.warning("malformed %s delivery %s", event, delivery_id)
            return "malformed"
        with self.sessions.begin() as session:
            if not record_delivery(session, delivery_id, event):
                return "duplicate"
            if forge_event is None:
                return "ignored"
            request = None
            if forge_event.branch:
                request = store.find_by_branch(session, forge_event.branch)
            if request is None and forge_event.head_sha:
                request = store.find_by_head_sha(session, forge_event.head_sha)
            if request is None:
                return "unknown_request"
            store.add_event(
                session, request, progress.FORGE, actor="github", data=progress.event_data(forge_event)
            )
            jobs.enqueue(session, "sync", request_id=request.id, dedup_key=f"sync:{delivery_id}")
        return "accepted"

    # --- jobs ---------------------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Callable[[Job], None]]:
        return {
            "start": self._job(lambda job: self.start(job.request_id)),
            "approved": self._job(lambda job: self.proceed(job.request_id)),
            "sync": self._job(lambda job: self.sync(job.request_id)),
            "cancel": self._job(lambda job: self.close_cancelled(job.request_id)),
            "notify": self._job(self.notify),
            "retry": self._job(self.restart),
            "rebuild": self._job(self.rebuild),
            "status": self._job(
                lambda job: self.refresh_status(job.request_id, job.payload.get("rechecks", 0))
            ),
            "home": self._job(lambda job: self.publish_home(job.payload["user"]), needs_request=False),
            "reconcile": self._job(lambda _: self.reconcile(), needs_request=False),
        }

    def _job(self, run: Callable[[Job], None], needs_request: bool = True) -> Callable[[Job], None]:
        def handler(job: Job) -> None:
            started = time.perf_counter()
            outcome = "ok"
            try:
                run(job)
            except Exception as error:
                outcome = "error"
                if needs_request and job.attempts >= job.max_attempts:
                    self._give_up(job.request_id, error)  # type: ignore[arg-type]
                raise
            finally:
                self.metrics.jobs.labels(kind=job.kind, outcome=outcome).observe(
                    time.perf_counter() - started
                )

        return handler

    def start(self, request_id: int) -> None:
        """Post the card; then open the PR, or ask the admins first (deletion).

        Only this job (one per request, by its dedup key) posts the card: ``chat.postMessage`` can't be
        made idempotent, so no other job may race it. The others say nothing until the card exists.
        """
        self._ensure_card(request_id)
        with self.reads() as session:
            request = self._get(session, request_id)
            state, hub = State(request.state), request.hub
        if state == State.AWAITING_APPROVAL:
            admins = self.admins.mention() or catalog.text("card.admins", self.lang)
            self._announce(request_id, "approval-needed", admins=admins, hub=cards.escape(hub), mention=True)
        self.proceed(request_id)

    def proceed(self, request_id: int) -> None:
        """Open the PR of a request that is ready for one (received, or a deletion approved meanwhile)."""
        with self.reads() as session:
            request = self._get(session, request_id)
            state, has_pr = State(request.state), request.pr_number is not None
            decision = self._decision(session, request)
        if state == State.APPROVED and decision is not None:
            self._announce(request_id, "deletion-approved", user=cards.actor(decision[1]))
        if state in (State.RECEIVED, State.APPROVED) and not has_pr:
            self.open_pr(request_id)

    def restart(self, job: Job) -> None:
        """A retry: say who asked for it, then plan the request again and open (or find) its PR."""
        request_id = job.request_id
        assert request_id is not None
        self._announce(
            request_id, "retried", key=f"retried:{job.id}", user=cards.actor(job.payload.get("user"))
        )
        self.open_pr(request_id)

    def open_pr(self, request_id: int) -> None:
        with self.reads() as session:
            request = self._get(session, request_id)
            command = from_params(request.kind, request.params)
            requester = Requester(request.requester_ident, is_admin=True)  # access was checked on accept
            rid = request.request_id
        snapshot = self.snapshots.refresh()
        planner = Planner(snapshot, self.settings.KNADA_HUB_DOMAIN, self.lang)
        try:
            change = planner.plan(command, requester, rid)
        except Refusal as refusal:
            existing = self.forge.find_pull_request(branch_for(rid))
            if existing is None:  # the configs moved on since the request was accepted
                self._fail(request_id, refusal.message(self.lang))
                return
            pr, planned = existing, None
        else:
            pr, planned = self.forge.open_pull_request(change), self._planned(snapshot, change)

        def record(session: Session) -> None:
            request = self._get(session, request_id)
            if State(request.state) in (State.RECEIVED, State.APPROVED):
                store.transition(
                    session,
                    request,
                    State.PR_OPEN,
                    actor="bot",
                    fields={"pr_number": pr.number, "pr_url": pr.url, "head_sha": pr.head_sha},
                )
            if planned is not None:
                store.add_event(session, request, progress.PLANNED, actor="bot", data=planned)
            store.add_event(
                session, request, progress.PR_OPENED, actor="bot", data=progress.pr_opened_data(pr)
            )

        self._write(record)
        self._announce(request_id, "pr-opened", url=pr.url, number=pr.number, title=cards.escape(pr.title))
        self.sync(request_id)

    @staticmethod
    def _planned(snapshot: ConfigSnapshot, change: Change) -> dict[str, Any]:
        """What the chores after the merge need to know about the hub as the change found it."""
        hub = snapshot.hub(change.hub)
        namespace = hub.namespace if hub is not None else None
        removed: list[str] = []
        if change.kind == "users-remove" and hub is not None and change.new_text is not None:
            after = snapshot.with_file(change.path, change.new_text.encode("utf-8")).hub(change.hub)
            removed = [u for u in hub.users if after is None or u not in after.users]
        if change.kind == "create" and change.new_text is not None:
            created = snapshot.with_file(change.path, change.new_text.encode("utf-8")).hub(change.hub)
            namespace = created.namespace if created is not None else None
        return progress.planned_data(change.path, namespace, removed)

    def rebuild(self, job: Job) -> None:
        """Re-plan a request on the latest main and point its PR branch at the result (a conflicting PR)."""
        request_id = job.request_id
        assert request_id is not None
        with self.reads() as session:
            request = self._get(session, request_id)
            if State(request.state) not in PR_STATES or request.pr_number is None:
                return  # merged, cancelled or failed meanwhile: nothing to rebuild
            command = from_params(request.kind, request.params)
            requester = Requester(request.requester_ident, is_admin=True)
            rid = request.request_id
        self._announce(
            request_id, "rebuilding", key=f"rebuilding:{job.id}", user=cards.actor(job.payload.get("user"))
        )
        snapshot = self.snapshots.refresh()
        try:
            change = Planner(snapshot, self.settings.KNADA_HUB_DOMAIN, self.lang).plan(
                command, requester, rid
            )
            pr = self.forge.rebuild(change)
        except Refusal as refusal:  # main already has it, or no longer takes it
            self._fail(request_id, refusal.message(self.lang))
            return
        except ForgeError as error:
            if error.transient:
                raise
            self._fail(request_id, error.message(self.lang))
            return
        planned = self._planned(snapshot, change)

        def record(session: Session) -> None:
            request = self._get(session, request_id)
            store.add_event(session, request, progress.PLANNED, actor="bot", data=planned)
            store.add_event(session, request, progress.REBUILT, actor="bot", data={"head_sha": pr.head_sha})
            if pr.head_sha != request.head_sha:
                store.update(session, request, head_sha=pr.head_sha)

        self._write(record)
        self._announce(request_id, "rebuilt", key=f"rebuilt:{pr.head_sha}", url=pr.url, number=pr.number)
        self.sync(request_id)

    def notify(self, job: Job) -> None:
        """Post the thread replies a decision in Slack calls for, then bring the card up to date."""
        request_id = job.request_id
        assert request_id is not None
        for item in job.payload.get("announce", []):
            self._announce(
                request_id,
                item["what"],
                key=item.get("key"),
                mention=item.get("mention", False),
                **item["params"],
            )
        self._update_card(request_id)

    def sync(self, request_id: int) -> None:
        """Bring the request's state in line with its PR's facts, announce what changed, update the card."""

        def settle(session: Session) -> tuple[progress.PrFacts, State, str, str]:
            request = self._get(session, request_id)
            facts = self._facts(session, request)
            state = State(request.state)
            target = self._target_state(request, facts)
            if target is not None and target != state:
                check_transition(state, target)
                fields = {"head_sha": facts.head_sha} if facts.head_sha != request.head_sha else {}
                store.transition(session, request, target, actor="github", fields=fields)
            elif facts.head_sha and facts.head_sha != request.head_sha:
                store.update(session, request, head_sha=facts.head_sha)
            return facts, State(request.state), request.kind, request.request_id

        facts, new_state, kind, rid = self._write(settle)
        self._announce_progress(request_id, kind, rid, new_state, facts)
        if new_state == State.MERGED:
            # The merged config is what the next command must be checked against: reload it here, in the
            # worker, so that the fast path never has to.
            try:
                self.snapshots.refresh()
            except Exception:
                log.warning("could not reload the configs after a merge; the reconciler will", exc_info=True)
                self.snapshots.invalidate()
            self._finish_merge(request_id, kind)
        self._update_card(request_id)

    def _target_state(self, request: Request, facts: progress.PrFacts) -> State | None:
        state = State(request.state)
        if facts.number is None or state not in PR_STATES:
            return None
        target = pr_state(
            merged=facts.merged,
            closed=facts.closed,
            checks=facts.checks_outcome,
            approved=bool(facts.approved_by),
        )
        return State.CANCELLED if target is None else target

    def _announce_progress(
        self, request_id: int, kind: str, rid: str, state: State, facts: progress.PrFacts
    ) -> None:
        owners = cards.escape(self.code_owners or catalog.text("card.code-owner", self.lang))
        checks = ", ".join(cards.escape(c.name) for c in facts.checks)
        if facts.checks_outcome == "success" and state in (State.CHECKS_PASSED, State.APPROVED):
            self._announce(
                request_id, "checks-passed", key=f"checks:{facts.head_sha}", checks=checks, owners=owners
            )
        if state == State.CHECKS_FAILED:
            failing = [c for c in facts.checks if c.outcome == "failure"]
            named = ", ".join(
                f"<{c.url}|{cards.escape(c.name)}>" if c.url else cards.escape(c.name) for c in failing
            )
            self._announce(
                request_id,
                "checks-failed",
                key=f"checks:{facts.head_sha}",
                failing=named,
                request_id=rid,
                mention=True,
            )
        if facts.approved_by and state in (State.APPROVED, State.MERGED):
            self._announce(request_id, "approved", users=cards.escape(", ".join(facts.approved_by)))
        if state in PR_STATES and facts.conflicting:
            self._announce(request_id, "conflict", key=f"conflict:{facts.head_sha}", mention=True)
        if state == State.CANCELLED and facts.closed:
            self._announce(request_id, "closed")

    def _finish_merge(self, request_id: int, kind: str) -> None:
        """After the merge: where the hub is and how to use the change, then the chores or done."""
        with self.reads() as session:
            request = self._get(session, request_id)
            hub, ident = cards.escape(request.hub), cards.escape(request.requester_ident)
            chores = self._chores(request, store.events(session, request))
        domain = self.settings.KNADA_HUB_DOMAIN
        merged = {
            "create": "merged-create",
            "limits": "merged-limits",
            "ui": "merged-restart",
            "env-set": "merged-restart",
            "env-unset": "merged-restart",
            "delete": "merged-delete",
        }.get(kind, "merged")
        self._announce(request_id, merged, key="merged", hub=hub, domain=domain, ident=ident)
        if chores:
            admins = self.admins.mention() or catalog.text("card.admins", self.lang)
            listed = "\n".join(f"• {cards.chore_text(chore, self.lang)}" for chore in chores)
            what = "chore-users-removed" if kind == "users-remove" else "chores-needed"
            self._announce(
                request_id, what, key="chores", admins=admins, hub=hub, domain=domain, chores=listed
            )

        def settle(session: Session) -> None:
            request = self._get(session, request_id)
            if State(request.state) == State.MERGED:
                store.transition(session, request, after_merge(kind) if chores else State.DONE, actor="bot")

        self._write(settle)

    def close_cancelled(self, request_id: int) -> None:
        """After a cancel: close the PR if there is one, say so in the thread, update the card."""
        with self.reads() as session:
            request = self._get(session, request_id)
            rid = request.request_id
            cancelled = next(e for e in reversed(store.events(session, request)) if e.kind == State.CANCELLED)
            actor, replaced_by = cancelled.actor, cancelled.data.get("replaced_by")
        pr = self.forge.find_pull_request(branch_for(rid))
        if pr is not None and pr.state == "open":
            self.forge.close(pr.number, comment=catalog.text("thread.pr-closed-cancelled", self.lang))
        if replaced_by:
            self._announce(request_id, "replaced", user=cards.actor(actor), request_id=replaced_by)
        else:
            self._announce(request_id, "cancelled", user=cards.actor(actor))
        self._update_card(request_id)

    def reconcile(self) -> None:
        """Read the status of PRs whose webhooks have been quiet for a while, and refresh the snapshot."""
        if self.snapshots.stale():
            self.snapshots.refresh()
        quiet_since = utcnow() - self.reconcile_after
        with self.reads() as session:
            last_event = (
                select(RequestEvent.request_id, func.max(RequestEvent.at).label("at"))
                .group_by(RequestEvent.request_id)
                .subquery()
            )
            rows = session.execute(
                select(Request.id)
                .join(last_event, last_event.c.request_id == Request.id)
                .where(Request.state.in_([str(s) for s in PR_STATES]), Request.pr_number.is_not(None))
                .where(last_event.c.at < quiet_since)
            ).all()
        for (request_id,) in rows:
            self.refresh_status(request_id)

    def refresh_status(self, request_id: int, rechecks: int = MAX_MERGEABLE_RECHECKS) -> None:
        """Read the PR's whole status into the log and sync. While GitHub is still computing whether the PR
        merges (``mergeable`` null), read it again a little later, ``rechecks`` times at most: that is how a
        conflict with main shows up."""
        with self.reads() as session:
            request = self._get(session, request_id)
            number = request.pr_number
            if number is None or State(request.state) not in PR_STATES:
                return
        status = self.forge.status(number)
        with self.sessions.begin() as session:
            request = self._get(session, request_id)
            event = store.add_event(
                session, request, progress.STATUS, actor="reconciler", data=progress.status_data(status)
            )
            if status.mergeable is None and status.pr.state == "open" and rechecks > 0:
                jobs.enqueue(
                    session,
                    "status",
                    {"rechecks": rechecks - 1},
                    request_id=request.id,
                    dedup_key=f"status:{request.id}:{event.id}",
                    run_at=utcnow() + self.mergeable_recheck,
                    max_attempts=3,
                )
        self.sync(request_id)

    def enqueue_reconcile(self, period_seconds: float) -> None:
        """Queue this period's reconcile once, whichever replica gets here first."""
        bucket = int(time.time() // period_seconds)
        with self.sessions.begin() as session:
            jobs.enqueue(session, "reconcile", dedup_key=f"reconcile:{bucket}", max_attempts=1)

    # --- failures -------------------------------------------------------------------------------------------

    def _fail(self, request_id: int, reason: str) -> None:
        def settle(session: Session) -> list[int]:
            request = self._get(session, request_id)
            if State(request.state) in {State.RECEIVED, State.APPROVED} | PR_STATES:
                store.transition(
                    session, request, State.FAILED, actor="bot", fields={"failure_reason": reason}
                )
            return [e.id for e in store.events(session, request) if e.kind == State.FAILED]

        failed = self._write(settle)
        # Once per failure: a retried request that fails again says so again, a re-run job does not.
        key = f"failed:{failed[-1]}" if failed else f"failed:{reason}"
        self._announce(request_id, "failed", key=key, reason=cards.escape(reason), mention=True)
        self._update_card(request_id)

    def _give_up(self, request_id: int, error: Exception) -> None:
        reason = str(error) if isinstance(error, ForgeError | Refusal) else type(error).__name__
        try:
            self._fail(request_id, reason)
        except Exception:
            log.exception("could not mark %s failed", request_id)

    # --- Slack ----------------------------------------------------------------------------------------------

    def card_facts(self, session: Session, request: Request) -> cards.CardFacts:
        events = store.events(session, request)
        facts = progress.fold([(e.kind, e.data) for e in events])
        state = State(request.state)
        chores: tuple[tuple[progress.Chore, progress.ChoreDone | None], ...] = ()
        if state in (State.CHORES, State.DONE) and request.kind in HAS_CHORES:
            done = progress.chores_done((e.kind, e.data, e.actor, e.at) for e in events)
            chores = tuple((c, done.get(c.key)) for c in self._chores(request, events))
        decision = next(
            (e.actor for e in events if e.kind in DECIDED and e.data.get("from") == State.AWAITING_APPROVAL),
            None,
        )
        return cards.CardFacts(
            request_id=request.request_id,
            kind=request.kind,
            hub=request.hub,
            state=state,
            requester_id=request.requester_slack_id,
            requester_ident=request.requester_ident,
            params=request.params,
            pr_number=request.pr_number,
            pr_url=request.pr_url,
            checks=facts.checks,
            approved_by=facts.approved_by,
            conflicting=facts.conflicting,
            failure=request.failure_reason,
            code_owners=self.code_owners,
            decided_by=decision,
            chores=chores,
        )

    def _chores(self, request: Request, events: list[RequestEvent]) -> tuple[progress.Chore, ...]:
        planned = progress.latest_planned((e.kind, e.data) for e in events)
        return progress.chores_for(
            request.kind, request.hub, planned, self.settings.KNADA_HUB_DOMAIN, request.params
        )

    def _ensure_card(self, request_id: int) -> None:
        with self.reads() as session:
            request = self._get(session, request_id)
            if request.card_ts or not request.channel_id:
                return
            channel = request.channel_id
            text, blocks = cards.card(self.card_facts(session, request), self.lang)
        response = self.slack.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False)
        # Slack answers with the channel's id, which is what chat.update takes (a DM has its own D-id). The
        # write must land now: a job retried from its top would post a second card.
        fields = {"card_ts": response["ts"], "channel_id": response.get("channel") or channel}
        self._write(lambda session: store.update(session, self._get(session, request_id), **fields))

    def _update_card(self, request_id: int) -> None:
        with self.reads() as session:
            request = self._get(session, request_id)
            if not (request.card_ts and request.channel_id):
                return
            channel, ts = request.channel_id, request.card_ts
            text, blocks = cards.card(self.card_facts(session, request), self.lang)
        self.slack.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    def _announce(
        self, request_id: int, what: str, /, *, key: str | None = None, mention: bool = False, **params: Any
    ) -> None:
        """Post the thread reply ``thread.<what>`` once per request and ``key``.

        The announcement is claimed in the request's log before it is posted, under a lock on the request
        row (SQLite: the write lock), so two jobs syncing one request at once can't both post it. A post
        that fails gives the claim back, so a retry of the job posts it.
        """
        key = key or what

        def claim(session: Session) -> tuple[str, str, str] | None:
            request = session.scalars(select(Request).where(Request.id == request_id).with_for_update()).one()
            if not (request.card_ts and request.channel_id):
                return None
            claims = {
                kind: session.scalar(
                    select(func.count())
                    .select_from(RequestEvent)
                    .where(RequestEvent.request_id == request_id, RequestEvent.kind == kind)
                    .where(RequestEvent.data["key"].as_string() == key)
                )
                or 0
                for kind in (ANNOUNCED, ANNOUNCE_FAILED)
            }
            if claims[ANNOUNCED] > claims[ANNOUNCE_FAILED]:
                return None
            store.add_event(session, request, ANNOUNCED, actor="bot", data={"key": key})
            requester = cards.user(request.requester_slack_id, request.requester_ident)
            return request.channel_id, request.card_ts, requester

        claimed = self._write(claim)
        if claimed is None:
            return
        channel, ts, requester = claimed
        text = cards.thread_text(what, self.lang, requester=requester if mention else "", **params).strip()
        try:
            self.slack.chat_postMessage(channel=channel, thread_ts=ts, text=text, unfurl_links=False)
        except Exception:
            with self.sessions.begin() as session:
                request = self._get(session, request_id)
                store.add_event(session, request, ANNOUNCE_FAILED, actor="bot", data={"key": key})
            raise

    # --- helpers --------------------------------------------------------------------------------------------

    def _write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a transaction of its own, and again on fresh state when another writer changed the
        request first (``Conflict``): a job must not fail, and be retried from its top, for that."""
        for attempt in range(MAX_CONFLICT_RETRIES):
            try:
                with self.sessions.begin() as session:
                    return work(session)
            except store.Conflict:
                if attempt == MAX_CONFLICT_RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    def _get(session: Session, request_id: int) -> Request:
        request = store.get(session, request_id)
        if request is None:
            raise jobs.PermanentFailure(f"request {request_id} does not exist")
        return request

    @staticmethod
    def _facts(session: Session, request: Request) -> progress.PrFacts:
        log_ = [(e.kind, e.data) for e in store.events(session, request)]
        return progress.fold(log_)


def _requested(request: Request) -> Requested:
    return Requested(request.request_id, request.requester_slack_id, request.requester_ident)
