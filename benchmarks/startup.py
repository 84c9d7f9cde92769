"""Start-up time of the ``claimledger`` command: ``--help`` and the commands that need no NLP.

Each command runs as a fresh process (``python -m claimledger.cli ...``, what the console
script runs) several times; the script prints the median, the fastest and the slowest wall-clock
time of each, and for reference the bare interpreter and ``import sqlalchemy`` (the floor of any
command that opens the ledger). A small ledger is built first under ``benchmarks/out/`` from the
bundled sample (``samples/seed-articles.jsonl``) so the read commands have something to read.

Bytecode caching is switched on for the child processes (``PYTHONDONTWRITEBYTECODE`` removed)
and each command runs once before it is timed, as an installed package would run: without the
cache every run would recompile the package's sources.

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --runs 9 --commands "--help" "stats"
"""

from __future__ import annotations

import argparse
import os
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


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def timed(argv: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"{shlex.join(argv)} exited with {done.returncode}: {done.stderr.decode()[-500:]}"
        )
    return elapsed


def build_ledger(env: dict[str, str]) -> str:
    url = f"sqlite:///{LEDGER}"
    if not LEDGER.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, "-m", "claimledger.cli", "ingest", str(SAMPLE), "-q"]
        subprocess.run([*argv, "--db", url], env=env, check=True, capture_output=True)
    return url


def measure(label: str, argv: Sequence[str], env: dict[str, str], runs: int) -> None:
    timed(argv, env)  # warm the bytecode and file caches
    times = sorted(timed(argv, env) for _ in range(runs))
    print(
        f"{label:<45} median {statistics.median(times):6.3f} s   "
        f"min {times[0]:6.3f}   max {times[-1]:6.3f}",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per command.")
    parser.add_argument("--commands", nargs="+", default=COMMANDS, help="Commands to time.")
    args = parser.parse_args(argv)
    env = child_env()
    db = build_ledger(env)
    print(f"{args.runs} runs each, {sys.executable}")
    measure("python -c pass", [sys.executable, "-c", "pass"], env, args.runs)
    measure("python -c 'import sqlalchemy'", [sys.executable, "-c", "import sqlalchemy"], env, 3)
    for command in args.commands:
        words = shlex.split(command.format(db=db))
        measure(
            f"claimledger {command}",
            [sys.executable, "-m", "claimledger.cli", *words],
            env,
            args.runs,
        )


if __name__ == "__main__":
    main()
