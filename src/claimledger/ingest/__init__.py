"""Ingest: turn files, directories, feeds, web archives and standard input into Documents.

Each input yields ``Document`` records (normalised: Unicode repaired, NFC, language known) or
``InputFailure`` records that say which file (and line) could not be read and why.
"""

from claimledger.ingest.jsonl import document_from_record, read_jsonl_text
from claimledger.ingest.normalize import normalize_document
from claimledger.ingest.options import SUPPORTED_EXTENSIONS, IngestOptions
from claimledger.ingest.readers import count_inputs, read_inputs, read_path

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "IngestOptions",
    "count_inputs",
    "document_from_record",
    "normalize_document",
    "read_inputs",
    "read_jsonl_text",
    "read_path",
]
