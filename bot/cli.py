"""The ``knada-bot`` command line: serve | validate | plan | submit | local.

Each subcommand's work lives with its domain; this module only parses arguments and maps outcomes to exit
codes (0 done, 1 findings or refusal, 2 usage error).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="knada-bot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check config files or a config repo checkout")
    validate.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    validate.add_argument("--format", choices=("text", "github", "json"), default="text")
    validate.add_argument("--policy", help="YAML policy file (default: $KNADA_POLICY or built-in)")

    for name, helptext in (
        ("plan", "print the diff a /knada request would make, writing nothing"),
        ("submit", "plan a /knada request and open its pull request"),
    ):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("--repo", default=None, help="config repo checkout (default: the bundled example)")
        cmd.add_argument("--as", dest="ident", default=None, help="NAV ident of the requester")
        cmd.add_argument("--admin", action="store_true", help="request as a knada admin")
        cmd.add_argument("--policy", help="YAML policy file (default: $KNADA_POLICY or built-in)")
        if name == "submit":
            cmd.add_argument("--request-id", default=None, help="reuse an id to make a retry idempotent")
        cmd.add_argument("request", nargs=argparse.REMAINDER, help="-- then the text after /knada")

    sub.add_parser("serve", help="run the Slack app, webhooks and probes")
    local = sub.add_parser("local", help="run the whole bot offline in this terminal")
    local.add_argument("--repo", default=None, help="config repo (default: ~/.knada-local/config-repo)")
    local.add_argument("--as", dest="ident", default=None, help="your NAV ident in the console")
    local.add_argument("--admin", action="store_true", help="start as a knada admin")
    local.add_argument("--script", default=None, help="run the console commands in FILE and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "validate":
        from bot.hubconfig.validate import run_validate

        return run_validate(args.paths, fmt=args.format, policy_path=args.policy)
    if args.command in ("plan", "submit"):
        from bot.lifecycle.commandline import run_plan, run_submit

        request = list(args.request)
        if request and request[0] == "--":
            request = request[1:]
        runner = run_plan if args.command == "plan" else run_submit
        return runner(args, request)
    if args.command == "serve":
        from bot.serve import run_serve

        return run_serve()
    if args.command == "local":
        from bot.local import configure_process, run_local

        configure_process()
        return run_local(repo=args.repo, ident=args.ident, admin=args.admin, script=args.script)
    print(f"knada-bot {args.command}: not available yet", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
