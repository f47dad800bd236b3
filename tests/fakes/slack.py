"""A fake Slack Web API on a real socket, for end-to-end tests of the bot.

``FakeSlack`` serves ``http://127.0.0.1:<port>/api/<method>`` from a thread, so the bot's own
``WebClient(token=..., base_url=fake.api_url)`` talks to it exactly as it would talk to Slack: form or JSON
bodies, a bearer token, ``{"ok": false, "error": ...}`` answers, HTTP 429 with ``Retry-After``. It keeps the
state a test wants to look at (messages with their thread replies and edits, ephemerals, modals and home
tabs, ``response_url`` posts) and records every call.

Every message and view it receives is checked as Slack checks it: blocks are parsed with slack_sdk's Block
Kit models and validated, Slack's size limits are enforced, properties Slack doesn't know are rejected.
A broken payload is answered as Slack would (``invalid_blocks``, ``invalid_arguments``, ``msg_too_long``)
*and* appended to ``fake.violations``, as is any ``<!channel>``, ``<!here>`` or ``<!everyone>`` the bot
posts (user text must never ping a channel) unless the test allows it with ``allow_pings``. End every
test with ``assert fake.violations == []``.

Usage::

    with FakeSlack() as fake:
        client = WebClient(token=fake.token, base_url=fake.api_url)
        ...
        card = fake.wait_for(lambda: fake.last_card("C0KNADA"))
        assert fake.violations == []

The bot posts from a worker thread, so ``wait_for(predicate)`` waits (without polling) until the fake has
seen something that makes ``predicate()`` truthy, and returns that value.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

T = TypeVar("T")

# Slack's published limits (docs.slack.dev, "Block Kit" and the method pages). The per-element limits
# (section text 3000, header 150, button text 75, action_id/block_id 255, modal title 24,
# private_metadata 3000, ...) are enforced by slack_sdk's models, which carry the same numbers.
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_FIELD_TEXT = 2000
MAX_MODAL_STACK = 3
RESPONSE_URL_USES = 5
RESPONSE_URL_LIFETIME = 30 * 60
TRIGGER_ID_LIFETIME = 3.0

# What a caller may send as a view; everything else in a view Slack answers with (id, hash, state, ...)
# or doesn't know. Sending the payload's view back unchanged is a classic bug Slack rejects.
VIEW_REQUEST_KEYS = frozenset(
    {
        "type",
        "title",
        "blocks",
        "close",
        "submit",
        "private_metadata",
        "callback_id",
        "clear_on_close",
        "notify_on_close",
        "external_id",
        "submit_disabled",
    }
)

PING_RE = re.compile(r"<!(channel|here|everyone)(?:\|[^>]*)?>")
# With link_names, Slack also turns a bare "@here" into a ping.
LINKED_PING_RE = re.compile(r"(?<![\w&])@(channel|here|everyone)\b")

# Text objects under these keys must be plain_text (Slack refuses mrkdwn there); so must a header's
# and a button's text, and the options of every menu but checkboxes and radio buttons.
PLAIN_TEXT_KEYS = frozenset({"label", "hint", "placeholder", "title", "confirm", "deny", "submit", "close"})
PLAIN_TEXT_OWNERS = frozenset({"header", "button"})
MRKDWN_OPTION_OWNERS = frozenset({"checkboxes", "radio_buttons"})
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
# Slack answers these with "" when unset, and takes "" back.
EMPTY_STRING_VIEW_KEYS = frozenset({"private_metadata", "callback_id", "external_id"})


@dataclass(frozen=True)
class Call:
    """One request the fake received: the API method (or ``response_url:<name>``) and what it answered."""

    method: str
    args: dict[str, Any]
    token: str | None
    status: int
    response: dict[str, Any]


@dataclass(frozen=True)
class Violation:
    """Something Slack would have refused, or a ping the bot must never send."""

    method: str
    error: str
    detail: str


@dataclass
class _Failure:
    error: str
    status: int
    times: int
    retry_after: int | None = None


@dataclass
class _ResponseUrl:
    name: str
    user_id: str | None
    channel_id: str | None
    message_ts: str | None
    created: float
    uses: int = 0
    payloads: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Trigger:
    user_id: str | None
    issued: float
    used: bool = False


class SlackError(Exception):
    """Raised inside a method handler; answered as ``{"ok": false, "error": code, **extra}``."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


# ---------------------------------------------------------------------------------------------------------
# Block Kit validation


def block_problems(blocks: Any, *, max_blocks: int, pointer: str = "/blocks") -> list[str]:
    """Slack's objections to ``blocks``, each ending in ``[json-pointer:...]`` like Slack's own messages."""
    if not isinstance(blocks, list):
        return [f"must be an array [json-pointer:{pointer}]"]
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"no more than {max_blocks} items allowed [json-pointer:{pointer}]")
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"{pointer}/{index}"
        if not isinstance(block, dict):
            problems.append(f"must be an object [json-pointer:{where}]")
            continue
        problems.extend(_model_problems(block, where))
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in block_ids:
                problems.append(f"duplicate block_id {block_id!r} [json-pointer:{where}/block_id]")
            block_ids.add(block_id)
        problems.extend(_duplicate_action_ids(block, where))
        problems.extend(_text_object_problems(block, where))
        for field_index, field_ in enumerate(block.get("fields") or []):
            text = field_.get("text") if isinstance(field_, dict) else None
            if isinstance(text, str) and len(text) > MAX_SECTION_FIELD_TEXT:
                problems.append(
                    f"must be less than {MAX_SECTION_FIELD_TEXT + 1} characters "
                    f"[json-pointer:{where}/fields/{field_index}/text]"
                )
    return problems


def view_problems(view: Any, *, expected_type: str) -> list[str]:
    """Slack's objections to a view sent to views.open/push/update (modal) or views.publish (home)."""
    if not isinstance(view, dict):
        return ["must be an object [json-pointer:/view]"]
    problems = [
        f"unsupported property {key!r} [json-pointer:/view/{key}]"
        for key in view
        if key not in VIEW_REQUEST_KEYS
    ]
    if view.get("type") != expected_type:
        problems.append(f"type must be {expected_type!r} [json-pointer:/view/type]")
    blocks = view.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        problems.append("must contain at least 1 block [json-pointer:/view/blocks]")
    else:
        problems.extend(block_problems(blocks, max_blocks=MAX_VIEW_BLOCKS, pointer="/view/blocks"))
    if expected_type == "modal":
        if not view.get("title"):
            problems.append("title is required for a modal [json-pointer:/view/title]")
        has_input = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_input and not view.get("submit"):
            problems.append("submit is required when a modal has input blocks [json-pointer:/view/submit]")
    # The SDK's View validates title/submit/close/private_metadata/callback_id; blocks were checked above,
    # so it gets a stand-in block to keep its block-count rule from reporting them twice.
    header = {
        key: value
        for key, value in view.items()
        if key in VIEW_REQUEST_KEYS
        and key != "blocks"
        and not (key in EMPTY_STRING_VIEW_KEYS and value == "")
    }
    problems.extend(_text_object_problems(header, "/view"))
    try:
        model = View(**copy.deepcopy(header), blocks=[{"type": "divider"}])
        model.validate_json()
        parsed = model.to_dict()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as error:
        problems.append(f"{error} [json-pointer:/view]")
    else:
        problems.extend(_dropped_properties(header, parsed, "/view"))
    return problems


def _model_problems(block: dict[str, Any], where: str) -> list[str]:
    try:
        model = Block.parse(copy.deepcopy(block))
        if model is None:
            return [f"unknown block type {block.get('type')!r} [json-pointer:{where}]"]
        model.validate_json()
        parsed = model.to_dict()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as error:
        return [f"{error} [json-pointer:{where}]"]
    return list(_dropped_properties(block, parsed, where))


def _dropped_properties(sent: Any, parsed: Any, where: str) -> Iterator[str]:
    """What the SDK's model dropped or reshaped: properties Slack doesn't know, or empty where not allowed.

    The SDK keeps every property Slack documents, so a round trip through it that loses a key means Slack
    would reject the payload ("invalid additional property" / "must be more than 0 characters").
    """
    if isinstance(sent, dict):
        if not isinstance(parsed, dict):
            yield f"must not be an object [json-pointer:{where}]"
            return
        for key, value in sent.items():
            if key not in parsed:
                yield f"unsupported or empty property {key!r} [json-pointer:{where}/{key}]"
            else:
                yield from _dropped_properties(value, parsed[key], f"{where}/{key}")
    elif isinstance(sent, list):
        if not isinstance(parsed, list) or len(parsed) != len(sent):
            yield f"unsupported items [json-pointer:{where}]"
            return
        for index, (item, parsed_item) in enumerate(zip(sent, parsed, strict=True)):
            yield from _dropped_properties(item, parsed_item, f"{where}/{index}")
    elif isinstance(parsed, dict):
        yield f"must be an object, not {type(sent).__name__} [json-pointer:{where}]"


def _text_object_problems(node: Any, where: str) -> Iterator[str]:
    """Text objects of the wrong kind, and option limits the SDK's models don't check."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _text_object_problems(item, f"{where}/{index}")
        return
    if not isinstance(node, dict):
        return
    owner = node.get("type")
    for key, value in node.items():
        here = f"{where}/{key}"
        if (
            key in PLAIN_TEXT_KEYS | {"text"}
            and isinstance(value, dict)
            and isinstance(value.get("text"), str)
        ):
            plain_only = key in PLAIN_TEXT_KEYS or owner in PLAIN_TEXT_OWNERS
            yield from _text_type_problems(value, here, plain_only=plain_only)
        elif key in ("options", "initial_options") and isinstance(value, list):
            yield from _option_problems(value, here, owner)
        elif key == "initial_option" and isinstance(value, dict):
            yield from _option_problems([value], here, owner, pointer_index=False)
        elif key == "option_groups" and isinstance(value, list):
            for index, group in enumerate(value):
                if isinstance(group, dict):
                    yield from _text_object_problems({"label": group.get("label")}, f"{here}/{index}")
                    yield from _option_problems(group.get("options") or [], f"{here}/{index}/options", owner)
        else:
            yield from _text_object_problems(value, here)


def _text_type_problems(text: dict[str, Any], where: str, *, plain_only: bool) -> Iterator[str]:
    kind = text.get("type")
    if kind not in ("plain_text", "mrkdwn"):
        yield f"text type must be plain_text or mrkdwn, not {kind!r} [json-pointer:{where}/type]"
    elif plain_only and kind == "mrkdwn":
        yield f"must be a plain_text object [json-pointer:{where}/type]"


def _option_problems(
    options: list[Any], where: str, owner: Any, *, pointer_index: bool = True
) -> Iterator[str]:
    for index, option in enumerate(options):
        here = f"{where}/{index}" if pointer_index else where
        if not isinstance(option, dict):
            continue
        text = option.get("text")
        if isinstance(text, dict) and isinstance(text.get("text"), str):
            yield from _text_type_problems(text, f"{here}/text", plain_only=owner not in MRKDWN_OPTION_OWNERS)
            if len(text["text"]) > MAX_OPTION_TEXT:
                yield f"must be less than {MAX_OPTION_TEXT + 1} characters [json-pointer:{here}/text/text]"
        value = option.get("value")
        if isinstance(value, str) and len(value) > MAX_OPTION_VALUE:
            yield f"must be less than {MAX_OPTION_VALUE + 1} characters [json-pointer:{here}/value]"
        description = option.get("description")
        if isinstance(description, dict) and isinstance(description.get("text"), str):
            yield from _text_type_problems(description, f"{here}/description", plain_only=False)


def _duplicate_action_ids(block: dict[str, Any], where: str) -> list[str]:
    elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
    seen: set[str] = set()
    problems = []
    for index, element in enumerate(elements):
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str):
            if action_id in seen:
                problems.append(
                    f"duplicate action_id {action_id!r} [json-pointer:{where}/elements/{index}/action_id]"
                )
            seen.add(action_id)
    return problems


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def block_text(value: Any) -> str:
    """Every piece of text in a message or view (fallback text, blocks, fields, buttons), one per line.

    For assertions on what a user reads: ``assert "R-1" in block_text(fake.last_card(channel))``.
    A message's thread replies are not part of it.
    """
    texts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, item in node.items():
                if key == "text" and isinstance(item, str):
                    texts.append(item)
                elif key not in ("replies", "state"):
                    walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return "\n".join(text for text in texts if text)


# ---------------------------------------------------------------------------------------------------------
# The fake


class FakeSlack:
    """A Slack workspace with one bot, served over HTTP; see the module docstring."""

    def __init__(
        self,
        *,
        token: str = "xoxb-fake-knada-bot",
        team_id: str = "T0KNADA",
        bot_user_id: str = "U0KNADABOT",
        bot_id: str = "B0KNADABOT",
        app_id: str = "A0KNADABOT",
        channels: dict[str, str] | None = None,
        trigger_lifetime: float | None = TRIGGER_ID_LIFETIME,
    ) -> None:
        self.token = token
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        # Slack lets a trigger_id open a view for 3 s; None turns the check off for a debugger session.
        self.trigger_lifetime = trigger_lifetime
        self.violations: list[Violation] = []

        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._generation = 0
        self._ts_seconds = int(time.time())
        self._ts_counter = 0
        self._ids = 0
        self._calls: list[Call] = []
        self._channels: dict[str, dict[str, Any]] = {}
        self._messages: dict[str, list[dict[str, Any]]] = {}
        self._versions: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._ephemerals: list[dict[str, Any]] = []
        self._views: dict[str, dict[str, Any]] = {}
        self._view_owner: dict[str, str] = {}
        self._modal_stacks: dict[str, list[str]] = {}
        self._homes: dict[str, str] = {}
        self._users: dict[str, dict[str, Any]] = {}
        self._profile_fields: dict[str, dict[str, str]] = {}
        self._usergroups: dict[str, list[str]] = {}
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._triggers: dict[str, _Trigger] = {}
        self._failures: dict[str, list[_Failure]] = {}
        self._allowed_pings: set[str] = set()

        for channel_id, name in (channels or {"C0KNADA": "knada"}).items():
            self.add_channel(channel_id, name)
        self.add_user(bot_user_id, name="knada-bot", is_bot=True)

        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        handler = type("FakeSlackHandler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            # A short poll interval keeps stop() (and so every test's teardown) fast.
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-slack",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """What ``WebClient(base_url=...)`` and ``SLACK_API_URL`` take; ends in ``/api/``."""
        return f"{self.base_url}/api/"

    # -- workspace setup --------------------------------------------------------------------------------

    def add_channel(self, channel_id: str, name: str, *, is_private: bool = False) -> None:
        with self._lock:
            self._channels[channel_id] = {
                "id": channel_id,
                "name": name,
                "is_channel": not is_private,
                "is_group": is_private,
                "is_im": False,
                "is_private": is_private,
                "is_archived": False,
                "is_member": True,
                "created": self._ts_seconds,
                "context_team_id": self.team_id,
            }
            self._messages.setdefault(channel_id, [])

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        email: str | None = None,
        is_bot: bool = False,
        deleted: bool = False,
    ) -> None:
        with self._lock:
            name = name or user_id.lower()
            self._users[user_id] = {
                "id": user_id,
                "team_id": self.team_id,
                "name": name,
                "real_name": real_name or name,
                "deleted": deleted,
                "is_bot": is_bot,
                "is_admin": False,
                "tz": "Europe/Oslo",
                "profile": {
                    "real_name": real_name or name,
                    "display_name": name,
                    **({"email": email} if email else {}),
                },
            }
            self._profile_fields.setdefault(user_id, {})

    def set_profile(self, user_id: str, *, fields: dict[str, str] | None = None, **profile: Any) -> None:
        """Custom profile fields (``{field_id: value}``) and other profile attributes of a user."""
        with self._lock:
            if user_id not in self._users:
                self.add_user(user_id)
            self._users[user_id]["profile"].update(profile)
            if fields is not None:
                self._profile_fields[user_id] = dict(fields)

    def set_usergroup(self, usergroup_id: str, user_ids: list[str]) -> None:
        with self._lock:
            self._usergroups[usergroup_id] = list(user_ids)

    def allow_pings(self, *names: str) -> None:
        """Let posts contain ``<!name>`` (``channel``, ``here``, ``everyone``) without a violation."""
        with self._lock:
            self._allowed_pings.update(names)

    def fail(self, method: str, error: str, *, times: int = 1, status: int = 200) -> None:
        """Answer the next ``times`` calls of ``method`` with ``error`` (and HTTP ``status``)."""
        with self._lock:
            self._failures.setdefault(method, []).append(_Failure(error, status, times))

    def rate_limit(self, method: str = "chat.postMessage", *, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP 429 and ``Retry-After``, like Slack."""
        with self._lock:
            self._failures.setdefault(method, []).append(_Failure("ratelimited", 429, times, retry_after))

    def response_url(
        self,
        name: str,
        *,
        user_id: str | None = None,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> str:
        """A ``response_url`` on the fake; its posts go to ``responses(name)`` and show up as Slack would
        show them (an ephemeral to ``user_id``, a message in ``channel_id``, or a replaced original)."""
        with self._lock:
            if name not in self._response_urls:
                self._response_urls[name] = _ResponseUrl(name, user_id, channel_id, message_ts, time.time())
        return f"{self.base_url}/response/{quote(name, safe='')}"

    def new_trigger_id(self, user_id: str | None = None) -> str:
        """A trigger_id as Slack puts in a command or click: opens one view, within 3 s."""
        with self._lock:
            trigger_id = f"{self._ts_seconds}.{self._next_id()}.{secrets.token_hex(16)}"
            self._triggers[trigger_id] = _Trigger(user_id, time.monotonic())
            return trigger_id

    # -- queries for tests ------------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [call for call in self._calls if method is None or call.method == method]

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """The channel's top-level messages as they are now, oldest first, each with its ``replies``."""
        with self._lock:
            channel = self._resolve_channel(channel)
            posted = [m for m in self._messages.get(channel, []) if not m.get("_deleted")]
            replies: dict[str, list[dict[str, Any]]] = {}
            for message in posted:
                if message.get("thread_ts") not in (None, message["ts"]):
                    replies.setdefault(message["thread_ts"], []).append(_public(message))
            return [
                {**_public(message), "replies": replies.get(message["ts"], [])}
                for message in posted
                if message.get("thread_ts") in (None, message["ts"])
            ]

    def user(self, user_id: str) -> dict[str, Any]:
        with self._lock:
            if user_id not in self._users:
                raise LookupError(f"no user {user_id}")
            return copy.deepcopy(self._users[user_id])

    def channel(self, channel_id: str) -> dict[str, Any]:
        with self._lock:
            if channel_id not in self._channels:
                raise LookupError(f"no channel {channel_id}")
            return copy.deepcopy(self._channels[channel_id])

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        with self._lock:
            return _public(self._find_message(self._resolve_channel(channel), ts))

    def message_versions(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """Every state a message has had (as posted, then after each ``chat.update``), oldest first."""
        with self._lock:
            return copy.deepcopy(self._versions.get((self._resolve_channel(channel), ts), []))

    def last_card(self, channel: str) -> dict[str, Any]:
        """The newest top-level message in ``channel`` (a request's status card), with its replies."""
        messages = self.messages(channel)
        if not messages:
            raise LookupError(f"no message in {channel}")
        return messages[-1]

    def ephemerals(self, user: str) -> list[dict[str, Any]]:
        """Ephemeral messages shown to ``user`` (chat.postEphemeral and response_url), oldest first."""
        with self._lock:
            return [_public(e) for e in self._ephemerals if e["user"] == user and not e.get("_deleted")]

    def views(self, user: str, *, open_only: bool = True) -> list[dict[str, Any]]:
        """The modals open for ``user``, bottom of the stack first (``open_only=False``: every modal ever
        opened for them, in their current state). Each is the view as Slack returns it."""
        with self._lock:
            if open_only:
                view_ids = list(self._modal_stacks.get(user, []))
            else:
                view_ids = [
                    vid
                    for vid, owner in self._view_owner.items()
                    if owner == user and self._views[vid]["type"] == "modal"
                ]
            return [copy.deepcopy(self._views[vid]) for vid in view_ids]

    def view(self, view_id: str) -> dict[str, Any]:
        """The view with this id as it is now; KeyError if the fake never saw it."""
        with self._lock:
            return copy.deepcopy(self._views[view_id])

    def home(self, user: str) -> dict[str, Any] | None:
        """The App Home view published for ``user``, if any."""
        with self._lock:
            view_id = self._homes.get(user)
            return copy.deepcopy(self._views[view_id]) if view_id else None

    def responses(self, name: str) -> list[dict[str, Any]]:
        """What was POSTed to the response_url ``name``, including refused posts."""
        with self._lock:
            return copy.deepcopy(self._response_urls[name].payloads)

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0, what: str | None = None) -> T:
        """Wait until ``predicate()`` is truthy and return it; re-checked whenever the fake is called.

        Raises AssertionError after ``timeout`` seconds, with the calls seen so far, so a test that waits
        for a card that never comes says what came instead.
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                generation = self._generation
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = ", ".join(call.method for call in self.calls()) or "nothing"
                raise AssertionError(
                    f"timed out after {timeout} s waiting for {what or predicate}; saw: {seen}"
                )
            with self._changed:
                self._changed.wait_for(lambda seen=generation: self._generation != seen, remaining)

    # -- view submissions (SlackRequests tells the fake what the app answered) -------------------------

    def apply_view_response(self, view_id: str, status: int, body: bytes, content_type: str) -> None:
        """Do what Slack does with the app's answer to a view_submission: close the modal, show field
        errors, update or push. An answer Slack would not accept is a violation."""
        with self._lock:
            user = self._view_owner.get(view_id)
            if user is None:
                return
            answer: Any = {}
            if status != 200:
                # Slack keeps the modal open and shows "We had some trouble connecting" to the user.
                self._violate("view_submission", "http_error", f"the app answered HTTP {status}")
                return
            if body.strip():
                if "json" not in content_type:
                    self._violate("view_submission", "invalid_response", "a non-empty answer must be JSON")
                    return
                try:
                    answer = json.loads(body)
                except ValueError:
                    self._violate("view_submission", "invalid_response", "the answer is not valid JSON")
                    return
            action = answer.get("response_action") if isinstance(answer, dict) else None
            if action is None:
                self._close_modal(user, view_id)
            elif action == "clear":
                for open_id in list(self._modal_stacks.get(user, [])):
                    self._close_modal(user, open_id)
            elif action == "errors":
                self._check_field_errors(view_id, answer.get("errors"))
            elif action in ("update", "push"):
                view = answer.get("view")
                problems = view_problems(view, expected_type="modal")
                if problems:
                    self._violate("view_submission", "invalid_arguments", "; ".join(problems))
                elif action == "update":
                    self._store_view(view, user=user, view_id=view_id)
                elif len(self._modal_stacks.get(user, [])) >= MAX_MODAL_STACK:
                    self._violate("view_submission", "push_limit_reached", "a fourth modal was pushed")
                else:
                    self._store_view(view, user=user, previous_view_id=view_id)
            else:
                self._violate("view_submission", "invalid_response", f"unknown response_action {action!r}")
            self._touch()

    def close_view(self, view_id: str, *, cleared: bool = False) -> None:
        """The user closed a modal (x or Cancel); ``cleared`` closes the whole stack."""
        with self._lock:
            user = self._view_owner.get(view_id)
            if user is None:
                return
            for open_id in list(self._modal_stacks.get(user, [])) if cleared else [view_id]:
                self._close_modal(user, open_id)
            self._touch()

    def _check_field_errors(self, view_id: str, errors: Any) -> None:
        if not isinstance(errors, dict) or not errors:
            self._violate(
                "view_submission", "invalid_response", "response_action errors needs an errors object"
            )
            return
        inputs = {
            block.get("block_id")
            for block in self._views[view_id].get("blocks", [])
            if isinstance(block, dict) and block.get("type") == "input"
        }
        for block_id, message in errors.items():
            if block_id not in inputs:
                # Slack shows nothing for an error keyed to a block that isn't an input in this view.
                self._violate(
                    "view_submission", "invalid_response", f"errors names unknown input {block_id!r}"
                )
            elif not isinstance(message, str) or not message:
                self._violate("view_submission", "invalid_response", f"error for {block_id!r} must be text")

    # -- HTTP dispatch ----------------------------------------------------------------------------------

    def _handle_api(self, method: str, args: dict[str, Any], token: str | None) -> tuple[int, dict, dict]:
        """Answer one Web API call: (HTTP status, extra headers, JSON body). Records it."""
        with self._lock:
            status, headers, body = 200, {}, {}
            failure = self._next_failure(method)
            handler = getattr(self, "_api_" + method.replace(".", "_"), None)
            if failure is not None:
                status, body = failure.status, {"ok": False, "error": failure.error}
                if failure.retry_after is not None:
                    headers["Retry-After"] = str(failure.retry_after)
            elif handler is None:
                body = {"ok": False, "error": "unknown_method", "req_method": method}
            elif token != self.token:
                body = {"ok": False, "error": "invalid_auth"}
            else:
                try:
                    body = {"ok": True, **handler(args)}
                except SlackError as error:
                    body = {"ok": False, "error": error.code, **error.extra}
            self._record(Call(method, copy.deepcopy(args), token, status, copy.deepcopy(body)))
            return status, headers, body

    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)
            self._touch()

    def _handle_response_url(self, name: str, payload: Any) -> tuple[int, str]:
        with self._lock:
            target = self._response_urls.get(name)
            status, answer = self._post_to_response_url(target, payload)
            if target is not None:
                target.payloads.append(copy.deepcopy(payload))
            args = copy.deepcopy(payload) if isinstance(payload, dict) else {}
            self._record(Call(f"response_url:{name}", args, None, status, {"answer": answer}))
            return status, answer

    def _post_to_response_url(self, target: _ResponseUrl | None, payload: Any) -> tuple[int, str]:
        method = "response_url"
        if target is None:
            return 404, "invalid_url"
        if time.time() - target.created > RESPONSE_URL_LIFETIME:
            self._violate(method, "expired_url", f"{target.name} is older than 30 minutes")
            return 404, "expired_url"
        if target.uses >= RESPONSE_URL_USES:
            self._violate(
                method, "used_url", f"{target.name} was posted to more than {RESPONSE_URL_USES} times"
            )
            return 404, "used_url"
        target.uses += 1
        if not isinstance(payload, dict):
            return 400, "invalid_payload"
        if payload.get("delete_original"):
            original = self._original_of(target)
            if original is not None:
                original["_deleted"] = True
            return 200, "ok"
        try:
            self._check_message(method, payload)
        except SlackError as error:
            return 400, error.code
        if payload.get("replace_original"):
            original = self._original_of(target)
            if original is None:
                return 404, "message_not_found"
            self._edit(original, payload)
            return 200, "ok"
        channel = target.channel_id
        if payload.get("response_type") == "in_channel" and channel is not None:
            self._post(channel, payload)
        elif target.user_id is not None:
            self._ephemerals.append(
                {
                    "type": "message",
                    "ts": self._new_ts(),
                    "channel": channel,
                    "user": target.user_id,
                    "text": payload.get("text", ""),
                    "blocks": payload.get("blocks") or [],
                    "thread_ts": payload.get("thread_ts"),
                    "source": f"response_url:{target.name}",
                }
            )
        return 200, "ok"

    def _original_of(self, target: _ResponseUrl) -> dict[str, Any] | None:
        if target.channel_id is None or target.message_ts is None:
            return None
        for message in self._messages.get(target.channel_id, []):
            if message["ts"] == target.message_ts and not message.get("_deleted"):
                return message
        for ephemeral in self._ephemerals:
            if ephemeral["ts"] == target.message_ts and not ephemeral.get("_deleted"):
                return ephemeral
        return None

    # -- Web API methods --------------------------------------------------------------------------------

    def _api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://knada.slack.com/",
            "team": "KNADA",
            "user": "knada-bot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_arg(args)
        self._check_message("chat.postMessage", args)
        thread_ts = args.get("thread_ts")
        if thread_ts:
            parent = self._find_message(channel, str(thread_ts))
            # A reply to a reply lands in the parent's thread, as in Slack.
            args = {**args, "thread_ts": parent.get("thread_ts") or parent["ts"]}
        message = self._post(channel, args)
        return {"channel": channel, "ts": message["ts"], "message": _public(message)}

    def _api_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_arg(args)
        message = self._find_message(channel, str(args.get("ts") or ""))
        if message.get("user") != self.bot_user_id:
            raise SlackError("cant_update_message")
        self._check_message("chat.update", args)
        self._edit(message, args)
        return {"channel": channel, "ts": message["ts"], "text": message["text"], "message": _public(message)}

    def _api_chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_arg(args)
        message = self._find_message(channel, str(args.get("ts") or ""))
        message["_deleted"] = True
        return {"channel": channel, "ts": message["ts"]}

    def _api_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_arg(args)
        user = args.get("user")
        if not user:
            raise SlackError("user_not_found")
        self._check_message("chat.postEphemeral", args)
        ts = self._new_ts()
        self._ephemerals.append(
            {
                "type": "message",
                "ts": ts,
                "channel": channel,
                "user": user,
                "text": args.get("text", ""),
                "blocks": args.get("blocks") or [],
                "thread_ts": args.get("thread_ts"),
                "source": "chat.postEphemeral",
            }
        )
        return {"message_ts": ts}

    def _api_chat_getPermalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_arg(args)
        message = self._find_message(channel, str(args.get("message_ts") or ""))
        link = f"https://knada.slack.com/archives/{channel}/p{message['ts'].replace('.', '')}"
        if message.get("thread_ts") not in (None, message["ts"]):
            link += f"?thread_ts={message['thread_ts']}&cid={channel}"
        return {"channel": channel, "permalink": link}

    def _api_reactions_add(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_arg(args)
        name = str(args.get("name") or "").strip(":")
        if not name:
            raise SlackError("invalid_name")
        message = self._find_message(channel, str(args.get("timestamp") or ""))
        reactions = message.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["name"] == name:
                if self.bot_user_id in reaction["users"]:
                    raise SlackError("already_reacted")
                reaction["users"].append(self.bot_user_id)
                reaction["count"] += 1
                return {}
        reactions.append({"name": name, "users": [self.bot_user_id], "count": 1})
        return {}

    def _api_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        trigger = self._use_trigger(args)
        view = self._view_arg(args, "views.open", "modal")
        user = trigger.user_id or ""
        stored = self._store_view(view, user=user)
        return {"view": stored}

    def _api_views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        trigger = self._use_trigger(args)
        view = self._view_arg(args, "views.push", "modal")
        user = trigger.user_id or ""
        stack = self._modal_stacks.get(user, [])
        if not stack:
            raise SlackError("not_found")
        if len(stack) >= MAX_MODAL_STACK:
            raise SlackError("push_limit_reached")
        return {"view": self._store_view(view, user=user, previous_view_id=stack[-1])}

    def _api_views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id")
        if not view_id and args.get("external_id"):
            view_id = next(
                (vid for vid, v in self._views.items() if v.get("external_id") == args["external_id"]), None
            )
        if not view_id or view_id not in self._views:
            raise SlackError("not_found")
        current = self._views[view_id]
        owner = self._view_owner[view_id]
        if current["type"] == "modal" and view_id not in self._modal_stacks.get(owner, []):
            raise SlackError("not_found")  # the user closed it
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        view = self._view_arg(args, "views.update", current["type"])
        return {"view": self._store_view(view, user=owner, view_id=view_id)}

    def _api_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user = args.get("user_id")
        if not user:
            raise SlackError("invalid_arguments", response_metadata={"messages": ["user_id is required"]})
        existing = self._homes.get(user)
        if existing and args.get("hash") and args["hash"] != self._views[existing]["hash"]:
            raise SlackError("hash_conflict")
        view = self._view_arg(args, "views.publish", "home")
        stored = self._store_view(view, user=user, view_id=existing)
        self._homes[user] = stored["id"]
        return {"view": stored}

    def _api_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._users.get(str(args.get("user") or ""))
        if user is None:
            raise SlackError("user_not_found")
        return {"user": copy.deepcopy(user)}

    def _api_users_profile_get(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = str(args.get("user") or self.bot_user_id)
        user = self._users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        profile = copy.deepcopy(user["profile"])
        fields = self._profile_fields.get(user_id) or {}
        # Slack sends an empty *array* when a user has no custom fields (a PHP-ism): a resolver that
        # calls .get() on it breaks, so the fake does the same.
        profile["fields"] = {fid: {"value": v, "alt": ""} for fid, v in fields.items()} if fields else []
        return {"profile": profile}

    def _api_usergroups_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        group = self._usergroups.get(str(args.get("usergroup") or ""))
        if group is None:
            raise SlackError("no_such_subteam")
        return {"users": list(group)}

    def _api_conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channels.get(str(args.get("channel") or ""))
        if channel is None:
            raise SlackError("channel_not_found")
        return {"channel": copy.deepcopy(channel)}

    # -- helpers ----------------------------------------------------------------------------------------

    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    def _new_ts(self) -> str:
        self._ts_counter += 1
        seconds, micros = divmod(self._ts_counter, 1_000_000)
        return f"{self._ts_seconds + seconds}.{micros:06d}"

    def _touch(self) -> None:
        self._generation += 1
        self._changed.notify_all()

    def _violate(self, method: str, error: str, detail: str) -> None:
        self.violations.append(Violation(method, error, detail))

    def _next_failure(self, method: str) -> _Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    def _resolve_channel(self, channel: str) -> str:
        # Posting to a user id opens the bot's DM with them, which has its own D-id.
        if channel[:1] in ("U", "W"):
            return "D" + channel[1:]
        return channel

    def _channel_arg(self, args: dict[str, Any]) -> str:
        channel = self._resolve_channel(str(args.get("channel") or ""))
        if channel not in self._channels and not channel.startswith("D"):
            raise SlackError("channel_not_found")
        self._messages.setdefault(channel, [])
        return channel

    def _find_message(self, channel: str, ts: str) -> dict[str, Any]:
        for message in self._messages.get(channel, []):
            if message["ts"] == ts and not message.get("_deleted"):
                return message
        raise SlackError("message_not_found")

    def _check_message(self, method: str, args: dict[str, Any]) -> None:
        """Refuse what Slack refuses (recording it), and flag pings, which Slack would deliver."""
        blocks = args.get("blocks")
        text = args.get("text")
        if not text and not blocks and not args.get("attachments"):
            self._violate(method, "no_text", "neither text nor blocks were given")
            raise SlackError("no_text")
        if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
            self._violate(
                method, "msg_too_long", f"text is {len(text)} characters, more than {MAX_MESSAGE_TEXT}"
            )
            raise SlackError("msg_too_long")
        if blocks is not None:
            problems = block_problems(blocks, max_blocks=MAX_MESSAGE_BLOCKS)
            if problems:
                self._violate(method, "invalid_blocks", "; ".join(problems))
                raise SlackError("invalid_blocks", errors=problems, response_metadata={"messages": problems})
        allowed = self._allowed_pings
        link_names = str(args.get("link_names", "")).lower() in ("1", "true")
        for value in _strings([text, blocks, args.get("attachments")]):
            pings = {m.group(1) for m in PING_RE.finditer(value)}
            if link_names:
                pings |= {m.group(1) for m in LINKED_PING_RE.finditer(value)}
            for ping in sorted(pings - allowed):
                self._violate(method, "ping", f"@{ping} in {value[:200]!r}")

    def _post(self, channel: str, args: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "ts": self._new_ts(),
            "channel": channel,
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "text": args.get("text") or "",
            "blocks": args.get("blocks") or [],
        }
        if args.get("thread_ts"):
            message["thread_ts"] = str(args["thread_ts"])
            if str(args.get("reply_broadcast", "")).lower() in ("1", "true"):
                message["reply_broadcast"] = True
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        self._messages.setdefault(channel, []).append(message)
        self._versions[(channel, message["ts"])] = [_version(message)]
        return message

    def _edit(self, message: dict[str, Any], args: dict[str, Any]) -> None:
        # chat.update keeps the old blocks when none are sent; an empty list removes them.
        if "text" in args:
            message["text"] = args.get("text") or ""
        if args.get("blocks") is not None:
            message["blocks"] = args["blocks"]
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        message["edited"] = {"user": self.bot_user_id, "ts": self._new_ts()}
        if "source" not in message:  # not an ephemeral
            self._versions.setdefault((message["channel"], message["ts"]), []).append(_version(message))

    def _use_trigger(self, args: dict[str, Any]) -> _Trigger:
        trigger_id = args.get("trigger_id")
        trigger = self._triggers.get(str(trigger_id or ""))
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        lifetime = self.trigger_lifetime
        if lifetime is not None and time.monotonic() - trigger.issued > lifetime:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger

    def _view_arg(self, args: dict[str, Any], method: str, expected_type: str) -> dict[str, Any]:
        view = args.get("view")
        problems = view_problems(view, expected_type=expected_type)
        if problems:
            self._violate(method, "invalid_arguments", "; ".join(problems))
            raise SlackError("invalid_arguments", response_metadata={"messages": problems})
        return view  # type: ignore[return-value]

    def _store_view(
        self,
        view: dict[str, Any],
        *,
        user: str,
        view_id: str | None = None,
        previous_view_id: str | None = None,
    ) -> dict[str, Any]:
        new = view_id is None
        if view_id is None:
            view_id = f"V{self._next_id():08d}"
            root = self._views[previous_view_id]["root_view_id"] if previous_view_id else view_id
        else:
            previous_view_id = self._views[view_id]["previous_view_id"]
            root = self._views[view_id]["root_view_id"]
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view["type"],
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "blocks": copy.deepcopy(view["blocks"]),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{self._next_id():08d}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "previous_view_id": previous_view_id,
            "root_view_id": root,
            "app_id": self.app_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        self._views[view_id] = stored
        self._view_owner[view_id] = user
        if new and view["type"] == "modal":
            self._modal_stacks.setdefault(user, []).append(view_id)
        return copy.deepcopy(stored)

    def _close_modal(self, user: str, view_id: str) -> None:
        stack = self._modal_stacks.get(user, [])
        if view_id in stack:
            stack.remove(view_id)


def _public(message: dict[str, Any]) -> dict[str, Any]:
    return {key: copy.deepcopy(value) for key, value in message.items() if not key.startswith("_")}


def _version(message: dict[str, Any]) -> dict[str, Any]:
    return {"text": message["text"], "blocks": copy.deepcopy(message["blocks"])}


# ---------------------------------------------------------------------------------------------------------
# HTTP


# Arguments a form body carries as JSON text; JSON bodies carry them as values.
_JSON_ARGS = ("blocks", "attachments", "view", "metadata")


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet: request lines would drown pytest's output, and a form body may carry a token.
        pass

    def do_GET(self) -> None:
        self._api(body=b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        if path.startswith("/response/"):
            self._response_url(unquote(path.removeprefix("/response/")), body)
        else:
            self._api(body=body)

    def _api(self, body: bytes) -> None:
        url = urlsplit(self.path)
        if not url.path.startswith("/api/"):
            self._send(404, b"Not Found", "text/plain")
            return
        method = url.path.removeprefix("/api/")
        args: dict[str, Any] = dict(parse_qsl(url.query))
        content_type = self.headers.get("Content-Type", "")
        try:
            if "application/json" in content_type:
                parsed = json.loads(body or b"{}")
                if not isinstance(parsed, dict):
                    raise ValueError("JSON body must be an object")
                args.update(parsed)
            elif body:
                args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
                for name in _JSON_ARGS:
                    if isinstance(args.get(name), str):
                        args[name] = json.loads(args[name])
        except ValueError:
            status, headers, answer = 200, {}, {"ok": False, "error": "invalid_json"}
            self.fake._record(Call(method, {}, None, status, answer))
        else:
            token = args.pop("token", None)
            authorization = self.headers.get("Authorization", "")
            if authorization.startswith("Bearer "):
                token = authorization.removeprefix("Bearer ")
            status, headers, answer = self.fake._handle_api(method, args, token)
        self._send(status, json.dumps(answer).encode(), "application/json; charset=utf-8", headers)

    def _response_url(self, name: str, body: bytes) -> None:
        content_type = self.headers.get("Content-Type", "")
        try:
            if "application/json" in content_type:
                payload: Any = json.loads(body)
            else:
                payload = dict(parse_qsl(body.decode("utf-8")))
                if "payload" in payload:
                    payload = json.loads(payload["payload"])
        except ValueError:
            payload = None
        status, answer = self.fake._handle_response_url(name, payload)
        self._send(status, answer.encode(), "text/html")

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
