"""Where the tests find the shared evaluation data: ``../shared/data`` beside the project.

CI clones the project next to a copy of ``shared/``, as developers have it; set
``CLAIMLEDGER_SHARED_DATA`` to point elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("CLAIMLEDGER_SHARED_DATA", ROOT.parent / "shared" / "data"))
SEED_DIR = SHARED_DATA / "seed"
SAMPLE = ROOT / "samples" / "seed-articles.jsonl"
