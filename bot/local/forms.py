"""Filling a modal field by field, as the Slack client lets a person do it, for ``knada-bot local``.

``fields(view)`` lists a view's input blocks; ``answer(field, typed)`` turns what was typed for one of them
into the value Slack would put in ``view.state.values`` (an option picked by number, value or label; a user
by ``@ident``; ...), or raises ``AnswerError`` with the reason the Slack client would refuse it;
``state(view, answers)`` is the whole ``state.values`` of a submission: what was typed, and each other
element's initial value, as Slack fills it in.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from bot import catalog
from bot.local.render import options_of, text_of, user_name
from bot.local.slack import CHANNEL_ID, CHANNEL_NAME, user_id_for

_IDENT_RE = re.compile(r"^@?([a-z][0-9]{6})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^\d{2}:\d{2}$")

# element type -> (key of its value in state.values, key of its initial value, shape of the value)
_STATEFUL: dict[str, tuple[str, str, str]] = {
    "plain_text_input": ("value", "initial_value", "text"),
    "email_text_input": ("value", "initial_value", "text"),
    "url_text_input": ("value", "initial_value", "text"),
    "number_input": ("value", "initial_value", "text"),
    "static_select": ("selected_option", "initial_option", "option"),
    "radio_buttons": ("selected_option", "initial_option", "option"),
    "multi_static_select": ("selected_options", "initial_options", "options"),
    "checkboxes": ("selected_options", "initial_options", "options"),
    "users_select": ("selected_user", "initial_user", "user"),
    "multi_users_select": ("selected_users", "initial_users", "users"),
    "conversations_select": ("selected_conversation", "initial_conversation", "channel"),
    "channels_select": ("selected_channel", "initial_channel", "channel"),
    "datepicker": ("selected_date", "initial_date", "date"),
    "timepicker": ("selected_time", "initial_time", "time"),
}


class AnswerError(Exception):
    """What was typed can't go in the field; ``message`` says why, in the console's language."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str | None = None) -> str:
        return catalog.text(f"local.answer.{self.key}", lang, **self.params)


@dataclass(frozen=True)
class Field:
    block_id: str
    action_id: str
    element: dict[str, Any]
    label: str
    optional: bool
    hint: str

    @property
    def kind(self) -> str:
        return str(self.element.get("type"))

    def choices(self) -> list[str]:
        """The options to choose from, as shown (``1) Lab``), for menus, radio buttons and checkboxes."""
        return [f"{n}) {text_of(o.get('text'))}" for n, o in enumerate(options_of(self.element), 1)]


def fields(view: dict[str, Any]) -> list[Field]:
    """The view's input blocks that a person can fill, in order."""
    found = []
    for block in view.get("blocks") or []:
        element = block.get("element")
        if block.get("type") != "input" or not isinstance(element, dict) or not block.get("block_id"):
            continue
        found.append(
            Field(
                block_id=str(block["block_id"]),
                action_id=str(element.get("action_id") or ""),
                element=element,
                label=text_of(block.get("label")),
                optional=bool(block.get("optional")),
                hint=text_of(block.get("hint")),
            )
        )
    return found


def is_stateful(element: Any) -> bool:
    """Whether Slack keeps a value for this element in ``view.state``."""
    return isinstance(element, dict) and element.get("type") in _STATEFUL


def initial(element: dict[str, Any]) -> dict[str, Any]:
    """The element's value before anyone types: its initial value, as Slack reports it."""
    kind = str(element.get("type"))
    key, initial_key, shape = _STATEFUL[kind]
    value = copy.deepcopy(element.get(initial_key))
    if shape in ("options", "users"):
        value = value or []
    return {"type": kind, key: value}


def is_empty(value: dict[str, Any]) -> bool:
    return all(v in (None, "", []) for k, v in value.items() if k != "type")


def answer(field: Field, typed: str) -> dict[str, Any]:
    """The state value for ``typed`` in ``field``; raises AnswerError."""
    kind = field.kind
    if kind not in _STATEFUL:
        raise AnswerError("unsupported", kind=kind)
    key, _, shape = _STATEFUL[kind]
    typed = typed.strip()
    if not typed:
        value: Any = [] if shape in ("options", "users") else None
    elif shape == "text":
        value = _text(field, typed)
    elif shape == "option":
        value = _option(field, typed)
    elif shape == "options":
        value = [_option(field, part.strip()) for part in typed.split(",") if part.strip()]
    elif shape == "user":
        value = _user(typed)
    elif shape == "users":
        value = [_user(part.strip()) for part in typed.split(",") if part.strip()]
    elif shape == "channel":
        if typed.lstrip("#") not in (CHANNEL_NAME, CHANNEL_ID):
            raise AnswerError("channel", channel=CHANNEL_NAME)
        value = CHANNEL_ID
    elif shape == "date":
        if not _DATE_RE.match(typed):
            raise AnswerError("date")
        value = typed
    else:
        if not _TIME_RE.match(typed):
            raise AnswerError("time")
        value = typed
    result = {"type": kind, key: value}
    if is_empty(result) and not field.optional:
        raise AnswerError("required")
    return result


def shown(value: dict[str, Any] | None) -> str:
    """A state value as a person reads it: text, option labels, @idents."""
    if value is None:
        return ""
    parts: list[str] = []
    for key, item in value.items():
        if key == "type" or item in (None, "", []):
            continue
        for one in item if isinstance(item, list) else [item]:
            if isinstance(one, dict):
                parts.append(text_of(one.get("text")))
            elif key in ("selected_user", "selected_users"):
                parts.append("@" + user_name(str(one)))
            elif key in ("selected_channel", "selected_conversation"):
                parts.append("#" + CHANNEL_NAME)
            else:
                parts.append(str(one))
    return ", ".join(parts)


def state(view: dict[str, Any], answers: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``view.state.values`` for a submission or a click in the view: ``answers`` (``block_id ->``
    state value) where given, each other stateful element's initial value."""
    values: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks") or []:
        block_id = block.get("block_id")
        elements = [block.get("element")] if block.get("type") == "input" else []
        if block.get("type") == "actions":
            elements = list(block.get("elements") or [])
        if block.get("type") == "section" and isinstance(block.get("accessory"), dict):
            elements = [block["accessory"]]
        for element in elements:
            if not isinstance(element, dict) or element.get("type") not in _STATEFUL or not block_id:
                continue
            action_id = str(element.get("action_id") or "")
            value = answers.get(str(block_id)) if block.get("type") == "input" else None
            values.setdefault(str(block_id), {})[action_id] = copy.deepcopy(value) or initial(element)
    return values


def _text(field: Field, typed: str) -> str:
    element = field.element
    if len(typed) < int(element.get("min_length") or 0):
        raise AnswerError("too-short", length=element["min_length"])
    if element.get("max_length") and len(typed) > int(element["max_length"]):
        raise AnswerError("too-long", length=element["max_length"])
    if field.kind == "number_input":
        try:
            number = float(typed) if element.get("is_decimal_allowed") else int(typed)
        except ValueError:
            raise AnswerError("number") from None
        low, high = element.get("min_value"), element.get("max_value")
        if (low is not None and number < float(low)) or (high is not None and number > float(high)):
            raise AnswerError("number-range", low=low if low is not None else "", high=high or "")
    if field.kind == "email_text_input" and "@" not in typed:
        raise AnswerError("email")
    if field.kind == "url_text_input" and not typed.startswith(("https://", "http://")):
        raise AnswerError("url")
    return typed


def _option(field: Field, typed: str) -> dict[str, Any]:
    options = options_of(field.element)
    if typed.isdigit() and 1 <= int(typed) <= len(options):
        return copy.deepcopy(options[int(typed) - 1])
    for option in options:
        if typed == option.get("value") or typed.lower() == text_of(option.get("text")).lower():
            return copy.deepcopy(option)
    raise AnswerError("option", typed=typed, choices=", ".join(text_of(o.get("text")) for o in options))


def _user(typed: str) -> str:
    match = _IDENT_RE.match(typed.lower())
    if match is None:
        raise AnswerError("user", typed=typed)
    return user_id_for(match.group(1))
