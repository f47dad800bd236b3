"""A Slack workspace in this process, for ``knada-bot local``: the Web API the bot calls, answered locally.

``LocalSlack`` serves ``http://127.0.0.1:<port>/api/<method>`` from a thread, so the bot's own ``WebClient``
and the client Bolt builds for each request (from the same ``base_url``) both talk to it as they would to
Slack. It also serves the ``response_url`` of every request it hands out. Behind it, ``Workspace`` keeps
what the people in the console can see (the channel's messages and threads, ephemerals, each user's modal
stack and Home tab) and a list of ``Change`` records that the console renders after each step.

Users are fake: ``U`` + an upper-cased NAV ident (``UE152435`` is ``e152435``), with the ident in the
custom profile field ``IDENT_FIELD``, so the bot resolves idents through ``users.profile.get`` as it does
in production. Admins are the members of the user group ``ADMIN_GROUP``. Slack's rules that a bot could
trip over are kept: blocks are checked with slack_sdk's Block Kit models, ``trigger_id`` is good once and
for 3 s, a ``response_url`` for 5 uses, a modal stack is at most 3 deep, ``views.update`` honours ``hash``.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

log = logging.getLogger(__name__)

TEAM_ID = "T0LOCAL"
TEAM_DOMAIN = "knada-local"
APP_ID = "A0KNADABOT"
BOT_USER_ID = "U0KNADABOT"
BOT_ID = "B0KNADABOT"
BOT_NAME = "knada-bot"
CHANNEL_ID = "C0KNADA"
CHANNEL_NAME = "knada"
ADMIN_GROUP = "S0KNADAADM"
ADMIN_GROUP_HANDLE = "knada-admins"
IDENT_FIELD = "Xf0NAVIDENT"

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MODAL_STACK = 3
TRIGGER_SECONDS = 3.0
RESPONSE_URL_USES = 5
RESPONSE_URL_SECONDS = 30 * 60

_USER_RE = re.compile(r"^U([A-Z][0-9]{6})$")
# Slack sends these parameters JSON-encoded when a client form-encodes its call.
_JSON_ARGS = ("blocks", "view", "attachments", "metadata")


def user_id_for(ident: str) -> str:
    """The fake Slack user id of the person with NAV ident ``ident``."""
    return "U" + ident.upper()


def ident_of(user_id: str) -> str | None:
    """The NAV ident of a fake user, None for any other id."""
    match = _USER_RE.match(user_id)
    return match.group(1).lower() if match else None


class SlackError(Exception):
    """A Web API call Slack would answer with ``{"ok": false, "error": code}``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    ephemeral_to: str | None = None  # the one user who sees it


@dataclass(frozen=True)
class Change:
    """Something a person in the console would notice, in the order it happened.

    ``kind``: ``posted`` (a message or thread reply), ``updated`` (``before`` is the old message),
    ``deleted``, ``ephemeral``, ``modal`` (a user's top modal changed; ``view`` None when none is open),
    ``home`` (a Home tab was published), ``unknown-method`` (the bot called a method this workspace does
    not answer; ``note`` names it).
    """

    kind: str
    message: Message | None = None
    before: Message | None = None
    user: str | None = None
    view: dict[str, Any] | None = None
    note: str | None = None


@dataclass
class _Trigger:
    user: str
    issued: float
    used: bool = False


@dataclass
class _ResponseUrl:
    user: str
    channel: str
    message_ts: str | None
    issued: float
    uses: int = 0


@dataclass
class Workspace:
    """The state behind the local Web API. Thread-safe: every call holds the workspace lock."""

    clock: Callable[[], float] = time.time
    admins: set[str] = field(default_factory=set)
    messages: dict[str, Message] = field(default_factory=dict)  # ts -> message in the channel
    ephemerals: dict[str, Message] = field(default_factory=dict)
    modals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # user -> stack, top last
    homes: dict[str, dict[str, Any]] = field(default_factory=dict)
    url: str = ""  # where the server answers, for response URLs

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._changes: list[Change] = []
        self._triggers: dict[str, _Trigger] = {}
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._counter = itertools.count(1)
        self._last_ts = 0.0

    # -- for the console ------------------------------------------------------------------------------------

    def take_changes(self) -> list[Change]:
        with self._lock:
            changes, self._changes = self._changes, []
            return changes

    def set_admin(self, user: str, admin: bool) -> None:
        """Put ``user`` in the admin user group, or take them out."""
        with self._lock:
            if admin:
                self.admins.add(user)
            else:
                self.admins.discard(user)

    def is_admin(self, user: str) -> bool:
        with self._lock:
            return user in self.admins

    def home(self, user: str) -> dict[str, Any] | None:
        with self._lock:
            home = self.homes.get(user)
            return copy.deepcopy(home) if home else None

    def add_response(self, user: str, text: str, blocks: list[dict[str, Any]], *, ephemeral: bool) -> Message:
        """The body of an acknowledgement, as Slack shows it: to ``user`` alone, or in the channel."""
        with self._lock:
            content = {"text": text, "blocks": blocks}
            text, blocks = self._content(content, MAX_MESSAGE_BLOCKS)
            message = Message(
                CHANNEL_ID, self._next_ts(), text, blocks, ephemeral_to=user if ephemeral else None
            )
            (self.ephemerals if ephemeral else self.messages)[message.ts] = message
            return copy.deepcopy(message)

    def new_trigger_id(self, user: str) -> str:
        with self._lock:
            trigger_id = f"{next(self._counter)}.{secrets.token_hex(6)}"
            self._triggers[trigger_id] = _Trigger(user, self.clock())
            return trigger_id

    def new_response_url(self, user: str, channel: str, message_ts: str | None = None) -> str:
        with self._lock:
            key = secrets.token_urlsafe(12)
            self._response_urls[key] = _ResponseUrl(user, channel, message_ts, self.clock())
            return f"{self.url}/respond/{key}"

    def modal(self, user: str) -> dict[str, Any] | None:
        """The modal ``user`` is looking at (the top of their stack), or None."""
        with self._lock:
            stack = self.modals.get(user)
            return copy.deepcopy(stack[-1]) if stack else None

    def message(self, ts: str) -> Message | None:
        with self._lock:
            found = self.messages.get(ts) or self.ephemerals.get(ts)
            return copy.deepcopy(found) if found else None

    def close_modal(self, user: str, view_id: str, *, clear: bool = False) -> None:
        """The user closes the modal (all of the stack with ``clear``), as the Slack client does."""
        with self._lock:
            stack = self.modals.get(user, [])
            if clear:
                stack.clear()
            elif stack and stack[-1]["id"] == view_id:
                stack.pop()
            self._changes.append(Change("modal", user=user, view=copy.deepcopy(stack[-1]) if stack else None))

    def apply_view_response(self, user: str, view_id: str, answer: dict[str, Any] | None) -> dict[str, str]:
        """Do with the user's modal what Slack does with the app's answer to a ``view_submission``.

        Returns the field errors (``block_id -> message``) when the answer was ``response_action: errors``.
        """
        with self._lock:
            stack = self.modals.get(user, [])
            action = (answer or {}).get("response_action")
            if action == "errors":
                return {str(k): str(v) for k, v in (answer or {}).get("errors", {}).items()}
            if action == "clear":
                stack.clear()
            elif action in ("update", "push"):
                view = self._checked_view((answer or {}).get("view"))
                if action == "push":
                    if len(stack) >= MAX_MODAL_STACK:
                        raise SlackError("push_limit_reached")
                    stack.append(self._new_view(view, user, previous=stack[-1] if stack else None))
                else:
                    index = next((i for i, v in enumerate(stack) if v["id"] == view_id), len(stack) - 1)
                    stack[index] = self._replaced_view(stack[index], view)
            else:  # an empty answer closes the view that was submitted
                self.modals[user] = stack = [v for v in stack if v["id"] != view_id]
            self._changes.append(Change("modal", user=user, view=copy.deepcopy(stack[-1]) if stack else None))
            return {}

    # -- the Web API ----------------------------------------------------------------------------------------

    def call(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """Answer Web API ``method`` with ``args`` as Slack would: ``{"ok": true, ...}`` or an error."""
        handler = self._methods().get(method)
        if handler is None:
            with self._lock:
                self._changes.append(Change("unknown-method", note=method))
            return {"ok": False, "error": "unknown_method"}
        try:
            with self._lock:
                return {"ok": True, **handler(args)}
        except SlackError as error:
            return {"ok": False, "error": error.code}

    def respond(self, key: str, payload: dict[str, Any]) -> tuple[int, str]:
        """A POST to a ``response_url``: (HTTP status, body) as Slack answers it."""
        with self._lock:
            target = self._response_urls.get(key)
            if target is None:
                return 404, "no_service"
            if target.uses >= RESPONSE_URL_USES or self.clock() - target.issued > RESPONSE_URL_SECONDS:
                return 404, "used_url"
            target.uses += 1
            try:
                self._respond(target, payload)
            except SlackError as error:
                return 400, error.code
            return 200, "ok"

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.update": self._update,
            "chat.delete": self._delete,
            "chat.getPermalink": self._permalink,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "users.profile.get": self._users_profile_get,
            "usergroups.users.list": self._usergroup_users,
            "conversations.info": self._conversations_info,
            "conversations.open": self._conversations_open,
        }

    def _auth_test(self, _args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.local/",
            "team": TEAM_DOMAIN,
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        text, blocks = self._content(args, MAX_MESSAGE_BLOCKS)
        thread_ts = args.get("thread_ts") or None
        if thread_ts is not None and thread_ts not in self.messages:
            raise SlackError("thread_not_found")
        message = Message(channel, self._next_ts(), text, blocks, thread_ts=thread_ts)
        self.messages[message.ts] = message
        self._changes.append(Change("posted", message=copy.deepcopy(message)))
        return {"channel": channel, "ts": message.ts, "message": self._message_json(message)}

    def _post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        user = str(args.get("user") or "")
        if ident_of(user) is None:
            raise SlackError("user_not_in_channel")
        text, blocks = self._content(args, MAX_MESSAGE_BLOCKS)
        message = Message(channel, self._next_ts(), text, blocks, args.get("thread_ts"), ephemeral_to=user)
        self.ephemerals[message.ts] = message
        self._changes.append(Change("ephemeral", message=copy.deepcopy(message), user=user))
        return {"message_ts": message.ts}

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        ts = str(args.get("ts") or "")
        if ts in self.ephemerals:
            raise SlackError("cant_update_message")  # chat.update can't reach an ephemeral message
        message = self.messages.get(ts)
        if message is None or message.channel != args.get("channel"):
            raise SlackError("message_not_found")
        before = copy.deepcopy(message)
        message.text, message.blocks = self._content(args, MAX_MESSAGE_BLOCKS)
        self._changes.append(Change("updated", message=copy.deepcopy(message), before=before))
        return {"channel": message.channel, "ts": ts, "text": message.text}

    def _delete(self, args: dict[str, Any]) -> dict[str, Any]:
        ts = str(args.get("ts") or "")
        message = self.messages.pop(ts, None)
        if message is None:
            raise SlackError("message_not_found")
        self._changes.append(Change("deleted", message=message))
        return {"channel": message.channel, "ts": ts}

    def _permalink(self, args: dict[str, Any]) -> dict[str, Any]:
        ts = str(args.get("message_ts") or "")
        if ts not in self.messages:
            raise SlackError("message_not_found")
        channel = self.messages[ts].channel
        link = f"https://{TEAM_DOMAIN}.slack.local/archives/{channel}/p{ts.replace('.', '')}"
        return {"channel": channel, "permalink": link}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._use_trigger(args)
        view = self._new_view(self._checked_view(args.get("view")), user, previous=None)
        self.modals[user] = [view]
        self._changes.append(Change("modal", user=user, view=copy.deepcopy(view)))
        return {"view": copy.deepcopy(view)}

    def _views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._use_trigger(args)
        stack = self.modals.get(user) or []
        if not stack:
            raise SlackError("not_found")
        if len(stack) >= MAX_MODAL_STACK:
            raise SlackError("push_limit_reached")
        view = self._new_view(self._checked_view(args.get("view")), user, previous=stack[-1])
        stack.append(view)
        self._changes.append(Change("modal", user=user, view=copy.deepcopy(view)))
        return {"view": copy.deepcopy(view)}

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        wanted_id, external_id = args.get("view_id"), args.get("external_id")
        for user, stack in self.modals.items():
            for index, old in enumerate(stack):
                if old["id"] != wanted_id and (external_id is None or old.get("external_id") != external_id):
                    continue
                if args.get("hash") and args["hash"] != old["hash"]:
                    raise SlackError("hash_conflict")
                stack[index] = self._replaced_view(old, self._checked_view(args.get("view")))
                if index == len(stack) - 1:
                    self._changes.append(Change("modal", user=user, view=copy.deepcopy(stack[index])))
                return {"view": copy.deepcopy(stack[index])}
        raise SlackError("not_found")

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("user_id") or "")
        if ident_of(user) is None:
            raise SlackError("user_not_found")
        view = self._checked_view(args.get("view"))
        if view.get("type") != "home":
            raise SlackError("invalid_arguments")
        previous = self.homes.get(user)
        if args.get("hash") and previous is not None and args["hash"] != previous["hash"]:
            raise SlackError("hash_conflict")
        home = self._new_view(view, user, previous=None)
        self.homes[user] = home
        self._changes.append(Change("home", user=user, view=copy.deepcopy(home)))
        return {"view": copy.deepcopy(home)}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("user") or "")
        ident = self._known(user)
        return {
            "user": {
                "id": user,
                "team_id": TEAM_ID,
                "name": ident,
                "real_name": ident,
                "is_bot": False,
                "is_admin": False,
                "profile": self._profile(ident),
            }
        }

    def _users_profile_get(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"profile": self._profile(self._known(str(args.get("user") or "")))}

    def _usergroup_users(self, args: dict[str, Any]) -> dict[str, Any]:
        if args.get("usergroup") != ADMIN_GROUP:
            raise SlackError("no_such_subteam")
        return {"users": sorted(self.admins)}

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        if args.get("channel") != CHANNEL_ID:
            raise SlackError("channel_not_found")
        return {"channel": {"id": CHANNEL_ID, "name": CHANNEL_NAME, "is_channel": True, "is_member": True}}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if len(users) != 1:
            raise SlackError("invalid_arguments")
        self._known(users[0])
        return {"channel": {"id": "D" + users[0][1:]}}

    # -- helpers --------------------------------------------------------------------------------------------

    def _respond(self, target: _ResponseUrl, payload: dict[str, Any]) -> None:
        original = target.message_ts
        if payload.get("delete_original") and original:
            message = self.messages.pop(original, None) or self.ephemerals.pop(original, None)
            if message is not None:
                self._changes.append(Change("deleted", message=message))
            return
        text, blocks = self._content(payload, MAX_MESSAGE_BLOCKS)
        if payload.get("replace_original") and original:
            message = self.messages.get(original) or self.ephemerals.get(original)
            if message is None:
                raise SlackError("message_not_found")
            before = copy.deepcopy(message)
            message.text, message.blocks = text, blocks
            self._changes.append(Change("updated", message=copy.deepcopy(message), before=before))
            return
        if payload.get("response_type") == "in_channel":
            thread_ts = payload.get("thread_ts")
            message = Message(target.channel, self._next_ts(), text, blocks, thread_ts=thread_ts)
            self.messages[message.ts] = message
            self._changes.append(Change("posted", message=copy.deepcopy(message)))
            return
        message = Message(target.channel, self._next_ts(), text, blocks, ephemeral_to=target.user)
        self.ephemerals[message.ts] = message
        self._changes.append(Change("ephemeral", message=copy.deepcopy(message), user=target.user))

    def _channel(self, args: dict[str, Any]) -> str:
        channel = str(args.get("channel") or "")
        if channel == CHANNEL_ID:
            return channel
        if channel[:1] in ("D", "U") and ident_of("U" + channel[1:]):
            return "D" + channel[1:]  # a message to a user id lands in the DM with them
        raise SlackError("channel_not_found")

    def _content(self, args: dict[str, Any], max_blocks: int) -> tuple[str, list[dict[str, Any]]]:
        text = str(args.get("text") or "")
        blocks = args.get("blocks") or []
        if not isinstance(blocks, list):
            raise SlackError("invalid_blocks")
        if not text and not blocks:
            raise SlackError("no_text")
        if len(blocks) > max_blocks:
            raise SlackError("invalid_blocks")
        _check_blocks(blocks)
        return text, copy.deepcopy(blocks)

    def _checked_view(self, view: Any) -> dict[str, Any]:
        if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
            raise SlackError("invalid_arguments")
        blocks = view.get("blocks") or []
        if len(blocks) > MAX_VIEW_BLOCKS:
            raise SlackError("invalid_blocks")
        _check_blocks(blocks)
        if view.get("type") == "modal" and not (view.get("title") or {}).get("text"):
            raise SlackError("invalid_arguments")
        return copy.deepcopy(view)

    def _new_view(self, view: dict[str, Any], user: str, previous: dict[str, Any] | None) -> dict[str, Any]:
        view_id = f"V{next(self._counter):08d}"
        return {
            **view,
            "id": view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "state": {"values": {}},
            "hash": secrets.token_hex(8),
            "root_view_id": previous["root_view_id"] if previous else view_id,
            "previous_view_id": previous["id"] if previous else None,
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "user": user,
        }

    def _replaced_view(self, old: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
        keep = {k: old[k] for k in ("id", "team_id", "app_id", "bot_id", "root_view_id", "previous_view_id")}
        return {
            **view,
            **keep,
            "state": {"values": {}},
            "hash": secrets.token_hex(8),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "user": old["user"],
        }

    def _use_trigger(self, args: dict[str, Any]) -> str:
        trigger = self._triggers.get(str(args.get("trigger_id") or ""))
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if self.clock() - trigger.issued > TRIGGER_SECONDS:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger.user

    def _known(self, user: str) -> str:
        ident = ident_of(user)
        if ident is None:
            raise SlackError("user_not_found")
        return ident

    @staticmethod
    def _profile(ident: str) -> dict[str, Any]:
        return {
            "real_name": ident,
            "display_name": ident,
            "fields": {IDENT_FIELD: {"value": ident, "alt": ""}},
        }

    @staticmethod
    def _message_json(message: Message) -> dict[str, Any]:
        return {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "text": message.text,
            "blocks": copy.deepcopy(message.blocks),
            "ts": message.ts,
            **({"thread_ts": message.thread_ts} if message.thread_ts else {}),
        }

    def _next_ts(self) -> str:
        # Slack's ts are unique per channel and increase; the console orders threads by them.
        now = max(round(self.clock(), 6), round(self._last_ts + 0.000001, 6))
        self._last_ts = now
        return f"{now:.6f}"


def _check_blocks(blocks: list[Any]) -> None:
    """Refuse blocks Slack would refuse (``invalid_blocks``), by slack_sdk's Block Kit models."""
    for block in blocks:
        if not isinstance(block, dict):
            raise SlackError("invalid_blocks")
        try:
            model = Block.parse(copy.deepcopy(block))
            if model is None:
                raise SlackError("invalid_blocks")
            model.validate_json()
        except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError):
            log.warning("invalid block of type %s", block.get("type"))
            raise SlackError("invalid_blocks") from None


class LocalSlack:
    """The workspace behind a tiny HTTP server on 127.0.0.1 (the Web API and response URLs)."""

    def __init__(self, workspace: Workspace | None = None) -> None:
        self.workspace = workspace or Workspace()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.workspace))
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.api_url = f"{self.url}/api/"
        self.workspace.url = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-slack", daemon=True)

    def start(self) -> LocalSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(workspace: Workspace) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def _handle(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if url.path.startswith("/api/"):
                args = _arguments(url.query, body, self.headers.get("Content-Type", ""))
                self._send(HTTPStatus.OK, json.dumps(workspace.call(url.path[5:], args)), "application/json")
            elif url.path.startswith("/respond/"):
                try:
                    payload = json.loads(body or b"{}")
                except ValueError:
                    self._send(HTTPStatus.BAD_REQUEST, "invalid_payload", "text/plain")
                    return
                status, answer = workspace.respond(url.path[9:], payload)
                self._send(HTTPStatus(status), answer, "text/plain")
            else:
                self._send(HTTPStatus.NOT_FOUND, "not found", "text/plain")

        def _send(self, status: HTTPStatus, body: str, content_type: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # every call is rendered in the console; an access log would only clutter it

    return Handler


def _arguments(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    args: dict[str, Any] = dict(parse_qsl(query))
    if body and "json" in content_type:
        args.update(json.loads(body))
    elif body:
        args.update(parse_qsl(body.decode("utf-8")))
    for key in _JSON_ARGS:
        if isinstance(args.get(key), str):
            # Not JSON: the raw string stays, and the method answers invalid_blocks/invalid_arguments.
            with contextlib.suppress(ValueError):
                args[key] = json.loads(args[key])
    return args
