"""The multilingual extractor: claims in the languages that have a language pack.

A pack (``claimledger/data/lang/<code>.yaml``) holds a language's cue lists; an NLP backend
(``analysis``) reads the document; ``assemble`` turns what it read into the same ``Extraction``
records the English rules produce, so resolution, the ledger and assessment are unchanged.

Extraction is split in two so the costly part can run in worker processes: ``analyse_document``
(sentences, lemmas, names) needs no state, and ``assemble_pack`` runs where the entity index is,
to find names the ledger already knows (``IndexGazetteer``). ``extract_pack`` does both.
"""

from __future__ import annotations

from claimledger.extract.claims import Extraction
from claimledger.extract.packs.analysis import Analysis, analyse
from claimledger.extract.packs.assemble import EXTRACTOR_PREFIX, assemble_pack
from claimledger.extract.packs.names import Gazetteer, IndexGazetteer, NameSet
from claimledger.extract.packs.pack import LanguagePack, available_packs, load_pack
from claimledger.languages import language_key
from claimledger.types import Document

__all__ = [
    "EXTRACTOR_PREFIX",
    "PACK_LANGUAGES",
    "Analysis",
    "Gazetteer",
    "IndexGazetteer",
    "LanguagePack",
    "NameSet",
    "analyse_document",
    "assemble_pack",
    "extract_pack",
    "has_pack",
    "load_pack",
]

# The languages read by packs (English keeps its own dependency-based rules).
PACK_LANGUAGES: frozenset[str] = frozenset(available_packs())


def has_pack(language: str | None) -> bool:
    return language_key(language) in PACK_LANGUAGES


def analyse_document(doc: Document) -> Analysis:
    """The backend's reading of a document in a pack language (no ledger state needed)."""
    return analyse(doc.text, load_pack(language_key(doc.language)))


def extract_pack(
    doc: Document, *, document_id: str, gazetteer: Gazetteer | None = None
) -> Extraction:
    """Every claim of one document in a pack language."""
    pack = load_pack(language_key(doc.language))
    analysis = analyse(doc.text, pack)
    return assemble_pack(doc, analysis, pack, document_id=document_id, gazetteer=gazetteer)
