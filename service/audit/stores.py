"""Which audit store a deployment names: PostgreSQL when a DSN is given (several replicas), SQLite otherwise.

Kept apart from the runtime so the audit commands open the log without loading a model."""

from __future__ import annotations

from pathlib import Path

from interlock.service.audit.store import AuditStore


def open_store(path: Path, dsn: str | None = None) -> AuditStore:
    if dsn:
        from interlock.service.audit.postgres import PostgresAuditStore  # psycopg only where PostgreSQL is used

        return PostgresAuditStore(dsn)
    from interlock.service.audit.sqlite import SQLiteAuditStore

    return SQLiteAuditStore(path)
