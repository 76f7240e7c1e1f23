"""Which audit store a deployment names: PostgreSQL when a DSN is given (several replicas), SQLite otherwise.

Kept apart from the runtime so the audit commands open the log without loading a model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from interlock.service.audit.handoffs import HandoffStore
from interlock.service.audit.store import AuditStore


class AuditLog(AuditStore, HandoffStore, Protocol):
    """The decision log with its outbox and inbox: what both stores are."""


def open_store(path: Path, dsn: str | None = None, webhooks: Mapping[str, Sequence[str]] | None = None) -> AuditLog:
    """`webhooks`: each tenant's webhook names (a handoff gets one delivery job per name)."""
    if dsn:
        from interlock.service.audit.postgres import PostgresAuditStore  # psycopg only where PostgreSQL is used

        return PostgresAuditStore(dsn, webhooks=webhooks)
    from interlock.service.audit.sqlite import SQLiteAuditStore

    return SQLiteAuditStore(path, webhooks)
