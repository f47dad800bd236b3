"""The forms (Slack modals) for asking for a change, the preview of a change before its PR is opened, and
short notices; reading a submitted form back into a command; putting a refusal on the form's fields.

One form per kind of request: ``hub create`` (opened by a bare ``/knada hub create``) and one small form
per aspect of an existing hub (users in, users out, limits, an environment variable set or removed, the
interface), opened from the buttons of ``hub show``, the App Home, or a card's "Edit and resubmit".
A submitted form is read back into the same ``ChangeCommand`` the slash grammar makes and planned with the
same rules, so a form refuses exactly what the command would; a refusal lands on the field it is about
(``response_action: errors``). A valid form turns into the preview: the diff of the config, in a code block,
with "Open the pull request" as its submit.

A ``view_submission`` carries no channel, so the form's ``private_metadata`` says where the request came from
(``Origin``): its kind, hub, the channel for its card, and the request it replaces. The preview carries the
origin and the command's parameters (mentions already resolved to idents), well under Slack's 3000
characters because every input has a ``max_length``.

Pure: Block Kit dicts in and out. Inputs are plain text in Slack, so their values need no escaping; texts
shown as mrkdwn are escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bot import catalog
from bot.hubconfig.document import EditError
from bot.hubconfig.findings import Finding
from bot.hubconfig.model import DEFAULT_CPU, DEFAULT_MEMORY, Hub
from bot.lifecycle.change import Change
from bot.lifecycle.commands import (
    AddUsers,
    ChangeCommand,
    CreateHub,
    DeleteHub,
    Ident,
    Mention,
    RemoveUsers,
    SetEnv,
    SetInterface,
    SetLimits,
    UnsetEnv,
    UserRef,
)
from bot.lifecycle.planning import Refusal
from bot.slack.cards import button, escape, mrkdwn, plain, summary, title

FORM = "knada_form"  # callback_id of every form
PREVIEW = "knada_preview"  # callback_id of the preview
BACK = "preview_back"  # action id of the preview's "Change" button
VALUE = "value"  # action id of every input (block ids name the fields)

MAX_METADATA = 3000
MAX_DIFF = 2800  # a section's text holds 3000 characters; the fence and a note need the rest
MAX_FIELD_ERROR = 500
MAX_OPTIONS = 100

#: The inputs of each form, in order (block ids). The first is where a refusal about no field goes.
FIELDS: dict[str, tuple[str, ...]] = {
    "create": ("ingress", "namespace", "people", "idents", "memory", "cpu", "interface", "envs"),
    "users-add": ("people", "idents"),
    "users-remove": ("remove",),
    "limits": ("memory", "cpu"),
    "env-set": ("name", "value"),
    "env-unset": ("name",),
    "ui": ("interface",),
    "delete": (),  # nothing to fill in: the form says what deleting means, its submit shows the diff
}
CHANNEL_FIELD = "channel"

# Refusals about one field (planning's codes, bot.catalog.requests).
_REFUSAL_FIELDS = {
    "hub-exists": "ingress",
    "path-taken": "ingress",
    "ident-invalid": "idents",
    "mention-unresolved": "people",
    "noop-users-add": "idents",
    "noop-users-remove": "remove",
    "remove-all-users": "remove",
    "cpu-not-number": "cpu",
    "noop-limits": "memory",
    "noop-env-set": "value",
    "noop-env-unset": "name",
    "noop-ui": "interface",
}
# Findings by the config key they are about; a few extraEnvs findings are about the name, not the value.
_FINDING_FIELDS = {
    "namespace": "namespace",
    "ingress": "ingress",
    "users": "idents",
    "memoryLimit": "memory",
    "cpuLimit": "cpu",
    "jupyterLabs": "interface",
    "extraEnvs": "envs",
}
_ENV_NAME_FINDINGS = frozenset({"extraEnvs.name", "extraEnvs.reserved", "extraEnvs.duplicate"})
# Edits that can't be made (``cannot-edit``/``cannot-create``, caused by an ``EditError``), by field.
_EDIT_FIELDS = {"env-name": "envs", "env-duplicate": "envs", "no-users": "idents", "cpu-not-a-number": "cpu"}
_IDENT_SPLIT_RE = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Origin:
    """Where a form was opened: what it asks for, about which hub, where the card goes, what it replaces."""

    kind: str
    hub: str | None = None
    channel: str | None = None  # None: the form asks for one (opened from the App Home, no KNADA_CHANNEL)
    replaces: str | None = None  # the request id an "Edit and resubmit" replaces

    def dump(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> Origin:
        return cls(
            kind=str(data["kind"]),
            hub=data.get("hub"),
            channel=data.get("channel"),
            replaces=data.get("replaces"),
        )


class FormError(Exception):
    """The form can't be read into a command: ``errors`` maps block ids to what to fix (plain text)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = dict(errors)


# --- building forms ---------------------------------------------------------------------------------------


def form(
    origin: Origin,
    lang: str | None = None,
    *,
    hub: Hub | None = None,
    values: Mapping[str, Any] | None = None,
    domain: str = "jupyter.adeo.no",
) -> dict[str, Any]:
    """The form for ``origin.kind``: pre-filled from ``values`` (a request's stored parameters, for
    "Edit and resubmit" and "Change"), else from the hub's current config."""
    kind = origin.kind
    values = dict(values or {})
    blocks: list[dict[str, Any]] = []
    if kind == "create":
        blocks.append(_context(catalog.text("form.create.intro", lang, domain=domain)))
    else:
        blocks.append(_section(catalog.text("form.hub", lang, hub=escape(origin.hub or "?"), domain=domain)))
        if hub is not None and kind != "delete":
            blocks.append(_context(_now(hub, kind, lang)))
    blocks += _inputs(kind, lang, hub, values, domain)
    if origin.channel is None:
        blocks.append(
            _input(
                CHANNEL_FIELD,
                catalog.text("form.field.channel", lang),
                {
                    "type": "conversations_select",
                    "action_id": VALUE,
                    "filter": {"include": ["public"], "exclude_bot_users": True},
                },
                hint=catalog.text("form.hint.channel", lang),
            )
        )
    return {
        "type": "modal",
        "callback_id": FORM,
        "title": plain(catalog.text(f"form.title.{kind}", lang)),
        "submit": plain(catalog.text("form.submit", lang)),
        "close": plain(catalog.text("form.close", lang)),
        "private_metadata": json.dumps(origin.dump()),
        "blocks": blocks,
    }


def _now(hub: Hub, kind: str, lang: str | None) -> str:
    """What the hub has now, for the aspect the form changes."""
    none = catalog.text("refusal.none", lang)
    if kind in ("users-add", "users-remove"):
        return catalog.text("form.now.users", lang, users=escape(", ".join(hub.users)) or none)
    if kind == "limits":
        return catalog.text(
            "form.now.limits",
            lang,
            memory=escape(hub.memory_limit or catalog.text("limits.default", lang, value=DEFAULT_MEMORY)),
            cpu=escape(hub.cpu_limit if hub.cpu_limit is not None else f"{DEFAULT_CPU}"),
        )
    if kind in ("env-set", "env-unset"):
        names = ", ".join(f"`{escape(name)}`" for name in hub.env_names()) or none
        return catalog.text("form.now.envs", lang, names=names)
    return catalog.text(
        "form.now.interface", lang, interface=_interface_name(hub.jupyter_labs is not False, lang)
    )


def _inputs(
    kind: str, lang: str | None, hub: Hub | None, values: dict[str, Any], domain: str
) -> list[dict[str, Any]]:
    if kind == "create":
        idents = ", ".join(values.get("users") or [])
        envs = "\n".join(f"{name}={value}" for name, value in values.get("envs") or [])
        return [
            _text_input(
                "ingress", lang, initial=values.get("ingress"), max_length=42, optional=False, domain=domain
            ),
            _text_input("namespace", lang, initial=values.get("namespace"), max_length=63),
            _people_input(lang),
            _text_input("idents", lang, initial=idents, max_length=1000),
            _text_input("memory", lang, initial=values.get("memory"), max_length=16),
            _text_input("cpu", lang, initial=values.get("cpu"), max_length=16),
            _interface_input(lang, lab=not values.get("classic", False)),
            _text_input("envs", lang, initial=envs, max_length=2000, multiline=True),
        ]
    if kind == "users-add":
        return [
            _people_input(lang),
            _text_input("idents", lang, initial=", ".join(values.get("users") or [])),
        ]
    if kind == "users-remove":
        current = list(hub.users) if hub is not None else []
        chosen = [ident for ident in values.get("users") or [] if ident in current]
        if not current or len(current) > MAX_OPTIONS:
            return [_text_input("remove", lang, initial=", ".join(chosen), optional=False, max_length=1000)]
        element = {"type": "multi_static_select", "action_id": VALUE, "options": _options(current)}
        if chosen:
            element["initial_options"] = _options(chosen)
        return [_input("remove", catalog.text("form.field.remove", lang), element)]
    if kind == "limits":
        memory = values.get("memory") if values else (hub.memory_limit if hub else None)
        cpu = values.get("cpu") if values else (_number(hub.cpu_limit) if hub else None)
        return [
            _text_input("memory", lang, initial=memory, max_length=16),
            _text_input("cpu", lang, initial=cpu, max_length=16),
        ]
    if kind == "env-set":
        return [
            _text_input("name", lang, initial=values.get("name"), max_length=100, optional=False),
            _text_input("value", lang, initial=values.get("value"), max_length=1000, optional=False),
        ]
    if kind == "env-unset":
        names = list(hub.env_names()) if hub is not None else []
        if not names or len(names) > MAX_OPTIONS:
            return [_text_input("name", lang, initial=values.get("name"), max_length=100, optional=False)]
        element = {"type": "static_select", "action_id": VALUE, "options": _options(names)}
        if values.get("name") in names:
            element["initial_option"] = _options([values["name"]])[0]
        return [_input("name", catalog.text("form.field.name-unset", lang), element)]
    if kind == "ui":
        lab = values.get("lab", hub is None or hub.jupyter_labs is not False)
        return [_interface_input(lang, lab=bool(lab))]
    if kind == "delete":
        namespace = hub.namespace if hub is not None and hub.namespace else "?"
        return [
            _section(
                catalog.text(
                    "form.delete.explain",
                    lang,
                    hub=escape(hub.ingress if hub else "?"),
                    namespace=escape(namespace),
                )
            )
        ]
    raise ValueError(f"no form for {kind!r}")


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text)}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [mrkdwn(text)]}


def _input(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str | None = None
) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "label": plain(label), "element": element}
    if optional:
        block["optional"] = True
    if hint:
        block["hint"] = plain(hint)
    return block


def _text_input(
    name: str,
    lang: str | None,
    *,
    initial: Any = None,
    max_length: int = 200,
    optional: bool = True,
    multiline: bool = False,
    domain: str = "",
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": VALUE, "max_length": max_length}
    if multiline:
        element["multiline"] = True
    if initial not in (None, ""):
        element["initial_value"] = str(initial)[:max_length]
    placeholder = catalog.text(f"form.placeholder.{name}", lang)
    if placeholder:
        element["placeholder"] = plain(placeholder)
    hint = catalog.text(f"form.hint.{name}", lang, memory=DEFAULT_MEMORY, cpu=DEFAULT_CPU, domain=domain)
    return _input(
        name, catalog.text(f"form.field.{name}", lang), element, optional=optional, hint=hint or None
    )


def _people_input(lang: str | None) -> dict[str, Any]:
    element = {"type": "multi_users_select", "action_id": VALUE, "max_selected_items": 20}
    return _input(
        "people",
        catalog.text("form.field.people", lang),
        element,
        optional=True,
        hint=catalog.text("form.hint.people", lang),
    )


def _interface_input(lang: str | None, *, lab: bool) -> dict[str, Any]:
    options = [
        {"text": plain(_interface_name(True, lang)), "value": "lab"},
        {"text": plain(_interface_name(False, lang)), "value": "classic"},
    ]
    element = {
        "type": "radio_buttons",
        "action_id": VALUE,
        "options": options,
        "initial_option": options[0 if lab else 1],
    }
    return _input("interface", catalog.text("form.field.interface", lang), element)


def _interface_name(lab: bool, lang: str | None) -> str:
    return catalog.text("interface.lab" if lab else "interface.classic", lang)


def _options(values: Sequence[str]) -> list[dict[str, Any]]:
    return [{"text": plain(value[:75]), "value": value} for value in values]


def _number(value: float | int | None) -> str | None:
    return None if value is None else f"{value}"


# --- reading forms back -----------------------------------------------------------------------------------


def origin_of(view: Mapping[str, Any]) -> Origin:
    data = json.loads(view.get("private_metadata") or "{}")
    return Origin.load(data.get("origin", data))


def command_from(origin: Origin, state: Mapping[str, Any], lang: str | None = None) -> ChangeCommand:
    """The command a submitted form asks for (``state`` is the view's ``state.values``).

    Raises ``FormError`` for what the form itself can tell is wrong; everything else is planning's job.
    """
    fields = _Fields(state)
    kind, hub = origin.kind, origin.hub or ""
    if kind == "create":
        return CreateHub(
            ingress=fields.text("ingress") or "",
            namespace=fields.text("namespace"),
            users=fields.users(),
            memory=fields.text("memory"),
            cpu=fields.text("cpu"),
            classic=fields.choice("interface") == "classic",
            envs=_envs(fields.text("envs"), lang),
        )
    if kind == "users-add":
        users = fields.users()
        if not users:
            raise FormError({"idents": catalog.text("form.error.no-users", lang)})
        return AddUsers(hub, users)
    if kind == "users-remove":
        chosen = fields.choices("remove")
        refs = tuple(Ident(ident) for ident in chosen) if chosen is not None else fields.idents("remove")
        if not refs:
            raise FormError({"remove": catalog.text("form.error.no-users", lang)})
        return RemoveUsers(hub, refs)
    if kind == "limits":
        memory, cpu = fields.text("memory"), fields.text("cpu")
        if memory is None and cpu is None:
            raise FormError({"memory": catalog.text("form.error.no-limits", lang)})
        return SetLimits(hub, memory=memory, cpu=cpu)
    if kind == "env-set":
        return SetEnv(hub, fields.text("name") or "", fields.raw("value") or "")
    if kind == "env-unset":
        return UnsetEnv(hub, fields.choice("name") or fields.text("name") or "")
    if kind == "ui":
        return SetInterface(hub, lab=fields.choice("interface") != "classic")
    if kind == "delete":
        return DeleteHub(hub)
    raise ValueError(f"no form for {kind!r}")


def channel_from(state: Mapping[str, Any]) -> str | None:
    return _Fields(state).conversation(CHANNEL_FIELD)


class _Fields:
    """The values of a submitted view, by block id (every input's action id is ``VALUE``)."""

    def __init__(self, state: Mapping[str, Any]) -> None:
        self._state = state

    def _value(self, block_id: str) -> Mapping[str, Any]:
        return (self._state.get(block_id) or {}).get(VALUE) or {}

    def raw(self, block_id: str) -> str | None:
        return self._value(block_id).get("value")

    def text(self, block_id: str) -> str | None:
        value = self.raw(block_id)
        if value is None or not value.strip():
            return None
        return value.strip()

    def choice(self, block_id: str) -> str | None:
        option = self._value(block_id).get("selected_option")
        return option.get("value") if option else None

    def choices(self, block_id: str) -> list[str] | None:
        value = self._value(block_id)
        if "selected_options" not in value:
            return None
        return [option["value"] for option in value["selected_options"] or []]

    def conversation(self, block_id: str) -> str | None:
        return self._value(block_id).get("selected_conversation")

    def idents(self, block_id: str) -> tuple[UserRef, ...]:
        return tuple(Ident(part) for part in _IDENT_SPLIT_RE.split(self.text(block_id) or "") if part)

    def users(self) -> tuple[UserRef, ...]:
        people = self._value("people").get("selected_users") or []
        return (*(Mention(user_id) for user_id in people), *self.idents("idents"))


def _envs(text: str | None, lang: str | None) -> tuple[tuple[str, str], ...]:
    envs: list[tuple[str, str]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            shown = " ".join(line.split())[:40]
            raise FormError({"envs": catalog.text("command.error.env.not-assignment", lang, value=shown)})
        envs.append((name.strip(), value.strip()))
    return tuple(envs)


# --- refusals on the fields -------------------------------------------------------------------------------


def field_errors(refusal: Refusal, kind: str, lang: str | None = None) -> dict[str, str]:
    """A refusal as ``{block_id: message}``, each message on the field it is about (the first field when
    it is about none), ready for ``response_action: errors``. Empty for a form without fields."""
    fields = FIELDS[kind]
    if not fields:
        return {}
    errors: dict[str, list[str]] = {}
    if refusal.code == "invalid" and refusal.findings:
        for finding in refusal.findings:
            errors.setdefault(_finding_field(finding, kind), []).append(finding.message(lang))
    else:
        field = _REFUSAL_FIELDS.get(refusal.code)
        cause = refusal.__cause__
        if refusal.code in ("cannot-edit", "cannot-create") and isinstance(cause, EditError):
            field = _EDIT_FIELDS.get(cause.code)
            if field == "envs" and kind == "env-set":
                field = "name"
        errors[field if field in fields else fields[0]] = [refusal.message(lang)]
    return {block: _bounded("\n".join(messages)) for block, messages in errors.items()}


def _finding_field(finding: Finding, kind: str) -> str:
    fields = FIELDS[kind]
    field = _FINDING_FIELDS.get(finding.key, fields[0])
    if finding.key == "extraEnvs" and kind == "env-set":
        field = "name" if finding.code in _ENV_NAME_FINDINGS else "value"
    return field if field in fields else fields[0]


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_FIELD_ERROR else text[: MAX_FIELD_ERROR - 1] + "…"


# --- the preview and notices ------------------------------------------------------------------------------


def preview(
    origin: Origin, params: Mapping[str, Any], change: Change, repo: str, lang: str | None = None
) -> dict[str, Any]:
    """The change about to be proposed: its title, what it does, and the diff; submit opens the PR.

    Raises ``FormError`` (on the first field) when the request is too large to carry to the next step.
    """
    metadata = json.dumps({"origin": origin.dump(), "params": dict(params)})
    if len(metadata) > MAX_METADATA:
        raise FormError({FIELDS[origin.kind][0]: catalog.text("form.error.too-long", lang)})
    blocks = [
        _section(
            catalog.text(
                "preview.intro",
                lang,
                title=title(change.kind, change.hub, lang),
                what=summary(change.kind, params, lang, change.requester),
                repo=escape(repo),
            )
        ),
        _section(_code_block(change.diff())),
        _context(catalog.text("preview.after.delete" if origin.kind == "delete" else "preview.after", lang)),
        {
            "type": "actions",
            "block_id": "preview_actions",
            "elements": [button(BACK, catalog.text("button.change", lang), origin.kind)],
        },
    ]
    return {
        "type": "modal",
        "callback_id": PREVIEW,
        "title": plain(catalog.text("preview.title", lang)),
        "submit": plain(
            catalog.text("preview.submit.delete" if origin.kind == "delete" else "preview.submit", lang)
        ),
        "close": plain(catalog.text("form.close", lang)),
        "private_metadata": metadata,
        "blocks": blocks,
    }


def preview_params(view: Mapping[str, Any]) -> dict[str, Any]:
    return dict(json.loads(view.get("private_metadata") or "{}").get("params") or {})


def _code_block(diff: str) -> str:
    # Inside a code block Slack still reads & < >, and a ``` in the text would end the block early.
    text = escape(diff).replace("```", "``\u200b`")
    if len(text) > MAX_DIFF:
        text = text[:MAX_DIFF].rsplit("\n", 1)[0] + "\n…"
    return f"```{text}```"


def notice(title_key: str, text: str, lang: str | None = None) -> dict[str, Any]:
    """A modal that only says something (``text`` is mrkdwn, escaped by the caller), with a Close button."""
    return {
        "type": "modal",
        "title": plain(catalog.text(title_key, lang)),
        "close": plain(catalog.text("notice.close", lang)),
        "blocks": [_section(text)],
    }
