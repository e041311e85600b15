"""Paydemo's configuration, read from the environment (or given by the tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# The local defaults match Frontdesk's own local defaults, so `make demo` works out of the box.
# They are public: a real deployment sets its own (Frontdesk refuses the defaults in production).
DEFAULT_API_KEY = "paydemo-local-api-key"
DEFAULT_WEBHOOK_SECRET = "paydemo-local-webhook-secret"  # noqa: S105 - a public local default


@dataclass(frozen=True)
class Config:
    db_path: Path
    api_key: str = DEFAULT_API_KEY
    webhook_secret: str = DEFAULT_WEBHOOK_SECRET
    # The base URL of the hosted pages as the browser reaches them ("" = the request's own host).
    public_url: str = ""
    session_minutes: int = 30
    webhook_attempts: int = 3
    webhook_timeout_seconds: float = 5.0
    # Pauses before the second, third… delivery attempt.
    retry_delays: tuple[float, ...] = field(default=(0.2, 1.0))

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            db_path=Path(os.environ.get("PAYDEMO_DB", "var/paydemo.sqlite3")),
            api_key=os.environ.get("PAYDEMO_API_KEY", DEFAULT_API_KEY),
            webhook_secret=os.environ.get("PAYDEMO_WEBHOOK_SECRET", DEFAULT_WEBHOOK_SECRET),
            public_url=os.environ.get("PAYDEMO_PUBLIC_URL", ""),
            session_minutes=int(os.environ.get("PAYDEMO_SESSION_MINUTES", "30")),
        )
