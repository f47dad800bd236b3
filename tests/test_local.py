"""``knada-bot local``: scripts and a piped-in session through the real bot, a local Slack and LocalForge.

Assertions are on what a person sees (the transcript: cards, thread replies, ephemerals, modals) and on
what lands in the config repository (files on main and on PR branches).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import Ack
from slack_sdk import WebClient

from bot import catalog
from bot.local import run_local
from bot.local.console import Console, script_reader, slack_text
from bot.local.payloads import SlackRequests
from bot.local.runtime import LocalBot
from bot.local.slack import CHANNEL_ID

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo.knada"
ENGLISH = {"KNADA_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    yield
    catalog.set_default_language(None)  # build() sets the process-wide default; leave it as found


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def show(repo: Path, ref: str, path: str) -> str | None:
    result = subprocess.run(["git", "-C", str(repo), "show", f"{ref}:{path}"], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def branches(repo: Path) -> list[str]:
    return git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/").split()


def run_script(
    tmp_path: Path, script: str, repo: Path | None = None, **options: Any
) -> tuple[int, str, Path]:
    repo = repo or tmp_path / "config-repo"
    path = tmp_path / "steps.knada"
    path.write_text(script, encoding="utf-8")
    out = io.StringIO()
    code = run_local(repo=str(repo), script=str(path), stdout=out, environ=ENGLISH, **options)
    return code, out.getvalue(), repo


def section(transcript: str, step: str) -> str:
    """What the transcript shows from the step ``step`` (its prompt line) to the next prompt."""
    start = transcript.index(step)
    following = re.search(r"^\w+(?: \(admin\))?> ", transcript[start + len(step) :], re.M)
    end = start + len(step) + following.start() if following else len(transcript)
    return transcript[start:end]


REQUESTS_TODAY = """\
# Ola asks for a hub; GitHub checks it; a code owner approves; it merges.
/as b999999
/knada hub create analyse --memory 4GB
/checks
!/merge
/approve
/merge
# A colleague on kyrre, by mention.
/as e152435
/knada hub users add kyrre @g678901
/checks
/approve
/merge
!/knada hub users add kyrre g678901
/knada hub limits kyrre --memory 8GB --cpu 2
/checks
/approve
/merge
/knada hub users remove kyrre g678901
/checks
/approve
/merge
!/knada hub limits fiskeri --memory 8GB
/as a111111
/knada hub delete fiskeri
/prs
"""


def test_a_script_takes_requests_from_command_to_merge(tmp_path: Path) -> None:
    code, transcript, repo = run_script(tmp_path, REQUESTS_TODAY)

    assert code == 0, transcript
    assert "Config repo: " in transcript and "(new, made from the bundled sample config repo)" in transcript
    assert transcript.rstrip().endswith("Script done: 24 steps, all as expected.")
    # Each step is shown after the prompt of the person who typed it.
    assert "b999999> /knada hub create analyse --memory 4GB\n" in transcript

    create = section(transcript, "b999999> /knada hub create analyse --memory 4GB")
    assert "only visible to you\n    Received: R-1 (New hub analyse)." in create
    assert "*New hub analyse*  ·  R-1  ·  asked by @b999999" in create
    assert "↳ Pull request opened: #1 New hub: analyse" in create
    checks = section(transcript, "b999999> /checks")
    assert "the check added a commit to knada-bot/r-1" in checks
    assert "GitHub · PR #1: the check validate passed." in checks
    # The card is updated in place, and the console marks what changed on it.
    assert "updated in place (- was, + is now)" in checks
    assert "  - Status: *PR open* · waiting for the checks\n" in checks
    assert "  + Status: *checks passed* · waiting for a review by a code owner\n" in checks
    assert "GitHub says no: " in section(transcript, "b999999> !/merge")
    merged = section(transcript, "b999999> /merge")
    assert "GitHub · PR #1 is merged into main" in merged
    assert "Merged :tada: The hub comes up at https://analyse.jupyter.adeo.no" in merged
    assert "+ Status: *done*" in merged

    # The hub is on main, with the line the check appended, exactly once.
    analyse = show(repo, "main", "configs/analyse.yaml")
    assert analyse is not None
    assert analyse.startswith("namespace: analyse\ningress: analyse\nusers:\n  - b999999\nmemoryLimit: 4GB\n")
    assert len(re.findall(r"^secretToken\.enc: \S+$", analyse, re.M)) == 1

    # The mention was resolved to an ident; the second ask changed nothing and opened no PR.
    assert show(repo, "knada-bot/r-2", "configs/kyrre.yaml") == (
        "namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\n  - g678901\n"
    )
    again = section(transcript, "e152435> !/knada hub users add kyrre g678901")
    assert "only visible to you" in again and "already" in again
    assert "Received" not in again
    assert "memoryLimit: 8GB\ncpuLimit: 2\n" in (show(repo, "main", "configs/kyrre.yaml") or "")
    # Removing the user again leaves the chore of deleting them from the hub's database.
    removed = section(transcript, "e152435> /knada hub users remove kyrre g678901")
    assert "R-4" in removed
    assert "kyrre.jupyter.adeo.no/hub/admin" in transcript
    assert show(repo, "main", "configs/kyrre.yaml") == (
        "namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\nmemoryLimit: 8GB\ncpuLimit: 2\n"
    )
    # e152435 is not a user of fiskeri; a111111 is, and asks to delete it: an admin must approve first.
    assert "Received" not in section(transcript, "e152435> !/knada hub limits fiskeri --memory 8GB")
    deletion = section(transcript, "a111111> /knada hub delete fiskeri")
    assert "*Delete the hub fiskeri*  ·  R-5  ·  asked by @a111111" in deletion
    assert "@knada-admins" in deletion and "must approve" in deletion
    assert show(repo, "main", "configs/fiskeri.yaml") is not None

    prs = section(transcript, "a111111> /prs")
    assert "#1 merged · knada-bot/r-1 · New hub: analyse · check ✓ validate · approved by b999999" in prs
    assert "#4 merged · knada-bot/r-4" in prs and "#5" not in prs
    assert branches(repo) == ["knada-bot/r-1", "knada-bot/r-2", "knada-bot/r-3", "knada-bot/r-4", "main"]
    assert git(repo, "status", "--porcelain") == ""  # the state lives in the git directory


def test_the_demo_runs_from_a_new_hub_to_its_deletion_and_the_admins_chores(tmp_path: Path) -> None:
    code, transcript, repo = run_script(tmp_path, DEMO.read_text(encoding="utf-8"))

    assert code == 0, transcript
    assert transcript.rstrip().endswith("Script done: 37 steps, all as expected.")
    assert "namespace `analyse`" in section(transcript, "b999999> /knada hub show analyse")
    # Not even an admin approves their own deletion; another admin does, after a confirmation dialog.
    own = section(transcript, "b999999 (admin)> !/press approve_deletion")
    assert "  Approve (y) / No (n)? y\n#knada · knada-bot · only visible to you\n" in own
    assert "another knada admin must approve" in own
    approved = section(transcript, "x100001 (admin)> /press approve_deletion")
    assert "↳ Pull request opened: #5 " in approved
    # The admins' chores: each Done ticks one off; the last one finishes the request.
    merged = section(transcript, "x100001 (admin)> /merge")
    assert "+ Status: *chores* · waiting for the knada admins to do the chores (0 of 2 done)" in merged
    assert "helm uninstall jupyterhub-analyse -n analyse" in merged
    assert transcript.count("All the chores are done. The request is finished.") == 2
    assert "No open requests." in section(transcript, "x100001 (admin)> /knada requests")

    # On main, the hub came (with the check's secretToken.enc line), changed, and went.
    assert show(repo, "main", "configs/analyse.yaml") is None
    history = git(repo, "log", "--format=%s", "--", "configs/analyse.yaml").splitlines()
    assert history[0] == "Delete hub: analyse" and history[-1] == "New hub: analyse"
    assert "Add encrypted secretToken to configs/analyse.yaml" in history  # the check's commit
    assert len(history) == 6  # the bot's five commits (one per PR), and the check's
    created = git(repo, "log", "--format=%H", "--diff-filter=A", "--", "configs/analyse.yaml").split()
    first = show(repo, created[-1], "configs/analyse.yaml") or ""
    assert first.startswith("namespace: analyse\ningress: analyse\nusers:\n  - b999999\nmemoryLimit: 4GB\n")
    assert branches(repo) == [f"knada-bot/r-{n}" for n in range(1, 6)] + ["main"]
    assert (repo / "configs" / "analyse.yaml").exists() is False  # the work tree followed main


def test_failed_checks_and_a_pr_closed_on_github_reach_the_card(tmp_path: Path) -> None:
    repo = tmp_path / "config-repo"
    LocalBot(repo, ENGLISH).close()  # the repository from the sample, before anyone asks for anything
    (repo / "configs" / "broken.yaml").write_text("namespace: broken\ningress: broken\nusers: []\n")
    git(repo, "add", "configs/broken.yaml")
    git(repo, "-c", "user.name=Someone", "-c", "user.email=s@example.org", "commit", "-qm", "Break it")

    script = "/knada hub users add kyrre g678901\n/diff\n/checks\n!/merge\n/close\n/diff 1\n"
    code, transcript, _ = run_script(tmp_path, script, repo=repo, admin=True)

    assert code == 0, transcript
    assert "You are @e152435 (knada admin) in #knada." in transcript
    assert "    +  - g678901\n" in section(transcript, "e152435 (admin)> /diff\n")
    failing = section(transcript, "e152435 (admin)> /checks")
    assert "GitHub · PR #1: the check validate failed:\n" in failing
    assert "configs/broken.yaml" in failing
    assert "the check validate failed" in failing  # the thread reply, mentioning the requester
    assert "  + Status: *checks failed*" in failing
    closed = section(transcript, "e152435 (admin)> /close")
    assert "GitHub · PR #1 is closed without a merge." in closed
    assert "The pull request was closed without a merge, so the request is cancelled." in closed
    assert "  + Status: *cancelled*" in closed
    assert "PR #1 is closed; /diff shows open pull requests." in transcript


def test_the_console_speaks_norwegian_unless_told_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "steps.knada"
    path.write_text("/prs\n/knada hub users add kyrre e152435\n")
    out = io.StringIO()

    code = run_local(repo=str(tmp_path / "repo"), script=str(path), stdout=out, environ={})

    assert code == 1
    assert "Du er @e152435 i #knada. Skriv /help for å se kommandoene." in out.getvalue()
    assert "Det finnes ingen pull requests ennå." in out.getvalue()
    assert "Linje 2 feilet: boten sa nei" in out.getvalue()


def test_a_failing_step_stops_the_script_and_names_its_line(tmp_path: Path) -> None:
    code, transcript, _ = run_script(tmp_path, "# nothing is open yet\n/prs\n\n/merge\n/knada help\n")

    assert code == 1
    assert "There are no pull requests yet." in transcript
    assert transcript.rstrip().endswith("Line 4 failed: No pull request is open; give a number: /merge 3.")
    assert "/knada help" not in transcript


def test_a_line_that_expects_a_no_fails_when_the_bot_says_yes(tmp_path: Path) -> None:
    code, transcript, repo = run_script(tmp_path, "!/knada hub users add kyrre g678901\n")

    assert code == 1
    assert "Received: R-1" in transcript
    assert "Line 1 failed: the line expected a no from the bot or GitHub, but it went through" in transcript
    assert "knada-bot/r-1" in branches(repo)


def test_a_refusal_without_a_bang_fails_the_script(tmp_path: Path) -> None:
    code, transcript, _ = run_script(tmp_path, "/knada hub users add kyrre e152435\n")

    assert code == 1
    assert "e152435 is already a user of `kyrre`. Nothing to change." in transcript
    assert "Line 1 failed: the bot said no" in transcript


def test_the_repository_keeps_its_requests_between_runs(tmp_path: Path) -> None:
    code, _, repo = run_script(tmp_path, "/knada hub users add kyrre g678901\n")
    assert code == 0

    code, transcript, _ = run_script(tmp_path, "/prs\n/knada requests\n", repo=repo)
    assert code == 0, transcript
    assert f"Config repo: {repo.resolve()}." in transcript
    assert "#1 open · knada-bot/r-1 · kyrre: add g678901" in transcript
    assert "R-1" in section(transcript, "e152435> /knada requests")


def test_a_directory_that_is_not_a_git_repository_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("buy milk\n")

    assert run_local(repo=str(tmp_path / "notes"), script=None, stdout=io.StringIO(), environ=ENGLISH) == 2
    assert "is not a git repository" in capsys.readouterr().err
    assert run_local(repo=str(tmp_path / "x"), ident="E1", stdout=io.StringIO(), environ=ENGLISH) == 2
    assert "E1 is not a NAV ident" in capsys.readouterr().err


def test_the_interactive_console_reads_what_is_typed(tmp_path: Path) -> None:
    typed = "\n".join(
        [
            "/help",
            "/knada hub show kyrre",
            "/knada hub create analyse",
            "/press View PR",
            "/admin",
            "/bogus",
            "/quit",
            "/knada help",  # after /quit: never read
        ]
    )
    env = {**os.environ, "KNADA_LANGUAGE": "en", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "local", "--repo", str(tmp_path / "repo"), "--as", "b999999"],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )

    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "You are @b999999 in #knada. Type /help for the commands." in out
    assert "b999999> /help\nSlack:\n  /knada <request>" in out
    show_kyrre = section(out, "b999999> /knada hub show kyrre")
    assert "only visible to you" in show_kyrre and "namespace `kyrre-havik-eriksen`" in show_kyrre
    created = section(out, "b999999> /knada hub create analyse")
    assert "*New hub analyse*  ·  R-1  ·  asked by @b999999" in created
    number = re.search(r"\[(\d+)\] View PR ↗ (\S+)", created)
    assert number is not None
    assert "(the browser opens " + number.group(2) + ")" in section(out, "b999999> /press View PR")
    assert "@b999999 is now a knada admin (a member of @knada-admins)." in out
    assert "b999999 (admin)> /bogus\n/bogus is not a command here. Type /help." in out
    assert out.rstrip().endswith(f"Bye. Everything is kept in {(tmp_path / 'repo').resolve()}.")


# -- the console with listeners of its own: any modal and button the bot sends works ---------------------

FORM = {
    "type": "modal",
    "callback_id": "local_test_form",
    "title": {"type": "plain_text", "text": "New thing"},
    "submit": {"type": "plain_text", "text": "Preview"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {
            "type": "input",
            "block_id": "name",
            "label": {"type": "plain_text", "text": "Name"},
            "hint": {"type": "plain_text", "text": "lowercase letters"},
            "element": {"type": "plain_text_input", "action_id": "name", "max_length": 20},
        },
        {
            "type": "input",
            "block_id": "ui",
            "label": {"type": "plain_text", "text": "Interface"},
            "element": {
                "type": "radio_buttons",
                "action_id": "ui",
                "options": [
                    {"text": {"type": "plain_text", "text": "JupyterLab"}, "value": "lab"},
                    {"text": {"type": "plain_text", "text": "Classic"}, "value": "classic"},
                ],
                "initial_option": {"text": {"type": "plain_text", "text": "JupyterLab"}, "value": "lab"},
            },
        },
        {
            "type": "input",
            "block_id": "people",
            "optional": True,
            "label": {"type": "plain_text", "text": "People"},
            "element": {"type": "multi_users_select", "action_id": "people"},
        },
    ],
}


def add_test_listeners(bot: LocalBot) -> None:
    """A button that opens a form; the form's errors, preview and final message, as the bot's would."""

    @bot.app.action("local_test_open")
    def open_form(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=FORM)  # Bolt's own client, as listeners use

    @bot.app.view("local_test_form")
    def submitted(ack: Ack, view: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if view["private_metadata"]:
            ack()
            client.chat_postMessage(
                channel=CHANNEL_ID, text=f"Made *{view['private_metadata']}* for <@{body['user']['id']}>"
            )
            return
        values = view["state"]["values"]
        name = values["name"]["name"]["value"]
        if not re.fullmatch(r"[a-z]+", name):
            ack(response_action="errors", errors={"name": "Only lowercase letters, like `analyse`."})
            return
        ui = values["ui"]["ui"]["selected_option"]["value"]
        people = ", ".join(f"<@{u}>" for u in values["people"]["people"]["selected_users"])
        preview = {
            "type": "modal",
            "callback_id": "local_test_form",
            "private_metadata": f"{name} ({ui})",
            "title": {"type": "plain_text", "text": "Preview"},
            "submit": {"type": "plain_text", "text": "Open PR"},
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": f"`{name}` · {ui} · {people}"}}
            ],
        }
        ack(response_action="update", view=preview)


def test_a_modal_is_filled_field_by_field_with_errors_and_a_preview(tmp_path: Path) -> None:
    bot = LocalBot(tmp_path / "repo", ENGLISH)
    try:
        add_test_listeners(bot)
        button = {
            "type": "button",
            "action_id": "local_test_open",
            "text": {"type": "plain_text", "text": "Open form"},
        }
        bot.service.slack.chat_postMessage(
            channel=CHANNEL_ID,
            text="A form",
            blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": "Try the form"}},
                {"type": "actions", "block_id": "start", "elements": [button]},
            ],
        )
        out = io.StringIO()
        console = Console(bot, out, "b999999")
        console.show(bot.workspace.take_changes())
        steps = "/press open form\nBad Name\n2\n@g678901, e152435\nanalyse\n/submit\n"
        numbers: list[int] = []
        code = console.run(script_reader(steps.splitlines(), out, numbers), script=True, line_numbers=numbers)
    finally:
        bot.close()

    transcript = out.getvalue()
    assert code == 0, transcript
    assert "#knada · knada-bot\n    Try the form\n    [1] Open form\n" in transcript
    assert (
        "[modal for you] New thing\n"
        "    Name*: –\n"
        "      lowercase letters\n"
        "    Interface*: JupyterLab\n"
        "    People: –\n"
        "    buttons: Preview (/submit) · Cancel (/dismiss)\n"
        "Fill in one field at a time (* is required, [the value] is there already): - or Enter keeps it;"
    ) in transcript
    # One prompt per field, with the value it has; a menu's choices first; the answer as typed.
    assert (
        "  Name*: Bad Name\n"
        "    1) JupyterLab   2) Classic\n"
        "  Interface* [JupyterLab]: 2\n"
        "  People: @g678901, e152435\n"
    ) in transcript
    # The bot's field error is shown on its field, and only that field is asked again.
    assert (
        "The bot did not accept the form. Fix the fields marked ✗:\n"
        "  ✗ Name: Only lowercase letters, like `analyse`.\n"
    ) in transcript
    assert (
        "  Name* [Bad Name]: analyse\n[modal for you] Preview\n    `analyse` · classic · @g678901, @e152435\n"
        in transcript
    )
    submitted = section(transcript, "  Enter: Open PR · /dismiss: Close> /submit\n")
    assert "[modal for you] closed\n" in submitted
    assert "    Made *analyse (classic)* for @b999999\n" in submitted


def test_slack_requests_are_signed_and_bolt_checks_the_signature(tmp_path: Path) -> None:
    bot = LocalBot(tmp_path / "repo", ENGLISH)
    try:
        forger = SlackRequests(bot.app, bot.workspace, signing_secret="not-the-local-secret")
        assert forger.command("UB999999", "hub users add kyrre g678901").status == 401
        assert bot.request_states() == {}
        assert bot.requests.command("UB999999", "help").status == 200
    finally:
        bot.close()


def test_what_is_typed_reaches_the_bot_as_slack_would_deliver_it() -> None:
    assert slack_text("hub users add kyrre @g678901 a&b <x>") == (
        "hub users add kyrre <@UG678901|g678901> a&amp;b &lt;x&gt;"
    )
    assert slack_text("mail ola@e123456.no") == "mail ola@e123456.no"
