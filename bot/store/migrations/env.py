"""Alembic's entry point for the bot's migrations; ``bot.store.db.migrate`` runs it.

There is no alembic.ini: the caller puts an open connection in ``config.attributes["connection"]``. To write
the next revision, migrate a scratch database to head, change the models, then autogenerate::

    from alembic import command
    from bot.store import db

    engine = db.make_engine("sqlite:///scratch.db")
    db.migrate(engine)
    config = db.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message="add chores", autogenerate=True, rev_id="0002")

and review the file it writes to ``versions/`` (check constraints are not compared: write those by hand).
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from bot.store.models import Base, UTCDateTime


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # A migration is a frozen snapshot: it must not import model code that will change later.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite can't ALTER most things; batch mode rebuilds the table there and is plain ALTER elsewhere.
        render_as_batch=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is None:
    raise RuntimeError("run migrations through bot.store.db.migrate(engine), which passes a connection")
_run(_connection)
