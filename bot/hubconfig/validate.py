"""``knada-bot validate``: the config rules as a command, for people at a terminal and as the config repo's
PR check.

A PATH is a repo checkout (a directory with ``configs/``: every ``configs/*.yaml`` and ``*.yml`` in it is
checked, and the rules across files run over all of them) or a config file. A file in a ``configs/``
directory is checked under its path in that repo (``configs/kyrre.yaml``), and files of one repo are checked
together; any other file is checked as it is named, and is told where it belongs.

Findings are printed with the path as the user can open it from where the command ran (the PATH given,
joined with the file's place in the repo), so that editors and GitHub annotations find the file.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.catalog import text
from bot.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from bot.hubconfig.findings import Finding, Severity
from bot.hubconfig.model import CONFIG_DIR
from bot.hubconfig.policy import Policy
from bot.hubconfig.rules import check_files

FORMATS = ("text", "github", "json")


class _UsageError(Exception):
    """The command cannot run as asked; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Repo:
    """Files of one repo checkout (or loose files outside any ``configs/``), by path in the repo."""

    files: dict[str, str] = field(default_factory=dict)  # repo path -> file to read
    shown_as: dict[str, str] = field(default_factory=dict)  # repo path -> path as printed


def run_validate(paths: list[str], fmt: str, policy_path: str | None) -> int:
    """Check the config files under ``paths`` and print the findings in ``fmt``; the exit code."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    try:
        policy = _load_policy(policy_path or os.environ.get("KNADA_POLICY") or None)
        repos = _collect(paths or ["."])
        findings, checked = _check(repos, policy)
    except _UsageError as error:
        print(error.message, file=sys.stderr)
        return EXIT_USAGE
    _print(findings, checked, fmt)
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for _, f in findings) else EXIT_OK


def _load_policy(path: str | None) -> Policy:
    try:
        return Policy.load(path)
    except ValidationError as error:
        reason = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'policy'}: {e['msg']}" for e in error.errors())
    except OSError as error:
        reason = error.strerror or str(error)
    except (ValueError, yaml.YAMLError) as error:
        reason = " ".join(str(error).split())
    raise _UsageError(text("validate.bad-policy", path=path, reason=reason))


def _collect(paths: list[str]) -> list[_Repo]:
    """The files to check, grouped by the repo they belong to (rules across files run within a repo)."""
    repos: dict[Path | None, _Repo] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            if (path / CONFIG_DIR).is_dir():
                configs, configs_given = path / CONFIG_DIR, os.path.join(given, CONFIG_DIR)
            elif path.resolve().name == CONFIG_DIR:
                configs, configs_given = path, given
            else:
                raise _UsageError(text("validate.not-a-repo", path=given))
            repo = repos.setdefault(configs.resolve().parent, _Repo())
            # scandir and plain strings: a checkout can hold thousands of configs, and Path objects
            # cost more to sort than the files cost to check.
            with os.scandir(configs) as entries:
                names = sorted(e.name for e in entries if e.name.endswith((".yaml", ".yml")) and e.is_file())
            for name in names:
                in_repo = f"{CONFIG_DIR}/{name}"
                repo.files.setdefault(in_repo, os.path.join(configs, name))
                repo.shown_as.setdefault(in_repo, os.path.normpath(os.path.join(configs_given, name)))
        elif path.is_file():
            resolved = path.resolve()
            if resolved.parent.name == CONFIG_DIR:
                repo = repos.setdefault(resolved.parent.parent, _Repo())
                in_repo = f"{CONFIG_DIR}/{resolved.name}"
            else:
                repo = repos.setdefault(None, _Repo())
                in_repo = given
            repo.files.setdefault(in_repo, given)
            repo.shown_as.setdefault(in_repo, given)
        else:
            raise _UsageError(text("validate.no-such-path", path=given))
    return list(repos.values())


def _check(repos: list[_Repo], policy: Policy) -> tuple[list[tuple[str, Finding]], int]:
    """Every finding with the path it is printed under, sorted as printed; and how many files were read."""
    findings: list[tuple[str, Finding]] = []
    checked = 0
    for repo in repos:
        contents: dict[str, bytes] = {}
        for in_repo, file in repo.files.items():
            try:
                with open(file, "rb") as opened:
                    contents[in_repo] = opened.read()
            except OSError as error:
                reason = error.strerror or str(error)
                raise _UsageError(
                    text("validate.unreadable", path=repo.shown_as[in_repo], reason=reason)
                ) from error
        checked += len(contents)
        result = check_files(contents, policy)
        findings.extend((repo.shown_as[f.file], f) for f in result.findings)
    findings.sort(key=lambda item: (item[0], item[1].line, item[1].column, item[1].code))
    return findings, checked


def _print(findings: list[tuple[str, Finding]], checked: int, fmt: str) -> None:
    if fmt == "json":
        rows = [
            {
                "code": f.code,
                "severity": str(f.severity),
                "file": shown,
                "line": f.line,
                "column": f.column,
                "key": f.key,
                "message": f.message(),
            }
            for shown, f in findings
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    lines = []
    for shown, f in findings:
        if fmt == "github":
            # Workflow commands: the message is "data", file and title are "properties" (see GitHub's
            # docs on workflow commands); unescaped, a comma or newline would cut the annotation short.
            properties = ",".join(
                f"{name}={_escape_property(str(value))}"
                for name, value in (("file", shown), ("line", f.line), ("col", f.column), ("title", f.code))
            )
            lines.append(f"::{f.severity} {properties}::{_escape_data(f.message())}")
        else:
            lines.append(f"{shown}:{f.line}:{f.column}: {f.severity} {f.code}: {f.message()}")
    errors = sum(1 for _, f in findings if f.severity is Severity.ERROR)
    lines.append(
        text(
            "validate.summary",
            files=_count("files", checked),
            errors=_count("errors", errors),
            warnings=_count("warnings", len(findings) - errors),
        )
    )
    print("\n".join(lines))


def _count(noun: str, count: int) -> str:
    return text(f"validate.{noun}.{'one' if count == 1 else 'other'}", count=count)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
