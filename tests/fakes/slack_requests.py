"""What Slack sends to the app, built and signed as Slack does, for end-to-end tests through HTTP.

``SlackRequests`` posts slash commands, button clicks, modal submissions and closes (form-encoded, the
interactive ones as a ``payload`` JSON field) and Events API callbacks (JSON) to the app's
``POST /slack/events``, each signed with ``X-Slack-Signature: v0=HMAC-SHA256(secret, "v0:{ts}:{body}")``
and ``X-Slack-Request-Timestamp``. ``signing=`` forges what an attacker could send instead: a wrong
signature, a timestamp more than 300 s old, or no signature at all.

It works with a ``FakeSlack``: the ``response_url`` and ``trigger_id`` it puts in a request are the fake's
(so the app's ``respond()`` and ``views.open`` land there), a click is made on a button the fake actually
holds (so a test can only click what the bot rendered), and a modal is submitted with the values of the
view the fake holds, filled in as Slack fills them, after which the fake does with the modal what Slack
would do with the app's answer (close it, show field errors, update or push).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import time
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.fakes.slack import FakeSlack

# Bolt and slack_sdk refuse a request whose timestamp is more than 5 minutes off.
MAX_CLOCK_SKEW = 300
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
# Slack still sends the deprecated verification token in every payload; apps must not rely on it.
VERIFICATION_TOKEN = "fake-verification-token"


class Signing(StrEnum):
    """How a request is signed: as Slack signs it, or as a forger would."""

    VALID = "valid"
    FORGED = "forged"  # a well-formed signature made with the wrong secret
    STALE = "stale"  # correctly signed, but the timestamp is more than 300 s old (a replay)
    UNSIGNED = "unsigned"  # no X-Slack-Signature and no X-Slack-Request-Timestamp


def slack_signature(signing_secret: str, timestamp: str, body: bytes) -> str:
    """``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}``, Slack's request signature."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


# Element type -> (key in view state and action payloads, key of its initial value, shape of the value).
_STATEFUL_ELEMENTS: dict[str, tuple[str, str, str]] = {
    "plain_text_input": ("value", "initial_value", "text"),
    "email_text_input": ("value", "initial_value", "text"),
    "url_text_input": ("value", "initial_value", "text"),
    "number_input": ("value", "initial_value", "text"),
    "static_select": ("selected_option", "initial_option", "option"),
    "external_select": ("selected_option", "initial_option", "option"),
    "radio_buttons": ("selected_option", "initial_option", "option"),
    "overflow": ("selected_option", "", "option"),
    "multi_static_select": ("selected_options", "initial_options", "options"),
    "multi_external_select": ("selected_options", "initial_options", "options"),
    "checkboxes": ("selected_options", "initial_options", "options"),
    "users_select": ("selected_user", "initial_user", "text"),
    "multi_users_select": ("selected_users", "initial_users", "list"),
    "conversations_select": ("selected_conversation", "initial_conversation", "text"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations", "list"),
    "channels_select": ("selected_channel", "initial_channel", "text"),
    "multi_channels_select": ("selected_channels", "initial_channels", "list"),
    "datepicker": ("selected_date", "initial_date", "text"),
    "timepicker": ("selected_time", "initial_time", "text"),
}


class SlackRequests:
    """Sends signed Slack requests to the app at ``base_url`` (see the module docstring)."""

    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        fake_slack: FakeSlack,
        *,
        path: str = "/slack/events",
        team_domain: str = "knada",
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = base_url.rstrip("/") + path
        self.signing_secret = signing_secret
        self.fake = fake_slack
        self.team_domain = team_domain
        self.last_response_url: str | None = None  # name of the newest response_url, for fake.responses()
        self._counter = itertools.count(1)
        self._http = httpx.Client(transport=transport, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SlackRequests:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- what Slack sends --------------------------------------------------------------------------------

    def command(
        self,
        text: str,
        user_id: str,
        channel_id: str = "C0KNADA",
        *,
        user_name: str | None = None,
        team_id: str | None = None,
        command: str = "/knada",
        signing: Signing = Signing.VALID,
    ) -> httpx.Response:
        """A slash command, form-encoded exactly as Slack sends it."""
        response_url = self._response_url("command", user_id=user_id, channel_id=channel_id)
        form = {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id or self.fake.team_id,
            "team_domain": self.team_domain,
            "channel_id": channel_id,
            "channel_name": self._channel_name(channel_id),
            "user_id": user_id,
            "user_name": user_name or self._user_name(user_id),
            "command": command,
            "text": text,
            "api_app_id": self.fake.app_id,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": self.fake.new_trigger_id(user_id),
        }
        return self.send(urlencode(form).encode(), "application/x-www-form-urlencoded", signing=signing)

    def block_action(
        self,
        user_id: str,
        action_id: str,
        value: Any = None,
        *,
        message_ts: str | None = None,
        channel_id: str = "C0KNADA",
        view: dict[str, Any] | None = None,
        signing: Signing = Signing.VALID,
    ) -> httpx.Response:
        """A click (or selection) on the element ``action_id``.

        In a message: the message at ``message_ts`` in ``channel_id`` (default: the newest message or
        ephemeral there that has the element). In a modal or home tab: pass the ``view`` (from
        ``fake.views(user)`` or ``fake.home(user)``). ``value`` is what the user picked (an option's value,
        a user id, a list for multi-selects, text for an input); for a button, leave it out.
        Raises LookupError when no such element is shown: a user can only click what the bot rendered.
        """
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.fake.app_id,
            "token": VERIFICATION_TOKEN,
            "trigger_id": self.fake.new_trigger_id(user_id),
            "team": {"id": self.fake.team_id, "domain": self.team_domain},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if view is not None:
            view = self._current(view)
            block_id, element = _find_element(view.get("blocks") or [], action_id)
            if element is None:
                raise LookupError(f"view {view.get('id')} has no element {action_id!r}")
            state = _view_state(view, {}, check=False)
            payload["container"] = {"type": "view", "view_id": view.get("id")}
            payload["view"] = {**copy.deepcopy(view), "state": {"values": state}}
        else:
            message, ephemeral = self._message_with(channel_id, action_id, message_ts, user_id)
            block_id, element = _find_element(message.get("blocks") or [], action_id)
            container: dict[str, Any] = {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel_id,
                "is_ephemeral": ephemeral,
            }
            if message.get("thread_ts"):
                container["thread_ts"] = message["thread_ts"]
            payload["container"] = container
            payload["channel"] = {"id": channel_id, "name": self._channel_name(channel_id)}
            if not ephemeral:  # Slack doesn't send an ephemeral message's content back
                payload["message"] = {k: v for k, v in message.items() if k not in ("replies", "channel")}
            payload["state"] = {"values": {}}
            payload["response_url"] = self._response_url(
                "action", user_id=user_id, channel_id=channel_id, message_ts=message["ts"]
            )
        assert element is not None
        payload["actions"] = [_action(element, block_id, value)]
        return self._send_payload(payload, signing)

    def view_submission(
        self,
        user_id: str,
        view: dict[str, Any],
        values: dict[str, dict[str, Any]] | None = None,
        *,
        signing: Signing = Signing.VALID,
    ) -> httpx.Response:
        """The user presses the modal's submit button after filling in ``values``.

        ``values`` is ``{block_id: {action_id: value}}`` with plain values (text, an option's value, a user
        id, lists for multi-selects), shaped into Slack's state by the element's type; a dict with a
        ``type`` is passed through as is. Fields not given keep their initial value, as in Slack. Raises
        ValueError for a field the view doesn't have, or when Slack wouldn't let the user submit (a
        required field empty, text outside min_length/max_length). The view the user sees is the one the
        fake holds now, so a stale copy of ``view`` is as good as a fresh one.
        """
        view = self._current(view)
        state = _view_state(view, values or {})
        payload = {
            "type": "view_submission",
            "team": {"id": self.fake.team_id, "domain": self.team_domain},
            "user": self._user(user_id),
            "api_app_id": self.fake.app_id,
            "token": VERIFICATION_TOKEN,
            "trigger_id": self.fake.new_trigger_id(user_id),
            "view": {**copy.deepcopy(view), "state": {"values": state}},
            "response_urls": [],
            "enterprise": None,
            "is_enterprise_install": False,
        }
        response = self._send_payload(payload, signing)
        if signing == Signing.VALID and view.get("id"):
            self.fake.apply_view_response(
                view["id"], response.status_code, response.content, response.headers.get("content-type", "")
            )
        return response

    def view_closed(
        self,
        user_id: str,
        view: dict[str, Any],
        *,
        is_cleared: bool = False,
        signing: Signing = Signing.VALID,
    ) -> httpx.Response:
        """The user closes the modal; Slack tells the app only when the view has ``notify_on_close``."""
        view = self._current(view)
        if not view.get("notify_on_close"):
            raise ValueError(f"view {view.get('id')} has no notify_on_close: Slack would not tell the app")
        if view.get("id"):
            self.fake.close_view(view["id"], cleared=is_cleared)
        payload = {
            "type": "view_closed",
            "team": {"id": self.fake.team_id, "domain": self.team_domain},
            "user": self._user(user_id),
            "api_app_id": self.fake.app_id,
            "token": VERIFICATION_TOKEN,
            "view": {**copy.deepcopy(view), "state": {"values": _view_state(view, {}, check=False)}},
            "is_cleared": is_cleared,
            "enterprise": None,
            "is_enterprise_install": False,
        }
        return self._send_payload(payload, signing)

    def app_home_opened(
        self,
        user_id: str,
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        signing: Signing = Signing.VALID,
    ) -> httpx.Response:
        """The user opens the bot's Home tab (Events API); ``retry_num`` makes it a redelivery."""
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user_id,
            "channel": "D" + user_id[1:],
            "tab": "home",
        }
        home = self.fake.home(user_id)
        if home is not None:
            event["view"] = home
        return self.event(
            event, event_id=event_id, retry_num=retry_num, retry_reason=retry_reason, signing=signing
        )

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        signing: Signing = Signing.VALID,
    ) -> httpx.Response:
        """An Events API callback wrapping ``event``. Pass the same ``event_id`` with ``retry_num`` 1..3 to
        redeliver it, as Slack does when the app didn't answer within 3 s."""
        now = int(time.time())
        body = {
            "token": VERIFICATION_TOKEN,
            "team_id": self.fake.team_id,
            "api_app_id": self.fake.app_id,
            "event": {"event_ts": f"{now}.{next(self._counter):06d}", **event},
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._counter):010d}",
            "event_time": now,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.fake.team_id,
                    "user_id": self.fake.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self.send(json.dumps(body).encode(), "application/json", signing=signing, headers=headers)

    # -- signing and sending -----------------------------------------------------------------------------

    def signed_headers(self, body: bytes, signing: Signing = Signing.VALID) -> dict[str, str]:
        """The signature headers Slack (or a forger, per ``signing``) puts on ``body``."""
        if signing == Signing.UNSIGNED:
            return {}
        now = int(time.time())
        timestamp = str(now - 2 * MAX_CLOCK_SKEW if signing == Signing.STALE else now)
        secret = "not-" + self.signing_secret if signing == Signing.FORGED else self.signing_secret
        return {
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": slack_signature(secret, timestamp, body),
        }

    def send(
        self,
        body: bytes,
        content_type: str,
        *,
        signing: Signing = Signing.VALID,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST a raw body to the app, signed per ``signing``. The sent request is ``response.request``."""
        all_headers = {
            "Content-Type": content_type,
            "User-Agent": USER_AGENT,
            **self.signed_headers(body, Signing(signing)),
            **(headers or {}),
        }
        return self._http.post(self.url, content=body, headers=all_headers)

    # -- helpers -----------------------------------------------------------------------------------------

    def _send_payload(self, payload: dict[str, Any], signing: Signing) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.send(body, "application/x-www-form-urlencoded", signing=signing)

    def _response_url(self, kind: str, **target: Any) -> str:
        name = f"{kind}-{next(self._counter)}"
        self.last_response_url = name
        return self.fake.response_url(name, **target)

    def _current(self, view: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.fake.view(view["id"])
        except KeyError:  # a view the test built itself, or no id
            return view

    def _user(self, user_id: str) -> dict[str, str]:
        name = self._user_name(user_id)
        return {"id": user_id, "username": name, "name": name, "team_id": self.fake.team_id}

    def _user_name(self, user_id: str) -> str:
        try:
            return self.fake.user(user_id)["name"]
        except LookupError:
            return user_id.lower()

    def _channel_name(self, channel_id: str) -> str:
        try:
            return self.fake.channel(channel_id)["name"]
        except LookupError:
            return "directmessage" if channel_id.startswith("D") else "unknown"

    def _message_with(
        self, channel_id: str, action_id: str, message_ts: str | None, user_id: str
    ) -> tuple[dict[str, Any], bool]:
        """The message (newest first, thread replies and the user's ephemerals included) holding the
        element, and whether it is ephemeral."""
        candidates: list[tuple[dict[str, Any], bool]] = []
        for message in self.fake.messages(channel_id):
            candidates.append((message, False))
            candidates.extend((reply, False) for reply in message["replies"])
        candidates.extend((e, True) for e in self.fake.ephemerals(user_id) if e["channel"] == channel_id)
        candidates.sort(key=lambda candidate: _ts_key(candidate[0]["ts"]), reverse=True)
        for message, ephemeral in candidates:
            if message_ts is not None and message["ts"] != message_ts:
                continue
            if _find_element(message.get("blocks") or [], action_id)[1] is not None:
                return message, ephemeral
        where = f"message {message_ts}" if message_ts else "any message"
        raise LookupError(f"{where} in {channel_id} has no element {action_id!r}")


def _ts_key(ts: str) -> tuple[int, int]:
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    if block.get("type") == "actions":
        return [e for e in block.get("elements") or [] if isinstance(e, dict)]
    if block.get("type") == "section" and isinstance(block.get("accessory"), dict):
        return [block["accessory"]]
    if block.get("type") == "input" and isinstance(block.get("element"), dict):
        return [block["element"]]
    return []


def _find_element(blocks: list[dict[str, Any]], action_id: str) -> tuple[str | None, dict[str, Any] | None]:
    for block in blocks:
        for element in _elements(block):
            if element.get("action_id") == action_id:
                return block.get("block_id"), element
    return None, None


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _state_value(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """``value`` as Slack reports it for this element, in view state and in block_actions."""
    kind = element.get("type", "")
    if isinstance(value, dict) and "type" in value:
        return copy.deepcopy(value)
    if kind not in _STATEFUL_ELEMENTS:
        raise ValueError(f"can't fill a {kind!r} element; pass Slack's state value dict instead")
    key, _, shape = _STATEFUL_ELEMENTS[kind]
    if shape == "option":
        return {"type": kind, key: _option(element, value) if value is not None else None}
    if shape == "options":
        return {"type": kind, key: [_option(element, v) for v in value or []]}
    if shape == "list":
        return {"type": kind, key: list(value or [])}
    return {"type": kind, key: None if value is None else str(value)}


def _option(element: dict[str, Any], value: Any) -> dict[str, Any]:
    for option in _options(element):
        if option.get("value") == value:
            return copy.deepcopy(option)
    raise ValueError(f"{element.get('action_id')!r} has no option with value {value!r}")


def _initial_state_value(element: dict[str, Any]) -> dict[str, Any]:
    kind = element.get("type", "")
    key, initial_key, shape = _STATEFUL_ELEMENTS[kind]
    initial = element.get(initial_key) if initial_key else None
    if shape == "options":
        return {"type": kind, key: copy.deepcopy(initial or [])}
    if shape == "list":
        return {"type": kind, key: list(initial or [])}
    return {"type": kind, key: copy.deepcopy(initial)}


def _is_empty(state_value: dict[str, Any]) -> bool:
    return all(v in (None, "", []) for k, v in state_value.items() if k != "type")


def _view_state(
    view: dict[str, Any], values: dict[str, dict[str, Any]], *, check: bool = True
) -> dict[str, dict[str, Any]]:
    """The view's ``state.values``: what the user entered, and initial values for the rest."""
    state: dict[str, dict[str, Any]] = {}
    known: dict[tuple[str, str], dict[str, Any]] = {}
    for block in view.get("blocks") or []:
        for element in _elements(block):
            block_id, action_id = block.get("block_id"), element.get("action_id")
            if block_id is None or action_id is None or element.get("type") not in _STATEFUL_ELEMENTS:
                continue
            known[(block_id, action_id)] = element
            state.setdefault(block_id, {})[action_id] = _initial_state_value(element)
    for block_id, actions in values.items():
        for action_id, value in actions.items():
            element = known.get((block_id, action_id))
            if element is None:
                raise ValueError(f"the view has no input {block_id!r}/{action_id!r}")
            state[block_id][action_id] = _state_value(element, value)
    if check:
        _check_submittable(view, state)
    return state


def _check_submittable(view: dict[str, Any], state: dict[str, dict[str, Any]]) -> None:
    """Refuse what Slack's client refuses to submit, so a test can't send what no user could."""
    for block in view.get("blocks") or []:
        if block.get("type") != "input" or not isinstance(block.get("element"), dict):
            continue
        element = block["element"]
        entered = state.get(block.get("block_id"), {}).get(element.get("action_id"))
        if entered is None:
            continue
        if _is_empty(entered):
            if not block.get("optional"):
                raise ValueError(f"Slack won't submit: required input {block.get('block_id')!r} is empty")
            continue
        text = entered.get("value")
        if isinstance(text, str):
            if len(text) < int(element.get("min_length", 0)):
                raise ValueError(f"Slack won't submit: {block.get('block_id')!r} is shorter than min_length")
            if "max_length" in element and len(text) > int(element["max_length"]):
                raise ValueError(f"Slack won't submit: {block.get('block_id')!r} is longer than max_length")


def _action(element: dict[str, Any], block_id: str | None, value: Any) -> dict[str, Any]:
    """One entry of a block_actions payload's ``actions``, as Slack reports a click or selection."""
    action_ts = f"{time.time():.6f}"
    common = {"action_id": element.get("action_id"), "block_id": block_id, "action_ts": action_ts}
    if element.get("type") == "button":
        if value is not None and value != element.get("value"):
            raise ValueError(
                f"button {element.get('action_id')!r} carries {element.get('value')!r}, not {value!r}"
            )
        action = {"type": "button", "text": copy.deepcopy(element.get("text")), **common}
        for key in ("value", "style", "url"):
            if key in element:
                action[key] = element[key]
        return action
    return {**_state_value(element, value), **common}
