"""The running service: a slash command becomes a persisted request, a job opens its PR, and webhooks and
the reconciler carry it to ``done``, with its status card kept up to date in Slack.

The fast path (``handle_command``, ``receive_webhook``) does local work only and commits before answering;
everything that talks to GitHub or posts to Slack runs in jobs from the durable queue, on any replica.
Every job is safe to run twice: PRs are keyed by branch, announcements by an event in the request's log.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import catalog
from bot.forge.base import Forge, ForgeError
from bot.forge.events import DeliveryError, parse_delivery
from bot.hubconfig.snapshot import ConfigSnapshot
from bot.lifecycle import progress
from bot.lifecycle.change import branch_for
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
from bot.lifecycle.states import PR_STATES, State, after_merge, check_transition, initial_state, pr_state
from bot.metrics import Metrics
from bot.settings import Settings
from bot.slack import cards
from bot.slack.identity import AdminDirectory, IdentityResolver
from bot.store import db, jobs
from bot.store import requests as store
from bot.store.deliveries import record_delivery
from bot.store.models import Job, Request, RequestEvent, utcnow

log = logging.getLogger(__name__)

ANNOUNCED = "announced"  # event kind: a thread reply was posted (data: key), so it is posted once


@dataclass(frozen=True)
class Reply:
    """What the user sees right away (ephemeral): the acknowledgement, an answer or an error."""

    text: str
    blocks: list[dict[str, Any]] | None = None


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
    metrics: Metrics = field(init=False)
    snapshots: SnapshotCache = field(init=False)

    def __post_init__(self) -> None:
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
        with self.sessions() as session:
            rows = session.execute(select(Request.state, func.count()).group_by(Request.state))
            return {state: count for state, count in rows}

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
        except NeedsModal as needs:
            return Reply(cards.escape(needs.message(lang))), "usage"
        except ParseError as error:  # plain text (usage lines hold <hub>): escaped for mrkdwn
            return Reply(cards.escape(error.message(lang))), "usage"
        if not isinstance(command, ChangeCommand):
            from bot.slack.answers import answer  # the read-only commands

            return answer(self, command, user_id=user_id), "answered"
        channel = self.settings.KNADA_CHANNEL
        if channel and channel_id != channel:
            return Reply(catalog.text("ack.wrong-channel", lang, channel=channel)), "wrong_channel"
        try:
            request_id = self.accept(command, user_id=user_id, channel_id=channel_id)
        except Refusal as refusal:  # may quote what the user typed: escaped so it can't ping anyone
            return Reply(cards.escape(refusal.message(lang))), "refused"
        hub = command.ingress if isinstance(command, CreateHub) else command.hub
        title = cards.title(kind_of(command), hub, lang)
        return Reply(catalog.text("ack.received", lang, request_id=request_id, title=title)), "accepted"

    def accept(self, command: ChangeCommand, *, user_id: str | None, channel_id: str | None) -> str:
        """Validate ``command`` against the cached configs and persist it with its first job.

        Raises Refusal; returns the new request's id (``R-42``) once it is committed.
        """
        ident = self.identity.ident_for(user_id) if user_id else None
        requester = Requester(ident, is_admin=bool(user_id) and self.admins.is_admin(user_id))
        command = self._resolve_mentions(command)
        planner = Planner(self.snapshots.current(), self.settings.KNADA_HUB_DOMAIN, self.lang)
        change = planner.plan(command, requester, request_id="R-1")  # validation only: no id yet
        assert ident is not None  # plan() refuses a requester without one
        with self.sessions.begin() as session:
            request = store.create(
                session,
                kind=change.kind,
                hub=change.hub,
                params=to_params(command),
                requester_ident=ident,
                requester_slack_id=user_id,
                channel_id=channel_id,
                language=self.lang,
            )
            # The branch is known before the PR exists, so webhooks can find the request from the start.
            store.update(session, request, branch=branch_for(request.request_id))
            if (state := initial_state(change.kind)) != State.RECEIVED:
                store.transition(session, request, state, actor="bot")
            jobs.enqueue(session, "start", request_id=request.id, dedup_key=f"start:{request.id}")
            return request.request_id

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
            "start": self._job(self.start),
            "sync": self._job(self.sync),
            "cancel": self._job(self.close_cancelled),
            "reconcile": self._job(lambda _: self.reconcile(), needs_request=False),
        }

    def _job(self, run: Callable[[int], None], needs_request: bool = True) -> Callable[[Job], None]:
        def handler(job: Job) -> None:
            started = time.perf_counter()
            outcome = "ok"
            try:
                run(job.request_id if needs_request else 0)  # type: ignore[arg-type]
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
        """Post the card; then open the PR, or ask the admins first (deletion)."""
        self._ensure_card(request_id)
        with self.sessions() as session:
            request = self._get(session, request_id)
            state, has_pr, hub = State(request.state), request.pr_number is not None, request.hub
        if state == State.AWAITING_APPROVAL:
            admins = self.admins.mention() or ""
            self._announce(request_id, "approval-needed", admins=admins, hub=cards.escape(hub), mention=True)
        elif state in (State.RECEIVED, State.APPROVED) and not has_pr:
            self.open_pr(request_id)

    def open_pr(self, request_id: int) -> None:
        with self.sessions() as session:
            request = self._get(session, request_id)
            command = from_params(request.kind, request.params)
            requester = Requester(request.requester_ident, is_admin=True)  # access was checked on accept
            rid = request.request_id
        planner = Planner(self.snapshots.refresh(), self.settings.KNADA_HUB_DOMAIN, self.lang)
        try:
            change = planner.plan(command, requester, rid)
        except Refusal as refusal:
            existing = self.forge.find_pull_request(branch_for(rid))
            if existing is None:  # the configs moved on since the request was accepted
                self._fail(request_id, refusal.message(self.lang))
                return
            pr = existing
        else:
            pr = self.forge.open_pull_request(change)
        with self.sessions.begin() as session:
            request = self._get(session, request_id)
            if State(request.state) in (State.RECEIVED, State.APPROVED) and request.pr_number is None:
                store.transition(
                    session,
                    request,
                    State.PR_OPEN,
                    actor="bot",
                    fields={"pr_number": pr.number, "pr_url": pr.url, "head_sha": pr.head_sha},
                )
            store.add_event(
                session, request, progress.PR_OPENED, actor="bot", data=progress.pr_opened_data(pr)
            )
        self._announce(request_id, "pr-opened", url=pr.url, number=pr.number, title=cards.escape(pr.title))
        self.sync(request_id)

    def sync(self, request_id: int) -> None:
        """Bring the request's state in line with its PR's facts, announce what changed, update the card."""
        with self.sessions.begin() as session:
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
            new_state = State(request.state)
            kind, rid = request.kind, request.request_id
        self._announce_progress(request_id, kind, rid, new_state, facts)
        if new_state == State.MERGED:
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
        if state == State.CANCELLED and facts.closed:
            self._announce(request_id, "closed")

    def _finish_merge(self, request_id: int, kind: str) -> None:
        with self.sessions() as session:
            request = self._get(session, request_id)
            hub, params = request.hub, dict(request.params)
        domain = self.settings.KNADA_HUB_DOMAIN
        if kind == "create":
            self._announce(request_id, "merged-create", key="merged", hub=cards.escape(hub), domain=domain)
        else:
            self._announce(request_id, "merged", key="merged")
        if kind == "users-remove":
            admins = self.admins.mention() or catalog.text("card.code-owner", self.lang)
            users = cards.escape(", ".join(params.get("users", [])))
            self._announce(
                request_id,
                "chore-users-removed",
                admins=admins,
                users=users,
                hub=cards.escape(hub),
                domain=domain,
            )
        with self.sessions.begin() as session:
            request = self._get(session, request_id)
            if State(request.state) == State.MERGED:
                store.transition(session, request, after_merge(kind), actor="bot")

    def close_cancelled(self, request_id: int) -> None:
        """After a cancel: close the PR if there is one, say so in the thread, update the card."""
        with self.sessions() as session:
            request = self._get(session, request_id)
            rid = request.request_id
            actor = next(
                e.actor for e in reversed(store.events(session, request)) if e.kind == State.CANCELLED
            )
        pr = self.forge.find_pull_request(branch_for(rid))
        if pr is not None and pr.state == "open":
            self.forge.close(pr.number, comment=catalog.text("thread.pr-closed-cancelled", self.lang))
        user = f"<@{actor}>" if actor and actor[:1] in "UW" else f"`{cards.escape(actor or '?')}`"
        self._announce(request_id, "cancelled", user=user)
        self._update_card(request_id)

    def reconcile(self) -> None:
        """Read the status of PRs whose webhooks have been quiet for a while, and refresh the snapshot."""
        if self.snapshots.stale():
            self.snapshots.refresh()
        quiet_since = utcnow() - self.reconcile_after
        with self.sessions() as session:
            last_event = (
                select(RequestEvent.request_id, func.max(RequestEvent.at).label("at"))
                .group_by(RequestEvent.request_id)
                .subquery()
            )
            rows = session.execute(
                select(Request.id, Request.pr_number)
                .join(last_event, last_event.c.request_id == Request.id)
                .where(Request.state.in_([str(s) for s in PR_STATES]), Request.pr_number.is_not(None))
                .where(last_event.c.at < quiet_since)
            ).all()
        for request_id, number in rows:
            status = self.forge.status(number)
            with self.sessions.begin() as session:
                request = self._get(session, request_id)
                store.add_event(
                    session, request, progress.STATUS, actor="reconciler", data=progress.status_data(status)
                )
            self.sync(request_id)

    def enqueue_reconcile(self, period_seconds: float) -> None:
        """Queue this period's reconcile once, whichever replica gets here first."""
        bucket = int(time.time() // period_seconds)
        with self.sessions.begin() as session:
            jobs.enqueue(session, "reconcile", dedup_key=f"reconcile:{bucket}", max_attempts=1)

    # --- failures -------------------------------------------------------------------------------------------

    def _fail(self, request_id: int, reason: str) -> None:
        with self.sessions.begin() as session:
            request = self._get(session, request_id)
            if State(request.state) in (State.RECEIVED, State.APPROVED) | PR_STATES:
                store.transition(
                    session, request, State.FAILED, actor="bot", fields={"failure_reason": reason}
                )
        self._announce(
            request_id, "failed", key=f"failed:{reason}", reason=cards.escape(reason), mention=True
        )
        self._update_card(request_id)

    def _give_up(self, request_id: int, error: Exception) -> None:
        reason = str(error) if isinstance(error, ForgeError | Refusal) else type(error).__name__
        try:
            self._fail(request_id, reason)
        except Exception:
            log.exception("could not mark %s failed", request_id)

    # --- Slack ----------------------------------------------------------------------------------------------

    def card_facts(self, session: Session, request: Request) -> cards.CardFacts:
        facts = self._facts(session, request)
        return cards.CardFacts(
            request_id=request.request_id,
            kind=request.kind,
            hub=request.hub,
            state=State(request.state),
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
        )

    def _ensure_card(self, request_id: int) -> None:
        with self.sessions() as session:
            request = self._get(session, request_id)
            if request.card_ts or not request.channel_id:
                return
            channel = request.channel_id
            text, blocks = cards.card(self.card_facts(session, request), self.lang)
        response = self.slack.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False)
        with self.sessions.begin() as session:
            store.update(session, self._get(session, request_id), card_ts=response["ts"])

    def _update_card(self, request_id: int) -> None:
        with self.sessions() as session:
            request = self._get(session, request_id)
            if not (request.card_ts and request.channel_id):
                return
            channel, ts = request.channel_id, request.card_ts
            text, blocks = cards.card(self.card_facts(session, request), self.lang)
        self.slack.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    def _announce(
        self, request_id: int, what: str, /, *, key: str | None = None, mention: bool = False, **params: Any
    ) -> None:
        """Post the thread reply ``thread.<what>`` once per request and ``key``."""
        key = key or what
        with self.sessions() as session:
            request = self._get(session, request_id)
            if not (request.card_ts and request.channel_id):
                return
            done = session.scalar(
                select(func.count())
                .select_from(RequestEvent)
                .where(RequestEvent.request_id == request_id, RequestEvent.kind == ANNOUNCED)
                .where(RequestEvent.data["key"].as_string() == key)
            )
            if done:
                return
            channel, ts = request.channel_id, request.card_ts
            requester = cards.user(request.requester_slack_id, request.requester_ident)
        text = cards.thread_text(what, self.lang, requester=requester if mention else "", **params).strip()
        self.slack.chat_postMessage(channel=channel, thread_ts=ts, text=text, unfurl_links=False)
        with self.sessions.begin() as session:
            store.add_event(
                session, self._get(session, request_id), ANNOUNCED, actor="bot", data={"key": key}
            )

    # --- helpers --------------------------------------------------------------------------------------------

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
