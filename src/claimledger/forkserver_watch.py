"""Imported first in the forkserver (see ``claimledger.workers``): the forkserver exits as soon as
the process that started it dies, even while it still imports the modules preloaded after this
one (loading the spaCy pipeline takes seconds; a SIGKILL then would leave it running).

On Linux the kernel kills it (``prctl(PR_SET_PDEATHSIG, SIGKILL)``): a watch thread could not
run while a C extension being loaded holds the GIL. Should the thread that started the
forkserver end before the process, the forkserver goes with it, and multiprocessing starts a new
one for the next pool. Elsewhere a watch thread does it (``claimledger.workers.watch_parent``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

from claimledger.workers import OWNER_ENV, watch_parent

PR_SET_PDEATHSIG = 1


def _die_with_parent(owner: int) -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != owner:  # the owner died before the request took effect
        os._exit(1)
    return True


_owner = os.environ.get(OWNER_ENV, "")
# Only in a process the pool's owner started itself: the forkserver.
if _owner.isdigit() and int(_owner) == os.getppid() and not _die_with_parent(int(_owner)):
    watch_parent(int(_owner))
