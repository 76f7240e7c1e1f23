"""The audit log: one DecisionRecord per turn, durable before the reply leaves, hash-chained per tenant.

SQLite in WAL mode with synchronous=FULL: a record is on disk when `append` returns. Each tenant's records
form a chain (seq 1, 2, ...; each stores the hash of the one before), so a deleted, reordered or edited record
is found by `verify`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio.to_thread
from pydantic import BaseModel, ConfigDict, Field

from policies.routes import Route

GENESIS_HASH = "sha256:" + "0" * 64
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


class AuditUnavailable(Exception):
    """The record could not be written durably; the turn must fail closed."""


def format_time(moment: datetime) -> str:
    """One fixed, sortable UTC format for every timestamp in the log."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class DecisionDraft(BaseModel):
    """Everything decided about a turn, before it takes its place in the tenant's chain."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    decision_id: str
    tenant: str
    bot: str
    created_at: str
    route: Route
    pre_route: Route | None = Field(default=None, description="the route the pre-policy chose, before any fault")
    bundle_version: str
    base_model: str
    adapter_id: str | None
    adapter_version: str | None
    input_hash: str
    inputs: dict[str, Any] = Field(
        default_factory=dict, description="the turn as decided: messages and facts (what a replay re-decides)"
    )
    signals: dict[str, Any] = Field(default_factory=dict)
    rules_fired: list[dict[str, str]] = Field(default_factory=list)
    disclaimers: list[str] = Field(default_factory=list)
    retrieval: dict[str, Any] | None = None
    citations: list[str] = Field(default_factory=list)
    policy_errors: list[str] = Field(default_factory=list)
    model_output: str | None = None
    candidate: str | None = Field(default=None, description="the answer the post-policy judged")
    output: str
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    handoff: dict[str, Any] | None = None
    error: str | None = None
    latencies_ms: dict[str, float] = Field(default_factory=dict)


class DecisionRecord(DecisionDraft):
    seq: int
    prev_hash: str
    hash: str


def record_filters(
    tenant: str, route: Route | None, since: datetime | None, until: datetime | None, placeholder: str = "?"
) -> tuple[str, list]:
    """The WHERE clause (and its parameters) selecting a tenant's records: `since` inclusive, `until` exclusive."""
    clauses, params = [f"tenant = {placeholder}"], [tenant]
    for clause, value in (("route =", route.value if route else None),
                          ("created_at >=", format_time(since) if since else None),
                          ("created_at <", format_time(until) if until else None)):  # fmt: skip
        if value is not None:
            clauses.append(f"{clause} {placeholder}")
            params.append(value)
    return " AND ".join(clauses), params


def canonical_json(value: dict) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(body: dict, prev_hash: str) -> str:
    """Hash of a record's content (everything but `hash`) chained to its predecessor."""
    content = {k: v for k, v in body.items() if k != "hash"} | {"prev_hash": prev_hash}
    return "sha256:" + hashlib.sha256(canonical_json(content).encode()).hexdigest()


def chained_row(draft: DecisionDraft, seq: int, prev_hash: str) -> tuple[DecisionRecord, tuple]:
    """The draft as record `seq` of its tenant's chain, and its row for the decisions table."""
    body = draft.model_dump(mode="json") | {"seq": seq}
    digest = record_hash(body, prev_hash)
    # The draft was validated when it was made; the record adds only its place in the chain.
    record = DecisionRecord.model_construct(**draft.__dict__, seq=seq, prev_hash=prev_hash, hash=digest)
    stored = canonical_json(body | {"prev_hash": prev_hash, "hash": digest})
    row = (draft.tenant, seq, draft.decision_id, draft.created_at, draft.route.value, prev_hash, digest, stored)
    return record, row


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


@dataclass(frozen=True)
class BrokenRecord:
    tenant: str
    seq: int
    decision_id: str
    reason: str


@dataclass(frozen=True)
class VerifyReport:
    records: int
    tenants: int
    first_broken: BrokenRecord | None

    @property
    def ok(self) -> bool:
        return self.first_broken is None


class ChainedAuditStore:
    """What every audit store shares: the chain walk of `verify`. Stores provide the rows."""

    def append(self, draft: DecisionDraft) -> DecisionRecord:
        raise NotImplementedError

    async def append_async(self, draft: DecisionDraft) -> DecisionRecord:
        """`append` for an event loop: the loop goes on serving while the record is written."""
        return await anyio.to_thread.run_sync(self.append, draft)

    def _rows(self) -> list[tuple]:
        """(tenant, seq, decision_id, route, created_at, prev_hash, hash, body) by tenant, then seq."""
        raise NotImplementedError

    def _chain_starts(self) -> dict[str, tuple[int, str]]:
        raise NotImplementedError

    def _checkpoint_rows(self) -> list[tuple]:
        """(tenant, seq, hash, created_at, signature, hash of that record now or None, its decision id)."""
        raise NotImplementedError

    def verify(self, public_key=None) -> VerifyReport:
        """Walk every tenant's chain; report the first record whose content, hash or link is wrong. With a public
        key, also check every signed checkpoint: valid signature, and the record it names is still there, intact."""
        starts = self._chain_starts()
        count, tenants = 0, set()
        expected_seq, expected_prev, current = 1, GENESIS_HASH, None
        for tenant, seq, decision_id, route, created_at, prev_hash, stored_hash, body_text in self._rows():
            if tenant != current:
                current = tenant
                expected_seq, expected_prev = starts.get(tenant, (1, GENESIS_HASH))
                tenants.add(tenant)
            count += 1
            reason = _check_row(seq, decision_id, route, created_at, prev_hash, stored_hash, body_text,
                                tenant, expected_seq, expected_prev)  # fmt: skip
            if reason is not None:
                return VerifyReport(count, len(tenants), BrokenRecord(tenant, seq, decision_id, reason))
            expected_seq, expected_prev = seq + 1, stored_hash
        if public_key is not None:
            broken = self._check_checkpoints(public_key, starts)
            if broken is not None:
                return VerifyReport(count, len(tenants), broken)
        return VerifyReport(count, len(tenants), None)

    def _check_checkpoints(self, public_key, starts: dict[str, tuple[int, str]]) -> BrokenRecord | None:
        from service.audit_signing import Checkpoint, signature_valid

        for tenant, seq, head_hash, created_at, signature, hash_now, decision_id in self._checkpoint_rows():
            if seq < starts.get(tenant, (1, ""))[0]:
                continue  # pruned by retention, on the record in chain_starts
            checkpoint = Checkpoint(tenant, seq, head_hash, created_at, signature)
            if not signature_valid(checkpoint, public_key):
                return BrokenRecord(tenant, seq, decision_id or "-", "checkpoint signature is not valid")
            if hash_now is None:
                return BrokenRecord(tenant, seq, "-", "checkpointed record is missing (log truncated)")
            if hash_now != head_hash:
                return BrokenRecord(tenant, seq, decision_id, "checkpointed record was rewritten")
        return None


class SQLiteAuditStore(ChainedAuditStore):
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
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
        self._db.executescript(_SCHEMA)
        self._writer_thread = threading.Thread(target=self._writer, name="audit-writer", daemon=True)
        self._writer_thread.start()

    def close(self) -> None:
        with self._queued:
            self._closed = True
            self._queued.notify_all()
        self._writer_thread.join(timeout=30)
        with self._lock:
            self._db.close()

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
            with self._lock:
                with self._queued:
                    batch, self._queue = self._queue, []
                self._write(batch)
            for waiting in batch:
                waiting.settle()

    def _write(self, batch: list[_Waiting]) -> None:
        """Commit `batch` in order as one transaction (caller holds the write lock); settle every draft."""
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
                self._db.execute("COMMIT")
                self.transactions += 1
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except Exception as exc:  # noqa: BLE001 - whatever failed, every turn in the batch must hear of it
            error = AuditUnavailable(f"audit store {self.path}: {exc}")
            for waiting in batch:
                waiting.record, waiting.error = None, error

    def query(
        self,
        tenant: str,
        route: Route | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
    ) -> list[DecisionRecord]:
        """A tenant's records, newest first. `since` is inclusive, `until` exclusive."""
        where, params = record_filters(tenant, route, since, until)
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


def _check_row(
    seq, decision_id, route, created_at, prev_hash, stored_hash, body_text, tenant, expected_seq, expected_prev
) -> str | None:
    if seq != expected_seq:
        return f"sequence gap: expected seq {expected_seq}, found {seq}"
    if prev_hash != expected_prev:
        return "prev_hash does not match the hash of the record before it"
    try:
        body = json.loads(body_text)
    except json.JSONDecodeError:
        return "record body is not valid JSON"
    columns = {
        "tenant": tenant,
        "seq": seq,
        "decision_id": decision_id,
        "route": route,
        "created_at": created_at,
        "prev_hash": prev_hash,
        "hash": stored_hash,
    }
    for name, value in columns.items():
        if body.get(name) != value:
            return f"column {name} differs from the record body"
    if record_hash(body, prev_hash) != stored_hash:
        return "record content does not match its hash"
    return None
