"""A fake GitHub for tests: enough of the REST API for PyGithub to do what knada-bot does, over a real socket.

Branches, commits and files live in a real bare git repository (``git_dir``) driven with git's plumbing, so
shas are real and ``git`` can inspect what the bot did. Pull requests, reviews, check runs, statuses and
labels live in memory. Every request and response is checked against GitHub's own OpenAPI description
(``tests.fakes.openapi``); mismatches land in ``violations``, which tests assert to be empty.

What GitHub and people do outside the API (a check run finishing, a code owner approving, someone merging
in the web UI, main moving on) are methods here; each sends the signed webhook GitHub would send when
``webhook_url`` is set. Deliveries go out from one background thread, in order, like GitHub's hookshot:
API-triggered ones after the response is written (so a webhook never overtakes the answer to the request
that caused it), and the test helpers wait until their own deliveries were answered.

Behaviour copied from GitHub on purpose, because client code must cope with it:
- ``mergeable`` is null on the first GET after a PR is opened or its base or head moves; computed (with
  ``git merge-tree``) on the GET after that.
- ``GET /pulls?head=branch`` without the ``owner:`` prefix ignores the filter and lists every PR.
- ``GET /tarball/{ref}`` answers 302 to a short-lived URL (on the fake itself, as GitHub's codeload).
- Deleting the head branch of an open PR closes the PR.

Faults (``inject(Fault(...))``) are deterministic: the next ``times`` requests whose method and path (without
query) match answer with the fault; ``lost-response`` performs the request, then answers 502.

Beyond the agreed surface, tests may use: ``deliveries`` (every webhook attempt, with the receiver's status),
``redeliver(id)``, ``wait_for_deliveries()``, ``request_changes``, ``push`` (someone else's commit on a
branch), ``pull_for(branch)``, ``check_runs`` and ``statuses``, and the base branch's protection
(``required_approvals``, ``required_checks``, ``require_up_to_date``), which the merge endpoint enforces and
the ``merge`` helper (an admin in the web UI) does not. API ``url``s point at the fake; ``html_url``s at
https://github.com, as a user would see them.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import subprocess
import tempfile
import threading
import time
import traceback
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization

from bot.hubconfig.policy import DEFAULT_POLICY
from bot.hubconfig.rules import check_files
from bot.hubconfig.snapshot import is_config_path
from tests.fakes.openapi import GitHubOpenAPI, github_openapi

WEB_URL = "https://github.com"
DOCS_URL = "https://docs.github.com/rest"
RATE_LIMIT = 5000
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
ZERO_SHA = "0" * 40
_CODELOAD_PREFIX = "/_codeload/"
_SHA_RE = re.compile(r"^[0-9a-f]{40}$")
_ENC_LINE_RE = re.compile(rb"\.enc: ", re.MULTILINE)

# webhooks go straight to the receiver, whatever proxy the environment names
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))

FaultKind = Literal["502", "secondary-rate-limit", "primary-rate-limit", "lost-response"]


@dataclass
class Fault:
    """Answer the next ``times`` requests matching ``method`` ("*" for any) and ``path_regex`` (searched in
    the path without its query) with a fault. ``retry_after`` is the wait GitHub asks for (rate limits).
    ``status`` overrides the primary rate limit's 403 (GitHub also answers 429)."""

    kind: FaultKind
    method: str = "*"
    path_regex: str = ".*"
    times: int = 1
    retry_after: int = 0
    status: int | None = None

    def matches(self, method: str, path: str) -> bool:
        return (
            self.times > 0
            and self.method in ("*", method.upper())
            and re.search(self.path_regex, path) is not None
        )


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # as sent, percent-encoded, without the query
    query: dict[str, list[str]]
    status: int
    request_json: Any
    response_json: Any
    operation_id: str | None  # GitHub's operationId ("pulls/create"), None for codeload and unknown paths
    fault: str | None = None  # the injected fault's kind, if one answered


@dataclass
class Delivery:
    """One webhook delivery attempt (a redelivery is a new attempt with the same ``id``)."""

    id: str
    event: str
    payload: dict[str, Any]
    body: bytes
    headers: dict[str, str]
    redelivery: bool = False
    status: int | None = None  # the receiver's HTTP status; None if it could not be reached
    error: str | None = None

    @property
    def action(self) -> str | None:
        return self.payload.get("action")


@dataclass
class FakeReview:
    id: int
    user: str
    state: Literal["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"]
    body: str
    commit_id: str
    submitted_at: str


@dataclass
class FakeComment:
    id: int
    user: str
    body: str
    created_at: str


@dataclass
class FakeCheckRun:
    id: int
    suite_id: int
    name: str
    head_sha: str
    conclusion: str | None
    started_at: str
    completed_at: str | None
    title: str | None
    summary: str | None
    text: str | None = None

    @property
    def status(self) -> str:
        return "completed" if self.conclusion else "in_progress"


@dataclass
class FakeStatus:
    id: int
    sha: str
    context: str
    state: Literal["error", "failure", "pending", "success"]
    target_url: str | None
    description: str | None
    creator: str
    created_at: str


@dataclass
class FakePull:
    number: int
    id: int
    title: str
    body: str | None
    head: str  # branch name in this repository
    base: str
    user: str
    head_sha: str  # the head branch's sha, kept when the branch is gone
    base_sha: str
    draft: bool = False
    state: Literal["open", "closed"] = "open"
    merged: bool = False
    labels: list[str] = field(default_factory=list)
    reviews: list[FakeReview] = field(default_factory=list)
    comments: list[FakeComment] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""
    closed_at: str | None = None
    merged_at: str | None = None
    merged_by: str | None = None
    merge_commit_sha: str | None = None
    # the (base sha, head sha) whose mergeability a GET has asked for; GitHub computes it in the background
    mergeable_for: tuple[str, str] | None = None

    @property
    def approved_by(self) -> list[str]:
        latest: dict[str, str] = {}
        for review in self.reviews:
            if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
                latest[review.user] = review.state
        return [user for user, state in latest.items() if state == "APPROVED"]


class GitError(RuntimeError):
    pass


class _ApiError(Exception):
    """An error answer in GitHub's shape: ``{"message", "documentation_url", "status"[, "errors"]}``."""

    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message": self.message,
            "documentation_url": DOCS_URL,
            "status": str(self.status),
        }
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def _not_found() -> _ApiError:
    return _ApiError(404, "Not Found")


def _invalid(resource: str, field_name: str, code: str = "invalid") -> _ApiError:
    return _ApiError(422, "Validation Failed", [{"resource": resource, "field": field_name, "code": code}])


@dataclass
class _Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # a non-JSON body (the tarball)
    validate: bool = True  # False for answers that apply to any operation (auth, faults)

    def payload(self) -> bytes:
        if self.raw is not None:
            return self.raw
        if self.body is None:
            return b""
        return json.dumps(self.body).encode()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _node_id(kind: str, number: int) -> str:
    return base64.b64encode(f"0{len(kind)}:{kind}{number}".encode()).decode()


def _b64_lines(data: bytes) -> str:
    """Base64 in 60-column lines, as GitHub's contents and blobs APIs return it."""
    encoded = base64.b64encode(data).decode()
    return "".join(encoded[i : i + 60] + "\n" for i in range(0, len(encoded), 60))


# -- the git repository --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    name: str
    email: str
    date: str | None = None  # ISO 8601; None: now


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    tree: str
    parents: tuple[str, ...]
    author: Identity
    committer: Identity
    message: str


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    type: str
    sha: str
    size: int | None
    path: str


def _git_date(raw: str) -> str:
    """``1700000000 +0100`` (git's raw date) as ISO 8601 UTC, as GitHub shows commit dates."""
    seconds, _, _ = raw.partition(" ")
    return datetime.fromtimestamp(int(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class GitRepo:
    """A bare repository and the plumbing the fake needs, run through the ``git`` command line."""

    def __init__(self, git_dir: Path, initial_branch: str) -> None:
        self.git_dir = git_dir
        # the host's git config (signing, hooks, default branch names) must not leak into the fake
        self._env = {
            **os.environ,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
        }
        if not (git_dir / "HEAD").exists():
            git_dir.mkdir(parents=True, exist_ok=True)
            self.run("init", "--quiet", "--bare", f"--initial-branch={initial_branch}", str(git_dir))
        # Refs as last read, valid while only this object writes them (it drops the cache on every write);
        # ``forget_refs`` drops it too, for callers that entered from outside (each request and helper).
        self._refs: dict[str, str] | None = None
        self._commits: dict[str, CommitInfo] = {}  # commits never change
        self._answers: dict[tuple[str, ...], Any] = {}

    def run(
        self,
        *args: str,
        data: bytes | None = None,
        env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,),
    ) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", *args],
            input=data,
            capture_output=True,
            env={**self._env, **(env or {})},
            check=False,
        )
        if done.returncode not in ok:
            raise GitError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
        return done

    def out(self, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> str:
        return self.run(*args, data=data, env=env).stdout.decode().strip()

    def resolve(self, rev: str, kind: str = "commit") -> str | None:
        """The sha of ``rev`` peeled to ``kind`` (commit, tree, blob), or None."""
        if rev.startswith("-"):
            return None
        done = self.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{{kind}}}", ok=(0, 1, 128)
        )
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def object_type(self, sha: str) -> str | None:
        if not _SHA_RE.match(sha):
            return None
        done = self.run("cat-file", "-t", sha, ok=(0, 1, 128))
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def forget_refs(self) -> None:
        self._refs = None

    def _all_refs(self) -> dict[str, str]:
        if self._refs is None:
            text = self.out("for-each-ref", "--format=%(refname) %(objectname)")
            self._refs = dict(line.split(" ", 1) for line in text.splitlines())
        return self._refs

    def ref(self, name: str) -> str | None:
        """The sha a full ref name (``refs/heads/main``) points at, or None. Exact: no DWIM, no prefixes."""
        return self._all_refs().get(name)

    def refs(self, prefix: str = "refs/") -> dict[str, str]:
        return {name: sha for name, sha in sorted(self._all_refs().items()) if name.startswith(prefix)}

    def update_ref(self, name: str, new: str, old: str | None = None) -> None:
        self._refs = None
        # the old value makes the update a compare-and-swap, like GitHub's
        self.run("update-ref", name, new, *([old] if old else []))

    def delete_ref(self, name: str, old: str | None = None) -> None:
        self._refs = None
        self.run("update-ref", "-d", name, *([old] if old else []))

    def write_blob(self, data: bytes) -> str:
        return self.out("hash-object", "-w", "--stdin", data=data)

    def write_files(self, paths: list[Path]) -> list[str]:
        """Blobs for files on disk, in one git call."""
        listed = "".join(f"{path}\n" for path in paths).encode()
        return self.out("hash-object", "-w", "--stdin-paths", data=listed).split()

    def read_blob(self, sha: str) -> bytes:
        return self.run("cat-file", "blob", sha).stdout

    def blob_size(self, sha: str) -> int:
        return int(self.out("cat-file", "-s", sha))

    def tree_entries(self, tree: str, recursive: bool = False) -> list[TreeEntry]:
        args = ["ls-tree", "-l", "-z", *(["-r", "-t"] if recursive else []), tree]
        entries = []
        for record in self.run(*args).stdout.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, kind, sha, size = meta.decode().split()
            entries.append(TreeEntry(mode, kind, sha, None if size == "-" else int(size), path.decode()))
        return entries

    def entry(self, commit: str, path: str) -> TreeEntry | None:
        """The tree entry at ``path`` in ``commit`` (a file or a directory), or None."""
        path = path.strip("/")
        if not path:
            tree = self.resolve(commit, "tree")
            return TreeEntry("040000", "tree", tree, None, "") if tree else None
        done = self.run("ls-tree", "-l", "-z", commit, "--", path, ok=(0, 128))
        for record in done.stdout.split(b"\0"):
            meta, _, found = record.partition(b"\t")
            if found.decode() == path:
                mode, kind, sha, size = meta.decode().split()
                return TreeEntry(mode, kind, sha, None if size == "-" else int(size), path)
        return None

    def file(self, rev: str, path: str) -> bytes | None:
        commit = self.resolve(rev)
        if commit is None:
            return None
        entry = self.entry(commit, path)
        if entry is None or entry.type != "blob":
            return None
        return self.read_blob(entry.sha)

    def write_tree(self, base_tree: str | None, changes: dict[str, tuple[str, str, str] | None]) -> str:
        """A new tree: ``base_tree`` with ``changes`` applied, ``path -> (mode, type, sha)`` or None to remove
        the path (a file, or a directory with everything in it). Built in a throwaway index."""
        with tempfile.TemporaryDirectory(prefix="fake-github-index-") as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            self.run("read-tree", base_tree or "--empty", env=env)
            listed = self.run("ls-files", "-z", env=env).stdout.split(b"\0")
            present = [p.decode() for p in listed if p]
            removals = []
            for path in changes:
                removals += [p for p in present if p == path or p.startswith(path + "/")]
            blobs = []
            for path in removals:
                blobs.append(f"0 {ZERO_SHA}\t{path}")
            subtrees = []
            for path, change in changes.items():
                if change is None:
                    continue
                mode, kind, sha = change
                if kind == "tree":
                    subtrees.append((path, sha))
                else:
                    blobs.append(f"{mode} {sha}\t{path}")
            if blobs:
                self.run(
                    "update-index", "-z", "--index-info", data="\0".join(blobs).encode() + b"\0", env=env
                )
            for path, sha in subtrees:
                self.run("read-tree", f"--prefix={path}/", sha, env=env)
            return self.out("write-tree", env=env)

    def commit(
        self, tree: str, parents: list[str], message: str, author: Identity, committer: Identity
    ) -> str:
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": committer.name,
            "GIT_COMMITTER_EMAIL": committer.email,
        }
        if author.date:
            env["GIT_AUTHOR_DATE"] = author.date
        if committer.date:
            env["GIT_COMMITTER_DATE"] = committer.date
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        # stdin keeps the message byte-exact (``-m`` would be re-wrapped into paragraphs)
        return self.out(*args, data=message.encode(), env=env)

    def commit_info(self, sha: str) -> CommitInfo:
        if sha not in self._commits:
            self._commits[sha] = self._read_commit(sha)
        return self._commits[sha]

    def _read_commit(self, sha: str) -> CommitInfo:
        raw = self.run("cat-file", "commit", sha).stdout.decode()
        header, _, message = raw.partition("\n\n")
        tree, parents, people = "", [], {}
        for line in header.splitlines():
            key, _, value = line.partition(" ")
            if key == "tree":
                tree = value
            elif key == "parent":
                parents.append(value)
            elif key in ("author", "committer"):
                found = re.match(r"^(.*) <(.*)> (\d+ [+-]\d{4})$", value)
                if found:
                    people[key] = Identity(found[1], found[2], _git_date(found[3]))
        return CommitInfo(sha, tree, tuple(parents), people["author"], people["committer"], message)

    def _remembered(self, key: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        """Answers about commits (by sha) never change; a PR's JSON needs the same ones on every GET."""
        if key not in self._answers:
            self._answers[key] = compute()
        return self._answers[key]

    def merge_base(self, a: str, b: str) -> str | None:
        def compute() -> str | None:
            return self.run("merge-base", a, b, ok=(0, 1)).stdout.decode().strip() or None

        return self._remembered(("merge-base", a, b), compute)

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        return self.run("merge-base", "--is-ancestor", ancestor, descendant, ok=(0, 1)).returncode == 0

    def merge_tree(self, base: str, head: str) -> str | None:
        """The tree of merging ``head`` into ``base``, or None when they conflict."""

        def compute() -> str | None:
            done = self.run("merge-tree", "--write-tree", "--no-messages", base, head, ok=(0, 1))
            return done.stdout.decode().split("\n", 1)[0].strip() if done.returncode == 0 else None

        return self._remembered(("merge-tree", base, head), compute)

    def count_commits(self, base: str, head: str) -> int:
        return self._remembered(
            ("rev-list", base, head), lambda: int(self.out("rev-list", "--count", f"{base}..{head}"))
        )

    def diff_stat(self, base: str, head: str) -> tuple[int, int, int]:
        """(additions, deletions, changed files) between two commits."""

        def compute() -> tuple[int, int, int]:
            additions = deletions = files = 0
            for line in self.out("diff", "--numstat", base, head).splitlines():
                added, deleted, _ = line.split("\t", 2)
                files += 1
                additions += int(added) if added != "-" else 0
                deletions += int(deleted) if deleted != "-" else 0
            return additions, deletions, files

        return self._remembered(("diff", base, head), compute)

    def changed_files(self, base: str, head: str) -> list[tuple[str, str, int, int]]:
        """(status letter, path, additions, deletions) per file changed from ``base`` to ``head``."""
        status = {}
        fields = (
            self.run("diff", "--no-renames", "--name-status", "-z", base, head).stdout.decode().split("\0")
        )
        for letter, path in zip(fields[0::2], fields[1::2], strict=False):
            if path:
                status[path] = letter
        changed = []
        for line in self.out("diff", "--no-renames", "--numstat", base, head).splitlines():
            added, deleted, path = line.split("\t", 2)
            changed.append(
                (
                    status.get(path, "M"),
                    path,
                    int(added) if added != "-" else 0,
                    int(deleted) if deleted != "-" else 0,
                )
            )
        return changed

    def archive(self, commit: str, prefix: str) -> bytes:
        return self.run("archive", "--format=tar.gz", f"--prefix={prefix}", commit).stdout


# -- the fake ------------------------------------------------------------------------------------------------


class FakeGitHub:
    """See the module docstring. Use as a context manager, or ``start()`` / ``stop()``."""

    def __init__(
        self,
        root: Path,
        *,
        owner: str = "navikt",
        repo: str = "knada-jupyterhub",
        base_branch: str = "main",
        seed: Path | None = None,
        token: str = "ghs_fake_token",
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        app_private_key_pem: bytes | None = None,
        app_id: int | None = None,
    ) -> None:
        self.owner, self.repo, self.base_branch = owner, repo, base_branch
        self.full_name = f"{owner}/{repo}"
        self.token = token
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.app_id = app_id
        self._app_public_key = (
            serialization.load_pem_private_key(app_private_key_pem, password=None).public_key()
            if app_private_key_pem
            else None
        )
        self.installation_id = 40001
        self.bot_login = "knada-bot[bot]"  # who a token or an installation token acts as
        # branch protection of the base branch, as the config repo has it; tests may change these
        self.required_approvals = 1
        self.required_checks: tuple[str, ...] = ("validate",)
        self.require_up_to_date = False

        self.api: GitHubOpenAPI = github_openapi()
        self.git_dir = Path(root) / f"{repo}.git"
        self.git = GitRepo(self.git_dir, base_branch)
        self.base_url = ""

        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self.deliveries: list[Delivery] = []
        self.pulls: dict[int, FakePull] = {}
        self.check_runs: list[FakeCheckRun] = []
        self.statuses: list[FakeStatus] = []
        self.faults: list[Fault] = []

        self._lock = threading.RLock()
        self._next_id = 1000
        self._user_ids: dict[str, int] = {owner: 1}
        self._label_ids: dict[str, int] = {}
        self._suite_ids: dict[str, int] = {}
        self._installation_tokens: dict[str, float] = {}  # token -> expiry (epoch seconds)
        self._codeload_tokens: dict[str, float] = {}
        self._current_path = ""  # the path of the request being handled, for pagination links
        self._rate_used = 0
        self._rate_reset = int(time.time()) + 3600
        self._created_at = _now()

        self._server: ThreadingHTTPServer | None = None
        self._server_thread: threading.Thread | None = None
        self._outbox: list[tuple[str, dict[str, Any]]] = []  # webhooks raised by the request being handled
        self._queue: list[tuple[str, dict[str, Any], str, bool]] = []
        self._queue_cv = threading.Condition()
        self._in_flight = 0
        self._deliverer: threading.Thread | None = None
        self._stopping = False

        if self.git.ref(f"refs/heads/{base_branch}") is None:
            self._seed(seed)

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._server_thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-github", daemon=True
        )
        self._server_thread.start()
        self._stopping = False
        self._deliverer = threading.Thread(target=self._deliver_loop, name="fake-github-hooks", daemon=True)
        self._deliverer.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._queue_cv:
            self._stopping = True
            self._queue_cv.notify_all()
        if self._deliverer is not None:
            self._deliverer.join(timeout=15)
            self._deliverer = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- inspection ------------------------------------------------------------------------------------------

    def count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        """Requests received, optionally only one method and/or paths starting with ``path_prefix``."""
        return sum(
            1
            for r in list(self.requests)
            if (method is None or r.method == method.upper())
            and (path_prefix is None or r.path.startswith(path_prefix))
        )

    def file(self, ref: str, path: str) -> bytes | None:
        """A file's content at a branch or sha, or None if it is not there."""
        with self._lock:
            self.git.forget_refs()
            return self.git.file(self._qualify(ref), path)

    def branches(self) -> dict[str, str]:
        with self._lock:
            self.git.forget_refs()
            return {
                name.removeprefix("refs/heads/"): sha for name, sha in self.git.refs("refs/heads/").items()
            }

    def pull_for(self, branch: str) -> FakePull | None:
        """The newest PR whose head is ``branch``."""
        found = [p for p in self.pulls.values() if p.head == branch]
        return max(found, key=lambda p: p.number) if found else None

    def inject(self, rule: Fault) -> None:
        with self._lock:
            self.faults.append(rule)

    # -- what GitHub and people do (each sends its webhook) --------------------------------------------------

    def run_checks(self, number: int) -> str:
        """The config repo's PR check on the PR head: knada-bot's validator; on success a new config gets its
        encrypted ``secretToken.enc`` line in a commit pushed to the PR branch. Returns the conclusion."""
        with self._outbox_sent():
            pull = self._pull(number)
            head = self._branch_sha(pull.head) or pull.head_sha
            files = {
                entry.path: self.git.read_blob(entry.sha)
                for entry in self.git.tree_entries(head, recursive=True)
                if entry.type == "blob" and is_config_path(entry.path)
            }
            started = _now()
            errors = check_files(files, DEFAULT_POLICY).errors
            if errors:
                conclusion, title = "failure", f"{len(errors)} error(s) in the hub configs"
                summary = "\n".join(f"{f.location()}: {f.code}: {f.message('en')}" for f in errors)
            else:
                head = self._add_encrypted_tokens(pull, head, files)
                conclusion, title = "success", "All hub configs are valid"
                summary = f"{len(files)} config(s) checked."
            run = FakeCheckRun(
                id=self._new_id(),
                suite_id=self._suite_id(head),
                name="validate",
                head_sha=head,
                conclusion=conclusion,
                started_at=started,
                completed_at=_now(),
                title=title,
                summary=summary,
            )
            self.check_runs.append(run)
            sender = "github-actions[bot]"
            self._emit("check_run", {"action": "completed", "check_run": self._check_run_json(run)}, sender)
            self._emit("check_suite", {"action": "completed", "check_suite": self._suite_json(head)}, sender)
            return conclusion

    def set_status(self, sha: str, context: str, state: str, target_url: str | None = None) -> None:
        """A legacy commit status (CI systems other than Actions), with its ``status`` webhook."""
        if state not in ("error", "failure", "pending", "success"):
            raise ValueError(f"state must be error, failure, pending or success, not {state!r}")
        with self._outbox_sent():
            commit = self.git.resolve(sha)
            if commit is None:
                raise ValueError(f"no commit {sha!r}")
            status = FakeStatus(
                id=self._new_id(),
                sha=commit,
                context=context,
                state=state,  # type: ignore[arg-type]
                target_url=target_url,
                description=f"{context}: {state}",
                creator="ci-bot",
                created_at=_now(),
            )
            self.statuses.append(status)
            self._emit("status", self._status_event(status), "ci-bot")

    def approve(self, number: int, user: str = "nada-owner") -> None:
        self._review(number, user, "APPROVED", "Ser bra ut.")

    def request_changes(self, number: int, user: str = "nada-owner", body: str = "Please fix.") -> None:
        self._review(number, user, "CHANGES_REQUESTED", body)

    def merge(self, number: int, user: str = "nada-owner", method: str = "merge") -> str:
        """Someone merges in the web UI (branch protection is theirs to bypass). Returns the merge commit."""
        with self._outbox_sent():
            pull = self._pull(number)
            if pull.state != "open":
                raise ValueError(f"PR #{number} is {pull.state}")
            return self._merge(pull, user, method, None, None)

    def close(self, number: int, user: str = "nada-owner") -> None:
        with self._outbox_sent():
            pull = self._pull(number)
            if pull.state == "open":
                self._close(pull, user)

    def commit_to_base(
        self, path: str, content: bytes | None, message: str = "Update from another pull request"
    ) -> str:
        """The base branch moves on (someone else's PR merged): write or delete one file. Returns the sha."""
        with self._outbox_sent():
            ref = f"refs/heads/{self.base_branch}"
            parent = self.git.ref(ref)
            assert parent is not None
            tree = self._tree_with(parent, {path: content})
            person = self._identity("nada-owner")
            sha = self.git.commit(tree, [parent], message, person, person)
            self._move_ref(ref, sha, parent, "nada-owner")
            return sha

    def push(
        self, branch: str, files: dict[str, bytes | None], message: str, user: str = "nada-owner"
    ) -> str:
        """Someone pushes one commit to ``branch`` (created from the base if missing). Returns the sha."""
        with self._outbox_sent():
            ref = f"refs/heads/{branch}"
            parent = self.git.ref(ref) or self.git.ref(f"refs/heads/{self.base_branch}")
            assert parent is not None
            person = self._identity(user)
            sha = self.git.commit(self._tree_with(parent, files), [parent], message, person, person)
            self._move_ref(ref, sha, self.git.ref(ref), user)
            return sha

    def redeliver(self, delivery_id: str) -> Delivery:
        """Send a past delivery again, same id and body, as GitHub's "Redeliver" button does."""
        original = next((d for d in self.deliveries if d.id == delivery_id), None)
        if original is None:
            raise LookupError(f"no webhook delivery {delivery_id!r} was sent")
        with self._queue_cv:
            self._queue.append((original.event, original.payload, original.id, True))
            self._in_flight += 1
            self._queue_cv.notify_all()
        self.wait_for_deliveries()
        return next(d for d in reversed(self.deliveries) if d.id == delivery_id)

    def wait_for_deliveries(self, timeout: float = 15.0) -> None:
        """Block until every queued webhook has been answered (or failed)."""
        deadline = time.monotonic() + timeout
        with self._queue_cv:
            while self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{self._in_flight} webhook deliveries still pending")
                self._queue_cv.wait(left)

    # -- seeding and git helpers -----------------------------------------------------------------------------

    def _seed(self, seed: Path | None) -> None:
        changes: dict[str, tuple[str, str, str] | None] = {}
        if seed is not None:
            paths = [
                path
                for path in sorted(Path(seed).rglob("*"))
                if path.is_file() and ".git" not in path.relative_to(seed).parts
            ]
            for path, blob in zip(paths, self.git.write_files(paths), strict=True):
                changes[path.relative_to(seed).as_posix()] = ("100644", "blob", blob)
        if changes:
            tree = self.git.write_tree(None, changes)
        else:
            tree = self.git.out("hash-object", "-w", "-t", "tree", "--stdin", data=b"")
        person = self._identity(self.owner)
        sha = self.git.commit(tree, [], "Initial commit", person, person)
        self.git.update_ref(f"refs/heads/{self.base_branch}", sha)

    def _tree_with(self, commit: str | None, files: dict[str, bytes | None]) -> str:
        changes: dict[str, tuple[str, str, str] | None] = {}
        for path, content in files.items():
            changes[path] = None if content is None else ("100644", "blob", self.git.write_blob(content))
        base = self.git.resolve(commit, "tree") if commit else None
        return self.git.write_tree(base, changes)

    def _identity(self, login: str, date: str | None = None) -> Identity:
        uid = self._user_id(login)
        return Identity(login, f"{uid}+{login}@users.noreply.github.com", date)

    def _qualify(self, ref: str) -> str:
        """A branch name, tag or sha as a revision git understands (branches win, as on GitHub)."""
        if self.git.ref(f"refs/heads/{ref}"):
            return f"refs/heads/{ref}"
        if self.git.ref(f"refs/tags/{ref}"):
            return f"refs/tags/{ref}"
        return ref

    def _branch_sha(self, branch: str) -> str | None:
        return self.git.ref(f"refs/heads/{branch}")

    def _move_ref(self, ref: str, new: str | None, old: str | None, actor: str) -> None:
        """Every ref change goes through here, so PRs follow their branches (synchronize, close)."""
        if new is None:
            self.git.delete_ref(ref, old)
        else:
            self.git.update_ref(ref, new, old)
        if not ref.startswith("refs/heads/"):
            return
        branch = ref.removeprefix("refs/heads/")
        for pull in self.pulls.values():
            if pull.state != "open":
                continue
            if pull.head == branch:
                before = pull.head_sha
                if new is None:
                    self._close(pull, actor)
                elif new != before:
                    pull.head_sha = new
                    pull.updated_at = _now()
                    self._emit(
                        "pull_request",
                        {"action": "synchronize", "before": before, "after": new, **self._pr_event(pull)},
                        actor,
                    )
            if pull.base == branch and new is not None:
                pull.base_sha = new

    def _add_encrypted_tokens(self, pull: FakePull, head: str, files: dict[str, bytes]) -> str:
        """What the config repo's check does to a new config: append ``secretToken.enc: <base64>`` (an
        openssl-salted ciphertext in real life) in a commit pushed to the PR branch."""
        base = self.git.merge_base(head, self._branch_sha(pull.base) or pull.base_sha)
        changes: dict[str, bytes | None] = {}
        for path, content in sorted(files.items()):
            if not path.endswith(".yaml") or _ENC_LINE_RE.search(content):
                continue
            if base is not None and self.git.entry(base, path) is not None:
                continue  # not added by this PR
            secret = hashlib.sha256(f"{path}@{head}".encode()).digest()
            token = base64.b64encode(b"Salted__" + secret[:8] + hashlib.sha256(secret).digest()).decode()
            changes[path] = content + f"secretToken.enc: {token}\n".encode()
        if not changes:
            return head
        actor = "github-actions[bot]"
        person = self._identity(actor)
        sha = self.git.commit(
            self._tree_with(head, changes), [head], "Add encrypted secret token", person, person
        )
        self._move_ref(f"refs/heads/{pull.head}", sha, head, actor)
        return sha

    # -- ids, users, small builders --------------------------------------------------------------------------

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _user_id(self, login: str) -> int:
        if login not in self._user_ids:
            self._user_ids[login] = 100 + len(self._user_ids)
        return self._user_ids[login]

    def _suite_id(self, sha: str) -> int:
        if sha not in self._suite_ids:
            self._suite_ids[sha] = self._new_id()
        return self._suite_ids[sha]

    def _user_json(self, login: str) -> dict[str, Any]:
        uid = self._user_id(login)
        api = f"{self.base_url}/users/{quote(login)}"
        is_bot = login.endswith("[bot]")
        kind = "Organization" if login == self.owner else "Bot" if is_bot else "User"
        html = f"{WEB_URL}/apps/{login.removesuffix('[bot]')}" if is_bot else f"{WEB_URL}/{login}"
        return {
            "login": login,
            "id": uid,
            "node_id": _node_id(kind, uid),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": html,
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": kind,
            "user_view_type": "public",
            "site_admin": False,
        }

    @property
    def _repo_api(self) -> str:
        return f"{self.base_url}/repos/{self.full_name}"

    @property
    def _repo_html(self) -> str:
        return f"{WEB_URL}/{self.full_name}"

    def _repo_json(self) -> dict[str, Any]:
        api = self._repo_api
        open_count = sum(1 for p in self.pulls.values() if p.state == "open")
        base_sha = self._branch_sha(self.base_branch)
        pushed = self.git.commit_info(base_sha).committer.date if base_sha else self._created_at
        templates = {
            "archive_url": "/{archive_format}{/ref}",
            "assignees_url": "/assignees{/user}",
            "blobs_url": "/git/blobs{/sha}",
            "branches_url": "/branches{/branch}",
            "collaborators_url": "/collaborators{/collaborator}",
            "comments_url": "/comments{/number}",
            "commits_url": "/commits{/sha}",
            "compare_url": "/compare/{base}...{head}",
            "contents_url": "/contents/{+path}",
            "contributors_url": "/contributors",
            "deployments_url": "/deployments",
            "downloads_url": "/downloads",
            "events_url": "/events",
            "forks_url": "/forks",
            "git_commits_url": "/git/commits{/sha}",
            "git_refs_url": "/git/refs{/sha}",
            "git_tags_url": "/git/tags{/sha}",
            "hooks_url": "/hooks",
            "issue_comment_url": "/issues/comments{/number}",
            "issue_events_url": "/issues/events{/number}",
            "issues_url": "/issues{/number}",
            "keys_url": "/keys{/key_id}",
            "labels_url": "/labels{/name}",
            "languages_url": "/languages",
            "merges_url": "/merges",
            "milestones_url": "/milestones{/number}",
            "notifications_url": "/notifications{?since,all,participating}",
            "pulls_url": "/pulls{/number}",
            "releases_url": "/releases{/id}",
            "stargazers_url": "/stargazers",
            "statuses_url": "/statuses/{sha}",
            "subscribers_url": "/subscribers",
            "subscription_url": "/subscription",
            "tags_url": "/tags",
            "teams_url": "/teams",
            "trees_url": "/git/trees{/sha}",
        }
        return {
            "id": 123456789,
            "node_id": _node_id("Repository", 123456789),
            "name": self.repo,
            "full_name": self.full_name,
            "owner": self._user_json(self.owner),
            "private": True,
            "visibility": "private",
            "html_url": self._repo_html,
            "description": "JupyterHub configs for KNADA",
            "fork": False,
            "url": api,
            **{name: api + suffix for name, suffix in templates.items()},
            "git_url": f"git://github.com/{self.full_name}.git",
            "ssh_url": f"git@github.com:{self.full_name}.git",
            "clone_url": f"{self._repo_html}.git",
            "svn_url": self._repo_html,
            "mirror_url": None,
            "homepage": None,
            "language": None,
            "forks_count": 0,
            "forks": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "watchers": 0,
            "size": 0,
            "default_branch": self.base_branch,
            "open_issues_count": open_count,
            "open_issues": open_count,
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": False,
            "has_wiki": False,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "pushed_at": pushed,
            "created_at": self._created_at,
            "updated_at": pushed,
            "permissions": {"admin": False, "maintain": False, "push": True, "triage": True, "pull": True},
            "allow_rebase_merge": False,
            "allow_squash_merge": True,
            "allow_merge_commit": True,
            "allow_auto_merge": False,
            "allow_update_branch": True,
            "allow_forking": False,
            "delete_branch_on_merge": False,
            "use_squash_pr_title_as_default": False,
            "squash_merge_commit_title": "COMMIT_OR_PR_TITLE",
            "squash_merge_commit_message": "COMMIT_MESSAGES",
            "merge_commit_title": "MERGE_MESSAGE",
            "merge_commit_message": "PR_TITLE",
            "web_commit_signoff_required": False,
            "license": None,
        }

    def _commit_url(self, sha: str) -> str:
        return f"{self._repo_api}/git/commits/{sha}"

    def _git_commit_json(self, sha: str) -> dict[str, Any]:
        info = self.git.commit_info(sha)
        return {
            "sha": sha,
            "node_id": _node_id("Commit", int(sha[:7], 16)),
            "url": self._commit_url(sha),
            "html_url": f"{self._repo_html}/commit/{sha}",
            "author": {"name": info.author.name, "email": info.author.email, "date": info.author.date},
            "committer": {
                "name": info.committer.name,
                "email": info.committer.email,
                "date": info.committer.date,
            },
            "message": info.message,
            "tree": {"sha": info.tree, "url": f"{self._repo_api}/git/trees/{info.tree}"},
            "parents": [
                {"sha": p, "url": self._commit_url(p), "html_url": f"{self._repo_html}/commit/{p}"}
                for p in info.parents
            ],
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        }

    def _ref_json(self, name: str, sha: str) -> dict[str, Any]:
        return {
            "ref": name,
            "node_id": _node_id("Ref", int(hashlib.sha1(name.encode()).hexdigest()[:7], 16)),
            "url": f"{self._repo_api}/git/{name}",
            "object": {"type": "commit", "sha": sha, "url": self._commit_url(sha)},
        }

    def _content_json(self, path: str, entry: TreeEntry, ref: str, with_content: bool) -> dict[str, Any]:
        kind = {"blob": "file", "tree": "dir", "commit": "submodule"}[entry.type]
        if entry.mode == "120000":
            kind = "symlink"
        api = f"{self._repo_api}/contents/{quote(path)}?ref={quote(ref, safe='')}"
        git_url = f"{self._repo_api}/git/{'trees' if kind == 'dir' else 'blobs'}/{entry.sha}"
        html = f"{self._repo_html}/{'tree' if kind == 'dir' else 'blob'}/{ref}/{path}"
        found = {
            "type": kind,
            "size": entry.size or 0,
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "sha": entry.sha,
            "url": api,
            "git_url": git_url,
            "html_url": html,
            "download_url": (
                f"https://raw.githubusercontent.com/{self.full_name}/{ref}/{path}" if kind == "file" else None
            ),
            "_links": {"self": api, "git": git_url, "html": html},
        }
        if with_content and kind == "file":
            found["content"] = _b64_lines(self.git.read_blob(entry.sha))
            found["encoding"] = "base64"
        return found

    def _label_json(self, name: str) -> dict[str, Any]:
        if name not in self._label_ids:
            self._label_ids[name] = self._new_id()
        label_id = self._label_ids[name]
        return {
            "id": label_id,
            "node_id": _node_id("Label", label_id),
            "url": f"{self._repo_api}/labels/{quote(name)}",
            "name": name,
            # a label made by adding it has no description; the PR list's schema wants a string for it
            "description": "",
            "color": hashlib.sha1(name.encode()).hexdigest()[:6],
            "default": False,
        }

    # -- pull requests ---------------------------------------------------------------------------------------

    def _pull(self, number: int | str) -> FakePull:
        try:
            return self.pulls[int(number)]
        except (KeyError, ValueError):
            raise _not_found() from None

    def _current_shas(self, pull: FakePull) -> tuple[str, str]:
        """(base sha, head sha) now: the branches' heads while open, what they were when it closed."""
        if pull.state == "open":
            return self._branch_sha(pull.base) or pull.base_sha, self._branch_sha(pull.head) or pull.head_sha
        return pull.base_sha, pull.head_sha

    def _check_state(self, sha: str) -> dict[str, str]:
        """Latest outcome per check name and status context at ``sha``: success, failure or pending."""
        outcomes: dict[str, str] = {}
        for run in sorted((r for r in self.check_runs if r.head_sha == sha), key=lambda r: r.id):
            if run.conclusion is None:
                outcomes[run.name] = "pending"
            else:
                outcomes[run.name] = (
                    "success" if run.conclusion in ("success", "neutral", "skipped") else "failure"
                )
        for status in sorted((s for s in self.statuses if s.sha == sha), key=lambda s: s.id):
            outcomes[status.context] = {"error": "failure"}.get(status.state, status.state)
        return outcomes

    def _mergeability(self, pull: FakePull, *, asking: bool) -> tuple[bool | None, str]:
        """GitHub's ``mergeable`` and ``mergeable_state``. Unknown (None) until a GET has asked for this
        (base, head) pair once; ``asking`` is true for exactly those GETs."""
        if pull.state != "open":
            return None, "unknown"
        key = self._current_shas(pull)
        if pull.mergeable_for != key:
            if asking:
                pull.mergeable_for = key
            return None, "unknown"
        base_sha, head_sha = key
        if self.git.merge_tree(base_sha, head_sha) is None:
            return False, "dirty"
        if pull.draft:
            return True, "draft"
        if self.require_up_to_date and not self.git.is_ancestor(base_sha, head_sha):
            return True, "behind"
        checks = self._check_state(head_sha)
        if len(pull.approved_by) < self.required_approvals or any(
            checks.get(name) != "success" for name in self.required_checks
        ):
            return True, "blocked"
        if any(outcome != "success" for outcome in checks.values()):
            return True, "unstable"
        return True, "clean"

    def _branch_json(self, branch: str, sha: str) -> dict[str, Any]:
        return {
            "label": f"{self.owner}:{branch}",
            "ref": branch,
            "sha": sha,
            "user": self._user_json(self.owner),
            "repo": self._repo_json(),
        }

    def _pull_json(self, pull: FakePull, *, full: bool = True, asking: bool = False) -> dict[str, Any]:
        api = f"{self._repo_api}/pulls/{pull.number}"
        issue = f"{self._repo_api}/issues/{pull.number}"
        html = f"{self._repo_html}/pull/{pull.number}"
        base_sha, head_sha = self._current_shas(pull)
        statuses = f"{self._repo_api}/statuses/{head_sha}"
        found: dict[str, Any] = {
            "url": api,
            "id": pull.id,
            "node_id": _node_id("PullRequest", pull.id),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": issue,
            "commits_url": f"{api}/commits",
            "review_comments_url": f"{api}/comments",
            "review_comment_url": f"{self._repo_api}/pulls/comments{{/number}}",
            "comments_url": f"{issue}/comments",
            "statuses_url": statuses,
            "number": pull.number,
            "state": pull.state,
            "locked": False,
            "active_lock_reason": None,
            "title": pull.title,
            "user": self._user_json(pull.user),
            "body": pull.body,
            "labels": [self._label_json(name) for name in pull.labels],
            "milestone": None,
            "created_at": pull.created_at,
            "updated_at": pull.updated_at,
            "closed_at": pull.closed_at,
            "merged_at": pull.merged_at,
            "merge_commit_sha": pull.merge_commit_sha,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [],
            "requested_teams": [],
            "head": self._branch_json(pull.head, head_sha),
            "base": self._branch_json(pull.base, base_sha),
            "_links": {
                "self": {"href": api},
                "html": {"href": html},
                "issue": {"href": issue},
                "comments": {"href": f"{issue}/comments"},
                "review_comments": {"href": f"{api}/comments"},
                "review_comment": {"href": f"{self._repo_api}/pulls/comments{{/number}}"},
                "commits": {"href": f"{api}/commits"},
                "statuses": {"href": statuses},
            },
            "author_association": "NONE" if pull.user.endswith("[bot]") else "MEMBER",
            "auto_merge": None,
            "draft": pull.draft,
        }
        if not full:
            return found
        mergeable, mergeable_state = self._mergeability(pull, asking=asking)
        merge_base = self.git.merge_base(base_sha, head_sha) or base_sha
        additions, deletions, changed = self.git.diff_stat(merge_base, head_sha)
        found.update(
            {
                "merged": pull.merged,
                "mergeable": mergeable,
                "rebaseable": None if mergeable is None else False,
                "mergeable_state": mergeable_state,
                "merged_by": self._user_json(pull.merged_by) if pull.merged_by else None,
                "comments": len(pull.comments),
                "review_comments": 0,
                "maintainer_can_modify": False,
                "commits": self.git.count_commits(merge_base, head_sha),
                "additions": additions,
                "deletions": deletions,
                "changed_files": changed,
            }
        )
        return found

    def _review_json(self, pull: FakePull, review: FakeReview) -> dict[str, Any]:
        html = f"{self._repo_html}/pull/{pull.number}#pullrequestreview-{review.id}"
        api = f"{self._repo_api}/pulls/{pull.number}"
        return {
            "id": review.id,
            "node_id": _node_id("PullRequestReview", review.id),
            "user": self._user_json(review.user),
            "body": review.body,
            "state": review.state,
            "html_url": html,
            "pull_request_url": api,
            "_links": {"html": {"href": html}, "pull_request": {"href": api}},
            "submitted_at": review.submitted_at,
            "commit_id": review.commit_id,
            "author_association": "MEMBER",
        }

    def _open_pull(
        self, title: str, body: str | None, head: str, base: str, draft: bool, user: str
    ) -> FakePull:
        head_sha, base_sha = self._branch_sha(head), self._branch_sha(base)
        if head_sha is None:
            raise _invalid("PullRequest", "head")
        if base_sha is None:
            raise _invalid("PullRequest", "base")
        for other in self.pulls.values():
            if other.state == "open" and other.head == head and other.base == base:
                raise _ApiError(
                    422,
                    "Validation Failed",
                    [
                        {
                            "resource": "PullRequest",
                            "code": "custom",
                            "message": f"A pull request already exists for {self.owner}:{head}.",
                        }
                    ],
                )
        if self.git.count_commits(base_sha, head_sha) == 0:
            raise _ApiError(
                422,
                "Validation Failed",
                [
                    {
                        "resource": "PullRequest",
                        "code": "custom",
                        "message": f"No commits between {base} and {head}",
                    }
                ],
            )
        number = max([0, *self.pulls]) + 1
        now = _now()
        pull = FakePull(
            number=number,
            id=self._new_id(),
            title=title,
            body=body,
            head=head,
            base=base,
            user=user,
            head_sha=head_sha,
            base_sha=base_sha,
            draft=draft,
            created_at=now,
            updated_at=now,
        )
        self.pulls[number] = pull
        self._emit("pull_request", {"action": "opened", **self._pr_event(pull)}, user)
        return pull

    def _close(self, pull: FakePull, actor: str) -> None:
        pull.base_sha, pull.head_sha = self._current_shas(pull)
        pull.state = "closed"
        pull.closed_at = pull.updated_at = _now()
        self._emit("pull_request", {"action": "closed", **self._pr_event(pull)}, actor)

    def _merge(self, pull: FakePull, actor: str, method: str, title: str | None, message: str | None) -> str:
        base_ref = f"refs/heads/{pull.base}"
        base_sha, head_sha = self._current_shas(pull)
        tree = self.git.merge_tree(base_sha, head_sha)
        if tree is None:
            raise _ApiError(405, "Pull Request is not mergeable")
        committer = Identity("GitHub", "noreply@github.com")
        if method == "squash":
            subject = title or f"{pull.title} (#{pull.number})"
            parents = [base_sha]
        else:
            subject = title or f"Merge pull request #{pull.number} from {self.owner}/{pull.head}"
            parents = [base_sha, head_sha]
        text = subject + "\n\n" + (message if message is not None else pull.title) + "\n"
        sha = self.git.commit(tree, parents, text, self._identity(actor), committer)
        now = _now()
        pull.state, pull.merged = "closed", True
        pull.merged_at = pull.closed_at = pull.updated_at = now
        pull.merged_by, pull.merge_commit_sha = actor, sha
        pull.base_sha, pull.head_sha = base_sha, head_sha
        self._move_ref(base_ref, sha, base_sha, actor)
        self._emit("pull_request", {"action": "closed", **self._pr_event(pull)}, actor)
        return sha

    def _review(self, number: int, user: str, state: str, body: str) -> None:
        with self._outbox_sent():
            pull = self._pull(number)
            review = FakeReview(
                id=self._new_id(),
                user=user,
                state=state,  # type: ignore[arg-type]
                body=body,
                commit_id=self._current_shas(pull)[1],
                submitted_at=_now(),
            )
            pull.reviews.append(review)
            # webhooks spell the review state in lower case, the REST API in upper case
            event = {
                "action": "submitted",
                "review": {**self._review_json(pull, review), "state": state.lower()},
                "pull_request": self._pull_json(pull, full=False),
            }
            self._emit("pull_request_review", event, user)

    # -- check runs and statuses -----------------------------------------------------------------------------

    def _app_json(self, slug: str = "github-actions") -> dict[str, Any]:
        return {
            "id": 15368,
            "slug": slug,
            "client_id": "Iv1.05c79e9ad1f6bdfa",
            "node_id": _node_id("App", 15368),
            "owner": self._user_json("github"),
            "name": "GitHub Actions",
            "description": "Automate your workflow from idea to production",
            "external_url": "https://help.github.com/en/actions",
            "html_url": f"{WEB_URL}/apps/{slug}",
            "created_at": "2018-07-30T09:30:17Z",
            "updated_at": "2024-04-10T20:33:16Z",
            "permissions": {
                "checks": "write",
                "contents": "write",
                "metadata": "read",
                "pull_requests": "write",
            },
            "events": ["check_run", "check_suite", "pull_request", "push"],
        }

    def _pull_minimal(self, sha: str) -> list[dict[str, Any]]:
        found = []
        repo = {"id": 123456789, "url": self._repo_api, "name": self.repo}
        for pull in self.pulls.values():
            base_sha, head_sha = self._current_shas(pull)
            if head_sha == sha:
                found.append(
                    {
                        "id": pull.id,
                        "number": pull.number,
                        "url": f"{self._repo_api}/pulls/{pull.number}",
                        "head": {"ref": pull.head, "sha": head_sha, "repo": repo},
                        "base": {"ref": pull.base, "sha": base_sha, "repo": repo},
                    }
                )
        return found

    def _head_branch(self, sha: str) -> str | None:
        for name, ref_sha in self.git.refs("refs/heads/").items():
            if ref_sha == sha:
                return name.removeprefix("refs/heads/")
        pull = next((p for p in self.pulls.values() if p.head_sha == sha), None)
        return pull.head if pull else None

    def _check_run_json(self, run: FakeCheckRun) -> dict[str, Any]:
        api = f"{self._repo_api}/check-runs/{run.id}"
        html = f"{self._repo_html}/runs/{run.id}"
        return {
            "id": run.id,
            "head_sha": run.head_sha,
            "node_id": _node_id("CheckRun", run.id),
            "external_id": "",
            "url": api,
            "html_url": html,
            "details_url": html,
            "status": run.status,
            "conclusion": run.conclusion,
            "started_at": run.started_at,
            "completed_at": run.completed_at,
            "output": {
                "title": run.title,
                "summary": run.summary,
                "text": run.text,
                "annotations_count": 0,
                "annotations_url": f"{api}/annotations",
            },
            "name": run.name,
            "check_suite": {"id": run.suite_id},
            "app": self._app_json(),
            "pull_requests": self._pull_minimal(run.head_sha),
        }

    def _suite_json(self, sha: str) -> dict[str, Any]:
        runs = [r for r in self.check_runs if r.head_sha == sha]
        conclusions = {r.conclusion for r in runs}
        done = runs and None not in conclusions
        conclusion = None
        if done:
            conclusion = "failure" if "failure" in conclusions else "success"
        info = self.git.commit_info(sha)
        suite_id = self._suite_id(sha)
        parent = info.parents[0] if info.parents else None
        app = self._app_json()
        return {
            "id": suite_id,
            "node_id": _node_id("CheckSuite", suite_id),
            "head_branch": self._head_branch(sha),
            "head_sha": sha,
            "status": "completed" if done else "in_progress",
            "conclusion": conclusion,
            "url": f"{self._repo_api}/check-suites/{suite_id}",
            "before": parent,
            "after": sha,
            "pull_requests": self._pull_minimal(sha),
            "app": {**app, "owner": {**app["owner"]}},
            "created_at": min((r.started_at for r in runs), default=_now()),
            "updated_at": max((r.completed_at or r.started_at for r in runs), default=_now()),
            "latest_check_runs_count": len({r.name for r in runs}),
            "check_runs_url": f"{self._repo_api}/check-suites/{suite_id}/check-runs",
            "rerequestable": True,
            "runs_rerequestable": True,
            "head_commit": {
                "id": sha,
                "tree_id": info.tree,
                "message": info.message,
                "timestamp": info.committer.date,
                "author": {"name": info.author.name, "email": info.author.email},
                "committer": {"name": info.committer.name, "email": info.committer.email},
            },
        }

    def _status_json(self, status: FakeStatus) -> dict[str, Any]:
        return {
            "url": f"{self._repo_api}/statuses/{status.sha}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{self._user_id(status.creator)}?v=4",
            "id": status.id,
            "node_id": _node_id("StatusContext", status.id),
            "state": status.state,
            "description": status.description,
            "target_url": status.target_url,
            "context": status.context,
            "created_at": status.created_at,
            "updated_at": status.created_at,
        }

    def _status_event(self, status: FakeStatus) -> dict[str, Any]:
        info = self.git.commit_info(status.sha)
        html = f"{self._repo_html}/commit/{status.sha}"
        author = {k: v for k, v in self._user_json(info.author.name).items() if k != "user_view_type"}
        committer = {k: v for k, v in self._user_json(info.committer.name).items() if k != "user_view_type"}
        branches = [
            {
                "name": name.removeprefix("refs/heads/"),
                "commit": {"sha": sha, "url": f"{self._repo_api}/commits/{sha}"},
                "protected": name == f"refs/heads/{self.base_branch}",
            }
            for name, sha in self.git.refs("refs/heads/").items()
            if sha == status.sha
        ]
        return {
            "id": status.id,
            "sha": status.sha,
            "name": self.full_name,
            "target_url": status.target_url,
            "avatar_url": f"https://avatars.githubusercontent.com/u/{self._user_id(status.creator)}?v=4",
            "context": status.context,
            "description": status.description,
            "state": status.state,
            "commit": {
                "sha": status.sha,
                "node_id": _node_id("Commit", int(status.sha[:7], 16)),
                "url": f"{self._repo_api}/commits/{status.sha}",
                "html_url": html,
                "comments_url": f"{self._repo_api}/commits/{status.sha}/comments",
                "author": author,
                "committer": committer,
                "parents": [
                    {
                        "sha": p,
                        "url": f"{self._repo_api}/commits/{p}",
                        "html_url": f"{self._repo_html}/commit/{p}",
                    }
                    for p in info.parents
                ],
                "commit": {
                    "author": {
                        "name": info.author.name,
                        "email": info.author.email,
                        "date": info.author.date,
                    },
                    "committer": {
                        "name": info.committer.name,
                        "email": info.committer.email,
                        "date": info.committer.date,
                    },
                    "message": info.message,
                    "tree": {"sha": info.tree, "url": f"{self._repo_api}/git/trees/{info.tree}"},
                    "url": self._commit_url(status.sha),
                    "comment_count": 0,
                    "verification": {
                        "verified": False,
                        "reason": "unsigned",
                        "signature": None,
                        "payload": None,
                        "verified_at": None,
                    },
                },
            },
            "branches": branches,
            "created_at": status.created_at,
            "updated_at": status.created_at,
        }

    # -- webhooks --------------------------------------------------------------------------------------------

    def _pr_event(self, pull: FakePull) -> dict[str, Any]:
        repo = self._repo_json()
        webhook_extras = {
            key: repo[key]
            for key in (
                "allow_auto_merge",
                "allow_update_branch",
                "delete_branch_on_merge",
                "merge_commit_message",
                "merge_commit_title",
                "squash_merge_commit_message",
                "squash_merge_commit_title",
                "use_squash_pr_title_as_default",
            )
        }
        return {"number": pull.number, "pull_request": {**self._pull_json(pull), **webhook_extras}}

    def _emit(self, event: str, payload: dict[str, Any], sender: str) -> None:
        """Raise a webhook: validated now, sent once the current request or helper is done."""
        if not self.webhook_url:
            return
        payload = {**payload, "repository": self._repo_json(), "sender": self._user_json(sender)}
        if self.app_id is not None:
            payload["installation"] = {
                "id": self.installation_id,
                "node_id": _node_id("Installation", self.installation_id),
            }
        self.violations += self.api.validate_webhook(event, payload)
        self._outbox.append((event, payload))

    @contextlib.contextmanager
    def _outbox_sent(self) -> Iterator[None]:
        """For helpers: run under the lock, then send the webhooks raised and wait for the answers."""
        with self._lock:
            self._outbox = []
            self.git.forget_refs()
            try:
                yield
            finally:
                events, self._outbox = self._outbox, []
        self._enqueue(events)
        self.wait_for_deliveries()

    def _reserve(self, events: list[tuple[str, dict[str, Any]]]) -> None:
        """Count webhooks as pending before the response that raised them is written, so that a client
        calling ``wait_for_deliveries`` right after the response waits for them too."""
        with self._queue_cv:
            self._in_flight += len(events)

    def _enqueue(self, events: list[tuple[str, dict[str, Any]]], reserved: bool = False) -> None:
        if not events:
            return
        with self._queue_cv:
            for event, payload in events:
                self._queue.append((event, payload, str(uuid.uuid4()), False))
            if not reserved:
                self._in_flight += len(events)
            self._queue_cv.notify_all()

    def _deliver_loop(self) -> None:
        while True:
            with self._queue_cv:
                while not self._queue and not self._stopping:
                    self._queue_cv.wait()
                if not self._queue:
                    return
                event, payload, delivery_id, again = self._queue.pop(0)
            try:
                self._deliver(event, payload, delivery_id, again)
            finally:
                with self._queue_cv:
                    self._in_flight -= 1
                    self._queue_cv.notify_all()

    def _deliver(self, event: str, payload: dict[str, Any], delivery_id: str, again: bool) -> None:
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "GitHub-Hookshot/fake",
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery_id,
            "X-GitHub-Hook-ID": "424242",
            "X-GitHub-Hook-Installation-Target-ID": str(self.app_id or 123456789),
            "X-GitHub-Hook-Installation-Target-Type": "integration" if self.app_id else "repository",
        }
        if self.webhook_secret is not None:
            key = self.webhook_secret.encode()
            headers["X-Hub-Signature"] = "sha1=" + hmac.new(key, body, hashlib.sha1).hexdigest()
            headers["X-Hub-Signature-256"] = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        delivery = Delivery(delivery_id, event, payload, body, headers, redelivery=again)
        request = urllib.request.Request(self.webhook_url or "", data=body, headers=headers, method="POST")
        try:
            with _DIRECT.open(request, timeout=10) as answer:
                delivery.status = answer.status
        except urllib.error.HTTPError as error:
            delivery.status = error.code
        except OSError as error:
            delivery.error = str(error)
        self.deliveries.append(delivery)

    # -- HTTP ------------------------------------------------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: Any, raw_body: bytes
    ) -> tuple[_Reply, list[tuple[str, dict[str, Any]]]]:
        """One HTTP request: the reply, and the webhooks to send once the reply is written."""
        split = urlsplit(target)
        path, query = split.path, parse_qs(split.query, keep_blank_values=True)
        with self._lock:
            self._outbox = []
            self.git.forget_refs()
            request_json: Any = None
            reply: _Reply
            operation_id = fault_kind = None
            try:
                if path.startswith(_CODELOAD_PREFIX):
                    reply = self._codeload(path, query)
                else:
                    request_json, reply, operation_id, fault_kind = self._api_call(
                        method, path, query, headers, raw_body
                    )
            except Exception:
                self.violations.append(f"{method} {path}: the fake crashed:\n{traceback.format_exc()}")
                reply = _Reply(
                    500, {"message": "Server Error", "documentation_url": DOCS_URL}, validate=False
                )
            self.requests.append(
                RecordedRequest(
                    method=method,
                    path=path,
                    query=query,
                    status=reply.status,
                    request_json=request_json,
                    response_json=reply.body if reply.raw is None else None,
                    operation_id=operation_id,
                    fault=fault_kind,
                )
            )
            events, self._outbox = self._outbox, []
            self._reserve(events)
            return reply, events

    def _api_call(
        self, method: str, path: str, query: dict[str, list[str]], headers: Any, raw_body: bytes
    ) -> tuple[Any, _Reply, str | None, str | None]:
        match = self.api.match(method, path)
        request_json: Any = None
        if raw_body:
            try:
                request_json = json.loads(raw_body)
            except ValueError:
                self.violations.append(f"{method} {path}: request body is not JSON")
                return None, _Reply(400, {"message": "Problems parsing JSON"}, validate=False), None, None
        if match is None:
            self.violations.append(f"{method} {path}: no such operation in GitHub's REST API")
            return request_json, _Reply(404, _not_found().body(), validate=False), None, None
        op = match.operation
        self._current_path = path
        self.violations += self.api.validate_request(op, request_json)
        self.violations += self.api.validate_query(op, query)

        fault = next((f for f in self.faults if f.matches(method, path)), None)
        if fault is not None:
            fault.times -= 1
            if fault.kind != "lost-response":
                return request_json, self._fault_reply(fault), op.operation_id, fault.kind

        reply = self._authorize(op.operation_id, headers.get("Authorization"))
        if reply is None:
            handler = _HANDLERS.get(op.operation_id)
            if handler is None:
                self.violations.append(f"{op}: the fake does not implement this operation")
                reply = _Reply(404, _not_found().body(), validate=False)
            elif match.params.get("owner", self.owner).lower() != self.owner.lower() or (
                match.params.get("repo", self.repo).lower() != self.repo.lower()
            ):
                reply = _Reply(404, _not_found().body())
            else:
                mark = len(self._outbox)
                try:
                    reply = handler(self, match.params, query, request_json)
                except _ApiError as error:
                    del self._outbox[mark:]  # a refused request changes nothing, so it notifies nobody
                    reply = _Reply(error.status, error.body())
        if reply.validate:
            self.violations += self.api.validate_response(op, reply.status, reply.body)
        if op.operation_id != "rate-limit/get":
            reply.headers.update(self._rate_headers())
        if fault is not None:  # lost-response: the work is done, the answer never arrives
            return request_json, self._fault_reply(fault), op.operation_id, fault.kind
        return request_json, reply, op.operation_id, None

    def _fault_reply(self, fault: Fault) -> _Reply:
        request_id = secrets.token_hex(8).upper()
        if fault.kind in ("502", "lost-response"):
            message = (
                "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your "
                "request and contact us if the problem persists."
            )
            return _Reply(502, {"message": message, "documentation_url": DOCS_URL}, validate=False)
        if fault.kind == "secondary-rate-limit":
            message = (
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
                f"If you reach out to GitHub Support for help, please include the request ID {request_id}."
            )
            body = {
                "message": message,
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
                "#about-secondary-rate-limits",
                "status": "403",
            }
            headers = {**self._rate_headers(), "Retry-After": str(fault.retry_after)}
            return _Reply(403, body, headers, validate=False)
        status = fault.status or 403
        body = {
            "message": f"API rate limit exceeded for installation ID {self.installation_id}. "
            f"If you reach out to GitHub Support for help, please include the request ID {request_id}.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
            "#about-the-primary-rate-limit",
            "status": str(status),
        }
        headers = {
            "X-RateLimit-Limit": str(RATE_LIMIT),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Used": str(RATE_LIMIT),
            "X-RateLimit-Reset": str(int(time.time()) + fault.retry_after),
            "X-RateLimit-Resource": "core",
        }
        return _Reply(status, body, headers, validate=False)

    def _rate_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(RATE_LIMIT),
            "X-RateLimit-Remaining": str(max(0, RATE_LIMIT - self._rate_used)),
            "X-RateLimit-Used": str(self._rate_used),
            "X-RateLimit-Reset": str(self._rate_reset),
            "X-RateLimit-Resource": "core",
        }

    def _authorize(self, operation_id: str, header: str | None) -> _Reply | None:
        """None if the credentials fit the operation, else the 401 GitHub answers."""
        scheme, _, credential = (header or "").partition(" ")
        if scheme.lower() not in ("token", "bearer") or not credential:
            return _Reply(
                401, {"message": "Requires authentication", "documentation_url": DOCS_URL}, validate=False
            )
        if operation_id in ("apps/get-repo-installation", "apps/create-installation-access-token"):
            problem = self._verify_app_jwt(credential)
            if problem:
                return _Reply(401, {"message": problem, "documentation_url": DOCS_URL}, validate=False)
            return None
        now = time.time()
        known = credential == self.token or self._installation_tokens.get(credential, 0) > now
        if not known:
            return _Reply(401, {"message": "Bad credentials", "documentation_url": DOCS_URL}, validate=False)
        if operation_id != "rate-limit/get":
            self._rate_used += 1
        return None

    def _verify_app_jwt(self, token: str) -> str | None:
        if self._app_public_key is None or self.app_id is None:
            return "A JSON web token could not be decoded"
        try:
            claims = jwt.decode(
                token,
                self._app_public_key,  # type: ignore[arg-type]
                algorithms=["RS256"],
                options={"require": ["iat", "exp", "iss"]},
                leeway=60,
            )
        except jwt.ExpiredSignatureError:
            return (
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at "
                "which the assertion expires"
            )
        except jwt.PyJWTError:
            return "A JSON web token could not be decoded"
        if str(claims["iss"]) != str(self.app_id):
            return "'Issuer' claim ('iss') must be an Integer"
        if claims["exp"] - claims["iat"] > 660:
            return "'Expiration time' claim ('exp') is too far in the future"
        return None

    def _codeload(self, path: str, query: dict[str, list[str]]) -> _Reply:
        """The archive download GitHub's tarball endpoint redirects to (``codeload.github.com``)."""
        token = query.get("token", [""])[-1]
        expires = self._codeload_tokens.get(token)
        prefix = f"{_CODELOAD_PREFIX}{self.full_name}/legacy.tar.gz/"
        if expires is None or expires < time.time() or not path.startswith(prefix):
            return _Reply(404, raw=b"404: Not Found", headers={"Content-Type": "text/plain"})
        ref = unquote(path.removeprefix(prefix))
        sha = self.git.resolve(self._qualify(ref))
        if sha is None:
            return _Reply(404, raw=b"404: Not Found", headers={"Content-Type": "text/plain"})
        name = f"{self.owner}-{self.repo}-{sha[:7]}"
        return _Reply(
            200,
            raw=self.git.archive(sha, f"{name}/"),
            headers={
                "Content-Type": "application/x-gzip",
                "Content-Disposition": f"attachment; filename={name}.tar.gz",
                "ETag": f'"{sha}"',
            },
        )

    # -- operations (one per operationId) --------------------------------------------------------------------

    def _op_repo(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        # only the repository's own endpoint tells the organization and the counts of watchers
        full = {"organization": self._user_json(self.owner), "network_count": 0, "subscribers_count": 0}
        return _Reply(200, {**self._repo_json(), **full})

    def _op_get_ref(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        name = "refs/" + p["ref"]
        sha = self.git.ref(name)
        if sha is None:
            raise _not_found()
        return _Reply(200, self._ref_json(name, sha))

    def _op_matching_refs(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        prefix = "refs/" + p["ref"]
        refs = sorted(self.git.refs(prefix).items())
        return self._paged(q, [self._ref_json(name, sha) for name, sha in refs])

    def _op_create_ref(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        name, sha = body.get("ref", ""), body.get("sha", "")
        if not name.startswith("refs/") or name.count("/") < 2:
            raise _ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.")
        if self.git.run("check-ref-format", name, ok=(0, 1)).returncode != 0:
            raise _ApiError(422, f"{name} is not a valid ref name.")
        if self.git.ref(name) is not None:
            raise _ApiError(422, "Reference already exists")
        if self.git.object_type(sha) != "commit":
            raise _ApiError(422, "Object does not exist")
        self._move_ref(name, sha, None, self.bot_login)
        return _Reply(201, self._ref_json(name, sha), {"Location": f"{self._repo_api}/git/{name}"})

    def _op_update_ref(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        name, sha, force = "refs/" + p["ref"], body.get("sha", ""), bool(body.get("force"))
        current = self.git.ref(name)
        if current is None:
            raise _ApiError(422, "Reference does not exist")
        if self.git.object_type(sha) != "commit":
            raise _ApiError(422, "Object does not exist")
        if not force and not self.git.is_ancestor(current, sha):
            raise _ApiError(422, "Update is not a fast forward")
        self._move_ref(name, sha, current, self.bot_login)
        return _Reply(200, self._ref_json(name, sha))

    def _op_delete_ref(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        name = "refs/" + p["ref"]
        current = self.git.ref(name)
        if current is None:
            raise _ApiError(422, "Reference does not exist")
        self._move_ref(name, None, current, self.bot_login)
        return _Reply(204)

    def _op_get_commit(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        sha = p["commit_sha"]
        if self.git.object_type(sha) != "commit":
            raise _not_found()
        return _Reply(200, self._git_commit_json(sha))

    def _op_get_repo_commit(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        sha = self.git.resolve(self._qualify(p["ref"]))
        if sha is None:
            raise _ApiError(422, f"No commit found for SHA: {p['ref']}")
        info = self.git.commit_info(sha)
        git_json = self._git_commit_json(sha)
        files, additions, deletions = [], 0, 0
        kinds = {"A": "added", "D": "removed", "M": "modified", "T": "changed"}
        for letter, path, added, deleted in self.git.changed_files(
            info.parents[0] if info.parents else EMPTY_TREE, sha
        ):
            entry = self.git.entry(sha, path)
            files.append(
                {
                    "sha": entry.sha if entry else None,
                    "filename": path,
                    "status": kinds.get(letter[0], "modified"),
                    "additions": added,
                    "deletions": deleted,
                    "changes": added + deleted,
                    "blob_url": f"{self._repo_html}/blob/{sha}/{path}",
                    "raw_url": f"{self._repo_html}/raw/{sha}/{path}",
                    "contents_url": f"{self._repo_api}/contents/{quote(path)}?ref={sha}",
                }
            )
            additions, deletions = additions + added, deletions + deleted

        def person(name: str) -> dict[str, Any]:
            # GitHub links a commit's author to an account when the email belongs to one
            return self._user_json(name) if name in self._user_ids else {}

        return _Reply(
            200,
            {
                "url": f"{self._repo_api}/commits/{sha}",
                "sha": sha,
                "node_id": git_json["node_id"],
                "html_url": git_json["html_url"],
                "comments_url": f"{self._repo_api}/commits/{sha}/comments",
                "commit": {
                    "url": git_json["url"],
                    "author": git_json["author"],
                    "committer": git_json["committer"],
                    "message": git_json["message"],
                    "comment_count": 0,
                    "tree": git_json["tree"],
                    "verification": git_json["verification"],
                },
                "author": person(info.author.name),
                "committer": person(info.committer.name),
                "parents": [
                    {
                        "sha": parent["sha"],
                        "url": f"{self._repo_api}/commits/{parent['sha']}",
                        "html_url": parent["html_url"],
                    }
                    for parent in git_json["parents"]
                ],
                "stats": {"additions": additions, "deletions": deletions, "total": additions + deletions},
                "files": files,
            },
        )

    def _op_create_commit(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        tree, parents = body.get("tree", ""), body.get("parents", [])
        if self.git.object_type(tree) != "tree":
            raise _ApiError(422, "Tree SHA does not exist")
        if any(self.git.object_type(parent) != "commit" for parent in parents):
            raise _ApiError(422, "Parent SHA does not exist or is not a commit object")
        me = self._identity(self.bot_login)
        author_in = body.get("author") or body.get("committer") or {}
        committer_in = body.get("committer") or body.get("author") or {}
        author = Identity(
            author_in.get("name", me.name), author_in.get("email", me.email), author_in.get("date")
        )
        committer = Identity(
            committer_in.get("name", me.name), committer_in.get("email", me.email), committer_in.get("date")
        )
        sha = self.git.commit(tree, parents, body.get("message", ""), author, committer)
        return _Reply(201, self._git_commit_json(sha), {"Location": self._commit_url(sha)})

    def _tree_reply(self, tree: str, recursive: bool, status: int = 200) -> _Reply:
        entries = []
        for entry in self.git.tree_entries(tree, recursive=recursive):
            kind = "trees" if entry.type == "tree" else "blobs"
            item: dict[str, Any] = {
                "path": entry.path,
                "mode": entry.mode,
                "type": entry.type,
                "sha": entry.sha,
            }
            if entry.type == "blob":
                item["size"] = entry.size
            if entry.type != "commit":
                item["url"] = f"{self._repo_api}/git/{kind}/{entry.sha}"
            entries.append(item)
        body = {"sha": tree, "url": f"{self._repo_api}/git/trees/{tree}", "tree": entries, "truncated": False}
        return _Reply(status, body)

    def _op_get_tree(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        tree = self.git.resolve(self._qualify(p["tree_sha"]), "tree")
        if tree is None:
            raise _not_found()
        # GitHub: any value of ``recursive`` turns it on ("0" and "false" included)
        return self._tree_reply(tree, recursive="recursive" in q)

    def _op_create_tree(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        base_tree = body.get("base_tree")
        if base_tree is not None and self.git.object_type(base_tree) != "tree":
            raise _ApiError(
                422, "Invalid tree info", [{"resource": "Tree", "field": "base_tree", "code": "invalid"}]
            )
        changes: dict[str, tuple[str, str, str] | None] = {}
        for item in body.get("tree", []):
            path, mode, kind = item.get("path", ""), item.get("mode", ""), item.get("type", "")
            if "content" in item:
                changes[path] = (mode, "blob", self.git.write_blob(item["content"].encode()))
            elif item.get("sha") is None:
                changes[path] = None
            else:
                if self.git.object_type(item["sha"]) != kind:
                    raise _ApiError(422, f"tree.sha {item['sha']} is not a valid {kind}")
                changes[path] = (mode, kind, item["sha"])
        tree = self.git.write_tree(base_tree, changes)
        reply = self._tree_reply(tree, recursive=False, status=201)
        reply.headers["Location"] = f"{self._repo_api}/git/trees/{tree}"
        return reply

    def _op_get_blob(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        sha = p["file_sha"]
        if self.git.object_type(sha) != "blob":
            raise _not_found()
        data = self.git.read_blob(sha)
        return _Reply(
            200,
            {
                "sha": sha,
                "node_id": _node_id("Blob", int(sha[:7], 16)),
                "size": len(data),
                "url": f"{self._repo_api}/git/blobs/{sha}",
                "content": _b64_lines(data),
                "encoding": "base64",
            },
        )

    def _op_create_blob(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        content, encoding = body.get("content", ""), body.get("encoding", "utf-8")
        if encoding == "base64":
            try:
                data = base64.b64decode(content)
            except ValueError:
                raise _invalid("Blob", "content") from None
        elif encoding in ("utf-8", "utf8"):
            data = content.encode()
        else:
            raise _ApiError(422, f"encoding must be utf-8 or base64, not {encoding}")
        sha = self.git.write_blob(data)
        url = f"{self._repo_api}/git/blobs/{sha}"
        return _Reply(201, {"url": url, "sha": sha}, {"Location": url})

    def _op_get_content(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        ref = q.get("ref", [self.base_branch])[-1] or self.base_branch
        commit = self.git.resolve(self._qualify(ref))
        if commit is None:
            raise _ApiError(404, f"No commit found for the ref {ref}")
        path = p["path"].strip("/")
        entry = self.git.entry(commit, path)
        if entry is None:
            raise _not_found()
        if entry.type == "tree":
            items = [
                self._content_json(f"{path}/{child.path}" if path else child.path, child, ref, False)
                for child in self.git.tree_entries(entry.sha)
            ]
            return _Reply(200, items)
        return _Reply(200, self._content_json(path, entry, ref, True))

    def _file_commit(self, p: dict[str, str], body: dict[str, Any], content: bytes | None) -> tuple[str, str]:
        """Shared by PUT and DELETE contents: check ``sha`` like GitHub, commit, move the branch."""
        branch = body.get("branch") or self.base_branch
        ref = f"refs/heads/{branch}"
        parent = self.git.ref(ref)
        if parent is None:
            raise _ApiError(404, f"Branch {branch} not found")
        path = p["path"].strip("/")
        current = self.git.entry(parent, path)
        given = body.get("sha")
        if current is not None and current.type != "blob":
            raise _ApiError(422, f'Invalid request.\n\n"{path}" is a directory.')
        if content is None and current is None:
            raise _not_found()
        if current is not None and given is None:
            raise _ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        if given is not None and (current is None or given != current.sha):
            raise _ApiError(409, f"{path} does not match {given}")
        me = self._identity(self.bot_login)
        committer_in = body.get("committer") or {}
        author_in = body.get("author") or committer_in
        committer = Identity(committer_in.get("name", me.name), committer_in.get("email", me.email))
        author = Identity(author_in.get("name", committer.name), author_in.get("email", committer.email))
        tree = self._tree_with(parent, {path: content})
        sha = self.git.commit(tree, [parent], body.get("message", ""), author, committer)
        self._move_ref(ref, sha, parent, self.bot_login)
        return sha, branch

    def _op_put_content(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        try:
            content = base64.b64decode(body.get("content", ""), validate=True)
        except ValueError:
            raise _ApiError(422, "content is not valid Base64") from None
        existed = self.git.entry(self._qualify(body.get("branch") or self.base_branch), p["path"].strip("/"))
        sha, branch = self._file_commit(p, body, content)
        path = p["path"].strip("/")
        entry = self.git.entry(sha, path)
        assert entry is not None
        reply = {
            "content": self._content_json(path, entry, branch, False),
            "commit": self._git_commit_json(sha),
        }
        return _Reply(200 if existed else 201, reply)

    def _op_delete_content(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        sha, _ = self._file_commit(p, body or {}, None)
        return _Reply(200, {"content": None, "commit": self._git_commit_json(sha)})

    def _op_tarball(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        ref = p["ref"]
        if self.git.resolve(self._qualify(ref)) is None:
            raise _not_found()
        token = secrets.token_urlsafe(24)
        self._codeload_tokens[token] = time.time() + 300
        location = (
            f"{self.base_url}{_CODELOAD_PREFIX}{self.full_name}/legacy.tar.gz/{quote(ref)}?token={token}"
        )
        return _Reply(302, None, {"Location": location})

    def _op_list_pulls(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        state = q.get("state", ["open"])[-1]
        pulls = [pull for pull in self.pulls.values() if state == "all" or pull.state == state]
        head = q.get("head", [""])[-1]
        if ":" in head:  # without "owner:" GitHub ignores the filter, and so do we
            owner, _, branch = head.partition(":")
            pulls = [pull for pull in pulls if owner.lower() == self.owner.lower() and pull.head == branch]
        if "base" in q:
            pulls = [pull for pull in pulls if pull.base == q["base"][-1]]
        sort = q.get("sort", ["created"])[-1]
        direction = q.get("direction", ["desc" if sort == "created" else "asc"])[-1]
        key: Callable[[FakePull], Any] = (
            (lambda pull: pull.number) if sort == "created" else (lambda pull: (pull.updated_at, pull.number))
        )
        pulls.sort(key=key, reverse=direction == "desc")
        return self._paged(q, [self._pull_json(pull, full=False) for pull in pulls])

    def _op_create_pull(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        head = body.get("head", "")
        if ":" in head:
            owner, _, head = head.partition(":")
            if owner.lower() != self.owner.lower():
                raise _invalid("PullRequest", "head")
        pull = self._open_pull(
            body.get("title", ""),
            body.get("body"),
            head,
            body.get("base", ""),
            bool(body.get("draft")),
            self.bot_login,
        )
        reply = _Reply(201, self._pull_json(pull), {"Location": f"{self._repo_api}/pulls/{pull.number}"})
        return reply

    def _op_get_pull(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        return _Reply(200, self._pull_json(self._pull(p["pull_number"]), asking=True))

    def _op_update_pull(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        pull = self._pull(p["pull_number"])
        if "base" in body and body["base"] != pull.base:
            if self._branch_sha(body["base"]) is None:
                raise _invalid("PullRequest", "base")
            pull.base = body["base"]
            pull.base_sha = self._branch_sha(pull.base) or pull.base_sha
        if "title" in body:
            pull.title = body["title"]
        if "body" in body:
            pull.body = body["body"]
        pull.updated_at = _now()
        state = body.get("state")
        if state == "closed" and pull.state == "open":
            self._close(pull, self.bot_login)
        elif state == "open" and pull.state == "closed" and not pull.merged:
            if self._branch_sha(pull.head) is None:
                raise _ApiError(422, f"state cannot be changed. The {pull.head} branch has been deleted.")
            pull.state, pull.closed_at = "open", None
            pull.mergeable_for = None
            self._emit("pull_request", {"action": "reopened", **self._pr_event(pull)}, self.bot_login)
        return _Reply(200, self._pull_json(pull))

    def _op_merge_pull(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        pull = self._pull(p["pull_number"])
        body = body or {}
        if pull.state != "open":
            raise _ApiError(405, "Pull Request is not mergeable")
        base_sha, head_sha = self._current_shas(pull)
        if body.get("sha") and body["sha"] != head_sha:
            raise _ApiError(409, "Head branch was modified. Review and try the merge again.")
        method = body.get("merge_method", "merge")
        if method == "rebase":
            raise _ApiError(405, "Rebase merges are not allowed on this repository.")
        if self.git.merge_tree(base_sha, head_sha) is None:
            raise _ApiError(405, "Pull Request is not mergeable")
        if len(pull.approved_by) < self.required_approvals:
            raise _ApiError(
                405,
                f"At least {self.required_approvals} approving review is required by reviewers with write "
                "access.",
            )
        checks = self._check_state(head_sha)
        for name in self.required_checks:
            if checks.get(name) is None:
                raise _ApiError(405, f'Required status check "{name}" is expected.')
            if checks[name] != "success":
                raise _ApiError(405, f'Required status check "{name}" is failing.')
        if self.require_up_to_date and not self.git.is_ancestor(base_sha, head_sha):
            raise _ApiError(405, "Head branch is out of date. Review and try the merge again.")
        sha = self._merge(pull, self.bot_login, method, body.get("commit_title"), body.get("commit_message"))
        return _Reply(200, {"sha": sha, "merged": True, "message": "Pull Request successfully merged"})

    def _op_list_reviews(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        pull = self._pull(p["pull_number"])
        return self._paged(q, [self._review_json(pull, review) for review in pull.reviews])

    def _op_add_labels(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        pull = self._pull(p["issue_number"])
        names = body if isinstance(body, list) else body.get("labels", [])
        for item in names:
            name = item if isinstance(item, str) else item.get("name", "")
            if name not in pull.labels:
                pull.labels.append(name)
        return _Reply(200, [self._label_json(name) for name in pull.labels])

    def _op_create_comment(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        pull = self._pull(p["issue_number"])
        comment = FakeComment(self._new_id(), self.bot_login, body.get("body", ""), _now())
        pull.comments.append(comment)
        api = f"{self._repo_api}/issues/comments/{comment.id}"
        return _Reply(
            201,
            {
                "id": comment.id,
                "node_id": _node_id("IssueComment", comment.id),
                "url": api,
                "html_url": f"{self._repo_html}/pull/{pull.number}#issuecomment-{comment.id}",
                "body": comment.body,
                "user": self._user_json(comment.user),
                "created_at": comment.created_at,
                "updated_at": comment.created_at,
                "issue_url": f"{self._repo_api}/issues/{pull.number}",
                "author_association": "NONE",
            },
            {"Location": api},
        )

    def _op_check_runs(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        sha = self.git.resolve(self._qualify(p["ref"]))
        if sha is None:
            raise _ApiError(422, f"No commit found for SHA: {p['ref']}")
        runs = sorted((r for r in self.check_runs if r.head_sha == sha), key=lambda r: -r.id)
        if "check_name" in q:
            runs = [r for r in runs if r.name == q["check_name"][-1]]
        if "status" in q:
            runs = [r for r in runs if r.status == q["status"][-1]]
        if q.get("filter", ["latest"])[-1] == "latest":
            seen: set[str] = set()
            runs = [r for r in runs if not (r.name in seen or seen.add(r.name))]  # type: ignore[func-returns-value]
        reply = self._paged(q, [self._check_run_json(r) for r in runs])
        reply.body = {"total_count": len(runs), "check_runs": reply.body}
        return reply

    def _op_combined_status(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        sha = self.git.resolve(self._qualify(p["ref"]))
        if sha is None:
            raise _ApiError(404, f"No commit found for SHA: {p['ref']}")
        latest: dict[str, FakeStatus] = {}
        for status in sorted((s for s in self.statuses if s.sha == sha), key=lambda s: s.id):
            latest[status.context] = status
        states = {s.state for s in latest.values()}
        if states & {"error", "failure"}:
            state = "failure"
        elif not states or "pending" in states:
            state = "pending"
        else:
            state = "success"
        repo = self._repo_json()
        return _Reply(
            200,
            {
                "state": state,
                "statuses": [self._status_json(s) for s in latest.values()],
                "sha": sha,
                "total_count": len(latest),
                "repository": repo,
                "commit_url": f"{self._repo_api}/commits/{sha}",
                "url": f"{self._repo_api}/commits/{sha}/status",
            },
        )

    def _installation_json(self) -> dict[str, Any]:
        return {
            "id": self.installation_id,
            "client_id": "Iv23liFakeKnadaBot",
            "account": self._user_json(self.owner),
            "repository_selection": "selected",
            "access_tokens_url": f"{self.base_url}/app/installations/{self.installation_id}/access_tokens",
            "repositories_url": f"{self.base_url}/installation/repositories",
            "html_url": f"{WEB_URL}/organizations/{self.owner}/settings/installations/{self.installation_id}",
            "app_id": self.app_id or 0,
            "app_slug": "knada-bot",
            "target_id": 1,
            "target_type": "Organization",
            "permissions": {
                "checks": "read",
                "contents": "write",
                "metadata": "read",
                "pull_requests": "write",
                "statuses": "read",
            },
            "events": ["check_run", "check_suite", "pull_request", "pull_request_review", "status"],
            "created_at": self._created_at,
            "updated_at": self._created_at,
            "single_file_name": None,
            "has_multiple_single_files": False,
            "single_file_paths": [],
            "suspended_by": None,
            "suspended_at": None,
        }

    def _op_repo_installation(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        return _Reply(200, self._installation_json())

    def _op_access_token(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        if p["installation_id"] != str(self.installation_id):
            raise _not_found()
        token = "ghs_" + secrets.token_urlsafe(27)
        expires = datetime.now(UTC) + timedelta(hours=1)
        self._installation_tokens[token] = expires.timestamp()
        return _Reply(
            201,
            {
                "token": token,
                "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "permissions": self._installation_json()["permissions"],
                "repository_selection": "selected",
            },
        )

    def _op_rate_limit(self, p: dict[str, str], q: dict[str, list[str]], body: Any) -> _Reply:
        def bucket(limit: int, used: int) -> dict[str, int]:
            return {"limit": limit, "used": used, "remaining": limit - used, "reset": self._rate_reset}

        core = bucket(RATE_LIMIT, min(self._rate_used, RATE_LIMIT))
        return _Reply(
            200,
            {
                "resources": {
                    "core": core,
                    "search": bucket(30, 0),
                    "graphql": bucket(5000, 0),
                    "integration_manifest": bucket(5000, 0),
                    "code_search": bucket(10, 0),
                },
                "rate": core,
            },
        )

    # -- pagination ------------------------------------------------------------------------------------------

    def _paged(self, q: dict[str, list[str]], items: list[Any]) -> _Reply:
        """One page of ``items`` with GitHub's ``Link`` header (``per_page`` default 30, at most 100)."""
        per_page = min(max(int(q.get("per_page", ["30"])[-1] or 30), 1), 100)
        page = max(int(q.get("page", ["1"])[-1] or 1), 1)
        last = max(1, -(-len(items) // per_page))
        reply = _Reply(200, items[(page - 1) * per_page : page * per_page])
        path = self._current_path
        links: list[str] = []

        def url(number: int) -> str:
            params = {k: v[-1] for k, v in q.items()}
            params.update({"per_page": str(per_page), "page": str(number)})
            return f"{self.base_url}{path}?{urlencode(params)}"

        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links += [f'<{url(1)}>; rel="first"', f'<{url(page - 1)}>; rel="prev"']
        if links:
            reply.headers["Link"] = ", ".join(links)
        return reply


_Operation = Callable[[FakeGitHub, dict[str, str], dict[str, list[str]], Any], _Reply]
_HANDLERS: dict[str, _Operation] = {
    "repos/get": FakeGitHub._op_repo,
    "git/get-ref": FakeGitHub._op_get_ref,
    "git/list-matching-refs": FakeGitHub._op_matching_refs,
    "git/create-ref": FakeGitHub._op_create_ref,
    "git/update-ref": FakeGitHub._op_update_ref,
    "git/delete-ref": FakeGitHub._op_delete_ref,
    "git/get-commit": FakeGitHub._op_get_commit,
    "git/create-commit": FakeGitHub._op_create_commit,
    "repos/get-commit": FakeGitHub._op_get_repo_commit,
    "git/get-tree": FakeGitHub._op_get_tree,
    "git/create-tree": FakeGitHub._op_create_tree,
    "git/get-blob": FakeGitHub._op_get_blob,
    "git/create-blob": FakeGitHub._op_create_blob,
    "repos/get-content": FakeGitHub._op_get_content,
    "repos/create-or-update-file-contents": FakeGitHub._op_put_content,
    "repos/delete-file": FakeGitHub._op_delete_content,
    "repos/download-tarball-archive": FakeGitHub._op_tarball,
    "pulls/list": FakeGitHub._op_list_pulls,
    "pulls/create": FakeGitHub._op_create_pull,
    "pulls/get": FakeGitHub._op_get_pull,
    "pulls/update": FakeGitHub._op_update_pull,
    "pulls/merge": FakeGitHub._op_merge_pull,
    "pulls/list-reviews": FakeGitHub._op_list_reviews,
    "issues/add-labels": FakeGitHub._op_add_labels,
    "issues/create-comment": FakeGitHub._op_create_comment,
    "checks/list-for-ref": FakeGitHub._op_check_runs,
    "repos/get-combined-status-for-ref": FakeGitHub._op_combined_status,
    "apps/get-repo-installation": FakeGitHub._op_repo_installation,
    "apps/create-installation-access-token": FakeGitHub._op_access_token,
    "rate-limit/get": FakeGitHub._op_rate_limit,
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as PyGithub's connection pool expects
    fake: FakeGitHub

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        reply, events = self.fake.handle(self.command, self.path, self.headers, body)
        try:
            data = reply.payload()
            self.send_response(reply.status)
            headers = {"Content-Type": "application/json; charset=utf-8", **reply.headers}
            headers.setdefault("X-GitHub-Request-Id", uuid.uuid4().hex[:20].upper())
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        finally:  # what happened on GitHub is notified even if the client has gone
            self.fake._enqueue(events, reserved=True)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the fake's record is ``requests``, not stderr."""
