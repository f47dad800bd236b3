"""GitHub's own REST API description as a test oracle for the fake GitHub.

The description (OpenAPI 3.0.3, from ``@octokit/openapi``) is loaded once per test session. It matches a
request (method + path) to its operation, and checks request bodies, query parameters, response bodies and
webhook payloads against the schemas GitHub publishes. Every check returns a list of human-readable
mismatches; an empty list means "GitHub would send / accept this".

Path templates are matched on the raw (still percent-encoded) path. ``{path}``, ``{ref}`` and ``{branch}``
may hold slashes (``contents/configs/kyrre.yaml``, ``git/refs/heads/knada-bot/r-42``), as on GitHub; when
several templates match, the one with the most literal text wins (``commits/{ref}/status`` over
``commits/{ref}``).
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jsonschema import FormatChecker, ValidationError
from jsonschema.validators import extend
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_NAME = "github-rest-api.json.gz"
_DOCUMENT_URI = "urn:github:rest-api"
_SLASHY_PARAMS = frozenset({"path", "ref", "branch"})
_METHODS = ("get", "put", "post", "patch", "delete")
# Bodies GitHub documents in prose but not in the schema: "You can also pass an array of labels directly"
# (add-labels). PyGithub's ``add_to_labels`` sends that bare array; it is checked as ``{"labels": [...]}``.
_BARE_ARRAY_BODIES = {"issues/add-labels": "labels", "issues/set-labels": "labels"}
# A report should say what is wrong without drowning the test output in one bad payload's cascade.
_MAX_ERRORS = 5


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def _one_of_as_any_of(validator: Any, one_of: list[Any], instance: Any, schema: Any) -> Any:
    """``oneOf`` read as ``anyOf``. GitHub's description uses oneOf for alternatives that overlap: every
    ``basic-error`` is also a valid ``repository-rule-violation-error`` (neither requires a field), so a
    strict oneOf would reject every 409 GitHub sends."""
    errors = []
    for index, subschema in enumerate(one_of):
        found = list(validator.descend(instance, subschema, schema_path=index))
        if not found:
            return
        errors += found
    yield ValidationError(f"{instance!r} is not valid under any of the given schemas", context=errors)


_ReadValidator = extend(OAS30ReadValidator, {"oneOf": _one_of_as_any_of})
_WriteValidator = extend(OAS30WriteValidator, {"oneOf": _one_of_as_any_of})


def _format_checker() -> FormatChecker:
    """jsonschema's checkers (date-time, email, ...) plus OpenAPI's own (int32, byte, ...)."""
    checker = FormatChecker()
    for name, (func, raises) in oas30_format_checker.checkers.items():
        checker.checks(name, raises)(func)
    return checker


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    template: str  # "/repos/{owner}/{repo}/pulls/{pull_number}"
    operation_id: str  # "pulls/get"
    pointer: str  # JSON pointer to the operation object in the document
    pattern: re.Pattern[str] = field(compare=False, repr=False)
    literal_length: int = field(compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.method} {self.template} ({self.operation_id})"


@dataclass(frozen=True)
class Match:
    operation: Operation
    params: dict[str, str]  # path parameters, percent-decoded


class GitHubOpenAPI:
    """The REST description, indexed for matching and validation. Build it with :func:`github_openapi`."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT4)
        self._registry: Registry = Registry().with_resource(_DOCUMENT_URI, resource)
        self._format_checker = _format_checker()
        self._operations: dict[str, list[Operation]] = {}
        for template, item in document["paths"].items():
            for method in _METHODS:
                if method in item:
                    self._add(template, method, item[method])
        for ops in self._operations.values():
            ops.sort(key=lambda op: -op.literal_length)

    def _add(self, template: str, method: str, op: dict[str, Any]) -> None:
        regex, literal = [], 0
        for piece in re.split(r"(\{[^}]+\})", template):
            if piece.startswith("{"):
                name = piece[1:-1]
                body = ".+" if name in _SLASHY_PARAMS else "[^/]+"
                regex.append(f"(?P<{name.replace('-', '_')}>{body})")
            else:
                regex.append(re.escape(piece))
                literal += len(piece)
        operation = Operation(
            method=method.upper(),
            template=template,
            operation_id=op["operationId"],
            pointer=_pointer("paths", template, method),
            pattern=re.compile("".join(regex) + "$"),
            literal_length=literal,
        )
        self._operations.setdefault(operation.method, []).append(operation)

    # -- lookups -------------------------------------------------------------------------------------------

    def resolve(self, pointer: str) -> Any:
        node: Any = self.document
        for part in pointer.lstrip("/").split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node

    def _deref(self, pointer: str) -> tuple[str, Any]:
        """Follow a local ``$ref`` at ``pointer`` (responses, parameters): the target's pointer and value."""
        node = self.resolve(pointer)
        while isinstance(node, dict) and "$ref" in node:
            pointer = node["$ref"].removeprefix("#")
            node = self.resolve(pointer)
        return pointer, node

    def match(self, method: str, raw_path: str) -> Match | None:
        path = raw_path.split("?", 1)[0]
        for op in self._operations.get(method.upper(), ()):
            found = op.pattern.match(path)
            if found:
                params = {name: unquote(value) for name, value in found.groupdict().items()}
                return Match(op, params)
        return None

    def operation(self, operation_id: str) -> Operation:
        for ops in self._operations.values():
            for op in ops:
                if op.operation_id == operation_id:
                    return op
        raise KeyError(operation_id)

    # -- validation ----------------------------------------------------------------------------------------

    def _errors(self, pointer: str, instance: Any, *, writing: bool, what: str) -> list[str]:
        cls = _WriteValidator if writing else _ReadValidator
        validator = cls(
            {"$ref": f"{_DOCUMENT_URI}#{pointer}"},
            registry=self._registry,
            format_checker=self._format_checker,
        )
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        found = []
        for error in errors[:_MAX_ERRORS]:
            where = "/" + "/".join(str(p) for p in error.absolute_path)
            found.append(f"{what}: {error.message[:300]} (at {where})")
        if len(errors) > _MAX_ERRORS:
            found.append(f"{what}: ... and {len(errors) - _MAX_ERRORS} more")
        return found

    @staticmethod
    def _json_media(content: dict[str, Any]) -> str | None:
        if "application/json" in content:
            return "application/json"
        return next((media for media in content if "json" in media), None)

    def validate_request(self, op: Operation, body: Any) -> list[str]:
        """The JSON request body against the operation's requestBody (None: no body sent)."""
        what = f"{op.method} {op.template} request body"
        spec = self.resolve(op.pointer).get("requestBody")
        if body is None:
            if spec and spec.get("required"):
                return [f"{what}: missing, but the operation requires one"]
            return []
        if spec is None:
            return [f"{what}: sent, but the operation takes none"]
        if op.operation_id in _BARE_ARRAY_BODIES and isinstance(body, list):
            body = {_BARE_ARRAY_BODIES[op.operation_id]: body}
        pointer, spec = self._deref(op.pointer + "/requestBody")
        media = self._json_media(spec.get("content", {}))
        if media is None:
            return [f"{what}: the operation takes no JSON body"]
        return self._errors(pointer + _pointer("content", media, "schema"), body, writing=True, what=what)

    def validate_query(self, op: Operation, query: dict[str, list[str]]) -> list[str]:
        """Known query parameters against their schemas (GitHub ignores unknown ones, and so do we)."""
        found: list[str] = []
        parameters = self.resolve(op.pointer).get("parameters", [])
        for index, _ in enumerate(parameters):
            pointer, param = self._deref(op.pointer + _pointer("parameters", str(index)))
            if param.get("in") != "query" or param["name"] not in query:
                continue
            value: Any = query[param["name"]][-1]
            schema = param.get("schema", {})
            kind = schema.get("type")
            try:
                if kind == "integer":
                    value = int(value)
                elif kind == "boolean" and value in ("true", "false"):
                    value = value == "true"
            except ValueError:
                found.append(f"{op.method} {op.template} query {param['name']}={value!r}: not an integer")
                continue
            what = f"{op.method} {op.template} query {param['name']}"
            found += self._errors(pointer + "/schema", value, writing=True, what=what)
        return found

    def documented_statuses(self, op: Operation) -> set[str]:
        return set(self.resolve(op.pointer)["responses"])

    def validate_response(self, op: Operation, status: int, body: Any) -> list[str]:
        """A response's status and JSON body against what the operation documents for that status."""
        what = f"{op.method} {op.template} response {status}"
        responses = self.resolve(op.pointer)["responses"]
        key = str(status) if str(status) in responses else f"{str(status)[0]}XX"
        if key not in responses:
            if "default" not in responses:
                return [f"{what}: status not documented (documented: {', '.join(sorted(responses))})"]
            key = "default"
        pointer, response = self._deref(op.pointer + _pointer("responses", key))
        content = response.get("content")
        if not content:
            if body is not None:
                return [f"{what}: has a body, but the operation documents none"]
            return []
        media = self._json_media(content)
        if media is None or "schema" not in content[media]:
            return []
        if body is None:
            return [f"{what}: no body, but the operation documents one"]
        return self._errors(pointer + _pointer("content", media, "schema"), body, writing=False, what=what)

    def webhook_key(self, event: str, action: str | None) -> str:
        """The ``x-webhooks`` entry for a delivery: ``pull-request-opened``, ``status``, ..."""
        hooks = self.document["x-webhooks"]
        name = event.replace("_", "-")
        if action and f"{name}-{action}" in hooks:
            return f"{name}-{action}"
        return name

    def validate_webhook(self, event: str, payload: dict[str, Any]) -> list[str]:
        key = self.webhook_key(event, payload.get("action"))
        what = f"webhook {key} payload"
        if key not in self.document["x-webhooks"]:
            return [f"{what}: no such webhook in the description"]
        return self._errors(
            _pointer("x-webhooks", key, "post", "requestBody", "content", "application/json", "schema"),
            payload,
            writing=False,
            what=what,
        )


def spec_path() -> Path | None:
    """Where the description is: ``$KNADA_GITHUB_OPENAPI``, else ``specs/`` of the shared data next to this
    checkout (``../shared``) or at ``$KNADA_SHARED``, as ``tests/conftest.py`` finds it. None if nowhere."""
    candidates = []
    if os.environ.get("KNADA_GITHUB_OPENAPI"):
        candidates.append(Path(os.environ["KNADA_GITHUB_OPENAPI"]))
    candidates.append(Path(__file__).resolve().parents[3] / "shared" / "specs" / SPEC_NAME)
    if os.environ.get("KNADA_SHARED"):
        candidates.append(Path(os.environ["KNADA_SHARED"]) / "specs" / SPEC_NAME)
    return next((path for path in candidates if path.is_file()), None)


@functools.cache
def github_openapi(path: Path | None = None) -> GitHubOpenAPI:
    """The description at ``path`` (default: :func:`spec_path`), loaded once per process (about 0.4 s)."""
    path = path or spec_path()
    if path is None:
        raise FileNotFoundError(
            f"GitHub's REST description ({SPEC_NAME}, from @octokit/openapi) was not found: set "
            "KNADA_GITHUB_OPENAPI to it, or KNADA_SHARED to the shared data directory holding specs/"
        )
    with gzip.open(path, "rb") as stream:
        return GitHubOpenAPI(json.load(stream))
