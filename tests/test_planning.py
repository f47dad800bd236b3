"""Planning a request into a change: the diff, the PR text, and every refusal, as a user would meet them.

The ``plan`` command line is exercised through a real subprocess; the planner directly for the cases where
the PR title, body or refusal text is what matters.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.hubconfig.rules import check_files
from bot.hubconfig.snapshot import snapshot_from_directory
from bot.lifecycle.change import branch_for
from bot.lifecycle.commands import AddUsers, Mention
from bot.lifecycle.grammar import parse
from bot.lifecycle.planning import Planner, Refusal, Requester


def run_plan(repo: Path, *words: str, ident: str = "e152435", admin: bool = False, lang: str = "en"):
    argv = [sys.executable, "-m", "bot.cli", "plan", "--repo", str(repo), "--as", ident]
    if admin:
        argv.append("--admin")
    env = {"KNADA_LANGUAGE": lang, "PATH": "/usr/bin:/bin"}
    return subprocess.run([*argv, "--", *words], capture_output=True, text=True, env=env, check=False)


def changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture
def corpus_repo(corpus_dir: Path) -> Path:
    return corpus_dir / "knada-jupyterhub"


@pytest.fixture
def planner(corpus_repo: Path) -> Planner:
    return Planner(snapshot=snapshot_from_directory(corpus_repo), lang="en")


def test_users_add_on_a_corpus_file_is_a_one_line_diff(corpus_repo: Path) -> None:
    result = run_plan(corpus_repo, "hub", "users", "add", "teamsykefravr", "g678901", ident="a123456")
    assert result.returncode == 0, result.stderr
    assert changed_lines(result.stdout) == ["+  - g678901"]
    assert result.stdout.startswith("--- a/configs/teamsykefravr.yaml\n+++ b/configs/teamsykefravr.yaml\n")


def test_users_add_to_a_flow_list_rewrites_only_that_line(corpus_repo: Path) -> None:
    result = run_plan(corpus_repo, "hub users add arbeidsmarked h123456", ident="f678901")
    assert result.returncode == 0, result.stderr
    assert changed_lines(result.stdout) == [
        "-users: [f678901, g789012]",
        "+users: [f678901, g789012, h123456]",
    ]


def test_removing_a_user_keeps_the_comments_around_it(corpus_repo: Path) -> None:
    result = run_plan(corpus_repo, "hub users remove pensjon-analyse j012345", ident="h890123")
    assert result.returncode == 0, result.stderr
    assert changed_lines(result.stdout) == ["-  - j012345"]
    assert "   # analysts, added 2021-11\n" in result.stdout
    # The comment line right above a removed item stays too.
    result = run_plan(corpus_repo, "hub users remove pensjon-analyse h890123", ident="i901234")
    assert changed_lines(result.stdout) == ["-  - h890123"]
    assert "   # owners\n" in result.stdout


def test_a_created_hub_passes_validate(corpus_repo: Path, planner: Planner, tmp_path: Path) -> None:
    command = parse(
        "hub create nyhub --namespace ny-hub --users b234567 --memory 4GB --cpu 1.5 --env TZ=Europe/Oslo"
    )
    change = planner.plan(command, Requester("e152435"), "R-7")
    assert change.old_text is None and change.path == "configs/nyhub.yaml"
    assert yaml.safe_load(change.new_text) == {
        "namespace": "ny-hub",
        "ingress": "nyhub",
        "users": ["e152435", "b234567"],  # the requester is always a user
        "memoryLimit": "4GB",
        "cpuLimit": 1.5,
        "extraEnvs": ["TZ: Europe/Oslo"],
    }
    # Through the real validator, beside every other config of the corpus.
    configs = tmp_path / "configs"
    configs.mkdir()
    for source in (corpus_repo / "configs").iterdir():
        (configs / source.name).write_bytes(source.read_bytes())
    (configs / "nyhub.yaml").write_text(change.new_text, encoding="utf-8")
    validate = subprocess.run(
        [sys.executable, "-m", "bot.cli", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_pr_title_body_and_branch(planner: Planner) -> None:
    change = planner.plan(parse("hub users remove teamsykefravr b234567"), Requester("a123456"), "R-42")
    assert change.title == "teamsykefravr: remove b234567"
    assert change.branch == "knada-bot/r-42" == branch_for("R-42")
    assert "Removes b234567 from the users of `teamsykefravr`." in change.body
    assert "requested by `a123456`" in change.body and "R-42" in change.body
    assert "https://teamsykefravr.jupyter.adeo.no/hub/admin" in change.body
    assert change.commit_message.endswith("Requested-by: a123456\nKnada-Request: R-42\n")


def test_limits_body_says_restart(planner: Planner) -> None:
    change = planner.plan(parse("hub limits kyrre --memory 4GB --cpu 1"), Requester("e152435"), "R-3")
    assert change.title == "kyrre: change limits (memoryLimit 4GB, cpuLimit 1)"
    assert "https://kyrre.jupyter.adeo.no/home" in change.body


def test_norwegian_is_the_default(corpus_repo: Path) -> None:
    planner = Planner(snapshot=snapshot_from_directory(corpus_repo))
    change = planner.plan(parse("hub users add kyrre g678901"), Requester("e152435"), "R-1")
    assert change.title == "kyrre: legg til g678901"
    with pytest.raises(Refusal) as refusal:
        planner.plan(parse("hub users add kyrre e152435"), Requester("e152435"), "R-1")
    assert refusal.value.message() == "e152435 er allerede bruker av `kyrre`. Ingenting å endre."


@pytest.mark.parametrize(
    ("text", "ident", "admin", "message"),
    [
        ("hub users add kyrre g678901", "b234567", False, "Only users of `kyrre` and knada admins"),
        ("hub users add kyrre e152435", "e152435", False, "e152435 is already a user of `kyrre`"),
        ("hub users remove kyrre a123456", "e152435", False, "a123456 is not a user of `kyrre`"),
        ("hub users remove kyrre e152435", "e152435", False, "A hub must have at least one user"),
        ("hub users add kyre g678901", "e152435", False, "Did you mean `kyrre`?"),
        ("hub users add kyrre E678901", "e152435", False, "`E678901` is not a NAV ident"),
        ("hub create kyrre", "b234567", False, "The hub `kyrre` already exists"),
        ("hub create dvh2 --namespace dvh", "b234567", False, "namespace"),
        ("hub limits kyrre --memory 128GB", "e152435", False, "memoryLimit"),
        ("hub limits kyrre --cpu 0.5", "e152435", False, "already has these limits"),
        ("hub env set statistikk JUPYTERHUB_API_TOKEN=x", "q789456", False, "JUPYTERHUB_API_TOKEN"),
        ("hub env set statistikk 'A=x\"y'", "q789456", False, "A"),
        ("hub env unset statistikk NOPE", "q789456", False, "`NOPE` is not set in `statistikk`"),
        ("hub ui nada-classic classic", "d456789", False, "already uses classic Jupyter Notebook"),
    ],
)
def test_refusals_say_what_is_wrong(planner, text, ident, admin, message) -> None:
    with pytest.raises(Refusal) as refusal:
        planner.plan(parse(text), Requester(ident, is_admin=admin), "R-1")
    assert message in refusal.value.message("en")


def test_refusal_through_the_cli_exits_1_and_writes_nothing(corpus_repo: Path) -> None:
    before = {p.name: p.read_bytes() for p in (corpus_repo / "configs").iterdir()}
    result = run_plan(corpus_repo, "hub users add kyrre g678901", ident="b234567")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Only users of `kyrre` and knada admins" in result.stderr
    assert {p.name: p.read_bytes() for p in (corpus_repo / "configs").iterdir()} == before


def test_an_admin_may_change_any_hub(corpus_repo: Path) -> None:
    result = run_plan(corpus_repo, "hub users add kyrre g678901", ident="b234567", admin=True)
    assert result.returncode == 0
    assert changed_lines(result.stdout) == ["+  - g678901"]


def test_usage_errors_exit_2_with_the_usage_line(corpus_repo: Path) -> None:
    result = run_plan(corpus_repo, "hub users ad kyrre g678901")
    assert result.returncode == 2
    assert "hub users add" in result.stderr
    assert run_plan(corpus_repo).returncode == 2


def test_mentions_resolve_through_the_resolver(corpus_repo: Path) -> None:
    planner = Planner(
        snapshot=snapshot_from_directory(corpus_repo),
        lang="en",
        resolve_mention=lambda mention: {"U1": "g678901"}.get(mention.user_id),
    )
    change = planner.plan(parse("hub users add kyrre <@U1|ola>"), Requester("e152435"), "R-1")
    assert changed_lines(change.diff()) == ["+  - g678901"]
    with pytest.raises(Refusal) as refusal:
        planner.plan(AddUsers("kyrre", (Mention("U2", "kari"),)), Requester("e152435"), "R-1")
    assert refusal.value.message("en").startswith("Could not find the NAV ident of @kari.")


def test_no_ident_is_refused(planner: Planner) -> None:
    with pytest.raises(Refusal) as refusal:
        planner.plan(parse("hub create nyhub"), Requester(None), "R-1")
    assert "I don't know your NAV ident" in refusal.value.message("en")


def test_a_file_that_was_already_invalid_does_not_block_an_unrelated_fix(tmp_path: Path) -> None:
    configs = tmp_path / "configs"
    configs.mkdir()
    # A quoted cpuLimit is only a warning, an unknown key far from any known one too; a typo is an error.
    (configs / "abc.yaml").write_text(
        "namespace: abc\ningress: abc\nusers:\n  - e152435\nmemorylimit: 10GB\n"
    )
    planner = Planner(snapshot=snapshot_from_directory(tmp_path), lang="en")
    change = planner.plan(parse("hub users add abc g678901"), Requester("e152435"), "R-1")
    assert changed_lines(change.diff()) == ["+  - g678901"]


# --- properties: no slash text crashes planning or reaches YAML other than as asked ------------------

ENV_VALUE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\"'&<>\n\r\u2028\u2029"),
    min_size=1,
    max_size=40,
).filter(lambda v: v.strip() == v and ".enc: " not in v)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.from_regex(r"[A-Z][A-Z0-9_]{0,15}", fullmatch=True), value=ENV_VALUE)
def test_env_values_arrive_in_yaml_exactly_as_typed(planner: Planner, name: str, value: str) -> None:
    if name.startswith(("JUPYTERHUB_", "JPY_")) or name in {
        "MEM_LIMIT",
        "MEM_GUARANTEE",
        "CPU_LIMIT",
        "CPU_GUARANTEE",
    }:
        return
    # As Slack delivers it: & < > escaped, the value double-quoted (so spaces and = stay in it).
    quoted = value.replace("\\", "\\\\").replace("&", "&amp;")
    text = f'hub env set statistikk "{name}={quoted}"'
    try:
        command = parse(text)
    except Exception as error:  # the grammar may refuse odd text, but only with its own error
        assert type(error).__name__ in {"ParseError", "NeedsModal"}
        return
    try:
        change = planner.plan(command, Requester("q789456"), "R-1")
    except Refusal:
        return
    data = yaml.safe_load(change.new_text)
    entries = [e for e in data["extraEnvs"] if e.split(":", 1)[0] == name]
    assert entries == [f"{name}: {command.value}"]
    assert command.value == value
    assert data["users"] == ["q789456"]
    findings = check_files({change.path: change.new_text.encode()}).errors
    assert findings == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80))
def test_no_slash_text_crashes_planning(planner: Planner, text: str) -> None:
    try:
        command = parse(text)
    except Exception as error:
        assert type(error).__name__ in {"ParseError", "NeedsModal"}
        return
    from bot.lifecycle.commands import ChangeCommand

    if not isinstance(command, ChangeCommand):
        return
    try:
        change = planner.plan(command, Requester("e152435", is_admin=True), "R-1")
    except Refusal as refusal:
        assert refusal.message("en")
        return
    if change.new_text is not None:
        assert change.new_text.endswith("\n") and not change.new_text.endswith("\n\n")
        assert isinstance(yaml.safe_load(change.new_text), dict)
