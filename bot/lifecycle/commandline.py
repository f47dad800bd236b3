"""``knada-bot plan`` and ``knada-bot submit``: a /knada request from the command line.

``plan`` prints the diff a request would make against a checkout and writes nothing; ``submit`` opens the
pull request with the configured forge (GitHub when GitHub credentials are in the environment, else the
git repository given with ``--repo``) and prints its URL. The same request id always gives the same PR.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from bot import catalog
from bot.hubconfig.policy import Policy
from bot.hubconfig.snapshot import ConfigSnapshot, snapshot_from_directory
from bot.lifecycle.change import REQUEST_ID_RE, Change, branch_for
from bot.lifecycle.commands import ChangeCommand
from bot.lifecycle.grammar import NeedsModal, ParseError, escape, parse
from bot.lifecycle.planning import Planner, Refusal, Requester

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
SAMPLE_REPO = Path(__file__).resolve().parent.parent / "sample" / "config-repo"


class UsageError(Exception):
    pass


def _request_text(words: list[str]) -> str:
    # One argument is the request as typed in Slack; several are shell words, re-quoted so that a value
    # with spaces stays one value.
    return words[0] if len(words) == 1 else shlex.join(words)


def _policy(args: argparse.Namespace) -> Policy:
    try:
        return Policy.load(args.policy or os.environ.get("KNADA_POLICY"))
    except (OSError, ValueError) as error:
        raise UsageError(f"policy: {error}") from error


def _change_command(words: list[str]) -> ChangeCommand:
    if not words:
        raise UsageError("give the request after --, e.g.: knada-bot plan -- hub users add kyrre e123456")
    try:
        # parse() reads text as Slack delivers it, with & < > escaped; a terminal delivers it raw.
        command = parse(escape(_request_text(words)))
    except NeedsModal as needs:
        raise UsageError(needs.message()) from None
    except ParseError as error:
        raise UsageError(error.message()) from None
    if not isinstance(command, ChangeCommand):
        raise UsageError(catalog.text("cli.not-a-change"))
    return command


def _requester(args: argparse.Namespace) -> Requester:
    ident = args.ident or os.environ.get("KNADA_IDENT")
    if ident is None:
        raise UsageError(catalog.text("cli.needs-ident"))
    return Requester(ident=ident, is_admin=args.admin)


def _plan(args: argparse.Namespace, words: list[str], snapshot: ConfigSnapshot, request_id: str) -> Change:
    command = _change_command(words)
    planner = Planner(snapshot=snapshot, domain=os.environ.get("KNADA_HUB_DOMAIN", "jupyter.adeo.no"))
    return planner.plan(command, _requester(args), request_id)


def run_plan(args: argparse.Namespace, words: list[str]) -> int:
    try:
        repo = Path(args.repo) if args.repo else SAMPLE_REPO
        try:
            snapshot = snapshot_from_directory(repo, _policy(args))
        except FileNotFoundError as error:
            raise UsageError(str(error)) from None
        change = _plan(args, words, snapshot, request_id="R-1")
    except UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except Refusal as refusal:
        print(refusal.message(), file=sys.stderr)
        return EXIT_REFUSED
    sys.stdout.write(change.diff())
    return EXIT_OK


def run_submit(args: argparse.Namespace, words: list[str]) -> int:
    from bot.forge.base import ForgeError

    try:
        request_id = args.request_id or f"R-{int(time.time())}"
        if not REQUEST_ID_RE.match(request_id):
            raise UsageError(catalog.text("cli.bad-request-id", request_id=request_id))
        forge = _forge(args)
        existing = forge.find_pull_request(branch_for(request_id))
        if existing is not None:
            print(existing.url)
            return EXIT_OK
        snapshot = forge.snapshot()
        change = _plan(args, words, snapshot, request_id)
        pr = forge.open_pull_request(change)
    except UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except Refusal as refusal:
        print(refusal.message(), file=sys.stderr)
        return EXIT_REFUSED
    except ForgeError as error:
        print(catalog.text("cli.forge-failed", error=str(error)), file=sys.stderr)
        return EXIT_REFUSED
    print(pr.url)
    return EXIT_OK


def _forge(args: argparse.Namespace):
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        raise UsageError("\n".join(error.problems)) from None
    if settings.GITHUB_TOKEN is not None or settings.GITHUB_APP_ID is not None:
        from bot.forge.github import GitHubForge

        try:
            return GitHubForge.from_settings(settings, _policy(args))
        except ValueError as error:
            raise UsageError(str(error)) from None
    if args.repo:
        from bot.forge.local import LocalForge

        return LocalForge(Path(args.repo), base_branch=settings.GITHUB_BASE_BRANCH)
    raise UsageError(catalog.text("cli.no-forge"))
