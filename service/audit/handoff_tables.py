"""The outbox and inbox tables, in SQL both stores speak (`?` placeholders; the PostgreSQL store translates them).

Each function runs inside the caller's transaction: the caller decides what commits together.
Times are `format_time` strings, which sort as they compare; an empty lease has run out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from interlock.service.audit.handoffs import (
    CLOSED_STATES,
    Delivery,
    DeliveryJob,
    DeliveryResult,
    DeliveryState,
    HandoffItem,
    HandoffState,
    delivery_id,
    new_item,
    priority_rank,
    webhook_body,
)
from interlock.service.audit.record import DecisionDraft, canonical_json

SCHEMA = """
CREATE TABLE IF NOT EXISTS handoffs (
    decision_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, bot TEXT NOT NULL, conversation_id TEXT,
    kind TEXT NOT NULL, priority TEXT NOT NULL, priority_rank INTEGER NOT NULL, reason TEXT,
    created_at TEXT NOT NULL, state TEXT NOT NULL, claimed_by TEXT, claimed_at TEXT, closed_by TEXT, closed_at TEXT,
    note TEXT, payload TEXT NOT NULL, versions TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS handoffs_inbox ON handoffs (tenant, state, priority_rank, created_at);
CREATE INDEX IF NOT EXISTS handoffs_by_conversation ON handoffs (tenant, conversation_id, closed_at);
CREATE TABLE IF NOT EXISTS deliveries (
    delivery_id TEXT PRIMARY KEY, decision_id TEXT NOT NULL, tenant TEXT NOT NULL, webhook TEXT NOT NULL,
    state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, lease_until TEXT NOT NULL,
    last_error TEXT, created_at TEXT NOT NULL, delivered_at TEXT, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_by_tenant ON deliveries (tenant, created_at);
"""

_ITEM_COLUMNS = ("decision_id, tenant, bot, conversation_id, kind, priority, reason, created_at, state, payload, "
                 "versions, claimed_by, claimed_at, closed_by, closed_at, note")  # fmt: skip
_DELIVERY_COLUMNS = ("delivery_id, decision_id, tenant, webhook, state, attempts, next_attempt_at, last_error, "
                     "created_at, delivered_at")  # fmt: skip


class Cursor(Protocol):
    rowcount: int

    def fetchall(self) -> list[tuple]: ...

    def fetchone(self) -> tuple | None: ...


class Db(Protocol):
    """A connection inside a transaction: sqlite3 as it is, psycopg through the store's placeholder wrapper."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> object: ...


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def write_handoff(db: Db, draft: DecisionDraft, webhooks: Sequence[str]) -> int:
    """The inbox item of a handed-off decision and one delivery job per webhook; returns how many jobs."""
    item = new_item(draft)
    db.execute(
        "INSERT INTO handoffs (decision_id, tenant, bot, conversation_id, kind, priority, priority_rank, reason, "
        f"created_at, state, payload, versions) VALUES ({_marks(12)})",
        (item.decision_id, item.tenant, item.bot, item.conversation_id, item.kind, item.priority,
         priority_rank(item.priority), item.reason, item.created_at, item.state, canonical_json(item.payload),
         canonical_json(item.versions)),
    )  # fmt: skip
    body = webhook_body(draft)
    for webhook in sorted(webhooks):
        db.execute(
            f"INSERT INTO deliveries VALUES ({_marks(12)})",
            (delivery_id(draft.decision_id, webhook), draft.decision_id, draft.tenant, webhook, "pending", 0,
             draft.created_at, "", None, draft.created_at, None, body),
        )  # fmt: skip
    return len(webhooks)


def claim_due(db: Db, now: str, lease_until: str, limit: int, for_update: str = "") -> list[DeliveryJob]:
    rows = db.execute(
        "SELECT delivery_id, decision_id, tenant, webhook, attempts, body FROM deliveries "
        "WHERE state = 'pending' AND next_attempt_at <= ? AND lease_until <= ? "
        f"ORDER BY next_attempt_at, delivery_id LIMIT ? {for_update}",
        (now, now, limit),
    ).fetchall()
    if rows:
        db.execute(
            f"UPDATE deliveries SET lease_until = ? WHERE delivery_id IN ({_marks(len(rows))})",
            (lease_until, *(row[0] for row in rows)),
        )
    return [DeliveryJob(*row) for row in rows]


def record_results(db: Db, results: Sequence[DeliveryResult], now: str) -> None:
    delivered = [(now, r.delivery_id) for r in results if r.delivered]
    retried = [(r.error, r.next_attempt_at, r.delivery_id) for r in results
               if not r.delivered and r.next_attempt_at is not None]  # fmt: skip
    dead = [(r.error, r.delivery_id) for r in results if not r.delivered and r.next_attempt_at is None]
    for sql, rows in (
        ("UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL, "
         "lease_until = '' WHERE delivery_id = ? AND state = 'pending'", delivered),
        ("UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = '' "
         "WHERE delivery_id = ? AND state = 'pending'", retried),
        ("UPDATE deliveries SET state = 'dead', attempts = attempts + 1, last_error = ?, lease_until = '' "
         "WHERE delivery_id = ? AND state = 'pending'", dead),
    ):  # fmt: skip
        if rows:
            db.executemany(sql, rows)


def deliveries(db: Db, tenant: str | None, state: DeliveryState | None, limit: int) -> list[Delivery]:
    clauses, params = [], []
    for column, value in (("tenant", tenant), ("state", state)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    rows = db.execute(
        f"SELECT {_DELIVERY_COLUMNS} FROM deliveries {where}ORDER BY created_at DESC, delivery_id LIMIT ?",
        (*params, limit),
    ).fetchall()
    return [Delivery(*row) for row in rows]


def retry(db: Db, now: str, tenant: str | None, delivery_ids: Sequence[str] | None) -> int:
    """Named deliveries that are dead or still pending are due now; without names, every dead one (of a tenant)."""
    clauses, params = ["state = 'dead'"], []
    if delivery_ids:
        clauses = [f"state IN ('dead', 'pending') AND delivery_id IN ({_marks(len(delivery_ids))})"]
        params.extend(delivery_ids)
    if tenant is not None:
        clauses.append("tenant = ?")
        params.append(tenant)
    cursor = db.execute(
        f"UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_until = '' "
        f"WHERE {' AND '.join(clauses)}",
        (now, *params),
    )
    return cursor.rowcount


def _item(row: tuple) -> HandoffItem:
    values = list(row)
    values[9], values[10] = json.loads(values[9]), json.loads(values[10])
    return HandoffItem(*values)


def handoffs(db: Db, tenant: str, states: Sequence[HandoffState], limit: int) -> list[HandoffItem]:
    rows = db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM handoffs WHERE tenant = ? AND state IN ({_marks(len(states))}) "
        "ORDER BY priority_rank DESC, created_at, decision_id LIMIT ?",
        (tenant, *states, limit),
    ).fetchall()
    return [_item(row) for row in rows]


def handoff(db: Db, tenant: str, decision_id: str, for_update: str = "") -> HandoffItem | None:
    row = db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM handoffs WHERE tenant = ? AND decision_id = ? {for_update}",
        (tenant, decision_id),
    ).fetchone()
    return _item(row) if row else None


def update_item(db: Db, item: HandoffItem) -> None:
    db.execute(
        "UPDATE handoffs SET state = ?, claimed_by = ?, claimed_at = ?, closed_by = ?, closed_at = ?, note = ? "
        "WHERE decision_id = ?",
        (item.state, item.claimed_by, item.claimed_at, item.closed_by, item.closed_at, item.note, item.decision_id),
    )


def outcomes(db: Db, tenant: str, conversation_id: str, limit: int) -> list[HandoffItem]:
    rows = db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM handoffs WHERE tenant = ? AND conversation_id = ? "
        f"AND state IN ({_marks(len(CLOSED_STATES))}) ORDER BY closed_at DESC, decision_id DESC LIMIT ?",
        (tenant, conversation_id, *CLOSED_STATES, limit),
    ).fetchall()
    return [_item(row) for row in reversed(rows)]


def decision_body(db: Db, tenant: str, decision_id: str) -> str | None:
    sql = "SELECT body FROM decisions WHERE tenant = ? AND decision_id = ?"
    row = db.execute(sql, (tenant, decision_id)).fetchone()
    return row[0] if row else None
