"""Throwaway databases for tests: a SQLite file, or an empty PostgreSQL schema dropped afterwards.

Tests of anything that persists (the store, the web app's ``/isready``, end-to-end flows) run on both
databases; this gives each test an empty PostgreSQL schema on the server at ``TEST_DATABASE_URL``, so tests
and CI jobs sharing one server never see each other's rows.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL, make_url

DEFAULT_TEST_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class PostgresUnavailable(Exception):
    """No PostgreSQL server answers at the test URL."""


def postgres_test_url() -> str:
    """``TEST_DATABASE_URL``, or the server the CI script and this machine run."""
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)


def _libpq_dsn(url: URL) -> str:
    """The libpq connection string of a SQLAlchemy URL (psycopg doesn't read ``postgresql+psycopg://``)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def postgres_schema(base_url: str | None = None) -> Iterator[str]:
    """Create an empty schema ``test_<random>`` and yield a URL whose connections use only it.

    The schema is the ``search_path`` of every connection made from the URL (libpq ``options``), so the
    migrations, the ``alembic_version`` table and every query land in it. Raises ``PostgresUnavailable``
    if the server can't be reached. Dispose engines made from the URL before leaving the block.
    """
    url = make_url(base_url or postgres_test_url())
    schema = f"test_{secrets.token_hex(6)}"
    try:
        admin = psycopg.connect(_libpq_dsn(url), connect_timeout=3)
    except psycopg.OperationalError as exc:
        where = url.render_as_string(hide_password=True)
        raise PostgresUnavailable(f"PostgreSQL at {where} is unreachable: {exc}") from exc
    with admin:
        admin.autocommit = True
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False
            )
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def throwaway_database(backend: str, directory: Path) -> Iterator[str]:
    """A URL to an empty database of ``backend`` (``sqlite``: a file in ``directory``; ``postgresql``:
    a schema of its own, see ``postgres_schema``). For a fixture parametrized over both databases."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'knada-bot.db'}"
    elif backend == "postgresql":
        with postgres_schema() as url:
            yield url
    else:
        raise ValueError(f"no throwaway {backend!r} database")
