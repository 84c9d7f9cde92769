"""Imported first in the forkserver (see ``claimledger.workers``): the forkserver exits as soon as
the process that started it dies, even while it still imports the modules preloaded after this
one (loading the spaCy pipeline takes seconds; a SIGKILL then would leave it running)."""

from __future__ import annotations

import os

from claimledger.workers import OWNER_ENV, watch_parent

_owner = os.environ.get(OWNER_ENV, "")
# Only in a process the pool's owner started itself: the forkserver.
if _owner.isdigit() and int(_owner) == os.getppid():
    watch_parent(int(_owner))
