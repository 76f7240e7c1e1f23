"""The caller's tenant's decision records."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from interlock.policies.routes import Route
from interlock.policies.tools import Verdict
from interlock.service.api.deps import RuntimeDep, TenantId
from interlock.service.api.errors import InvalidRequest
from interlock.service.audit.store import ToolFilter

router = APIRouter()


@router.get("/v1/audit/decisions")
def audit_decisions(
    tenant_id: TenantId,
    runtime: RuntimeDep,
    route: Route | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    tool: Annotated[str | None, Query(description="records with a proposed call of this tool", max_length=64)] = None,
    tool_decision: Annotated[Verdict | None, Query(description="... that got this decision (with `tool`)")] = None,
) -> dict:
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.tzinfo is None:
            raise InvalidRequest(f"{name} must carry a timezone (e.g. 2026-01-01T00:00:00Z)", param=name)
    if tool_decision is not None and tool is None:
        raise InvalidRequest("tool_decision filters the calls of one tool: give `tool` too", param="tool_decision")
    calls = ToolFilter(tool, tool_decision) if tool is not None else None
    records = runtime.pipeline.store.query(tenant_id, route=route, since=since, until=until, limit=limit, tool=calls)
    return {"object": "list", "data": [r.model_dump(mode="json") for r in records]}
