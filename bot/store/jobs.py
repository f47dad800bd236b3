"""The durable job queue: slow work (GitHub calls, card updates, chores) that survives crashes and restarts.

A job is enqueued in the same transaction as the change that calls for it, so a request is never persisted
without its work, nor its work without the request. Workers *claim* a job by taking a lease on it; a
worker that dies mid-job lets the lease run out, and the job is taken again. Delivery is therefore at
least once, and every handler must be safe to repeat (the forge's writes are keyed by the request's
branch for exactly this reason).

Life of a job::

    queued --claim--> running --complete--> done
       ^                 |  \\--fail(retry=False), or max_attempts used--> dead
       \\---fail(retry)---/   (run_at pushed back with exponential backoff and jitter)

``attempts`` counts runs *started*: a job whose worker crashed on every try still ends up dead.

Errors: ``LeaseLost`` when a worker reports on a job that is no longer its own (the lease ran out and
another worker took it, or it was finished by someone else). Handlers raise ``PermanentFailure`` for an
error no retry can fix; any other exception is retried.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.db import dialect_insert, read_session_factory
from bot.store.models import Clock, Job, utcnow

log = logging.getLogger(__name__)

Random = Callable[[], float]
Handler = Callable[[Job], None]
SessionSource = Engine | sessionmaker[Session]

DEFAULT_LEASE_SECONDS = 60.0
BACKOFF_BASE_SECONDS = 10.0
BACKOFF_CAP_SECONDS = 3600.0
MAX_ERROR_CHARS = 4000


class LeaseLost(Exception):
    """The job is no longer held by this worker: its lease ran out and it may be running elsewhere."""


class PermanentFailure(Exception):
    """Raised by a handler for an error that retrying cannot fix: the job goes dead at once."""


def enqueue(
    session: Session,
    kind: str,
    payload: Mapping[str, Any] | None = None,
    *,
    request_id: int | None = None,
    dedup_key: str | None = None,
    run_at: datetime | None = None,
    max_attempts: int = 8,
    clock: Clock = utcnow,
) -> Job:
    """Add a job in the session's transaction (the caller commits) and return it.

    With a ``dedup_key``, enqueueing again — from a retry, a redelivered webhook, another replica at the
    same moment — returns the job that already has that key, whatever its state, and adds nothing. A key
    therefore names one piece of work for good (``open-pr:R-42``); work that may recur needs a key that
    changes with it, or none.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    now = clock()
    values = {
        "kind": kind,
        "payload": dict(payload or {}),
        "request_id": request_id,
        "dedup_key": dedup_key,
        "state": "queued",
        "attempts": 0,
        "max_attempts": max_attempts,
        "run_at": run_at or now,
        "created_at": now,
    }
    if dedup_key is None:
        job = Job(**values)
        session.add(job)
        session.flush()
        return job
    # ON CONFLICT DO NOTHING, not SELECT-then-INSERT: two replicas racing both get past a SELECT.
    statement = (
        dialect_insert(session)(Job).values(**values).on_conflict_do_nothing(index_elements=[Job.dedup_key])
    )
    session.execute(statement)
    return session.scalars(select(Job).where(Job.dedup_key == dedup_key)).one()


def _sessions(source: SessionSource) -> sessionmaker[Session]:
    return source if isinstance(source, sessionmaker) else sessionmaker(source)


def claim(
    source: SessionSource,
    worker_id: str,
    kinds: Collection[str] | None = None,
    lease_seconds: float = DEFAULT_LEASE_SECONDS,
    *,
    clock: Clock = utcnow,
) -> Job | None:
    """Take the next due job (of ``kinds``, or any) for ``worker_id``, in a transaction of its own.

    Returns the job, detached from any session, in state ``running`` with a lease until
    ``locked_until``; or None when nothing is due. A running job whose lease has run out counts as due.
    Safe with any number of threads and processes: on PostgreSQL competing claimers skip rows another
    transaction has locked (``FOR UPDATE SKIP LOCKED``); on SQLite the transaction holds the database's
    write lock from its start (``BEGIN IMMEDIATE``, see ``bot.store.db``), so claims run one at a time.
    """
    if kinds is not None and not kinds:
        return None
    factory = _sessions(source)
    now = clock()
    due = or_(
        (Job.state == "queued") & (Job.run_at <= now),
        (Job.state == "running") & (Job.locked_until <= now),
    )
    if kinds is not None:
        due = due & Job.kind.in_(sorted(kinds))
    # Idle workers poll: look without the write lock first, so that polling never queues a writer.
    with read_session_factory(factory.kw["bind"])() as peek:
        if peek.scalar(select(Job.id).where(due).limit(1)) is None:
            return None
    with factory() as session, session.begin():
        query = select(Job).where(due).order_by(Job.run_at, Job.id).limit(1).with_for_update(skip_locked=True)
        while (job := session.scalars(query).one_or_none()) is not None:
            if job.attempts >= job.max_attempts:
                # Its last run never reported back (the worker died): no run is left to give it.
                job.state = "dead"
                job.last_error = f"lease expired on attempt {job.attempts} of {job.max_attempts}"
                job.locked_by = job.locked_until = None
                job.finished_at = now
                session.flush()
                continue
            job.state = "running"
            job.attempts += 1
            job.locked_by = worker_id
            job.locked_until = now + timedelta(seconds=lease_seconds)
            session.flush()
            session.expunge(job)
            return job
    return None


def _held(job: Job) -> Any:
    """The rows where ``job`` is still the run this worker claimed: the fence for reporting on it."""
    return (
        (Job.id == job.id)
        & (Job.state == "running")
        & (Job.locked_by == job.locked_by)
        & (Job.attempts == job.attempts)
    )


def _update_held(source: SessionSource, job: Job, **values: Any) -> None:
    """Write ``values`` to the job if this worker still holds it (else ``LeaseLost``), and to ``job``."""
    with _sessions(source)() as session, session.begin():
        result = session.execute(update(Job).where(_held(job)).values(**values))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise LeaseLost(f"job {job.id} (attempt {job.attempts}) is no longer held by {job.locked_by}")
    for name, value in values.items():
        setattr(job, name, value)


def complete(source: SessionSource, job: Job, *, clock: Clock = utcnow) -> None:
    """Mark a claimed job done. Raises ``LeaseLost`` if it is no longer this worker's."""
    _update_held(source, job, state="done", locked_by=None, locked_until=None, finished_at=clock())


def extend_lease(
    source: SessionSource, job: Job, lease_seconds: float = DEFAULT_LEASE_SECONDS, *, clock: Clock = utcnow
) -> datetime:
    """Push a running job's lease to ``lease_seconds`` from now and return the new end of the lease."""
    until = clock() + timedelta(seconds=lease_seconds)
    _update_held(source, job, locked_until=until)
    return until


def backoff_delay(
    attempt: int,
    *,
    base: float = BACKOFF_BASE_SECONDS,
    cap: float = BACKOFF_CAP_SECONDS,
    rand: Random = random.random,
) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1, 2, ...): ``base * 2**(attempt-1)``,
    at most ``cap``, then a random half of it taken off so that jobs failing together don't retry
    together (and never less than half, so a retry never comes right back)."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return timedelta(seconds=ceiling / 2 + rand() * ceiling / 2)


def fail(
    source: SessionSource,
    job: Job,
    error: str,
    retry: bool,
    *,
    clock: Clock = utcnow,
    rand: Random = random.random,
) -> Literal["queued", "dead"]:
    """Record a failed run of a claimed job and return its new state.

    With ``retry`` and attempts left, the job is queued again after ``backoff_delay``; otherwise it is
    dead. ``error`` is stored for the admins (truncated); it must not contain secrets. Raises
    ``LeaseLost`` if the job is no longer this worker's.
    """
    now = clock()
    error = error if len(error) <= MAX_ERROR_CHARS else error[: MAX_ERROR_CHARS - 1] + "…"
    common = {"locked_by": None, "locked_until": None, "last_error": error}
    if retry and job.attempts < job.max_attempts:
        run_at = now + backoff_delay(job.attempts, rand=rand)
        _update_held(source, job, state="queued", run_at=run_at, **common)
        return "queued"
    _update_held(source, job, state="dead", finished_at=now, **common)
    return "dead"


def prune_done(session: Session, finished_before: datetime) -> int:
    """Delete jobs done before ``finished_before``; dead jobs stay for the admins to look at.

    Their dedup keys are forgotten with them, so keep them for longer than any retry or redelivery of
    the work they did can arrive (weeks, not hours).
    """
    result = session.execute(delete(Job).where(Job.state == "done", Job.finished_at < finished_before))
    return result.rowcount  # type: ignore[attr-defined]


def count_by_state(session: Session) -> dict[str, int]:
    """How many jobs are in each state (for ``/metrics``)."""
    rows = session.execute(select(Job.state, func.count()).group_by(Job.state))
    return {state: count for state, count in rows}


class Worker:
    """Runs queued jobs on a few threads with the handler registered for their kind, until stopped.

    The worker claims only kinds it has a handler for, so replicas running different versions can share
    one queue. While a handler runs, the lease is extended every third of ``lease_seconds``: a long but
    alive handler keeps its job, a dead process loses it within one lease.
    """

    def __init__(
        self,
        sessions: SessionSource,
        handlers: Mapping[str, Handler] | None = None,
        *,
        name: str | None = None,
        threads: int = 2,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        idle_seconds: float = 1.0,
        clock: Clock = utcnow,
        rand: Random = random.random,
    ) -> None:
        if threads < 1:
            raise ValueError("a worker needs at least one thread")
        self.sessions = _sessions(sessions)
        self.handlers: dict[str, Handler] = dict(handlers or {})
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.lease_seconds = lease_seconds
        self.idle_seconds = idle_seconds
        self.clock = clock
        self.rand = rand
        self._thread_count = threads
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    def register(self, kind: str, handler: Handler) -> None:
        """Run ``handler(job)`` for jobs of ``kind``. Register before ``start``."""
        self.handlers[kind] = handler

    def start(self) -> None:
        if self._threads:
            raise RuntimeError("worker already started")
        self._stopping.clear()
        for number in range(self._thread_count):
            worker_id = f"{self.name}/{number}"
            thread = threading.Thread(
                target=self._loop, args=(worker_id,), name=f"job-{worker_id}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float | None = None) -> bool:
        """Let running jobs finish, start no new ones, and wait for the threads. False if some still run."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout)
        alive = [t for t in self._threads if t.is_alive()]
        self._threads = alive
        return not alive

    def run_once(self, worker_id: str | None = None) -> bool:
        """Claim and run one job. False when no job was due."""
        worker_id = worker_id or f"{self.name}/main"
        job = claim(self.sessions, worker_id, self.handlers.keys(), self.lease_seconds, clock=self.clock)
        if job is None:
            return False
        try:
            with self._heartbeat(job):
                outcome = self._run(job)
            if outcome is None:
                complete(self.sessions, job, clock=self.clock)
            else:
                error, retry = outcome
                state = fail(self.sessions, job, error, retry, clock=self.clock, rand=self.rand)
                log.log(
                    logging.ERROR if state == "dead" else logging.WARNING,
                    "job %s (%s) attempt %s/%s failed, now %s: %s",
                    job.id,
                    job.kind,
                    job.attempts,
                    job.max_attempts,
                    state,
                    error,
                )
        except LeaseLost as exc:
            log.warning("%s; its result was not recorded", exc)
        return True

    def _run(self, job: Job) -> tuple[str, bool] | None:
        """Run the handler: None on success, else (error, retry)."""
        try:
            self.handlers[job.kind](job)
        except PermanentFailure as exc:
            return f"{type(exc).__name__}: {exc}", False
        except Exception as exc:
            log.exception("job %s (%s) raised", job.id, job.kind)
            return f"{type(exc).__name__}: {exc}", True
        return None

    @contextmanager
    def _heartbeat(self, job: Job) -> Iterator[None]:
        done = threading.Event()

        def beat() -> None:
            while not done.wait(self.lease_seconds / 3):
                try:
                    extend_lease(self.sessions, job, self.lease_seconds, clock=self.clock)
                except LeaseLost:
                    log.warning("job %s lost its lease while running", job.id)
                    return
                except SQLAlchemyError as exc:
                    log.warning("could not extend the lease of job %s: %s", job.id, type(exc).__name__)

        thread = threading.Thread(target=beat, name=f"lease-{job.id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()

    def _loop(self, worker_id: str) -> None:
        while not self._stopping.is_set():
            try:
                ran = self.run_once(worker_id)
            except SQLAlchemyError as exc:
                # The database is away (restart, failover): wait and try again rather than die. A job
                # claimed before it went is taken again when its lease runs out.
                log.warning("worker %s could not reach the job queue: %s", worker_id, type(exc).__name__)
                ran = False
            except Exception:
                # A thread that dies quietly stops the queue; log loudly and keep going instead.
                log.exception("worker %s failed outside a job handler", worker_id)
                ran = False
            if not ran:
                self._stopping.wait(self.idle_seconds)
