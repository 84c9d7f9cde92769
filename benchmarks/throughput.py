"""Ingest + extraction throughput on news-length articles, with 1 and 2 worker processes.

The sample corpus is replicated to the asked number of articles: each copy is a window of about
600 words of one sample article (whole paragraphs), given a distinct id and a dateline that
differs, so every copy has its own content hash and is stored and extracted like a new article.
The copies go through the same code as ``claimledger ingest FILE.jsonl --workers N``: the JSONL
reader (normalisation, language detection), the store, extraction in worker processes, entity
resolution, and event reassessment, into a fresh SQLite file per run.

Memory is sampled from /proc for this process and every descendant (the forkserver, the
extraction workers) two ways: the sum of resident sets (RSS, /proc/PID/statm, twice a second),
which counts a page shared by several processes once per process, and the sum of proportional
set sizes (PSS, /proc/PID/smaps_rollup, every 2 s and at each checkpoint), which divides each
shared page among the processes sharing it and so is the true total (it also divides library
pages with unrelated processes that map the same files, so on a busy machine it can be a little
below the run's own total). Reading smaps_rollup makes the kernel walk every mapping of the
process, which cost the main process about a tenth of its CPU when done twice a second for five
processes; the sampler runs in this process, so it is kept rare enough not to slow the run it
measures (the PSS peak may miss a short spike that lasts under 2 s).
The peak of each sum and the sums after 500, 1000, 2000, ... articles show whether memory stays
flat as the corpus grows; the last line breaks the final checkpoint down per process, with USS
(pages private to the process).

    .venv/bin/python benchmarks/throughput.py                  # 2,000 articles, 1 and 2 workers
    .venv/bin/python benchmarks/throughput.py --articles 200 --workers 2  # a quick look
    .venv/bin/python benchmarks/throughput.py --corpus diverse --articles 20000 --workers 2

``--corpus diverse`` runs on ``diverse.py``'s corpus (distinct articles naming thousands of
distinct people) instead of sample copies. Every ``--window`` articles (1,000 by default) a line
gives the pace of that window alone and the PSS of the main process and of each worker, so a
cost per article that grows with the ledger shows as a falling pace.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import resource
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from diverse import write_corpus as write_diverse

from claimledger.ingest import IngestOptions, read_inputs
from claimledger.pipeline import PipelineOptions, ingest_items
from claimledger.processes import descendants
from claimledger.store import Store

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "seed-articles.jsonl"
OUT = ROOT / "benchmarks" / "out"
WORDS_PER_ARTICLE = 600
CHECKPOINTS = (100, 250, 500, 1000, 2000, 5000, 10000)
PAGE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DATELINES = ("BEIRUT", "BAGHDAD", "MOSCOW", "DAMASCUS", "ISTANBUL", "CAIRO", "AMMAN", "TEHRAN")
AGENCIES = ("Staff report", "Wire report", "Correspondent", "News desk", "Bureau report")


# ---- the replicated corpus ------------------------------------------------------------------


def _windows(text: str, words: int) -> list[str]:
    """Every run of whole paragraphs of about ``words`` words (at least one paragraph)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    found = []
    for start in range(len(paragraphs)):
        chosen: list[str] = []
        count = 0
        for paragraph in paragraphs[start:]:
            chosen.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
        if count >= words // 2 or start == 0:
            found.append("\n\n".join(chosen))
    return found


def replicate(sample: Path, articles: int, *, seed: int = 7) -> Iterator[dict[str, object]]:
    """``articles`` JSONL records cut from the sample, each with its own id and text."""
    records = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()]
    windows = [(r, _windows(r["text"], WORDS_PER_ARTICLE)) for r in records]
    rng = random.Random(seed)
    for n in range(articles):
        record, texts = windows[n % len(windows)]
        body = texts[(n // len(windows)) % len(texts)]
        # A different dateline per copy: the content hash differs, the claims do not.
        dateline = f"{rng.choice(DATELINES)} ({rng.choice(AGENCIES)} {n}) - "
        yield {
            "id": f"{record['id']}-copy{n:06d}",
            "title": record.get("title"),
            "published_at": record.get("published_at"),
            "text": dateline + body,
        }


def write_corpus(path: Path, articles: int) -> int:
    """Write the replicated corpus as JSONL; returns its word count."""
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in replicate(SAMPLE, articles):
            words += len(str(record["text"]).split())
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


# ---- memory ---------------------------------------------------------------------------------


def _rss(pid: int) -> int:
    """Resident bytes of one process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss_uss(pid: int) -> tuple[int, int]:
    """Proportional bytes (shared pages divided among their sharers) and private bytes of one
    process, from /proc/PID/smaps_rollup; (0, 0) when it is gone."""
    fields: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                name, _, rest = line.partition(":")
                if name in ("Pss", "Private_Clean", "Private_Dirty"):
                    fields[name] = int(rest.split()[0]) * 1024
    except (OSError, IndexError, ValueError):
        return 0, 0
    return fields.get("Pss", 0), fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            # Fields after the command name (which may hold spaces): utime and stime are 12, 13.
            fields = handle.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


@dataclass(frozen=True)
class Memory:
    """Memory of this process and all its descendants: RSS summed, PSS summed, per process."""

    rss: int
    pss: int
    processes: tuple[tuple[int, int, int, int], ...]  # (pid, RSS, PSS, USS), this one first

    @classmethod
    def now(cls) -> Memory:
        me = os.getpid()
        processes = tuple(
            (pid, _rss(pid), *_pss_uss(pid)) for pid in [me, *sorted(descendants(me))]
        )
        return cls(sum(p[1] for p in processes), sum(p[2] for p in processes), processes)


def _rss_total(cpu: dict[int, float]) -> int:
    """Summed RSS of this process and its descendants (cheap: /proc/PID/statm only); notes each
    descendant's CPU seconds so far in ``cpu``."""
    me = os.getpid()
    below = descendants(me)
    for pid in below:
        cpu[pid] = max(cpu.get(pid, 0.0), _cpu_seconds(pid))
    return sum(_rss(pid) for pid in [me, *below])


@dataclass
class MemorySampler:
    """Samples memory in a background thread and keeps the peak of each sum: RSS every
    ``interval`` seconds, PSS (``Memory.now``, costly) every ``pss_every`` samples. With each
    RSS sample it notes the CPU seconds of every descendant (forkserver, workers): a worker's
    last reading, up to ``interval`` before it exits, is its CPU use."""

    interval: float = 0.5
    pss_every: int = 4
    peak: int = 0
    peak_pss: int = 0
    cpu: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            if tick % self.pss_every == 0:
                self.add(Memory.now())
            self.peak = max(self.peak, _rss_total(self.cpu))
            tick += 1
            self._stop.wait(self.interval)

    def add(self, memory: Memory) -> None:
        """Count a sample taken elsewhere (at a checkpoint) in the peaks."""
        self.peak = max(self.peak, memory.rss)
        self.peak_pss = max(self.peak_pss, memory.pss)


# ---- one run --------------------------------------------------------------------------------


@dataclass
class RunResult:
    workers: int
    articles: int
    words: int
    seconds: float
    claims: int
    failed: int
    peak_rss: int
    peak_pss: int
    memory_at: dict[int, tuple[float, Memory]]  # articles -> (seconds so far, memory)
    main_cpu: float  # CPU seconds of this (the main) process, sampler thread included
    worker_cpu: float  # CPU seconds of the descendants (forkserver and workers), as sampled
    tail: float  # seconds from the last outcome to the end: the closing reassessment
    windows: list[Window] = field(default_factory=list)

    def lines(self) -> list[str]:
        mb = 1024 * 1024
        at = self.memory_at.items()
        flat = ", ".join(f"{n}: {m.rss / mb:.0f} MB" for n, (_, m) in at)
        flat_pss = ", ".join(f"{n}: {m.pss / mb:.0f} MB" for n, (_, m) in at)
        pace = ", ".join(f"{n}: {n / t:.1f}/s" for n, (t, _) in at)
        lines = [
            f"workers={self.workers}: {self.articles} articles, {self.words} words, "
            f"{self.claims} claims, {self.failed} failed in {self.seconds:.1f} s",
            f"  {self.articles / self.seconds:.1f} articles/s, {self.words / self.seconds:,.0f} "
            "words/s",
            f"  CPU per article: main process {self.main_cpu * 1000 / max(self.articles, 1):.1f}"
            f" ms, workers {self.worker_cpu * 1000 / max(self.articles, 1):.1f} ms (start-up "
            f"included); closing reassessment {self.tail:.1f} s",
            f"  peak RSS (main + workers, sampled): {self.peak_rss / mb:.0f} MB",
            f"  RSS (main + workers) after N articles: {flat}",
            f"  articles/s so far after N articles: {pace}",
            f"  peak PSS (main + workers, sampled; shared pages counted once): "
            f"{self.peak_pss / mb:.0f} MB",
            f"  PSS (main + workers) after N articles: {flat_pss}",
        ]
        lines += [w.line() for w in self.windows]
        if len(self.windows) >= 2:
            first, final = self.windows[0], self.windows[-1]
            peak = max(w.memory.pss for w in self.windows)
            lines.append(
                f"  last/first window pace: {final.pace / first.pace:.2f}; peak PSS at a window "
                f"end {peak / mb:.0f} MB"
            )
        if self.memory_at:
            last, (_, memory) = max(at)
            each = ", ".join(
                f"{pid} {rss / mb:.0f}/{pss / mb:.0f}/{uss / mb:.0f}"
                for pid, rss, pss, uss in memory.processes
            )
            lines.append(f"  RSS/PSS/USS MB per process after {last} articles, main first: {each}")
        return lines


@dataclass(frozen=True)
class Window:
    """One window of articles: its own pace and the memory at its end."""

    end: int  # articles ingested at the end of the window
    size: int
    seconds: float
    memory: Memory
    main_cpu: float  # CPU seconds of the main process (resolution, storage) in the window

    @property
    def pace(self) -> float:
        return self.size / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        mb = 1024 * 1024
        main, *rest = self.memory.processes
        workers = " ".join(f"{pss / mb:.0f}" for _, _, pss, _ in rest)
        return (
            f"  window {self.end - self.size + 1}-{self.end}: {self.pace:.1f} articles/s, main "
            f"process CPU {self.main_cpu * 1000 / self.size:.0f} ms/article; "
            f"PSS MB main {main[2] / mb:.0f}, others [{workers}], total {self.memory.pss / mb:.0f}"
        )


def run(corpus: Path, words: int, workers: int, db_path: Path, window: int = 1000) -> RunResult:
    """Ingest the corpus into a fresh SQLite file with ``workers`` extraction processes."""
    for stale in db_path.parent.glob(db_path.name + "*"):
        stale.unlink()
    memory_at: dict[int, tuple[float, Memory]] = {}
    windows: list[Window] = []
    claims = failed = articles = 0
    with Store.open(f"sqlite:///{db_path}") as store, MemorySampler() as sampler:
        started, cpu_started = time.perf_counter(), time.process_time()
        last = window_start = started
        window_cpu = cpu_started
        items = read_inputs([corpus], options=IngestOptions())
        options = PipelineOptions(workers=workers)
        for outcome in ingest_items(items, store, options=options):
            articles += 1
            claims += outcome.claims
            failed += outcome.status == "failed"
            if articles in CHECKPOINTS:
                elapsed = time.perf_counter() - started
                memory_at[articles] = (elapsed, Memory.now())
                sampler.add(memory_at[articles][1])
                logger.info("%d articles, %.0f s", articles, elapsed)
            if articles % window == 0:
                now = time.perf_counter()
                cpu = time.process_time()
                windows.append(
                    Window(articles, window, now - window_start, Memory.now(), cpu - window_cpu)
                )
                window_cpu = cpu
                sampler.add(windows[-1].memory)
                logger.info("%s", windows[-1].line())
                window_start = now
            last = time.perf_counter()
        ended = time.perf_counter()
        main_cpu = time.process_time() - cpu_started
    return RunResult(
        workers,
        articles,
        words,
        ended - started,
        claims,
        failed,
        sampler.peak,
        sampler.peak_pss,
        memory_at,
        main_cpu,
        sum(sampler.cpu.values()),
        ended - last,
        windows,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles to ingest")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument("--out", type=Path, default=OUT, help="directory for corpus and dbs")
    parser.add_argument(
        "--corpus", choices=("sample", "diverse"), default="sample", help="which corpus to run"
    )
    parser.add_argument("--window", type=int, default=1000, help="articles per reported window")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = args.out / f"{args.corpus}-{args.articles}.jsonl"
    if args.corpus == "diverse":
        words, people = write_diverse(corpus, args.articles)
        print(f"diverse corpus: {people} distinct generated people")
    else:
        words = write_corpus(corpus, args.articles)
    print(f"corpus: {args.articles} articles, {words} words ({words / args.articles:.0f}/article)")
    for workers in args.workers:
        db = args.out / f"throughput-{args.corpus}-w{workers}.db"
        result = run(corpus, words, workers, db, args.window)
        print("\n".join(result.lines()), flush=True)
    mb = 1024 * 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"getrusage max RSS: main {own / mb:.0f} MB, largest worker {children / mb:.0f} MB")


if __name__ == "__main__":
    main()
