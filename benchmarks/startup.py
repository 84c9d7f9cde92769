"""Start-up time of the ``claimledger`` command: ``--help`` and the commands that need no NLP.

Each command runs as a fresh process (``python -m claimledger.cli ...``, what the console
script runs) several times; the script prints the median, the fastest and the slowest wall-clock
time of each and the median CPU time (user + system of the child: what other jobs on a busy
machine disturb least), and for reference the bare interpreter and the libraries' imports (the
floors of any command and of any command that opens the ledger). A small ledger is built first under
``benchmarks/out/`` from the bundled sample (``samples/seed-articles.jsonl``) so the read
commands have something to read.

Bytecode caching is switched on for the child processes (``PYTHONDONTWRITEBYTECODE`` removed)
and each command runs once before it is timed, as an installed package would run: without the
cache every run would recompile the package's sources.

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --runs 9 --command=--help --command "stats --db {db}"
    .venv/bin/python benchmarks/startup.py --src ../main/src      # another checkout: before/after
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SAMPLE = ROOT / "samples" / "seed-articles.jsonl"
LEDGER = OUT / "startup.db"

# Commands to time; "{db}" is the benchmark ledger's URL.
COMMANDS = (
    "--help",
    "stats --help",
    "entities --help",
    "stats --db {db}",
    "sources --db {db}",
    "events list --db {db}",
    "entities list --db {db} --name Baghdadi",
    "timeline al-Baghdadi --db {db}",
)


# What any command pays before claimledger's own code: the libraries it cannot do without.
FLOORS = {
    "floor: typer + rich": "import typer.main, rich.console, rich.table",
    # Typer (0.2x) coerces every option that is not a flag through a pydantic TypeAdapter
    # (typer._adapters); opening a ledger needs SQLAlchemy's ORM and Alembic (Store.open
    # migrates the database to the current schema).
    "floor: + typer's pydantic, sqlalchemy, alembic": (
        "import typer.main, typer._adapters, rich.console, rich.table, sqlalchemy.orm, "
        "alembic.runtime.migration"
    ),
}


def child_env(src: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH")) if p)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one run of ``argv``."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed, used = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(
            f"{shlex.join(argv)} exited with {done.returncode}: {done.stderr.decode()[-500:]}"
        )
    return elapsed, used


def build_ledger(env: dict[str, str]) -> str:
    url = f"sqlite:///{LEDGER}"
    if not LEDGER.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, "-m", "claimledger.cli", "ingest", str(SAMPLE), "-q"]
        subprocess.run([*argv, "--db", url], env=env, check=True, capture_output=True)
    return url


def measure(label: str, argv: Sequence[str], env: dict[str, str], runs: int) -> None:
    timed(argv, env)  # warm the bytecode and file caches
    runs_done = [timed(argv, env) for _ in range(runs)]
    walls = sorted(wall for wall, _ in runs_done)
    cpu = statistics.median(used for _, used in runs_done)
    print(
        f"{label:<48} median {statistics.median(walls):6.3f} s  "
        f"min {walls[0]:6.3f}  max {walls[-1]:6.3f}  cpu {cpu:6.3f} s",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per command.")
    parser.add_argument(
        "--command",
        action="append",
        dest="commands",
        help="A command to time, repeatable ('{db}' is the sample ledger's URL; "
        "write --command=--help for an option) [default: a set of read commands].",
    )
    parser.add_argument(
        "--src", type=Path, default=ROOT / "src", help="The claimledger sources to time."
    )
    args = parser.parse_args(argv)
    env = child_env(args.src.resolve())
    db = build_ledger(env)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.runs} runs each of {args.src}, {sys.executable}; load average {load}")
    measure("python -c pass", [sys.executable, "-c", "pass"], env, args.runs)
    for label, code in FLOORS.items():
        measure(label, [sys.executable, "-c", code], env, args.runs)
    for command in args.commands or COMMANDS:
        words = shlex.split(command.format(db=db))
        measure(
            f"claimledger {command}",
            [sys.executable, "-m", "claimledger.cli", *words],
            env,
            args.runs,
        )


if __name__ == "__main__":
    main()
