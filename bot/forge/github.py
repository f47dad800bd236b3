"""``GitHubForge``: pull requests on GitHub (or GitHub Enterprise) through PyGithub.

Two rules shape this module:

* Every operation is safe to repeat from the start. PyGithub's own retry is switched off (its default
  retries a POST whose response was lost, which opens a second PR); instead each operation looks before it
  writes (is there a PR for the branch? does the branch exist? does the file already say this?) and treats
  GitHub's "already exists" answers as success. A transient failure (5xx, rate limit, network) anywhere
  restarts the whole operation, which then finds what the earlier attempt made.
* Requests are few: a one-file PR costs 6 in the steady state (find the PR, read the base ref, create the
  branch, write the file, create the PR, add labels); a snapshot costs 2 plus the archive download.

Backoff honours ``Retry-After`` and ``X-RateLimit-Reset``; a wait longer than ``max_wait`` or more than
``max_attempts`` attempts raise ``ForgeUnavailable`` (with ``retry_after``) so the caller's durable job can
retry later instead of holding a worker. Sleeping goes through the injectable ``sleep``.
"""

from __future__ import annotations

import io
import re
import tarfile
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx
import requests
from cryptography.hazmat.primitives import serialization
from github import Auth, Github, GithubException, GithubIntegration, InputGitAuthor, InputGitTreeElement
from github.PullRequest import PullRequest as GhPullRequest
from github.Repository import Repository

from bot.forge.base import (
    Check,
    CheckOutcome,
    ForgeConfigError,
    ForgeError,
    ForgeRefused,
    ForgeUnavailable,
    PullRequest,
    PullRequestStatus,
    Review,
    StaleChange,
    git_blob_sha,
    same_but_enc,
    with_gained_enc_lines,
)
from bot.hubconfig.policy import DEFAULT_POLICY, Policy
from bot.hubconfig.snapshot import ConfigSnapshot, SnapshotsBySha, is_config_path
from bot.lifecycle.change import Change
from bot.settings import Settings, SettingsError, load_settings

T = TypeVar("T")

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_REPO = "navikt/knada-jupyterhub"
DEFAULT_BASE_BRANCH = "main"
REPO_RE = re.compile(r"^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$")

# Commits carry the requester's NAV ident as author name. The address is deliberately unroutable: an ident
# is not a GitHub login, and a noreply address would attribute the commit to whoever owns that login.
AUTHOR_EMAIL_DOMAIN = "users.knada-bot.invalid"

# GitHub's "already exists" answers (422) that mean an earlier attempt did the work.
_REF_EXISTS = "reference already exists"
_PULL_EXISTS = "a pull request already exists"

_CHECK_RUN_OUTCOMES: dict[str, CheckOutcome] = {
    "success": "success",
    "neutral": "success",
    "skipped": "success",
    "failure": "failure",
    "cancelled": "failure",
    "timed_out": "failure",
    "action_required": "failure",
    "stale": "failure",
    "startup_failure": "failure",
}
_STATUS_OUTCOMES: dict[str, CheckOutcome] = {
    "success": "success",
    "failure": "failure",
    "error": "failure",
    "pending": "pending",
}
_REVIEW_STATES = {"APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"}
_MAX_ARCHIVE_BYTES = 200 * 1024 * 1024


class GitHubForge:
    """PRs against ``base_branch`` of ``repo`` ("owner/name") on the GitHub at ``api_url``.

    Authenticate as a GitHub App with ``app_id`` + ``private_key`` (PEM), or else with ``token``; the App's
    ``installation_id`` is looked up for the repo (once, on first use) when not given. The defaults for
    ``seconds_between_requests``/``seconds_between_writes`` follow GitHub's advice against secondary rate
    limits (serial requests, about a second between writes); tests pass None.
    """

    def __init__(
        self,
        *,
        api_url: str = DEFAULT_API_URL,
        repo: str = DEFAULT_REPO,
        base_branch: str = DEFAULT_BASE_BRANCH,
        token: str | None = None,
        app_id: int | None = None,
        private_key: str | None = None,
        installation_id: int | None = None,
        labels: tuple[str, ...] = ("knada-bot",),
        policy: Policy = DEFAULT_POLICY,
        seconds_between_requests: float | None = 0.25,
        seconds_between_writes: float | None = 1.0,
        timeout: int = 15,
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_wait: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not REPO_RE.match(repo):
            raise ForgeConfigError("forge.config-bad-repo", variable="GITHUB_REPO")
        if token is None and (app_id is None or private_key is None):
            raise ForgeConfigError("forge.config-no-credentials")
        if app_id is not None and private_key is not None:
            _check_private_key(private_key)  # fail at start, not at the first request
        self.api_url = api_url.rstrip("/")
        self.repo_name = repo
        self.owner = repo.split("/")[0]
        self.base_branch = base_branch
        self.labels = labels
        self.policy = policy
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_wait = max_wait
        self._token = token
        self._app_id = app_id
        self._private_key = private_key
        self._installation_id = installation_id
        self._pygithub_options: dict[str, Any] = {
            "base_url": self.api_url,
            "timeout": timeout,
            "per_page": 100,
            "retry": None,  # retries are ours, whole operations at a time: see the module docstring
            "seconds_between_requests": seconds_between_requests,
            "seconds_between_writes": seconds_between_writes,
        }
        self._timeout = timeout
        self._sleep = sleep
        self._clock = clock
        self._auth: Auth.Auth | None = None
        self._repo: Repository | None = None
        self._snapshots = SnapshotsBySha()
        # PyGithub's connection handling is not thread-safe, and GitHub asks for serial requests anyway.
        self._lock = threading.RLock()

    @classmethod
    def from_settings(
        cls, settings: Settings, policy: Policy = DEFAULT_POLICY, **options: Any
    ) -> GitHubForge:
        """A forge from the ``GITHUB_*`` settings (parsed and checked in ``bot.settings``, the one place);
        ``options`` go to the constructor. Errors name the variable at fault, never its value."""
        try:
            key = settings.github_private_key()
        except ValueError:
            raise ForgeConfigError("forge.config-unreadable-key", variable="GITHUB_APP_PRIVATE_KEY") from None
        if settings.GITHUB_APP_ID is not None and key is None:
            raise ForgeConfigError("forge.config-missing", variable="GITHUB_APP_PRIVATE_KEY")
        if settings.GITHUB_APP_ID is None and settings.GITHUB_TOKEN is None:
            raise ForgeConfigError("forge.config-no-credentials")
        pacing = settings.KNADA_GITHUB_WRITE_PACING
        defaults: dict[str, Any] = {
            "seconds_between_requests": pacing / 4 or None,
            "seconds_between_writes": pacing or None,
        }
        token = settings.GITHUB_TOKEN.get_secret_value() if settings.GITHUB_TOKEN else None
        return cls(
            api_url=settings.GITHUB_API_URL,
            repo=settings.GITHUB_REPO,
            base_branch=settings.GITHUB_BASE_BRANCH,
            token=None if settings.GITHUB_APP_ID is not None else token,
            app_id=settings.GITHUB_APP_ID,
            private_key=key if settings.GITHUB_APP_ID is not None else None,
            installation_id=settings.GITHUB_APP_INSTALLATION_ID,
            policy=policy,
            **(defaults | options),
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str], **options: Any) -> GitHubForge:
        """``from_settings`` for an environment mapping; a malformed variable is a ForgeConfigError."""
        try:
            settings = load_settings(env)
        except SettingsError as error:
            raise ForgeConfigError("forge.config-invalid", problems="; ".join(error.problems)) from None
        return cls.from_settings(settings, **options)

    # -- the Forge interface -------------------------------------------------------------------------------

    def snapshot(self) -> ConfigSnapshot:
        return self._retrying(self._snapshot)

    def open_pull_request(self, change: Change) -> PullRequest:
        _check_path(change.path)
        return self._retrying(lambda: self._open(change))

    def find_pull_request(self, branch: str) -> PullRequest | None:
        def find() -> PullRequest | None:
            pull = self._find_pull(branch)
            return _pull_request(pull) if pull is not None else None

        return self._retrying(find)

    def rebuild(self, change: Change) -> PullRequest:
        _check_path(change.path)
        return self._retrying(lambda: self._rebuild(change))

    def status(self, number: int) -> PullRequestStatus:
        return self._retrying(lambda: self._status(number))

    def close(self, number: int, comment: str | None = None) -> None:
        comment_sent: dict[str, bool] = {}  # "sent": a POST went out, "done": it is known to be there
        self._retrying(lambda: self._close(number, comment, comment_sent))

    # -- operations (each safe to run again from the top) ------------------------------------------------

    def _snapshot(self) -> ConfigSnapshot:
        sha = self._ref_sha(self.base_branch)

        def download() -> dict[str, bytes]:
            return self._download_configs(self._github_repo().get_archive_link("tarball", sha))

        return self._snapshots.get(sha, download, self.policy)

    def _open(self, change: Change) -> PullRequest:
        existing = self._find_pull(change.branch)
        if existing is not None:
            self._ensure_labels(existing)
            return _pull_request(existing)
        base_sha = self._ref_sha(self.base_branch)
        repo = self._github_repo()
        try:
            repo.create_git_ref(f"refs/heads/{change.branch}", base_sha)
            fresh_branch = True
        except GithubException as exc:
            if not _says(exc, 422, _REF_EXISTS):
                raise
            fresh_branch = False  # an earlier attempt made it, and maybe its commit
        self._write_file(change, fresh_branch)
        try:
            pull = repo.create_pull(
                base=self.base_branch, head=change.branch, title=change.title, body=change.body
            )
        except GithubException as exc:
            if not _says(exc, 422, _PULL_EXISTS):
                raise
            found = self._find_pull(change.branch)
            if found is None:
                raise
            pull = found
        self._ensure_labels(pull)
        return _pull_request(pull)

    def _write_file(self, change: Change, fresh_branch: bool) -> None:
        """Make the file on the PR branch say ``change.new_text``, unless it already does.

        On a branch just made from the base, write straight away with the blob sha of ``old_text`` (computed
        here, saving a read): GitHub refuses if the file is not what the change was planned on. Otherwise,
        or after such a refusal, read the file on the branch first.
        """
        if fresh_branch:
            try:
                self._put(change, _blob_sha(change.old_text))
                return
            except GithubException as exc:
                # 409: the file's sha is not old_text's; 422: it exists though the change creates it;
                # 404: it is gone though the change edits it. Look at what is there.
                if exc.status not in (404, 409, 422):
                    raise
        on_branch = self._read_text(change.path, change.branch)
        current = None if on_branch is None else on_branch[0]
        if same_but_enc(current, change.new_text):
            return
        if current != change.old_text:
            raise StaleChange("forge.stale-change", path=change.path)
        try:
            self._put(change, None if on_branch is None else on_branch[1])
        except GithubException as exc:
            # Another replica wrote the file between our read and our write: GitHub answers 409 (sha
            # mismatch), 422 ("sha" not supplied: it exists now) or 404 (already deleted). Look again later.
            if exc.status in (404, 409) or _says(exc, 422, '"sha"'):
                raise ForgeUnavailable("forge.unavailable", status=exc.status) from exc
            raise

    def _put(self, change: Change, sha: str | None) -> None:
        repo = self._github_repo()
        author = InputGitAuthor(change.requester, f"{change.requester}@{AUTHOR_EMAIL_DOMAIN}")
        if change.new_text is None:
            if sha is None:
                return  # nothing to delete
            repo.delete_file(change.path, change.commit_message, sha, branch=change.branch, author=author)
        elif sha is None:
            repo.create_file(
                change.path, change.commit_message, change.new_text, branch=change.branch, author=author
            )
        else:
            repo.update_file(
                change.path, change.commit_message, change.new_text, sha, branch=change.branch, author=author
            )

    def _rebuild(self, change: Change) -> PullRequest:
        pull = self._find_pull(change.branch)
        if pull is None:
            return self._open(change)  # nothing to rebuild yet: open it on the latest base
        if pull.state != "open":
            raise ForgeRefused("forge.pull-request-not-open", number=pull.number)
        repo = self._github_repo()
        base_sha = self._ref_sha(self.base_branch)
        branch_ref = repo.get_git_ref(f"heads/{change.branch}")
        head_sha = branch_ref.object.sha  # reading it also gives the ref its API url, for the edit below
        on_branch = self._read_text(change.path, head_sha)
        branch_text = None if on_branch is None else on_branch[0]
        content = None if change.new_text is None else with_gained_enc_lines(branch_text, change.new_text)
        if branch_text == content and [p.sha for p in repo.get_git_commit(head_sha).parents] == [base_sha]:
            return _pull_request(pull)  # an earlier attempt already rebuilt it
        at_base = self._read_text(change.path, base_sha)
        if (None if at_base is None else at_base[0]) != change.old_text:
            raise StaleChange("forge.stale-change", path=change.path)
        base = repo.get_git_commit(base_sha)
        if content is None:
            element = InputGitTreeElement(change.path, "100644", "blob", sha=None)
        else:
            element = InputGitTreeElement(change.path, "100644", "blob", content=content)
        tree = repo.create_git_tree([element], base_tree=base.tree)
        author = InputGitAuthor(change.requester, f"{change.requester}@{AUTHOR_EMAIL_DOMAIN}")
        commit = repo.create_git_commit(change.commit_message, tree, [base], author=author)
        # The branch moves in one step, so a crash leaves it either as it was or rebuilt, never half-way.
        branch_ref.edit(commit.sha, force=True)
        return _pull_request(pull, head_sha=commit.sha)

    def _status(self, number: int) -> PullRequestStatus:
        repo = self._github_repo()
        pull = repo.get_pull(number)
        pr = _pull_request(pull)
        reviews = tuple(
            Review(user=review.user.login if review.user else "", state=review.state)  # type: ignore[arg-type]
            for review in pull.get_reviews()
            if review.state in _REVIEW_STATES
        )
        commit = repo.get_commit(pr.head_sha)
        checks: list[Check] = []
        for run in commit.get_check_runs():
            outcome = (
                _CHECK_RUN_OUTCOMES.get(run.conclusion or "", "failure")
                if run.status == "completed"
                else "pending"
            )
            output = run.output
            summary = (output.title or output.summary) if output is not None else None
            checks.append(Check(run.name, outcome, run.html_url or run.details_url, summary))
        for status in commit.get_combined_status().statuses:
            # The combined state is "pending" when there are no statuses at all: fold each one instead.
            checks.append(
                Check(
                    status.context,
                    _STATUS_OUTCOMES.get(status.state, "pending"),
                    status.target_url,
                    status.description,
                )
            )
        return PullRequestStatus(
            pr=pr,
            checks=tuple(checks),
            reviews=reviews,
            mergeable=pull.mergeable,
            mergeable_state=pull.mergeable_state or "unknown",
        )

    def _close(self, number: int, comment: str | None, comment_sent: dict[str, bool]) -> None:
        pull = self._github_repo().get_pull(number)
        if pull.state != "open":
            return
        # Closing comes last, so a retry after any failure comes back here. The PR's comments are read only
        # when an earlier attempt sent the comment and lost the answer, so that it is written once.
        if comment and not comment_sent.get("done"):
            if not (comment_sent.get("sent") and any(c.body == comment for c in pull.get_issue_comments())):
                comment_sent["sent"] = True
                pull.create_issue_comment(comment)
            comment_sent["done"] = True
        pull.edit(state="closed")

    # -- building blocks -------------------------------------------------------------------------------

    def _find_pull(self, branch: str) -> GhPullRequest | None:
        pulls = self._github_repo().get_pulls(state="all", head=f"{self.owner}:{branch}")
        found = [pull for pull in pulls if pull.head.ref == branch]
        return next((p for p in found if p.state == "open"), found[0] if found else None)

    def _ensure_labels(self, pull: GhPullRequest) -> None:
        have = {label.name for label in pull.labels}
        missing = [label for label in self.labels if label not in have]
        if missing and pull.state == "open":
            pull.add_to_labels(*missing)

    def _ref_sha(self, branch: str) -> str:
        try:
            return self._github_repo().get_git_ref(f"heads/{branch}").object.sha
        except GithubException as exc:
            if exc.status == 404:
                raise ForgeRefused("forge.no-branch", branch=branch) from exc
            raise

    def _read_text(self, path: str, ref: str) -> tuple[str, str] | None:
        """The file's text and blob sha at ``ref``, or None when there is no such file."""
        try:
            content = self._github_repo().get_contents(path, ref=ref)
        except GithubException as exc:
            if exc.status == 404:
                return None
            raise
        if isinstance(content, list):  # a directory where a config should be
            raise StaleChange("forge.stale-change", path=path)
        return content.decoded_content.decode("utf-8"), content.sha

    def _download_configs(self, location: str) -> dict[str, bytes]:
        """``configs/*.yaml|yml`` from the tarball at ``location`` (GitHub's 302 target)."""
        url = urljoin(self.api_url + "/", location)
        headers = {"User-Agent": "knada-bot"}
        if _origin(url) == _origin(self.api_url):
            # The archive may live on another host (codeload); credentials go to the API's host only.
            # httpx drops Authorization itself on any further redirect to another origin.
            headers["Authorization"] = self._authorization()
        with (
            httpx.Client(timeout=self._timeout, follow_redirects=True) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code >= 400:
                raise _ArchiveError(response.status_code, response.headers)
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > _MAX_ARCHIVE_BYTES:
                    raise ForgeRefused("forge.archive-too-large")
        files: dict[str, bytes] = {}
        with tarfile.open(fileobj=io.BytesIO(bytes(data)), mode="r:*") as archive:
            for member in archive:
                # Members are "<owner>-<repo>-<sha>/<path>": drop the top directory.
                _, _, path = member.name.partition("/")
                if member.isfile() and is_config_path(path):
                    extracted = archive.extractfile(member)
                    if extracted is not None:
                        files[path] = extracted.read()
        return files

    # -- connection, auth and retries ----------------------------------------------------------------------

    def _github_repo(self) -> Repository:
        if self._repo is None:
            github = Github(auth=self._make_auth(), lazy=True, **self._pygithub_options)
            self._repo = github.get_repo(self.repo_name)
        return self._repo

    def _make_auth(self) -> Auth.Auth:
        if self._auth is not None:
            return self._auth
        if self._app_id is None or self._private_key is None:
            assert self._token is not None
            self._auth = Auth.Token(self._token)
            return self._auth
        app_auth = Auth.AppAuth(self._app_id, self._private_key)
        if self._installation_id is None:
            owner, name = self.repo_name.split("/")
            integration = GithubIntegration(auth=app_auth, lazy=True, **self._pygithub_options)
            self._installation_id = integration.get_repo_installation(owner, name).id
        self._auth = Auth.AppInstallationAuth(app_auth, self._installation_id)
        return self._auth

    def _authorization(self) -> str:
        auth = self._make_auth()
        self._github_repo()  # binds an App installation's auth to a requester, so it can fetch its token
        return f"{auth.token_type} {auth.token}"

    def _retrying(self, operation: Callable[[], T]) -> T:
        """Run ``operation``; after a transient failure, wait as GitHub asks and run it again from the top."""
        with self._lock:
            attempt = 0
            while True:
                status: int | None = None  # the HTTP status that failed, when there was one
                try:
                    return operation()
                except ForgeError as exc:
                    if not exc.transient:
                        raise
                    # A write that lost a race with another replica: look again, after a moment.
                    delay, status = self._backoff(attempt), exc.params.get("status")  # type: ignore[assignment]
                except GithubException as exc:
                    found = self._transient_delay(exc.status, exc.headers or {}, exc.data, attempt)
                    if found is None:
                        raise _refused(exc) from exc
                    delay, status = found, exc.status
                except _ArchiveError as exc:
                    found = self._transient_delay(exc.status, exc.headers, None, attempt)
                    if found is None:
                        raise ForgeRefused("forge.rejected", status=exc.status, detail="") from exc
                    delay, status = found, exc.status
                except (requests.RequestException, httpx.TransportError):
                    delay = self._backoff(attempt)
                attempt += 1
                if attempt >= self.max_attempts or delay > self.max_wait:
                    key = "forge.unavailable" if status is not None else "forge.unreachable"
                    raise ForgeUnavailable(key, retry_after=delay, status=status)
                self._sleep(delay)

    def _transient_delay(
        self, status: int, headers: Mapping[str, Any], data: Any, attempt: int
    ) -> float | None:
        """Seconds to wait before trying again, or None when the failure is not transient."""
        headers = {str(k).lower(): str(v) for k, v in headers.items()}
        message = str(data.get("message", "")).lower() if isinstance(data, dict) else ""
        primary = headers.get("x-ratelimit-remaining") == "0" or message.startswith("api rate limit exceeded")
        secondary = "secondary rate limit" in message or message.endswith("try again later.")
        rate_limited = status in (403, 429) and ("retry-after" in headers or primary or secondary)
        if status < 500 and not rate_limited:
            return None
        retry_after = headers.get("retry-after", "")
        if retry_after.strip().isdigit():
            return float(retry_after)
        reset = headers.get("x-ratelimit-reset", "")
        if primary and reset.isdigit():
            return max(int(reset) - self._clock(), 0) + 1  # the reset second itself may not be over yet
        if rate_limited:
            return 60.0  # GitHub: after a secondary limit without Retry-After, wait at least a minute
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        return float(min(self.backoff * 2**attempt, self.max_backoff))


class _ArchiveError(Exception):
    """The archive download answered an HTTP error (handled like a GitHub error by ``_retrying``)."""

    def __init__(self, status: int, headers: Mapping[str, str]) -> None:
        super().__init__(status)
        self.status = status
        self.headers = dict(headers)


def _pull_request(pull: GhPullRequest, *, head_sha: str | None = None) -> PullRequest:
    # merged_at, not merged: list responses lack "merged", and PyGithub would fetch the PR to fill it in.
    state = "merged" if pull.merged_at is not None else "open" if pull.state == "open" else "closed"
    return PullRequest(
        number=pull.number,
        url=pull.html_url,
        branch=pull.head.ref,
        head_sha=head_sha or pull.head.sha,
        state=state,  # type: ignore[arg-type]
        title=pull.title,
    )


def _says(exc: GithubException, status: int, text: str) -> bool:
    """Whether GitHub answered ``status`` with ``text`` in its message or in one of its errors."""
    if exc.status != status or not isinstance(exc.data, dict):
        return False
    said = [str(exc.data.get("message", ""))]
    for error in exc.data.get("errors") or []:
        said.append(str(error.get("message", "")) if isinstance(error, dict) else str(error))
    return any(text in s.lower() for s in said)


def _refused(exc: GithubException) -> ForgeRefused:
    if exc.status == 401:
        return ForgeRefused("forge.bad-credentials")
    if exc.status == 403:
        return ForgeRefused("forge.forbidden")
    if exc.status == 404:
        return ForgeRefused("forge.not-found")
    # GitHub's own message says what was wrong with the request; it never echoes credentials.
    detail = str(exc.data.get("message", "")) if isinstance(exc.data, dict) else ""
    return ForgeRefused("forge.rejected", status=exc.status, detail=detail)


def _blob_sha(text: str | None) -> str | None:
    return None if text is None else git_blob_sha(text.encode("utf-8"))


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def _check_path(path: str) -> None:
    if not is_config_path(path) or "\0" in path or "\n" in path:
        raise ForgeRefused("forge.bad-path", path=path)


def _check_private_key(pem: str) -> None:
    try:
        serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise ForgeConfigError("forge.config-bad-key", variable="GITHUB_APP_PRIVATE_KEY") from exc
