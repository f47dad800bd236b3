"""The store on a real SQLite file and a real PostgreSQL: schema, readiness, requests, events, deliveries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from bot import catalog
from bot.catalog import LANGUAGES
from bot.lifecycle.commands import KIND_OF
from bot.lifecycle.states import State
from bot.store import db, deliveries, requests
from bot.store.models import Base, Request, RequestEvent, parse_request_id
from tests.concurrency import race

T0 = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    db.migrate(engine)
    return db.session_factory(engine)


def new_request(session: Session, **overrides: object) -> Request:
    values: dict[str, object] = {
        "kind": "users-add",
        "hub": "kyrre",
        "params": {"users": ["g678901"]},
        "requester_ident": "e152435",
        "requester_slack_id": "U0KYRRE",
        "channel_id": "C0KNADA",
        "clock": lambda: T0,
    }
    values.update(overrides)
    return requests.create(session, **values)  # type: ignore[arg-type]


# --- schema and readiness ---------------------------------------------------------------------------


def test_migrations_create_exactly_the_models_schema(engine: Engine) -> None:
    db.migrate(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    tables = set(inspect(engine).get_table_names())
    assert {"requests", "request_events", "webhook_deliveries", "jobs", "alembic_version"} <= tables


def test_is_ready_only_once_migrated(engine: Engine) -> None:
    assert db.is_ready(engine) is False
    db.migrate(engine)
    assert db.is_ready(engine) is True
    assert db.current_revisions(engine) == db.head_revisions()


def test_migrate_again_changes_nothing(engine: Engine, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        new_request(session)
    db.migrate(engine)
    with sessions() as session:
        assert [r.request_id for r in requests.list_requests(session)] == ["R-1"]
    assert db.is_ready(engine)


def test_replicas_migrating_at_once_all_succeed(engine: Engine) -> None:
    outcomes = race(4, lambda _: db.migrate(engine))
    assert outcomes == [None] * 4
    assert db.is_ready(engine)


def test_is_ready_false_when_database_unreachable(tmp_path) -> None:
    missing_dir = db.make_engine(f"sqlite:///{tmp_path / 'no-such-dir' / 'bot.db'}")
    assert db.is_ready(missing_dir) is False
    # Port 1 on localhost: nothing listens, the connection is refused at once.
    nobody = db.make_engine("postgresql+psycopg://bot:hunter2@127.0.0.1:1/knada")
    assert db.is_ready(nobody) is False


def test_not_ready_is_logged_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    nobody = db.make_engine("postgresql+psycopg://bot:hunter2@127.0.0.1:1/knada")
    with caplog.at_level("WARNING"):
        assert db.is_ready(nobody) is False
    assert "database not ready" in caplog.text
    assert "hunter2" not in caplog.text


def test_sqlite_is_set_up_for_threads(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'knada-bot.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.SQLITE_BUSY_TIMEOUT_MS
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite://", "in-memory"),
        ("sqlite:///:memory:", "in-memory"),
        ("mysql+pymysql://bot:hunter2@db/knada", "unsupported database 'mysql'"),
        ("postgresql+psycopg2://bot:hunter2@db/knada", "psycopg 3 only"),
    ],
)
def test_make_engine_refuses_what_the_bot_cannot_run_on(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        db.make_engine(url)
    assert "hunter2" not in str(error.value)


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_plain_postgres_urls_use_psycopg(scheme: str) -> None:
    engine = db.make_engine(f"{scheme}://bot@db.example/knada")
    assert engine.dialect.name == "postgresql"
    assert engine.dialect.driver == "psycopg"


# --- requests -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text_id", "number"), [("R-42", 42), ("r-7", 7), (" R-1000 ", 1000)])
def test_parse_request_id(text_id: str, number: int) -> None:
    assert parse_request_id(text_id) == number


@pytest.mark.parametrize("text_id", ["42", "R-", "R-0", "R-042", "R-4x", "PR-42", "R-12345678901"])
def test_parse_request_id_refuses_other_text(text_id: str) -> None:
    with pytest.raises(ValueError, match="R-42"):
        parse_request_id(text_id)


def test_create_persists_request_and_first_event(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        request = new_request(session)
        assert request.request_id == "R-1"  # known before commit: the card shows it at once
    with sessions() as session:
        stored = requests.get(session, "R-1")
        assert stored is not None
        assert (stored.kind, stored.hub, stored.state, stored.version) == (
            "users-add",
            "kyrre",
            "received",
            1,
        )
        assert stored.params == {"users": ["g678901"]}
        assert stored.created_at == T0
        [event] = requests.events(session, stored)
        assert (event.kind, event.actor, event.at) == ("received", "U0KYRRE", T0)
        assert event.data == {"kind": "users-add", "hub": "kyrre", "params": {"users": ["g678901"]}}


def test_request_language_defaults_to_the_configured_one(sessions: sessionmaker[Session]) -> None:
    catalog.set_default_language("en")
    try:
        with sessions.begin() as session:
            new_request(session)
            new_request(session, language="nb")
    finally:
        catalog.set_default_language(None)
    with sessions() as session:
        assert [r.language for r in requests.list_requests(session)] == ["nb", "en"]


def test_get_by_number_or_text(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        new_request(session)
    with sessions() as session:
        assert requests.get(session, 1) is requests.get(session, "r-1")
        assert requests.get(session, "R-2") is None
        assert requests.get(session, "kyrre") is None


def test_create_refuses_unknown_kind_and_language(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        with pytest.raises(ValueError, match="unknown request kind 'rename'"):
            new_request(session, kind="rename")
        with pytest.raises(ValueError, match="language must be one of nb, en"):
            new_request(session, language="sv")


def test_database_takes_every_kind_and_state_of_the_state_machine(sessions: sessionmaker[Session]) -> None:
    # The migration's CHECK constraints are a frozen copy of the domain's vocabulary: a state or kind
    # added to bot.lifecycle needs a migration, and this is where that shows.
    with sessions.begin() as session:
        new_request(session)
    vocabularies = {"state": list(State), "kind": list(KIND_OF.values()), "language": LANGUAGES}
    unknown = {"state": "lost", "kind": "rename", "language": "sv"}
    for column, values in vocabularies.items():
        for value in values:
            with sessions.begin() as session:
                session.execute(text(f"UPDATE requests SET {column} = :value WHERE id = 1"), {"value": value})
        with pytest.raises(IntegrityError), sessions.begin() as session:
            session.execute(
                text(f"UPDATE requests SET {column} = :value WHERE id = 1"), {"value": unknown[column]}
            )


def test_list_newest_first_by_requester_and_open(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        first = new_request(session, clock=lambda: T0)
        new_request(session, requester_ident="g678901", hub="ola", clock=lambda: T0 + timedelta(minutes=1))
        third = new_request(session, kind="limits", clock=lambda: T0 + timedelta(minutes=2))
        requests.transition(session, first, "cancelled", actor="U0KYRRE")
    with sessions() as session:
        everything = requests.list_requests(session)
        mine = requests.list_requests(session, requester_ident="e152435")
        mine_open = requests.list_requests(session, requester_ident="e152435", open_only=True)
    assert [r.request_id for r in everything] == ["R-3", "R-2", "R-1"]
    assert [r.request_id for r in mine] == ["R-3", "R-1"]
    assert [r.request_id for r in mine_open] == [third.request_id]


def test_transition_moves_state_sets_fields_and_appends_event(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        request = new_request(session)
    later = T0 + timedelta(seconds=40)
    with sessions.begin() as session:
        request = requests.get(session, "R-1")
        requests.transition(
            session,
            request,
            "pr_open",
            actor="bot",
            data={"checks": "pending"},
            fields={"pr_number": 17, "pr_url": "https://github.com/navikt/knada-jupyterhub/pull/17"},
            clock=lambda: later,
        )
    with sessions() as session:
        request = requests.get(session, "R-1")
        assert (request.state, request.pr_number, request.version) == ("pr_open", 17, 2)
        assert request.updated_at == later
        history = requests.events(session, request)
    assert [(e.kind, e.actor) for e in history] == [("received", "U0KYRRE"), ("pr_open", "bot")]
    assert history[1].data == {"from": "received", "to": "pr_open", "checks": "pending"}
    assert history[1].at == later


def test_transition_refuses_unknown_state_and_protected_fields(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        request = new_request(session)
        with pytest.raises(ValueError, match="unknown request state 'lost'"):
            requests.transition(session, request, "lost", actor="bot")
        with pytest.raises(ValueError, match="can't be set here: requester_ident, version"):
            requests.transition(
                session, request, "pr_open", actor="bot", fields={"version": 9, "requester_ident": "x"}
            )


def test_second_of_two_sessions_gets_conflict(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        new_request(session, kind="delete", hub="kyrre")
    first, second = sessions(), sessions()
    try:
        # Both admins open the request; the first approves and commits before the second writes.
        # (Each read is committed at once: on SQLite every transaction holds the write lock, and both
        # sessions live on this one thread.)
        mine = requests.get(first, "R-1")
        first.commit()
        theirs = requests.get(second, "R-1")
        second.commit()
        requests.transition(first, mine, "approved", actor="U0ADMIN1")
        first.commit()
        with pytest.raises(requests.Conflict, match="R-1 changed since version 1"):
            requests.transition(second, theirs, "rejected", actor="U0ADMIN2")
        second.rollback()
    finally:
        first.close()
        second.close()
    with sessions() as session:
        request = requests.get(session, "R-1")
        assert (request.state, request.version) == ("approved", 2)
        assert [e.kind for e in requests.events(session, request)] == ["received", "approved"]


def test_transition_takes_the_state_machines_states(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        request = new_request(session)
        event = requests.transition(session, request, State.PR_OPEN, actor="bot")
        assert type(request.state) is str
        assert (request.state, event.kind, event.data) == (
            "pr_open",
            "pr_open",
            {"from": "received", "to": "pr_open"},
        )


def test_stale_expected_version_is_a_conflict_and_writes_nothing(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        request = new_request(session)
        requests.update(session, request, card_ts="1714815000.000100")
    with sessions() as session:
        request = requests.get(session, "R-1")
        # The button was rendered when the request was at version 1; it is at 2 now.
        with pytest.raises(requests.Conflict) as conflict:
            requests.transition(session, request, "cancelled", actor="U0KYRRE", expected_version=1)
        assert (conflict.value.expected_version, conflict.value.actual_version) == (1, 2)
        session.rollback()
    with sessions() as session:
        request = requests.get(session, "R-1")
        assert (request.state, request.card_ts) == ("received", "1714815000.000100")
        assert len(requests.events(session, request)) == 1


def test_admins_clicking_at_once_exactly_one_wins(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        new_request(session, kind="delete")
        version = 1  # the version the approval buttons were rendered with

    def click(number: int) -> str:
        admin = f"U0ADMIN{number}"
        with sessions.begin() as session:
            request = requests.get(session, "R-1")
            requests.transition(session, request, "approved", actor=admin, expected_version=version)
        return admin

    outcomes = race(10, click)
    winners = [o for o in outcomes if isinstance(o, str)]
    losers = [o for o in outcomes if isinstance(o, requests.Conflict)]
    assert len(winners) == 1
    assert len(losers) == 9
    with sessions() as session:
        request = requests.get(session, "R-1")
        history = requests.events(session, request)
    assert (request.state, request.version) == ("approved", 2)
    assert [(e.kind, e.actor) for e in history] == [("received", "U0KYRRE"), ("approved", winners[0])]


def test_find_by_branch_and_head_sha(sessions: sessionmaker[Session]) -> None:
    sha = "3f786850e387550fdab836ed7e6dc881de23001b"
    with sessions.begin() as session:
        new_request(session)
        second = new_request(session, hub="ola")
        requests.transition(
            session, second, "pr_open", actor="bot", fields={"branch": "knada-bot/r-2", "head_sha": sha}
        )
    with sessions() as session:
        assert requests.find_by_branch(session, "knada-bot/r-2").request_id == "R-2"
        assert requests.find_by_head_sha(session, sha).request_id == "R-2"
        assert requests.find_by_branch(session, "knada-bot/r-9") is None
        assert requests.find_by_head_sha(session, "0" * 40) is None


def test_events_are_append_only_and_in_order(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        request = new_request(session)
        # Same timestamp for all: the order must not depend on the clock.
        for check in ("validate", "yamllint", "codeowners"):
            requests.add_event(
                session, request, "check", actor="github", data={"name": check}, clock=lambda: T0
            )
    with sessions() as session:
        history = requests.events(session, 1)
        assert [e.data.get("name") for e in history] == [None, "validate", "yamllint", "codeowners"]
        history[1].kind = "rewritten"
        with pytest.raises(TypeError, match="append-only"):
            session.flush()
        session.rollback()
        session.delete(requests.events(session, 1)[0])
        with pytest.raises(TypeError, match="append-only"):
            session.flush()
        session.rollback()
    with sessions() as session:
        kinds = session.scalars(select(RequestEvent.kind).order_by(RequestEvent.id)).all()
    assert kinds == ["received", "check", "check", "check"]


def test_timestamps_come_back_as_aware_utc(sessions: sessionmaker[Session]) -> None:
    oslo_summer = timezone(timedelta(hours=2))
    with sessions.begin() as session:
        new_request(session, clock=lambda: datetime(2026, 6, 1, 16, 0, tzinfo=oslo_summer))
    with sessions() as session:
        stored = requests.get(session, "R-1")
        assert stored.created_at.tzinfo is UTC
        assert stored.created_at == datetime(2026, 6, 1, 14, 0, tzinfo=UTC)
        assert stored.created_at.hour == 14
    with sessions() as session, pytest.raises(StatementError, match="timezone-aware"):
        new_request(session, clock=lambda: datetime(2026, 6, 1, 14, 0))


# --- webhook deliveries -------------------------------------------------------------------------------


def test_delivery_is_new_only_the_first_time(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        assert deliveries.record_delivery(session, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "pull_request")
    with sessions.begin() as session:
        assert not deliveries.record_delivery(session, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "pull_request")
        assert deliveries.record_delivery(session, "72d3162e-cc78-11e3-81ab-4c9367dc0959", "status")


def test_delivery_rolled_back_is_new_again(sessions: sessionmaker[Session]) -> None:
    session = sessions()
    assert deliveries.record_delivery(session, "d-1", "check_suite")
    session.rollback()  # handling the webhook failed: GitHub's redelivery must be handled afresh
    session.close()
    with sessions.begin() as session:
        assert deliveries.record_delivery(session, "d-1", "check_suite")


def test_racing_deliveries_exactly_one_is_new(sessions: sessionmaker[Session]) -> None:
    def deliver(_: int) -> bool:
        with sessions.begin() as session:
            return deliveries.record_delivery(session, "same-delivery", "pull_request")

    outcomes = race(20, deliver)
    assert sorted(outcomes, key=str) == [False] * 19 + [True]
    with sessions() as session:
        assert session.execute(text("SELECT count(*) FROM webhook_deliveries")).scalar() == 1


def test_prune_forgets_old_deliveries(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        deliveries.record_delivery(session, "old", "status", clock=lambda: T0 - timedelta(days=30))
        deliveries.record_delivery(session, "new", "status", clock=lambda: T0)
    with sessions.begin() as session:
        assert deliveries.prune_deliveries(session, before=T0 - timedelta(days=7)) == 1
    with sessions.begin() as session:
        assert deliveries.record_delivery(session, "old", "status")
        assert not deliveries.record_delivery(session, "new", "status")
