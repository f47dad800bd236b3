"""``knada-bot local``: the whole bot offline, in a terminal, through the code that runs in production.

The Slack side is a local workspace (``slack``) that the real Bolt app talks to and that the console
(``console``) shows as text; GitHub is a git repository behind ``LocalForge``, whose PR events reach the
bot as signed webhook deliveries (``webhooks``); the service, its database and its job queue are built as
``knada-bot serve`` builds them (``runtime``). ``run_local`` is the command.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from bot import catalog
from bot.local.console import IDENT_RE, Console, script_reader, stream_reader
from bot.local.runtime import LocalBot, RepoError
from bot.settings import SettingsError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: The person you are when you don't say: e152435 is a user of the sample repo's hub ``kyrre``.
DEFAULT_IDENT = "e152435"


def configure_process(level: str = "WARNING") -> None:
    """Set up the ``knada-bot local`` process: plain log lines on stderr (stdout is the transcript), and
    no HTTP proxy.

    Every HTTP call the offline mode makes goes to its own Slack on 127.0.0.1, and slack_sdk sends all
    calls through ``HTTPS_PROXY``/``HTTP_PROXY`` when one is set (NO_PROXY notwithstanding), including
    those of the client Bolt builds per request: a proxy could only break them.
    """
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # Bolt's "unhandled request" warning prints a code sample; the console says it in one line.
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        os.environ.pop(name, None)


def default_repo() -> Path:
    return Path.home() / ".knada-local" / "config-repo"


def run_local(
    *,
    repo: str | None = None,
    ident: str | None = None,
    admin: bool = False,
    script: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run the console (interactive, or the steps of ``script``) and return the exit code: 0, 1 when a
    script step failed, 2 for a usage error (a bad ident, an unreadable script, an unusable repository)."""
    environ = os.environ if environ is None else environ
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    lang = environ.get("KNADA_LANGUAGE")
    lang = lang if lang in catalog.LANGUAGES else catalog.DEFAULT_LANGUAGE  # settings check it properly
    typed = ident or environ.get("KNADA_IDENT") or DEFAULT_IDENT
    ident = typed.strip().lstrip("@")
    if not IDENT_RE.match(ident):
        print(catalog.text("local.bad-ident", lang, ident=typed), file=sys.stderr)
        return EXIT_USAGE
    lines: list[str] | None = None
    if script is not None:
        try:
            lines = Path(script).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            print(catalog.text("local.no-script", lang, path=script, error=error), file=sys.stderr)
            return EXIT_USAGE
    try:
        bot = LocalBot(Path(repo) if repo else default_repo(), environ)
    except (RepoError, SettingsError, ValueError, OSError) as error:  # ValueError: a bad policy
        print(catalog.text("local.startup-error", lang, error=error), file=sys.stderr)
        return EXIT_USAGE
    try:
        console = Console(bot, stdout, ident)
        if admin:
            bot.workspace.set_admin(console.user, True)
        console.greet()
        if lines is not None:
            numbers: list[int] = []
            return console.run(script_reader(lines, stdout, numbers), script=True, line_numbers=numbers)
        return console.run(stream_reader(stdin, stdout, echo=not stdin.isatty()))
    except KeyboardInterrupt:
        stdout.write("\n")
        return EXIT_OK
    finally:
        bot.close()
