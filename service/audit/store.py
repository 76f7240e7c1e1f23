"""What every audit store is (the `AuditStore` seam) and what they share: the failure, the filters, the chain walk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import anyio.to_thread

from interlock.policies.routes import Route
from interlock.service.audit.record import (
    GENESIS_HASH,
    DecisionDraft,
    DecisionRecord,
    check_row,
    format_time,
)
from interlock.service.audit.signing import Checkpoint, signature_valid


class AuditUnavailable(Exception):
    """The record could not be written durably; the turn must fail closed."""


@dataclass(frozen=True)
class ToolFilter:
    """Records with a proposed call of this tool (and, when given, with this decision)."""

    name: str
    decision: str | None = None


# A record's proposed calls, one row each, in each store's SQL: the table expression and the name and decision of
# a call in it (`{p}` is the store's placeholder).
TOOL_CALL_SQL = {
    "sqlite": ("json_each(body, '$.tool_calls') AS c", "json_extract(c.value, '$.name')",
               "json_extract(c.value, '$.decision')"),
    "postgres": ("jsonb_array_elements(CAST(body AS jsonb) -> 'tool_calls') AS c", "c ->> 'name'",
                 "c ->> 'decision'"),
}  # fmt: skip


def record_filters(
    tenant: str,
    route: Route | None,
    since: datetime | None,
    until: datetime | None,
    placeholder: str = "?",
    tool: ToolFilter | None = None,
    dialect: str = "sqlite",
) -> tuple[str, list]:
    """The WHERE clause (and its parameters) selecting a tenant's records: `since` inclusive, `until` exclusive."""
    clauses, params = [f"tenant = {placeholder}"], [tenant]
    for clause, value in (("route =", route.value if route else None),
                          ("created_at >=", format_time(since) if since else None),
                          ("created_at <", format_time(until) if until else None)):  # fmt: skip
        if value is not None:
            clauses.append(f"{clause} {placeholder}")
            params.append(value)
    if tool is not None:
        table, name, decision = TOOL_CALL_SQL[dialect]
        condition = f"{name} = {placeholder}" + (f" AND {decision} = {placeholder}" if tool.decision else "")
        clauses.append(f"EXISTS (SELECT 1 FROM {table} WHERE {condition})")
        params += [tool.name, *([tool.decision] if tool.decision else [])]
    return " AND ".join(clauses), params


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

class AuditStore(Protocol):
    """An append-only, hash-chained decision log (SQLite and PostgreSQL alike)."""

    def append(self, draft: DecisionDraft) -> DecisionRecord:
        """Write the record at the head of its tenant's chain; durable on return, or AuditUnavailable."""
        ...

    async def append_async(self, draft: DecisionDraft) -> DecisionRecord: ...

    def query(
        self,
        tenant: str,
        route: Route | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        tool: ToolFilter | None = None,
    ) -> list[DecisionRecord]: ...

    def export(self, tenant: str, since: datetime | None = None, until: datetime | None = None) -> Iterator[str]: ...

    def prune(self, before: datetime) -> int: ...

    def heads(self) -> list[tuple[str, int, str]]: ...

    def add_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    def verify(self, public_key=None) -> VerifyReport: ...

    def healthy(self) -> bool: ...

    def close(self) -> None: ...


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
            reason = check_row(seq, decision_id, route, created_at, prev_hash, stored_hash, body_text,
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


