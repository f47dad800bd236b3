"""LocalForge end to end on real git repositories in a temp dir: what a PR reader would find on the branch,
what lands on main, and that the checked-out work tree is never touched."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.forge.base import ForgeConfigError, ForgeRefused, StaleChange
from bot.forge.local import LocalForge
from bot.lifecycle.change import Change

SAMPLE = Path(__file__).resolve().parent.parent / "bot" / "sample" / "config-repo"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Someone", "-c", "user.email=someone@example.org", "commit", "-qm", message)


@pytest.fixture
def work_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "config-repo"
    shutil.copytree(SAMPLE, repo)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Initial configs")
    return repo


@pytest.fixture
def forge(work_repo: Path) -> LocalForge:
    return LocalForge(work_repo)


def show(repo: Path, ref: str, path: str) -> str | None:
    result = subprocess.run(["git", "-C", str(repo), "show", f"{ref}:{path}"], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def users_add(forge: LocalForge, request_id: str, hub_file: str, *idents: str) -> Change:
    """The change ``/knada hub users add`` plans for a hub whose users list ends the file, written out by
    hand so that these tests depend on the forge alone."""
    old = forge.snapshot().text(f"configs/{hub_file}")
    return Change(
        request_id=request_id,
        kind="users-add",
        hub=hub_file.removesuffix(".yaml"),
        path=f"configs/{hub_file}",
        old_text=old,
        new_text=old + "".join(f"  - {ident}\n" for ident in idents),
        title=f"Add {', '.join(idents)} to {hub_file}",
        body="Requested in #knada.",
        commit_message=f"Add users to {hub_file}",
        requester="e152435",
    )


def create_hub(request_id: str, ingress: str, users: tuple[str, ...] = ("e152435",)) -> Change:
    return Change(
        request_id=request_id,
        kind="create",
        hub=ingress,
        path=f"configs/{ingress}.yaml",
        old_text=None,
        new_text=f"namespace: {ingress}\ningress: {ingress}\nusers:\n" + "".join(f"  - {u}\n" for u in users),
        title=f"New hub {ingress}",
        body="A new hub.",
        commit_message=f"Add hub {ingress}",
        requester=users[0],
    )


def test_snapshot_is_configs_at_the_base_head(forge: LocalForge, work_repo: Path) -> None:
    snapshot = forge.snapshot()

    assert snapshot.sha == git(work_repo, "rev-parse", "main").strip()
    on_disk = {f"configs/{p.name}": p.read_bytes() for p in (work_repo / "configs").iterdir()}
    assert dict(snapshot.files) == on_disk
    assert "kyrre" in snapshot.hubs
    assert forge.snapshot() is snapshot  # cached by sha


def test_open_pull_request_commits_on_a_branch_and_leaves_the_work_tree_alone(
    forge: LocalForge, work_repo: Path
) -> None:
    main_before = git(work_repo, "rev-parse", "main").strip()
    change = users_add(forge, "R-7", "kyrre.yaml", "g678901")

    pr = forge.open_pull_request(change)

    assert (pr.number, pr.branch, pr.state, pr.title) == (
        1,
        "knada-bot/r-7",
        "open",
        "Add g678901 to kyrre.yaml",
    )
    assert show(work_repo, "knada-bot/r-7", "configs/kyrre.yaml") == change.new_text
    assert "  - g678901\n" in change.new_text
    assert pr.head_sha == git(work_repo, "rev-parse", "knada-bot/r-7").strip()
    assert (
        git(work_repo, "log", "-1", "--format=%an|%s", "knada-bot/r-7") == "e152435|Add users to kyrre.yaml\n"
    )
    assert git(work_repo, "rev-parse", "knada-bot/r-7~1").strip() == main_before
    assert git(work_repo, "rev-parse", "main").strip() == main_before
    assert git(work_repo, "status", "--porcelain") == ""
    assert forge.find_pull_request("knada-bot/r-7") == pr


def test_open_pull_request_twice_gives_the_same_pr(forge: LocalForge, work_repo: Path) -> None:
    change = users_add(forge, "R-7", "kyrre.yaml", "g678901")

    first = forge.open_pull_request(change)
    second = forge.open_pull_request(change)
    again = LocalForge(work_repo).open_pull_request(change)  # another process, same repository

    assert first == second == again
    assert git(work_repo, "rev-list", "--count", "main..knada-bot/r-7").strip() == "1"
    assert forge.open_pull_request(users_add(forge, "R-8", "helse.yaml", "g678901")).number == 2


def test_a_branch_left_by_a_crashed_attempt_is_reused_without_a_second_commit(
    forge: LocalForge, work_repo: Path
) -> None:
    change = users_add(forge, "R-9", "kyrre.yaml", "g678901")
    # The earlier attempt made the branch and its commit, then died before recording the PR.
    (work_repo / "configs" / "kyrre.yaml").write_text(change.new_text or "")
    git(work_repo, "checkout", "-q", "-b", "knada-bot/r-9")
    commit_all(work_repo, "Add users to kyrre.yaml")
    git(work_repo, "checkout", "-q", "main")
    head = git(work_repo, "rev-parse", "knada-bot/r-9").strip()

    pr = forge.open_pull_request(change)

    assert pr.number == 1
    assert pr.head_sha == head


def test_a_change_planned_on_an_old_base_is_refused_as_stale(forge: LocalForge, work_repo: Path) -> None:
    change = users_add(forge, "R-3", "kyrre.yaml", "g678901")
    path = work_repo / "configs" / "kyrre.yaml"
    path.write_text(path.read_text() + "  - h111111\n")
    commit_all(work_repo, "Someone else adds a user")

    with pytest.raises(StaleChange) as caught:
        forge.open_pull_request(change)

    assert "configs/kyrre.yaml" in str(caught.value)
    assert forge.find_pull_request(change.branch) is None


def test_check_appends_a_secret_token_to_a_new_config_and_merge_lands_it_on_main(
    forge: LocalForge, work_repo: Path
) -> None:
    change = create_hub("R-12", "nyhub")
    pr = forge.open_pull_request(change)

    check = forge.run_checks(pr.number)

    assert check.outcome == "success"
    on_branch = show(work_repo, pr.branch, "configs/nyhub.yaml") or ""
    assert on_branch.startswith(change.new_text or "")
    (token_line,) = on_branch[len(change.new_text or "") :].splitlines()
    assert token_line.startswith("secretToken.enc: ")
    status = forge.status(pr.number)
    assert status.checks_outcome == "success"
    assert status.pr.head_sha == git(work_repo, "rev-parse", pr.branch).strip()
    assert (status.mergeable, status.mergeable_state) == (True, "blocked")

    assert forge.run_checks(pr.number).outcome == "success"  # a second run adds no second token
    assert show(work_repo, pr.branch, "configs/nyhub.yaml") == on_branch

    with pytest.raises(ForgeRefused):
        forge.merge(pr.number)  # no code owner has approved
    forge.approve(pr.number, "nada-owner")
    assert forge.status(pr.number).mergeable_state == "clean"
    merge_sha = forge.merge(pr.number)

    assert git(work_repo, "rev-parse", "main").strip() == merge_sha
    assert show(work_repo, "main", "configs/nyhub.yaml") == on_branch
    merged = forge.status(pr.number)
    assert merged.pr.state == "merged"
    assert merged.approved_by == ("nada-owner",)
    assert forge.snapshot().hub("nyhub") is not None
    # The checked-out main moved under the work tree, but no file in it was written.
    assert not (work_repo / "configs" / "nyhub.yaml").exists()


def test_a_failing_check_names_the_finding(forge: LocalForge) -> None:
    change = create_hub("R-13", "kyrre2")
    bad = change.new_text.replace("ingress: kyrre2", "ingress: kyrre")  # type: ignore[union-attr]
    pr = forge.open_pull_request(Change(**{**change.__dict__, "new_text": bad}))

    check = forge.run_checks(pr.number)

    assert check.outcome == "failure"
    assert "ingress.duplicate" in (check.summary or "")
    assert "configs/kyrre2.yaml" in (check.summary or "")
    status = forge.status(pr.number)
    assert [c.name for c in status.failing_checks] == ["validate"]
    forge.approve(pr.number, "nada-owner")
    with pytest.raises(ForgeRefused):
        forge.merge(pr.number)


def test_rebuild_after_a_conflicting_edit_on_main(forge: LocalForge, work_repo: Path) -> None:
    change = users_add(forge, "R-20", "kyrre.yaml", "g678901")
    pr = forge.open_pull_request(change)
    path = work_repo / "configs" / "kyrre.yaml"
    path.write_text(path.read_text() + "  - h111111\n")
    commit_all(work_repo, "Someone else adds a user")

    assert forge.status(pr.number).conflicting

    replanned = users_add(forge, "R-20", "kyrre.yaml", "g678901")
    rebuilt = forge.rebuild(replanned)

    assert rebuilt.number == pr.number
    assert show(work_repo, pr.branch, "configs/kyrre.yaml") == replanned.new_text
    assert "  - h111111\n  - g678901\n" in (replanned.new_text or "")
    assert (
        git(work_repo, "rev-parse", f"{pr.branch}~1").strip() == git(work_repo, "rev-parse", "main").strip()
    )
    status = forge.status(pr.number)
    assert status.mergeable is True
    assert not status.conflicting
    assert forge.rebuild(replanned).head_sha == status.pr.head_sha  # repeating it changes nothing


def test_rebuild_keeps_the_token_the_check_added(forge: LocalForge, work_repo: Path) -> None:
    change = create_hub("R-21", "nyhub")
    pr = forge.open_pull_request(change)
    forge.run_checks(pr.number)
    token = (show(work_repo, pr.branch, "configs/nyhub.yaml") or "").splitlines()[-1]
    helse = work_repo / "configs" / "helse.yaml"
    helse.write_text(helse.read_text() + "  - h111111\n")
    commit_all(work_repo, "Main moves on")

    forge.rebuild(create_hub("R-21", "nyhub"))

    assert show(work_repo, pr.branch, "configs/nyhub.yaml") == f"{change.new_text}{token}\n"
    assert forge.run_checks(pr.number).outcome == "success"
    assert show(work_repo, pr.branch, "configs/nyhub.yaml") == f"{change.new_text}{token}\n"


def test_delete_hub_and_close(forge: LocalForge, work_repo: Path) -> None:
    old = forge.snapshot().text("configs/helse.yaml")
    change = Change(
        request_id="R-30",
        kind="delete",
        hub="helse",
        path="configs/helse.yaml",
        old_text=old,
        new_text=None,
        title="Delete hub helse",
        body="",
        commit_message="Delete hub helse",
        requester="e152435",
    )
    pr = forge.open_pull_request(change)
    assert show(work_repo, pr.branch, "configs/helse.yaml") is None
    assert show(work_repo, "main", "configs/helse.yaml") == old

    forge.close(pr.number, "Cancelled by e152435 (R-30).")
    forge.close(pr.number, "Cancelled by e152435 (R-30).")

    assert forge.status(pr.number).pr.state == "closed"
    assert forge.comments(pr.number) == ["Cancelled by e152435 (R-30)."]
    assert forge.open_pull_request(change).state == "closed"  # still that one PR, not a new one
    with pytest.raises(ForgeRefused):
        forge.status(99)


def test_works_on_a_bare_repository(tmp_path: Path, work_repo: Path) -> None:
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work_repo), str(bare)], check=True)
    forge = LocalForge(bare)
    change = create_hub("R-40", "nyhub")

    pr = forge.open_pull_request(change)
    forge.run_checks(pr.number)
    forge.approve(pr.number, "nada-owner")
    forge.merge(pr.number)

    assert (bare / "knada-prs.json").exists()
    assert (show(bare, "main", "configs/nyhub.yaml") or "").startswith(change.new_text or "")


def test_a_path_outside_configs_is_refused(forge: LocalForge) -> None:
    change = create_hub("R-41", "nyhub")
    with pytest.raises(ForgeRefused):
        forge.open_pull_request(Change(**{**change.__dict__, "path": "shared.yaml"}))


@pytest.mark.parametrize("where", ["plain", "inside-a-repo"])
def test_a_directory_that_is_not_a_git_repository_is_a_setting_error(work_repo: Path, where: str) -> None:
    directory = work_repo.parent / "plain" if where == "plain" else work_repo / "configs"
    directory.mkdir(exist_ok=True)

    with pytest.raises(ForgeConfigError) as caught:
        LocalForge(directory)

    assert str(directory) in caught.value.message("en")
    assert not caught.value.transient
