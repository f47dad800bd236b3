"""The durable job queue on a real SQLite file and a real PostgreSQL: dedup, claiming under concurrency,
leases, backoff, and the Worker."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.store import db, jobs
from bot.store.models import Job
from tests.concurrency import race

T0 = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    db.migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return db.session_factory(engine)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def stored(sessions: sessionmaker[Session], job_id: int) -> Job:
    with sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def enqueue(sessions: sessionmaker[Session], kind: str = "open-pr", **options: object) -> Job:
    """A job enqueued at T0 (or at ``clock=``'s time)."""
    options.setdefault("clock", lambda: T0)
    with sessions.begin() as session:
        return jobs.enqueue(session, kind, {"request": "R-1"}, **options)  # type: ignore[arg-type]


def wait_until(condition: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    """Poll ``condition``; fail (not hang) if it doesn't hold within ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.02)


# --- enqueue and claim ------------------------------------------------------------------------------


def test_claim_runs_a_job_once_then_complete_finishes_it(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    job_id = enqueue(sessions, clock=clock).id
    job = jobs.claim(sessions, "replica-a/0", clock=clock)
    assert job is not None
    assert (job.id, job.kind, job.payload, job.state, job.attempts) == (
        job_id,
        "open-pr",
        {"request": "R-1"},
        "running",
        1,
    )
    assert (job.locked_by, job.locked_until) == ("replica-a/0", T0 + timedelta(seconds=60))
    assert jobs.claim(sessions, "replica-b/0", clock=clock) is None

    clock.advance(5)
    jobs.complete(sessions, job, clock=clock)
    done = stored(sessions, job_id)
    assert (done.state, done.finished_at, done.locked_by, done.locked_until) == (
        "done",
        T0 + timedelta(seconds=5),
        None,
        None,
    )
    clock.advance(3600)
    assert jobs.claim(sessions, "replica-b/0", clock=clock) is None


def test_claim_takes_due_jobs_oldest_first_and_waits_for_run_at(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    later = enqueue(sessions, "refresh-card", run_at=T0 + timedelta(minutes=5), clock=clock).id
    first = enqueue(sessions, "open-pr", clock=clock).id
    clock.advance(1)
    second = enqueue(sessions, "open-pr", clock=clock).id
    clock.advance(1)
    taken = [jobs.claim(sessions, "w", lease_seconds=3600, clock=clock) for _ in range(3)]
    assert [j.id if j else None for j in taken] == [first, second, None]
    clock.advance(300)
    assert jobs.claim(sessions, "w", lease_seconds=3600, clock=clock).id == later


def test_claim_only_the_kinds_asked_for(sessions: sessionmaker[Session]) -> None:
    chore = enqueue(sessions, "delete-hub-users").id
    pr = enqueue(sessions, "open-pr").id
    assert jobs.claim(sessions, "w", kinds={"open-pr"}).id == pr
    assert jobs.claim(sessions, "w", kinds={"open-pr"}) is None
    assert jobs.claim(sessions, "w", kinds=[]) is None
    assert jobs.claim(sessions, "w", kinds={"open-pr", "delete-hub-users"}).id == chore


def test_claim_accepts_an_engine(engine: Engine, sessions: sessionmaker[Session]) -> None:
    job_id = enqueue(sessions).id
    job = jobs.claim(engine, "w")
    assert job.id == job_id
    jobs.complete(engine, job)
    assert stored(sessions, job_id).state == "done"


def test_same_dedup_key_gives_one_job(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        first = jobs.enqueue(session, "open-pr", {"attempt": 1}, dedup_key="open-pr:R-1")
        again = jobs.enqueue(session, "open-pr", {"attempt": 2}, dedup_key="open-pr:R-1")
        other = jobs.enqueue(session, "open-pr", {"attempt": 3}, dedup_key="open-pr:R-2")
        assert again.id == first.id
        assert other.id != first.id
    # Even once done, the key names that piece of work: a late redelivery adds nothing.
    jobs.complete(sessions, jobs.claim(sessions, "w"))
    with sessions.begin() as session:
        late = jobs.enqueue(session, "open-pr", {"attempt": 4}, dedup_key="open-pr:R-1")
        assert (late.id, late.state, late.payload) == (first.id, "done", {"attempt": 1})
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 2


def test_racing_enqueues_with_one_dedup_key_make_one_job(sessions: sessionmaker[Session]) -> None:
    def enqueue_once(number: int) -> int:
        with sessions.begin() as session:
            return jobs.enqueue(session, "open-pr", {"by": number}, dedup_key="open-pr:R-7").id

    ids = race(20, enqueue_once)
    assert all(isinstance(i, int) for i in ids), ids
    assert len(set(ids)) == 1
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1


def test_enqueue_is_part_of_the_callers_transaction(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        jobs.enqueue(session, "open-pr", {}, dedup_key="open-pr:R-3")
        session.rollback()
    assert jobs.claim(sessions, "w") is None
    with sessions.begin() as session:
        assert jobs.enqueue(session, "open-pr", {}, dedup_key="open-pr:R-3").state == "queued"


def test_enqueue_refuses_zero_attempts(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, pytest.raises(ValueError, match="at least 1"):
        jobs.enqueue(session, "open-pr", {}, max_attempts=0)


# --- concurrency --------------------------------------------------------------------------------------


def enqueue_many(sessions: sessionmaker[Session], count: int) -> set[int]:
    with sessions.begin() as session:
        return {jobs.enqueue(session, "echo", {"n": n}).id for n in range(count)}


def test_four_worker_threads_run_each_of_200_jobs_exactly_once(sessions: sessionmaker[Session]) -> None:
    expected = enqueue_many(sessions, 200)
    runs: Counter[int] = Counter()
    ran_on: set[str] = set()
    lock = threading.Lock()

    def echo(job: Job) -> None:
        with lock:
            runs[job.id] += 1
            ran_on.add(threading.current_thread().name)
        time.sleep(0.001)  # a little work, so that the threads interleave

    worker = jobs.Worker(sessions, {"echo": echo}, name="replica-a", threads=4, idle_seconds=0.01)
    worker.start()
    try:
        wait_until(lambda: jobs_in(sessions, "done") == 200, "200 jobs done")
    finally:
        assert worker.stop(timeout=30)
    assert set(runs) == expected
    assert set(runs.values()) == {1}
    assert len(ran_on) > 1  # the threads really competed
    with sessions() as session:
        assert jobs.count_by_state(session) == {"done": 200}
        assert set(session.scalars(select(Job.attempts))) == {1}


def jobs_in(sessions: sessionmaker[Session], state: str) -> int:
    with sessions() as session:
        return jobs.count_by_state(session).get(state, 0)


def drain_in_process(url: str, name: str, start: object, results: object) -> None:
    """A replica: two worker threads run ``echo`` jobs until none is left, then report what they ran."""
    engine = db.make_engine(url)
    sessions = db.session_factory(engine)
    ran: list[int] = []
    lock = threading.Lock()

    def echo(job: Job) -> None:
        with lock:
            ran.append(job.id)
        time.sleep(0.001)

    worker = jobs.Worker(sessions, {"echo": echo}, name=name)
    start.wait()  # type: ignore[attr-defined]

    def drain(thread: int) -> None:
        while worker.run_once(f"{name}/{thread}"):
            pass

    threads = [threading.Thread(target=drain, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    results.put((name, ran))  # type: ignore[attr-defined]


def test_two_processes_run_each_of_200_jobs_exactly_once(
    database_url: str, sessions: sessionmaker[Session]
) -> None:
    expected = enqueue_many(sessions, 200)
    context = multiprocessing.get_context("spawn")
    # Both replicas and this test meet here, so that the replicas start draining together.
    start, results = context.Barrier(3), context.Queue()
    replicas = [
        context.Process(target=drain_in_process, args=(database_url, name, start, results))
        for name in ("replica-a", "replica-b")
    ]
    for replica in replicas:
        replica.start()
    start.wait(timeout=120)
    reports = dict(results.get(timeout=120) for _ in replicas)
    for replica in replicas:
        replica.join(timeout=30)
        assert replica.exitcode == 0
    runs = Counter(reports["replica-a"] + reports["replica-b"])
    assert set(runs) == expected
    assert set(runs.values()) == {1}
    assert reports["replica-a"] and reports["replica-b"]  # both replicas took a share
    with sessions() as session:
        assert jobs.count_by_state(session) == {"done": 200}


# --- leases -------------------------------------------------------------------------------------------


def test_expired_lease_hands_a_crashed_job_to_another_worker(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    job_id = enqueue(sessions).id
    crashed = jobs.claim(sessions, "replica-a/0", lease_seconds=60, clock=clock)
    # replica-a dies here without a word.
    clock.advance(59)
    assert jobs.claim(sessions, "replica-b/0", clock=clock) is None
    clock.advance(1)
    retaken = jobs.claim(sessions, "replica-b/0", clock=clock)
    assert (retaken.id, retaken.locked_by, retaken.attempts) == (job_id, "replica-b/0", 2)

    # replica-a was only slow, and comes back: its report is refused, replica-b's stands.
    with pytest.raises(
        jobs.LeaseLost, match=f"job {job_id} \\(attempt 1\\) is no longer held by replica-a/0"
    ):
        jobs.complete(sessions, crashed, clock=clock)
    with pytest.raises(jobs.LeaseLost):
        jobs.fail(sessions, crashed, "boom", retry=True, clock=clock)
    with pytest.raises(jobs.LeaseLost):
        jobs.extend_lease(sessions, crashed, clock=clock)
    jobs.complete(sessions, retaken, clock=clock)
    assert stored(sessions, job_id).state == "done"


def test_extend_lease_keeps_a_long_job(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    enqueue(sessions)
    job = jobs.claim(sessions, "replica-a/0", lease_seconds=60, clock=clock)
    clock.advance(50)
    assert jobs.extend_lease(sessions, job, 60, clock=clock) == T0 + timedelta(seconds=110)
    clock.advance(50)
    assert jobs.claim(sessions, "replica-b/0", clock=clock) is None
    assert stored(sessions, job.id).locked_until == T0 + timedelta(seconds=110)


def test_job_whose_worker_crashes_every_time_ends_dead(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    job_id = enqueue(sessions, max_attempts=2).id
    for attempt in (1, 2):
        assert jobs.claim(sessions, f"replica-{attempt}", clock=clock).attempts == attempt
        clock.advance(61)
    assert jobs.claim(sessions, "replica-3", clock=clock) is None
    dead = stored(sessions, job_id)
    assert (dead.state, dead.attempts, dead.locked_by) == ("dead", 2, None)
    assert dead.last_error == "lease expired on attempt 2 of 2"


# --- failures and backoff -----------------------------------------------------------------------------


def test_backoff_doubles_up_to_the_cap_with_jitter_between_half_and_all() -> None:
    low = [jobs.backoff_delay(n, rand=lambda: 0.0).total_seconds() for n in range(1, 12)]
    high = [jobs.backoff_delay(n, rand=lambda: 1.0).total_seconds() for n in range(1, 12)]
    assert low == [5, 10, 20, 40, 80, 160, 320, 640, 1280, 1800, 1800]
    assert high == [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
    assert jobs.backoff_delay(3, rand=lambda: 0.5) == timedelta(seconds=30)


def test_failed_job_is_retried_on_the_backoff_schedule_then_dead(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    job_id = enqueue(sessions, max_attempts=4, clock=clock).id
    waits = []
    for attempt in (1, 2, 3):
        job = jobs.claim(sessions, "w", clock=clock)
        assert job.attempts == attempt
        error = f"GitHub answered 502 (try {attempt})"
        state = jobs.fail(sessions, job, error, True, clock=clock, rand=lambda: 0.0)
        assert state == "queued"
        queued = stored(sessions, job_id)
        waits.append((queued.run_at - clock.now).total_seconds())
        assert (queued.locked_by, queued.last_error) == (None, error)
        clock.advance(1)
        assert jobs.claim(sessions, "w", clock=clock) is None  # not before its time
        clock.now = queued.run_at
    assert waits == [5, 10, 20]
    last = jobs.claim(sessions, "w", clock=clock)
    assert jobs.fail(sessions, last, "GitHub answered 502 (try 4)", True, clock=clock) == "dead"
    dead = stored(sessions, job_id)
    assert (dead.state, dead.attempts, dead.finished_at) == ("dead", 4, clock.now)
    clock.advance(86400)
    assert jobs.claim(sessions, "w", clock=clock) is None


def test_fail_without_retry_is_dead_at_once(sessions: sessionmaker[Session]) -> None:
    job_id = enqueue(sessions).id
    job = jobs.claim(sessions, "w")
    assert jobs.fail(sessions, job, "hub kyrre has no config", retry=False) == "dead"
    assert (stored(sessions, job_id).state, stored(sessions, job_id).attempts) == ("dead", 1)


def test_long_errors_are_cut(sessions: sessionmaker[Session]) -> None:
    job_id = enqueue(sessions).id
    jobs.fail(sessions, jobs.claim(sessions, "w"), "x" * 10_000, retry=True)
    error = stored(sessions, job_id).last_error
    assert len(error) == jobs.MAX_ERROR_CHARS
    assert error.endswith("…")


def test_prune_forgets_old_done_jobs_but_keeps_dead_ones(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    old_done = enqueue(sessions, dedup_key="open-pr:R-1").id
    dead = enqueue(sessions).id
    jobs.complete(sessions, jobs.claim(sessions, "w", clock=clock), clock=clock)
    jobs.fail(sessions, jobs.claim(sessions, "w", clock=clock), "gone", retry=False, clock=clock)
    clock.advance(40 * 86400)
    recent_done = enqueue(sessions, clock=clock).id
    jobs.complete(sessions, jobs.claim(sessions, "w", clock=clock), clock=clock)
    with sessions.begin() as session:
        assert jobs.prune_done(session, finished_before=clock.now - timedelta(days=30)) == 1
    with sessions() as session:
        assert set(session.scalars(select(Job.id))) == {dead, recent_done}
    with sessions.begin() as session:
        assert jobs.enqueue(session, "open-pr", {}, dedup_key="open-pr:R-1").id != old_done


# --- the Worker ---------------------------------------------------------------------------------------


def test_worker_retries_errors_and_buries_permanent_failures(sessions: sessionmaker[Session]) -> None:
    flaky = enqueue(sessions, "flaky").id
    hopeless = enqueue(sessions, "hopeless").id
    unknown = enqueue(sessions, "from-a-newer-replica").id

    def flaky_handler(job: Job) -> None:
        raise ConnectionError("GitHub unreachable")

    def hopeless_handler(job: Job) -> None:
        raise jobs.PermanentFailure("configs/kyrre.yaml is gone")

    worker = jobs.Worker(sessions, {"flaky": flaky_handler}, rand=lambda: 0.0)
    worker.register("hopeless", hopeless_handler)
    assert worker.run_once()
    assert worker.run_once()
    assert not worker.run_once()  # nothing left it has a handler for

    retried = stored(sessions, flaky)
    assert (retried.state, retried.attempts) == ("queued", 1)
    assert retried.last_error == "ConnectionError: GitHub unreachable"
    buried = stored(sessions, hopeless)
    assert (buried.state, buried.last_error) == ("dead", "PermanentFailure: configs/kyrre.yaml is gone")
    assert stored(sessions, unknown).state == "queued"


def test_stop_lets_the_running_job_finish(sessions: sessionmaker[Session]) -> None:
    job_id = enqueue(sessions, "slow").id
    started, release = threading.Event(), threading.Event()

    def slow(job: Job) -> None:
        started.set()
        release.wait(30)

    worker = jobs.Worker(sessions, {"slow": slow}, threads=1, idle_seconds=0.01)
    worker.start()
    assert started.wait(30)
    assert worker.stop(timeout=0.2) is False  # the handler is still running, and is not cut short
    release.set()
    assert worker.stop(timeout=30) is True
    assert stored(sessions, job_id).state == "done"


def test_worker_keeps_the_lease_of_a_long_handler(sessions: sessionmaker[Session]) -> None:
    job_id = enqueue(sessions, "slow").id
    started, release = threading.Event(), threading.Event()

    def slow(job: Job) -> None:
        started.set()
        release.wait(30)

    worker = jobs.Worker(sessions, {"slow": slow}, threads=1, lease_seconds=0.6, idle_seconds=0.01)
    worker.start()
    try:
        assert started.wait(30)
        time.sleep(1.5)  # well past the first lease: only the heartbeat keeps the job
        assert jobs.claim(sessions, "replica-b/0") is None
    finally:
        release.set()
        assert worker.stop(timeout=30)
    done = stored(sessions, job_id)
    assert (done.state, done.attempts) == ("done", 1)
