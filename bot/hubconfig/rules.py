"""The hub config rules of PRODUCT.md section 2: what makes a config file deployable, as findings.

``check_file`` checks one file on its own (path, encoding, YAML shape, every key); ``check_files`` checks
a set of files and adds the rules that span files (one hub per ingress, one hub per namespace). Both are
pure.

Files are read with PyYAML's libyaml composer rather than ruamel's round-trip loader: the node tree has the
line, column, quoting style and resolved tag of every value, which is all the rules need, at a fraction of
the cost (``validate`` must keep up with a checkout of thousands of configs). Tags are YAML 1.1's, as the
deploy reads them: ``no`` is a boolean, ``"false"`` is a string.

Every code a finding can have is in ``RULES`` with its severity; its text is ``finding.<code>`` in
``bot/catalog/findings.py`` and says what is wrong and how to fix it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import DocumentStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.hubconfig.findings import Finding, Severity
from bot.hubconfig.model import CONFIG_DIR, KNOWN_KEYS, Hub
from bot.hubconfig.policy import (
    DEFAULT_POLICY,
    RESERVED_ENV_NAMES,
    RESERVED_ENV_PREFIXES,
    SIZE_RE,
    Policy,
    size_bytes,
)
from bot.textdistance import typo_distance

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: Every finding code, with its severity. A code is stable: tools and modal field errors key on it.
RULES: dict[str, Severity] = {
    "file.path": ERROR,
    "file.not-deployed": WARNING,
    "file.stem-mismatch": WARNING,
    "file.not-utf8": ERROR,
    "file.bom": ERROR,
    "file.syntax": ERROR,
    "file.multiple-documents": ERROR,
    "file.empty": ERROR,
    "file.not-mapping": ERROR,
    "file.duplicate-key": ERROR,
    "file.no-trailing-newline": ERROR,
    "file.extra-trailing-newlines": ERROR,
    "key.typo": ERROR,
    "key.unknown": WARNING,
    "key.invalid": ERROR,
    "key.empty": ERROR,
    "namespace.missing": ERROR,
    "namespace.not-string": ERROR,
    "namespace.invalid": ERROR,
    "namespace.too-long": ERROR,
    "namespace.reserved": ERROR,
    "namespace.duplicate": ERROR,
    "ingress.missing": ERROR,
    "ingress.not-string": ERROR,
    "ingress.invalid": ERROR,
    "ingress.too-long": ERROR,
    "ingress.duplicate": ERROR,
    "users.missing": ERROR,
    "users.not-list": ERROR,
    "users.empty": ERROR,
    "users.not-lowercase": ERROR,
    "users.invalid": ERROR,
    "users.duplicate": ERROR,
    "extraEnvs.not-list": ERROR,
    "extraEnvs.unquoted": ERROR,
    "extraEnvs.format": ERROR,
    "extraEnvs.name": ERROR,
    "extraEnvs.duplicate": ERROR,
    "extraEnvs.reserved": ERROR,
    "extraEnvs.enc": ERROR,
    "extraEnvs.html": ERROR,
    "extraEnvs.newline": ERROR,
    "jupyterLabs.quoted": ERROR,
    "jupyterLabs.not-bool": ERROR,
    "memoryLimit.unit": ERROR,
    "memoryLimit.bounds": ERROR,
    "cpuLimit.quoted": WARNING,
    "cpuLimit.invalid": ERROR,
    "cpuLimit.bounds": ERROR,
}

LABEL_RE = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
NAMESPACE_MAX = 63
INGRESS_MAX = 42  # the helm release "jupyterhub-<ingress>" must fit Helm's 53 characters
IDENT_RE = re.compile(r"[a-z][0-9]{6}")
ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ENC_MARKER = ".enc: "  # what the deploy's decrypt step greps for, on any line
HTML_ESCAPED = "&<>\"'"  # mustache's {{var}} turns these into entities
_QUOTED_NUMBER_RE = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
_TYPO_DISTANCE = 2

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_QUOTED = ("'", '"')
_BOOL_WORDS = {"true": "true", "yes": "true", "on": "true", "false": "false", "no": "false", "off": "false"}
_EMPTY_EXAMPLES = {
    "jupyterLabs": "jupyterLabs: true",
    "memoryLimit": "memoryLimit: 4GB",
    "cpuLimit": "cpuLimit: 1",
}

# Converts YAML 1.1 int/float/bool scalars (0x1f, 1_000, 1:30, .inf, yes) exactly as the safe loader would.
# Only its stateless construct_yaml_* methods are used.
_SCALARS = SafeConstructor()


@dataclass(frozen=True)
class FileCheck:
    """One file checked on its own. ``hub`` is None when the file did not parse to a mapping.

    ``locations`` maps each top-level key to the 1-based (line, column) of its value, so that a rule that
    spans files can point at the right place.
    """

    findings: list[Finding]
    hub: Hub | None
    locations: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]  # sorted by (file, line, column, code)
    hubs: dict[str, Hub]  # path -> Hub, for every file that parsed to a mapping

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is WARNING]


def _sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.file, finding.line, finding.column, finding.code)


def check_file(path: str, data: bytes, policy: Policy = DEFAULT_POLICY) -> FileCheck:
    """Check one config file; ``path`` is relative to the repo root (``configs/kyrre.yaml``)."""
    return _FileChecker(path, policy).run(data)


def check_files(files: Mapping[str, bytes], policy: Policy = DEFAULT_POLICY) -> CheckResult:
    """Check every file, then the rules across deployed files (``configs/*.yaml``).

    A namespace or ingress claimed twice is reported on the later file by path, naming the earlier one, so
    that the file a pull request adds is the one blamed.
    """
    findings: list[Finding] = []
    hubs: dict[str, Hub] = {}
    claimed: dict[str, dict[str, str]] = {"namespace": {}, "ingress": {}}
    for path in sorted(files):
        checked = check_file(path, files[path], policy)
        findings.extend(checked.findings)
        if checked.hub is None:
            continue
        hubs[path] = checked.hub
        if not _is_deployed(path):
            continue
        for key, value in (("namespace", checked.hub.namespace), ("ingress", checked.hub.ingress)):
            if not value:
                continue
            first = claimed[key].setdefault(value, path)
            if first != path:
                line, column = checked.locations[key]
                params: dict[str, Any] = {"value": value, "other": first, "domain": policy.hub_domain}
                findings.append(Finding(f"{key}.duplicate", ERROR, path, line, column, key, params))
    findings.sort(key=_sort_key)
    return CheckResult(findings=findings, hubs=hubs)


def _is_deployed(path: str) -> bool:
    head, _, name = path.rpartition("/")
    return head == CONFIG_DIR and name.endswith(".yaml") and len(name) > len(".yaml")


def suggest_key(key: str) -> str | None:
    """The known key ``key`` is probably a typo of (edit distance at most 2, ignoring case), or None."""
    folded = key.casefold()
    best: tuple[int, str] | None = None
    for known in KNOWN_KEYS:
        distance = typo_distance(folded, known.casefold(), _TYPO_DISTANCE)
        if distance <= _TYPO_DISTANCE and (best is None or distance < best[0]):
            best = (distance, known)
    return best[1] if best else None


def _number_text(value: float) -> str:
    """``2`` for 2.0, ``0.5`` for 0.5: numbers as a person would write them in the config."""
    return str(int(value)) if float(value).is_integer() else str(value)


class _FileChecker:
    """The rules for one file. ``run`` goes from bytes to a ``FileCheck``; each ``_<key>`` method checks
    one top-level key's value node, reports what is wrong, and returns what the ``Hub`` should say."""

    def __init__(self, path: str, policy: Policy) -> None:
        self.path = path
        self.policy = policy
        self.text = ""
        self.findings: list[Finding] = []
        self.locations: dict[str, tuple[int, int]] = {}

    def report(self, code: str, line: int, column: int, key: str, /, **params: Any) -> None:
        self.findings.append(Finding(code, RULES[code], self.path, line, column, key, params))

    def report_at(self, code: str, node: Node, key: str, /, **params: Any) -> None:
        self.report(code, node.start_mark.line + 1, node.start_mark.column + 1, key, **params)

    def source(self, node: Node, limit: int = 60) -> str:
        """A node as written in the file, on one line and shortened: to quote it back in a message."""
        written = " ".join(self.text[node.start_mark.index : node.end_mark.index].split())
        return written if len(written) <= limit else written[: limit - 1] + "…"

    # -- the file as a whole ---------------------------------------------------------------------------

    def run(self, data: bytes) -> FileCheck:
        self._check_path()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line_start = data.rfind(b"\n", 0, error.start) + 1
            column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
            line = data.count(b"\n", 0, error.start) + 1
            self.report("file.not-utf8", line, column, "file", byte=f"{data[error.start]:02x}")
            return self._done(None)
        if text.startswith("\ufeff"):
            self.report("file.bom", 1, 1, "file")
            # libyaml's marks skip the BOM: drop it so that mark indexes match the text.
            text = text[1:]
        self.text = text
        self._check_end_of_file()
        root = self._parse()
        if root is None:
            return self._done(None)
        return self._done(self._check_keys(root))

    def _done(self, hub: Hub | None) -> FileCheck:
        self.findings.sort(key=_sort_key)
        return FileCheck(findings=self.findings, hub=hub, locations=self.locations)

    def _check_path(self) -> None:
        head, _, name = self.path.rpartition("/")
        stem, dot, extension = name.rpartition(".")
        if head == CONFIG_DIR and stem and dot and extension == "yml":
            self.report("file.not-deployed", 1, 1, "file", path=self.path, fixed=f"{head}/{stem}.yaml")
        elif not _is_deployed(self.path):
            self.report("file.path", 1, 1, "file", path=self.path)

    def _check_end_of_file(self) -> None:
        # The repo's PR check appends a "<name>.enc: ..." line: without a final newline it lands on the
        # last line, and blank lines at the end are noise every later edit has to preserve or fight.
        text = self.text
        if not text:
            return
        if not text.endswith("\n"):
            last_line = text.rpartition("\n")[2]
            self.report("file.no-trailing-newline", text.count("\n") + 1, len(last_line) + 1, "file")
        elif text.endswith("\n\n"):
            content = text.rstrip("\n")
            first_blank = content.count("\n") + 2 if content else 1
            self.report("file.extra-trailing-newlines", first_blank, 1, "file")

    def _parse(self) -> MappingNode | None:
        """The top-level mapping, or None (with the finding that says why) if there is none."""
        try:
            documents = list(yaml.compose_all(self.text, Loader=yaml.CSafeLoader))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = error.problem or error.context or "invalid YAML"
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            self.report("file.syntax", line, column, "file", problem=problem)
            return None
        except yaml.reader.ReaderError as error:
            before = self.text[: error.position]
            line = before.count("\n") + 1
            column = error.position - (before.rfind("\n") + 1) + 1
            self.report("file.syntax", line, column, "file", problem=error.reason)
            return None
        if not documents:
            self.report("file.empty", 1, 1, "file")
            return None
        if len(documents) > 1:
            self._report_second_document(documents[1])
        root = documents[0]
        if isinstance(root, ScalarNode) and root.tag == _NULL and not root.value:
            self.report("file.empty", 1, 1, "file")
            return None
        if not isinstance(root, MappingNode):
            self.report_at("file.not-mapping", root, "file")
            return None
        return root

    def _report_second_document(self, document: Node) -> None:
        # The composer's node starts after the "---" that opened its document; the parser's event has the
        # marker itself, which is what the user has to remove. Only this rare path pays for a second parse.
        starts = [
            e for e in yaml.parse(self.text, Loader=yaml.CSafeLoader) if isinstance(e, DocumentStartEvent)
        ]
        mark = starts[1].start_mark if len(starts) > 1 else document.start_mark
        self.report("file.multiple-documents", mark.line + 1, mark.column + 1, "file")

    # -- top-level keys --------------------------------------------------------------------------------

    def _check_keys(self, root: MappingNode) -> Hub:
        rules: dict[str, Callable[[ScalarNode, Node], Any]] = {
            "namespace": self._namespace,
            "ingress": self._ingress,
            "users": self._users,
            "extraEnvs": self._extra_envs,
            "jupyterLabs": self._jupyter_labs,
            "memoryLimit": self._memory_limit,
            "cpuLimit": self._cpu_limit,
        }
        seen: dict[str, int] = {}
        values: dict[str, Any] = {}
        for key_node, value_node in root.value:
            if not isinstance(key_node, ScalarNode):
                self.report_at("key.invalid", key_node, "file", value=self.source(key_node))
                continue
            key = key_node.value
            if key in seen:
                self.report_at("file.duplicate-key", key_node, key, key=key, first_line=seen[key])
                continue
            seen[key] = key_node.start_mark.line + 1
            at = key_node if _is_null(value_node) else value_node
            self.locations[key] = (at.start_mark.line + 1, at.start_mark.column + 1)
            if key.endswith(".enc"):
                continue  # written by the repo's own check; the bot keeps it verbatim
            rule = rules.get(key)
            if rule is not None:
                values[key] = rule(key_node, value_node)
                continue
            suggestion = suggest_key(key)
            if suggestion:
                self.report_at("key.typo", key_node, key, key=key, suggestion=suggestion)
            else:
                self.report_at("key.unknown", key_node, key, key=key, known=", ".join(KNOWN_KEYS))
        for key in ("namespace", "ingress", "users"):
            if key not in seen:
                self.report_at(f"{key}.missing", root, key, domain=self.policy.hub_domain)
        hub = Hub(
            path=self.path,
            namespace=values.get("namespace"),
            ingress=values.get("ingress"),
            users=values.get("users", ()),
            extra_envs=values.get("extraEnvs", ()),
            jupyter_labs=values.get("jupyterLabs"),
            memory_limit=values.get("memoryLimit"),
            cpu_limit=values.get("cpuLimit"),
        )
        self._check_stem(hub)
        return hub

    def _check_stem(self, hub: Hub) -> None:
        head, _, name = self.path.rpartition("/")
        stem = name.rpartition(".")[0]
        ingress = hub.ingress
        if (
            head != CONFIG_DIR
            or not stem
            or not ingress
            or not LABEL_RE.fullmatch(ingress)
            or stem == ingress
        ):
            return
        line, column = self.locations["ingress"]
        extension = name.rpartition(".")[2]
        self.report(
            "file.stem-mismatch",
            line,
            column,
            "file",
            path=self.path,
            ingress=ingress,
            fixed=f"{CONFIG_DIR}/{ingress}.{extension}",
        )

    def _label(self, key: str, value: Node, max_length: int) -> str | None:
        """namespace and ingress: a DNS label, as text (``no`` and ``123`` are not text to YAML)."""
        if _is_null(value):
            self.report(f"{key}.missing", *self.locations[key], key, domain=self.policy.hub_domain)
            return None
        if not isinstance(value, ScalarNode):
            self.report_at(f"{key}.invalid", value, key, value=self.source(value))
            return None
        if value.tag != _STR:
            self.report_at(
                f"{key}.not-string", value, key, value=value.value, fixed=f'{key}: "{value.value}"'
            )
            return None
        label = value.value
        if not LABEL_RE.fullmatch(label):
            self.report_at(f"{key}.invalid", value, key, value=label)
        if len(label) > max_length:
            self.report_at(f"{key}.too-long", value, key, value=label, length=len(label), max=max_length)
        return label

    def _namespace(self, key: ScalarNode, value: Node) -> str | None:
        namespace = self._label("namespace", value, NAMESPACE_MAX)
        # Kubernetes keeps the kube- prefix for its own namespaces, whatever the policy lists.
        if namespace and (namespace in self.policy.reserved_namespaces or namespace.startswith("kube-")):
            self.report_at("namespace.reserved", value, "namespace", value=namespace)
        return namespace

    def _ingress(self, key: ScalarNode, value: Node) -> str | None:
        return self._label("ingress", value, INGRESS_MAX)

    def _users(self, key: ScalarNode, value: Node) -> tuple[str, ...]:
        if _is_null(value):
            self.report_at("users.empty", key, "users")
            return ()
        if not isinstance(value, SequenceNode):
            self.report_at("users.not-list", value, "users", value=self.source(value))
            return ()
        if not value.value:
            self.report_at("users.empty", value, "users")
            return ()
        users: list[str] = []
        first_line: dict[str, int] = {}
        for item in value.value:
            if not isinstance(item, ScalarNode) or item.tag != _STR:
                self.report_at("users.invalid", item, "users", value=self.source(item))
                continue
            ident = item.value
            users.append(ident)
            if not IDENT_RE.fullmatch(ident):
                if IDENT_RE.fullmatch(ident.lower()):
                    self.report_at("users.not-lowercase", item, "users", value=ident, fixed=ident.lower())
                else:
                    self.report_at("users.invalid", item, "users", value=ident)
            # JupyterHub lowercases user names, so E152435 and e152435 are one user.
            normalized = ident.lower()
            if normalized in first_line:
                self.report_at(
                    "users.duplicate", item, "users", value=ident, first_line=first_line[normalized]
                )
            else:
                first_line[normalized] = item.start_mark.line + 1
        return tuple(users)

    def _extra_envs(self, key: ScalarNode, value: Node) -> tuple[str, ...]:
        if _is_null(value):
            return ()  # renders no variables, same as []
        if not isinstance(value, SequenceNode):
            self.report_at("extraEnvs.not-list", value, "extraEnvs", value=self.source(value))
            return ()
        entries: list[str] = []
        first_line: dict[str, int] = {}
        for item in value.value:
            if isinstance(item, MappingNode):
                # The classic mistake: - hello: world is a mapping, the deploy needs the string.
                self.report_at("extraEnvs.unquoted", item, "extraEnvs", fixed=self._quoted_entry(item))
                continue
            if not isinstance(item, ScalarNode) or item.tag != _STR:
                self.report_at("extraEnvs.format", item, "extraEnvs", value=self.source(item))
                continue
            entry = item.value
            entries.append(entry)
            name = self._env_entry(item, entry)
            if name is None:
                continue
            if name in first_line:
                self.report_at(
                    "extraEnvs.duplicate", item, "extraEnvs", name=name, first_line=first_line[name]
                )
            else:
                first_line[name] = item.start_mark.line + 1
        return tuple(entries)

    def _quoted_entry(self, item: MappingNode) -> str:
        """The line an unquoted ``- hello: world`` should have been: ``- "hello: world"``."""
        pairs = item.value
        if len(pairs) == 1 and all(isinstance(n, ScalarNode) for n in pairs[0]):
            written = f"{pairs[0][0].value}: {pairs[0][1].value}"
        else:
            written = self.source(item, limit=200)
        return '- "' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def _env_entry(self, item: ScalarNode, entry: str) -> str | None:
        """Check one ``"NAME: value"`` entry; its NAME, if it has one worth checking for duplicates."""
        if "\n" in entry or "\r" in entry:
            self.report_at("extraEnvs.newline", item, "extraEnvs")
            return None
        if ENC_MARKER in entry:
            self.report_at("extraEnvs.enc", item, "extraEnvs")
        name, colon, rest = entry.partition(":")
        if not colon or not rest.startswith(" ") or not rest.strip():
            self.report_at("extraEnvs.format", item, "extraEnvs", value=entry)
            return None
        if not ENV_NAME_RE.fullmatch(name):
            self.report_at("extraEnvs.name", item, "extraEnvs", name=name)
            return None
        escaped = "".join(sorted({c for c in rest if c in HTML_ESCAPED}, key=HTML_ESCAPED.index))
        if escaped:
            self.report_at("extraEnvs.html", item, "extraEnvs", name=name, chars=" ".join(escaped))
        if name in RESERVED_ENV_NAMES or name.startswith(RESERVED_ENV_PREFIXES):
            self.report_at("extraEnvs.reserved", item, "extraEnvs", name=name)
        return name

    def _empty(self, key: str, value: Node) -> bool:
        """An optional key written without a value: it would override shared.yaml's default with null."""
        if _is_null(value):
            self.report("key.empty", *self.locations[key], key, key=key, example=_EMPTY_EXAMPLES[key])
            return True
        return False

    def _jupyter_labs(self, key: ScalarNode, value: Node) -> bool | None:
        if self._empty("jupyterLabs", value):
            return None
        if isinstance(value, ScalarNode) and value.tag == _BOOL:
            return bool(_SCALARS.construct_yaml_bool(value))
        if isinstance(value, ScalarNode) and value.style in _QUOTED and value.value.lower() in _BOOL_WORDS:
            fixed = f"jupyterLabs: {_BOOL_WORDS[value.value.lower()]}"
            self.report_at("jupyterLabs.quoted", value, "jupyterLabs", value=value.value, fixed=fixed)
            return None
        self.report_at("jupyterLabs.not-bool", value, "jupyterLabs", value=self.source(value))
        return None

    def _memory_limit(self, key: ScalarNode, value: Node) -> str | None:
        if self._empty("memoryLimit", value):
            return None
        size = value.value if isinstance(value, ScalarNode) else None
        if size is None or not SIZE_RE.match(size):
            number = re.match(r"[0-9]+(\.[0-9]+)?", size or "")
            unit = (size or "")[number.end() :].strip().upper() if number else ""
            example = f"{number.group()}{'MB' if unit.startswith('M') else 'GB'}" if number else "4GB"
            self.report_at(
                "memoryLimit.unit", value, "memoryLimit", value=self.source(value), example=example
            )
            return None
        low, high = self.policy.memory_min, self.policy.memory_max
        if not size_bytes(low) <= size_bytes(size) <= size_bytes(high):  # type: ignore[operator]
            self.report_at("memoryLimit.bounds", value, "memoryLimit", value=size, min=low, max=high)
        return size

    def _cpu_limit(self, key: ScalarNode, value: Node) -> float | int | None:
        if self._empty("cpuLimit", value):
            return None
        cpus: float | int
        if isinstance(value, ScalarNode) and value.tag == _INT:
            cpus = _SCALARS.construct_yaml_int(value)
        elif isinstance(value, ScalarNode) and value.tag == _FLOAT:
            cpus = _SCALARS.construct_yaml_float(value)
        elif (
            isinstance(value, ScalarNode)
            and value.style in _QUOTED
            and _QUOTED_NUMBER_RE.fullmatch(value.value)
        ):
            cpus = float(value.value)
            self.report_at(
                "cpuLimit.quoted", value, "cpuLimit", value=value.value, fixed=f"cpuLimit: {value.value}"
            )
        else:
            self.report_at("cpuLimit.invalid", value, "cpuLimit", value=self.source(value))
            return None
        if math.isnan(cpus):
            self.report_at("cpuLimit.invalid", value, "cpuLimit", value=self.source(value))
            return None
        low, high = self.policy.cpu_min_exclusive, self.policy.cpu_max
        if not low < cpus <= high:
            self.report_at(
                "cpuLimit.bounds",
                value,
                "cpuLimit",
                value=self.source(value),
                min=_number_text(low),
                max=_number_text(high),
            )
        return cpus


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL
