"""The caller's tenant's decision records."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from interlock.policies.routes import Route
from interlock.service.api.deps import RuntimeDep, TenantId
from interlock.service.api.errors import InvalidRequest

router = APIRouter()


@router.get("/v1/audit/decisions")
def audit_decisions(
    tenant_id: TenantId,
    runtime: RuntimeDep,
    route: Route | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict:
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.tzinfo is None:
            raise InvalidRequest(f"{name} must carry a timezone (e.g. 2026-01-01T00:00:00Z)", param=name)
    records = runtime.pipeline.store.query(tenant_id, route=route, since=since, until=until, limit=limit)
    return {"object": "list", "data": [r.model_dump(mode="json") for r in records]}
