"""HTTP: ``/slack/events`` (Bolt), ``/github/webhook``, ``/isalive``, ``/isready``, ``/metrics``.

A plain WSGI application served by waitress with a pool of threads: Bolt's sync ``App.dispatch`` blocks,
so each request gets a thread of its own and a slow one never holds up a probe or an acknowledgement.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.forge.events import verify_signature

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.service import Service

log = logging.getLogger(__name__)
MAX_WEBHOOK_BYTES = 25 * 1024 * 1024  # GitHub caps payloads at 25 MB

StartResponse = Callable[..., Any]


def _respond(start_response: StartResponse, status: str, body: bytes, content_type: str) -> Iterable[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _json(start_response: StartResponse, status: str, data: object) -> Iterable[bytes]:
    return _respond(start_response, status, json.dumps(data).encode(), "application/json")


class WebApp:
    def __init__(
        self, service: Service, bolt_app: App | None, warmed: Callable[[], bool] = lambda: True
    ) -> None:
        self.service = service
        self.slack = SlackRequestHandler(bolt_app) if bolt_app is not None else None
        self.warmed = warmed

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if path == "/isalive" and method == "GET":
            return _respond(start_response, "200 OK", b"alive\n", "text/plain")
        if path == "/isready" and method == "GET":
            ready, why = self.service.readiness()
            if ready and not self.warmed():
                # Not routed to until it can validate commands without calling GitHub.
                ready, why = False, "loading the configs from GitHub"
            status = "200 OK" if ready else "503 Service Unavailable"
            return _json(start_response, status, {"ready": ready, "reason": why})
        if path == "/metrics" and method == "GET":
            return _respond(
                start_response, "200 OK", generate_latest(self.service.metrics.registry), CONTENT_TYPE_LATEST
            )
        if path == "/slack/events" and method == "POST" and self.slack is not None:
            return self.slack(environ, start_response)
        if path == "/github/webhook" and method == "POST":
            return self._github(environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    def _github(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_WEBHOOK_BYTES:
            return _json(start_response, "400 Bad Request", {"error": "a JSON body is required"})
        body = environ["wsgi.input"].read(length)
        signature = environ.get("HTTP_X_HUB_SIGNATURE_256")
        if not verify_signature(self.service.webhook_secret, body, signature):
            self.service.metrics.webhooks.labels(outcome="bad_signature").inc()
            return _json(start_response, "401 Unauthorized", {"error": "bad or missing X-Hub-Signature-256"})
        event = environ.get("HTTP_X_GITHUB_EVENT", "")
        delivery = environ.get("HTTP_X_GITHUB_DELIVERY", "")
        if not event or not delivery:
            return _json(
                start_response, "400 Bad Request", {"error": "X-GitHub-Event and X-GitHub-Delivery required"}
            )
        try:
            payload = json.loads(body)
        except ValueError:
            return _json(start_response, "400 Bad Request", {"error": "body is not JSON"})
        outcome = self.service.receive_webhook(event, delivery, payload)
        self.service.metrics.webhooks.labels(outcome=outcome).inc()
        return _json(start_response, "202 Accepted", {"outcome": outcome})
