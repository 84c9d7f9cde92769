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

from claimledger.processes import descendants, running

SRC = Path(__file__).resolve().parent.parent / "src"

# A parent that keeps two workers busy.
PARENT = textwrap.dedent(
    """
    import sys
    import time
    from claimledger.workers import ordered_map

    def slow(n):
        time.sleep(60)
        return n

    if __name__ == "__main__":
        preload = sys.argv[1:]  # modules for the forkserver to import first
        for _ in ordered_map(slow, range(8), workers=2, preload=preload):
            pass
    """
)
# A module that takes long to import, as the spaCy pipeline does.
SLOW_IMPORT = "import time\ntime.sleep(60)\n"


def _parent(tmp_path: Path, *preload: str) -> subprocess.Popen[bytes]:
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    (tmp_path / "slow_import.py").write_text(SLOW_IMPORT, encoding="utf-8")
    path = os.pathsep.join([str(SRC), str(tmp_path), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.Popen([sys.executable, str(script), *preload], env=env)


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _left_after_kill(parent: subprocess.Popen[bytes], seen: set[int]) -> set[int]:
    """SIGKILL ``parent``; the processes of ``seen`` still running 15 s later (then killed)."""
    seen |= descendants(parent.pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    while running(seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = running(seen)
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    return left


def test_workers_and_forkserver_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    parent = _parent(tmp_path)
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    # The forkserver, two workers (and multiprocessing's resource tracker).
    while len(running(seen)) < 3 and time.monotonic() < deadline:
        seen |= descendants(parent.pid)
        time.sleep(0.05)
    assert len(running(seen)) >= 3, "the workers did not start"
    time.sleep(0.5)  # the workers' watch starts with them; let it run
    left = _left_after_kill(parent, seen)
    assert not left, f"{len(left)} processes outlived their killed parent"


def test_a_forkserver_still_preloading_exits_when_its_parent_is_killed(tmp_path: Path) -> None:
    parent = _parent(tmp_path, "slow_import")
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    while not any("forkserver" in _command(p) for p in seen) and time.monotonic() < deadline:
        seen |= descendants(parent.pid)
        time.sleep(0.05)
    assert any("forkserver" in _command(p) for p in seen), "no forkserver started"
    time.sleep(1)  # the forkserver now sleeps in the slow import
    left = _left_after_kill(parent, seen)
    assert not left, f"{len(left)} processes outlived their killed parent"
