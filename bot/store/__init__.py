"""Persistence for the running service: requests and their history, webhook dedup, and the job queue.

``db`` connects and migrates (Alembic, shipped in ``migrations/``), ``models`` holds the tables,
``requests`` and ``deliveries`` the queries, ``jobs`` the durable queue and its ``Worker``. Typical start::

    engine = db.make_engine(settings.database_url)
    db.migrate(engine)
    sessions = db.session_factory(engine)
    worker = jobs.Worker(sessions, {"open-pr": open_pr})
    worker.start()

Errors: ``requests.Conflict`` (a request changed under the caller), ``jobs.LeaseLost`` (a worker reports
on a job that is no longer its own), ``jobs.PermanentFailure`` (raised by handlers: don't retry).
"""

from bot.store.db import is_ready, make_engine, migrate, session_factory
from bot.store.models import Job, Request, RequestEvent, WebhookDelivery, parse_request_id

__all__ = [
    "Job",
    "Request",
    "RequestEvent",
    "WebhookDelivery",
    "is_ready",
    "make_engine",
    "migrate",
    "parse_request_id",
    "session_factory",
]
