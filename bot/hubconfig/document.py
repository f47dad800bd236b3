"""Minimal edits of one hub config: its text in, the same text with only the asked-for lines changed out.

Why not load and dump: ruamel's round-trip dumper re-emits the whole document, and that is not byte-exact
(one indentation per document, ``---`` markers, spacing inside ``[a, b]``, ...). A reviewer must see a
one-line diff for a one-user change, and the ``*.enc`` lines the repo's check appends must never move. So
a config is parsed only to *locate* things (ruamel's composer gives every node its start and end offset in
the text), and each edit splices new text into the original at those offsets. Nothing else is re-emitted,
which is also why an untouched config comes back byte for byte (``roundtrip``).

Every edit is checked before it is returned: the result is parsed again (PyYAML, as the validator reads
it) and must be exactly the old data plus the intended change, with the same ``.enc`` lines in the same
order. A value that would read back differently (an env value that smuggles in YAML, an ident that is not
a plain word) raises ``EditError`` instead of producing a file that says something else than was asked.

Layout rules for what the bot writes (the documented style): block lists indented like the config's other
block lists (2 spaces when it has none), ``- ident`` items, extraEnvs entries as double-quoted
``"NAME: value"`` strings, new keys before the first ``*.enc`` line (they are appended by the repo's
check and stay last) or after the last key, and exactly one newline at the end.

Errors (``EditError``, its text in the catalog under ``edit.<code>``):

- ``not-yaml``, ``several-documents``, ``not-mapping``, ``flow-mapping``: the file as a whole can't be
  edited safely;
- ``duplicate-key``, ``not-a-list``, ``not-a-value``, ``layout``: the key to edit is written in a way that
  can't be changed without touching other lines;
- ``no-users``, ``no-users-left``, ``env-name``, ``env-duplicate``, ``cpu-not-a-number``: the request
  itself can't be written;
- ``unexpected-result``: the edited text would not read back as intended (the injection guard).
"""

from __future__ import annotations

import copy
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot import catalog

try:  # libyaml when present: the verification parse runs after every edit
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

__all__ = [
    "EditError",
    "add_users",
    "new_config",
    "remove_users",
    "roundtrip",
    "set_cpu",
    "set_env",
    "set_jupyter_labs",
    "set_memory",
    "unset_env",
]

USERS = "users"
EXTRA_ENVS = "extraEnvs"
MEMORY = "memoryLimit"
CPU = "cpuLimit"
JUPYTER_LABS = "jupyterLabs"

ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The deploy pipeline decrypts every line matching this; the bot must never add, move or change one.
ENC_LINE_RE = re.compile(r"\.enc: ")
DEFAULT_LIST_INDENT = 2

# A string written without quotes must read back as that string in YAML 1.1 (PyYAML, the deploy) and
# 1.2 (ruamel) alike: a word starting with a letter, or a size like 10GB; never a bool/null word.
_PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*|[0-9]+(?:\.[0-9]+)?(?:M|MB|G|GB)")
_BOOL_NULL_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


class EditError(Exception):
    """A config that can't be edited safely, or a change that can't be written; ``code`` is stable.

    The text, saying what is wrong and how to fix it by hand, is the catalog's ``edit.<code>``.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return catalog.text(f"edit.{self.code}", lang, **self.params)

    def __str__(self) -> str:
        return self.message()


# --- public API -----------------------------------------------------------------------------------------


def roundtrip(text: str) -> str:
    """Parse ``text`` as an editable config and give it back untouched.

    Byte-exact by construction (the config keeps its source text; edits are splices), so this is the
    check that a config can be edited at all: it raises ``EditError`` when it can't.
    """
    return _Config(text).source


def add_users(text: str, idents: Sequence[str]) -> str:
    """Append the idents not yet in ``users``, one ``- ident`` line each (or into the ``[...]`` list)."""
    config = _Config(text)
    entry = config.entry(USERS)
    current = config.list_data(entry)
    added = [ident for ident in dict.fromkeys(idents) if ident not in current]
    if not added:
        return text
    items = [_render_str(ident) for ident in added]
    splices = config.append_items(USERS, entry, items)
    return config.finish(splices, USERS, lambda data: data.__setitem__(USERS, [*current, *added]))


def remove_users(text: str, idents: Sequence[str]) -> str:
    """Delete the lines of the listed users; comments around them stay. Absent idents are skipped."""
    config = _Config(text)
    entry = config.entry(USERS)
    current = config.list_data(entry)
    gone = set(idents)
    drop = [i for i, item in enumerate(current) if isinstance(item, str) and item in gone]
    if not drop:
        return text
    if len(drop) == len(current):
        raise EditError("no-users-left", idents=", ".join(dict.fromkeys(current)))
    assert entry is not None
    splices = config.remove_items(entry, drop)
    kept = [item for i, item in enumerate(current) if i not in drop]
    return config.finish(splices, USERS, lambda data: data.__setitem__(USERS, kept))


def set_env(text: str, name: str, value: str) -> str:
    """Set ``NAME`` in extraEnvs: replace its entry (fixing an unquoted ``- NAME: value``) or append one.

    The entry is written as a double-quoted scalar with every special character escaped, so any value
    reads back exactly; a second entry for the same name is removed.
    """
    _check_env_name(name)
    config = _Config(text)
    entry = config.entry(EXTRA_ENVS)
    current = config.list_data(entry)
    wanted = f"{name}: {value}"
    rendered = _render_env(wanted)
    matches = [i for i, item in enumerate(current) if _env_name(item) == name]
    if len(matches) == 1 and current[matches[0]] == wanted:
        return text
    if not matches:
        splices = config.append_items(EXTRA_ENVS, entry, [rendered])
        envs = [*current, wanted]
    else:
        assert entry is not None
        first, *extra = matches
        splices = [*config.replace_item(entry, first, rendered), *config.remove_items(entry, extra)]
        envs = [wanted if i == first else item for i, item in enumerate(current) if i not in extra]
    return config.finish(splices, EXTRA_ENVS, lambda data: data.__setitem__(EXTRA_ENVS, envs))


def unset_env(text: str, name: str) -> str:
    """Remove every extraEnvs entry for ``NAME``; the key goes too when that leaves it empty."""
    _check_env_name(name)
    config = _Config(text)
    entry = config.entry(EXTRA_ENVS)
    current = config.list_data(entry)
    drop = [i for i, item in enumerate(current) if _env_name(item) == name]
    if not drop:
        return text
    assert entry is not None
    if len(drop) == len(current):
        return config.finish(config.remove_entry(entry), EXTRA_ENVS, lambda data: data.pop(EXTRA_ENVS))
    envs = [item for i, item in enumerate(current) if i not in drop]
    splices = config.remove_items(entry, drop)
    return config.finish(splices, EXTRA_ENVS, lambda data: data.__setitem__(EXTRA_ENVS, envs))


def set_memory(text: str, size: str | None) -> str:
    """Set memoryLimit to ``size`` (validated by the caller), or remove the key (the default) for None."""
    return _set_scalar(text, MEMORY, size, _render_str)


def set_cpu(text: str, cpu: int | float | None) -> str:
    """Set cpuLimit to the number ``cpu``, unquoted; or remove the key (the default) for None."""
    if cpu is not None:
        _render_number(cpu)  # reject a non-number before touching the text
    return _set_scalar(text, CPU, cpu, _render_number)


def set_jupyter_labs(text: str, enabled: bool) -> str:
    """Write ``jupyterLabs: true|false`` (an unquoted YAML boolean), adding the key when absent.

    Literal, like the limits: ``True`` on a config without the key writes ``jupyterLabs: true`` although
    the lab is the default; whether a request changes anything is the caller's call.
    """
    return _set_scalar(text, JUPYTER_LABS, bool(enabled), _render_bool)


def new_config(
    namespace: str,
    ingress: str,
    users: Sequence[str],
    memory: str | None = None,
    cpu: int | float | None = None,
    jupyter_labs: bool | None = None,
    envs: Sequence[tuple[str, str]] = (),
) -> str:
    """The text of a new hub config in the documented style; optional keys only when given."""
    idents = list(dict.fromkeys(users))
    if not idents:
        raise EditError("no-users")
    names = [name for name, _ in envs]
    for name in names:
        _check_env_name(name)
    for name in names:
        if names.count(name) > 1:
            raise EditError("env-duplicate", name=name)
    indent = " " * DEFAULT_LIST_INDENT
    lines = [f"namespace: {_render_str(namespace)}", f"ingress: {_render_str(ingress)}", f"{USERS}:"]
    lines += [f"{indent}- {_render_str(ident)}" for ident in idents]
    expected: dict[str, Any] = {"namespace": namespace, "ingress": ingress, USERS: idents}
    if memory is not None:
        lines.append(f"{MEMORY}: {_render_str(memory)}")
        expected[MEMORY] = memory
    if cpu is not None:
        lines.append(f"{CPU}: {_render_number(cpu)}")
        expected[CPU] = cpu
    if jupyter_labs is not None:
        lines.append(f"{JUPYTER_LABS}: {_render_bool(jupyter_labs)}")
        expected[JUPYTER_LABS] = bool(jupyter_labs)
    if envs:
        entries = [f"{name}: {value}" for name, value in envs]
        lines.append(f"{EXTRA_ENVS}:")
        lines += [f"{indent}- {_render_env(entry)}" for entry in entries]
        expected[EXTRA_ENVS] = entries
    text = "\n".join(lines) + "\n"
    _verify(text, expected, (), "namespace")
    return text


# --- rendering new values -------------------------------------------------------------------------------


def _render_str(value: str) -> str:
    if _PLAIN_RE.fullmatch(value) and value.lower() not in _BOOL_NULL_WORDS:
        return value
    return _double_quoted(value)


def _render_env(entry: str) -> str:
    return _double_quoted(entry)


def _render_bool(value: bool) -> str:
    return "true" if value else "false"


def _render_number(value: int | float) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise EditError("cpu-not-a-number", value=value)
    if isinstance(value, int):
        return str(value)
    # Never exponent form: PyYAML (YAML 1.1) reads 1e-05 as a string.
    number = repr(value)
    if "e" in number or "E" in number:
        number = format(Decimal(number), "f")
    return number if "." in number else number + ".0"


def _double_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar that both YAML 1.1 and 1.2 parsers read back exactly.

    Everything that is not plainly printable is escaped, including the characters YAML 1.1 treats as
    line breaks (NEL, LS, PS) and the BOM; the space of a ``.enc: `` inside the value is escaped too so the
    line never looks like an encrypted one to the deploy's decrypt step.
    """
    out = ['"']
    for char in value:
        code = ord(char)
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif (
            0x20 <= code <= 0x7E
            or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
            or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
            or code >= 0x10000
        ):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:  # pragma: no cover - every code point above 0xFFFF is printable
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out).replace(".enc: ", ".enc:\\x20")


_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"}


def _check_env_name(name: str) -> None:
    if not ENV_NAME_RE.fullmatch(name):
        raise EditError("env-name", name=name)


def _env_name(item: Any) -> str | None:
    """The NAME of an extraEnvs entry: ``"NAME: value"``, or the unquoted mistake ``- NAME: value``."""
    if isinstance(item, str):
        name, sep, _ = item.partition(":")
        return name.strip() if sep else None
    if isinstance(item, dict) and len(item) == 1:
        (key,) = item
        return key if isinstance(key, str) else None
    return None


def _set_scalar(text: str, key: str, value: Any, render: Callable[[Any], str]) -> str:
    config = _Config(text)
    entry = config.entry(key)
    if value is None:
        if entry is None:
            return text
        return config.finish(config.remove_entry(entry), key, lambda data: data.pop(key))
    if entry is None:
        splices = [config.insert_key(key, scalar=render(value))]
    else:
        old = config.data[key]
        if _same(old, value) or (_is_number(old) and _is_number(value) and old == value):
            return text
        splices = [config.replace_scalar(entry, value, render)]
    return config.finish(splices, key, lambda data: data.__setitem__(key, value))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- the parsed config ----------------------------------------------------------------------------------

# (start, end, replacement) in the text being edited
Splice = tuple[int, int, str]


@dataclass(frozen=True)
class _Entry:
    key: str
    key_node: ScalarNode
    value: Node


class _Config:
    """One config: the source, its top-level nodes with their offsets, and its data as PyYAML reads it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.newline = "\r\n" if "\r\n" in source else "\n"
        # Edits work on a text ending with exactly one newline, so every line they touch is complete.
        self.text = source.rstrip("\r\n") + self.newline
        self.root = _compose(self.text)
        self.data = _load(self.text)
        if not isinstance(self.data, dict):
            raise EditError("not-mapping")
        self.entries = [
            _Entry(key.value, key, value) for key, value in self.root.value if isinstance(key, ScalarNode)
        ]
        first = self.entries[0].key_node.start_mark if self.entries else None
        self.key_indent = " " * (first.column if first else 0)
        self.list_indent = self._list_indent()

    # -- finding things

    def entry(self, key: str) -> _Entry | None:
        found = [entry for entry in self.entries if entry.key == key]
        if len(found) > 1:
            lines = ", ".join(str(e.key_node.start_mark.line + 1) for e in found)
            raise EditError("duplicate-key", key=key, lines=lines)
        if not found:
            return None
        entry = found[0]
        # An alias (*name) resolves to a node written earlier: editing it would edit somewhere else.
        if entry.value.start_mark.index < entry.key_node.end_mark.index:
            raise EditError("layout", key=key, line=self.line(entry))
        return entry

    def line(self, entry: _Entry) -> int:
        return entry.key_node.start_mark.line + 1

    def list_data(self, entry: _Entry | None) -> list[Any]:
        """The list under ``entry`` (empty when the key is absent or empty), aligned with its nodes."""
        if entry is None or _is_empty(entry.value):
            return []
        value = self.data.get(entry.key)
        if not isinstance(entry.value, SequenceNode) or not isinstance(value, list):
            raise EditError("not-a-list", key=entry.key, line=self.line(entry))
        if len(value) != len(entry.value.value):
            raise EditError("layout", key=entry.key, line=self.line(entry))
        previous_end = entry.value.start_mark.index
        for item in entry.value.value:
            if item.start_mark.index < previous_end:  # an alias to an earlier item
                raise EditError("layout", key=entry.key, line=self.line(entry))
            previous_end = item.end_mark.index
        return value

    def _list_indent(self) -> str:
        """How the config indents its block lists (``- x`` at the key's column, or 2 further in)."""
        for entry in self.entries:
            value = entry.value
            if isinstance(value, SequenceNode) and not value.flow_style and value.value:
                try:
                    dash = self._dash(entry, value.value[0])
                except EditError:  # an odd list elsewhere is no reason to refuse this edit
                    continue
                return " " * (dash - _line_start(self.text, dash))
        return self.key_indent + " " * DEFAULT_LIST_INDENT

    def _dash(self, entry: _Entry, item: Node) -> int:
        """Offset of the ``-`` that starts a block list item; the item must be the first thing on its line."""
        i = item.start_mark.index - 1
        while i >= 0 and self.text[i] in " \r\n":
            i -= 1
        if i < 0 or self.text[i] != "-" or self.text[_line_start(self.text, i) : i].strip(" "):
            raise EditError("layout", key=entry.key, line=self.line(entry))
        return i

    def _colon(self, entry: _Entry) -> int:
        colon = self.text.find(":", entry.key_node.end_mark.index)
        if colon < 0 or self.text[entry.key_node.end_mark.index : colon].strip(" "):
            raise EditError("layout", key=entry.key, line=self.line(entry))
        return colon

    def _entry_end(self, entry: _Entry) -> int:
        value = entry.value
        if value.start_mark.index == value.end_mark.index:  # `key:` with nothing after it
            return entry.key_node.end_mark.index
        return _content_end(value)

    # -- splices

    def insert_key(self, key: str, *, scalar: str | None = None, items: Sequence[str] = ()) -> Splice:
        """A new ``key: scalar`` line, or ``key:`` with a block list of items, before the ``.enc`` lines."""
        nl = self.newline
        if scalar is not None:
            block = f"{self.key_indent}{key}: {scalar}{nl}"
        else:
            block = f"{self.key_indent}{key}:{nl}" + "".join(
                f"{self.list_indent}- {item}{nl}" for item in items
            )
        at = self._new_key_at()
        return (at, at, block)

    def _new_key_at(self) -> int:
        text = self.text
        enc = next((e for e in self.entries if e.key.endswith(".enc")), None)
        if enc is not None:
            at = _line_start(text, enc.key_node.start_mark.index)
            # comment lines right above an .enc key, at its indentation, belong to it
            while at > 0:
                above = _line_start(text, at - 1)
                line = text[above:at]
                if not line.startswith(self.key_indent + "#"):
                    break
                at = above
            return at
        if not self.entries:
            raise EditError("not-mapping")
        at = _line_end(text, self._entry_end(self.entries[-1]) - 1)
        # indented comment lines below the last key still belong to its block
        while at < len(text):
            line = text[at : _line_end(text, at)]
            stripped = line.lstrip(" ")
            if not (stripped.startswith("#") and len(stripped) < len(line) - len(self.key_indent)):
                break
            at += len(line)
        return at

    def append_items(self, key: str, entry: _Entry | None, items: list[str]) -> list[Splice]:
        if entry is None:
            return [self.insert_key(key, items=items)]
        value = entry.value
        if _is_empty(value) or (isinstance(value, SequenceNode) and not value.value):
            return self._fill_value(entry, items)
        assert isinstance(value, SequenceNode)
        if value.flow_style:
            texts = [self._node_text(item) for item in value.value]
            return [self._rebuild_flow(entry, [*texts, *items])]
        last = value.value[-1]
        dash = self._dash(entry, last)
        indent = self.text[_line_start(self.text, dash) : dash]
        at = _line_end(self.text, _content_end(last) - 1)
        return [(at, at, "".join(f"{indent}- {item}{self.newline}" for item in items))]

    def _fill_value(self, entry: _Entry, items: list[str]) -> list[Splice]:
        """An empty value (``key:``, ``key: ~``, ``key: []``) becomes a block list of ``items``."""
        value = entry.value
        block = "".join(f"{self.list_indent}- {item}{self.newline}" for item in items)
        key_line_end = _line_end(self.text, entry.key_node.end_mark.index)
        if value.start_mark.index == value.end_mark.index:
            return [(key_line_end, key_line_end, block)]
        if value.end_mark.index <= key_line_end:  # `key: []  # comment` keeps its comment
            return [(self._colon(entry) + 1, value.end_mark.index, ""), (key_line_end, key_line_end, block)]
        start = _line_start(self.text, value.start_mark.index)
        return [(start, _line_end(self.text, value.end_mark.index - 1), block)]

    def replace_item(self, entry: _Entry, index: int, rendered: str) -> list[Splice]:
        value = entry.value
        assert isinstance(value, SequenceNode)
        if value.flow_style:
            texts = [self._node_text(item) for item in value.value]
            texts[index] = rendered
            return [self._rebuild_flow(entry, texts)]
        item = value.value[index]
        start, end = item.start_mark.index, _content_end(item)
        if isinstance(item, MappingNode) and (item.flow_style or "\n" in self.text[start:end]):
            raise EditError("layout", key=entry.key, line=item.start_mark.line + 1)
        return [(start, end, rendered)]

    def remove_items(self, entry: _Entry, indices: Iterable[int]) -> list[Splice]:
        drop = set(indices)
        if not drop:
            return []
        value = entry.value
        assert isinstance(value, SequenceNode)
        if value.flow_style:
            texts = [self._node_text(item) for i, item in enumerate(value.value) if i not in drop]
            return [self._rebuild_flow(entry, texts)]
        splices: list[Splice] = []
        for i in sorted(drop):
            item = value.value[i]
            start = _line_start(self.text, self._dash(entry, item))
            splices += self._delete_lines(start, _line_end(self.text, _content_end(item) - 1), item)
        return splices

    def remove_entry(self, entry: _Entry) -> list[Splice]:
        start = _line_start(self.text, entry.key_node.start_mark.index)
        if self.text[start : entry.key_node.start_mark.index].strip(" "):
            raise EditError("layout", key=entry.key, line=self.line(entry))
        return self._delete_lines(start, _line_end(self.text, self._entry_end(entry) - 1), entry.value)

    def replace_scalar(self, entry: _Entry, value: Any, render: Callable[[Any], str]) -> Splice:
        node = entry.value
        if not isinstance(node, ScalarNode) or node.style in ("|", ">"):
            raise EditError("not-a-value", key=entry.key, line=self.line(entry))
        rendered = render(value)
        # a quoted string stays quoted the same way (strings only: a quoted number or bool is the mistake)
        if isinstance(value, str) and node.style == "'" and "'" not in value and rendered == value:
            rendered = f"'{value}'"
        elif isinstance(value, str) and node.style == '"':
            rendered = _double_quoted(value)
        if node.start_mark.index == node.end_mark.index:  # `key:` with nothing after it
            colon = self._colon(entry)
            return (colon + 1, colon + 1, f" {rendered}")
        return (node.start_mark.index, node.end_mark.index, rendered)

    def _node_text(self, node: Node) -> str:
        return self.text[node.start_mark.index : _content_end(node)]

    def _rebuild_flow(self, entry: _Entry, texts: list[str]) -> Splice:
        """Rewrite only the ``[...]`` text, keeping its spacing (``[a, b]``, ``[ a,b ]``, one a line)."""
        value = entry.value
        assert isinstance(value, SequenceNode)
        start, end = value.start_mark.index, value.end_mark.index
        items = value.value
        if not items:
            raise EditError("layout", key=entry.key, line=self.line(entry))
        lead = self.text[start + 1 : items[0].start_mark.index]
        tail = self.text[_content_end(items[-1]) : end - 1]
        seps = [self.text[_content_end(a) : b.start_mark.index] for a, b in itertools.pairwise(items)]
        # a comment between items would be lost or doubled by the rewrite
        if any("#" in part for part in (lead, tail, *seps)):
            raise EditError("layout", key=entry.key, line=self.line(entry))
        sep = seps[0] if seps else ", "
        return (start, end, "[" + lead + sep.join(texts) + tail + "]")

    def _delete_lines(self, start: int, end: int, node: Node) -> list[Splice]:
        """Delete the lines in [start, end) but keep the comment and blank lines among them."""
        scalars = list(_scalar_spans(node))
        splices: list[Splice] = []
        at = start
        while at < end:
            line_end = _line_end(self.text, at)
            line = self.text[at:line_end].strip()
            in_scalar = any(s < at < e for s, e in scalars)
            if in_scalar or (line and not line.startswith("#")):
                splices.append((at, line_end, ""))
            at = line_end
        return splices

    # -- the result

    def finish(self, splices: list[Splice], key: str, change: Callable[[dict[str, Any]], object]) -> str:
        """Apply the splices and verify the result reads back as the old data with ``change`` applied."""
        text = self.text
        last = len(text) + 1
        for start, end, new in sorted(splices, key=lambda s: (s[0], s[1]), reverse=True):
            if end > last:
                raise EditError("unexpected-result", key=key)  # overlapping splices: a bug, never ship it
            text = text[:start] + new + text[end:]
            last = start
        text = text.rstrip("\r\n") + self.newline
        expected = copy.deepcopy(self.data)
        change(expected)
        _verify(text, expected, _enc_lines(self.text), key)
        return text


# --- helpers --------------------------------------------------------------------------------------------


def _compose(text: str) -> MappingNode:
    try:
        documents = list(YAML(typ="rt", pure=True).compose_all(text))
    except RuamelYAMLError as error:
        raise _not_yaml(error) from None
    documents = [d for d in documents if d is not None]
    if len(documents) > 1:
        raise EditError("several-documents", count=len(documents))
    if not documents or not isinstance(documents[0], MappingNode):
        raise EditError("not-mapping")
    if documents[0].flow_style:
        raise EditError("flow-mapping")
    return documents[0]


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as error:
        raise _not_yaml(error) from None


def _not_yaml(error: Exception) -> EditError:
    # Only the parser's one-line problem and the line: the source line itself may hold a secret.
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or getattr(error, "context", None) or type(error).__name__
    return EditError("not-yaml", line=(mark.line + 1) if mark else 1, problem=problem)


def _verify(text: str, expected: Any, enc_lines: Sequence[str], key: str) -> None:
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        raise EditError("unexpected-result", key=key) from None
    if not _same(data, expected) or _enc_lines(text) != list(enc_lines) or not text.endswith("\n"):
        raise EditError("unexpected-result", key=key)


def _same(a: Any, b: Any) -> bool:
    """Equal, with types: ``1``, ``1.0``, ``True`` and ``"1"`` are four different values here."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _enc_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if ENC_LINE_RE.search(line)]


def _is_empty(node: Node) -> bool:
    """``key:`` with nothing after it, or an explicit null (``~``, ``null``)."""
    return isinstance(node, ScalarNode) and node.tag.endswith(":null")


def _content_end(node: Node) -> int:
    """Where a node's own text ends; a block collection's end mark lies past trailing comments and blanks."""
    if isinstance(node, ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    if isinstance(node, MappingNode):
        key, value = last
        return key.end_mark.index if value.start_mark.index == value.end_mark.index else _content_end(value)
    return _content_end(last)


def _scalar_spans(node: Node) -> Iterable[tuple[int, int]]:
    if isinstance(node, ScalarNode):
        yield (node.start_mark.index, node.end_mark.index)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalar_spans(item)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _scalar_spans(key)
            yield from _scalar_spans(value)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The offset just past the newline of the line holding ``index``."""
    newline = text.find("\n", max(index, 0))
    return len(text) if newline < 0 else newline + 1
