"""Slash-command acknowledgement latency and time to PR of ``knada-bot serve`` under load.

N signed ``/knada hub create`` commands from C concurrent clients against ``knada-bot serve`` running as its
own process (SQLite by default, or --database-url), with a fake GitHub that answers every API call after
--github-latency seconds and a fake Slack. Prints ack latency p50/p95/p99/max, time from command to PR
p50/p99, the server's peak RSS, and checks that every request got exactly one PR.

    python bench/ack_latency.py                      # 200 commands, 20 clients, 300 ms GitHub
    python bench/ack_latency.py --github-pacing 1    # PyGithub's production pacing between writes

Run from the repository root with the project's virtualenv (it uses the test fakes in tests/fakes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.github import FakeGitHub
from tests.fakes.slack_requests import SlackRequests
from tests.harness import CHANNEL, SIGNING_SECRET, ServeProcess, Stack


class SlowGitHub(FakeGitHub):
    """Every API call answered after ``latency`` seconds, concurrently (waiting outside the fake's lock)."""

    latency = 0.3

    def handle(self, method: str, target: str, headers: Any, raw_body: bytes) -> Any:
        time.sleep(self.latency)
        return super().handle(method, target, headers, raw_body)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def histogram_quantiles(metrics: str, name: str) -> dict[int, float]:
    """p50/p95/p99 of a Prometheus histogram, as the upper bound of the bucket each falls in."""
    buckets = []
    for line in metrics.splitlines():
        if line.startswith(f"{name}_bucket"):
            bound = line.split('le="', 1)[1].split('"', 1)[0]
            buckets.append((float(bound), float(line.rsplit(" ", 1)[1])))
    total = buckets[-1][1] if buckets else 0
    return (
        {p: next(b for b, count in buckets if count >= total * p / 100) for p in (50, 95, 99)}
        if total
        else {}
    )


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--github-latency", type=float, default=0.3)
    parser.add_argument("--github-pacing", type=float, default=0.0, help="seconds between GitHub writes")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--http-threads", type=int, default=None, help="KNADA_HTTP_THREADS for the server")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()

    SlowGitHub.latency = args.github_latency
    root = Path(tempfile.mkdtemp(prefix="knada-bench-"))
    stack = Stack.__new__(Stack)
    # A Stack whose fake GitHub is the slow one; the bot itself runs as `knada-bot serve`.
    import tests.harness as harness

    original = harness.FakeGitHub
    harness.FakeGitHub = SlowGitHub  # type: ignore[misc]
    try:
        env = {"KNADA_GITHUB_WRITE_PACING": str(args.github_pacing)}
        if args.http_threads:
            env["KNADA_HTTP_THREADS"] = str(args.http_threads)
        Stack.__init__(stack, root, env=env)
    finally:
        harness.FakeGitHub = original  # type: ignore[misc]
    server = ServeProcess(stack, database_url=args.database_url).start()
    stack.github.webhook_url = f"{server.url}/github/webhook"

    sent: dict[str, float] = {}
    acks: list[float] = []
    failures: list[str] = []
    pr_seen: dict[str, float] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for pull in list(stack.github.pulls.values()):
                pr_seen.setdefault(pull.head, time.perf_counter())
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    clients = [SlackRequests(server.url, SIGNING_SECRET, stack.slack) for _ in range(args.clients)]

    def send(n: int) -> None:
        client = clients[n % args.clients]
        started = time.perf_counter()
        response = client.command(f"hub create bench{n:04d}", "UOLA0001", channel_id=CHANNEL)
        elapsed = time.perf_counter() - started
        acks.append(elapsed)
        text = response.json().get("text", "") if response.status_code == 200 else response.text
        if response.status_code != 200 or not text.startswith("Received: R-"):
            failures.append(f"{n}: {response.status_code} {text[:120]}")
            return
        request_id = text.split()[1]
        sent[f"knada-bot/{request_id.lower()}"] = started

    began = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(send, range(args.commands)))
    sending = time.perf_counter() - began
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline and not set(sent) <= set(pr_seen):
        time.sleep(0.1)
    time.sleep(2)  # a duplicate would appear now
    done.set()
    rss = peak_rss_mb(server.process.pid)
    server_side = histogram_quantiles(httpx.get(f"{server.url}/metrics").text, "knada_ack_seconds")
    server.terminate()

    branches = [pull.head for pull in stack.github.pulls.values()]
    to_pr = [pr_seen[b] - sent[b] for b in sent if b in pr_seen]
    print(
        f"commands {args.commands}, clients {args.clients}, "
        f"GitHub latency {args.github_latency * 1000:.0f} ms, "
        f"pacing {args.github_pacing} s, database {args.database_url or 'sqlite'}, "
        f"HTTP threads {args.http_threads or 'default'}"
    )
    print(f"sent all commands in {sending:.1f} s ({args.commands / sending:.1f} commands/s)")
    print(
        "ack latency ms: p50 {:.0f}  p95 {:.0f}  p99 {:.0f}  max {:.0f}".format(
            *(1000 * percentile(acks, p) for p in (50, 95, 99)), 1000 * max(acks)
        )
    )
    if to_pr:
        print(
            f"time to PR s: p50 {percentile(to_pr, 50):.1f}  p99 {percentile(to_pr, 99):.1f}  "
            f"max {max(to_pr):.1f}"
        )
    print(
        "ack latency inside the server (knada_ack_seconds, bucket upper bounds) ms: "
        + "  ".join(f"p{p} <= {v * 1000:.0f}" for p, v in server_side.items())
    )
    print(f"server peak RSS: {rss:.0f} MB")
    lost = [b for b in sent if b not in pr_seen]
    duplicated = len(branches) - len(set(branches))
    print(
        f"accepted {len(sent)}, refused/failed {len(failures)}, PRs {len(branches)}, lost {len(lost)}, "
        f"duplicated {duplicated}"
    )
    for failure in failures[:5]:
        print("  failed:", failure)
    for client in clients:
        client.close()
    stack.stop()
    return 0 if not failures and not lost and not duplicated else 1


if __name__ == "__main__":
    sys.exit(main())
