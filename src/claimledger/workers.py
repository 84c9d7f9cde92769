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

A worker that dies (killed by the kernel's out-of-memory killer, a SIGKILL, a crash in native
code) breaks a ``ProcessPoolExecutor`` for good: every job in flight fails with
``BrokenProcessPool`` and no more can be submitted. Given ``lost``, the maps start a fresh pool
and retry the jobs that were in flight one at a time (``ordered_batch_map``: each element of
those batches alone), so that one that kills its worker again is known; it gets the result
``lost(job, reason)`` and the rest of the input goes on.

No orphans: a worker watches the process that started the pool and exits when it dies, however
it dies (SIGKILL included: nothing runs in a killed process, so the watch is in the worker, on a
pidfd where Linux has them). The forkserver watches it too, from the first module it imports
(``claimledger.forkserver_watch``), so it goes even while still preloading.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger(__name__)

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
    lost: Callable[[T, str], R] | None = None,
    isolated: bool = False,
) -> Iterator[tuple[T, R]]:
    """Yield ``(job, function(job))`` in input order, using ``workers`` processes when > 1
    (``isolated``: even one, so that a job that kills its process does not kill this one).

    ``function`` must be a module-level function (it is pickled to the workers). Workers are
    started with ``forkserver`` so they never inherit the parent's database connections.
    ``preload`` names modules the forkserver imports before forking workers; it takes effect
    when the forkserver starts, i.e. at the first parallel run of this process (the forkserver
    then lives as long as the process and serves later runs too). ``lost``: the result for a
    job whose worker died on it twice (see the module docstring); without it a dead worker
    raises ``BrokenProcessPool``, as it always did.
    """
    retry = None if lost is None else _retry_alone(function, lost)
    yield from _ordered(function, jobs, workers, preload, window_per_worker, retry, isolated)


def _ordered(
    function: Callable[[T], R],
    jobs: Iterable[T],
    workers: int,
    preload: Sequence[str],
    window_per_worker: int,
    retry: Callable[[_Pool, T], R] | None,
    isolated: bool,
) -> Iterator[tuple[T, R]]:
    if workers <= 1 and not isolated:
        for job in jobs:
            yield job, function(job)
        return
    context = multiprocessing.get_context("forkserver")
    # The forkserver inherits the environment: the watch imported first in it finds its owner.
    os.environ[OWNER_ENV] = str(os.getpid())
    context.set_forkserver_preload([FORKSERVER_WATCH, *preload])
    window: deque[_InFlight[T, R]] = deque()
    with _Pool(workers, context) as pool:
        for job in jobs:
            window.append(_InFlight(job, pool.submit(function, job)))
            if len(window) >= max(1, workers) * window_per_worker:
                yield _first(window, pool, retry)
        while window:
            yield _first(window, pool, retry)


@dataclass(slots=True)
class _InFlight(Generic[T, R]):
    job: T
    future: Future[R]


def _first(
    window: deque[_InFlight[T, R]], pool: _Pool, retry: Callable[[_Pool, T], R] | None
) -> tuple[T, R]:
    """The oldest job's result, taken out of the window; after a worker died, every job that
    was in flight is run again (``retry``) in a fresh pool before the window moves on."""
    entry = window[0]
    try:
        result = entry.future.result()
    except BrokenProcessPool:
        if retry is None:
            raise
        _recover(window, pool, retry)
        result = entry.future.result()
    window.popleft()
    return entry.job, result


def _recover(window: deque[_InFlight[T, R]], pool: _Pool, retry: Callable[[_Pool, T], R]) -> None:
    """Rerun, in a fresh pool and one at a time, the jobs a dead worker's pool lost."""
    wait_for([entry.future for entry in window])  # a broken pool fails all it still held
    died = pool.exit_reason()
    suspects = [entry for entry in window if _broken(entry.future)]
    logger.warning(
        "an extraction worker died (%s); retrying the work it left (%d job%s in flight) one "
        "piece at a time in a fresh worker",
        died,
        len(suspects),
        "" if len(suspects) == 1 else "s",
    )
    pool.restart()
    for entry in suspects:
        entry.future = _done(retry(pool, entry.job))


def _broken(future: Future[R]) -> bool:
    return isinstance(future.exception(), BrokenProcessPool)


def _done(result: R) -> Future[R]:
    future: Future[R] = Future()
    future.set_result(result)
    return future


def _retry_alone(
    function: Callable[[T], R], lost: Callable[[T, str], R]
) -> Callable[[_Pool, T], R]:
    """A job run again by itself in ``pool``; ``lost(job, reason)`` when its worker dies again."""

    def retry(pool: _Pool, job: T) -> R:
        future = pool.submit(function, job)
        try:
            return future.result()
        except BrokenProcessPool:
            reason = pool.exit_reason()
            pool.restart()
            return lost(job, died_reason(reason))

    return retry


# How the reason for a job lost to its worker starts (see ``died_reason``).
WORKER_DIED = "the extraction worker died while reading it"


def died_reason(how: str) -> str:
    """Why a job has no result: its worker died on it, twice."""
    return f"{WORKER_DIED} ({how}), and again when it was retried alone in a fresh worker"


@dataclass
class _Pool:
    """A process pool that can be made anew after one of its workers died."""

    workers: int
    context: BaseContext
    _executor: ProcessPoolExecutor | None = field(default=None, init=False)

    def __enter__(self) -> _Pool:
        self._executor = self._new()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=watch_parent,
            initargs=(os.getpid(),),
        )

    def submit(self, function: Callable[[T], R], job: T) -> Future[R]:
        """The job's future; when the pool broke already, a future holding that failure, so
        the job is retried with those that were in flight."""
        assert self._executor is not None, "the pool is not open"
        try:
            return self._executor.submit(function, job)
        except BrokenProcessPool as exc:
            future: Future[R] = Future()
            future.set_exception(exc)
            return future

    def restart(self) -> None:
        """A fresh executor in place of a broken one (whose workers are gone already)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._new()

    def exit_reason(self) -> str:
        """How the pool's dead worker ended, in words ("killed by signal 9 (SIGKILL) ...")."""
        # ProcessPoolExecutor keeps its processes in a private mapping; read it with care, as
        # the one place that knows the exit code.
        processes = getattr(self._executor, "_processes", None) or {}
        codes = [p.exitcode for p in list(processes.values()) if p.exitcode not in (None, 0)]
        # The executor terminates the surviving workers (SIGTERM) once one has died, and a
        # survivor whose queue broke under it may exit with an error code of its own: a signal
        # other than SIGTERM says how the dead one died, then an exit code, then SIGTERM.
        codes.sort(key=lambda code: (code == -signal.SIGTERM, code >= 0))
        return exit_description(codes[0]) if codes else "it ended abruptly"


def exit_description(code: int) -> str:
    """A process's exit code in words; a negative code is the signal that killed it."""
    if code >= 0:
        return f"it exited with code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    cause = ", e.g. by the kernel's out-of-memory killer" if -code == signal.SIGKILL else ""
    return f"killed by signal {-code} ({name}){cause}"


def ordered_batch_map(
    function: Callable[[list[T]], list[R]],
    jobs: Iterable[T],
    *,
    batch: int,
    workers: int = 1,
    preload: Sequence[str] = (),
    lost: Callable[[T, str], R] | None = None,
    isolated: bool = False,
) -> Iterator[tuple[T, R]]:
    """Yield ``(job, result)`` in input order, handing ``function`` up to ``batch`` jobs at a time.

    ``function`` takes a list of jobs and returns one result per job, in the same order. Two
    batches per worker are in flight: each holds ``batch`` jobs, so that is enough to keep the
    workers busy. ``lost``: the result for a job whose worker died on it, as in
    ``ordered_map``, except that a batch lost to a dead worker is retried one job at a time,
    so only the job that kills its worker again is lost, not its whole batch.
    """
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    batches = _batches(iter(jobs), batch)
    retry = None if lost is None else _retry_each(function, lost)
    for group, results in _ordered(function, batches, workers, preload, 2, retry, isolated):
        if len(results) != len(group):
            raise RuntimeError(f"{len(group)} jobs gave {len(results)} results")
        yield from zip(group, results, strict=True)


def _retry_each(
    function: Callable[[list[T]], list[R]], lost: Callable[[T, str], R]
) -> Callable[[_Pool, list[T]], list[R]]:
    """A batch run again one job at a time in ``pool``, each alone (see ``_retry_alone``)."""
    alone = _retry_alone(function, lambda group, reason: [lost(group[0], reason)])
    return lambda pool, group: [result for job in group for result in alone(pool, [job])]


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
