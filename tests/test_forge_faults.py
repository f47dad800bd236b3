"""Many changes through GitHubForge while the fake GitHub misbehaves on a fixed schedule (502s, secondary and
primary rate limits, responses lost after the work was done, a process dying mid-way, two replicas racing):
every change still ends in exactly one PR with exactly the planned file."""

from __future__ import annotations

import contextlib
import re
import subprocess
import threading

import pytest

from bot.forge.base import ForgeUnavailable
from bot.forge.github import GitHubForge
from bot.hubconfig.snapshot import ConfigSnapshot
from bot.lifecycle.change import Change
from tests.fakes.github import FakeGitHub, Fault
from tests.test_github_forge import create_hub, make_forge, users_add

N = 20

# One fault per change, rotating over every request of opening a PR and every kind of trouble.
SCHEDULE: list[Fault] = [
    Fault("502", "GET", r"/pulls$"),
    Fault("lost-response", "POST", r"/git/refs$"),
    Fault("secondary-rate-limit", "PUT", r"/contents/", retry_after=3),
    Fault("lost-response", "POST", r"/pulls$"),
    Fault("502", "POST", r"/issues/\d+/labels$", times=2),
    Fault("lost-response", "PUT", r"/contents/"),
    Fault("primary-rate-limit", "GET", r"/git/ref/heads/main$"),
    Fault("secondary-rate-limit", "POST", r"/pulls$", retry_after=5),
    Fault("lost-response", "POST", r"/issues/\d+/labels$"),
    Fault("502", "POST", r"/git/refs$", times=3),
]


def set_memory(snapshot: ConfigSnapshot, request_id: str, path: str, size: str) -> Change:
    """``/knada hub limits <hub> --memory SIZE`` on a config with a memoryLimit line (and an .enc line)."""
    old = snapshot.text(path)
    new = re.sub(r"^memoryLimit: .*$", f"memoryLimit: {size}", old, count=1, flags=re.MULTILINE)
    assert new != old
    return Change(
        request_id=request_id,
        kind="limits",
        hub=path.removeprefix("configs/").removesuffix(".yaml"),
        path=path,
        old_text=old,
        new_text=new,
        title=f"Endre minnegrensen for {path} til {size}",
        body=f"Bestilt i #knada ({request_id}).",
        commit_message=f"Sett memoryLimit til {size}",
        requester="e152435",
    )


def planned_changes(forge: GitHubForge) -> list[Change]:
    snapshot = forge.snapshot()
    changes = [users_add(snapshot, "R-100", "kyrre.yaml", "g600000")]
    changes += [
        set_memory(snapshot, f"R-{101 + i}", path, f"{10 + i}GB")
        for i, path in enumerate(sorted(p for p in snapshot.files if p != "configs/kyrre.yaml"))
    ]
    changes += [create_hub(f"R-{200 + i}", f"hub-{i:02d}") for i in range(N - len(changes))]
    assert len(changes) == N
    return changes


def assert_one_pr_each(fake: FakeGitHub, changes: list[Change]) -> None:
    assert len(fake.pulls) == len(changes)
    for change in changes:
        pull = fake.pull_for(change.branch)
        assert pull is not None, change.branch
        assert (pull.title, pull.body, pull.labels, pull.state) == (
            change.title,
            change.body,
            ["knada-bot"],
            "open",
        )
        assert fake.file(change.branch, change.path) == (change.new_text or "").encode()
        commits = subprocess.run(
            ["git", "--git-dir", str(fake.git_dir), "rev-list", "--count", f"main..{change.branch}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert commits == "1", change.branch
    assert fake.violations == []


def test_faults_on_every_step_still_give_exactly_one_pr_per_change(fake_github: FakeGitHub) -> None:
    sleeps: list[float] = []
    forge = make_forge(fake_github, sleeps)
    changes = planned_changes(forge)

    for i, change in enumerate(changes):
        rule = SCHEDULE[i % len(SCHEDULE)]
        fake_github.inject(Fault(rule.kind, rule.method, rule.path_regex, rule.times, rule.retry_after))
        forge.open_pull_request(change)
    for change in changes:  # redelivered requests: all found, none made again
        forge.open_pull_request(change)

    assert_one_pr_each(fake_github, changes)
    assert all(f.times == 0 for f in fake_github.faults)
    assert sleeps.count(3.0) == 2 and sleeps.count(5.0) == 2  # secondary limits: as long as Retry-After said
    # A PUT did its work when it succeeded or when only its answer was lost.
    puts = [r for r in fake_github.requests if r.method == "PUT"]
    written = [r for r in puts if r.status < 300 or r.fault == "lost-response"]
    assert len(written) == N  # no file was written twice


def test_a_process_dying_at_every_step_then_retrying_gives_exactly_one_pr_per_change(
    fake_github: FakeGitHub,
) -> None:
    sleeps: list[float] = []
    changes = planned_changes(make_forge(fake_github, sleeps))
    dying = make_forge(fake_github, sleeps, max_attempts=1)

    for i, change in enumerate(changes):
        rule = SCHEDULE[i % len(SCHEDULE)]
        fake_github.inject(Fault(rule.kind, rule.method, rule.path_regex, 1, rule.retry_after))
        with contextlib.suppress(ForgeUnavailable):  # the process is gone where the fault hit ...
            dying.open_pull_request(change)
        # ... and a fresh one picks the request up from the durable queue.
        make_forge(fake_github, sleeps).open_pull_request(change)

    assert_one_pr_each(fake_github, changes)


def test_two_replicas_racing_on_the_same_changes_give_one_pr_each(fake_github: FakeGitHub) -> None:
    sleeps: list[float] = []
    changes = planned_changes(make_forge(fake_github, sleeps))
    errors: list[BaseException] = []

    def replica() -> None:
        forge = make_forge(fake_github, sleeps)
        try:
            for change in changes:
                forge.open_pull_request(change)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=replica) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert_one_pr_each(fake_github, changes)


@pytest.mark.parametrize("kind", ["create", "users-add", "delete"])
def test_a_write_that_loses_a_race_with_another_replica_looks_again(
    fake_github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    sleeps: list[float] = []
    forge = make_forge(fake_github, sleeps)
    snapshot = forge.snapshot()
    if kind == "create":
        change = create_hub("R-300", "nyhub")
    elif kind == "users-add":
        change = users_add(snapshot, "R-300", "kyrre.yaml", "g678901")
    else:
        change = Change(
            **{**set_memory(snapshot, "R-300", "configs/helse.yaml", "32GB").__dict__, "new_text": None}
        )
    # The other replica made the branch, and writes the file right after this one has read it.
    fake_github.push(change.branch, {}, "Empty start", user="knada-bot[bot]")
    read = forge._read_text
    raced: list[bool] = []

    def read_then_lose_the_race(path: str, ref: str) -> tuple[str, str] | None:
        found = read(path, ref)
        if not raced:
            raced.append(True)
            new = None if change.new_text is None else change.new_text.encode()
            fake_github.push(change.branch, {change.path: new}, change.commit_message, user="knada-bot[bot]")
        return found

    monkeypatch.setattr(forge, "_read_text", read_then_lose_the_race)

    pr = forge.open_pull_request(change)

    assert list(fake_github.pulls) == [pr.number]
    assert fake_github.file(pr.branch, change.path) == (
        None if change.new_text is None else change.new_text.encode()
    )
    assert sleeps == [1.0]
    assert fake_github.violations == []
