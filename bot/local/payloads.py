"""What Slack would send the app, built and signed here and dispatched into the real Bolt app.

Each request is shaped as Slack shapes it (a form-encoded slash command; a ``payload`` form field holding
the JSON of a click, a modal submission or close; an Events API JSON body), signed with the local signing
secret (``v0=`` HMAC-SHA256 of ``v0:{timestamp}:{body}``), and handed to ``App.dispatch`` as a
``BoltRequest`` with the headers Slack sets, so Bolt verifies the signature as it does in production.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App, BoltRequest, BoltResponse

from bot.local.render import user_name
from bot.local.slack import (
    APP_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    CHANNEL_NAME,
    TEAM_DOMAIN,
    TEAM_ID,
    Message,
    Workspace,
)

FORM = "application/x-www-form-urlencoded"
# Slack still sends its deprecated verification token; Bolt ignores it, and so should the bot.
VERIFICATION_TOKEN = "local-verification-token"


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackRequests:
    """Signed Slack requests into ``app``, with trigger ids and response URLs from ``workspace``."""

    def __init__(self, app: App, workspace: Workspace, signing_secret: str) -> None:
        self.app = app
        self.workspace = workspace
        self._secret = signing_secret
        self._events = itertools.count(1)

    def command(self, user: str, text: str, command: str = "/knada") -> BoltResponse:
        form = {
            "token": VERIFICATION_TOKEN,
            "team_id": TEAM_ID,
            "team_domain": TEAM_DOMAIN,
            "channel_id": CHANNEL_ID,
            "channel_name": CHANNEL_NAME,
            "user_id": user,
            "user_name": user_name(user),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": self.workspace.new_response_url(user, CHANNEL_ID),
            "trigger_id": self.workspace.new_trigger_id(user),
        }
        return self.send(urlencode(form), FORM)

    def message_action(
        self, user: str, message: Message, block_id: str | None, action: dict[str, Any]
    ) -> BoltResponse:
        """A click (or a pick from a menu) on an element of a message in the channel."""
        ephemeral = message.ephemeral_to is not None
        container: dict[str, Any] = {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": ephemeral,
        }
        if message.thread_ts:
            container["thread_ts"] = message.thread_ts
        payload = self._interaction("block_actions", user)
        payload.update(
            container=container,
            channel={"id": message.channel, "name": CHANNEL_NAME},
            state={"values": {}},
            response_url=self.workspace.new_response_url(user, message.channel, message.ts),
            actions=[{**action, "block_id": block_id, "action_ts": _now()}],
        )
        if not ephemeral:  # Slack doesn't send an ephemeral message's content back
            payload["message"] = {
                "type": "message",
                "user": BOT_USER_ID,
                "ts": message.ts,
                "text": message.text,
                "blocks": message.blocks,
                **({"thread_ts": message.thread_ts} if message.thread_ts else {}),
            }
        return self._send_payload(payload)

    def view_action(
        self,
        user: str,
        view: dict[str, Any],
        values: dict[str, dict[str, Any]],
        block_id: str | None,
        action: dict[str, Any],
    ) -> BoltResponse:
        """A click on an element of a modal or Home tab, with what the view holds so far."""
        payload = self._interaction("block_actions", user)
        payload.update(
            container={"type": "view", "view_id": view["id"]},
            view=_with_state(view, values),
            actions=[{**action, "block_id": block_id, "action_ts": _now()}],
        )
        return self._send_payload(payload)

    def view_submission(
        self, user: str, view: dict[str, Any], values: dict[str, dict[str, Any]]
    ) -> BoltResponse:
        payload = self._interaction("view_submission", user)
        payload.update(view=_with_state(view, values), response_urls=[])
        return self._send_payload(payload)

    def view_closed(self, user: str, view: dict[str, Any], values: dict[str, dict[str, Any]]) -> BoltResponse:
        payload = self._interaction("view_closed", user)
        payload.update(view=_with_state(view, values), is_cleared=False)
        payload.pop("trigger_id")
        return self._send_payload(payload)

    def app_home_opened(self, user: str) -> BoltResponse:
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user,
            "channel": "D" + user[1:],
            "tab": "home",
        }
        home = self.workspace.home(user)
        if home is not None:
            event["view"] = home
        number = next(self._events)
        body = {
            "token": VERIFICATION_TOKEN,
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "event": {**event, "event_ts": _now()},
            "type": "event_callback",
            "event_id": f"Ev0LOCAL{number:06d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
        return self.send(json.dumps(body), "application/json")

    def send(self, body: str, content_type: str) -> BoltResponse:
        timestamp = str(int(time.time()))
        headers = {
            "content-type": content_type,
            "x-slack-request-timestamp": timestamp,
            "x-slack-signature": signature(self._secret, timestamp, body),
            "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        return self.app.dispatch(BoltRequest(body=body, headers=headers))

    def _interaction(self, kind: str, user: str) -> dict[str, Any]:
        return {
            "type": kind,
            "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "user": {"id": user, "username": user_name(user), "name": user_name(user), "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": VERIFICATION_TOKEN,
            "trigger_id": self.workspace.new_trigger_id(user),
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _send_payload(self, payload: dict[str, Any]) -> BoltResponse:
        return self.send(urlencode({"payload": json.dumps(payload)}), FORM)


def _with_state(view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    shown = {k: v for k, v in view.items() if k != "user"}
    return {**shown, "state": {"values": values}}


def _now() -> str:
    return f"{time.time():.6f}"
