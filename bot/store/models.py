"""The database tables of the running service, as SQLAlchemy 2 typed ORM models.

Portable between SQLite (the embedded default) and PostgreSQL (several replicas): only generic column
types, JSON through ``sqlalchemy.JSON``, timestamps always timezone-aware UTC in Python whatever the
database stores, and constraint names fixed by a naming convention so a migration written on one database
matches the other.

The schema itself is created by the Alembic migrations in ``bot/store/migrations``, never by
``metadata.create_all``; a test checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.catalog import LANGUAGES
from bot.lifecycle.change import REQUEST_ID_RE
from bot.lifecycle.commands import KIND_OF
from bot.lifecycle.states import TERMINAL, State

# The vocabularies are the domain's (one place for each fact); the migrations hold frozen copies as CHECK
# constraints, and a test makes sure the two still agree.
REQUEST_KINDS = tuple(KIND_OF.values())
REQUEST_STATES = tuple(state.value for state in State)
#: States a request never leaves. ``failed`` is not one: it offers a Retry button, so it still needs the
#: requester's attention and is listed among their open requests.
FINAL_STATES = frozenset(state.value for state in TERMINAL)
JOB_STATES = ("queued", "running", "done", "dead")


Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is timezone-aware UTC in Python on every database.

    SQLite has no time zone type: SQLAlchemy stores the wall clock and returns naive datetimes, which then
    can't be compared with aware ones. Storing UTC and tagging it on the way out keeps both databases
    behaving like PostgreSQL's ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # A naive time is ambiguous (local? UTC?); refusing it catches the bug where it is made.
            raise ValueError(f"timestamp must be timezone-aware, got naive {value.isoformat()}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class Request(Base):
    """One ``/knada`` request that changes a hub, from the command to its merged pull request."""

    __tablename__ = "requests"
    __table_args__ = (
        CheckConstraint(_one_of("kind", REQUEST_KINDS), name="kind"),
        CheckConstraint(_one_of("state", REQUEST_STATES), name="state"),
        CheckConstraint(_one_of("language", LANGUAGES), name="language"),
        Index(None, "requester_ident", "created_at"),
        Index(None, "state"),
        Index(None, "branch"),
        Index(None, "head_sha"),
        # Ids are shown to users; SQLite would otherwise reuse the id of a deleted last row.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    hub: Mapped[str] = mapped_column(String(63))  # the hub's ingress
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the parsed command's values
    requester_slack_id: Mapped[str | None] = mapped_column(String(32))  # None from the command line
    requester_ident: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(32), default="received")
    failure_reason: Mapped[str | None] = mapped_column(Text)
    pr_number: Mapped[int | None] = mapped_column(Integer)
    pr_url: Mapped[str | None] = mapped_column(Text)
    branch: Mapped[str | None] = mapped_column(String(255))
    head_sha: Mapped[str | None] = mapped_column(String(64))  # 64: SHA-256 repositories
    channel_id: Mapped[str | None] = mapped_column(String(32))
    card_ts: Mapped[str | None] = mapped_column(String(32))  # the status card's message ts
    language: Mapped[str] = mapped_column(String(2), default="nb")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Every UPDATE checks and bumps it (UPDATE ... WHERE id = ? AND version = ?), so of two admins who
    # clicked on the same card at once exactly one write lands.
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    @property
    def request_id(self) -> str:
        """The id users see and type, ``R-42``."""
        return f"R-{self.id}"

    @property
    def is_open(self) -> bool:
        return self.state not in FINAL_STATES

    def __repr__(self) -> str:
        return f"<Request {self.request_id} {self.kind} {self.hub} {self.state} v{self.version}>"


def parse_request_id(text: str) -> int:
    """``"R-42"`` (any case, surrounding blanks ignored) -> ``42``; ``ValueError`` for anything else."""
    candidate = text.strip().upper()
    if not REQUEST_ID_RE.match(candidate):
        raise ValueError(f"request id must look like R-42, not {text!r}")
    return int(candidate[2:])


class RequestEvent(Base):
    """One line of a request's history: a state change, a PR event, a click. Never changed once written."""

    __tablename__ = "request_events"
    __table_args__ = (Index(None, "request_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str | None] = mapped_column(String(64))  # a Slack user id, an ident, "github", "bot"
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)

    def __repr__(self) -> str:
        return f"<RequestEvent {self.id} R-{self.request_id} {self.kind}>"


def _refuse_change(_mapper: object, _connection: object, target: RequestEvent) -> None:
    raise TypeError(f"request events are append-only; refusing to change or delete {target!r}")


event.listen(RequestEvent, "before_update", _refuse_change)
event.listen(RequestEvent, "before_delete", _refuse_change)


class WebhookDelivery(Base):
    """A GitHub webhook delivery already handled, keyed by ``X-GitHub-Delivery`` (kept on redelivery)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index(None, "received_at"),)

    delivery_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class Job(Base):
    """A unit of slow work (open a PR, update a card, do a chore), run at least once by some worker."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(_one_of("state", JOB_STATES), name="state"),
        # claim() looks for queued jobs that are due and running jobs whose lease ran out.
        Index(None, "state", "run_at"),
        Index(None, "request_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dedup_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # runs started, counted when claimed
    max_attempts: Mapped[int] = mapped_column(Integer, default=8)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(255))
    locked_until: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state} attempt {self.attempts}/{self.max_attempts}>"
