"""Planning: a parsed request plus the current configs in, the exact change (or a refusal) out.

Pure: the caller supplies the snapshot of ``configs/`` and who is asking. A refusal is an exception
carrying a catalog key, so the same reason reads well in Slack, in a modal field and on the command line.
Every planned text is run through the same rules as the config repo's check; a change that would add an
error to any config is refused with the finding's message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot import catalog
from bot.hubconfig import document
from bot.hubconfig.document import EditError
from bot.hubconfig.findings import Finding, Severity
from bot.hubconfig.model import CONFIG_DIR, DEFAULT_CPU, DEFAULT_MEMORY, Hub
from bot.hubconfig.policy import size_bytes
from bot.hubconfig.snapshot import ConfigSnapshot
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

IDENT_RE = re.compile(r"^[a-z][0-9]{6}$")


@dataclass(frozen=True)
class Requester:
    """Who asks. ``ident`` is None when the identity resolver found none (the request is then refused)."""

    ident: str | None
    is_admin: bool = False


class Refusal(Exception):
    """The request can't become a change; ``message()`` says why and what to do instead."""

    def __init__(self, code: str, findings: Sequence[Finding] = (), **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.findings = tuple(findings)

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        if self.findings:
            params["findings"] = "\n".join(
                catalog.text("refusal.finding-line", lang, message=finding.message(lang))
                for finding in self.findings
            )
        return catalog.text(f"refusal.{self.code}", lang, **params)


MentionResolver = Callable[[Mention], str | None]


def _no_mentions(_: Mention) -> None:
    return None


@dataclass(frozen=True)
class Planner:
    """Plans requests against one snapshot. ``domain`` is where hubs are served (``KNADA_HUB_DOMAIN``)."""

    snapshot: ConfigSnapshot
    domain: str = "jupyter.adeo.no"
    lang: str | None = None
    resolve_mention: MentionResolver = field(default=_no_mentions)

    def plan(self, command: ChangeCommand, requester: Requester, request_id: str) -> Change:
        if requester.ident is None:
            raise Refusal("no-ident")
        if isinstance(command, CreateHub):
            return self._create(command, requester, request_id)
        hub = self._hub(command.hub)
        if not (requester.is_admin or requester.ident in hub.users):
            raise Refusal("not-a-user", hub=hub.ingress, ident=requester.ident, users=", ".join(hub.users))
        old = self.snapshot.text(hub.path)
        kind, new, params = self._edit(command, hub, old)
        return self._change(kind, hub, old, new, requester, request_id, params)

    # --- one method per kind of request -------------------------------------------------------------

    def _create(self, command: CreateHub, requester: Requester, request_id: str) -> Change:
        assert requester.ident is not None
        ingress = command.ingress
        if (existing := self.snapshot.hub(ingress)) is not None:
            raise Refusal("hub-exists", hub=ingress, path=existing.path)
        path = f"{CONFIG_DIR}/{ingress}.yaml"
        if path in self.snapshot.files:
            other = self.snapshot.check.hubs.get(path)
            raise Refusal("path-taken", path=path, other=(other and other.ingress) or "?")
        users = _unique([requester.ident, *self._idents(command.users)])
        try:
            text = document.new_config(
                namespace=command.namespace or ingress,
                ingress=ingress,
                users=users,
                memory=command.memory,
                cpu=_cpu(command.cpu),
                jupyter_labs=False if command.classic else None,
                envs=command.envs,
            )
        except EditError as error:  # e.g. the same variable twice: --env A=1 --env A=2
            raise Refusal("cannot-create", reason=error.message(self.lang)) from error
        hub = Hub(path=path, namespace=command.namespace or ingress, ingress=ingress, users=tuple(users))
        params = {"users": _code_list(users), "namespace": hub.namespace}
        return self._change("create", hub, None, text, requester, request_id, params)

    def _edit(self, command: ChangeCommand, hub: Hub, old: str) -> tuple[str, str | None, dict[str, Any]]:
        ingress = hub.ingress
        try:
            match command:
                case AddUsers(users=refs):
                    idents = self._idents(refs)
                    added = [i for i in _unique(idents) if i not in hub.users]
                    if not added:
                        raise Refusal("noop-users-add", hub=ingress, idents=_code_list(idents))
                    return "users-add", document.add_users(old, added), {"idents": _code_list(added)}
                case RemoveUsers(users=refs):
                    idents = self._idents(refs)
                    removed = [i for i in _unique(idents) if i in hub.users]
                    if not removed:
                        raise Refusal("noop-users-remove", hub=ingress, idents=_code_list(idents))
                    if set(hub.users) <= set(removed):
                        raise Refusal("remove-all-users", hub=ingress)
                    return (
                        "users-remove",
                        document.remove_users(old, removed),
                        {"idents": _code_list(removed), "removed": removed},
                    )
                case SetLimits(memory=memory, cpu=cpu_text):
                    cpu = _cpu(cpu_text)
                    # Asking for what a hub already gets (its value, or the default) changes nothing.
                    current_memory = size_bytes(hub.memory_limit or DEFAULT_MEMORY)
                    if memory is not None and size_bytes(memory) == current_memory:
                        memory = None
                    if cpu is not None and cpu == (
                        hub.cpu_limit if hub.cpu_limit is not None else DEFAULT_CPU
                    ):
                        cpu = None
                    new = old
                    if memory is not None:
                        new = document.set_memory(new, memory)
                    if cpu is not None:
                        new = document.set_cpu(new, cpu)
                    summary = self._limits_summary(memory or hub.memory_limit, cpu or hub.cpu_limit)
                    if new == old:
                        lim = self._limits_values(hub.memory_limit, hub.cpu_limit)
                        raise Refusal("noop-limits", hub=ingress, **lim)
                    return "limits", new, {"summary": summary}
                case SetEnv(name=name, value=value):
                    if hub.env_names().get(name) == value:
                        raise Refusal("noop-env-set", hub=ingress, name=name)
                    return "env-set", document.set_env(old, name, value), {"name": name}
                case UnsetEnv(name=name):
                    names = hub.env_names()
                    if name not in names:
                        none = catalog.text("refusal.none", self.lang)
                        listed = ", ".join(f"`{n}`" for n in names) or none
                        raise Refusal("noop-env-unset", hub=ingress, name=name, names=listed)
                    return "env-unset", document.unset_env(old, name), {"name": name}
                case SetInterface(lab=lab):
                    interface = catalog.text("interface.lab" if lab else "interface.classic", self.lang)
                    if (hub.jupyter_labs is not False) == lab:
                        raise Refusal("noop-ui", hub=ingress, interface=interface)
                    return "ui", document.set_jupyter_labs(old, lab), {"interface": interface}
                case DeleteHub():
                    return "delete", None, {}
        except EditError as error:
            raise Refusal("cannot-edit", path=hub.path, reason=error.message(self.lang)) from error
        raise TypeError(f"not a change command: {command!r}")

    # --- shared steps --------------------------------------------------------------------------------

    def _change(
        self,
        kind: str,
        hub: Hub,
        old: str | None,
        new: str | None,
        requester: Requester,
        request_id: str,
        params: dict[str, Any],
    ) -> Change:
        assert hub.ingress is not None and requester.ident is not None
        if new is not None:
            self._check(hub.path, old, new)
        lang = self.lang
        fill = {
            "hub": hub.ingress,
            "domain": self.domain,
            "namespace": hub.namespace,
            "path": hub.path,
            "requester": requester.ident,
            "request_id": request_id,
            **params,
        }
        title = catalog.text(f"pr.title.{kind}", lang, **fill)
        body = catalog.text(
            "pr.body",
            lang,
            what=catalog.text(f"pr.what.{kind}", lang, **fill),
            after=catalog.text(f"pr.after.{kind}", lang, **fill),
            **fill,
        )
        commit_message = f"{title}\n\nRequested-by: {requester.ident}\nKnada-Request: {request_id}\n"
        return Change(
            request_id=request_id,
            kind=kind,
            hub=hub.ingress,
            path=hub.path,
            old_text=old,
            new_text=new,
            title=title,
            body=body,
            commit_message=commit_message,
            requester=requester.ident,
        )

    def _check(self, path: str, old: str | None, new: str) -> None:
        """Refuse a change that adds an error finding to any config (the file itself or, via
        uniqueness, another one). Errors that were there before the change don't block it."""

        def errors(snapshot: ConfigSnapshot) -> list[Finding]:
            return [f for f in snapshot.check.findings if f.severity is Severity.ERROR]

        before = {(f.file, f.code, f.key) for f in errors(self.snapshot)}
        after = errors(self.snapshot.with_file(path, new.encode("utf-8")))
        added = [f for f in after if (f.file, f.code, f.key) not in before]
        if added:
            raise Refusal("invalid", findings=added, path=path)

    def _hub(self, ingress: str) -> Hub:
        hub = self.snapshot.hub(ingress)
        if hub is not None:
            return hub
        close = difflib.get_close_matches(ingress, list(self.snapshot.hubs), n=1, cutoff=0.6)
        suggestion = catalog.text("refusal.did-you-mean", self.lang, name=close[0]) if close else ""
        raise Refusal("hub-not-found", hub=ingress, suggestion=suggestion)

    def _idents(self, refs: Sequence[UserRef]) -> list[str]:
        idents = []
        for ref in refs:
            if isinstance(ref, Ident):
                ident = ref.value
            else:
                resolved = self.resolve_mention(ref)
                if resolved is None:
                    raise Refusal("mention-unresolved", user=f"@{ref.label or ref.user_id}")
                ident = resolved
            if not IDENT_RE.match(ident):
                raise Refusal("ident-invalid", ident=ident)
            idents.append(ident)
        return idents

    def _limits_values(self, memory: str | None, cpu: float | int | None) -> dict[str, str]:
        def shown(value: object, default: object) -> str:
            if value is None:
                return catalog.text("limits.default", self.lang, value=default)
            return str(value)

        return {"memory": shown(memory, DEFAULT_MEMORY), "cpu": shown(cpu, DEFAULT_CPU)}

    def _limits_summary(self, memory: str | None, cpu: float | int | None) -> str:
        values = self._limits_values(memory, cpu)
        return f"memoryLimit {values['memory']}, cpuLimit {values['cpu']}"


def _cpu(text: str | None) -> int | float | None:
    """A typed CPU count as the number YAML should hold (``1`` stays an int, ``0.5`` a float)."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise Refusal("cpu-not-number", cpu=text) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise Refusal("cpu-not-number", cpu=text)
    return int(value) if value.is_integer() and "." not in text else value


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _code_list(items: Sequence[str]) -> str:
    return ", ".join(items)
