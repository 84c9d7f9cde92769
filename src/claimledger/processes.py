"""Process trees read from /proc (Linux): the processes an ingest started, and which still run.

The one copy of these helpers for the tests and benchmarks that kill an ingest and look for
what it left behind (``tests/test_crash.py``, ``tests/test_orphans.py``,
``benchmarks/crash.py``) and for the benchmarks that sum the memory of an ingest's workers
(``benchmarks/throughput.py``).
"""

from __future__ import annotations

from pathlib import Path


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children, their children, ...) that exists now."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:  # the task ended meanwhile
                continue
            todo += sorted(children - found)
            found |= children
    return found


def running(pids: set[int]) -> set[int]:
    """The processes of ``pids`` that still run (gone or zombie ones are not)."""
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(pid)
    return left
