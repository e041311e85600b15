"""Paydemo's own SQLite database: payment sessions, the events they raised and every attempt to
deliver them. A card is stored only as its brand and last four digits."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    request_hash TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    description TEXT NOT NULL,
    reference TEXT NOT NULL,
    customer_email TEXT NOT NULL,
    success_url TEXT NOT NULL,
    cancel_url TEXT NOT NULL,
    webhook_url TEXT NOT NULL,
    form_token TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    card_brand TEXT NOT NULL DEFAULT '',
    card_last4 TEXT NOT NULL DEFAULT '',
    refund_key TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    completed_at INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER
);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL REFERENCES events(id),
    attempt INTEGER NOT NULL,
    url TEXT NOT NULL,
    status INTEGER,
    error TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
"""

# Where a session may go from each state (like the shop's own payment states).
MOVES = {"open": {"paid", "failed", "expired"}, "paid": {"refunded"}}


@dataclass(frozen=True)
class Session:
    id: str
    amount_minor: int
    currency: str
    description: str
    reference: str
    success_url: str
    cancel_url: str
    webhook_url: str
    form_token: str
    state: str
    card_brand: str
    card_last4: str
    expires_at: int
    refund_key: str | None

    def public(self) -> dict[str, Any]:
        """What the API answers about a session (no card, no form token)."""
        return {
            "id": self.id,
            "state": self.state,
            "amount_minor": self.amount_minor,
            "currency": self.currency,
            "reference": self.reference,
        }


@dataclass(frozen=True)
class Event:
    id: str
    session_id: str
    kind: str
    body: bytes


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=20, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the lock at BEGIN (no two writers race)."""
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    # --- sessions -------------------------------------------------------------------------

    def session_create(
        self, *, fields: dict[str, Any], idempotency_key: str, request_hash: str, minutes: int
    ) -> tuple[Session, bool]:
        """(session, created): the session of this idempotency key if there is one already
        (the caller checks that its request hash matches), else a new one."""
        with self.transaction() as db:
            if idempotency_key:
                row = db.execute(
                    "SELECT * FROM sessions WHERE idempotency_key = ?", [idempotency_key]
                ).fetchone()
                if row is not None:
                    if row["request_hash"] != request_hash:
                        raise IdempotencyMismatchError
                    return _session(row), False
            now = int(time.time())
            values = {
                **fields,
                "id": "ps_" + secrets.token_urlsafe(18),
                "idempotency_key": idempotency_key or None,
                "request_hash": request_hash,
                "form_token": secrets.token_urlsafe(32),
                "created_at": now,
                "expires_at": now + minutes * 60,
            }
            names = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            db.execute(f"INSERT INTO sessions ({names}) VALUES ({marks})", list(values.values()))  # noqa: S608 - names are ours
            row = db.execute("SELECT * FROM sessions WHERE id = ?", [values["id"]]).fetchone()
            return _session(row), True

    def session_get(self, session_id: str) -> Session | None:
        db = self._connect()
        try:
            row = db.execute("SELECT * FROM sessions WHERE id = ?", [session_id]).fetchone()
        finally:
            db.close()
        return None if row is None else _session(row)

    def session_move(
        self, session_id: str, *, to: str, card: tuple[str, str] = ("", ""), refund_key: str = ""
    ) -> Event | None:
        """Move the session to `to` and record the event that tells the shop; None (and nothing
        changed) when the session is not in a state that allows it, e.g. a second submit."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM sessions WHERE id = ?", [session_id]).fetchone()
            if row is None or to not in MOVES.get(row["state"], set()):
                return None
            now = int(time.time())
            db.execute(
                "UPDATE sessions SET state = ?, completed_at = ?, card_brand = ?, card_last4 = ?,"
                " refund_key = ? WHERE id = ?",
                [
                    to,
                    now,
                    card[0] or row["card_brand"],
                    card[1] or row["card_last4"],
                    refund_key or row["refund_key"],
                    session_id,
                ],
            )
            return _event_create(db, row=row, kind=to, now=now)

    # --- events and their delivery -----------------------------------------------------------

    def delivery_record(
        self, *, event_id: str, attempt: int, url: str, status: int | None, error: str
    ) -> None:
        with self.transaction() as db:
            now = int(time.time())
            db.execute(
                "INSERT INTO deliveries (event_id, attempt, url, status, error, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [event_id, attempt, url, status, error, now],
            )
            if status is not None and 200 <= status < 300:  # noqa: PLR2004
                db.execute("UPDATE events SET delivered_at = ? WHERE id = ?", [now, event_id])

    def deliveries(self, event_id: str) -> list[dict[str, Any]]:
        db = self._connect()
        try:
            rows = db.execute(
                "SELECT attempt, url, status, error FROM deliveries WHERE event_id = ?"
                " ORDER BY attempt",
                [event_id],
            ).fetchall()
        finally:
            db.close()
        return [dict(row) for row in rows]

    def events(self, session_id: str) -> list[Event]:
        db = self._connect()
        try:
            rows = db.execute(
                "SELECT * FROM events WHERE session_id = ? ORDER BY created_at, rowid", [session_id]
            ).fetchall()
        finally:
            db.close()
        return [_event(row) for row in rows]


class IdempotencyMismatchError(Exception):
    """The idempotency key was used before with a different request."""


# Events say what happened in the words the shop reads: "refunded", "failed" (a declined card)…
_KINDS = {"paid": "paid", "failed": "failed", "expired": "expired", "refunded": "refunded"}


def _event_create(db: sqlite3.Connection, *, row: sqlite3.Row, kind: str, now: int) -> Event:
    event_id = "evt_" + secrets.token_urlsafe(18)
    payload = {
        "id": event_id,
        "kind": _KINDS[kind],
        "created": now,
        "session_id": row["id"],
        "reference": row["reference"],
        "amount_minor": row["amount_minor"],
        "currency": row["currency"],
    }
    body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    db.execute(
        "INSERT INTO events (id, session_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        [event_id, row["id"], kind, body.decode("utf-8"), now],
    )
    return Event(id=event_id, session_id=row["id"], kind=kind, body=body)


def _event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"],
        session_id=row["session_id"],
        kind=row["kind"],
        body=row["payload"].encode("utf-8"),
    )


def _session(row: sqlite3.Row) -> Session:
    return Session(**{name: row[name] for name in Session.__dataclass_fields__})
