"""``knada-bot serve`` as real processes: killed mid-request, run as two replicas on one PostgreSQL, stopped
with SIGTERM. Each request must end in exactly one pull request."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store.testing import PostgresUnavailable, postgres_schema
from tests.fakes.slack_requests import SlackRequests
from tests.harness import CHANNEL, SIGNING_SECRET, ServeProcess, Stack

pytestmark = pytest.mark.slow


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    stack = Stack(tmp_path)  # the fakes and the environment; the bot runs as processes here
    try:
        yield stack
    finally:
        stack.stop()


def command(process: ServeProcess, stack: Stack, text: str, user: str = "UKYRRE01") -> str:
    with SlackRequests(process.url, SIGNING_SECRET, stack.slack) as slack:
        response = slack.command(text, user, channel_id=CHANNEL)
    assert response.status_code == 200, response.text
    return response.json()["text"]


def pulls_from(stack: Stack, branch: str) -> list[int]:
    return [number for number, pull in stack.github.pulls.items() if pull.head == branch]


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_killed_right_after_the_ack_the_request_still_gets_exactly_one_pr(stack: Stack) -> None:
    first = ServeProcess(stack).start()
    stack.github.webhook_url = f"{first.url}/github/webhook"
    assert command(first, stack, "hub users add kyrre g678901").startswith("Received: R-1")
    first.kill()  # before the worker got to GitHub: the request exists only in the database
    assert pulls_from(stack, "knada-bot/r-1") == []

    second = ServeProcess(stack).start()
    stack.github.webhook_url = f"{second.url}/github/webhook"
    number = wait_until(lambda: pulls_from(stack, "knada-bot/r-1"), 60, "the PR after restart")[0]
    assert stack.github.file("knada-bot/r-1", "configs/kyrre.yaml").endswith(b"  - e152435\n  - g678901\n")
    time.sleep(1)
    assert pulls_from(stack, "knada-bot/r-1") == [number]
    assert second.terminate() == 0


def test_killed_halfway_through_opening_the_pr_the_restart_finishes_it_once(stack: Stack) -> None:
    first = ServeProcess(stack).start()
    command(first, stack, "hub users add kyrre g678901")
    # Kill as soon as the branch exists, before the commit and the PR (PyGithub waits 1 s between writes).
    wait_until(lambda: "knada-bot/r-1" in stack.github.branches(), 30, "the PR branch")
    first.kill()
    assert pulls_from(stack, "knada-bot/r-1") == []

    second = ServeProcess(stack).start()
    number = wait_until(lambda: pulls_from(stack, "knada-bot/r-1"), 60, "the PR after restart")[0]
    assert stack.github.file("knada-bot/r-1", "configs/kyrre.yaml").endswith(b"  - e152435\n  - g678901\n")
    card = stack.slack.wait_for(
        lambda: next((m for m in stack.cards() if "R-1" in str(m) and "PR open" in str(m)), None), 30
    )
    assert card
    time.sleep(1)
    assert pulls_from(stack, "knada-bot/r-1") == [number]
    second.terminate()


def test_two_replicas_on_postgresql_share_the_work_without_doing_it_twice(stack: Stack) -> None:
    try:
        schema = postgres_schema()
        url = schema.__enter__()
    except PostgresUnavailable as error:
        pytest.fail(f"this test needs PostgreSQL: {error}")
    try:
        replicas = [ServeProcess(stack, database_url=url).start() for _ in range(2)]
        stack.github.webhook_url = f"{replicas[0].url}/github/webhook"
        hubs = [f"team{n:02d}" for n in range(12)]
        for n, hub in enumerate(hubs):
            ack = command(replicas[n % 2], stack, f"hub create {hub}", user="UOLA0001")
            assert ack.startswith(f"Received: R-{n + 1} "), ack
        wait_until(lambda: len(stack.github.pulls) >= len(hubs), 120, "a PR per request")
        time.sleep(2)  # anything duplicated would show up now
        branches = sorted(pull.head for pull in stack.github.pulls.values())
        assert branches == sorted(f"knada-bot/r-{n + 1}" for n in range(len(hubs)))
        for n, hub in enumerate(hubs):
            content = stack.github.file(f"knada-bot/r-{n + 1}", f"configs/{hub}.yaml")
            assert content == f"namespace: {hub}\ningress: {hub}\nusers:\n  - b999999\n".encode()
        for replica in replicas:
            assert replica.terminate() == 0
    finally:
        schema.__exit__(None, None, None)


def test_sigterm_stops_the_server_cleanly(stack: Stack) -> None:
    process = ServeProcess(stack).start()
    assert process.terminate(timeout=30) == 0
    log = process.log.read_text()
    assert '"message": "knada-bot stopped"' in log
    assert stack.env["SLACK_BOT_TOKEN"] not in log and stack.env["GITHUB_TOKEN"] not in log
