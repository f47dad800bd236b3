"""Wiring for ``knada-bot local``: the production service over a git repository and a local Slack.

``LocalBot`` builds what ``knada-bot serve`` builds (``bot.serve.build``: settings, database, service,
job worker; ``create_app``: the Bolt app and its listeners; ``WebApp``: the webhook endpoint), with local
values in place of credentials:

- the config repo is a git repository on disk behind ``LocalForge``; a directory that does not exist (or is
  empty) is created from the bundled sample config repo, as one commit on ``main``;
- the database is SQLite in ``<git dir>/knada-local/knada-bot.db``, next to the forge's PR records, so the
  repository carries all of its state, stays clean for ``git status``, and survives restarts;
- Slack is ``LocalSlack`` on 127.0.0.1; the signing and webhook secrets are random for each run;
- jobs run in this thread, between steps (``drain``), so output comes in a fixed order.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy import select

from bot.forge.base import ForgeRefused, PullRequestStatus
from bot.forge.local import LocalForge
from bot.hubconfig.policy import Policy
from bot.local.payloads import SlackRequests
from bot.local.slack import ADMIN_GROUP, CHANNEL_ID, IDENT_FIELD, LocalSlack, Workspace
from bot.local.webhooks import Webhooks
from bot.serve import build
from bot.settings import Settings, load_settings
from bot.slack.app import create_app
from bot.slack.identity import AdminDirectory
from bot.store.models import Job, Request
from bot.web import WebApp

SAMPLE_REPO = Path(__file__).resolve().parent.parent / "sample" / "config-repo"
STATE_DIR = "knada-local"
REPOSITORY = "local/knada-jupyterhub"
#: Variables a user may set for the offline mode; everything else is local.
PASSED_THROUGH = ("KNADA_LANGUAGE", "KNADA_HUB_DOMAIN", "KNADA_POLICY", "GITHUB_BASE_BRANCH")
MAX_JOBS_PER_DRAIN = 1000
LOCAL_BOT_TOKEN = "xoxb-local-offline"  # not a secret: the local Slack takes any token
_GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "knada-bot local",
    "GIT_AUTHOR_EMAIL": "knada-bot@users.noreply.localhost",
    "GIT_COMMITTER_NAME": "knada-bot local",
    "GIT_COMMITTER_EMAIL": "knada-bot@users.noreply.localhost",
}


class RepoError(Exception):
    """The repository can't be used (not git, no base branch, git missing); the message says why."""


@dataclass(frozen=True)
class JobFailure:
    kind: str
    request_id: str | None
    error: str
    dead: bool


def prepare_repo(path: Path, base_branch: str = "main") -> bool:
    """Make sure ``path`` is a git repository with ``base_branch``; create it from the sample if it does
    not exist or is empty. Returns whether it was created."""
    created = not path.exists() or (path.is_dir() and not any(path.iterdir()))
    if created:
        shutil.copytree(SAMPLE_REPO, path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        _git(path, "init", "-q")
        _git(path, "symbolic-ref", "HEAD", f"refs/heads/{base_branch}")
        _git(path, "add", "-A")
        # A signing setup in the user's git config must not stop a throwaway sample commit.
        _git(path, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "Configs from the knada-bot sample")
    elif not path.is_dir():
        raise RepoError(f"{path} is not a directory")
    else:
        try:
            _git(path, "rev-parse", "--git-dir")
        except RepoError:
            raise RepoError(
                f"{path} is not a git repository (give a new directory to start from the sample)"
            ) from None
        try:
            _git(path, "rev-parse", "--verify", "--quiet", f"refs/heads/{base_branch}")
        except RepoError:
            raise RepoError(f"{path} has no branch {base_branch}") from None
    return created


def _git(path: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(path), *args],
            capture_output=True,
            text=True,
            env={**os.environ, **_GIT_IDENTITY, "GIT_TERMINAL_PROMPT": "0"},
        )
    except FileNotFoundError:
        raise RepoError("git is not installed: knada-bot local keeps the config repo in git") from None
    if result.returncode != 0:
        raise RepoError(f"git {args[0]} failed in {path}: {result.stderr.strip()}")
    return result.stdout


def local_settings(state_dir: Path, environ: Mapping[str, str]) -> tuple[Settings, str, str]:
    """Settings for the offline mode, and the run's Slack signing secret and webhook secret."""
    signing_secret, webhook_secret = secrets.token_hex(16), secrets.token_hex(16)
    env = {name: environ[name] for name in PASSED_THROUGH if environ.get(name)}
    env.update(
        SLACK_BOT_TOKEN=LOCAL_BOT_TOKEN,
        SLACK_SIGNING_SECRET=signing_secret,
        GITHUB_WEBHOOK_SECRET=webhook_secret,
        GITHUB_REPO=REPOSITORY,
        DATABASE_URL=f"sqlite:///{state_dir / 'knada-bot.db'}",
        KNADA_CHANNEL=CHANNEL_ID,
        KNADA_ADMIN_GROUP=ADMIN_GROUP,
        KNADA_IDENT_FIELD=IDENT_FIELD,
    )
    return load_settings(env), signing_secret, webhook_secret


class LocalBot:
    """The bot, a LocalForge over ``repo_dir`` and a local Slack, in this process. ``close()`` when done."""

    def __init__(self, repo_dir: Path, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        base_branch = environ.get("GITHUB_BASE_BRANCH") or "main"
        self.created = prepare_repo(repo_dir, base_branch)
        self.state_dir = Path(_git(repo_dir, "rev-parse", "--absolute-git-dir").strip()) / STATE_DIR
        self.state_dir.mkdir(exist_ok=True)
        settings, signing_secret, webhook_secret = local_settings(self.state_dir, environ)
        self.settings = settings
        policy = Policy.load(settings.KNADA_POLICY)
        self.forge = LocalForge(repo_dir, settings.GITHUB_BASE_BRANCH, policy=policy)
        self.slack = LocalSlack().start()
        try:
            client = WebClient(token=LOCAL_BOT_TOKEN, base_url=self.slack.api_url)
            runtime = build(settings, forge=self.forge, client=client)
            self.service = runtime.service
            self.worker = runtime.worker
            # The console switches admins on and off between commands; Slack's answer is not cached here.
            self.service.admins = AdminDirectory(client, group_id=ADMIN_GROUP, ttl=0)
            self.app = create_app(self.service, signing_secret=signing_secret, client=client)
            self.requests = SlackRequests(self.app, self.slack.workspace, signing_secret)
            web = WebApp(self.service, self.app)
            self.webhooks = Webhooks(web, webhook_secret, REPOSITORY, settings.GITHUB_BASE_BRANCH)
        except BaseException:
            self.slack.stop()
            raise

    @property
    def workspace(self) -> Workspace:
        return self.slack.workspace

    def close(self) -> None:
        self.slack.stop()
        self.service.engine.dispose()

    # -- jobs ---------------------------------------------------------------------------------------------

    def drain(self) -> list[JobFailure]:
        """Run every job that is due, until none is; return the runs that failed."""
        before = self._job_attempts()
        for _ in range(MAX_JOBS_PER_DRAIN):
            if not self.worker.run_once("local"):
                break
        # What serve's reconciler does every minute, done between steps here (where a minute may hold
        # many steps): after a merge, the fast path plans on the configs as they are now.
        if self.service.snapshots.stale():
            self.service.reconcile()
        failures = []
        with self.service.reads() as session:
            rows = session.execute(
                select(Job, Request)
                .outerjoin(Request, Request.id == Job.request_id)
                .where(Job.state.in_(("queued", "dead")), Job.last_error.is_not(None))
            ).all()
            for job, request in rows:
                if job.attempts > before.get(job.id, 0):
                    request_id = request.request_id if request is not None else None
                    failures.append(
                        JobFailure(job.kind, request_id, job.last_error or "", job.state == "dead")
                    )
        return failures

    def _job_attempts(self) -> dict[int, int]:
        with self.service.reads() as session:
            return {job_id: attempts for job_id, attempts in session.execute(select(Job.id, Job.attempts))}

    # -- what the console compares before and after a step ------------------------------------------------

    def request_states(self) -> dict[str, tuple[str, str | None]]:
        """``R-42 -> (state, failure reason)`` for every request."""
        with self.service.reads() as session:
            return {r.request_id: (r.state, r.failure_reason) for r in session.scalars(select(Request))}

    def pull_requests(self) -> list[PullRequestStatus]:
        """Every PR in the repository, oldest first."""
        found = []
        number = 1
        while True:
            try:
                found.append(self.forge.status(number))
            except ForgeRefused:  # PR numbers count up from 1 with no gaps: the first missing one ends them
                return found
            number += 1

    def merge(self, number: int) -> str:
        """Merge PR ``number`` as GitHub's merge button would, and bring a checked-out work tree along.

        LocalForge moves the base branch without touching any work tree. When the repository has one on
        that branch, it is updated as ``git pull`` would (a two-tree ``read-tree``, which refuses to
        overwrite local changes: then the work tree is left as it was), so the files a person opens are
        the ones on the branch.
        """
        before = self.forge.status(number)  # raises ForgeRefused for an unknown PR, as merge would
        base = _git(self.forge.repo_dir, "rev-parse", f"refs/heads/{self.forge.base_branch}").strip()
        sha = self.forge.merge(before.pr.number)
        if self._work_tree_on_base():
            subprocess.run(
                ["git", "-C", str(self.forge.repo_dir), "read-tree", "-m", "-u", base, sha],
                capture_output=True,
                env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
            )
        return sha

    def _work_tree_on_base(self) -> bool:
        repo = self.forge.repo_dir
        try:
            if _git(repo, "rev-parse", "--is-bare-repository").strip() == "true":
                return False
            return _git(repo, "symbolic-ref", "-q", "HEAD").strip() == f"refs/heads/{self.forge.base_branch}"
        except RepoError:  # a detached HEAD
            return False

    def diff(self, pr: PullRequestStatus) -> str:
        """What an open PR changes: its head against where it forked from the base branch."""
        repo = self.forge.repo_dir
        fork_point = _git(repo, "merge-base", self.forge.base_branch, pr.pr.head_sha).strip()
        return _git(repo, "diff", "--no-color", fork_point, pr.pr.head_sha)

    def command_outcomes(self) -> dict[str, float]:
        """How many slash commands ended in each outcome (accepted, refused, usage, ...), from metrics."""
        counts: dict[str, float] = {}
        for metric in self.service.metrics.commands.collect():
            for sample in metric.samples:
                if sample.name.endswith("_total"):
                    counts[sample.labels["outcome"]] = sample.value
        return counts
