"""Benchmark: ``knada-bot validate`` against yamllint on a generated checkout of many small configs.

Writes a config repo of ``--count`` varied hub configs (comments, flow and block lists, quoting, blank lines,
a leading ``---``, ``*.enc`` lines, and about 2% broken files) to a temporary directory, then times both
tools there as subprocesses, the way CI runs them: ``knada-bot validate`` (the installed command) and
``python -m yamllint`` with its default config. Prints wall time, configs per second and CPU time for each
(the fastest of ``--repeat`` runs) and how many times faster the validator is.

    python bench/validate.py [--count 5000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("data", "analyse", "team", "ml", "stat", "helse", "pensjon", "skatt", "fisk", "lab", "dvh", "nav")
ENVS = (
    "TZ: Europe/Oslo",
    "HTTPS_PROXY: http://webproxy.nais:8088",
    "NO_PROXY: localhost,127.0.0.1,.adeo.no,.local",
    "PIP_INDEX_URL: https://repo.adeo.no/repository/api/pypi/pypi-proxy/simple",
    "ORACLE_HOME: /opt/oracle/instantclient",
)
MEMORY = ("2GB", "4GB", "8GB", "16G", "1.5GB", "2048MB", "32GB")
CPU = ("0.25", "0.5", "1", "2", "4")


def ident(rng: random.Random) -> str:
    return rng.choice("abcdefghijklmnopqrstuvwxyz") + f"{rng.randrange(10**6):06d}"


def config(n: int, rng: random.Random) -> tuple[str, str]:
    """File name and text of the n-th config: a valid hub, varied the ways hand-written files vary."""
    name = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{n}"
    lines = []
    if rng.random() < 0.1:
        lines.append("---")
    if rng.random() < 0.3:
        lines.append(f"# {name}: hub for team {rng.choice(WORDS)}")
    quote = rng.choice(("", "", "'", '"'))
    lines += [f"namespace: {quote}{name}{quote}", f"ingress: {name}"]
    users = [ident(rng) for _ in range(rng.randint(1, 8))]
    if rng.random() < 0.3:
        lines.append(f"users: [{', '.join(users)}]")
    else:
        indent = rng.choice(("  ", ""))
        lines.append("users:")
        for i, user in enumerate(users):
            if i == 2 and rng.random() < 0.3:
                lines += ["", f"{indent}# analysts"]
            lines.append(f"{indent}- {user}" + ("   # on leave" if rng.random() < 0.05 else ""))
    if rng.random() < 0.5:
        lines.append(f"memoryLimit: {rng.choice(MEMORY)}")
    if rng.random() < 0.5:
        lines.append(f"cpuLimit: {rng.choice(CPU)}")
    if rng.random() < 0.3:
        lines.append(f"jupyterLabs: {rng.choice(('true', 'false'))}")
    if rng.random() < 0.4:
        lines.append("extraEnvs:")
        lines += [f'  - "{env}"' for env in rng.sample(ENVS, rng.randint(1, 3))]
    if rng.random() < 0.9:
        lines.append(f"secretToken.enc: U2FsdGVkX1{rng.getrandbits(256):064x}")
    text = "\n".join(lines) + "\n"
    broken = rng.random()
    if broken < 0.005:
        text = text.rstrip("\n")
    elif broken < 0.01:
        text += "extraEnvs:\n  - hello: world\n"
    elif broken < 0.015:
        text = text.replace(users[0], users[0].upper(), 1)
    elif broken < 0.02:
        text += "memorylimit: 10GB\n"
    return f"{name}.yaml", text


def generate(root: Path, count: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    configs = root / "configs"
    configs.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        name, text = config(n, rng)
        (configs / name).write_text(text, encoding="utf-8")


def timed(
    command: list[str], cwd: Path, repeat: int
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds of the fastest of ``repeat`` runs (the one least disturbed by the rest of the
    machine; CPU time, user + system, is what the tool itself spent), and the last run."""
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append((wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    wall, cpu = min(runs)
    return wall, cpu, result


def knada_bot_command() -> list[str]:
    installed = Path(sys.executable).with_name("knada-bot")
    return [str(installed)] if installed.exists() else [shutil.which("knada-bot") or "knada-bot"]


def report(tool: str, wall: float, cpu: float, count: int, exit_code: int) -> None:
    rate = count / wall
    print(f"{tool + ':':20}{wall:6.2f} s wall {rate:7.0f} configs/s   {cpu:6.2f} s CPU  (exit {exit_code})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="configs to generate (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the best counts (default 3)")
    parser.add_argument("--keep", type=Path, default=None, help="write the checkout here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="knada-bench-") as scratch:
        root = args.keep or Path(scratch)
        generate(root, args.count)
        sizes = [p.stat().st_size for p in (root / "configs").iterdir()]
        print(f"{len(sizes)} configs in {root}, median {statistics.median(sizes):.0f} bytes")

        ours, our_cpu, result = timed([*knada_bot_command(), "validate", "."], root, args.repeat)
        report("knada-bot validate", ours, our_cpu, args.count, result.returncode)
        print(f"  {result.stdout.splitlines()[-1]}")
        theirs, their_cpu, result = timed([sys.executable, "-m", "yamllint", "."], root, args.repeat)
        report("yamllint", theirs, their_cpu, args.count, result.returncode)
        print(f"  {sum(1 for line in result.stdout.splitlines() if line.startswith('  '))} problems reported")
        print(
            f"knada-bot validate is {theirs / ours:.1f}x faster than yamllint in wall time, "
            f"{their_cpu / our_cpu:.1f}x in CPU time"
        )


if __name__ == "__main__":
    main()
