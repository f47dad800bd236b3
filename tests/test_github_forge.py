"""GitHubForge through PyGithub against the fake GitHub over a real socket: what a PR reader sees on GitHub,
how many requests it took, and that lost responses, 5xx and rate limits never make a second PR."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.forge.base import ForgeConfigError, ForgeRefused, ForgeUnavailable, StaleChange
from bot.forge.github import GitHubForge
from bot.hubconfig.snapshot import ConfigSnapshot
from bot.lifecycle.change import Change
from tests.conftest import SAMPLE_REPO
from tests.fakes.github import FakeGitHub, Fault

REPO = "/repos/navikt/knada-jupyterhub"

# The requests of opening a one-file PR, in order, as (method, path regex) for fault injection.
OPEN_STEPS = [
    ("GET", r"/pulls$"),
    ("GET", r"/git/ref/heads/main$"),
    ("POST", r"/git/refs$"),
    ("PUT", r"/contents/configs/"),
    ("POST", r"/pulls$"),
    ("POST", r"/issues/\d+/labels$"),
]


def make_forge(fake: FakeGitHub, sleeps: list[float], **options: object) -> GitHubForge:
    settings: dict[str, object] = {"token": fake.token} if "app_id" not in options else {}
    return GitHubForge(
        api_url=fake.base_url,
        repo=fake.full_name,
        seconds_between_requests=None,
        seconds_between_writes=None,
        sleep=sleeps.append,
        **settings,
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def forge(fake_github: FakeGitHub, sleeps: list[float]) -> GitHubForge:
    return make_forge(fake_github, sleeps)


def users_add(snapshot: ConfigSnapshot, request_id: str, hub_file: str, *idents: str) -> Change:
    """The change ``/knada hub users add`` plans for a hub whose users list ends the file, written out by
    hand so that these tests depend on the forge alone."""
    old = snapshot.text(f"configs/{hub_file}")
    return Change(
        request_id=request_id,
        kind="users-add",
        hub=hub_file.removesuffix(".yaml"),
        path=f"configs/{hub_file}",
        old_text=old,
        new_text=old + "".join(f"  - {ident}\n" for ident in idents),
        title=f"Legg til {', '.join(idents)} i {hub_file}",
        body=f"Bestilt i #knada ({request_id}).",
        commit_message=f"Legg til brukere i {hub_file}",
        requester="e152435",
    )


def create_hub(request_id: str, ingress: str, requester: str = "e152435") -> Change:
    return Change(
        request_id=request_id,
        kind="create",
        hub=ingress,
        path=f"configs/{ingress}.yaml",
        old_text=None,
        new_text=f"namespace: {ingress}\ningress: {ingress}\nusers:\n  - {requester}\n",
        title=f"Ny hub {ingress}",
        body=f"Ny hub bestilt i #knada ({request_id}).",
        commit_message=f"Legg til hub {ingress}",
        requester=requester,
    )


def git(fake: FakeGitHub, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(fake.git_dir), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def text_on(fake: FakeGitHub, ref: str, path: str) -> str | None:
    content = fake.file(ref, path)
    return None if content is None else content.decode()


def test_snapshot_reads_the_configs_from_one_archive(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    snapshot = forge.snapshot()

    on_disk = {f"configs/{p.name}": p.read_bytes() for p in (SAMPLE_REPO / "configs").iterdir()}
    assert dict(snapshot.files) == on_disk
    assert snapshot.sha == fake_github.branches()["main"]
    assert [(r.method, r.status) for r in fake_github.requests] == [("GET", 200), ("GET", 302), ("GET", 200)]
    assert fake_github.requests[2].path.startswith("/_codeload/")

    assert forge.snapshot() is snapshot  # same base head: one request to learn that
    assert len(fake_github.requests) == 4
    fake_github.commit_to_base(
        "configs/nyhub.yaml", b"namespace: nyhub\ningress: nyhub\nusers:\n  - e152435\n"
    )
    assert forge.snapshot().hub("nyhub") is not None
    assert fake_github.violations == []


def test_open_pull_request_takes_six_requests(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    change = users_add(forge.snapshot(), "R-42", "kyrre.yaml", "g678901")
    before = len(fake_github.requests)

    pr = forge.open_pull_request(change)

    made = fake_github.requests[before:]
    assert [(r.method, r.operation_id) for r in made] == [
        ("GET", "pulls/list"),
        ("GET", "git/get-ref"),
        ("POST", "git/create-ref"),
        ("PUT", "repos/create-or-update-file-contents"),
        ("POST", "pulls/create"),
        ("POST", "issues/add-labels"),
    ]
    assert sum(r.method != "GET" for r in made) == 4
    assert (pr.number, pr.branch, pr.state) == (1, "knada-bot/r-42", "open")
    assert pr.url.endswith("/navikt/knada-jupyterhub/pull/1")
    assert text_on(fake_github, pr.branch, "configs/kyrre.yaml") == change.new_text
    pull = fake_github.pulls[1]
    assert (pull.title, pull.body, pull.labels) == (change.title, change.body, ["knada-bot"])
    assert (pull.head, pull.base) == ("knada-bot/r-42", "main")
    assert (
        git(fake_github, "log", "-1", "--format=%an|%s", pr.branch) == "e152435|Legg til brukere i kyrre.yaml"
    )
    assert pr.head_sha == fake_github.branches()[pr.branch]
    assert fake_github.violations == []


def test_the_same_change_twice_gives_one_pr(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    change = users_add(forge.snapshot(), "R-42", "kyrre.yaml", "g678901")

    first = forge.open_pull_request(change)
    before = len(fake_github.requests)
    second = forge.open_pull_request(change)

    assert second == first
    assert len(fake_github.pulls) == 1
    assert [r.operation_id for r in fake_github.requests[before:]] == ["pulls/list"]
    assert forge.find_pull_request(change.branch) == first
    assert forge.find_pull_request("knada-bot/r-99") is None
    assert fake_github.violations == []


@pytest.mark.parametrize(
    ("kind", "step"),
    [("502", step) for step in range(len(OPEN_STEPS))]
    + [("lost-response", step) for step, (method, _) in enumerate(OPEN_STEPS) if method != "GET"],
)
def test_a_crash_at_any_step_then_a_retry_gives_exactly_one_pr(
    fake_github: FakeGitHub, sleeps: list[float], kind: str, step: int
) -> None:
    snapshot = make_forge(fake_github, sleeps).snapshot()
    change = users_add(snapshot, "R-7", "kyrre.yaml", "g678901")
    method, path = OPEN_STEPS[step]
    fake_github.inject(Fault(kind, method=method, path_regex=path))  # type: ignore[arg-type]

    # The process dies where the fault hits: a forge that gives up at once stands in for the crash.
    with pytest.raises(ForgeUnavailable):
        make_forge(fake_github, sleeps, max_attempts=1).open_pull_request(change)
    pr = make_forge(fake_github, sleeps).open_pull_request(change)

    assert list(fake_github.pulls) == [pr.number]
    assert text_on(fake_github, pr.branch, "configs/kyrre.yaml") == change.new_text
    assert git(fake_github, "rev-list", "--count", f"main..{pr.branch}") == "1"
    assert fake_github.pulls[pr.number].labels == ["knada-bot"]
    assert fake_github.violations == []


@pytest.mark.parametrize("step", [("POST", r"/pulls$"), ("PUT", r"/contents/configs/")])
def test_a_lost_response_is_retried_without_a_second_write(
    fake_github: FakeGitHub, forge: GitHubForge, sleeps: list[float], step: tuple[str, str]
) -> None:
    change = create_hub("R-8", "nyhub")
    fake_github.inject(Fault("lost-response", method=step[0], path_regex=step[1]))

    pr = forge.open_pull_request(change)

    assert list(fake_github.pulls) == [pr.number]
    assert fake_github.count("PUT", f"{REPO}/contents/") == 1
    assert fake_github.count("POST", f"{REPO}/pulls") == 1  # the retry finds the PR before creating one
    assert text_on(fake_github, pr.branch, "configs/nyhub.yaml") == change.new_text
    assert sleeps == [1.0]
    assert fake_github.violations == []


def test_502s_are_retried_with_growing_backoff(
    fake_github: FakeGitHub, forge: GitHubForge, sleeps: list[float]
) -> None:
    fake_github.inject(Fault("502", method="GET", path_regex=r"/git/ref/heads/main$", times=3))

    pr = forge.open_pull_request(create_hub("R-9", "nyhub"))

    assert sleeps == [1.0, 2.0, 4.0]
    assert pr.number == 1
    assert fake_github.violations == []


def test_a_secondary_rate_limit_waits_as_long_as_retry_after_says(
    fake_github: FakeGitHub, forge: GitHubForge, sleeps: list[float]
) -> None:
    fake_github.inject(Fault("secondary-rate-limit", method="POST", path_regex=r"/pulls$", retry_after=7))

    forge.open_pull_request(create_hub("R-10", "nyhub"))

    assert sleeps == [7.0]
    assert len(fake_github.pulls) == 1
    assert fake_github.violations == []


@pytest.mark.parametrize("status", [403, 429])
def test_a_primary_rate_limit_waits_until_the_reset(
    fake_github: FakeGitHub, forge: GitHubForge, sleeps: list[float], status: int
) -> None:
    fake_github.inject(Fault("primary-rate-limit", method="PUT", retry_after=30, status=status))

    forge.open_pull_request(create_hub("R-11", "nyhub"))

    (waited,) = sleeps
    assert 29 <= waited <= 32  # until X-RateLimit-Reset, plus the second it may still be in
    assert len(fake_github.pulls) == 1
    assert fake_github.violations == []


def test_retries_stop_at_the_cap(fake_github: FakeGitHub, sleeps: list[float]) -> None:
    forge = make_forge(fake_github, sleeps, max_attempts=3)
    fake_github.inject(Fault("502", method="POST", path_regex=r"/pulls$", times=10))

    with pytest.raises(ForgeUnavailable) as caught:
        forge.open_pull_request(create_hub("R-12", "nyhub"))

    assert sleeps == [1.0, 2.0]
    assert caught.value.transient
    assert "502" in caught.value.message("en")
    assert fake_github.pulls == {}


def test_a_rate_limit_longer_than_max_wait_is_handed_back(
    fake_github: FakeGitHub, sleeps: list[float]
) -> None:
    forge = make_forge(fake_github, sleeps, max_wait=60)
    fake_github.inject(Fault("secondary-rate-limit", method="POST", retry_after=900))

    with pytest.raises(ForgeUnavailable) as caught:
        forge.open_pull_request(create_hub("R-13", "nyhub"))

    assert caught.value.retry_after == 900
    assert sleeps == []


def test_the_checks_token_survives_a_reopen_and_a_rebuild(
    fake_github: FakeGitHub, forge: GitHubForge
) -> None:
    change = create_hub("R-20", "nyhub")
    pr = forge.open_pull_request(change)
    assert fake_github.run_checks(pr.number) == "success"
    with_token = text_on(fake_github, pr.branch, "configs/nyhub.yaml") or ""
    token_line = with_token.removeprefix(change.new_text or "")
    assert token_line.startswith("secretToken.enc: ")
    puts = fake_github.count("PUT")

    reopened = forge.open_pull_request(change)

    assert reopened.number == pr.number
    assert reopened.head_sha == fake_github.branches()[pr.branch]
    assert fake_github.count("PUT") == puts  # the token line did not make it look unfinished

    fake_github.commit_to_base(
        "configs/helse.yaml", b"namespace: helse\ningress: helse\nusers:\n  - e152435\n"
    )
    replanned = create_hub("R-20", "nyhub")
    rebuilt = forge.rebuild(replanned)

    assert rebuilt.number == pr.number
    assert text_on(fake_github, pr.branch, "configs/nyhub.yaml") == with_token
    assert git(fake_github, "rev-parse", f"{pr.branch}~1") == fake_github.branches()["main"]
    assert rebuilt.head_sha == fake_github.branches()[pr.branch]
    assert fake_github.run_checks(pr.number) == "success"
    assert text_on(fake_github, pr.branch, "configs/nyhub.yaml") == with_token  # no second token

    head = fake_github.branches()[pr.branch]
    forge.rebuild(replanned)  # already on the latest base: nothing to do
    assert fake_github.branches()[pr.branch] == head
    assert len(fake_github.pulls) == 1
    assert fake_github.violations == []


def test_rebuild_after_a_conflicting_edit_on_main(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    change = users_add(forge.snapshot(), "R-21", "kyrre.yaml", "g678901")
    pr = forge.open_pull_request(change)
    moved = (change.old_text or "") + "  - h111111\n"
    fake_github.commit_to_base("configs/kyrre.yaml", moved.encode())

    first = forge.status(pr.number)
    second = forge.status(pr.number)
    assert first.mergeable is None  # GitHub is still computing it
    assert (second.mergeable, second.mergeable_state, second.conflicting) == (False, "dirty", True)
    with pytest.raises(StaleChange):
        forge.rebuild(change)  # planned on the old main: must be re-planned first

    replanned = users_add(forge.snapshot(), "R-21", "kyrre.yaml", "g678901")
    forge.rebuild(replanned)

    assert text_on(fake_github, pr.branch, "configs/kyrre.yaml") == replanned.new_text
    assert "  - h111111\n  - g678901\n" in (replanned.new_text or "")
    forge.status(pr.number)
    after = forge.status(pr.number)
    assert (after.mergeable, after.conflicting) == (True, False)
    assert fake_github.violations == []


def test_status_folds_check_runs_statuses_and_reviews(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    pr = forge.open_pull_request(create_hub("R-30", "nyhub"))
    fake_github.run_checks(pr.number)
    head = fake_github.branches()[pr.branch]
    fake_github.set_status(head, "deploy/dry-run", "failure", "https://ci.example.org/runs/7")
    fake_github.approve(pr.number, "nada-owner")

    first = forge.status(pr.number)
    second = forge.status(pr.number)

    assert first.mergeable is None
    assert second.pr.head_sha == head
    by_name = {check.name: check for check in second.checks}
    assert set(by_name) == {"validate", "deploy/dry-run"}
    assert by_name["validate"].outcome == "success"
    assert [(c.name, c.url) for c in second.failing_checks] == [
        ("deploy/dry-run", "https://ci.example.org/runs/7")
    ]
    assert second.checks_outcome == "failure"
    assert second.approved_by == ("nada-owner",)
    assert (second.mergeable, second.mergeable_state) == (True, "unstable")

    fake_github.merge(pr.number)
    merged = forge.status(pr.number)
    assert merged.pr.state == "merged"
    assert fake_github.violations == []


def test_status_without_checks_is_pending(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    pr = forge.open_pull_request(create_hub("R-31", "nyhub"))

    status = forge.status(pr.number)

    assert status.checks == ()
    assert status.checks_outcome == "pending"
    with pytest.raises(ForgeRefused):
        forge.status(99)
    assert fake_github.violations == []


def test_close_writes_the_comment_once(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    pr = forge.open_pull_request(create_hub("R-32", "nyhub"))
    fake_github.inject(Fault("502", method="PATCH", path_regex=rf"/pulls/{pr.number}$"))

    forge.close(pr.number, "Avbrutt av e152435 (R-32).")
    forge.close(pr.number, "Avbrutt av e152435 (R-32).")

    pull = fake_github.pulls[pr.number]
    assert pull.state == "closed"
    assert [c.body for c in pull.comments] == ["Avbrutt av e152435 (R-32)."]
    assert forge.status(pr.number).pr.state == "closed"
    assert forge.open_pull_request(create_hub("R-32", "nyhub")).state == "closed"  # still that one PR
    assert len(fake_github.pulls) == 1
    assert fake_github.violations == []


def test_a_change_planned_on_an_old_main_is_stale(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    change = users_add(forge.snapshot(), "R-33", "kyrre.yaml", "g678901")
    fake_github.commit_to_base("configs/kyrre.yaml", ((change.old_text or "") + "  - h111111\n").encode())

    with pytest.raises(StaleChange) as caught:
        forge.open_pull_request(change)

    assert "configs/kyrre.yaml" in str(caught.value)
    assert fake_github.pulls == {}
    # Planned again on the new main, the same request goes through on the branch the first try made.
    pr = forge.open_pull_request(users_add(forge.snapshot(), "R-33", "kyrre.yaml", "g678901"))
    assert "  - h111111\n  - g678901\n" in (text_on(fake_github, pr.branch, "configs/kyrre.yaml") or "")
    assert fake_github.violations == []


def test_delete_hub(fake_github: FakeGitHub, forge: GitHubForge) -> None:
    old = forge.snapshot().text("configs/helse.yaml")
    change = Change(
        request_id="R-34",
        kind="delete",
        hub="helse",
        path="configs/helse.yaml",
        old_text=old,
        new_text=None,
        title="Slett hub helse",
        body="",
        commit_message="Slett hub helse",
        requester="e152435",
    )

    pr = forge.open_pull_request(change)
    again = forge.open_pull_request(change)

    assert again == pr
    assert fake_github.file(pr.branch, "configs/helse.yaml") is None
    assert text_on(fake_github, "main", "configs/helse.yaml") == old
    assert fake_github.count("DELETE") == 1

    kyrre = b"namespace: kyrre\ningress: kyrre\nusers:\n  - e152435\n  - g678901\n"
    fake_github.commit_to_base("configs/kyrre.yaml", kyrre)
    rebuilt = forge.rebuild(change)  # main moved on elsewhere: the deletion is made again on top of it

    assert rebuilt.number == pr.number
    assert fake_github.file(pr.branch, "configs/helse.yaml") is None
    assert fake_github.file(pr.branch, "configs/kyrre.yaml") == kyrre
    assert git(fake_github, "rev-parse", f"{pr.branch}~1") == fake_github.branches()["main"]
    assert fake_github.violations == []


def test_github_app_auth_looks_up_the_installation(
    fake_github_app: FakeGitHub, github_app_key: bytes, sleeps: list[float]
) -> None:
    app_id = fake_github_app.app_id
    forge = make_forge(fake_github_app, sleeps, app_id=app_id, private_key=github_app_key.decode())

    snapshot = forge.snapshot()
    pr = forge.open_pull_request(users_add(snapshot, "R-50", "kyrre.yaml", "g678901"))

    assert pr.number == 1
    assert fake_github_app.count("GET", f"{REPO}/installation") == 1
    assert fake_github_app.count("POST", "/app/installations/") == 1
    assert fake_github_app.violations == []


def test_github_app_from_env_with_a_key_file(
    fake_github_app: FakeGitHub, github_app_key: bytes, sleeps: list[float], tmp_path: Path
) -> None:
    key_file = tmp_path / "app.pem"
    key_file.write_bytes(github_app_key)
    env = {
        "GITHUB_APP_ID": str(fake_github_app.app_id),
        "GITHUB_APP_PRIVATE_KEY": str(key_file),
        "GITHUB_APP_INSTALLATION_ID": str(fake_github_app.installation_id),
        "GITHUB_API_URL": fake_github_app.base_url,
    }
    forge = GitHubForge.from_env(
        env, seconds_between_requests=None, seconds_between_writes=None, sleep=sleeps.append
    )

    assert forge.snapshot().hub("kyrre") is not None
    assert fake_github_app.count("GET", f"{REPO}/installation") == 0  # the id was given
    assert fake_github_app.violations == []


def test_from_env_defaults() -> None:
    forge = GitHubForge.from_env({"GITHUB_TOKEN": "ghs_x"})

    assert (forge.api_url, forge.repo_name, forge.base_branch) == (
        "https://api.github.com",
        "navikt/knada-jupyterhub",
        "main",
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "GITHUB_TOKEN"),
        ({"GITHUB_APP_ID": "123"}, "GITHUB_APP_PRIVATE_KEY"),
        ({"GITHUB_APP_ID": "twelve", "GITHUB_APP_PRIVATE_KEY": "x"}, "GITHUB_APP_ID"),
        (
            {"GITHUB_APP_ID": "1", "GITHUB_APP_PRIVATE_KEY": "-----BEGIN s3cr3t-----"},
            "GITHUB_APP_PRIVATE_KEY",
        ),
        (
            {"GITHUB_APP_ID": "1", "GITHUB_APP_PRIVATE_KEY": "/nonexistent/s3cr3t.pem"},
            "GITHUB_APP_PRIVATE_KEY",
        ),
        ({"GITHUB_TOKEN": "s3cr3t", "GITHUB_REPO": "s3cr3t"}, "GITHUB_REPO"),
        ({"GITHUB_TOKEN": "s3cr3t", "GITHUB_API_URL": "s3cr3t"}, "GITHUB_API_URL"),
        (
            {"GITHUB_APP_ID": "1", "GITHUB_APP_PRIVATE_KEY": "k", "GITHUB_APP_INSTALLATION_ID": "s3cr3t"},
            "GITHUB_APP_INSTALLATION_ID",
        ),
    ],
)
def test_from_env_errors_name_the_variable_never_the_value(env: dict[str, str], named: str) -> None:
    with pytest.raises(ForgeConfigError) as caught:
        GitHubForge.from_env(env)

    for lang in ("nb", "en"):
        assert named in caught.value.message(lang)
        assert "s3cr3t" not in caught.value.message(lang)
    assert not caught.value.transient


def test_bad_credentials_are_refused_not_retried(fake_github: FakeGitHub, sleeps: list[float]) -> None:
    forge = GitHubForge(
        api_url=fake_github.base_url,
        repo=fake_github.full_name,
        token="ghs_wrong",
        seconds_between_requests=None,
        seconds_between_writes=None,
        sleep=sleeps.append,
    )

    with pytest.raises(ForgeRefused) as caught:
        forge.snapshot()

    assert "ghs_wrong" not in str(caught.value)
    assert sleeps == []
    assert len(fake_github.requests) == 1


def test_knada_bot_submit_opens_the_pr_on_github(
    fake_github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    monkeypatch.setenv("GITHUB_API_URL", fake_github.base_url)
    monkeypatch.delenv("GITHUB_APP_ID", raising=False)
    argv = ["submit", "--as", "e152435", "--request-id", "R-60", "--", "hub users add kyrre g678901"]

    assert main(argv) == 0
    first = capsys.readouterr().out
    assert main(argv) == 0  # the same request id again: the same PR
    second = capsys.readouterr().out

    assert first == second == "https://github.com/navikt/knada-jupyterhub/pull/1\n"
    assert list(fake_github.pulls) == [1]
    assert (text_on(fake_github, "knada-bot/r-60", "configs/kyrre.yaml") or "").endswith(
        "  - e152435\n  - g678901\n"
    )
    assert fake_github.violations == []
