"""Properties of the minimal edits, on generated configs in many styles and random requests.

For every generated config and edit: the result parses to exactly the intended data, only the lines the
edit is about changed (checked with difflib against what the generator knows about each line), every
comment and ``.enc`` line is kept in order, and the file ends with exactly one newline. Env values are
arbitrary text and must read back exactly.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.hubconfig import document
from bot.hubconfig.document import EditError

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LETTERS = "abcdefghijklmnopqrstuvwxyz"
IDENTS = st.builds(
    lambda letter, number: f"{letter}{number:06d}", st.sampled_from(LETTERS), st.integers(0, 999999)
)
ENV_NAMES = st.sampled_from(["TZ", "LANG", "HTTPS_PROXY", "NO_PROXY", "PIP_INDEX_URL", "DATA_DIR"])
SAFE_VALUES = st.text(alphabet="abcxyzABC019/:.,-_ ", min_size=1, max_size=20).map(str.strip).filter(bool)
# not a YAML 1.1 bool/null word: the generator writes some of them unquoted
DNS_LABELS = st.builds(
    lambda head, middle, tail: head + middle + tail,
    st.sampled_from(LETTERS),
    st.text(alphabet=LETTERS + "0123456789-", max_size=10),
    st.sampled_from(LETTERS + "0123456789"),
).filter(lambda s: s not in ("no", "on", "yes", "off", "null", "true", "false"))
MEMORIES = st.sampled_from(["1GB", "2GB", "16G", "4096MB", "1.5GB", "64GB"])
CPUS = st.sampled_from([1, 2, 8, 0.25, 0.5, 1.5])
HOSTILE = st.sampled_from(
    [
        *['"', "'", "\\", "#", " # x", ": ", "{", "}", "[", "]", ",", "&a", "*a", "!tag", "|", ">", "%", "@"],
        *[
            "`",
            "\t",
            "\n",
            "\r",
            "\x00",
            "\x85",
            "\u2028",
            "\ufeff",
            "æøå",
            "✓",
            "😀",
            ".enc: ",
            "---",
            "...",
        ],
    ]
)


@dataclass
class Line:
    text: str
    kind: str  # marker | comment | blank | key | item | enc
    key: str | None = None  # the config key a key/item line belongs to


@dataclass
class Config:
    lines: list[Line]
    data: dict[str, Any]
    styles: dict[str, str] = field(default_factory=dict)  # key -> block | flow | scalar

    @property
    def text(self) -> str:
        return "".join(line.text + "\n" for line in self.lines)

    def key_line(self, key: str) -> int | None:
        return next((i for i, ln in enumerate(self.lines) if ln.kind == "key" and ln.key == key), None)

    def item_lines(self, key: str) -> list[int]:
        return [i for i, ln in enumerate(self.lines) if ln.kind == "item" and ln.key == key]


def quoted(value: str, style: str) -> str:
    return {"plain": value, "single": f"'{value}'", "double": f'"{value}"'}[style]


@st.composite
def configs(draw: st.DrawFn, users_style: str | None = None) -> Config:
    lines: list[Line] = []
    data: dict[str, Any] = {}
    styles: dict[str, str] = {}

    def gap() -> None:
        """What may sit between two keys: nothing, a blank line, or a comment line."""
        choice = draw(st.sampled_from(["", "", "blank", "comment"]))
        if choice == "blank":
            lines.append(Line("", "blank"))
        elif choice == "comment":
            lines.append(Line(f"# note {len(lines)}", "comment"))

    if draw(st.booleans()):
        lines.append(Line("---", "marker"))
    if draw(st.booleans()):
        lines.append(Line("# Team hub, owned by the analysts", "comment"))

    optional = [key for key in ("memoryLimit", "cpuLimit", "jupyterLabs", "extraEnvs") if draw(st.booleans())]
    order = draw(st.permutations(["namespace", "ingress", "users", *optional]))
    for key in order:
        gap()
        if key in ("namespace", "ingress"):
            value = draw(DNS_LABELS)
            style = draw(st.sampled_from(["plain", "single", "double"]))
            lines.append(Line(f"{key}: {quoted(value, style)}", "key", key))
            data[key] = value
        elif key == "users":
            users = draw(st.lists(IDENTS, min_size=1, max_size=5, unique=True))
            data[key] = users
            if (users_style or draw(st.sampled_from(["flow", "block"]))) == "flow":
                styles[key] = "flow"
                lines.append(Line(f"users: [{', '.join(users)}]", "key", key))
            else:
                styles[key] = "block"
                indent = " " * draw(st.sampled_from([0, 2, 4]))
                lines.append(Line("users:" + draw(st.sampled_from(["", "  # who may log in"])), "key", key))
                for ident in users:
                    before = draw(st.sampled_from(["", "", "", "blank", "comment"]))
                    if before == "blank":
                        lines.append(Line("", "blank"))
                    elif before == "comment":
                        lines.append(Line(f"{indent}# about {ident}", "comment"))
                    inline = draw(st.sampled_from(["", "", "   # lead", "  # on leave"]))
                    lines.append(Line(f"{indent}- {ident}{inline}", "item", key))
        elif key == "memoryLimit":
            value = draw(MEMORIES)
            style = draw(st.sampled_from(["plain", "plain", "double"]))
            lines.append(Line(f"memoryLimit: {quoted(value, style)}", "key", key))
            data[key] = value
        elif key == "cpuLimit":
            value = draw(CPUS)
            lines.append(Line(f"cpuLimit: {value}", "key", key))
            data[key] = value
        elif key == "jupyterLabs":
            value = draw(st.booleans())
            lines.append(Line(f"jupyterLabs: {'true' if value else 'false'}", "key", key))
            data[key] = value
        else:
            names = draw(st.lists(ENV_NAMES, max_size=4, unique=True))
            entries = [f"{name}: {draw(SAFE_VALUES)}" for name in names]
            data[key] = entries
            style = draw(st.sampled_from(["double", "single"]))
            if not entries or draw(st.booleans()):
                styles[key] = "flow"
                lines.append(Line(f"extraEnvs: [{', '.join(quoted(e, style) for e in entries)}]", "key", key))
            else:
                styles[key] = "block"
                indent = " " * draw(st.sampled_from([0, 2]))
                lines.append(Line("extraEnvs:", "key", key))
                for entry in entries:
                    if draw(st.integers(0, 3)) == 0:
                        lines.append(Line(f"{indent}# why {entry.partition(':')[0]}", "comment"))
                    lines.append(Line(f"{indent}- {quoted(entry, style)}", "item", key))
    for key in ("namespace", "ingress", "memoryLimit", "cpuLimit", "jupyterLabs"):
        styles.setdefault(key, "scalar")

    encs = draw(st.integers(min_value=0, max_value=2))
    if encs and draw(st.booleans()):
        lines.append(Line("# appended by the repo's check", "comment"))
    for n in range(encs):
        name = ["secretToken", "cookieSecret"][n]
        token = "U2FsdGVkX1" + draw(st.text(alphabet=LETTERS + "ABCXYZ0189+/", min_size=20, max_size=20))
        lines.append(Line(f"{name}.enc: {token}", "enc"))
        data[f"{name}.enc"] = token
    return Config(lines, data, styles)


@dataclass(frozen=True)
class Edit:
    name: str
    args: tuple[Any, ...]

    def apply(self, text: str) -> str:
        return getattr(document, self.name)(text, *self.args)


@st.composite
def edits(draw: st.DrawFn, config: Config) -> Edit:
    users = config.data["users"]
    names = [e.partition(":")[0] for e in config.data.get("extraEnvs", [])]
    known_or_new = st.one_of(st.sampled_from(users), IDENTS)
    kind = draw(
        st.sampled_from(
            [
                "add_users",
                "remove_users",
                "set_env",
                "unset_env",
                "set_memory",
                "set_cpu",
                "set_jupyter_labs",
            ]
        )
    )
    if kind in ("add_users", "remove_users"):
        return Edit(kind, (draw(st.lists(known_or_new, min_size=1, max_size=3)),))
    if kind == "set_env":
        name = draw(st.sampled_from(names) if names and draw(st.booleans()) else ENV_NAMES)
        value = draw(st.one_of(SAFE_VALUES, st.text(max_size=20)))
        return Edit(kind, (name, value))
    if kind == "unset_env":
        return Edit(kind, (draw(st.sampled_from(names) if names and draw(st.booleans()) else ENV_NAMES),))
    if kind == "set_memory":
        return Edit(kind, (draw(st.one_of(st.none(), MEMORIES)),))
    if kind == "set_cpu":
        return Edit(kind, (draw(st.one_of(st.none(), CPUS)),))
    return Edit(kind, (draw(st.booleans()),))


KEY_OF = {
    "add_users": "users",
    "remove_users": "users",
    "set_env": "extraEnvs",
    "unset_env": "extraEnvs",
    "set_memory": "memoryLimit",
    "set_cpu": "cpuLimit",
    "set_jupyter_labs": "jupyterLabs",
}


def intended(data: dict[str, Any], edit: Edit) -> dict[str, Any] | str:
    """What the config should say after the edit (an independent model), or the EditError code expected."""
    data = {k: list(v) if isinstance(v, list) else v for k, v in data.items()}
    key = KEY_OF[edit.name]
    if edit.name == "add_users":
        data[key] += [i for i in dict.fromkeys(edit.args[0]) if i not in data[key]]
    elif edit.name == "remove_users":
        kept = [i for i in data[key] if i not in edit.args[0]]
        if not kept:
            return "no-users-left"
        data[key] = kept
    elif edit.name == "set_env":
        name, value = edit.args
        envs = data.get(key, [])
        names = [e.partition(":")[0] for e in envs]
        if name in names:
            envs[names.index(name)] = f"{name}: {value}"
        else:
            envs.append(f"{name}: {value}")
        data[key] = envs
    elif edit.name == "unset_env":
        (name,) = edit.args
        if key in data:
            envs = [e for e in data[key] if e.partition(":")[0] != name]
            if envs:
                data[key] = envs
            elif len(data[key]):
                del data[key]
    else:
        (value,) = edit.args
        if value is None:
            data.pop(key, None)
        elif not (key in data and data[key] == value):
            data[key] = value
    return data


def expected_diff(config: Config, edit: Edit, after: dict[str, Any]) -> tuple[set[int], int]:
    """(indices of old lines the edit may remove, number of lines it adds) for this config's styles."""
    key = KEY_OF[edit.name]
    before = config.data
    style = config.styles.get(key)
    key_line = config.key_line(key)
    items = config.item_lines(key)
    if key not in before:
        return set(), (1 if style == "scalar" else 1 + len(after[key]))
    if key not in after:  # the key goes, its lines with it
        return {key_line, *items}, 0
    if style == "scalar":
        return {key_line}, 1
    if style == "flow" and not before[key]:  # `extraEnvs: []` becomes a block list
        return {key_line}, 1 + len(after[key])
    if style == "flow":
        return {key_line}, 1
    old, new = before[key], after[key]
    if key == "extraEnvs":
        old = [e.partition(":")[0] for e in old]
        new = [e.partition(":")[0] for e in new]
        changed = {i for i, e in enumerate(before[key]) if e not in after[key] and e.partition(":")[0] in new}
    else:
        changed = set()
    removed = {items[i] for i, value in enumerate(old) if value not in new} | {items[i] for i in changed}
    return removed, len([v for v in new if v not in old]) + len(changed)


def diff(old: list[str], new: list[str]) -> tuple[set[int], list[str]]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    removed: set[int] = set()
    added: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed.update(range(i1, i2))
            added.extend(new[j1:j2])
    return removed, added


@SETTINGS
@given(st.data())
def test_an_edit_changes_exactly_what_was_asked(draw: st.DataObject) -> None:
    config = draw.draw(configs(), label="config")
    text = config.text
    assert yaml.safe_load(text) == config.data  # the generator itself writes what it claims
    edit = draw.draw(edits(config), label="edit")
    after = intended(config.data, edit)

    if isinstance(after, str):
        try:
            edit.apply(text)
        except EditError as error:
            assert error.code == after
            return
        raise AssertionError(f"expected EditError {after}")

    new = edit.apply(text)
    assert yaml.safe_load(new) == after
    if after == config.data:
        assert new == text  # a no-op gives back the input: the caller opens no PR
        return

    assert new.endswith("\n") and not new.endswith("\n\n")
    old_lines = text.splitlines()
    new_lines = new.splitlines()
    removed, added = diff(old_lines, new_lines)
    may_remove, adds = expected_diff(config, edit, after)
    # blank lines left at the end by a removed last key go too: the file ends with one newline
    trailing = {
        i
        for i in removed - may_remove
        if config.lines[i].kind == "blank" and i > max(may_remove, default=len(old_lines))
    }
    assert removed - trailing == may_remove, (removed, may_remove)
    assert all(i in removed for i in range(min(trailing, default=len(old_lines)), len(old_lines)))
    assert len(added) == adds, added
    for line in added:  # what was added is the key, or an item of it
        assert re.match(rf"({KEY_OF[edit.name]}:|\s*- )", line), line

    comments = [ln.text for ln in config.lines if ln.kind == "comment"]
    assert [ln for ln in new_lines if ln.lstrip().startswith("#")] == comments
    encs = [ln.text for ln in config.lines if ln.kind == "enc"]
    assert [ln for ln in new_lines if ".enc: " in ln] == encs
    if encs:
        assert new_lines[-len(encs) :] == encs  # still last, in their order
        if config.lines[-len(encs) - 1].kind == "comment":
            assert new_lines[-len(encs) - 1] == config.lines[-len(encs) - 1].text


@SETTINGS
@given(st.data())
def test_a_user_add_to_a_block_list_adds_one_line_per_user_at_its_indentation(draw: st.DataObject) -> None:
    config = draw.draw(configs(users_style="block"), label="config")
    idents = draw.draw(st.lists(IDENTS, min_size=1, max_size=3, unique=True), label="idents")
    idents = [i for i in idents if i not in config.data["users"]]
    new = document.add_users(config.text, idents)
    last_item = config.lines[config.item_lines("users")[-1]].text
    indent = last_item[: last_item.index("-")]
    removed, added = diff(config.text.splitlines(), new.splitlines())
    assert removed == set()
    assert added == [f"{indent}- {ident}" for ident in idents]


@SETTINGS
@given(st.data(), st.one_of(st.text(max_size=30), st.lists(HOSTILE, max_size=6).map("".join)))
def test_any_env_value_reads_back_exactly(draw: st.DataObject, value: str) -> None:
    config = draw.draw(configs(), label="config")
    name = draw.draw(ENV_NAMES, label="name")
    new = document.set_env(config.text, name, value)
    envs = yaml.safe_load(new)["extraEnvs"]
    assert [e for e in envs if e.partition(":")[0] == name] == [f"{name}: {value}"]
    # nothing in the value may look like an encrypted line to the deploy's decrypt step
    assert [ln for ln in new.splitlines() if ".enc: " in ln] == [
        ln.text for ln in config.lines if ln.kind == "enc"
    ]
    # and the entry is one line whatever the value holds
    assert len(new.splitlines()) - len(config.lines) in (0, 1, 2)


@SETTINGS
@given(
    users=st.lists(IDENTS, min_size=1, max_size=4, unique=True),
    memory=st.one_of(st.none(), MEMORIES),
    cpu=st.one_of(st.none(), CPUS),
    labs=st.one_of(st.none(), st.booleans()),
    envs=st.dictionaries(ENV_NAMES, st.text(max_size=15), max_size=3),
)
def test_a_new_config_says_what_was_asked_and_edits_cleanly(users, memory, cpu, labs, envs) -> None:
    text = document.new_config("team-a", "team-a", users, memory, cpu, labs, list(envs.items()))
    expected: dict[str, Any] = {"namespace": "team-a", "ingress": "team-a", "users": users}
    if memory is not None:
        expected["memoryLimit"] = memory
    if cpu is not None:
        expected["cpuLimit"] = cpu
    if labs is not None:
        expected["jupyterLabs"] = labs
    if envs:
        expected["extraEnvs"] = [f"{name}: {value}" for name, value in envs.items()]
    assert yaml.safe_load(text) == expected
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert document.roundtrip(text) == text
