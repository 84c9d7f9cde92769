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

``--corpus jsonl:PATH`` takes any JSONL of articles with a ``language`` (real texts stay where
they are: the copies and the ledgers go to a temporary directory unless ``--out`` is given) and
replicates each language's articles to ``--articles`` copies as the sample is replicated
(windows of about 600 words, or the whole text when shorter; each copy ends with a reference
line of its own instead of a dateline, written alike in every script). Every pack language is
read (``CLAIMLEDGER_EXTRACT_LANGUAGES=all`` unless set otherwise; the workers inherit it); a
language without a pack is stored and not extracted, the ingest-only floor. Each run is a
process of its own (no model, cache or forkserver left by the run before), warmed up on a
made-up report in its language; every worker count and language runs in turn in each of
``--repeat`` rounds; the last lines are a table of medians per language and worker count.

    .venv/bin/python benchmarks/throughput.py --corpus jsonl:/path/articles.jsonl \\
        --articles 200 --workers 1 2 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from diverse import write_corpus as write_diverse
from replicas import by_language, read_articles, reference_mark
from replicas import replicate as replicate_records

from claimledger.ingest import IngestOptions, read_inputs
from claimledger.languages import ENV_VAR, enabled_languages, language_key
from claimledger.pipeline import PipelineOptions, ingest_items
from claimledger.processes import descendants
from claimledger.store import Store

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "seed-articles.jsonl"
OUT = ROOT / "benchmarks" / "out"
CHECKPOINTS = (100, 250, 500, 1000, 2000, 5000, 10000)
PAGE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DATELINES = ("BEIRUT", "BAGHDAD", "MOSCOW", "DAMASCUS", "ISTANBUL", "CAIRO", "AMMAN", "TEHRAN")
AGENCIES = ("Staff report", "Wire report", "Correspondent", "News desk", "Bureau report")


# ---- the replicated corpus ------------------------------------------------------------------


def _dateline(rng: random.Random) -> Callable[[int, str], str]:
    """A different dateline per copy of a sample article: the content hash differs, the claims
    do not."""

    def mark(n: int, body: str) -> str:
        return f"{rng.choice(DATELINES)} ({rng.choice(AGENCIES)} {n}) - {body}"

    return mark


def replicate(sample: Path, articles: int, *, seed: int = 7) -> Iterator[dict[str, object]]:
    """``articles`` JSONL records cut from the sample, each with its own id and text (the
    sample's language is detected at ingest, as for a file that gives none)."""
    records = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()]
    mark = _dateline(random.Random(seed))
    yield from replicate_records(records, articles, mark, keep=("title", "published_at"))


def write_records(path: Path, records: Iterable[dict[str, object]]) -> int:
    """Write records as JSONL; returns their word count."""
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            words += len(str(record["text"]).split())
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def write_corpus(path: Path, articles: int) -> int:
    """Write the replicated sample as JSONL; returns its word count."""
    return write_records(path, replicate(SAMPLE, articles))


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
    baseline: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> MemorySampler:
        # Processes that outlive a run (the forkserver, after a run with workers) count only
        # with the CPU they spend in this one.
        self.baseline = {pid: _cpu_seconds(pid) for pid in descendants(os.getpid())}
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

    def descendants_cpu(self) -> float:
        """CPU seconds the descendants spent during the run, as sampled."""
        return sum(cpu - self.baseline.get(pid, 0.0) for pid, cpu in self.cpu.items())

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
    not_extracted: int = 0  # stored but not read: a language extraction has no rules for
    languages: Counter[str] = field(default_factory=Counter)  # documents per stored language
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average at the start and the end

    @property
    def pace(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def per_article_ms(self, seconds: float) -> float:
        return seconds * 1000 / max(self.articles, 1)

    def lines(self) -> list[str]:
        mb = 1024 * 1024
        at = self.memory_at.items()
        flat = ", ".join(f"{n}: {m.rss / mb:.0f} MB" for n, (_, m) in at)
        flat_pss = ", ".join(f"{n}: {m.pss / mb:.0f} MB" for n, (_, m) in at)
        pace = ", ".join(f"{n}: {n / t:.1f}/s" for n, (t, _) in at)
        lines = [
            f"workers={self.workers}: {self.articles} articles, {self.words} words, "
            f"{self.claims} claims, {self.failed} failed, {self.not_extracted} not extracted "
            f"in {self.seconds:.1f} s (load average {self.load[0]:.1f} -> {self.load[1]:.1f})",
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
    claims = failed = articles = not_extracted = 0
    languages: Counter[str] = Counter()
    load_before = os.getloadavg()[0]
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
            not_extracted += outcome.not_extracted is not None
            languages[language_key(outcome.language)] += 1
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
        sampler.descendants_cpu(),
        ended - last,
        windows,
        not_extracted,
        languages,
        (load_before, os.getloadavg()[0]),
    )


@dataclass(frozen=True)
class Corpus:
    """Which corpus to run: the replicated sample, ``diverse.py``'s, or a JSONL of articles
    replicated language by language (``jsonl:PATH``)."""

    kind: str
    path: Path | None = None

    @classmethod
    def parse(cls, value: str) -> Corpus:
        kind, _, rest = value.partition(":")
        if kind in ("sample", "diverse") and not rest:
            return cls(kind)
        if kind == "jsonl" and rest:
            return cls(kind, Path(rest))
        raise argparse.ArgumentTypeError(
            f"{value!r}: expected sample, diverse or jsonl:PATH (a JSONL of articles with a "
            "language)"
        )


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, default=2000, help="articles to ingest (per language: jsonl)"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument(
        "--out",
        type=Path,
        help="directory for corpora and dbs (default: "
        "benchmarks/out; jsonl: a temporary directory, removed at the end)",
    )
    parser.add_argument(
        "--corpus",
        type=Corpus.parse,
        default=Corpus("sample"),
        help="sample (default), diverse, or jsonl:PATH (articles with a language, each "
        "language replicated to --articles and timed apart)",
    )
    parser.add_argument("--window", type=int, default=1000, help="articles per reported window")
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count (medians)")
    parser.add_argument(
        "--languages", nargs="+", help="jsonl: only these languages (default: every one)"
    )
    parser.add_argument(
        "--detect-language",
        action="store_true",
        help="jsonl: leave the language out of the copies, so ingest detects it",
    )
    # One run of a jsonl corpus, in the child process ``FreshRun.start`` starts.
    parser.add_argument("--fresh-run", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.fresh_run:
        FreshRun.from_json(args.fresh_run)(args.window, args.result)
        return
    if args.corpus.kind == "jsonl":
        if args.out is None:
            with tempfile.TemporaryDirectory(prefix="claimledger-throughput-") as tmp:
                by_languages(args, Path(tmp))
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            by_languages(args, args.out)
    else:
        out: Path = args.out or OUT
        out.mkdir(parents=True, exist_ok=True)
        one_corpus(args, out)


def one_corpus(args: argparse.Namespace, out: Path) -> None:
    """The replicated sample or the diverse corpus, every worker count ``--repeat`` times."""
    kind = args.corpus.kind
    corpus = out / f"{kind}-{args.articles}.jsonl"
    if kind == "diverse":
        words, people = write_diverse(corpus, args.articles)
        print(f"diverse corpus: {people} distinct generated people")
    else:
        words = write_corpus(corpus, args.articles)
    print(f"corpus: {args.articles} articles, {words} words ({words / args.articles:.0f}/article)")
    for workers in args.workers:
        paces = []
        for _ in range(args.repeat):
            db = out / f"throughput-{kind}-w{workers}.db"
            result = run(corpus, words, workers, db, args.window)
            print("\n".join(result.lines()), flush=True)
            paces.append(result.pace)
        if len(paces) > 1:
            each = ", ".join(f"{p:.1f}" for p in paces)
            print(f"workers={workers}: median {statistics.median(paces):.1f} articles/s ({each})")
    mb = 1024 * 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"getrusage max RSS: main {own / mb:.0f} MB, largest worker {children / mb:.0f} MB")


# ---- language by language ---------------------------------------------------------------------

# Made-up reports, one per pack language (and English), ingested untimed before a timed run so
# the models of its language and what the rules load on first use (the city gazetteer, read on
# the first person name) are in memory, but no word of the corpus is in a cache yet.
WARM_UP = {
    "en": "Commander Ahmad Karimi was killed in an air strike near Mosul on Monday 3 March 2020, "
    "officials said.",
    "ar": "قال مسؤولون إن القائد أبو أحمد الكريمي قتل في غارة جوية قرب الموصل يوم الاثنين 3 مارس "
    "2020.",
    "fr": "Le commandant Ahmad Karimi a été tué lundi 3 mars 2020 dans une frappe près de Mossoul, "
    "a affirmé le ministère.",
    "it": "Il comandante Ahmad Karimi è stato ucciso lunedì 3 marzo 2020 in un raid vicino a "
    "Mosul, ha detto il ministero.",
    "ru": "Командир Ахмад Карими был убит в понедельник, 3 марта 2020 года, под Мосулом, "
    "сообщили в министерстве.",
}


@dataclass(frozen=True)
class LanguageCorpus:
    """One language's replicated corpus."""

    path: Path
    words: int
    sources: int  # articles of the input it was replicated from


def language_corpora(
    source: Path,
    articles: int,
    out: Path,
    *,
    only: Sequence[str] | None = None,
    detect: bool = False,
    name: str = "copies",
) -> dict[str, LanguageCorpus]:
    """One replicated corpus per language of ``source``. Skipped lines are reported on stderr
    and the rest goes on; an asked language the file does not have is an error."""
    found, problems = read_articles(source)
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    groups = by_language(found)
    if only:
        wanted = [language_key(code) for code in only]
        missing = [code for code in wanted if code not in groups]
        if missing:
            have = ", ".join(groups) or "none"
            raise SystemExit(f"{source}: no articles in {', '.join(missing)} (it has {have})")
        groups = {code: groups[code] for code in groups if code in wanted}
    if not groups:
        raise SystemExit(f"{source}: no articles with a text and a language")
    corpora = {}
    for code, records in groups.items():
        path = out / f"{name}-{code}-{articles}.jsonl"
        copies = replicate_records(records, articles, reference_mark, keep=_kept(detect))
        corpora[code] = LanguageCorpus(path, write_records(path, copies), len(records))
        print(
            f"{code}: {len(records)} articles replicated to {articles}, "
            f"{corpora[code].words / articles:.0f} words/article"
        )
    return corpora


def _kept(detect: bool) -> tuple[str, ...]:
    """The fields a copy keeps: without the language when ingest is to detect it."""
    return ("title", "published_at") if detect else ("title", "published_at", "language")


def by_languages(args: argparse.Namespace, out: Path) -> None:
    """Each language of the JSONL replicated to the same number of articles and ingested apart;
    each repetition runs every worker count and language in turn, so a burst of load on the
    shared machine falls on all of them alike."""
    # Every pack language is read; the runs' processes and their workers inherit the setting.
    os.environ.setdefault(ENV_VAR, "all")
    print(
        f"{ENV_VAR}={os.environ[ENV_VAR]}: extraction reads "
        f"{', '.join(sorted(enabled_languages()))}"
    )
    source: Path = args.corpus.path
    corpora = language_corpora(
        source,
        args.articles,
        out,
        only=args.languages,
        detect=args.detect_language,
        name=source.stem,
    )
    results: dict[tuple[str, int], list[RunResult]] = {}
    for repeat in range(1, args.repeat + 1):
        for workers in args.workers:
            for code, corpus in corpora.items():
                job = FreshRun(corpus.path, corpus.words, workers, out, code, args.detect_language)
                result = job.start(args.window)
                print(f"[{code}, run {repeat}] " + "\n".join(result.lines()), flush=True)
                if args.detect_language:
                    print(f"  languages detected: {dict(result.languages.most_common())}")
                results.setdefault((code, workers), []).append(result)
    print()
    print("\n".join(summary(results, corpora, args.workers)))


@dataclass(frozen=True)
class FreshRun:
    """One timed run in a process of its own, as one ``claimledger ingest`` would be: no model,
    word cache or forkserver left by an earlier run. The process first ingests a made-up
    report in the language, untimed (``WARM_UP``), so the models are loaded (with workers, the
    forkserver is started and preloads English; each run's workers still load their pack
    language's models, as they do in every ingest)."""

    corpus: Path
    words: int
    workers: int
    out: Path
    language: str
    detect: bool = False

    def start(self, window: int) -> RunResult:
        """Run in a child process of this script; its result comes back pickled in a file."""
        result = self.out / f"run-{self.language}-w{self.workers}.pickle"
        result.unlink(missing_ok=True)
        job = json.dumps({**asdict(self), "corpus": str(self.corpus), "out": str(self.out)})
        command = [sys.executable, __file__, "--fresh-run", job, "--window", str(window)]
        subprocess.run([*command, "--result", str(result)], check=True)
        with result.open("rb") as handle:
            loaded: RunResult = pickle.load(handle)  # written by the child just now
        return loaded

    @classmethod
    def from_json(cls, job: str) -> FreshRun:
        fields = json.loads(job)
        return cls(**{**fields, "corpus": Path(fields["corpus"]), "out": Path(fields["out"])})

    def __call__(self, window: int, result: Path) -> None:
        """In the child: warm up, run, and leave the result where the parent reads it."""
        self.warm_up()
        db = self.out / f"throughput-{self.language}-w{self.workers}.db"
        outcome = run(self.corpus, self.words, self.workers, db, window)
        with result.open("wb") as handle:
            pickle.dump(outcome, handle)

    def warm_up(self) -> None:
        text = WARM_UP.get(self.language)
        if text is None:
            logger.info("no made-up report in %s: its models load in the timed run", self.language)
            return
        record = {"id": "warm-up", "language": self.language, "text": text}
        copies = replicate_records([record], 2, reference_mark, keep=_kept(self.detect))
        path = self.out / f"warm-up-{self.language}.jsonl"
        write_records(path, copies)
        run(path, 0, self.workers, self.out / f"warm-up-{self.language}-w{self.workers}.db")


def summary(
    results: dict[tuple[str, int], list[RunResult]],
    corpora: dict[str, LanguageCorpus],
    workers: Sequence[int],
) -> list[str]:
    """A Markdown table: per language and worker count, the median pace of the runs (and each
    run's), words/s, and the CPU per article of the main process and of the workers."""
    lines = [
        "| language | sources | words/article | claims/article | workers "
        "| articles/s: median (runs) | words/s | main CPU ms/article | workers CPU ms/article "
        "| peak PSS MB | load average |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for code, corpus in corpora.items():
        for count in workers:
            runs = results.get((code, count), [])
            if not runs:
                continue
            first = runs[0]
            paces = ", ".join(f"{r.pace:.1f}" for r in runs)
            claims = f"{first.claims / first.articles:.2f}"
            if first.not_extracted:
                claims += f" ({first.not_extracted} not extracted)"
            loads = [x for r in runs for x in r.load]
            lines.append(
                f"| {code} | {corpus.sources} | {first.words / first.articles:.0f} | {claims} "
                f"| {count} "
                f"| {statistics.median(r.pace for r in runs):.1f} ({paces}) "
                f"| {statistics.median(r.words / r.seconds for r in runs):,.0f} "
                f"| {statistics.median(r.per_article_ms(r.main_cpu) for r in runs):.1f} "
                f"| {statistics.median(r.per_article_ms(r.worker_cpu) for r in runs):.1f} "
                f"| {max(r.peak_pss for r in runs) / 2**20:.0f} "
                f"| {min(loads):.1f}-{max(loads):.1f} |"
            )
    return lines


if __name__ == "__main__":
    main()
