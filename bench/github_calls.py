"""How many GitHub requests (and how many of them writes) each forge operation costs.

Runs the fake GitHub in-process, seeded with the bundled sample config repo, drives GitHubForge through
PyGithub over a real socket, and prints one row per operation from the fake's request log. PRODUCT.md's bar:
at most 6 requests to open a one-file PR in the steady state.

    python bench/github_calls.py
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.forge.github import GitHubForge  # noqa: E402
from bot.lifecycle.change import Change  # noqa: E402
from tests.fakes.github import FakeGitHub, Fault  # noqa: E402

SAMPLE = ROOT / "bot" / "sample" / "config-repo"


def change(request_id: str, kind: str, hub: str, old: str | None, new: str | None) -> Change:
    return Change(
        request_id=request_id,
        kind=kind,
        hub=hub,
        path=f"configs/{hub}.yaml",
        old_text=old,
        new_text=new,
        title=f"{hub}: {kind}",
        body=f"Bestilt i #knada ({request_id}).",
        commit_message=f"{hub}: {kind}",
        requester="e152435",
    )


def main() -> int:
    rows: list[tuple[str, int, int, str]] = []
    with tempfile.TemporaryDirectory() as tmp, FakeGitHub(Path(tmp), seed=SAMPLE) as fake:
        forge = GitHubForge(
            api_url=fake.base_url,
            repo=fake.full_name,
            token=fake.token,
            seconds_between_requests=None,
            seconds_between_writes=None,
            sleep=lambda _: None,
        )

        def measure(name: str, operation: Callable[[], object]) -> None:
            before = len(fake.requests)
            operation()
            made = fake.requests[before:]
            calls = " ".join(f"{r.method} {r.operation_id or 'archive'}" for r in made)
            rows.append((name, len(made), sum(r.method != "GET" for r in made), calls))

        measure("snapshot (new base head)", forge.snapshot)
        measure("snapshot (cached)", forge.snapshot)
        snapshot = forge.snapshot()

        new_hub = "namespace: nyhub\ningress: nyhub\nusers:\n  - e152435\n"
        create = change("R-1", "create", "nyhub", None, new_hub)
        measure("create hub: open PR", lambda: forge.open_pull_request(create))
        measure("create hub: same request again", lambda: forge.open_pull_request(create))

        kyrre = snapshot.text("configs/kyrre.yaml")
        users_add = change("R-2", "users-add", "kyrre", kyrre, kyrre + "  - g678901\n")
        measure("users add: open PR", lambda: forge.open_pull_request(users_add))

        fake.inject(Fault("lost-response", "POST", r"/pulls$"))
        users_add_2 = change("R-3", "users-add", "kyrre", kyrre, kyrre + "  - h111111\n")
        measure("users add, POST /pulls answer lost", lambda: forge.open_pull_request(users_add_2))

        delete = change("R-4", "delete", "helse", snapshot.text("configs/helse.yaml"), None)
        measure("delete hub: open PR", lambda: forge.open_pull_request(delete))

        pr = forge.find_pull_request(create.branch)
        assert pr is not None
        fake.run_checks(pr.number)
        fake.approve(pr.number)
        measure("status refresh", lambda: forge.status(pr.number))

        fake.commit_to_base("configs/fiskeri.yaml", None)
        measure("rebuild on a moved base", lambda: forge.rebuild(create))
        measure("cancel: close with comment", lambda: forge.close(pr.number, "Avbrutt (R-1)."))

        assert fake.violations == [], fake.violations

    width = max(len(name) for name, *_ in rows)
    print(f"{'operation':<{width}}  requests  writes  calls")
    for name, requests, writes, calls in rows:
        print(f"{name:<{width}}  {requests:>8}  {writes:>6}  {calls}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
