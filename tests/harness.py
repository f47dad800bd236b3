"""A running knada-bot between a fake Slack and a fake GitHub, for end-to-end tests and benchmarks.

``Stack`` starts the fakes, builds the real service from settings (as ``knada-bot serve`` does), serves it
over HTTP on a free port, and points the fake GitHub's webhooks at it. Tests then act as Slack users
(signed requests) and as GitHub people (checks, reviews, merges), and read what the fakes received.

People in the sample config repo (bot/sample/config-repo) and their Slack ids:
``UKYRRE01`` = e152435 (user of kyrre), ``UANNA001`` = a111111 (fiskeri), ``UOLA0001`` = b999999 (no hub),
``UADMIN01`` = admin by id, ``UADMIN02`` = admin by user group ``S0ADMINS``, ``UNOIDENT`` = no ident.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx

from bot.forge.github import GitHubForge
from bot.serve import Runtime, build
from bot.settings import load_settings
from bot.store.models import Request
from tests.fakes.github import FakeGitHub
from tests.fakes.slack import FakeSlack, block_text
from tests.fakes.slack_requests import SlackRequests

SAMPLE_REPO = Path(__file__).resolve().parents[1] / "bot" / "sample" / "config-repo"
SIGNING_SECRET = "slack-signing-secret-for-tests"
WEBHOOK_SECRET = "github-webhook-secret-for-tests"
CHANNEL = "C0KNADA"
ADMIN_GROUP = "S0ADMINS"
IDENTS = {
    "UKYRRE01": "e152435",
    "UANNA001": "a111111",
    "UOLA0001": "b999999",
    "UADMIN01": "x100001",
    "UADMIN02": "x100002",
}


class Stack:
    def __init__(
        self,
        root: Path,
        *,
        database_url: str | None = None,
        language: str = "en",
        env: Mapping[str, str] | None = None,
        seed: Path = SAMPLE_REPO,
    ) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.slack = FakeSlack().start()
        self.slack.set_usergroup(ADMIN_GROUP, ["UADMIN02"])
        self.slack.allow_pings(f"subteam^{ADMIN_GROUP}")
        self.github = FakeGitHub(root / "github", seed=seed, webhook_secret=WEBHOOK_SECRET).start()
        ident_map = root / "idents.yaml"
        ident_map.write_text("".join(f"{user}: {ident}\n" for user, ident in IDENTS.items()))
        self.env = {
            "SLACK_BOT_TOKEN": self.slack.token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": self.slack.api_url,
            "GITHUB_TOKEN": self.github.token,
            "GITHUB_API_URL": self.github.base_url,
            "GITHUB_REPO": self.github.full_name,
            "GITHUB_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "DATABASE_URL": database_url or f"sqlite:///{root / 'knada-bot.db'}",
            "KNADA_IDENT_MAP": str(ident_map),
            "KNADA_ADMINS": "UADMIN01",
            "KNADA_ADMIN_GROUP": ADMIN_GROUP,
            "KNADA_LANGUAGE": language,
            **(env or {}),
        }
        self.runtime: Runtime | None = None
        self.url = ""
        self.requests: SlackRequests | None = None
        self._thread: threading.Thread | None = None

    def forge(self) -> GitHubForge:
        """The forge as ``serve`` builds it, minus PyGithub's pauses between requests (a test has no
        secondary rate limit to respect)."""
        return GitHubForge(
            api_url=self.github.base_url,
            repo=self.github.full_name,
            token=self.github.token,
            seconds_between_requests=None,
            seconds_between_writes=None,
            sleep=lambda _: None,
        )

    def start(self) -> Stack:
        settings = load_settings(self.env, for_serve=True)
        self.runtime = build(settings, forge=self.forge())
        server = self.runtime.serve_http(host="127.0.0.1", port=0)
        self.url = f"http://127.0.0.1:{server.effective_port}"

        def run() -> None:
            with contextlib.suppress(OSError):  # stop() closes the socket under the select loop
                server.run()

        self._thread = threading.Thread(target=run, name="knada-http", daemon=True)
        self._thread.start()
        self.runtime.start_background()
        self.github.webhook_url = f"{self.url}/github/webhook"
        self.requests = SlackRequests(self.url, SIGNING_SECRET, self.slack)
        return self

    def stop(self) -> None:
        if self.requests is not None:
            self.requests.close()
        if self.runtime is not None:
            with contextlib.suppress(OSError):
                self.runtime.stop(timeout=10)
        self.github.stop()
        self.slack.stop()

    # --- acting as people ----------------------------------------------------------------------------

    def command(self, text: str, user: str = "UKYRRE01", **options: Any) -> httpx.Response:
        assert self.requests is not None
        options.setdefault("channel_id", CHANNEL)
        return self.requests.command(text, user, **options)

    # --- reading what people see ---------------------------------------------------------------------

    def cards(self) -> list[dict[str, Any]]:
        return self.slack.messages(CHANNEL)

    def card_of(self, request_id: str) -> dict[str, Any]:
        for message in self.cards():
            if f"· {request_id} ·" in block_text(message):
                return message
        raise AssertionError(f"no card for {request_id}")

    def card_text(self, request_id: str) -> str:
        return block_text(self.card_of(request_id))

    def thread(self, request_id: str) -> list[str]:
        return [reply.get("text", "") for reply in self.card_of(request_id).get("replies", [])]

    def wait_card(self, request_id: str, contains: str, timeout: float = 15.0) -> str:
        def ready() -> str | None:
            try:
                text = self.card_text(request_id)
            except AssertionError:
                return None
            return text if contains in text else None

        return self.slack.wait_for(ready, timeout=timeout, what=f"card of {request_id} showing {contains!r}")

    def wait_thread(self, request_id: str, contains: str, timeout: float = 15.0) -> str:
        def ready() -> str | None:
            try:
                replies = self.thread(request_id)
            except AssertionError:
                return None
            return next((r for r in replies if contains in r), None)

        return self.slack.wait_for(ready, timeout=timeout, what=f"thread of {request_id} with {contains!r}")

    def wait_pr(self, branch: str, timeout: float = 15.0) -> int:
        def ready() -> int | None:
            return next((n for n, p in list(self.github.pulls.items()) if p.head == branch), None)

        return self.slack.wait_for(ready, timeout=timeout, what=f"a PR from {branch}")

    def request_rows(self) -> list[Request]:
        assert self.runtime is not None
        with self.runtime.service.sessions() as session:
            return list(session.query(Request).order_by(Request.id))


@contextlib.contextmanager
def running_stack(root: Path, **options: Any) -> Iterator[Stack]:
    stack = Stack(root, **options)
    try:
        yield stack.start()
    finally:
        stack.stop()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServeProcess:
    """``knada-bot serve`` as a real process, with the environment of a ``Stack`` (which is not started)."""

    def __init__(self, stack: Stack, *, database_url: str | None = None) -> None:
        import os

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GITHUB_", "KNADA_"))},
            **stack.env,
            "PORT": str(self.port),
            "KNADA_RECONCILE_SECONDS": "3600",
        }
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.process: Any = None
        self.log = stack.root / f"serve-{self.port}.log"

    def start(self, timeout: float = 30.0) -> ServeProcess:
        import subprocess
        import sys
        import time

        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("ab"),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"serve exited with {self.process.returncode}: {self.log.read_text()[-2000:]}"
                )
            try:
                if httpx.get(f"{self.url}/isready", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"serve did not become ready: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)

    def terminate(self, timeout: float = 30.0) -> int:
        self.process.terminate()
        return self.process.wait(timeout)
