"""The queries the service runs on requests: create, look up, list, and move a request through its states.

Nothing here commits. Each function works in the caller's transaction, so that a state change, its event
and the job it calls for are written together or not at all::

    with sessions.begin() as session:
        request = requests.get(session, request_id)
        requests.transition(session, request, "approved", actor=user_id, expected_version=version)
        jobs.enqueue(session, "open-pr", {}, request_id=request.id, dedup_key=f"open-pr:{request.request_id}")

Whether a state change is *allowed* is the state machine's business (``bot.lifecycle``); this module only
makes sure that of two concurrent changes to one request exactly one lands (``Conflict`` for the other).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.catalog import LANGUAGES, default_language
from bot.store.models import (
    FINAL_STATES,
    REQUEST_KINDS,
    REQUEST_STATES,
    Clock,
    Request,
    RequestEvent,
    parse_request_id,
    utcnow,
)

#: The columns a transition or an update may set along with the state; the rest belong to this module.
UPDATABLE = frozenset(
    {"failure_reason", "pr_number", "pr_url", "branch", "head_sha", "channel_id", "card_ts", "params"}
)


class Conflict(Exception):
    """The request changed since the caller read it (another admin, replica or webhook got there first).

    The caller should re-read the request and decide again, usually by telling the user what happened.
    """

    def __init__(self, request_id: str, expected_version: int, actual_version: int | None = None) -> None:
        self.request_id = request_id
        self.expected_version = expected_version
        self.actual_version = actual_version
        found = "" if actual_version is None else f", found version {actual_version}"
        super().__init__(f"{request_id} changed since version {expected_version}{found}")


def create(
    session: Session,
    *,
    kind: str,
    hub: str,
    params: Mapping[str, Any],
    requester_ident: str,
    requester_slack_id: str | None = None,
    channel_id: str | None = None,
    language: str | None = None,
    actor: str | None = None,
    clock: Clock = utcnow,
) -> Request:
    """A new request in state ``received`` with its first event; flushed, so ``request_id`` is known.

    ``language`` is the one the requester's card and messages are written in (default: the configured one).
    """
    language = language or default_language()
    if kind not in REQUEST_KINDS:
        raise ValueError(f"unknown request kind {kind!r}")
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    now = clock()
    request = Request(
        kind=kind,
        hub=hub,
        params=dict(params),
        requester_ident=requester_ident,
        requester_slack_id=requester_slack_id,
        channel_id=channel_id,
        language=language,
        state="received",
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    session.flush()
    session.add(
        RequestEvent(
            request_id=request.id,
            at=now,
            kind="received",
            actor=actor or requester_slack_id or requester_ident,
            data={"kind": kind, "hub": hub, "params": dict(params)},
        )
    )
    session.flush()
    return request


def get(session: Session, request_id: int | str) -> Request | None:
    """The request with id ``42`` or ``"R-42"``; None if there is none (or the text isn't an id)."""
    if isinstance(request_id, str):
        try:
            request_id = parse_request_id(request_id)
        except ValueError:
            return None
    return session.get(Request, request_id)


def list_requests(
    session: Session, *, requester_ident: str | None = None, open_only: bool = False, limit: int = 50
) -> list[Request]:
    """Requests, newest first: all, or one requester's; only those not finished with ``open_only``."""
    query = select(Request).order_by(Request.created_at.desc(), Request.id.desc()).limit(limit)
    if requester_ident is not None:
        query = query.where(Request.requester_ident == requester_ident)
    if open_only:
        query = query.where(Request.state.not_in(sorted(FINAL_STATES)))
    return list(session.scalars(query))


def find_by_branch(session: Session, branch: str) -> Request | None:
    """The request whose PR lives on ``branch`` (GitHub's pull_request and check_suite events name it)."""
    return session.scalars(
        select(Request).where(Request.branch == branch).order_by(Request.id.desc())
    ).first()


def find_by_head_sha(session: Session, head_sha: str) -> Request | None:
    """The request whose PR head is ``head_sha`` (GitHub's status events carry only the sha)."""
    return session.scalars(
        select(Request).where(Request.head_sha == head_sha).order_by(Request.id.desc())
    ).first()


def add_event(
    session: Session,
    request: Request,
    kind: str,
    *,
    actor: str | None,
    data: Mapping[str, Any] | None = None,
    clock: Clock = utcnow,
) -> RequestEvent:
    """Append an event that changes no state (checks reported, a review, a chore ticked off)."""
    entry = RequestEvent(request_id=request.id, at=clock(), kind=kind, actor=actor, data=dict(data or {}))
    session.add(entry)
    session.flush()
    return entry


def events(session: Session, request: Request | int) -> list[RequestEvent]:
    """A request's events, oldest first."""
    request_id = request.id if isinstance(request, Request) else request
    query = select(RequestEvent).where(RequestEvent.request_id == request_id).order_by(RequestEvent.id)
    return list(session.scalars(query))


def _write(session: Session, request: Request, expected_version: int | None, apply: Any) -> None:
    """Apply changes to ``request`` and flush them under the optimistic version check."""
    request_id, loaded_version = request.request_id, request.version
    if expected_version is not None and loaded_version != expected_version:
        # The caller decided on a version older than the one this session loaded.
        raise Conflict(request_id, expected_version, loaded_version)
    apply()
    try:
        session.flush()
    except StaleDataError as exc:
        # The UPDATE ... WHERE version = ? matched nothing: someone else committed first. (The session
        # is now unusable until rolled back, so nothing may be read from ``request`` here.)
        raise Conflict(request_id, loaded_version) from exc


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"these request fields can't be set here: {', '.join(sorted(unknown))}")


def transition(
    session: Session,
    request: Request,
    new_state: str,
    *,
    actor: str | None,
    event_kind: str | None = None,
    data: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    fields: Mapping[str, Any] | None = None,
    clock: Clock = utcnow,
) -> RequestEvent:
    """Move ``request`` to ``new_state``, set ``fields`` (e.g. ``pr_number``) and append its event.

    ``expected_version`` is the version the caller's decision was based on (e.g. carried in a button);
    by default, the version the session loaded. Raises ``Conflict`` if the request has moved on since;
    the session must then be rolled back (leaving the ``with sessions.begin()`` block does that).
    The event's kind defaults to the new state; its data records ``from`` and ``to``.
    """
    if new_state not in REQUEST_STATES:
        raise ValueError(f"unknown request state {new_state!r}")
    new_state = str(new_state)  # a State reads back as the plain string it is stored as
    fields = dict(fields or {})
    _check_fields(fields)
    old_state = request.state
    now = clock()

    def apply() -> None:
        for name, value in fields.items():
            setattr(request, name, value)
        request.state = new_state
        request.updated_at = now

    _write(session, request, expected_version, apply)
    return add_event(
        session,
        request,
        event_kind or new_state,
        actor=actor,
        data={"from": old_state, "to": new_state, **(data or {})},
        clock=lambda: now,
    )


def update(
    session: Session,
    request: Request,
    *,
    expected_version: int | None = None,
    clock: Clock = utcnow,
    **fields: Any,
) -> None:
    """Set bookkeeping fields without a state change (the card's ts, a new head sha after a rebuild).

    Bumps the version like any write; raises ``Conflict`` as ``transition`` does.
    """
    _check_fields(fields)
    now = clock()

    def apply() -> None:
        for name, value in fields.items():
            setattr(request, name, value)
        request.updated_at = now

    _write(session, request, expected_version, apply)
