"""``LocalForge``: pull requests over a git repository on disk, for the offline mode and for tests.

A PR is a branch in the repository plus a record in ``<git dir>/knada-prs.json``. Everything goes through
git plumbing (``commit-tree``, ``update-ref``, ``merge-tree``, a throwaway index), so a work tree checked
out on the base branch is never touched, and a bare repository works the same. What GitHub and people do
to a PR (the config repo's check, a code owner's approval, the merge) are methods here too, so the offline
mode can play them.

Several processes may share one repository: every read-modify-write of the records holds an exclusive
``flock``, and refs move with compare-and-swap ``update-ref``.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot import catalog
from bot.forge.base import (
    Check,
    ForgeConfigError,
    ForgeRefused,
    ForgeUnavailable,
    PullRequest,
    PullRequestStatus,
    Review,
    StaleChange,
    enc_lines,
    same_but_enc,
    with_gained_enc_lines,
)
from bot.hubconfig.policy import DEFAULT_POLICY, Policy
from bot.hubconfig.snapshot import ConfigSnapshot, SnapshotsBySha, is_config_path
from bot.lifecycle.change import Change

RECORDS_FILE = "knada-prs.json"
CHECK_NAME = "validate"
BOT_NAME = "knada-bot"
BOT_EMAIL = "knada-bot@users.noreply.localhost"
_ZERO_SHA = "0" * 40


class LocalForge:
    """PRs against ``base_branch`` of the git repository at ``repo_dir`` (a work repo or a bare one)."""

    def __init__(
        self,
        repo_dir: Path | str,
        base_branch: str = "main",
        *,
        labels: tuple[str, ...] = ("knada-bot",),
        policy: Policy = DEFAULT_POLICY,
    ) -> None:
        self.repo_dir = Path(repo_dir).resolve()
        self.base_branch = base_branch
        self.labels = labels
        self.policy = policy
        self._snapshots = SnapshotsBySha()
        # --show-prefix is empty only at the top of a work tree (and in a bare repository): a directory
        # inside some other repository must not be mistaken for a config repo.
        found = self._run("rev-parse", "--git-dir", "--show-prefix") if self.repo_dir.is_dir() else None
        lines = found.stdout.decode().splitlines() if found is not None and found.returncode == 0 else []
        if not lines or any(line.strip() for line in lines[1:]):
            raise ForgeConfigError("forge.not-a-git-repo", path=str(self.repo_dir))
        git_dir = Path(lines[0].strip())
        self.git_dir = git_dir if git_dir.is_absolute() else (self.repo_dir / git_dir).resolve()
        self.records_path = self.git_dir / RECORDS_FILE

    # -- the Forge interface -------------------------------------------------------------------------------

    def snapshot(self) -> ConfigSnapshot:
        return self.snapshot_at(self._base_sha())

    def snapshot_at(self, sha: str) -> ConfigSnapshot:
        """``configs/`` at commit ``sha`` (cached: a commit never changes)."""
        return self._snapshots.get(sha, lambda: self._config_files(sha), self.policy)

    def open_pull_request(self, change: Change) -> PullRequest:
        _check_path(change.path)
        with self._locked() as records:
            existing = _find_record(records, change.branch)
            if existing is not None:
                return self._pull_request(existing)
            base_sha = self._base_sha()
            branch_sha = self._ref_sha(change.branch)
            if branch_sha is None:
                if self._read_file(base_sha, change.path) != _encode(change.old_text):
                    raise StaleChange("forge.stale-change", path=change.path)
                commit = self._commit_file(base_sha, change.path, _encode(change.new_text), change)
                self._move_ref(change.branch, commit, _ZERO_SHA)
            else:
                # A previous attempt made the branch and maybe its commit, then stopped before the record.
                on_branch = _decode(self._read_file(branch_sha, change.path))
                if not same_but_enc(on_branch, change.new_text):
                    if on_branch != change.old_text:
                        raise StaleChange("forge.stale-change", path=change.path)
                    commit = self._commit_file(branch_sha, change.path, _encode(change.new_text), change)
                    self._move_ref(change.branch, commit, branch_sha)
            record = {
                "number": max((r["number"] for r in records), default=0) + 1,
                "branch": change.branch,
                "base": self.base_branch,
                "title": change.title,
                "body": change.body,
                "labels": list(self.labels),
                "requester": change.requester,
                "path": change.path,
                "state": "open",
                "created_at": _now(),
                "reviews": [],
                "checks": [],
                "comments": [],
                "head_sha": None,  # kept once the PR is merged or closed, when the branch may move on
            }
            records.append(record)
            return self._pull_request(record)

    def find_pull_request(self, branch: str) -> PullRequest | None:
        record = _find_record(self._records(), branch)
        return self._pull_request(record) if record is not None else None

    def rebuild(self, change: Change) -> PullRequest:
        _check_path(change.path)
        if self.find_pull_request(change.branch) is None:
            return self.open_pull_request(change)  # nothing to rebuild yet: open it on the latest base
        with self._locked() as records:
            record = _find_record(records, change.branch)
            assert record is not None  # records are only ever appended
            if record["state"] != "open":
                raise ForgeRefused("forge.pull-request-not-open", number=record["number"])
            base_sha = self._base_sha()
            if self._read_file(base_sha, change.path) != _encode(change.old_text):
                raise StaleChange("forge.stale-change", path=change.path)
            branch_sha = self._ref_sha(change.branch)
            on_branch = _decode(self._read_file(branch_sha, change.path)) if branch_sha else None
            if change.new_text is None:
                content = None
            else:
                content = with_gained_enc_lines(on_branch, change.new_text).encode("utf-8")
            if (
                branch_sha is not None
                and self._parents(branch_sha) == [base_sha]
                and self._read_file(branch_sha, change.path) == content
            ):
                return self._pull_request(record)  # already rebuilt by an earlier attempt
            commit = self._commit_file(base_sha, change.path, content, change)
            self._move_ref(change.branch, commit, branch_sha or _ZERO_SHA)
            return self._pull_request(record)

    def status(self, number: int) -> PullRequestStatus:
        record = self._record(self._records(), number)
        pr = self._pull_request(record)
        checks = tuple(
            Check(name=c["name"], outcome=c["outcome"], url=None, summary=c.get("summary"))
            for c in record["checks"]
            if c["sha"] == pr.head_sha
        )
        reviews = tuple(Review(user=r["user"], state=r["state"]) for r in record["reviews"])
        if pr.state != "open":
            return PullRequestStatus(pr, checks, reviews, mergeable=None, mergeable_state="unknown")
        mergeable = self._merge_tree(self._base_sha(), pr.head_sha) is not None
        status = PullRequestStatus(pr, checks, reviews, mergeable=mergeable, mergeable_state="unknown")
        if not mergeable:
            state = "dirty"
        elif status.checks_outcome != "success" or not status.approved_by:
            state = "blocked"  # the config repo requires the check and a code owner's approval
        else:
            state = "clean"
        return PullRequestStatus(pr, checks, reviews, mergeable=mergeable, mergeable_state=state)

    def close(self, number: int, comment: str | None = None) -> None:
        with self._locked() as records:
            record = self._record(records, number)
            if record["state"] != "open":
                return
            if comment:
                record["comments"].append({"user": BOT_NAME, "body": comment, "at": _now()})
            record["head_sha"] = self._ref_sha(record["branch"])
            record["state"] = "closed"

    # -- what the config repo's check and people do ----------------------------------------------------

    def run_checks(self, number: int) -> Check:
        """Run the config repo's PR check on the PR head, as its CI would.

        The validator runs on every config at the head and its outcome is recorded as the check ``validate``.
        When it passes, each config the PR adds that has no ``*.enc`` line yet gets
        ``secretToken.enc: <random base64>`` appended in a commit on the PR branch (the real check appends
        an encrypted token), and the outcome is recorded for that new head.
        """
        from bot.hubconfig.rules import check_files

        with self._locked() as records:
            record = self._record(records, number)
            if record["state"] != "open":
                raise ForgeRefused("forge.pull-request-not-open", number=number)
            head = self._ref_sha(record["branch"])
            if head is None:
                raise ForgeRefused("forge.no-branch", branch=record["branch"])
            files = self._config_files(head)
            errors = check_files(files, self.policy).errors
            if errors:
                summary = catalog.text(
                    "forge.check-failed",
                    count=len(errors),
                    findings="\n".join(f"{f.location()} {f.code}: {f.message()}" for f in errors),
                )
                check = Check(CHECK_NAME, "failure", None, summary)
            else:
                head = self._add_secret_tokens(record["branch"], head, files)
                check = Check(CHECK_NAME, "success", None, catalog.text("forge.check-passed"))
            record["checks"] = [c for c in record["checks"] if c["name"] != CHECK_NAME]
            record["checks"].append(
                {"name": check.name, "outcome": check.outcome, "summary": check.summary, "sha": head}
            )
            return check

    def _add_secret_tokens(self, branch: str, head: str, files: dict[str, bytes]) -> str:
        """Append a token line to each config the branch adds without one; the new head's sha."""
        fork_point = self._git("merge-base", self._base_sha(), head).decode().strip()
        before = self._config_files(fork_point)
        for path, content in sorted(files.items()):
            if path in before or not path.endswith(".yaml") or enc_lines(_decode(content)):
                continue
            token = base64.b64encode(secrets.token_bytes(48)).decode("ascii")
            commit = self._commit_file(
                head,
                path,
                content + f"secretToken.enc: {token}\n".encode(),
                message=catalog.text("forge.check-commit-message", path=path),
                author=("knada-jupyterhub-check", BOT_EMAIL),
            )
            self._move_ref(branch, commit, head)
            head = commit
        return head

    def approve(self, number: int, user: str) -> None:
        with self._locked() as records:
            record = self._record(records, number)
            if record["state"] != "open":
                raise ForgeRefused("forge.pull-request-not-open", number=number)
            record["reviews"].append({"user": user, "state": "APPROVED", "at": _now()})

    def merge(self, number: int) -> str:
        """Merge the PR into the base branch with a merge commit, as GitHub's merge button would.

        Refused, like branch protection would, unless the check passed on the head and someone approved,
        and when the PR conflicts with the base. Returns the merge commit's sha.
        """
        status = self.status(number)
        if status.pr.state != "open":
            raise ForgeRefused("forge.pull-request-not-open", number=number)
        if not status.mergeable:
            raise ForgeRefused("forge.merge-conflict", number=number)
        if status.checks_outcome != "success" or not status.approved_by:
            raise ForgeRefused("forge.merge-blocked", number=number)
        with self._locked() as records:
            record = self._record(records, number)
            base_sha = self._base_sha()
            head = self._ref_sha(record["branch"])
            if record["state"] != "open" or head != status.pr.head_sha or head is None:
                raise ForgeRefused("forge.merge-blocked", number=number)
            tree = self._merge_tree(base_sha, head)
            if tree is None:
                raise ForgeRefused("forge.merge-conflict", number=number)
            message = catalog.text(
                "forge.merge-commit-message", number=number, branch=record["branch"], title=record["title"]
            )
            commit = self._commit_tree(tree, [base_sha, head], message, (BOT_NAME, BOT_EMAIL))
            self._move_ref(self.base_branch, commit, base_sha)
            record["state"] = "merged"
            record["head_sha"] = head
            record["merge_sha"] = commit
            return commit

    def comments(self, number: int) -> list[str]:
        """The comments on a PR, oldest first."""
        return [c["body"] for c in self._record(self._records(), number)["comments"]]

    # -- records ---------------------------------------------------------------------------------------

    def _records(self) -> list[dict[str, Any]]:
        try:
            return json.loads(self.records_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []

    @contextmanager
    def _locked(self) -> Iterator[list[dict[str, Any]]]:
        """The records under an exclusive lock, written back (atomically) when the block succeeds."""
        lock_path = self.git_dir / (RECORDS_FILE + ".lock")
        with open(lock_path, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            records = self._records()
            before = json.dumps(records, sort_keys=True)
            yield records
            if json.dumps(records, sort_keys=True) != before:
                tmp = self.records_path.with_suffix(".tmp")
                tmp.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
                os.replace(tmp, self.records_path)

    def _record(self, records: list[dict[str, Any]], number: int) -> dict[str, Any]:
        for record in records:
            if record["number"] == number:
                return record
        raise ForgeRefused("forge.no-pull-request", number=number)

    def _pull_request(self, record: dict[str, Any]) -> PullRequest:
        head = record.get("head_sha") or self._ref_sha(record["branch"]) or ""
        return PullRequest(
            number=record["number"],
            url=f"{self.repo_dir.as_uri()}#pull-{record['number']}",
            branch=record["branch"],
            head_sha=head,
            state=record["state"],
            title=record["title"],
        )

    # -- git plumbing ------------------------------------------------------------------------------------

    def _git(self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
        result = self._run(*args, input=input, env=env)
        if result.returncode != 0:
            raise ForgeUnavailable(
                "forge.git-failed", command=args[0], detail=result.stderr.decode(errors="replace").strip()
            )
        return result.stdout

    def _run(
        self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
        return subprocess.run(
            ["git", "-C", str(self.repo_dir), *args], input=input, capture_output=True, env=full_env
        )

    def _base_sha(self) -> str:
        sha = self._ref_sha(self.base_branch)
        if sha is None:
            raise ForgeRefused("forge.no-branch", branch=self.base_branch)
        return sha

    def _ref_sha(self, branch: str) -> str | None:
        result = self._run("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
        return result.stdout.decode().strip() if result.returncode == 0 else None

    def _parents(self, commit: str) -> list[str]:
        return self._git("rev-list", "--parents", "-n", "1", commit).decode().split()[1:]

    def _read_file(self, commit: str, path: str) -> bytes | None:
        entry = self._git("ls-tree", "-z", commit, "--", path).rstrip(b"\0")
        if not entry:
            return None
        meta, _, _ = entry.partition(b"\t")
        _mode, kind, sha = meta.decode().split()
        if kind != "blob":
            return None
        return self._git("cat-file", "blob", sha)

    def _config_files(self, commit: str) -> dict[str, bytes]:
        listing = self._git("ls-tree", "-r", "-z", commit, "--", "configs/")
        blobs: list[tuple[str, str]] = []
        for entry in filter(None, listing.split(b"\0")):
            meta, _, raw_path = entry.partition(b"\t")
            _mode, kind, sha = meta.decode().split()
            path = raw_path.decode("utf-8", errors="surrogateescape")
            if kind == "blob" and is_config_path(path):
                blobs.append((path, sha))
        if not blobs:
            return {}
        # One cat-file process for all blobs: a repo may hold thousands of configs.
        out = self._git("cat-file", "--batch", input="".join(f"{sha}\n" for _, sha in blobs).encode())
        files: dict[str, bytes] = {}
        pos = 0
        for path, _sha in blobs:
            header_end = out.index(b"\n", pos)
            size = int(out[pos:header_end].split()[2])
            files[path] = out[header_end + 1 : header_end + 1 + size]
            pos = header_end + 1 + size + 1
        return files

    def _commit_file(
        self,
        parent: str,
        path: str,
        content: bytes | None,
        change: Change | None = None,
        *,
        message: str | None = None,
        author: tuple[str, str] | None = None,
    ) -> str:
        """A new commit on ``parent`` with ``path`` set to ``content`` (removed for None)."""
        with tempfile.TemporaryDirectory(prefix="knada-forge-") as tmp:
            index_env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            self._git("read-tree", parent, env=index_env)
            if content is None:
                self._git("update-index", "--force-remove", "--", path, env=index_env)
            else:
                blob = self._git("hash-object", "-w", "--stdin", input=content).decode().strip()
                self._git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=index_env)
            tree = self._git("write-tree", env=index_env).decode().strip()
        if change is not None:
            message = message or change.commit_message
            author = author or (change.requester, f"{change.requester}@users.noreply.localhost")
        assert message is not None and author is not None
        return self._commit_tree(tree, [parent], message, author)

    def _commit_tree(self, tree: str, parents: list[str], message: str, author: tuple[str, str]) -> str:
        env = {
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": BOT_NAME,
            "GIT_COMMITTER_EMAIL": BOT_EMAIL,
        }
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        return self._git(*args, "-F", "-", input=message.encode("utf-8"), env=env).decode().strip()

    def _move_ref(self, branch: str, new: str, old: str) -> None:
        """Point ``branch`` at ``new`` only if it is still at ``old`` (all zeros: must not exist yet)."""
        result = self._run("update-ref", f"refs/heads/{branch}", new, old)
        if result.returncode != 0:
            # Someone moved the branch between our read and this write: the caller's view is stale.
            detail = result.stderr.decode(errors="replace").strip()
            raise ForgeUnavailable("forge.git-failed", command="update-ref", detail=detail)

    def _merge_tree(self, base: str, head: str) -> str | None:
        """The tree of merging ``head`` into ``base``, or None when they conflict."""
        result = self._run("merge-tree", "--write-tree", "--no-messages", base, head)
        if result.returncode == 0:
            return result.stdout.decode().split()[0]
        if result.returncode == 1:
            return None
        raise ForgeUnavailable(
            "forge.git-failed", command="merge-tree", detail=result.stderr.decode(errors="replace").strip()
        )


def _find_record(records: list[dict[str, Any]], branch: str) -> dict[str, Any] | None:
    return next((r for r in records if r["branch"] == branch), None)


def _check_path(path: str) -> None:
    if not is_config_path(path) or "\0" in path or "\n" in path:
        raise ForgeRefused("forge.bad-path", path=path)


def _encode(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8")


def _decode(content: bytes | None) -> str | None:
    return None if content is None else content.decode("utf-8", errors="replace")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
