"""Options for the ingest readers, kept apart from the data they read."""

from __future__ import annotations

from dataclasses import dataclass

from lingua import IsoCode639_1

from claimledger import settings
from claimledger.errors import SettingsError

# Extensions a directory walk picks up, longest first so ".warc.gz" wins over ".gz".
SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".jsonl.gz",
    ".ndjson.gz",
    ".warc.gz",
    ".arc.gz",
    ".jsonl",
    ".ndjson",
    ".json",
    ".warc",
    ".arc",
    ".html",
    ".htm",
    ".xhtml",
    ".xml",
    ".rss",
    ".atom",
    ".rdf",
    ".txt",
    ".text",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How to read inputs.

    ``languages`` are the ISO 639-1 codes language detection chooses among.
    ``extensions`` limits which files a directory walk reads (e.g. ``{".jsonl"}``); ``None``
    reads every supported kind. Files named explicitly are always read.
    The ``max_*`` limits bound what one input may cost (see :mod:`claimledger.settings`).
    ``split``: plain text (a text file, text on standard input) may hold several articles
    glued together; it is cut into them (:mod:`claimledger.ingest.split`) and each article,
    not the whole text, is held to ``max_document_chars``.
    """

    languages: tuple[str, ...] = settings.DEFAULT_LANGUAGES
    extensions: frozenset[str] | None = None
    max_document_chars: int = settings.DEFAULT_MAX_DOCUMENT_CHARS
    max_input_bytes: int = settings.DEFAULT_MAX_INPUT_BYTES
    max_json_depth: int = settings.DEFAULT_MAX_JSON_DEPTH
    max_html_elements: int = settings.DEFAULT_MAX_HTML_ELEMENTS
    split: bool = False

    @classmethod
    def from_settings(cls, given: settings.Settings) -> IngestOptions:
        """The reading options a validated ``Settings`` asks for."""
        return cls(
            languages=given.languages,
            max_document_chars=given.max_document_chars,
            max_input_bytes=given.max_input_bytes,
            max_json_depth=given.max_json_depth,
            max_html_elements=given.max_html_elements,
        )

    def __post_init__(self) -> None:
        for code in self.languages:
            try:
                IsoCode639_1.from_str(code.lower())
            except ValueError:
                raise SettingsError(
                    f"language {code!r} is not an ISO 639-1 code lingua knows; "
                    "give two-letter codes such as 'en', 'ru', 'ar'"
                ) from None
        unknown = wanted_extensions(self) - set(SUPPORTED_EXTENSIONS)
        if unknown:
            raise SettingsError(
                f"cannot read files with extension {', '.join(sorted(unknown))}; "
                f"supported: {' '.join(SUPPORTED_EXTENSIONS)}"
            )


def extension_of(name: str) -> str | None:
    """The supported extension ``name`` ends with (lower case, with its dot), or ``None``."""
    lowered = name.lower()
    for ext in SUPPORTED_EXTENSIONS:
        if lowered.endswith(ext):
            return ext
    return None


def wanted_extensions(options: IngestOptions) -> frozenset[str]:
    """The extensions a directory walk reads, normalised to lower case with a leading dot."""
    if options.extensions is None:
        return frozenset(SUPPORTED_EXTENSIONS)
    return frozenset("." + ext.lower().lstrip(".") for ext in options.extensions)
