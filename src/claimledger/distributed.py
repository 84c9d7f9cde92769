"""Extraction on a Dask distributed cluster: the same ordered batch map as the local pool.

A backfill of an archive can spread extraction, the costly stage, over many machines: each
batch of documents is sent to a Dask worker (``dask worker tcp://SCHEDULER:8786`` on each
machine, with claimledger installed), while resolution and storage stay in the one process
that coordinates the run, as with the local pool, so the entities come out as in a local
ingest. A bounded window of batches is in flight, so memory stays flat in corpus size, and
results come back in input order.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from claimledger.errors import ClaimledgerError

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# Batches in flight per Dask worker thread: enough to keep each busy across a network.
WINDOW_PER_THREAD = 3


def _client(address: str) -> Any:
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise ClaimledgerError(
            "--dask needs the dask extra: pip install 'claimledger[dask]'"
        ) from exc
    try:
        return Client(address, timeout="30s")
    except (OSError, TimeoutError) as exc:
        raise ClaimledgerError(f"could not reach the Dask scheduler at {address}: {exc}") from exc


def dask_batch_map(
    function: Callable[[list[T]], list[R]],
    jobs: Iterable[T],
    *,
    batch: int,
    address: str,
) -> Iterator[tuple[T, R]]:
    """Yield ``(job, result)`` in input order, ``function`` run on batches of ``batch`` jobs
    by the workers of the Dask cluster whose scheduler is at ``address``."""
    client = _client(address)
    try:
        threads = max(1, sum(client.nthreads().values()))
        logger.info("extracting on Dask at %s: %d worker threads", address, threads)
        pending: deque[tuple[list[T], Any]] = deque()
        source = iter(jobs)
        while True:
            while len(pending) < WINDOW_PER_THREAD * threads:
                group = list(islice(source, batch))
                if not group:
                    break
                # pure=False: two equal batches (the same text twice) are still two tasks.
                pending.append((group, client.submit(function, group, pure=False)))
            if not pending:
                return
            group, future = pending.popleft()
            results = future.result()
            if len(results) != len(group):
                raise RuntimeError(f"{len(group)} jobs gave {len(results)} results")
            yield from zip(group, results, strict=True)
    finally:
        client.close()
