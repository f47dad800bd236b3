"""``SlackStack``: the running bot between the fakes (``tests.harness.Stack``), with what the Slack tests need
on top: answers to commands checked and shown as Slack shows them, clicks, form submissions, the App Home.

Slack shows the body of a slash command's acknowledgement to the user as an ephemeral message. The fake
only sees what reaches its API, so ``command`` does what Slack does with the body: posts it to the
command's ``response_url``, where the fake checks its blocks against Block Kit and Slack's limits (and any
ping) and keeps it as an ephemeral whose buttons a test can then click. A test ends with
``assert stack.slack.violations == []``, so every message, modal and home tab the bot produced was one Slack
would take.

The tests in this module check the helper itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.service import Service
from bot.store.testing import PostgresUnavailable, throwaway_database
from tests.fakes.slack import PING_RE, block_problems, block_text
from tests.harness import CHANNEL, Stack

KYRRE = "UKYRRE01"  # e152435, the only user of kyrre
ANNA = "UANNA001"  # a111111, a user of fiskeri
OLA = "UOLA0001"  # b999999, a user of no hub
ADMIN = "UADMIN01"  # x100001, admin by id
GROUP_ADMIN = "UADMIN02"  # x100002, admin by the user group
NOIDENT = "UNOIDENT"  # no ident at all


@dataclass(frozen=True)
class Answer:
    """What the user saw in answer to a command: the ephemeral's text and blocks (empty if a modal opened)."""

    text: str
    blocks: list[dict[str, Any]]

    @property
    def shown(self) -> str:
        """Everything the user reads: the blocks' text, or the plain text when there are no blocks."""
        return block_text(self.blocks) if self.blocks else self.text


class SlackStack(Stack):
    def start(self) -> SlackStack:
        super().start()
        # GitHub computes mergeability after the first read; the tests don't wait 30 s for the second.
        self.service.mergeable_recheck = timedelta(0)
        return self

    @property
    def service(self) -> Service:
        assert self.runtime is not None
        return self.runtime.service

    # --- acting ------------------------------------------------------------------------------------------

    def say(self, text: str, user: str = KYRRE, **options: Any) -> Answer:
        """``/knada <text>`` as ``user``; the acknowledgement as Slack shows it (see the module docstring)."""
        assert self.requests is not None
        response = self.command(text, user, **options)
        assert response.status_code == 200, response.text
        if not response.content:
            return Answer("", [])  # an empty acknowledgement: a modal was opened instead
        body = response.json()
        assert body.get("response_type") == "ephemeral", body
        blocks = body.get("blocks") or []
        assert block_problems(blocks, max_blocks=50) == []
        assert not PING_RE.search(response.text), response.text
        name = self.requests.last_response_url
        assert name is not None
        shown = httpx.post(self.slack.response_url(name), json=body, timeout=10)
        assert shown.status_code == 200, shown.text
        return Answer(body.get("text", ""), blocks)

    def click(self, user: str, action_id: str, value: Any = None, **where: Any) -> httpx.Response:
        """``user`` clicks the element ``action_id`` (in the newest message, ephemeral, or the ``view=``)."""
        assert self.requests is not None
        response = self.requests.block_action(user, action_id, value, **where)
        assert response.status_code == 200, response.text
        return response

    def submit(self, user: str, view: dict[str, Any], values: dict[str, Any] | None = None) -> dict[str, Any]:
        """``user`` submits the modal ``view`` with ``values`` (``{block_id: value}``, action ids implied)."""
        assert self.requests is not None
        filled = {block: {"value": value} for block, value in (values or {}).items()}
        response = self.requests.view_submission(user, view, filled)
        assert response.status_code == 200, response.text
        return response.json() if response.content else {}

    def open_home(self, user: str) -> dict[str, Any]:
        assert self.requests is not None
        before = (self.slack.home(user) or {}).get("hash")
        response = self.requests.app_home_opened(user)
        assert response.status_code == 200, response.text
        return self.slack.wait_for(
            lambda: (home := self.slack.home(user)) and home.get("hash") != before and home, what="home"
        )

    # --- reading -----------------------------------------------------------------------------------------

    def modal(self, user: str, contains: str = "") -> dict[str, Any]:
        """The top modal open for ``user`` (once it shows ``contains``)."""

        def top() -> dict[str, Any] | None:
            views = self.slack.views(user)
            return views[-1] if views and contains in block_text(views[-1]) else None

        return self.slack.wait_for(top, what=f"a modal for {user} showing {contains!r}")

    def ephemeral(self, user: str, contains: str) -> str:
        """The newest ephemeral message ``user`` saw that holds ``contains`` (waits for it)."""

        def find() -> str | None:
            for message in reversed(self.slack.ephemerals(user)):
                text = block_text(message) or message.get("text", "")
                if contains in text:
                    return text
            return None

        return self.slack.wait_for(find, what=f"an ephemeral for {user} with {contains!r}")

    def card_message(self, request_id: str) -> dict[str, Any]:
        return self.card_of(request_id)

    def buttons(self, request_id: str) -> list[str]:
        """The action ids of the buttons on a card, in order."""
        return [
            element.get("action_id") or ""
            for block in self.card_of(request_id).get("blocks", [])
            for element in (block.get("elements") or [block.get("accessory")] if block.get("type") else [])
            if isinstance(element, dict) and element.get("type") == "button"
        ]

    def all_text(self) -> str:
        """Every text the bot put in front of anyone: the channel (cards and threads), ephemerals, views."""
        texts = []
        for message in self.cards():
            texts.append(block_text(message))
            texts += [block_text(reply) for reply in message.get("replies", [])]
        for call in self.slack.calls():
            if call.method.startswith(("views.", "response_url:", "chat.postEphemeral")):
                texts.append(block_text(call.args))
        return "\n".join(texts)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[SlackStack]:
    stack = SlackStack(tmp_path)
    try:
        yield stack.start()
        assert stack.slack.violations == []
        assert stack.github.violations == []
    finally:
        stack.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_stack(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SlackStack]:
    """A ``stack`` on each database: SQLite serializes writers, PostgreSQL lets them race to the version."""
    try:
        with throwaway_database(request.param, tmp_path) as url:
            stack = SlackStack(tmp_path / "stack", database_url=url)
            try:
                yield stack.start()
                assert stack.slack.violations == []
                assert stack.github.violations == []
            finally:
                stack.stop()
                assert stack.runtime is not None
                stack.runtime.service.engine.dispose()
    except PostgresUnavailable as error:
        pytest.skip(str(error))


def test_an_answer_is_shown_as_slack_shows_it_and_its_buttons_can_be_clicked(stack: SlackStack) -> None:
    answer = stack.say("hub show kyrre")
    assert "kyrre" in answer.shown
    shown = stack.slack.ephemerals(KYRRE)[-1]
    assert shown["blocks"] == answer.blocks
    stack.click(KYRRE, "edit:limits")
    assert "Change limits" in block_text(stack.modal(KYRRE))


def test_an_answer_slack_would_refuse_is_a_violation(stack: SlackStack) -> None:
    assert stack.requests is not None
    stack.command("help", KYRRE)
    name = stack.requests.last_response_url
    assert name is not None
    broken = {"response_type": "ephemeral", "text": "x", "blocks": [{"type": "section"}]}
    httpx.post(stack.slack.response_url(name), json=broken, timeout=10)
    assert [v.error for v in stack.slack.violations] == ["invalid_blocks"]
    stack.slack.violations.clear()
    assert CHANNEL  # the channel the harness posts commands in
