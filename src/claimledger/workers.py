"""Ordered, bounded parallel map: the pipeline's costly stage in worker processes.

``concurrent.futures.Executor.map`` submits its whole input at once, which would read an
entire corpus into memory; this keeps a fixed window of jobs in flight so memory stays flat in
corpus size, and yields results in input order. ``ordered_batch_map`` sends jobs to the workers
several at a time, for a function that does better on a batch than one job at a time (spaCy's
models run a batch of paragraphs as one matrix).

Workers are forked from a forkserver. Modules named in ``preload`` are imported there once, before
any worker exists, so what they load (for extraction: the spaCy pipeline, see
``claimledger.preload``) sits in copy-on-write pages every worker shares, rather than in one
private copy per worker.

No orphans: a worker watches the process that started the pool and exits when it dies, however
it dies (SIGKILL included: nothing runs in a killed process, so the watch is in the worker, on a
pidfd where Linux has them). The forkserver watches it too, from the first module it imports
(``claimledger.forkserver_watch``), so it goes even while still preloading.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Jobs in flight per worker: enough to keep every worker busy, few enough to bound memory.
WINDOW_PER_WORKER = 8
# The module the forkserver imports first, and how it learns which process is the pool's owner.
FORKSERVER_WATCH = "claimledger.forkserver_watch"
OWNER_ENV = "CLAIMLEDGER_POOL_OWNER"
# Seconds between checks that the pool's owner lives, where no pidfd can wait for it.
PARENT_POLL_SECONDS = 1.0


def ordered_map(
    function: Callable[[T], R],
    jobs: Iterable[T],
    *,
    workers: int = 1,
    preload: Sequence[str] = (),
    window_per_worker: int = WINDOW_PER_WORKER,
) -> Iterator[tuple[T, R]]:
    """Yield ``(job, function(job))`` in input order, using ``workers`` processes when > 1.

    ``function`` must be a module-level function (it is pickled to the workers). Workers are
    started with ``forkserver`` so they never inherit the parent's database connections.
    ``preload`` names modules the forkserver imports before forking workers; it takes effect
    when the forkserver starts, i.e. at the first parallel run of this process (the forkserver
    then lives as long as the process and serves later runs too).
    """
    if workers <= 1:
        for job in jobs:
            yield job, function(job)
        return
    context = multiprocessing.get_context("forkserver")
    # The forkserver inherits the environment: the watch imported first in it finds its owner.
    os.environ[OWNER_ENV] = str(os.getpid())
    context.set_forkserver_preload([FORKSERVER_WATCH, *preload])
    window: deque[tuple[T, Future[R]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=watch_parent,
        initargs=(os.getpid(),),
    ) as pool:
        for job in jobs:
            window.append((job, pool.submit(function, job)))
            if len(window) >= workers * window_per_worker:
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()


def ordered_batch_map(
    function: Callable[[list[T]], list[R]],
    jobs: Iterable[T],
    *,
    batch: int,
    workers: int = 1,
    preload: Sequence[str] = (),
) -> Iterator[tuple[T, R]]:
    """Yield ``(job, result)`` in input order, handing ``function`` up to ``batch`` jobs at a time.

    ``function`` takes a list of jobs and returns one result per job, in the same order. Two
    batches per worker are in flight: each holds ``batch`` jobs, so that is enough to keep the
    workers busy.
    """
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    batches = _batches(iter(jobs), batch)
    for group, results in ordered_map(
        function, batches, workers=workers, preload=preload, window_per_worker=2
    ):
        if len(results) != len(group):
            raise RuntimeError(f"{len(group)} jobs gave {len(results)} results")
        yield from zip(group, results, strict=True)


def _batches(jobs: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(islice(jobs, size)):
        yield batch


# Input below this size is read by one process: starting workers (a forkserver that loads the
# spaCy pipeline, then each worker) costs several seconds, about what a second process saves on
# a megabyte of news (some 200 articles at about 6 articles a second).
AUTO_WORKERS_MIN_BYTES = 1_000_000
# Each worker holds a parser (about 150 MB of its own); beyond this the main process, which
# resolves and stores every document alone, is the bottleneck anyway.
AUTO_WORKERS_MAX = 8


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def auto_workers(input_bytes: int | None, cpus: int | None = None) -> tuple[int, str]:
    """Extraction workers for an input of ``input_bytes`` (None: unknown, e.g. a pipe), with
    the reason, for a summary: one for small or unknown inputs, else one per CPU (capped)."""
    cpus = cpu_count() if cpus is None else cpus
    if input_bytes is None:
        return 1, "1 worker (input size unknown)"
    size = f"{input_bytes / 1_000_000:.1f} MB of input"
    if input_bytes < AUTO_WORKERS_MIN_BYTES or cpus == 1:
        return 1, f"1 worker ({size}, {cpus} CPU{'s' if cpus > 1 else ''})"
    workers = min(cpus, AUTO_WORKERS_MAX)
    return workers, f"{workers} workers (one per CPU of {cpus}, {size})"


def input_bytes(paths: Iterable[str]) -> int | None:
    """Total size of the files under ``paths`` (directories walked); None when one is '-'."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            total += path.stat().st_size
    return total


def watch_parent(pid: int) -> None:
    """Worker initializer: exit as soon as the process ``pid`` (the pool's owner) is gone."""
    try:
        handle: int | None = os.pidfd_open(pid)
    except ProcessLookupError:  # gone already
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd here (not Linux, or an old kernel): poll
        handle = None
    watch = threading.Thread(
        target=_exit_with, args=(pid, handle), name="parent-watch", daemon=True
    )
    watch.start()


def _exit_with(pid: int, handle: int | None) -> None:
    if handle is not None:
        select.select([handle], [], [])  # a pidfd turns readable when its process exits
    else:
        while _alive(pid):
            time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # the pid was reused by another user's process: ours is gone
        return False
    return True
