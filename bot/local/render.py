"""Block Kit and mrkdwn as readable terminal text, for ``knada-bot local``.

Generic on purpose: any block or element the bot sends is shown, so new cards, modals and buttons appear
in the console without a change here. Interactive elements (buttons, menus) get the number the console
assigns them (``[3] Cancel``), through the ``number`` callback, so that they can be pressed by number.
Mentions, channel and group links read as ``@e152435``, ``#knada``, ``@knada-admins``; links as
``label (url)``; ``&amp; &lt; &gt;`` as the characters they stand for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from bot import catalog
from bot.local.slack import (
    ADMIN_GROUP,
    ADMIN_GROUP_HANDLE,
    BOT_NAME,
    BOT_USER_ID,
    CHANNEL_ID,
    CHANNEL_NAME,
    ident_of,
)

#: ``number(block_id, element)``: the console's number for an interactive element.
Numberer = Callable[[str | None, Mapping[str, Any]], int]

_ANGLE = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_FENCE_BEFORE = re.compile(r"(?<=[^\n])```")
_FENCE_AFTER = re.compile(r"```(?=[^\n])")
INTERACTIVE = frozenset(
    {
        "button",
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
        "overflow",
        "datepicker",
        "timepicker",
        "datetimepicker",
        "radio_buttons",
        "checkboxes",
    }
)


def user_name(user_id: str) -> str:
    if user_id == BOT_USER_ID:
        return BOT_NAME
    return ident_of(user_id) or user_id


def mrkdwn(text: str) -> str:
    """Slack mrkdwn as plain text: the angle-bracket markup resolved, entities decoded."""

    def resolve(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return "@" + user_name(target[1:])
        if target.startswith("#"):
            return "#" + (CHANNEL_NAME if target[1:] == CHANNEL_ID else (label or target[1:]))
        if target.startswith("!subteam^"):
            if target[len("!subteam^") :] == ADMIN_GROUP:
                return "@" + ADMIN_GROUP_HANDLE
            return "@" + (label or target).lstrip("@")
        if target.startswith("!"):  # <!here>, <!channel>, <!date^...|fallback>
            return label or "@" + target[1:]
        if label and label != target:
            return f"{label} ({target})"
        return target

    text = _ANGLE.sub(resolve, text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    # A code block's fences on lines of their own, as Slack draws the block: "```--- a" reads badly.
    return _FENCE_AFTER.sub("```\n", _FENCE_BEFORE.sub("\n```", text))


def text_of(obj: Any) -> str:
    """A text object (``plain_text`` or ``mrkdwn``), or a bare string, as plain text."""
    if obj is None:
        return ""
    if isinstance(obj, str):
        return mrkdwn(obj)
    if obj.get("type") == "mrkdwn":
        return mrkdwn(str(obj.get("text", "")))
    return str(obj.get("text", ""))


def message_lines(text: str, blocks: list[dict[str, Any]], number: Numberer) -> list[str]:
    """A message: its blocks, or its text when it has none."""
    if not blocks:
        return mrkdwn(text).splitlines() or [""]
    return block_lines(blocks, number)


def block_lines(
    blocks: list[dict[str, Any]], number: Numberer, values: Mapping[str, Any] | None = None
) -> list[str]:
    """Blocks, one or more lines each. ``values`` (``block_id -> shown value``) fills input blocks."""
    lines: list[str] = []
    for block in blocks:
        lines.extend(_block(block, number, values or {}))
    return lines


def element_label(element: Mapping[str, Any]) -> str:
    """What a person reads on an interactive element: a button's text, a menu's placeholder."""
    return text_of(element.get("text")) or text_of(element.get("placeholder")) or "…"


def element_text(block_id: str | None, element: Mapping[str, Any], number: Numberer) -> str:
    """An interactive element with its number: ``[3] Cancel``, ``[4] Interface ▾ (Lab | Classic)``."""
    label = element_label(element)
    kind = element.get("type")
    shown = f"[{number(block_id, element)}] {label}"
    if kind == "button":
        if element.get("url"):
            shown += f" ↗ {element['url']}"
        if element.get("style") == "danger":
            shown += " (!)"
        return shown
    options = options_of(element)
    if options:
        shown += " ▾ (" + " | ".join(text_of(o.get("text")) for o in options) + ")"
    return shown


def options_of(element: Mapping[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _block(block: dict[str, Any], number: Numberer, values: Mapping[str, Any]) -> list[str]:
    kind = block.get("type")
    block_id = block.get("block_id")
    if kind == "header":
        title = text_of(block.get("text"))
        return [title.upper(), "=" * min(len(title), 60)]
    if kind == "section":
        lines = text_of(block.get("text")).splitlines()
        for item in block.get("fields") or []:
            lines.extend("  " + line for line in text_of(item).splitlines())
        accessory = block.get("accessory")
        if isinstance(accessory, dict) and accessory.get("type") in INTERACTIVE:
            lines.append("  " + element_text(block_id, accessory, number))
        return lines
    if kind == "context":
        parts = [
            text_of(e) if e.get("type") != "image" else f"[{e.get('alt_text', '')}]"
            for e in block.get("elements") or []
        ]
        return ["  ".join(p for p in parts if p)]
    if kind == "divider":
        return ["-" * 40]
    if kind == "actions":
        shown = [
            element_text(block_id, e, number)
            for e in block.get("elements") or []
            if e.get("type") in INTERACTIVE
        ]
        return ["   ".join(shown)] if shown else []
    if kind == "input":
        label = text_of(block.get("label"))
        marker = "" if block.get("optional") else "*"
        value = values.get(str(block_id))
        line = f"{label}{marker}: {value}" if value not in (None, "") else f"{label}{marker}: –"
        lines = [line]
        if block.get("hint"):
            lines.append("  " + text_of(block.get("hint")))
        return lines
    if kind == "image":
        return [f"[{catalog.text('local.image', None)}: {block.get('alt_text', '')}]"]
    if kind == "rich_text":
        return _rich_text(block.get("elements") or []).splitlines()
    return [f"[{kind}]"]


def _rich_text(elements: list[dict[str, Any]]) -> str:
    out: list[str] = []
    for element in elements:
        kind = element.get("type")
        if kind == "text":
            out.append(str(element.get("text", "")))
        elif kind == "link":
            out.append(str(element.get("text") or element.get("url", "")))
        elif kind == "user":
            out.append("@" + user_name(str(element.get("user_id", ""))))
        elif kind == "usergroup":
            out.append("@" + ADMIN_GROUP_HANDLE)
        elif kind == "channel":
            out.append("#" + CHANNEL_NAME)
        elif kind == "emoji":
            out.append(f":{element.get('name', '')}:")
        elif kind in ("rich_text_section", "rich_text_preformatted", "rich_text_quote"):
            out.append(_rich_text(element.get("elements") or []) + "\n")
        elif kind == "rich_text_list":
            for item in element.get("elements") or []:
                out.append("• " + _rich_text(item.get("elements") or []) + "\n")
    return "".join(out)
