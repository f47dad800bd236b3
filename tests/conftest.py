"""Fixtures for the whole suite: where the sample data lives.

The shared corpus (a sample of the real config repo, and broken configs with their expected findings) sits
next to this checkout in ``../shared``; elsewhere, point ``KNADA_SHARED`` at it. Tests that need it are
skipped, with that hint, when it is in neither place.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store.testing import PostgresUnavailable, throwaway_database

pytest_plugins = ("tests.fakes.fixtures",)

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_REPO = REPO_ROOT / "bot" / "sample" / "config-repo"


def locate_shared() -> Path | None:
    """``../shared`` next to this checkout, else ``$KNADA_SHARED``; None if neither is a directory.

    A plain function as well as a fixture, for tests that parametrize over the corpus at collection time.
    """
    beside = Path(__file__).resolve().parents[2] / "shared"
    if beside.is_dir():
        return beside
    configured = os.environ.get("KNADA_SHARED")
    if configured and Path(configured).is_dir():
        return Path(configured)
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    shared = locate_shared()
    if shared is None:
        pytest.skip("shared sample data not found: set KNADA_SHARED to the directory holding corpus/")
    return shared


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus"


@pytest.fixture(scope="session")
def sample_repo() -> Path:
    """The config repo shipped with the bot (``bot/sample/config-repo``)."""
    return SAMPLE_REPO


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a fresh SQLite file, or a fresh schema on the test PostgreSQL
    (``TEST_DATABASE_URL``). PostgreSQL runs wherever the suite runs, so its absence fails the test."""
    try:
        with throwaway_database(request.param, tmp_path) as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.fail(f"{exc}; start it, or point TEST_DATABASE_URL at one")
