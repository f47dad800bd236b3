"""The Bolt app factory: listeners for ``/knada`` (and, as they come, buttons, modals and App Home).

Built per process by ``create_app`` (never at import time). ``process_before_response=True``: the
listener runs on the HTTP server's request thread and acks when it returns, which is after the request is
committed to the database. It does local work only, so it is well inside Slack's 3 s, and no Bolt
executor pool can starve acknowledgements.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

if TYPE_CHECKING:
    from bot.service import Service

log = logging.getLogger(__name__)


def create_app(service: Service, *, signing_secret: str, client: WebClient) -> App:
    app = App(
        signing_secret=signing_secret,
        client=client,
        token_verification_enabled=False,  # auth.test happens on the first request, not at import
        process_before_response=True,
        request_verification_enabled=True,
        logger=logging.getLogger("slack_bolt"),
    )

    @app.command("/knada")
    def knada(ack: Ack, command: dict[str, Any]) -> None:
        reply = service.handle_command(
            user_id=command["user_id"], channel_id=command["channel_id"], text=command.get("text") or ""
        )
        ack(response_type="ephemeral", text=reply.text, blocks=reply.blocks)

    @app.action("open_pr")
    def open_pr(ack: Ack) -> None:
        ack()  # a link button: Slack opens the URL, the bot only has to acknowledge

    return app
