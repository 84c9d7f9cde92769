"""What the extraction workers share: imported once in the forkserver, before it forks them.

``multiprocessing``'s forkserver forks every worker from one process; a module named in
``set_forkserver_preload`` is imported there first (``workers.ordered_map(preload=...)``).
Importing THIS module imports the extraction code, loads the spaCy pipeline and runs one short
extraction, so the lazily loaded parts (date-parser languages, lexicons) are in memory too.
Every worker then starts with all of it in copy-on-write pages shared with its siblings, instead
of loading its own copy: the weights are numpy buffers no worker writes, so those pages stay
shared. ``gc.freeze()`` moves the objects made so far out of the collector's generations, so a
collection in a worker does not write to their headers and unshare the pages that hold them.

Workers of a pipeline that has no PyTorch layer (the default) do not import torch
(``spacy_models.keep_torch_out``): thinc would import it because it is installed, costing each
worker's start-up time and about 120 MB of the shared memory.

Nothing here is needed for correctness: when warming up fails, workers load what they need on
their first document, as they would without a preload.
"""

from __future__ import annotations

import gc
import logging

from claimledger.spacy_models import keep_torch_out

# Before spaCy is imported: thinc would import PyTorch, which the default pipeline never calls.
keep_torch_out()

from claimledger.extract.claims import extract_claims  # noqa: E402  (after keep_torch_out)
from claimledger.types import Document  # noqa: E402

logger = logging.getLogger(__name__)

# A made-up report touching the common paths: trigger, attribution, a date, a place, NER.
WARM_UP_TEXT = (
    "A local commander was killed in an air strike near the river on Monday, officials said.\n\n"
    "The Interior Ministry said on 3 March 2020 that two men had been arrested in the capital."
)


def warm_up() -> None:
    """Load the pipeline and the lazily loaded data, then freeze what is loaded."""
    try:
        # Through extraction rather than ``load_pipeline()`` alone: it also loads what
        # extraction loads lazily (date-parser languages, lexicons).
        extract_claims(Document(text=WARM_UP_TEXT), document_id="warm-up")
    except Exception:  # a worker loads on demand instead; the run goes on
        logger.warning("extraction warm-up failed; workers will load on demand", exc_info=True)
    gc.freeze()


warm_up()
