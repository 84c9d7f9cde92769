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
DEFAULT_LANGUAGES = ("en", "ru", "ar", "fr", "de", "es", "uk", "tr", "fa", "kk")


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
    Setting("dask", "", "Dask scheduler address (tcp://host:8786) ingest extracts on; none: here."),
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
    dask: str = ""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"CLAIMLEDGER_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _split(raw) if f.name in {"languages", "cors_origins"} else raw
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
        if "://" not in self.db:
            raise SettingsError(
                f"database URL {self.db!r} is not an SQLAlchemy URL; "
                "use e.g. 'sqlite:///claimledger.db' or 'postgresql+psycopg://user@host/db'"
            )


def _split(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in raw.split(",") if part.strip())
