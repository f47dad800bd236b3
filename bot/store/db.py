"""Connecting to the database, bringing its schema to the latest migration, and telling whether it's ready.

Two databases are supported. SQLite (a file; the embedded default) is tuned for one process with many
threads: WAL so readers don't wait for the writer, a busy timeout so writers queue instead of failing, and
every transaction opened with ``BEGIN IMMEDIATE`` (see ``_sqlite_begin``). One consequence: on SQLite a
thread must not keep two sessions in a transaction at once, as the second waits for the first (up to the
busy timeout, then fails). PostgreSQL, through psycopg 3, is for several replicas; ``postgres://`` and
``postgresql://`` URLs are taken to mean psycopg.
"""

from __future__ import annotations

import logging
import weakref
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_CONNECT_TIMEOUT_S = 10
# Any fixed number: replicas starting together take this advisory lock so only one migrates at a time.
_MIGRATION_LOCK = 0x6B6E6164  # "knad"


def _normalize(url: str) -> URL:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgres" or parsed.drivername == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        raise ValueError(
            f"PostgreSQL is supported through psycopg 3 only (postgresql+psycopg://), not {backend}"
        )
    if backend == "sqlite":
        if parsed.get_driver_name() != "pysqlite":
            raise ValueError("SQLite is supported through the standard library driver only (sqlite:///path)")
        if parsed.database in (None, "", ":memory:") or "mode=memory" in str(parsed):
            # The worker and the web server use separate connections, and an in-memory SQLite database
            # exists once per connection: each thread would see its own empty database.
            raise ValueError("an in-memory SQLite database can't be shared between threads; use a file")
        return parsed
    if backend != "postgresql":
        raise ValueError(f"unsupported database {backend!r}: use sqlite:///path or postgresql+psycopg://")
    return parsed


def make_engine(url: str, *, pool_size: int = 5, max_overflow: int = 10, echo: bool = False) -> Engine:
    """An engine for ``url`` (``DATABASE_URL``), set up for the service's threads.

    Raises ``ValueError`` for a database or driver the bot doesn't support. Error messages never contain
    the password of the URL.
    """
    parsed = _normalize(url)
    kwargs: dict[str, Any] = {"pool_size": pool_size, "max_overflow": max_overflow, "echo": echo}
    if parsed.get_backend_name() == "sqlite":
        # SQLite has one writer at a time, and a writer that finds the lock taken polls for it with
        # growing sleeps (up to 100 ms each): with a dozen threads that turns into seconds of waiting.
        # So writes go through a pool of one connection, where the next thread is handed the connection
        # the moment it is free, and reads through a pool of their own (under WAL they never wait).
        # Pooled connections move between threads; each is used by one thread at a time.
        sqlite_args: dict[str, Any] = {"connect_args": {"check_same_thread": False}, "echo": echo}
        engine = create_engine(parsed, pool_size=1, max_overflow=0, pool_timeout=60, **sqlite_args)
        reader = create_engine(parsed, pool_size=pool_size, max_overflow=max_overflow, **sqlite_args)
        for each in (engine, reader):
            event.listen(each, "connect", _sqlite_connect)
            event.listen(each, "begin", _sqlite_begin)
        _READERS[engine] = reader
        return engine
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in parsed.query:
        # Without it an unreachable server hangs /isready for the OS TCP timeout (minutes).
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    return create_engine(parsed, connect_args=connect_args, pool_pre_ping=True, **kwargs)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy (the "begin" hook below); pysqlite's own would open
    # transactions lazily with a plain BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a power cut may lose the last commits only
    cursor.close()


READ_ONLY = "knada_read_only"
_READERS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _sqlite_begin(connection: Any) -> None:
    # A deferred transaction that reads and then writes fails with SQLITE_BUSY at once (no busy wait)
    # when another connection wrote in between. Taking the write lock up front makes concurrent
    # transactions queue on busy_timeout instead, and makes read-then-write (claim a job, check a
    # version) atomic. Writes are short, so serializing them costs little. Sessions that only read
    # (``read_session_factory``) begin deferred: under WAL they neither wait for nor block a writer, so
    # the jobs' many reads don't queue the acknowledgements' writes.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def dialect_insert(session: Session) -> Any:
    """The session's database's ``insert``, the one with ``on_conflict_do_nothing`` (both we support)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"unsupported database {name!r}")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on ``engine``. Objects stay readable after commit (the service renders them afterwards)."""
    return sessionmaker(engine, expire_on_commit=False)


def dispose(engine: Engine) -> None:
    """Close every pooled connection of ``engine`` (and of its SQLite read pool)."""
    reader = _READERS.pop(engine, None)
    if reader is not None:
        reader.dispose()
    engine.dispose()


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading only: nothing they write is ever committed (SQLite: a deferred transaction,
    on connections of their own)."""
    reader = _READERS.get(engine, engine)
    return sessionmaker(reader.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


def alembic_config() -> Config:
    """Alembic's configuration for the bot's migrations, built in code (there is no alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head_revisions() -> frozenset[str]:
    """The revisions a fully migrated database is at."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def migrate(engine: Engine) -> None:
    """Apply every migration the database lacks. Safe to run from several replicas starting at once."""
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Held until commit. DDL is transactional on PostgreSQL, so a replica that waited here finds
            # the schema at head and does nothing. On SQLite, BEGIN IMMEDIATE already serializes us.
            connection.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revisions(engine: Engine) -> frozenset[str]:
    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def is_ready(engine: Engine) -> bool:
    """True when the database answers and its schema is at the latest migration (for ``/isready``)."""
    try:
        current = current_revisions(engine)
    except SQLAlchemyError as exc:
        # The driver's own message (host, port, what failed) without SQLAlchemy's statement and parameters.
        reason = str(getattr(exc, "orig", None) or type(exc).__name__).strip().splitlines()[0]
        log.warning("database not ready: %s: %s", type(exc).__name__, reason)
        return False
    if current != head_revisions():
        log.warning(
            "database not ready: schema at %s, expected %s", sorted(current), sorted(head_revisions())
        )
        return False
    return True
