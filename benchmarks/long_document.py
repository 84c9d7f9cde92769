"""Time the ingest of one long document (issue 14: "no run past 60 s on 2 cores").

A document as long as the size cap allows (``CLAIMLEDGER_MAX_DOCUMENT_CHARS``, 200,000
characters by default) is one spaCy pass per paragraph, one rule pass and one resolution of
every name in it: anything in those stages that grows faster than the text shows here, while
news-length articles never reach it. The script builds a document of ``--chars`` characters
(written as one JSON Lines record, language "en") and runs ``claimledger ingest FILE`` on it
as a fresh process into a fresh SQLite ledger, ``--runs`` times, printing the wall-clock time,
the CPU time and the peak resident memory of each run and their medians, and the claims the
run extracted.

Three kinds of text (``--kind``):

- ``reports`` (the default): paragraphs of five short generated reports, each naming one of
  ``--people`` generated people (``diverse.py``'s naming styles and spelling variants), half of
  them saying what happened to him ("X was killed near Y on Monday, Z said"), the rest quoting
  him; with ``--people 0`` every sentence names three new people: a document of thousands of
  names, the costliest case for anything in extraction or resolution that compares every name
  with every other;
- ``sample``: the paragraphs of the six bundled sample articles, repeated in order until the
  text is long enough: dense with claims about the same few people (every copy names them
  again), the costliest case for rules that compare claims or mentions within a document;
- ``diverse``: articles of ``diverse.py`` (generated people, PolNeAR, CLEF and PHEME text from
  ``../shared/data``) joined by blank lines: many people, fewer claims.

With ``--src`` given twice (another checkout's ``src`` and this one's), the runs alternate
between them, so a burst of load on the shared machine falls on both alike. ``--profile FILE``
runs the ingest once in this process under cProfile instead and writes the statistics there
(read them with ``python -m pstats FILE``). Nothing is written outside ``benchmarks/out/``.

    .venv/bin/python benchmarks/long_document.py                    # 200,000 chars, 3,000 people
    .venv/bin/python benchmarks/long_document.py --people 0         # new names in every sentence
    .venv/bin/python benchmarks/long_document.py --kind sample --chars 100000
    .venv/bin/python benchmarks/long_document.py --src /tmp/before/src --src src --runs 3
    .venv/bin/python benchmarks/long_document.py --profile benchmarks/out/long.prof
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SAMPLE = ROOT / "samples" / "seed-articles.jsonl"
CITIES = ("Aleppo", "Mosul", "Kabul", "Sanaa", "Tripoli", "Idlib")


def _sample_paragraphs() -> Iterator[str]:
    with SAMPLE.open(encoding="utf-8") as handle:
        articles = [json.loads(line)["text"] for line in handle if line.strip()]
    while True:
        for text in articles:
            yield from (p.strip() for p in text.split("\n\n") if p.strip())


def _diverse_paragraphs() -> Iterator[str]:
    from diverse import generate  # type: ignore[import-not-found]

    for record in generate(100_000, seed=29):
        yield str(record["text"])


def _report_paragraphs(people: int) -> Iterator[str]:
    """Paragraphs of five short reports, each naming someone from a pool of ``people``
    generated people (half of them say what happened to him); with ``people`` 0, three new
    people in every sentence ("X, Y and Z were killed ..."): the most names a text can hold."""
    from diverse import _day, event_sentence, mention_sentence, new_person

    rng = random.Random(3)
    pool = [new_person(rng, n) for n in range(people)]
    made = 0
    while True:
        sentences = []
        for _ in range(5):
            if not pool:
                names = [new_person(rng, made + k).name for k in range(3)]
                made += 3
                sentences.append(
                    f"{names[0]}, {names[1]} and {names[2]} were killed in "
                    f"{rng.choice(CITIES)} on Monday, officials said. He was buried later."
                )
                continue
            name = rng.choice(rng.choice(pool).variants)
            sentences.append(
                event_sentence(rng, name, _day(rng))
                if rng.random() < 0.5
                else mention_sentence(rng, name)
            )
        yield " ".join(sentences)


def build_text(kind: str, chars: int, people: int) -> str:
    """Paragraphs of the chosen kind joined by blank lines, cut to at most ``chars``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    source = {
        "sample": _sample_paragraphs,
        "diverse": _diverse_paragraphs,
        "reports": lambda: _report_paragraphs(people),
    }[kind]()
    parts: list[str] = []
    size = 0
    for paragraph in source:
        if size + len(paragraph) + 2 > chars:
            break
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)


@dataclass(frozen=True, slots=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float
    claims: int
    code: int


def child_env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH")) if p)
    return env


def run_measured(path: Path, env: dict[str, str], extra: Sequence[str]) -> Run:
    """One ``claimledger ingest`` of ``path`` into a fresh ledger, as its own process; its own
    CPU time and peak RSS come from ``os.wait4``."""
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        argv = [
            sys.executable,
            "-m",
            "claimledger.cli",
            "ingest",
            str(path),
            "--db",
            f"sqlite:///{tmp}/ledger.db",
            "--json",
            *extra,
        ]
        out_path = Path(tmp) / "stdout.json"
        with out_path.open("wb") as out, open(os.devnull, "wb") as null:
            start = time.perf_counter()
            child = subprocess.Popen(argv, env=env, stdout=out, stderr=null)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
        text = out_path.read_text(encoding="utf-8")
    summary = json.loads(text) if text.strip() else {}
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        claims=int(summary.get("claims", -1)),
        code=child.returncode,
    )


def profile(path: Path, out: Path) -> None:
    """Ingest ``path`` once in this process under cProfile; statistics to ``out``."""
    import cProfile
    import pstats

    from claimledger.cli.app import app

    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        argv = ["ingest", str(path), "--db", f"sqlite:///{tmp}/ledger.db", "--workers", "1", "-q"]
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        with contextlib.suppress(SystemExit):  # typer's exit code, after the run
            app(argv, standalone_mode=False)
        profiler.disable()
        print(f"profiled run: {time.perf_counter() - start:.1f} s wall", file=sys.stderr)
    profiler.dump_stats(out)
    pstats.Stats(str(out)).sort_stats("cumulative").print_stats(40)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=200_000, help="length of the document")
    parser.add_argument("--kind", choices=("sample", "diverse", "reports"), default="reports")
    parser.add_argument(
        "--people", type=int, default=3000, help="people the reports name (0: new in each)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per checkout")
    parser.add_argument(
        "--src",
        dest="sources",
        type=Path,
        action="append",
        help="a checkout's src directory (repeat to alternate) [default: this checkout's src]",
    )
    parser.add_argument("--profile", type=Path, help="profile one run in-process instead")
    parser.add_argument(
        "--ingest-arg", action="append", default=[], help="an extra argument for `ingest`"
    )
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    text = build_text(args.kind, args.chars, args.people)
    label = f"{args.kind}{args.people}" if args.kind == "reports" else args.kind
    # One JSON Lines record that says its language: names from many naming styles can make
    # the head of a text look Spanish or Turkish to language detection, and a document in a
    # language claims are not extracted from would measure nothing.
    path = OUT / f"long-{label}-{args.chars}.jsonl"
    record = {"id": f"long-{label}-{args.chars}", "language": "en", "text": text}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{path}: {len(text):,} characters, {len(text.split()):,} words, "
        f"{text.count(chr(10) * 2) + 1:,} paragraphs",
        file=sys.stderr,
    )
    if args.profile:
        profile(path, args.profile)
        return
    sources = args.sources or [ROOT / "src"]
    extra = ["--workers", "1", *args.ingest_arg]
    runs: dict[str, list[Run]] = {str(src): [] for src in sources}
    for n in range(args.runs):
        for src in sources:
            done = run_measured(path, child_env(src.resolve()), extra)
            runs[str(src)].append(done)
            print(
                f"run {n + 1} {src}: {done.wall:.1f} s wall, {done.cpu:.1f} s CPU, "
                f"peak {done.peak_mb:.0f} MB, {done.claims} claims, exit {done.code}",
                file=sys.stderr,
            )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    for src, done in runs.items():
        print(
            f"{src}: median of {len(done)}: "
            f"{statistics.median(r.wall for r in done):.1f} s wall, "
            f"{statistics.median(r.cpu for r in done):.1f} s CPU, "
            f"peak {statistics.median(r.peak_mb for r in done):.0f} MB, "
            f"claims {sorted({r.claims for r in done})}"
        )


if __name__ == "__main__":
    main()
