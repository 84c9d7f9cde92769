"""The ordered maps: input order kept, a bounded window of jobs in flight, batches, preloaded
workers."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.workers import (
    AUTO_WORKERS_MAX,
    AUTO_WORKERS_MIN_BYTES,
    WINDOW_PER_WORKER,
    auto_workers,
    input_bytes,
    ordered_batch_map,
    ordered_map,
)


def _slow_square(n: int) -> int:
    """Later jobs finish first when run side by side, so order must come from the map."""
    time.sleep(0.02 * (n % 4))
    return n * n


def _counted(jobs: range, pulled: list[int]) -> Iterator[int]:
    for job in jobs:
        pulled.append(job)
        yield job


def test_two_workers_yield_in_input_order() -> None:
    jobs = list(range(40))
    results = list(ordered_map(_slow_square, jobs, workers=2))
    assert results == [(n, n * n) for n in jobs]


@pytest.mark.parametrize("workers", [1, 2])
def test_jobs_are_pulled_a_window_at_a_time(workers: int) -> None:
    pulled: list[int] = []
    window = workers * WINDOW_PER_WORKER if workers > 1 else 1
    ahead = []
    for done, (job, _) in enumerate(
        ordered_map(_slow_square, _counted(range(60), pulled), workers=workers), start=1
    ):
        assert job == done - 1
        ahead.append(len(pulled) - done)
    assert len(pulled) == 60
    # Never more than a window of jobs read but not yet yielded: memory flat in corpus size.
    assert max(ahead) <= window
    assert max(ahead) >= window - 1


def _slow_squares(batch: list[int]) -> list[int]:
    return [_slow_square(n) for n in batch]


def _one_short(batch: list[int]) -> list[int]:
    return batch[1:]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("batch", [1, 3, 16])
def test_batches_yield_each_job_in_input_order(workers: int, batch: int) -> None:
    sizes: list[int] = []

    def record(group: list[int]) -> list[int]:
        sizes.append(len(group))
        return _slow_squares(group)

    function = record if workers == 1 else _slow_squares  # a closure does not pickle
    jobs = list(range(37))
    results = list(ordered_batch_map(function, jobs, batch=batch, workers=workers))
    assert results == [(n, n * n) for n in jobs]
    if workers == 1:
        # Full batches, then what is left over.
        assert sizes == [batch] * (37 // batch) + ([37 % batch] if 37 % batch else [])


def test_batches_pull_a_bounded_window() -> None:
    pulled: list[int] = []
    ahead = [
        len(pulled) - done
        for done, _ in enumerate(
            ordered_batch_map(_slow_squares, _counted(range(200), pulled), batch=5, workers=2),
            start=1,
        )
    ]
    assert len(pulled) == 200
    # Two batches per worker in flight, plus the one being handed out.
    assert max(ahead) <= 5 * (2 * 2 + 1)


def test_a_batch_function_must_answer_every_job() -> None:
    with pytest.raises(RuntimeError, match="3 jobs gave 2 results"):
        list(ordered_batch_map(_one_short, [1, 2, 3], batch=3))
    with pytest.raises(ValueError, match="at least 1"):
        list(ordered_batch_map(_slow_squares, [1], batch=0))


# Run in a fresh interpreter: the forkserver (and so what it preloads) is one per process, and
# the preload loads spaCy and freezes the collector, which the test process must not inherit.
PRELOAD_SCRIPT = textwrap.dedent(
    """
    import gc
    import json
    import sys

    from claimledger.extract.claims import ExtractOptions
    from claimledger.pipeline import EXTRACT_PRELOAD, _extract_batch
    from claimledger.types import Document
    from claimledger.workers import ordered_batch_map, ordered_map


    def worker_state(_: int) -> tuple[bool, int, bool, bool]:
        from claimledger.nlp import _load_pipeline
        from claimledger.spacy_models import torch_kept_out

        loaded = _load_pipeline.cache_info().currsize
        frozen = gc.get_freeze_count() > 0
        return "claimledger.preload" in sys.modules, loaded, frozen, torch_kept_out()


    if __name__ == "__main__":
        text = "A commander was killed in the city on Monday, the army said."
        jobs = [Document(text=text), Document(text=None), Document(text=text)]
        options = ExtractOptions()
        # One batch holding the broken document between two good ones.
        pairs = ordered_batch_map(
            _extract_batch, [(d, options) for d in jobs], batch=3, workers=2,
            preload=EXTRACT_PRELOAD,
        )
        kinds = [type(result).__name__ for _, result in pairs]
        states = [s for _, s in ordered_map(worker_state, range(4), workers=2)]
        print(json.dumps({"kinds": kinds, "states": states}))
    """
)


@pytest.mark.slow
def test_preloaded_workers_start_loaded_and_isolate_a_failing_job(tmp_path: Path) -> None:
    script = tmp_path / "preload_run.py"
    script.write_text(PRELOAD_SCRIPT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=True
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    # The broken document fails alone, in its place; the ones after it are still extracted.
    assert report["kinds"] == ["Extraction", "ExtractionFailure", "Extraction"]
    # Every worker was forked with the pipeline loaded, the collector frozen and (the default
    # pipeline has no PyTorch layer) torch kept out.
    assert report["states"] == [[True, 1, True, True]] * 4


def test_auto_workers_one_for_small_or_unknown_input_one_per_cpu_for_large() -> None:
    assert auto_workers(10_000, cpus=4)[0] == 1
    assert auto_workers(None, cpus=4) == (1, "1 worker (input size unknown)")
    workers, why = auto_workers(5 * AUTO_WORKERS_MIN_BYTES, cpus=4)
    assert workers == 4 and "per CPU" in why and "5.0 MB" in why
    assert auto_workers(5 * AUTO_WORKERS_MIN_BYTES, cpus=64)[0] == AUTO_WORKERS_MAX
    assert auto_workers(5 * AUTO_WORKERS_MIN_BYTES, cpus=1)[0] == 1


def test_input_bytes_walks_directories_and_knows_nothing_of_stdin(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("x" * 10)
    (tmp_path / "sub" / "b.txt").write_text("y" * 5)
    assert input_bytes([str(tmp_path)]) == 15
    assert input_bytes([str(tmp_path / "a.txt"), "-"]) is None
