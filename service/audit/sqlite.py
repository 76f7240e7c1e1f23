"""The audit log in SQLite: WAL mode with synchronous=FULL, so a record is on disk when `append` returns.

Each tenant's records form a chain (seq 1, 2, ...; each stores the hash of the one before), so a deleted,
reordered or edited record is found by `verify`.

A record with a handoff is committed with its inbox item and delivery jobs (`handoff_tables`). The delivery worker's
bookkeeping (leases, outcomes, re-drives) and the inbox reads use a second connection with synchronous=NORMAL: a
crash can at worst forget that a delivery was made, and it is then made again (at-least-once), while the jobs
themselves are written with the record, synchronous=FULL.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

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
    tenant      TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    decision_id TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL,
    route       TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX IF NOT EXISTS decisions_by_time ON decisions (tenant, created_at);
CREATE TABLE IF NOT EXISTS checkpoints (
    tenant     TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    hash       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    signature  TEXT    NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE TABLE IF NOT EXISTS chain_starts (
    tenant    TEXT    PRIMARY KEY,
    seq       INTEGER NOT NULL,
    prev_hash TEXT    NOT NULL
);
"""


_JOBS_FIRST_S = 0.05  # the longest the record writer waits for a delivery transaction to go first


@dataclass
class _Waiting:
    """A draft queued for the writer, and how its writer tells it the outcome: an event for a thread that waits,
    or a future on an event loop."""

    draft: DecisionDraft
    done: threading.Event | None = None
    future: asyncio.Future | None = None
    record: DecisionRecord | None = None
    error: AuditUnavailable | None = None

    def settle(self) -> None:
        if self.done is not None:
            self.done.set()
        elif self.future is not None:
            self.future.get_loop().call_soon_threadsafe(self._resolve)

    def _resolve(self) -> None:
        if self.future.done():  # the caller gave up waiting (cancelled); the record is written regardless
            return
        if self.error is not None:
            self.future.set_exception(self.error)
        else:
            self.future.set_result(self.record)

class SQLiteAuditStore(ChainedAuditStore):
    def __init__(self, path: Path, webhooks: Mapping[str, Sequence[str]] | None = None) -> None:
        """`webhooks`: each tenant's webhook names; a handoff gets one delivery job per name."""
        self.path = Path(path)
        self._webhooks = {tenant: tuple(names) for tenant, names in (webhooks or {}).items()}
        self._wakers: list[Callable[[], None]] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # the connection's
        self._queued = threading.Condition()
        self._queue: list[_Waiting] = []
        self._closed = False
        self.transactions = 0  # committed writes (each one fsync), however many records each held
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA + tables.SCHEMA)
        self._jobs_lock = threading.Lock()
        self._jobs_idle = threading.Event()
        self._jobs_idle.set()
        self._jobs = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._jobs.execute("PRAGMA synchronous=NORMAL")
        self._jobs.execute("PRAGMA busy_timeout=10000")
        self._writer_thread = threading.Thread(target=self._writer, name="audit-writer", daemon=True)
        self._writer_thread.start()

    def close(self) -> None:
        with self._queued:
            self._closed = True
            self._queued.notify_all()
        self._writer_thread.join(timeout=30)
        with self._lock:
            self._db.close()
        with self._jobs_lock:
            self._jobs.close()

    def healthy(self) -> bool:
        try:
            with self._lock:
                self._db.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def append(self, draft: DecisionDraft) -> DecisionRecord:
        """Write the record at the head of its tenant's chain; durable on return, or AuditUnavailable."""
        waiting = _Waiting(draft, done=threading.Event())
        self._enqueue(waiting)
        waiting.done.wait()
        if waiting.error is not None:
            raise waiting.error
        return waiting.record

    async def append_async(self, draft: DecisionDraft) -> DecisionRecord:
        waiting = _Waiting(draft, future=asyncio.get_running_loop().create_future())
        self._enqueue(waiting)
        return await waiting.future

    def _enqueue(self, waiting: _Waiting) -> None:
        with self._queued:
            if self._closed:
                waiting.error = AuditUnavailable(f"audit store {self.path} is closed")
                waiting.settle()
                return
            self._queue.append(waiting)
            self._queued.notify()

    def _writer(self) -> None:
        """Group commit: every draft queued while the last transaction was being written goes into the next
        one (one fsync for all of them); each waiter hears once its own record is committed."""
        while True:
            with self._queued:
                while not self._queue and not self._closed:
                    self._queued.wait()
                if self._closed and not self._queue:
                    return
            self._jobs_idle.wait(timeout=_JOBS_FIRST_S)
            with self._lock:
                with self._queued:
                    batch, self._queue = self._queue, []
                jobs = self._write(batch)
            for waiting in batch:
                waiting.settle()
            if jobs:
                self._wake()

    def _write(self, batch: list[_Waiting]) -> int:
        """Commit `batch` in order as one transaction (caller holds the write lock); settle every draft. Returns
        how many delivery jobs it wrote."""
        jobs = 0
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                heads: dict[str, tuple[int, str]] = {}
                rows = []
                for waiting in batch:
                    tenant = waiting.draft.tenant
                    if tenant not in heads:
                        head = self._db.execute(
                            "SELECT seq, hash FROM decisions WHERE tenant = ? ORDER BY seq DESC LIMIT 1", (tenant,)
                        ).fetchone()
                        heads[tenant] = (head[0], head[1]) if head else (0, GENESIS_HASH)
                    last_seq, prev_hash = heads[tenant]
                    record, row = chained_row(waiting.draft, last_seq + 1, prev_hash)
                    heads[tenant] = (record.seq, record.hash)
                    waiting.record = record
                    rows.append(row)
                self._db.executemany("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
                for draft in (w.draft for w in batch if w.draft.handoff is not None):
                    jobs += tables.write_handoff(self._db, draft, self._webhooks.get(draft.tenant, ()))
                self._db.execute("COMMIT")
                self.transactions += 1
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except Exception as exc:  # noqa: BLE001 - whatever failed, every turn in the batch must hear of it
            error = AuditUnavailable(f"audit store {self.path}: {exc}")
            for waiting in batch:
                waiting.record, waiting.error = None, error
            return 0
        return jobs

    def _wake(self) -> None:
        for wake in list(self._wakers):
            wake()

    def watch_deliveries(self, wake: Callable[[], None]) -> None:
        self._wakers.append(wake)

    def _in_jobs_transaction(self, work: Callable[[sqlite3.Connection], object]):
        # Under the writer's lock too: the two connections then take turns here, at once, instead of meeting at
        # SQLite's file lock, whose busy handler sleeps (up to 100 ms a try) and would delay turns' records. The
        # writer lets a waiting jobs transaction (about a millisecond) go first: a busy writer would otherwise
        # take the lock back batch after batch, and deliveries would queue behind the decisions.
        self._jobs_idle.clear()
        try:
            with self._lock, self._jobs_lock:
                self._jobs.execute("BEGIN IMMEDIATE")
                try:
                    result = work(self._jobs)
                    self._jobs.execute("COMMIT")
                except BaseException:
                    self._jobs.execute("ROLLBACK")
                    raise
        finally:
            self._jobs_idle.set()
        return result

    def claim_due(
        self, now: datetime, lease_s: float, limit: int, finished: Sequence[DeliveryResult] = ()
    ) -> list[DeliveryJob]:
        at, lease_until = format_time(now), format_time(now + timedelta(seconds=lease_s))

        def work(db: sqlite3.Connection) -> list[DeliveryJob]:
            tables.record_results(db, finished, at)
            return tables.claim_due(db, at, lease_until, limit)

        return self._in_jobs_transaction(work)

    def record_results(self, results: list[DeliveryResult], now: datetime) -> None:
        if results:
            self._in_jobs_transaction(lambda db: tables.record_results(db, results, format_time(now)))

    def deliveries(
        self, tenant: str | None = None, state: DeliveryState | None = None, limit: int = 100
    ) -> list[Delivery]:
        with self._jobs_lock:
            return tables.deliveries(self._jobs, tenant, state, limit)

    def retry(self, now: datetime, tenant: str | None = None, delivery_ids: list[str] | None = None) -> int:
        count = self._in_jobs_transaction(lambda db: tables.retry(db, format_time(now), tenant, delivery_ids))
        if count:
            self._wake()
        return count

    def handoffs(
        self, tenant: str, states: tuple[HandoffState, ...] = OPEN_STATES, limit: int = 100
    ) -> list[HandoffItem]:
        with self._jobs_lock:
            return tables.handoffs(self._jobs, tenant, states, limit)

    def handoff(self, tenant: str, decision_id: str) -> HandoffItem | None:
        with self._jobs_lock:
            return tables.handoff(self._jobs, tenant, decision_id)

    def outcomes(self, tenant: str, conversation_id: str, limit: int = 5) -> list[HandoffItem]:
        with self._jobs_lock:
            return tables.outcomes(self._jobs, tenant, conversation_id, limit)

    def handed_off(self, tenant: str, decision_id: str) -> DecisionRecord | None:
        with self._jobs_lock:
            body = tables.decision_body(self._jobs, tenant, decision_id)
        return DecisionRecord.model_validate_json(body) if body else None

    def act(self, action: HumanAction, action_id: str) -> tuple[HandoffItem, DecisionRecord]:
        """On the record connection, under the writer's lock: the action's record takes the next place in the
        tenant's chain, committed (synchronous=FULL) with the item's new state."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise AuditUnavailable(f"audit store {self.path}: {exc}") from exc
            try:
                before = tables.handoff(self._db, action.tenant, action.decision_id)
                if before is None:
                    raise HandoffNotFound(action.decision_id)
                after = transition(before, action)
                head = self._db.execute(
                    "SELECT seq, hash FROM decisions WHERE tenant = ? ORDER BY seq DESC LIMIT 1", (action.tenant,)
                ).fetchone()
                last_seq, prev_hash = (head[0], head[1]) if head else (0, GENESIS_HASH)
                record, row = chained_row(human_action_draft(before, after, action, action_id), last_seq + 1, prev_hash)
                self._db.execute("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
                tables.update_item(self._db, after)
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._db.execute("ROLLBACK")
                raise AuditUnavailable(f"audit store {self.path}: {exc}") from exc
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return after, record

    def query(
        self,
        tenant: str,
        route: Route | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        tool: ToolFilter | None = None,
    ) -> list[DecisionRecord]:
        """A tenant's records, newest first. `since` is inclusive, `until` exclusive."""
        where, params = record_filters(tenant, route, since, until, tool=tool)
        sql = f"SELECT body FROM decisions WHERE {where} ORDER BY seq DESC LIMIT ?"
        with self._lock:
            rows = self._db.execute(sql, (*params, limit)).fetchall()
        return [DecisionRecord.model_validate_json(row[0]) for row in rows]

    def _rows(self) -> list[tuple]:
        with self._lock:
            return self._db.execute(
                "SELECT tenant, seq, decision_id, route, created_at, prev_hash, hash, body "
                "FROM decisions ORDER BY tenant, seq"
            ).fetchall()

    def _chain_starts(self) -> dict[str, tuple[int, str]]:
        with self._lock:
            rows = self._db.execute("SELECT tenant, seq, prev_hash FROM chain_starts").fetchall()
        return {tenant: (seq, prev) for tenant, seq, prev in rows}

    def _checkpoint_rows(self) -> list[tuple]:
        with self._lock:
            return self._db.execute(
                "SELECT c.tenant, c.seq, c.hash, c.created_at, c.signature, d.hash, d.decision_id "
                "FROM checkpoints c LEFT JOIN decisions d ON d.tenant = c.tenant AND d.seq = c.seq "
                "ORDER BY c.tenant, c.seq"
            ).fetchall()

    def heads(self) -> list[tuple[str, int, str]]:
        """Each tenant's latest (tenant, seq, hash)."""
        with self._lock:
            return self._db.execute(
                "SELECT tenant, seq, hash FROM decisions d WHERE seq = "
                "(SELECT MAX(seq) FROM decisions WHERE tenant = d.tenant) ORDER BY tenant"
            ).fetchall()

    def add_checkpoint(self, checkpoint) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?, ?, ?)",
                (checkpoint.tenant, checkpoint.seq, checkpoint.hash, checkpoint.created_at, checkpoint.signature),
            )

    def export(self, tenant: str, since: datetime | None = None, until: datetime | None = None) -> Iterator[str]:
        """The tenant's records in chain order, one canonical JSON line each."""
        where, params = record_filters(tenant, None, since, until)
        with self._lock:
            rows = self._db.execute(f"SELECT body FROM decisions WHERE {where} ORDER BY seq", params).fetchall()
        for (body,) in rows:
            yield body

    def prune(self, before: datetime) -> int:
        """Retention: delete each tenant's records older than `before`; the chain then starts at the first kept
        record, which is written down so verify still checks every link that remains."""
        cutoff = format_time(before)
        removed = 0
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                tenants = [t for (t,) in self._db.execute("SELECT DISTINCT tenant FROM decisions").fetchall()]
                for tenant in tenants:
                    first_kept = self._db.execute(
                        "SELECT seq, prev_hash FROM decisions WHERE tenant = ? AND created_at >= ? "
                        "ORDER BY seq LIMIT 1", (tenant, cutoff)).fetchone()  # fmt: skip
                    if first_kept is None:  # keep the head, so the chain goes on from it
                        first_kept = self._db.execute(
                            "SELECT seq, prev_hash FROM decisions WHERE tenant = ? ORDER BY seq DESC LIMIT 1",
                            (tenant,)).fetchone()  # fmt: skip
                    cursor = self._db.execute(
                        "DELETE FROM decisions WHERE tenant = ? AND seq < ?", (tenant, first_kept[0])
                    )
                    if cursor.rowcount:
                        removed += cursor.rowcount
                        self._db.execute("INSERT OR REPLACE INTO chain_starts VALUES (?, ?, ?)", (tenant, *first_kept))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return removed
