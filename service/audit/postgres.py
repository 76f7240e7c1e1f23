"""The audit log in PostgreSQL, for several replicas writing one log.

Same records, same chain, same checks as the SQLite store. Writers serialize per tenant with a transaction-scoped
advisory lock, so two replicas appending for one tenant never fork its chain; other tenants are not blocked.
A record with a handoff commits with its inbox item and delivery jobs; workers on several replicas lease due
deliveries with SKIP LOCKED, so each is posted by one of them at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta

import psycopg

from interlock.policies.routes import Route
from interlock.service.audit import handoff_tables as tables
from interlock.service.audit.handoffs import (
    OPEN_STATES,
    Delivery,
    DeliveryJob,
    DeliveryResult,
    DeliveryState,
    HandoffItem,
    HandoffNotFound,
    HandoffState,
    HumanAction,
    human_action_draft,
    transition,
)
from interlock.service.audit.record import GENESIS_HASH, DecisionDraft, DecisionRecord, chained_row, format_time
from interlock.service.audit.store import AuditUnavailable, ChainedAuditStore, ToolFilter, record_filters

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    tenant TEXT NOT NULL, seq BIGINT NOT NULL, decision_id TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,
    route TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (tenant, seq)
);
CREATE INDEX IF NOT EXISTS decisions_by_time ON decisions (tenant, created_at);
CREATE TABLE IF NOT EXISTS checkpoints (
    tenant TEXT NOT NULL, seq BIGINT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL, signature TEXT NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE TABLE IF NOT EXISTS chain_starts (tenant TEXT PRIMARY KEY, seq BIGINT NOT NULL, prev_hash TEXT NOT NULL);
"""


class PostgresAuditStore(ChainedAuditStore):
    def __init__(
        self, dsn: str, connect_timeout_s: int = 5, webhooks: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        self.dsn = dsn
        self._webhooks = {tenant: tuple(names) for tenant, names in (webhooks or {}).items()}
        self._wakers: list[Callable[[], None]] = []
        self._timeout = connect_timeout_s
        self._local = threading.local()
        try:
            with self._connection() as db, db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(0)")  # one replica creates the schema at a time
                db.execute(_SCHEMA + tables.SCHEMA)
        except psycopg.Error as exc:
            raise AuditUnavailable(f"audit store {self._where()}: {exc}") from exc

    def _where(self) -> str:
        return self.dsn.split("@")[-1]  # never the password

    def _connection(self) -> psycopg.Connection:
        db = getattr(self._local, "db", None)
        if db is None or db.closed:
            db = psycopg.connect(self.dsn, autocommit=True, connect_timeout=self._timeout)
            self._local.db = db
        return _Borrowed(db)

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()

    def healthy(self) -> bool:
        try:
            with self._connection() as db:
                db.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def append(self, draft: DecisionDraft) -> DecisionRecord:
        try:
            with self._connection() as db, db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (draft.tenant,))
                head = db.execute(
                    "SELECT seq, hash FROM decisions WHERE tenant = %s ORDER BY seq DESC LIMIT 1", (draft.tenant,)
                ).fetchone()
                seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
                record, row = chained_row(draft, seq, prev_hash)
                db.execute("INSERT INTO decisions VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", row)
                jobs = 0
                if draft.handoff is not None:
                    jobs = tables.write_handoff(_Qmark(db), draft, self._webhooks.get(draft.tenant, ()))
        except psycopg.Error as exc:
            raise AuditUnavailable(f"audit store {self._where()}: {exc}") from exc
        if jobs:
            self._wake()
        return record

    def _wake(self) -> None:
        for wake in list(self._wakers):
            wake()

    def watch_deliveries(self, wake: Callable[[], None]) -> None:
        self._wakers.append(wake)

    def _in_transaction(self, work: Callable[[_Qmark], object]):
        try:
            with self._connection() as db, db.transaction():
                return work(_Qmark(db))
        except psycopg.Error as exc:
            raise AuditUnavailable(f"audit store {self._where()}: {exc}") from exc

    def claim_due(
        self, now: datetime, lease_s: float, limit: int, finished: Sequence[DeliveryResult] = ()
    ) -> list[DeliveryJob]:
        at, lease_until = format_time(now), format_time(now + timedelta(seconds=lease_s))

        def work(db: _Qmark) -> list[DeliveryJob]:
            tables.record_results(db, finished, at)
            return tables.claim_due(db, at, lease_until, limit, for_update="FOR UPDATE SKIP LOCKED")

        return self._in_transaction(work)

    def record_results(self, results: list[DeliveryResult], now: datetime) -> None:
        if results:
            self._in_transaction(lambda db: tables.record_results(db, results, format_time(now)))

    def deliveries(
        self, tenant: str | None = None, state: DeliveryState | None = None, limit: int = 100
    ) -> list[Delivery]:
        return self._in_transaction(lambda db: tables.deliveries(db, tenant, state, limit))

    def retry(self, now: datetime, tenant: str | None = None, delivery_ids: list[str] | None = None) -> int:
        count = self._in_transaction(lambda db: tables.retry(db, format_time(now), tenant, delivery_ids))
        if count:
            self._wake()
        return count

    def handoffs(
        self, tenant: str, states: tuple[HandoffState, ...] = OPEN_STATES, limit: int = 100
    ) -> list[HandoffItem]:
        return self._in_transaction(lambda db: tables.handoffs(db, tenant, states, limit))

    def handoff(self, tenant: str, decision_id: str) -> HandoffItem | None:
        return self._in_transaction(lambda db: tables.handoff(db, tenant, decision_id))

    def outcomes(self, tenant: str, conversation_id: str, limit: int = 5) -> list[HandoffItem]:
        return self._in_transaction(lambda db: tables.outcomes(db, tenant, conversation_id, limit))

    def handed_off(self, tenant: str, decision_id: str) -> DecisionRecord | None:
        body = self._in_transaction(lambda db: tables.decision_body(db, tenant, decision_id))
        return DecisionRecord.model_validate_json(body) if body else None

    def act(self, action: HumanAction, action_id: str) -> tuple[HandoffItem, DecisionRecord]:
        def work(db: _Qmark) -> tuple[HandoffItem, DecisionRecord]:
            db.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (action.tenant,))
            before = tables.handoff(db, action.tenant, action.decision_id, for_update="FOR UPDATE")
            if before is None:
                raise HandoffNotFound(action.decision_id)
            after = transition(before, action)
            head = db.execute(
                "SELECT seq, hash FROM decisions WHERE tenant = ? ORDER BY seq DESC LIMIT 1", (action.tenant,)
            ).fetchone()
            seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
            record, row = chained_row(human_action_draft(before, after, action, action_id), seq, prev_hash)
            db.execute(f"INSERT INTO decisions VALUES ({', '.join('?' * 8)})", row)
            tables.update_item(db, after)
            return after, record

        return self._in_transaction(work)

    def _select(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._connection() as db:
            return db.execute(sql, params).fetchall()

    def query(self, tenant: str, route: Route | None = None, since: datetime | None = None,
              until: datetime | None = None, limit: int = 100,
              tool: ToolFilter | None = None) -> list[DecisionRecord]:  # fmt: skip
        where, params = record_filters(tenant, route, since, until, placeholder="%s", tool=tool, dialect="postgres")
        rows = self._select(f"SELECT body FROM decisions WHERE {where} ORDER BY seq DESC LIMIT %s", (*params, limit))
        return [DecisionRecord.model_validate_json(row[0]) for row in rows]

    def export(self, tenant: str, since: datetime | None = None, until: datetime | None = None) -> Iterator[str]:
        where, params = record_filters(tenant, None, since, until, placeholder="%s")
        rows = self._select(f"SELECT body FROM decisions WHERE {where} ORDER BY seq", tuple(params))
        for (body,) in rows:
            yield body

    def heads(self) -> list[tuple[str, int, str]]:
        return self._select("SELECT DISTINCT ON (tenant) tenant, seq, hash FROM decisions ORDER BY tenant, seq DESC")

    def add_checkpoint(self, checkpoint) -> None:
        with self._connection() as db:
            db.execute(
                "INSERT INTO checkpoints VALUES (%s, %s, %s, %s, %s) ON CONFLICT (tenant, seq) DO UPDATE SET "
                "hash = EXCLUDED.hash, created_at = EXCLUDED.created_at, signature = EXCLUDED.signature",
                (checkpoint.tenant, checkpoint.seq, checkpoint.hash, checkpoint.created_at, checkpoint.signature),
            )

    def prune(self, before: datetime) -> int:
        cutoff, removed = format_time(before), 0
        with self._connection() as db, db.transaction():
            for (tenant,) in db.execute("SELECT DISTINCT tenant FROM decisions").fetchall():
                db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (tenant,))
                first_kept = db.execute(
                    "SELECT seq, prev_hash FROM decisions WHERE tenant = %s AND created_at >= %s ORDER BY seq "
                    "LIMIT 1", (tenant, cutoff)).fetchone() or db.execute(
                    "SELECT seq, prev_hash FROM decisions WHERE tenant = %s ORDER BY seq DESC LIMIT 1", (tenant,)
                ).fetchone()  # fmt: skip
                cursor = db.execute("DELETE FROM decisions WHERE tenant = %s AND seq < %s", (tenant, first_kept[0]))
                if cursor.rowcount:
                    removed += cursor.rowcount
                    db.execute(
                        "INSERT INTO chain_starts VALUES (%s, %s, %s) ON CONFLICT (tenant) DO UPDATE SET "
                        "seq = EXCLUDED.seq, prev_hash = EXCLUDED.prev_hash", (tenant, *first_kept),
                    )  # fmt: skip
        return removed

    def _rows(self) -> list[tuple]:
        return self._select(
            "SELECT tenant, seq, decision_id, route, created_at, prev_hash, hash, body FROM decisions "
            "ORDER BY tenant, seq"
        )

    def _chain_starts(self) -> dict[str, tuple[int, str]]:
        return {tenant: (seq, prev) for tenant, seq, prev in self._select("SELECT * FROM chain_starts")}

    def _checkpoint_rows(self) -> list[tuple]:
        return self._select(
            "SELECT c.tenant, c.seq, c.hash, c.created_at, c.signature, d.hash, d.decision_id FROM checkpoints c "
            "LEFT JOIN decisions d ON d.tenant = c.tenant AND d.seq = c.seq ORDER BY c.tenant, c.seq"
        )


class _Qmark:
    """A psycopg connection that takes the `?` placeholders of the shared outbox SQL."""

    def __init__(self, db: psycopg.Connection) -> None:
        self._db = db

    def execute(self, sql: str, params: Sequence = ()) -> psycopg.Cursor:
        return self._db.execute(sql.replace("?", "%s"), params)

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> None:
        with self._db.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), rows)


class _Borrowed:
    """A thread's connection, lent for one `with` block (psycopg would close it on exit otherwise)."""

    def __init__(self, db: psycopg.Connection) -> None:
        self._db = db

    def __enter__(self) -> psycopg.Connection:
        return self._db

    def __exit__(self, *exc) -> None:
        if exc[0] is not None and isinstance(exc[1], psycopg.OperationalError):
            self._db.close()  # a broken connection is replaced on the next use
