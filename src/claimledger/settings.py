"""Settings as data: one table of (name, default, help), read from the environment, validated.

Each setting can be given as an environment variable ``CLAIMLEDGER_<NAME>``; CLI options and
API configuration override them. The README's settings section is generated from ``SETTINGS``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from claimledger.errors import SettingsError

DEFAULT_DB = "sqlite:///claimledger.db"
# Languages lingua chooses among; limiting the set makes detection faster and more accurate.
# Every language with a language pack is among them (without "it" and "ur", Italian text was
# detected as Spanish or German and Urdu as Persian); the two cost about 35 MB of lingua's
# models, 0.6 s more to load them and 0.05 ms more a sentence (benchmarks/language_detection.py).
DEFAULT_LANGUAGES = ("en", "ru", "ar", "fr", "de", "es", "uk", "tr", "fa", "kk", "it", "ur")
# Limits that keep one hostile input from taking the run's memory or time (issue 14).
# A news article is 2,000-60,000 characters, a long read of 15,000 words about 90,000. At
# 200,000 characters a text of generated reports naming 4,782 different people takes 12.5 s of
# CPU and 440 MB, one naming 3,000 people again and again 8 s and 360 MB; the cost grows about
# in step with the text (46 s and 710 MB at 800,000; benchmarks/long_document.py). It grew with
# its square before, when 200,000 characters took 69 s on a loaded machine.
DEFAULT_MAX_DOCUMENT_CHARS = 200_000
# The most bytes read into memory as one item: a whole HTML, feed or text file, one JSONL line,
# one WARC record's payload, all after decompression (a 200 KB gzip can hold 200 MB).
DEFAULT_MAX_INPUT_BYTES = 32 * 1024 * 1024
# A document record is flat; JSON nested deeper than this is not one (and the decoder recurses).
DEFAULT_MAX_JSON_DEPTH = 32
# trafilatura's cost grows with the page's elements (about 0.2 ms each); news pages have a few
# thousand, 50,000 take about 10 s.
DEFAULT_MAX_HTML_ELEMENTS = 50_000


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", DEFAULT_DB, "SQLAlchemy URL of the ledger database (SQLite file or PostgreSQL)."),
    Setting(
        "languages",
        ",".join(DEFAULT_LANGUAGES),
        "Comma-separated ISO 639-1 codes that language detection chooses among.",
    ),
    Setting("token", "", "Bearer token required by the HTTP API's write endpoints."),
    Setting("read_token", "", "When set, the HTTP API's read endpoints need this bearer token."),
    Setting("cors_origins", "", "Comma-separated origins allowed by CORS (none by default)."),
    Setting("base_url", "", "Public URL of the web pages, used in ClaimReview exports' url."),
    Setting(
        "max_document_chars",
        str(DEFAULT_MAX_DOCUMENT_CHARS),
        "Longest document text ingested, in characters; longer documents are refused.",
    ),
    Setting(
        "max_input_bytes",
        str(DEFAULT_MAX_INPUT_BYTES),
        "Most bytes read as one item (an HTML, feed or text file, a JSONL line, a WARC record), "
        "after decompression; larger items are refused.",
    ),
    Setting(
        "max_json_depth",
        str(DEFAULT_MAX_JSON_DEPTH),
        "Deepest nesting of arrays and objects accepted in a JSONL line.",
    ),
    Setting(
        "max_html_elements",
        str(DEFAULT_MAX_HTML_ELEMENTS),
        "Most elements in an HTML page (or WARC record) before it is refused as too costly.",
    ),
    Setting("dask", "", "Dask scheduler address (tcp://host:8786) ingest extracts on; none: here."),
)

_INT_SETTINGS = frozenset(
    {"max_document_chars", "max_input_bytes", "max_json_depth", "max_html_elements"}
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Validated settings, passed explicitly to whatever needs them (no global state)."""

    db: str = DEFAULT_DB
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    token: str = ""
    read_token: str = ""
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    base_url: str = ""
    max_document_chars: int = DEFAULT_MAX_DOCUMENT_CHARS
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    max_json_depth: int = DEFAULT_MAX_JSON_DEPTH
    max_html_elements: int = DEFAULT_MAX_HTML_ELEMENTS
    dask: str = ""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"CLAIMLEDGER_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _parse(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        for code in self.languages:
            if len(code) != 2 or not code.isalpha():
                raise SettingsError(
                    f"CLAIMLEDGER_LANGUAGES: {code!r} is not an ISO 639-1 code; "
                    "give two-letter codes separated by commas, e.g. 'en,ru,ar'"
                )
        for name in sorted(_INT_SETTINGS):
            if getattr(self, name) < 1:
                raise SettingsError(
                    f"CLAIMLEDGER_{name.upper()}: {getattr(self, name)} is not a positive number"
                )
        if "://" not in self.db:
            raise SettingsError(
                f"database URL {self.db!r} is not an SQLAlchemy URL; "
                "use e.g. 'sqlite:///claimledger.db' or 'postgresql+psycopg://user@host/db'"
            )


def _parse(name: str, raw: str) -> object:
    if name in {"languages", "cors_origins"}:
        return _split(raw)
    if name in _INT_SETTINGS:
        try:
            return int(raw.replace("_", "").strip())
        except ValueError:
            raise SettingsError(
                f"CLAIMLEDGER_{name.upper()}: {raw!r} is not a whole number, e.g. '200000'"
            ) from None
    return raw


def _split(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in raw.split(",") if part.strip())
