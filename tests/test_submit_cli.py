"""``knada-bot submit`` as a user runs it: against the fake GitHub (over a socket) and against a local git
repository. The same request id always gives the same pull request."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.fakes.fixtures import TOKEN
from tests.fakes.github import FakeGitHub, Fault

SAMPLE_REPO = Path(__file__).resolve().parents[1] / "bot" / "sample" / "config-repo"


def submit(*words: str, env: dict[str, str], repo: Path | None = None, request_id: str | None = None):
    argv = [sys.executable, "-m", "bot.cli", "submit", "--as", "e152435"]
    if repo is not None:
        argv += ["--repo", str(repo)]
    if request_id is not None:
        argv += ["--request-id", request_id]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "KNADA_"))}
    return subprocess.run(
        [*argv, "--", *words],
        capture_output=True,
        text=True,
        env={**base, "KNADA_LANGUAGE": "en", **env},
        check=False,
    )


def github_env(fake: FakeGitHub) -> dict[str, str]:
    return {"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake.base_url, "GITHUB_REPO": fake.full_name}


def test_submit_opens_the_pr_and_prints_its_url_once_per_request_id(fake_github: FakeGitHub) -> None:
    first = submit("hub users add kyrre g678901", env=github_env(fake_github), request_id="R-17")
    assert first.returncode == 0, first.stderr
    url = first.stdout.strip()
    assert url.endswith("/pull/1")
    assert fake_github.file("knada-bot/r-17", "configs/kyrre.yaml").endswith(b"  - e152435\n  - g678901\n")
    pull = fake_github.pulls[1]
    assert pull.title == "kyrre: add g678901" and "knada-bot" in pull.labels

    again = submit("hub users add kyrre g678901", env=github_env(fake_github), request_id="R-17")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == url
    assert len(fake_github.pulls) == 1


def test_submit_survives_a_lost_response_without_a_second_pr(fake_github: FakeGitHub) -> None:
    fake_github.inject(Fault("lost-response", method="POST", path_regex=r"/pulls$"))
    result = submit("hub users add kyrre g678901", env=github_env(fake_github), request_id="R-5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("/pull/1")
    assert list(fake_github.pulls) == [1]


def test_submit_refusal_exits_1_and_opens_nothing(fake_github: FakeGitHub) -> None:
    result = submit("hub users add kyrre e152435", env=github_env(fake_github), request_id="R-6")
    assert result.returncode == 1
    assert "e152435 is already a user of `kyrre`" in result.stderr
    assert fake_github.pulls == {}
    assert not any(name.startswith("knada-bot/") for name in fake_github.branches())


def test_submit_bad_credentials_are_named_never_shown(tmp_path: Path) -> None:
    result = submit(
        "hub users add kyrre g678901",
        env={"GITHUB_APP_ID": "abc", "GITHUB_APP_PRIVATE_KEY": "-----BEGIN secret-----"},
        request_id="R-1",
    )
    assert result.returncode == 2
    assert "GITHUB_APP_ID" in result.stderr and "secret" not in result.stderr


def test_submit_against_a_local_repository(tmp_path: Path) -> None:
    repo = tmp_path / "config-repo"
    shutil.copytree(SAMPLE_REPO, repo)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "sample"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True
        )
    first = submit("hub limits kyrre --memory 8GB", env={}, repo=repo, request_id="R-3")
    assert first.returncode == 0, first.stderr
    again = submit("hub limits kyrre --memory 8GB", env={}, repo=repo, request_id="R-3")
    assert again.stdout == first.stdout
    shown = subprocess.run(
        ["git", "show", "knada-bot/r-3:configs/kyrre.yaml"], cwd=repo, capture_output=True, check=True
    ).stdout
    assert shown == b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\nmemoryLimit: 8GB\n"
    # The work tree and main are untouched: a PR is a branch, not an edit of the checkout.
    assert (repo / "configs" / "kyrre.yaml").read_bytes() == (
        SAMPLE_REPO / "configs" / "kyrre.yaml"
    ).read_bytes()
