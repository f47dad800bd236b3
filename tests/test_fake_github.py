"""The fake GitHub, driven by PyGithub over a socket: a PR's whole life, GitHub's quirks, faults, the oracle.

Every test here runs with the OpenAPI oracle on: ``fake_github`` fails the test at teardown if any request
or response broke GitHub's description, so a passing test also means "GitHub would have sent this".
"""

from __future__ import annotations

import io
import tarfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from github import Auth, Github, GithubException, GithubRetry, InputGitTreeElement

from tests.fakes.fixtures import APP_ID, client_for
from tests.fakes.github import FakeGitHub, Fault

REPO = "navikt/knada-jupyterhub"
BRANCH = "knada-bot/r-42"
NEW_HUB = b"namespace: ny-hub\ningress: ny-hub\nusers:\n  - e123456\n"


def open_pull(gh: Github, branch: str = BRANCH, path: str = "configs/ny-hub.yaml", content: bytes = NEW_HUB):
    """What the bot does for a one-file change: base ref, branch ref, file on the branch, PR."""
    repo = gh.get_repo(REPO)
    base = repo.get_git_ref("heads/main")
    repo.create_git_ref(f"refs/heads/{branch}", base.object.sha)
    repo.create_file(path, f"Add {path}", content, branch=branch)
    return repo.create_pull(base="main", head=branch, title=f"Change {path}", body="Asked for in #knada")


def test_a_pull_request_lives_from_branch_to_merge(fake_github: FakeGitHub, github_client: Github) -> None:
    pr = open_pull(github_client)

    assert fake_github.count() == 4  # the cheapest one-file PR: 4 requests, 3 of them writes
    assert pr.number == 1
    assert pr.html_url == f"https://github.com/{REPO}/pull/1"
    assert pr.head.ref == BRANCH and pr.base.ref == "main"
    assert fake_github.file(BRANCH, "configs/ny-hub.yaml") == NEW_HUB
    assert fake_github.file("main", "configs/ny-hub.yaml") is None

    repo = github_client.get_repo(REPO)
    assert [p.number for p in repo.get_pulls(state="all", head=f"navikt:{BRANCH}")] == [1]
    assert list(repo.get_pulls(state="all", head="navikt:knada-bot/r-7")) == []

    assert fake_github.run_checks(1) == "success"
    head = fake_github.branches()[BRANCH]
    enc_line = fake_github.file(BRANCH, "configs/ny-hub.yaml").removeprefix(NEW_HUB)
    assert enc_line.startswith(b"secretToken.enc: U2FsdGVkX1") and enc_line.endswith(b"\n")
    commit = repo.get_commit(head)
    runs = list(commit.get_check_runs())
    assert [(r.name, r.status, r.conclusion) for r in runs] == [("validate", "completed", "success")]
    assert runs[0].html_url.startswith(f"https://github.com/{REPO}/runs/")
    assert commit.get_combined_status().state == "pending"  # no legacy statuses: GitHub says pending
    fake_github.set_status(head, "ci/deploy-dry-run", "success", "https://ci.example.com/7")
    assert commit.get_combined_status().state == "success"

    assert repo.get_pull(1).mergeable_state == "unknown"
    assert repo.get_pull(1).mergeable_state == "blocked"  # a code owner has not approved yet
    fake_github.approve(1)
    assert [(r.user.login, r.state) for r in repo.get_pull(1).get_reviews()] == [("nada-owner", "APPROVED")]
    pull = repo.get_pull(1)
    assert (pull.mergeable, pull.mergeable_state) == (True, "clean")

    pull.add_to_labels("knada-bot")
    pull.create_issue_comment("Merged by knada-bot")
    result = pull.merge(sha=head)

    assert result.merged
    assert fake_github.branches()["main"] == result.sha
    assert fake_github.file("main", "configs/ny-hub.yaml") == NEW_HUB + enc_line
    merged = repo.get_pull(1)
    assert (merged.state, merged.merged, merged.merge_commit_sha) == ("closed", True, result.sha)
    assert [label.name for label in merged.labels] == ["knada-bot"]
    assert fake_github.pulls[1].comments[0].body == "Merged by knada-bot"
    assert fake_github.violations == []


def test_mergeable_is_unknown_after_each_move_then_computed(
    fake_github: FakeGitHub, github_client: Github
) -> None:
    open_pull(github_client, content=b"namespace: a\ningress: a\nusers:\n  - e123456\n")
    repo = github_client.get_repo(REPO)
    assert repo.get_pull(1).mergeable is None
    assert repo.get_pull(1).mergeable is True

    fake_github.commit_to_base("README.md", b"Moved on\n")  # main moves, no conflict
    assert repo.get_pull(1).mergeable is None
    assert repo.get_pull(1).mergeable is True

    fake_github.commit_to_base("configs/ny-hub.yaml", b"namespace: b\ningress: b\nusers:\n  - e654321\n")
    assert repo.get_pull(1).mergeable is None
    conflicted = repo.get_pull(1)
    assert (conflicted.mergeable, conflicted.mergeable_state) == (False, "dirty")
    fake_github.approve(1)
    with pytest.raises(GithubException) as refused:
        conflicted.merge()
    assert refused.value.status == 405
    assert refused.value.data["message"] == "Pull Request is not mergeable"


def test_merge_keeps_branch_protection(fake_github: FakeGitHub, github_client: Github) -> None:
    pull = open_pull(github_client)
    with pytest.raises(GithubException) as unapproved:
        pull.merge()
    assert unapproved.value.status == 405
    assert "approving review is required" in unapproved.value.data["message"]

    fake_github.approve(1)
    with pytest.raises(GithubException) as unchecked:
        pull.merge()
    assert unchecked.value.data["message"] == 'Required status check "validate" is expected.'

    fake_github.run_checks(1)
    with pytest.raises(GithubException) as stale:
        pull.merge(sha=pull.head.sha)  # the check pushed the .enc commit since
    assert stale.value.status == 409
    assert fake_github.pulls[1].state == "open"


def test_a_failing_check_names_the_findings_and_pushes_nothing(
    fake_github: FakeGitHub, github_client: Github
) -> None:
    bad = b"namespace: ny-hub\ningress: ny-hub\nusers:\n  - E123456\n"
    pull = open_pull(github_client, content=bad)

    assert fake_github.run_checks(1) == "failure"

    assert fake_github.branches()[BRANCH] == pull.head.sha  # no .enc commit on a broken config
    run = next(iter(github_client.get_repo(REPO).get_commit(pull.head.sha).get_check_runs()))
    assert run.conclusion == "failure"
    assert "configs/ny-hub.yaml:4" in run.output.summary
    assert "users." in run.output.summary


def test_contents_api_checks_the_blob_sha_like_github(fake_github: FakeGitHub, github_client: Github) -> None:
    repo = github_client.get_repo(REPO)
    current = repo.get_contents("configs/kyrre.yaml")
    assert current.decoded_content == fake_github.file("main", "configs/kyrre.yaml")

    with pytest.raises(GithubException) as missing_sha:
        repo.create_file("configs/kyrre.yaml", "Overwrite", b"x: 1\n")
    assert missing_sha.value.status == 422
    with pytest.raises(GithubException) as wrong_sha:
        repo.update_file("configs/kyrre.yaml", "Update", b"x: 1\n", "0" * 40)
    assert wrong_sha.value.status == 409
    with pytest.raises(GithubException) as wrong_delete:
        repo.delete_file("configs/kyrre.yaml", "Delete", "1" * 40)
    assert wrong_delete.value.status == 409

    repo.delete_file("configs/kyrre.yaml", "Delete kyrre", current.sha)
    assert fake_github.file("main", "configs/kyrre.yaml") is None
    with pytest.raises(GithubException) as gone:
        repo.get_contents("configs/kyrre.yaml")
    assert gone.value.status == 404
    listing = repo.get_contents("configs")
    assert "configs/kyrre.yaml" not in [item.path for item in listing]
    assert "configs/helse.yaml" in [item.path for item in listing]
    assert fake_github.violations == []


def test_git_data_api_builds_commits_from_blobs_and_trees(
    fake_github: FakeGitHub, github_client: Github
) -> None:
    repo = github_client.get_repo(REPO)
    main = repo.get_git_ref("heads/main")
    base_commit = repo.get_git_commit(main.object.sha)
    blob = repo.create_git_blob("namespace: x\ningress: x\nusers:\n  - e123456\n", "utf-8")
    tree = repo.create_git_tree(
        [
            InputGitTreeElement("configs/x.yaml", "100644", "blob", sha=blob.sha),
            InputGitTreeElement("configs/fiskeri.yaml", "100644", "blob", sha=None),
        ],
        base_tree=base_commit.tree,
    )
    commit = repo.create_git_commit("Add x, remove fiskeri", tree, [base_commit])
    branch = repo.create_git_ref("refs/heads/knada-bot/r-9", commit.sha)

    assert (
        fake_github.file("knada-bot/r-9", "configs/x.yaml")
        == b"namespace: x\ningress: x\nusers:\n  - e123456\n"
    )
    assert fake_github.file("knada-bot/r-9", "configs/fiskeri.yaml") is None
    assert repo.get_git_blob(blob.sha).content.replace("\n", "") == (
        "bmFtZXNwYWNlOiB4CmluZ3Jlc3M6IHgKdXNlcnM6CiAgLSBlMTIzNDU2Cg=="
    )
    paths = {item.path for item in repo.get_git_tree("knada-bot/r-9", recursive=True).tree}
    assert {"configs", "configs/x.yaml", "shared.yaml"} <= paths and "configs/fiskeri.yaml" not in paths
    assert [ref.ref for ref in repo.get_git_matching_refs("heads/knada-bot/")] == ["refs/heads/knada-bot/r-9"]

    with pytest.raises(GithubException) as exists:
        repo.create_git_ref("refs/heads/knada-bot/r-9", commit.sha)
    assert (exists.value.status, exists.value.data["message"]) == (422, "Reference already exists")
    with pytest.raises(GithubException) as not_ff:
        branch.edit(main.object.sha)  # back to the parent: not a fast forward
    assert (not_ff.value.status, not_ff.value.data["message"]) == (422, "Update is not a fast forward")
    branch.edit(main.object.sha, force=True)
    assert fake_github.branches()["knada-bot/r-9"] == main.object.sha
    branch.delete()
    assert "knada-bot/r-9" not in fake_github.branches()
    with pytest.raises(GithubException) as gone:
        _ = repo.get_git_ref("heads/knada-bot/r-9").object
    assert gone.value.status == 404


def test_deleting_the_head_branch_closes_the_pull_request(
    fake_github: FakeGitHub, github_client: Github
) -> None:
    open_pull(github_client)
    with pytest.raises(GithubException):
        github_client.get_repo(REPO).get_git_ref(f"heads/{BRANCH}").delete()
    # PyGithub's lazy GitRef deletes its own GET url (/git/ref/...), which GitHub does not know
    assert fake_github.violations == [
        f"DELETE /repos/{REPO}/git/ref/heads/{BRANCH}: no such operation in GitHub's REST API"
    ]
    fake_github.violations.clear()
    assert fake_github.pulls[1].state == "open"
    ref = github_client.get_repo(REPO).get_git_ref(f"heads/{BRANCH}")
    assert ref.object.sha == fake_github.branches()[BRANCH]  # completed: its url is now /git/refs/...
    ref.delete()
    assert fake_github.pulls[1].state == "closed"
    assert not fake_github.pulls[1].merged


def test_opening_a_second_pull_request_for_a_branch_is_refused(
    fake_github: FakeGitHub, github_client: Github
) -> None:
    open_pull(github_client)
    repo = github_client.get_repo(REPO)
    with pytest.raises(GithubException) as twice:
        repo.create_pull(base="main", head=BRANCH, title="Again")
    assert twice.value.status == 422
    assert twice.value.data["errors"][0]["message"] == f"A pull request already exists for navikt:{BRANCH}."
    repo.create_git_ref("refs/heads/knada-bot/r-43", fake_github.branches()["main"])
    with pytest.raises(GithubException) as empty:
        repo.create_pull(base="main", head="knada-bot/r-43", title="Nothing")
    assert empty.value.data["errors"][0]["message"] == "No commits between main and knada-bot/r-43"


def test_head_filter_without_owner_is_ignored_as_on_github(
    fake_github: FakeGitHub, github_client: Github
) -> None:
    open_pull(github_client)
    open_pull(github_client, branch="knada-bot/r-43", path="configs/annen.yaml")
    repo = github_client.get_repo(REPO)
    assert [p.number for p in repo.get_pulls(head="knada-bot/r-43")] == [2, 1]
    assert [p.number for p in repo.get_pulls(head="navikt:knada-bot/r-43")] == [2]


def test_lists_are_paginated_with_link_headers(fake_github: FakeGitHub) -> None:
    main = fake_github.branches()["main"]
    gh = client_for(fake_github)
    repo = gh.get_repo(REPO)
    for n in range(5):
        repo.create_git_ref(f"refs/heads/knada-bot/r-{n + 1}", main)
    before = fake_github.count("GET")
    paged = Github(
        auth=Auth.Token(fake_github.token),
        base_url=fake_github.base_url,
        per_page=2,
        lazy=True,
        seconds_between_requests=None,
        seconds_between_writes=None,
        retry=None,
    )
    refs = [ref.ref for ref in paged.get_repo(REPO).get_git_matching_refs("heads/knada-bot/")]
    assert refs == [f"refs/heads/knada-bot/r-{n}" for n in range(1, 6)]
    assert fake_github.count("GET") - before == 3


def test_the_tarball_redirects_to_a_short_lived_archive_url(
    fake_github: FakeGitHub, github_client: Github
) -> None:
    link = github_client.get_repo(REPO).get_archive_link("tarball", "main")
    assert link.startswith(fake_github.base_url) and "token=" in link

    with urllib.request.urlopen(link) as answer:
        data = answer.read()
    sha = fake_github.branches()["main"]
    top = f"navikt-knada-jupyterhub-{sha[:7]}"
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(f"{top}/configs/kyrre.yaml")
        assert member is not None and member.read() == fake_github.file("main", "configs/kyrre.yaml")
        assert archive.pax_headers.get("comment") == sha  # git archive records the commit, as GitHub's does

    with pytest.raises(urllib.error.HTTPError) as no_token:
        urllib.request.urlopen(link.split("?")[0])
    assert no_token.value.code == 404


def test_requests_without_valid_credentials_get_401(fake_github: FakeGitHub) -> None:
    anonymous = Github(base_url=fake_github.base_url, retry=None)
    with pytest.raises(GithubException) as missing:
        anonymous.get_repo(REPO)
    assert (missing.value.status, missing.value.data["message"]) == (401, "Requires authentication")
    wrong = client_for(fake_github, Auth.Token("ghs_not_the_token"))
    with pytest.raises(GithubException) as bad:
        _ = wrong.get_repo(REPO).default_branch
    assert (bad.value.status, bad.value.data["message"]) == (401, "Bad credentials")
    assert fake_github.branches() == {"main": fake_github.branches()["main"]}


def test_a_github_app_gets_an_installation_token(fake_github_app: FakeGitHub, github_app_key: bytes) -> None:
    app_auth = Auth.AppAuth(APP_ID, github_app_key.decode())
    gh = client_for(fake_github_app, Auth.AppInstallationAuth(app_auth, fake_github_app.installation_id))

    assert gh.get_repo(REPO).default_branch == "main"
    assert (
        fake_github_app.count("POST", f"/app/installations/{fake_github_app.installation_id}/access_tokens")
        == 1
    )

    from github import GithubIntegration

    integration = GithubIntegration(auth=app_auth, base_url=fake_github_app.base_url, retry=None)
    assert (
        integration.get_repo_installation("navikt", "knada-jupyterhub").id == fake_github_app.installation_id
    )

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    forged = GithubIntegration(
        auth=Auth.AppAuth(APP_ID, stranger.decode()), base_url=fake_github_app.base_url
    )
    with pytest.raises(GithubException) as refused:
        forged.get_repo_installation("navikt", "knada-jupyterhub")
    assert refused.value.status == 401


# -- the oracle ----------------------------------------------------------------------------------------------


def test_a_malformed_request_body_is_reported(fake_github: FakeGitHub, github_client: Github) -> None:
    requester = github_client.requester
    status, _, _ = requester.requestJson("POST", f"/repos/{REPO}/pulls", input={"title": 42, "base": "main"})
    assert status == 422
    assert any("request body" in v and "42 is not of type 'string'" in v for v in fake_github.violations)
    assert any("'head' is a required property" in v for v in fake_github.violations)
    fake_github.violations.clear()


def test_an_unknown_operation_is_reported(fake_github: FakeGitHub, github_client: Github) -> None:
    status, _, _ = github_client.requester.requestJson("GET", f"/repos/{REPO}/pull/1")
    assert status == 404
    assert fake_github.violations == [f"GET /repos/{REPO}/pull/1: no such operation in GitHub's REST API"]
    fake_github.violations.clear()


def test_a_response_that_breaks_the_schema_is_reported(
    fake_github: FakeGitHub, github_client: Github, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = FakeGitHub._repo_json
    monkeypatch.setattr(FakeGitHub, "_repo_json", lambda self: {**real(self), "default_branch": None})
    assert github_client.get_repo(REPO).default_branch is None
    assert fake_github.violations
    assert all(v.startswith("GET /repos/{owner}/{repo} response 200: None ") for v in fake_github.violations)
    assert all(v.endswith("(at /default_branch)") for v in fake_github.violations)
    fake_github.violations.clear()


# -- faults --------------------------------------------------------------------------------------------------


def test_a_502_fault_answers_the_next_matching_requests_only(
    fake_github: FakeGitHub, github_client: Github
) -> None:
    fake_github.inject(Fault("502", method="GET", path_regex=r"/git/ref/", times=2))
    repo = github_client.get_repo(REPO)
    repo.create_git_ref("refs/heads/knada-bot/r-1", fake_github.branches()["main"])  # POST: not matched
    for _ in range(2):
        with pytest.raises(GithubException) as failed:
            _ = repo.get_git_ref("heads/main").object
        assert failed.value.status == 502
    assert repo.get_git_ref("heads/main").object.sha == fake_github.branches()["main"]
    assert [r.status for r in fake_github.requests] == [201, 502, 502, 200]


def test_a_lost_response_still_performs_the_request(fake_github: FakeGitHub, github_client: Github) -> None:
    fake_github.inject(Fault("lost-response", method="POST", path_regex=r"/pulls$"))
    with pytest.raises(GithubException) as lost:
        open_pull(github_client)
    assert lost.value.status == 502
    repo = github_client.get_repo(REPO)
    assert [p.number for p in repo.get_pulls(head=f"navikt:{BRANCH}")] == [1]
    with pytest.raises(GithubException) as again:
        repo.create_pull(base="main", head=BRANCH, title="Retry")
    assert again.value.status == 422  # a blind retry of the POST would be refused, never duplicated


def test_rate_limit_faults_look_like_githubs(fake_github: FakeGitHub, github_client: Github) -> None:
    fake_github.inject(Fault("secondary-rate-limit", path_regex=r"^/repos/", retry_after=7))
    with pytest.raises(GithubException) as secondary:
        _ = github_client.get_repo(REPO).default_branch
    assert secondary.value.status == 403
    assert secondary.value.headers["retry-after"] == "7"
    assert secondary.value.data["message"].startswith("You have exceeded a secondary rate limit.")

    fake_github.inject(Fault("primary-rate-limit", retry_after=30, status=429))
    with pytest.raises(GithubException) as primary:
        _ = github_client.get_repo(REPO).default_branch
    assert primary.value.status == 429
    assert primary.value.headers["x-ratelimit-remaining"] == "0"
    assert 25 <= int(primary.value.headers["x-ratelimit-reset"]) - time.time() <= 31
    assert primary.value.data["message"].startswith("API rate limit exceeded")

    assert github_client.get_repo(REPO).default_branch == "main"
    assert github_client.get_rate_limit().resources.core.used == 1


def test_pygithubs_retry_rides_out_a_secondary_rate_limit(fake_github: FakeGitHub) -> None:
    fake_github.inject(Fault("secondary-rate-limit", method="GET", retry_after=0))
    gh = Github(
        auth=Auth.Token(fake_github.token),
        base_url=fake_github.base_url,
        seconds_between_requests=None,
        seconds_between_writes=None,
        retry=GithubRetry(total=2, secondary_rate_wait=0),
    )
    assert gh.get_repo(REPO).full_name == REPO
    assert [r.status for r in fake_github.requests] == [403, 200]


def test_the_seed_is_the_first_commit_on_main(tmp_path: Path, github_api_description: object) -> None:
    seed = Path(__file__).resolve().parents[1] / "bot" / "sample" / "config-repo"
    fake = FakeGitHub(tmp_path, seed=seed)
    for path in ("configs/kyrre.yaml", "shared.yaml", "CODEOWNERS"):
        assert fake.file("main", path) == (seed / path).read_bytes()
    assert list(fake.branches()) == ["main"]
    assert fake.git.commit_info(fake.branches()["main"]).parents == ()
