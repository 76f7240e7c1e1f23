"""The console's read side of the audit log: filtered, keyset-paged lists, trends and bounded chain verification.

The decisions table is the record; nothing here writes to it. What the console filters and aggregates on is kept
in a derived index (facets per record, rule and tool tags, hourly roll-ups, first-seen versions) that is caught up
from the chain on each read (`refresh`): new records only, checked against the indexed head so a replaced log is
re-indexed from scratch. SQLite keeps the index in its own file beside the log (`audit.db` -> `audit.console.db`),
so the audit writer never waits on it; PostgreSQL keeps it in `console_*` tables of the same database.

Lists are ordered by (created_at, seq), newest first, and paged by keyset: a cursor names the last row shown, so a
page costs the same at record 10 and at record 1,000,000. Latency percentiles come from per-hour histograms with
buckets 2^(1/4) apart (each value is reported as its bucket's upper edge: within 19% above the true value).
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from interlock.service.audit.record import GENESIS_HASH, DecisionRecord, check_row, format_time

BATCH = 5000  # records indexed per transaction
READ_CATCH_UP = BATCH  # at most this many records indexed by one read; a backlog is caught up in the background
LATENCY_FLOOR_MS = 0.01

_INDEX_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS console_state (
        tenant TEXT PRIMARY KEY, indexed_seq BIGINT NOT NULL, indexed_hash TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS console_facets (
        tenant TEXT NOT NULL, seq BIGINT NOT NULL, created_at TEXT NOT NULL, decision_id TEXT NOT NULL,
        bot TEXT NOT NULL, route TEXT NOT NULL, bundle_version TEXT NOT NULL, adapter_version TEXT,
        handoff_reason TEXT, PRIMARY KEY (tenant, seq))""",
    "CREATE INDEX IF NOT EXISTS console_facets_time ON console_facets (tenant, created_at, seq)",
    "CREATE INDEX IF NOT EXISTS console_facets_decision ON console_facets (decision_id)",
    "CREATE INDEX IF NOT EXISTS console_facets_bot ON console_facets (tenant, bot, created_at, seq)",
    "CREATE INDEX IF NOT EXISTS console_facets_route ON console_facets (tenant, route, created_at, seq)",
    "CREATE INDEX IF NOT EXISTS console_facets_reason ON console_facets (tenant, handoff_reason, created_at, seq)",
    "CREATE INDEX IF NOT EXISTS console_facets_bundle ON console_facets (tenant, bundle_version, created_at, seq)",
    "CREATE INDEX IF NOT EXISTS console_facets_adapter ON console_facets (tenant, adapter_version, created_at, seq)",
    """CREATE TABLE IF NOT EXISTS console_tags (
        tenant TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, created_at TEXT NOT NULL, seq BIGINT NOT NULL,
        PRIMARY KEY (tenant, kind, value, created_at, seq))""",
    """CREATE TABLE IF NOT EXISTS console_routes (
        tenant TEXT NOT NULL, bot TEXT NOT NULL, hour TEXT NOT NULL, route TEXT NOT NULL, n BIGINT NOT NULL,
        PRIMARY KEY (tenant, hour, bot, route))""",
    """CREATE TABLE IF NOT EXISTS console_rules (
        tenant TEXT NOT NULL, bot TEXT NOT NULL, hour TEXT NOT NULL, rule_id TEXT NOT NULL, stage TEXT NOT NULL,
        action TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (tenant, hour, bot, rule_id, stage, action))""",
    """CREATE TABLE IF NOT EXISTS console_latency (
        tenant TEXT NOT NULL, bot TEXT NOT NULL, hour TEXT NOT NULL, stage TEXT NOT NULL, bucket INTEGER NOT NULL,
        n BIGINT NOT NULL, PRIMARY KEY (tenant, hour, bot, stage, bucket))""",
    """CREATE TABLE IF NOT EXISTS console_versions (
        tenant TEXT NOT NULL, bot TEXT NOT NULL, kind TEXT NOT NULL, version TEXT NOT NULL, first_at TEXT NOT NULL,
        first_seq BIGINT NOT NULL, PRIMARY KEY (tenant, bot, kind, version))""",
    """CREATE TABLE IF NOT EXISTS console_verified (
        tenant TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL, checked_at TEXT NOT NULL,
        broken_seq BIGINT, broken_reason TEXT)""",
]
_INDEX_TABLES = ("console_facets", "console_tags", "console_routes", "console_rules", "console_latency",
                 "console_versions", "console_state")  # fmt: skip
_UPSERT_SUM = "ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + excluded.n"


@dataclass(frozen=True)
class DecisionFilter:
    """What the console's decision list is narrowed to; every field but `tenant` is optional."""

    tenant: str
    bot: str | None = None
    route: str | None = None
    rule_id: str | None = None
    handoff_reason: str | None = None
    tool_name: str | None = None
    bundle_version: str | None = None
    adapter_version: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    decision_id: str | None = None


@dataclass(frozen=True)
class Page:
    records: list[DecisionRecord]
    next_cursor: str | None  # None on the last page


class BadCursor(ValueError):
    """A page cursor that this index did not hand out."""


@dataclass(frozen=True)
class CheckpointRow:
    seq: int
    hash: str
    created_at: str
    signature: str
    hash_now: str | None  # the hash of that record in the log now (None: it is gone)


@dataclass(frozen=True)
class Verification:
    """How far a tenant's chain has been verified, link by link, from its start."""

    tenant: str
    verified_seq: int  # every record up to this one verified (0: none yet)
    head_seq: int
    checked_at: str | None
    broken_seq: int | None = None
    broken_reason: str | None = None

    @property
    def complete(self) -> bool:
        return self.broken_seq is not None or self.verified_seq >= self.head_seq


@dataclass(frozen=True)
class ChainPlace:
    """One record's place in its chain: its own link checked, and whether verification has reached it."""

    seq: int
    head_seq: int
    link_ok: bool
    link_problem: str | None
    verification: Verification

    @property
    def verified_up_to_it(self) -> bool:
        v = self.verification
        return v.verified_seq >= self.seq and (v.broken_seq is None or v.broken_seq > self.seq)


@dataclass(frozen=True)
class VersionChange:
    bot: str
    kind: str  # "bundle" or "adapter"
    version: str
    first_at: str


@dataclass
class Trends:
    """Counts per time bucket ("YYYY-MM-DD" or "YYYY-MM-DDTHH"), per bot and route, and what they add up to."""

    buckets: list[str]
    routes: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # bot -> bucket -> route -> n
    post_blocks: dict[str, dict[str, int]] = field(default_factory=dict)  # bot -> bucket -> n
    top_rules: list[tuple[str, str, str, int]] = field(default_factory=list)  # rule id, stage, action, n
    latency: dict[str, dict[str, float]] = field(default_factory=dict)  # stage -> {p50, p95, p99, n}
    versions: list[VersionChange] = field(default_factory=list)


class DecisionQueries(Protocol):
    """The console's reads of the audit log (SQLite and PostgreSQL alike)."""

    def refresh(self, tenant: str, limit: int | None = None) -> int: ...

    def lag(self, tenant: str) -> int: ...

    def page(self, filters: DecisionFilter, cursor: str | None = None, limit: int = 50) -> Page: ...

    def record(self, decision_id: str) -> DecisionRecord | None: ...

    def chain_place(self, record: DecisionRecord) -> ChainPlace: ...

    def trends(self, tenant: str, since: datetime, until: datetime, bot: str | None = None) -> Trends: ...

    def choices(self, tenant: str) -> dict[str, list[str]]: ...

    def checkpoints(self, tenant: str) -> list[CheckpointRow]: ...

    def verification(self, tenant: str) -> Verification: ...

    def verify_step(self, tenant: str, budget: int, now: datetime, restart: bool = False) -> Verification: ...

    def close(self) -> None: ...


def latency_bucket(ms: float) -> int:
    """The histogram bucket of a latency: bucket b holds values up to LATENCY_FLOOR_MS * 2^(b/4)."""
    if ms <= LATENCY_FLOOR_MS:
        return 0
    return math.ceil(4 * math.log2(ms / LATENCY_FLOOR_MS) - 1e-9)


def bucket_edge(bucket: int) -> float:
    return LATENCY_FLOOR_MS * 2 ** (bucket / 4)


def percentile(histogram: dict[int, int], q: float) -> float:
    """The q-quantile (0..1) of a histogram, as the upper edge of the bucket it falls in."""
    total = sum(histogram.values())
    rank, seen = max(1, math.ceil(q * total)), 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= rank:
            return bucket_edge(bucket)
    return 0.0


def encode_cursor(created_at: str, seq: int) -> str:
    return f"{created_at}~{seq}"


def decode_cursor(cursor: str) -> tuple[str, int]:
    created_at, _, seq = cursor.partition("~")
    if not created_at or not seq.isdigit():
        raise BadCursor(f"not a page cursor: {cursor!r}")
    return created_at, int(seq)


@dataclass
class _Rows:
    """What one batch of records adds to the index."""

    facets: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    routes: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    latency: Counter = field(default_factory=Counter)
    versions: dict[tuple, tuple] = field(default_factory=dict)


def index_rows(tenant: str, records: list[tuple[int, str]]) -> _Rows:
    """The index rows of (seq, body) records of one tenant, in chain order. Pure."""
    out = _Rows()
    for seq, body_text in records:
        body = json.loads(body_text)
        created_at, bot, route = body["created_at"], body["bot"], body["route"]
        handoff = body.get("handoff") or {}
        out.facets.append((tenant, seq, created_at, body["decision_id"], bot, route, body["bundle_version"],
                           body.get("adapter_version"), handoff.get("reason")))  # fmt: skip
        hour = created_at[:13]
        out.routes[(tenant, bot, hour, route)] += 1
        for rule in body.get("rules_fired") or []:
            out.tags.append((tenant, "rule", rule["id"], created_at, seq))
            out.rules[(tenant, bot, hour, rule["id"], rule.get("stage", ""), rule.get("action", ""))] += 1
        tools = sorted({call["name"] for call in body.get("tool_calls") or [] if isinstance(call.get("name"), str)})
        out.tags.extend((tenant, "tool", name, created_at, seq) for name in tools)
        for stage, ms in sorted((body.get("latencies_ms") or {}).items()):
            out.latency[(tenant, bot, hour, stage, latency_bucket(float(ms)))] += 1
        for kind, version in (("bundle", body["bundle_version"]), ("adapter", body.get("adapter_version"))):
            if version and (bot, kind, version) not in out.versions:
                out.versions[(bot, kind, version)] = (tenant, bot, kind, version, created_at, seq)
    return out


class _Db(Protocol):
    """Where the index lives and the log is read: `?` placeholders, translated by the implementation."""

    def audit(self, sql: str, params: tuple = ()) -> list[tuple]: ...

    def index(self, sql: str, params: tuple = ()) -> list[tuple]: ...

    def writing(self, tenant: str) -> Any: ...  # a context manager: an `execute(sql, params)` / `many` in one txn

    def close(self) -> None: ...


class SqlDecisionQueries:
    """`DecisionQueries` over a `_Db`: the same SQL for SQLite and PostgreSQL."""

    def __init__(self, db: _Db, public_key=None) -> None:
        self._db = db
        self._public_key = public_key

    def close(self) -> None:
        self._db.close()

    # -- the derived index -------------------------------------------------------------------------------------

    def refresh(self, tenant: str, limit: int | None = None) -> int:
        """Index the tenant's records written since the last refresh (at most about `limit` of them); the number
        indexed."""
        done = 0
        while limit is None or done < limit:
            with self._db.writing(tenant) as tx:
                state = tx.one("SELECT indexed_seq, indexed_hash FROM console_state WHERE tenant = ?", (tenant,))
                last_seq, last_hash = state if state else (0, GENESIS_HASH)
                if last_seq and self._audit_hash(tenant, last_seq) not in (last_hash, None):
                    for table in _INDEX_TABLES:  # the log was replaced under the index: start again
                        tx.execute(f"DELETE FROM {table} WHERE tenant = ?", (tenant,))
                    last_seq = 0
                rows = self._db.audit(
                    "SELECT seq, hash, body FROM decisions WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?",
                    (tenant, last_seq, BATCH),
                )
                if not rows:
                    return done
                self._write_index(tx, tenant, index_rows(tenant, [(seq, body) for seq, _, body in rows]))
                tx.execute(
                    "INSERT INTO console_state VALUES (?, ?, ?) ON CONFLICT (tenant) DO UPDATE SET "
                    "indexed_seq = excluded.indexed_seq, indexed_hash = excluded.indexed_hash",
                    (tenant, rows[-1][0], rows[-1][1]),
                )
                done += len(rows)
            if len(rows) < BATCH:
                return done
        return done

    def lag(self, tenant: str) -> int:
        """How many of the tenant's records the index has not caught up with yet."""
        state = self._db.index("SELECT indexed_seq FROM console_state WHERE tenant = ?", (tenant,))
        return max(0, self._head(tenant) - (int(state[0][0]) if state else 0))

    def _audit_hash(self, tenant: str, seq: int) -> str | None:
        row = self._db.audit("SELECT hash FROM decisions WHERE tenant = ? AND seq = ?", (tenant, seq))
        if row:
            return row[0][0]
        head = self._db.audit("SELECT MAX(seq) FROM decisions WHERE tenant = ?", (tenant,))
        # Gone by retention (the head is never pruned) is fine; a log whose head is behind the index is not.
        return None if head and head[0][0] is not None and head[0][0] > seq else "missing"

    @staticmethod
    def _write_index(tx, tenant: str, rows: _Rows) -> None:
        tx.many("INSERT INTO console_facets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows.facets)
        tx.many("INSERT INTO console_tags VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows.tags)
        for table, key, counts in (
            ("console_routes", "tenant, hour, bot, route", rows.routes),
            ("console_rules", "tenant, hour, bot, rule_id, stage, action", rows.rules),
            ("console_latency", "tenant, hour, bot, stage, bucket", rows.latency),
        ):
            if table == "console_routes":
                values = [(t, b, h, r, n) for (t, b, h, r), n in sorted(counts.items())]
            elif table == "console_rules":
                values = [(t, b, h, i, s, a, n) for (t, b, h, i, s, a), n in sorted(counts.items())]
            else:
                values = [(t, b, h, s, k, n) for (t, b, h, s, k), n in sorted(counts.items())]
            if not values:
                continue
            marks = ", ".join("?" * len(values[0]))
            tx.many(f"INSERT INTO {table} VALUES ({marks}) " + _UPSERT_SUM.format(key=key, table=table), values)
        tx.many("INSERT INTO console_versions VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                sorted(rows.versions.values()))  # fmt: skip

    # -- lists and records ------------------------------------------------------------------------------------

    def page(self, filters: DecisionFilter, cursor: str | None = None, limit: int = 50) -> Page:
        """One page of the tenant's records matching `filters`, newest first, after `cursor`."""
        self.refresh(filters.tenant, READ_CATCH_UP)
        # A rule or tool filter drives the query from its tags (a rare rule stays fast); the rest from the facets.
        source = "console_facets f"
        where, params = ["f.tenant = ?"], [filters.tenant]
        order_table, tool = "f", filters.tool_name
        driving = ("rule", filters.rule_id) if filters.rule_id is not None else ("tool", tool) if tool else None
        if driving is not None:
            source = "console_tags t JOIN console_facets f ON f.tenant = t.tenant AND f.seq = t.seq"
            where = ["t.tenant = ?", "t.kind = ?", "t.value = ?"]
            params = [filters.tenant, *driving]
            order_table = "t"
            tool = tool if driving[0] == "rule" else None
        for column, value in (("bot", filters.bot), ("route", filters.route),
                              ("handoff_reason", filters.handoff_reason), ("bundle_version", filters.bundle_version),
                              ("adapter_version", filters.adapter_version),
                              ("decision_id", filters.decision_id)):  # fmt: skip
            if value is not None:
                where.append(f"f.{column} = ?")
                params.append(value)
        if filters.since is not None:
            where.append(f"{order_table}.created_at >= ?")
            params.append(format_time(filters.since))
        if filters.until is not None:
            where.append(f"{order_table}.created_at < ?")
            params.append(format_time(filters.until))
        if tool is not None:
            where.append("EXISTS (SELECT 1 FROM console_tags g WHERE g.tenant = f.tenant AND g.kind = 'tool' "
                         "AND g.value = ? AND g.created_at = f.created_at AND g.seq = f.seq)")  # fmt: skip
            params.append(filters.tool_name)
        if cursor is not None:
            created_at, seq = decode_cursor(cursor)
            where.append(f"({order_table}.created_at, {order_table}.seq) < (?, ?)")
            params.extend([created_at, seq])
        # A decision id names one record: looked up by its own index, not walked to in time order.
        order = "" if filters.decision_id else f"ORDER BY {order_table}.created_at DESC, {order_table}.seq DESC "
        sql = f"SELECT f.seq, f.created_at FROM {source} WHERE {' AND '.join(where)} {order}LIMIT ?"
        found = self._db.index(sql, (*params, limit + 1))
        shown = found[:limit]
        records = self._bodies(filters.tenant, [seq for seq, _ in shown])
        next_cursor = encode_cursor(shown[-1][1], shown[-1][0]) if len(found) > limit else None
        return Page(records, next_cursor)

    def _bodies(self, tenant: str, seqs: list[int]) -> list[DecisionRecord]:
        if not seqs:
            return []
        marks = ", ".join("?" * len(seqs))
        rows = self._db.audit(f"SELECT seq, body FROM decisions WHERE tenant = ? AND seq IN ({marks})", (tenant, *seqs))
        by_seq = {seq: body for seq, body in rows}
        return [DecisionRecord.model_validate_json(by_seq[seq]) for seq in seqs if seq in by_seq]

    def record(self, decision_id: str) -> DecisionRecord | None:
        rows = self._db.audit("SELECT body FROM decisions WHERE decision_id = ?", (decision_id,))
        return DecisionRecord.model_validate_json(rows[0][0]) if rows else None

    def choices(self, tenant: str) -> dict[str, list[str]]:
        """The values the list's filters can take (bots, versions, rules, reasons, tools) for this tenant."""
        self.refresh(tenant, READ_CATCH_UP)
        versions = self._db.index(
            "SELECT kind, version, bot FROM console_versions WHERE tenant = ? ORDER BY first_at", (tenant,)
        )
        tags = self._db.index(
            "SELECT DISTINCT rule_id FROM console_rules WHERE tenant = ? ORDER BY rule_id", (tenant,)
        )
        bots = sorted({bot for _, _, bot in versions})
        return {
            "bot": bots,
            "bundle_version": list(dict.fromkeys(v for kind, v, _ in versions if kind == "bundle")),
            "adapter_version": list(dict.fromkeys(v for kind, v, _ in versions if kind == "adapter")),
            "rule_id": [rule for (rule,) in tags],
        }

    # -- trends -----------------------------------------------------------------------------------------------

    def trends(self, tenant: str, since: datetime, until: datetime, bot: str | None = None) -> Trends:
        """Route mix, post-stage blocks, top rules, latency percentiles and version changes in [since, until),
        by day (or by hour for ranges of two days or less). Hour roll-ups: the range is taken to whole hours."""
        self.refresh(tenant, READ_CATCH_UP)
        hourly = (until - since).total_seconds() <= 2 * 86400
        width = 13 if hourly else 10
        low, high = format_time(since)[:13], format_time(until)[:13]
        where, params = "tenant = ? AND hour >= ? AND hour < ?", [tenant, low, high]
        if format_time(until)[13:] != ":00:00.000000Z":
            where, params = "tenant = ? AND hour >= ? AND hour <= ?", [tenant, low, high]
        if bot is not None:
            where += " AND bot = ?"
            params.append(bot)
        trends = Trends(buckets=[])
        routes = self._db.index(
            f"SELECT bot, substr(hour, 1, {width}), route, SUM(n) FROM console_routes WHERE {where} "
            "GROUP BY bot, substr(hour, 1, " + str(width) + "), route", tuple(params))  # fmt: skip
        buckets = set()
        for name, bucket, route, n in routes:
            trends.routes.setdefault(name, {}).setdefault(bucket, {})[route] = int(n)
            buckets.add(bucket)
        step = timedelta(hours=1) if hourly else timedelta(days=1)
        moment, every = since, set()
        while moment < until:  # every bucket of the range, so the time axis is the range asked for
            every.add(format_time(moment)[:width])
            moment += step
        trends.buckets = sorted(buckets | every)
        blocks = self._db.index(
            f"SELECT bot, substr(hour, 1, {width}), SUM(n) FROM console_rules WHERE {where} AND stage = 'post' "
            f"AND action = 'block_output' GROUP BY bot, substr(hour, 1, {width})", tuple(params))  # fmt: skip
        for name, bucket, n in blocks:
            trends.post_blocks.setdefault(name, {})[bucket] = int(n)
        top = self._db.index(
            f"SELECT rule_id, stage, action, SUM(n) FROM console_rules WHERE {where} "
            "GROUP BY rule_id, stage, action ORDER BY SUM(n) DESC, rule_id LIMIT 12", tuple(params))  # fmt: skip
        trends.top_rules = [(rule, stage, action, int(n)) for rule, stage, action, n in top]
        histograms: dict[str, dict[int, int]] = {}
        for stage, bucket, n in self._db.index(
            f"SELECT stage, bucket, SUM(n) FROM console_latency WHERE {where} GROUP BY stage, bucket", tuple(params)
        ):
            histograms.setdefault(stage, {})[int(bucket)] = int(n)
        for stage, histogram in sorted(histograms.items()):
            trends.latency[stage] = {"p50": percentile(histogram, 0.5), "p95": percentile(histogram, 0.95),
                                     "p99": percentile(histogram, 0.99), "n": sum(histogram.values())}  # fmt: skip
        version_where = "tenant = ? AND first_at >= ? AND first_at < ?"
        version_params = [tenant, format_time(since), format_time(until)]
        if bot is not None:
            version_where += " AND bot = ?"
            version_params.append(bot)
        trends.versions = [
            VersionChange(name, kind, version, first_at)
            for name, kind, version, first_at in self._db.index(
                f"SELECT bot, kind, version, first_at FROM console_versions WHERE {version_where} "
                "ORDER BY first_at, bot, kind", tuple(version_params))  # fmt: skip
        ]
        return trends

    # -- the chain --------------------------------------------------------------------------------------------

    def checkpoints(self, tenant: str) -> list[CheckpointRow]:
        rows = self._db.audit(
            "SELECT c.seq, c.hash, c.created_at, c.signature, d.hash FROM checkpoints c LEFT JOIN decisions d "
            "ON d.tenant = c.tenant AND d.seq = c.seq WHERE c.tenant = ? ORDER BY c.seq DESC", (tenant,))  # fmt: skip
        return [CheckpointRow(*row) for row in rows]

    def _head(self, tenant: str) -> int:
        rows = self._db.audit("SELECT MAX(seq) FROM decisions WHERE tenant = ?", (tenant,))
        return int(rows[0][0] or 0)

    def _start(self, tenant: str) -> tuple[int, str]:
        rows = self._db.audit("SELECT seq, prev_hash FROM chain_starts WHERE tenant = ?", (tenant,))
        return (int(rows[0][0]), rows[0][1]) if rows else (1, GENESIS_HASH)

    def verification(self, tenant: str) -> Verification:
        rows = self._db.index(
            "SELECT seq, checked_at, broken_seq, broken_reason FROM console_verified WHERE tenant = ?", (tenant,)
        )
        head = self._head(tenant)
        if not rows:
            return Verification(tenant, 0, head, None)
        seq, checked_at, broken_seq, broken_reason = rows[0]
        return Verification(tenant, int(seq), head, checked_at, broken_seq, broken_reason)

    def verify_step(self, tenant: str, budget: int, now: datetime, restart: bool = False) -> Verification:
        """Verify at most `budget` more links of the tenant's chain, from where the last step stopped (or from its
        start), and remember how far it got. A broken link stops verification there until a restart."""
        with self._db.writing("verify:" + tenant) as tx:
            row = tx.one("SELECT seq, hash, broken_seq FROM console_verified WHERE tenant = ?", (tenant,))
            start_seq, start_prev = self._start(tenant)
            if row is None or restart or int(row[0]) < start_seq - 1:
                seq, prev = start_seq - 1, start_prev
            elif row[2] is not None:
                return self.verification(tenant)
            else:
                seq, prev = int(row[0]), row[1]
            rows = self._db.audit(
                "SELECT tenant, seq, decision_id, route, created_at, prev_hash, hash, body FROM decisions "
                "WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?", (tenant, seq, budget))  # fmt: skip
            broken = None
            for tenant_, row_seq, decision_id, route, created_at, prev_hash, stored_hash, body in rows:
                reason = check_row(row_seq, decision_id, route, created_at, prev_hash, stored_hash, body,
                                   tenant_, seq + 1, prev)  # fmt: skip
                if reason is not None:
                    broken = (int(row_seq), reason)
                    break
                seq, prev = int(row_seq), stored_hash
            tx.execute(
                "INSERT INTO console_verified VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant) DO UPDATE SET "
                "seq = excluded.seq, hash = excluded.hash, checked_at = excluded.checked_at, "
                "broken_seq = excluded.broken_seq, broken_reason = excluded.broken_reason",
                (tenant, seq, prev, format_time(now), *(broken or (None, None))),
            )
        return self.verification(tenant)

    def chain_place(self, record: DecisionRecord) -> ChainPlace:
        """The record's own link (content, hash, and that the record before it carries its prev_hash), and how
        far verification of the whole chain has come. Two row reads: bounded, however long the chain."""
        rows = self._db.audit(
            "SELECT tenant, seq, decision_id, route, created_at, prev_hash, hash, body FROM decisions "
            "WHERE tenant = ? AND seq = ?", (record.tenant, record.seq))  # fmt: skip
        before = self._db.audit("SELECT hash FROM decisions WHERE tenant = ? AND seq = ?",
                                (record.tenant, record.seq - 1))  # fmt: skip
        start_seq, start_prev = self._start(record.tenant)
        expected_prev = before[0][0] if before else (start_prev if record.seq == start_seq else None)
        problem = None
        if not rows:
            problem = "the record is no longer in the log"
        elif expected_prev is None:
            problem = "the record before it is missing"
        else:
            tenant, seq, decision_id, route, created_at, prev_hash, stored_hash, body = rows[0]
            problem = check_row(seq, decision_id, route, created_at, prev_hash, stored_hash, body, tenant, seq,
                                expected_prev)  # fmt: skip
        return ChainPlace(record.seq, self._head(record.tenant), problem is None, problem,
                          self.verification(record.tenant))  # fmt: skip

    @property
    def public_key(self):
        return self._public_key


class _Tx:
    def __init__(self, execute: Callable, many: Callable) -> None:
        self.execute, self.many = execute, many

    def one(self, sql: str, params: tuple = ()) -> tuple | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None


class SQLiteDb:
    """The log read through its own read-only connection per thread; the index in a file of its own."""

    def __init__(self, audit_path: Path, index_path: Path | None = None) -> None:
        self.audit_path = Path(audit_path)
        self.index_path = Path(index_path) if index_path else self.audit_path.with_suffix(".console.db")
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._opened: list[sqlite3.Connection] = []
        self._opened_lock = threading.Lock()
        db = self._index_db()
        for statement in _INDEX_SCHEMA:
            db.execute(statement)

    def _connect(self, path: Path, uri: bool) -> sqlite3.Connection:
        db = sqlite3.connect(str(path) if not uri else f"file:{path}?mode=ro", uri=uri, isolation_level=None,
                             check_same_thread=False)  # fmt: skip
        db.execute("PRAGMA busy_timeout=5000")
        with self._opened_lock:
            self._opened.append(db)
        return db

    def _audit_db(self) -> sqlite3.Connection:
        db = getattr(self._local, "audit", None)
        if db is None:
            db = self._local.audit = self._connect(self.audit_path, uri=True)
        return db

    def _index_db(self) -> sqlite3.Connection:
        db = getattr(self._local, "index", None)
        if db is None:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            db = self._local.index = self._connect(self.index_path, uri=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # derived data: rebuilt from the log if lost
        return db

    def audit(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._audit_db().execute(sql, params).fetchall()

    def index(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._index_db().execute(sql, params).fetchall()

    @contextmanager
    def writing(self, tenant: str) -> Iterator[_Tx]:
        db = self._index_db()
        with self._write_lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield _Tx(lambda sql, p=(): db.execute(sql, p).fetchall(),
                          lambda sql, rows: db.executemany(sql, rows) if rows else None)  # fmt: skip
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for db in opened:
            db.close()
        self._local = threading.local()


class PostgresDb:
    """Log and index in one PostgreSQL database; writers of one tenant's index take an advisory lock."""

    def __init__(self, dsn: str, connect_timeout_s: int = 5) -> None:
        import psycopg  # only where PostgreSQL is used

        self._psycopg = psycopg
        self.dsn = dsn
        self._timeout = connect_timeout_s
        self._local = threading.local()
        self._opened: list = []
        self._opened_lock = threading.Lock()
        db = self._db()
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(1)")
            for statement in _INDEX_SCHEMA:
                db.execute(statement)

    def _db(self):
        db = getattr(self._local, "db", None)
        if db is None or db.closed:
            db = self._psycopg.connect(self.dsn, autocommit=True, connect_timeout=self._timeout)
            self._local.db = db
            with self._opened_lock:
                self._opened.append(db)
        return db

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def audit(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._db().execute(self._sql(sql), params).fetchall()

    index = audit

    @contextmanager
    def writing(self, tenant: str) -> Iterator[_Tx]:
        db = self._db()
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ("console:" + tenant,))

            def execute(sql: str, params: tuple = ()) -> list[tuple]:
                cursor = db.execute(self._sql(sql), params)
                return cursor.fetchall() if cursor.description else []

            def many(sql: str, rows: list[tuple]) -> None:
                if rows:
                    with db.cursor() as cursor:
                        cursor.executemany(self._sql(sql), rows)

            yield _Tx(execute, many)

    def close(self) -> None:
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for db in opened:
            db.close()
        self._local = threading.local()


def open_queries(audit_path: Path, dsn: str | None = None, public_key=None) -> SqlDecisionQueries:
    """The console's queries over the deployment's log: PostgreSQL when a DSN is given, SQLite otherwise."""
    db = PostgresDb(dsn) if dsn else SQLiteDb(audit_path)
    return SqlDecisionQueries(db, public_key)
