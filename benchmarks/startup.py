"""Start-up time of the ``claimledger`` command: ``--help`` and the commands that need no NLP.

Each command runs as a fresh process (``python -m claimledger.cli ...``, what the console
script runs) several times; the script prints the median, the fastest and the slowest wall-clock
time of each and the median CPU time (user + system of the child: what other jobs on a busy
machine disturb least), and for reference the bare interpreter and the libraries' imports (the
floors of any command and of any command that opens the ledger, SQLAlchemy Core; the ORM and
the standard library's sqlite3 for comparison). A small ledger is built first under
``benchmarks/out/`` from the bundled sample (``samples/seed-articles.jsonl``) so the read
commands have something to read: afresh on each run and by each checkout timed, since two
checkouts may differ in schema (a newer one would migrate the other's ledger out of its reach)
and in rules (``check-ledger`` reports events assessed by older ones).

With ``--src`` given twice (this checkout and another), the runs of the two alternate command by
command, so that a burst of load on a shared machine falls on both alike: compare their lines.

Bytecode caching is switched on for the child processes (``PYTHONDONTWRITEBYTECODE`` removed)
and each command runs once before it is timed, as an installed package would run: without the
cache every run would recompile the package's sources.

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --runs 9 --command=--help --command "stats --db {db}"
    .venv/bin/python benchmarks/startup.py --src ../main/src      # another checkout
    .venv/bin/python benchmarks/startup.py --src ../main/src --src src   # before/after, alternated
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
LEDGER = OUT / "startup-{n}.db"  # one per checkout timed

# Commands to time; "{db}" is the benchmark ledger's URL.
COMMANDS = (
    "--help",
    "stats --help",
    "entities --help",
    "stats --db {db}",
    "sources --db {db}",
    "events list --db {db}",
    "entities list --db {db} --name Baghdadi",
    "claims list --db {db}",
    "timeline al-Baghdadi --db {db}",
    "documents list --db {db}",
    "export --db {db} --format csv",
    "check-ledger --db {db}",
)


# What any command pays before claimledger's own code: the libraries it cannot do without.
# The collector is set as the console script sets it (claimledger.cli.app.main,
# YOUNG_COLLECTION: youngest generation every 10,000 allocations, objects frozen at exit) except
# in the first two lines, which show what that setting saves.
_COLLECTOR = "import gc; gc.set_threshold(10_000, *gc.get_threshold()[1:]); "
_TYPER = "import typer.main, typer._adapters, rich.console, rich.table"
FLOORS = {
    "floor: typer + rich": "import typer.main, rich.console, rich.table",
    # Typer (0.2x) coerces every option that is not a flag through a pydantic TypeAdapter
    # (typer._adapters).
    "floor: + typer's pydantic": _TYPER,
    "floor: the same, collector set as the CLI's": f"{_COLLECTOR}{_TYPER}; gc.freeze()",
    # What a command that opens a ledger imports: SQLAlchemy Core (the store does not use the
    # ORM; Alembic is loaded only to migrate a ledger, not to read one at the current schema).
    "floor: + sqlalchemy (Core)": f"{_COLLECTOR}{_TYPER}, sqlalchemy; gc.freeze()",
    # For comparison: what the ORM would add, and the standard library's sqlite3 instead.
    "floor: + sqlalchemy.orm": f"{_COLLECTOR}{_TYPER}, sqlalchemy.orm; gc.freeze()",
    "floor: + sqlite3 (no SQLAlchemy)": f"{_COLLECTOR}{_TYPER}, sqlite3; gc.freeze()",
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


def build_ledger(env: dict[str, str], n: int) -> str:
    """A fresh ledger of the sample, written by the checkout ``env`` runs."""
    path = Path(str(LEDGER).format(n=n))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"{path.name}*"):  # the file, its lock files
        old.unlink()
    url = f"sqlite:///{path}"
    argv = [sys.executable, "-m", "claimledger.cli", "ingest", str(SAMPLE), "-q"]
    subprocess.run([*argv, "--db", url], env=env, check=True, capture_output=True)
    return url


# A checkout to time: its name, the environment of its processes, the URL of its ledger.
Checkout = tuple[str, dict[str, str], str]


def measure(label: str, argv: Sequence[str], checkouts: Sequence[Checkout], runs: int) -> None:
    """Time ``argv`` ("{db}": the checkout's ledger) under each checkout, alternating run by
    run; one line each."""
    runs_of = [([a.format(db=db) for a in argv], env) for _, env, db in checkouts]
    for words, env in runs_of:
        timed(words, env)  # warm the bytecode and file caches
    done: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in checkouts}
    for _ in range(runs):
        for (name, _, _), (words, env) in zip(checkouts, runs_of, strict=True):
            done[name].append(timed(words, env))
    for name, runs_done in done.items():
        walls = sorted(wall for wall, _ in runs_done)
        cpu = statistics.median(used for _, used in runs_done)
        tag = f"{name:<16} " if len(checkouts) > 1 else ""
        print(
            f"{label:<52} {tag}median {statistics.median(walls):6.3f} s  "
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
        "--src",
        type=Path,
        action="append",
        dest="sources",
        help="The claimledger sources to time; give two to compare them, runs alternated "
        "[default: this checkout's src].",
    )
    args = parser.parse_args(argv)
    sources: list[Path] = args.sources or [ROOT / "src"]
    checkouts: list[Checkout] = []
    for n, src in enumerate(sources):
        env = child_env(src.resolve())
        checkouts.append((str(src), env, build_ledger(env, n)))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    shown = " and ".join(name for name, _, _ in checkouts)
    print(f"{args.runs} runs each of {shown}, {sys.executable}; load average {load}")
    # The floors do not depend on the sources: timed once.
    measure("python -c pass", [sys.executable, "-c", "pass"], checkouts[:1], args.runs)
    for label, code in FLOORS.items():
        measure(label, [sys.executable, "-c", code], checkouts[:1], args.runs)
    for command in args.commands or COMMANDS:
        measure(
            f"claimledger {command}",
            [sys.executable, "-m", "claimledger.cli", *shlex.split(command)],
            checkouts,
            args.runs,
        )


if __name__ == "__main__":
    main()
