"""``knada-bot serve``: wiring. Settings in; database migrated; service, Bolt app, worker, reconciler and
HTTP server started; all stopped in order on SIGTERM (HTTP first, then the worker finishes its jobs).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

import waitress
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from waitress import wasyncore

from bot import catalog, logs
from bot.forge.base import Forge
from bot.forge.github import GitHubForge
from bot.hubconfig.policy import Policy
from bot.service import Service
from bot.settings import Settings, SettingsError, load_settings
from bot.slack.app import create_app
from bot.slack.identity import AdminDirectory, IdentityResolver, load_ident_map
from bot.store import db, jobs
from bot.web import WebApp

log = logging.getLogger(__name__)


class CountingWebClient(WebClient):
    """A WebClient that counts its calls for ``/metrics``."""

    on_call: Any = None

    def api_call(self, api_method: str, **kwargs: Any) -> Any:  # type: ignore[override]
        ok = "false"
        try:
            response = super().api_call(api_method, **kwargs)
            ok = "true"
            return response
        finally:
            if self.on_call is not None:
                self.on_call(api_method, ok)


def slack_client(settings: Settings) -> CountingWebClient:
    token = settings.SLACK_BOT_TOKEN.get_secret_value() if settings.SLACK_BOT_TOKEN else None
    client = CountingWebClient(token=token, base_url=settings.SLACK_API_URL, timeout=10)
    client.retry_handlers.extend(
        [ConnectionErrorRetryHandler(), RateLimitErrorRetryHandler(max_retry_count=2)]
    )
    return client


@dataclass
class Runtime:
    settings: Settings
    service: Service
    worker: jobs.Worker
    server: Any = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _warmed: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start_background(self) -> None:
        self.worker.start()
        for target, name in ((self._reconcile_loop, "reconciler"), (self._warm_up, "warm-up")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _warm_up(self) -> None:
        """Load the configs snapshot and Slack's auth.test before the first command needs them, so that
        no acknowledgement waits for GitHub or Slack; retried until it works or the service stops."""
        delay = 1.0
        while not self._stop.is_set():
            try:
                self.service.snapshots.refresh()
                self.service.slack.auth_test()
                self._warmed.set()
                return
            except Exception as error:
                log.warning("warm-up failed, retrying in %.0f s: %s", delay, type(error).__name__)
                self._stop.wait(delay)
                delay = min(delay * 2, 60.0)

    def _reconcile_loop(self) -> None:
        period = self.settings.KNADA_RECONCILE_SECONDS
        while not self._stop.wait(period):
            try:
                self.service.enqueue_reconcile(period)
            except Exception:
                log.exception("could not queue the reconciler")

    def serve_http(self, host: str = "0.0.0.0", port: int | None = None) -> Any:
        bolt = create_app(
            self.service,
            signing_secret=self.settings.SLACK_SIGNING_SECRET.get_secret_value(),  # type: ignore[union-attr]
            client=self.service.slack,
        )
        self.server = waitress.create_server(
            WebApp(self.service, bolt, warmed=self._warmed.is_set),
            host=host,
            port=self.settings.PORT if port is None else port,
            threads=self.settings.KNADA_HTTP_THREADS,
            asyncore_use_poll=True,  # select() fails on descriptors above 1024
            ident="knada-bot",
        )
        if self.settings.SLACK_APP_TOKEN is not None:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            SocketModeHandler(bolt, self.settings.SLACK_APP_TOKEN.get_secret_value()).connect()
        return self.server

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self.server is not None:
            self.server.close()  # accept nothing new
            # Let the requests being served finish, then close the connections still open.
            self.server.task_dispatcher.shutdown(cancel_pending=False, timeout=timeout)
            wasyncore.close_all(self.server._map)
        self.worker.stop(timeout)
        db.dispose(self.service.engine)


def build(settings: Settings, *, forge: Forge | None = None, client: WebClient | None = None) -> Runtime:
    catalog.set_default_language(settings.KNADA_LANGUAGE)
    policy = Policy.load(settings.KNADA_POLICY)
    engine = db.make_engine(settings.DATABASE_URL)
    db.migrate(engine)
    sessions = db.session_factory(engine)
    client = client or slack_client(settings)
    mapping = load_ident_map(settings.KNADA_IDENT_MAP) if settings.KNADA_IDENT_MAP else None
    service = Service(
        settings=settings,
        sessions=sessions,
        engine=engine,
        forge=forge or GitHubForge.from_settings(settings, policy),
        slack=client,
        identity=IdentityResolver(client, field_id=settings.KNADA_IDENT_FIELD, mapping=mapping),
        admins=AdminDirectory(client, group_id=settings.KNADA_ADMIN_GROUP, admin_ids=settings.admin_ids),
    )
    if isinstance(client, CountingWebClient):
        client.on_call = lambda method, ok: service.metrics.slack_calls.labels(method=method, ok=ok).inc()
    # A short lease: after a crash, another replica (or the restarted one) takes the job over within 15 s.
    worker = jobs.Worker(
        sessions, service.handlers(), threads=settings.KNADA_WORKER_THREADS, lease_seconds=15
    )
    return Runtime(settings=settings, service=service, worker=worker)


def run_serve() -> int:
    logs.configure()
    try:
        settings = load_settings(for_serve=True)
    except SettingsError as error:
        print("knada-bot serve: the configuration is not usable:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    logs.configure(settings.LOG_LEVEL)
    runtime = build(settings)
    server = runtime.serve_http()
    runtime.start_background()

    def terminate(signum: int, _frame: Any) -> None:
        log.info("signal %s: shutting down", signum)
        threading.Thread(target=runtime.stop, name="shutdown", daemon=True).start()

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    log.info("knada-bot listening on port %s", settings.PORT)
    with contextlib.suppress(OSError):  # the socket was closed by stop()
        server.run()
    runtime.worker.stop(30)
    log.info("knada-bot stopped")
    return 0
