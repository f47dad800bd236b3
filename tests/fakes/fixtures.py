"""pytest fixtures for the fake GitHub. A test module registers them all with::

    pytest_plugins = ("tests.fakes.fixtures",)

(importing fixtures by name works too, but ruff then reports each use as a redefinition).

``fake_github`` is seeded with the bundled sample config repo, and fails the test at teardown if any request
or response broke GitHub's OpenAPI description (a test that provokes violations on purpose clears
``fake.violations`` after asserting on them). ``fake_github_webhooks`` also sends signed webhooks to
``webhook_receiver``, a local HTTP server that records what reached it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from github import Auth, Github

from tests.fakes.github import FakeGitHub
from tests.fakes.openapi import GitHubOpenAPI, github_openapi, spec_path

SAMPLE_REPO = Path(__file__).resolve().parents[2] / "bot" / "sample" / "config-repo"
TOKEN = "ghs_fake_token"
WEBHOOK_SECRET = "webhook-secret-for-tests"
APP_ID = 424242


@dataclass(frozen=True)
class ReceivedDelivery:
    """One POST as it reached the receiver: the raw body and the headers GitHub sets."""

    event: str | None
    delivery_id: str | None
    signature: str | None
    body: bytes

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    url: str
    deliveries: list[ReceivedDelivery] = field(default_factory=list)
    status: int = 204  # what the receiver answers; a test may make it fail

    def of(self, event: str, action: str | None = None) -> list[ReceivedDelivery]:
        return [
            d
            for d in self.deliveries
            if d.event == event and (action is None or d.payload.get("action") == action)
        ]


@pytest.fixture(scope="session")
def github_api_description() -> GitHubOpenAPI:
    """GitHub's REST description, loaded once per session; tests needing it skip, with a hint, without it."""
    if spec_path() is None:
        pytest.skip("GitHub's REST description not found: set KNADA_SHARED to the directory holding specs/")
    return github_openapi()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(url="")

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            receiver.deliveries.append(
                ReceivedDelivery(
                    event=self.headers.get("X-GitHub-Event"),
                    delivery_id=self.headers.get("X-GitHub-Delivery"),
                    signature=self.headers.get("X-Hub-Signature-256"),
                    body=body,
                )
            )
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/github/webhook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def github_app_key() -> bytes:
    """A fresh RSA private key (PEM) for a GitHub App, as GitHub lets an App owner download one."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _checked(fake: FakeGitHub) -> Iterator[FakeGitHub]:
    with fake:
        yield fake
    if fake.violations:
        pytest.fail(
            "the fake GitHub saw requests or responses that break GitHub's API description:\n- "
            + "\n- ".join(fake.violations)
        )


@pytest.fixture
def fake_github(tmp_path: Path, github_api_description: GitHubOpenAPI) -> Iterator[FakeGitHub]:
    yield from _checked(FakeGitHub(tmp_path / "github", seed=SAMPLE_REPO, token=TOKEN))


@pytest.fixture
def fake_github_webhooks(
    tmp_path: Path, github_api_description: GitHubOpenAPI, webhook_receiver: WebhookReceiver
) -> Iterator[FakeGitHub]:
    fake = FakeGitHub(
        tmp_path / "github",
        seed=SAMPLE_REPO,
        token=TOKEN,
        webhook_url=webhook_receiver.url,
        webhook_secret=WEBHOOK_SECRET,
    )
    yield from _checked(fake)


@pytest.fixture
def fake_github_app(
    tmp_path: Path, github_api_description: GitHubOpenAPI, github_app_key: bytes
) -> Iterator[FakeGitHub]:
    """A fake that also accepts GitHub App credentials (app id ``APP_ID``, key ``github_app_key``)."""
    fake = FakeGitHub(
        tmp_path / "github", seed=SAMPLE_REPO, token=TOKEN, app_private_key_pem=github_app_key, app_id=APP_ID
    )
    yield from _checked(fake)


def client_for(fake: FakeGitHub, auth: Auth.Auth | None = None) -> Github:
    """PyGithub pointed at ``fake``: no pacing, no retries, so each call is exactly one request, and lazy
    (``get_repo`` and ``get_pull`` fetch nothing until an attribute is read), as the bot uses it."""
    return Github(
        auth=auth or Auth.Token(fake.token),
        base_url=fake.base_url,
        lazy=True,
        seconds_between_requests=None,
        seconds_between_writes=None,
        retry=None,
    )


@pytest.fixture
def github_client(fake_github: FakeGitHub) -> Github:
    return client_for(fake_github)
