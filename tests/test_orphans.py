"""No orphans: extraction workers and their forkserver exit when the process that started them
dies, however it dies (here: SIGKILL, which runs no clean-up in the parent)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# A parent that keeps two workers busy.
PARENT = textwrap.dedent(
    """
    import time
    from claimledger.workers import ordered_map

    def slow(n):
        time.sleep(60)
        return n

    if __name__ == "__main__":
        for _ in ordered_map(slow, range(8), workers=2):
            pass
    """
)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            todo += sorted(children - found)
            found |= children
    return found


def _running(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(pid)
    return left


def test_workers_and_forkserver_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    parent = subprocess.Popen([sys.executable, str(script)], env=env)
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    # The forkserver, two workers (and multiprocessing's resource tracker).
    while len(_running(seen)) < 3 and time.monotonic() < deadline:
        seen |= _children(parent.pid)
        time.sleep(0.05)
    assert len(_running(seen)) >= 3, "the workers did not start"
    time.sleep(0.5)  # the workers' watch starts with them; let it run
    seen |= _children(parent.pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    while _running(seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _running(seen)
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} processes outlived their killed parent"
