"""The handoff inbox and the outbox's deliveries, for the caller's tenant; and the delivery worker's lifespan.

An agent claims an open handoff, reads the conversation and why it was handed off, and resolves it with a note,
or, for a tool call waiting for approval, approves or rejects it. Each action is a record in the tenant's chain
(route `human`). `agent` names the person acting (the console passes its signed-in user).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query
from pydantic import BaseModel, ConfigDict, Field

from interlock.service.api.deps import RuntimeDep, TenantId
from interlock.service.api.errors import AuditStoreUnavailable, Conflict, NotFound
from interlock.service.api.openai_schema import ErrorBody
from interlock.service.audit.handoffs import (
    CLOSED_STATES,
    OPEN_STATES,
    ActionName,
    DeliveryState,
    HandoffNotFound,
    HandoffState,
    InboxConflict,
)
from interlock.service.audit.store import AuditUnavailable
from interlock.service.delivery.inbox import act
from interlock.service.runtime import Runtime

router = APIRouter()
CONFLICT: dict[int | str, dict] = {409: {"model": ErrorBody, "description": "the action does not fit the item's state"}}

_STATES: dict[str, tuple[HandoffState, ...]] = {"open": OPEN_STATES, "closed": CLOSED_STATES,
                                                "all": OPEN_STATES + CLOSED_STATES}  # fmt: skip


def delivering(runtime: Runtime) -> Callable[[FastAPI], AsyncIterator[None]]:
    """The app's lifespan: the delivery worker runs while the service does (when any tenant has a webhook)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if runtime.delivery is not None:
            runtime.delivery.start()
        try:
            yield
        finally:
            if runtime.delivery is not None:
                runtime.delivery.stop()

    return lifespan


class ActionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agent: str = Field(min_length=1, max_length=128, description="who acts (recorded)")
    note: str | None = Field(default=None, max_length=4000, description="recorded with the action")


class RetryBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delivery_ids: list[str] | None = Field(default=None, max_length=1000, description="default: every dead one")


@router.get("/v1/handoffs")
def list_handoffs(
    tenant_id: TenantId,
    runtime: RuntimeDep,
    state: Literal["open", "closed", "all"] = "open",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict:
    """The tenant's handoffs, most urgent first, then oldest first."""
    items = runtime.handoffs.handoffs(tenant_id, _STATES[state], limit)
    return {"object": "list", "data": [item.public() for item in items]}


@router.get("/v1/handoffs/{decision_id}")
def get_handoff(decision_id: str, tenant_id: TenantId, runtime: RuntimeDep) -> dict:
    """One handoff with the conversation as it was handed off and why (the rules that fired)."""
    item = runtime.handoffs.handoff(tenant_id, decision_id)
    if item is None:
        raise NotFound(f"no handoff {decision_id}", "handoff_not_found")
    record = runtime.handoffs.handed_off(tenant_id, decision_id)
    conversation = {
        "messages": [{"role": r, "content": c} for r, c in record.inputs.get("messages", [])],
        "facts": record.inputs.get("facts", {}),
        "output": record.output,
        "rules_fired": record.rules_fired,
        "route": record.route.value,
    } if record else None  # fmt: skip
    return item.public() | {"conversation": conversation}


def _act(runtime: Runtime, tenant_id: str, decision_id: str, action: ActionName, body: ActionBody) -> dict:
    try:
        item, record = act(runtime.handoffs, tenant_id, decision_id, action, body.agent, runtime.clock(), body.note)
    except HandoffNotFound as exc:
        raise NotFound(f"no handoff {decision_id}", "handoff_not_found") from exc
    except InboxConflict as exc:
        raise Conflict(str(exc), exc.code) from exc
    except AuditUnavailable as exc:
        raise AuditStoreUnavailable("the action could not be recorded; nothing changed") from exc
    return item.public() | {"record": {"decision_id": record.decision_id, "seq": record.seq, "hash": record.hash}}


@router.post("/v1/handoffs/{decision_id}/claim", responses=CONFLICT)
def claim_handoff(decision_id: str, body: ActionBody, tenant_id: TenantId, runtime: RuntimeDep) -> dict:
    return _act(runtime, tenant_id, decision_id, "claim", body)


@router.post("/v1/handoffs/{decision_id}/resolve", responses=CONFLICT)
def resolve_handoff(decision_id: str, body: ActionBody, tenant_id: TenantId, runtime: RuntimeDep) -> dict:
    return _act(runtime, tenant_id, decision_id, "resolve", body)


@router.post("/v1/handoffs/{decision_id}/approve", responses=CONFLICT)
def approve_tool_call(decision_id: str, body: ActionBody, tenant_id: TenantId, runtime: RuntimeDep) -> dict:
    return _act(runtime, tenant_id, decision_id, "approve", body)


@router.post("/v1/handoffs/{decision_id}/reject", responses=CONFLICT)
def reject_tool_call(decision_id: str, body: ActionBody, tenant_id: TenantId, runtime: RuntimeDep) -> dict:
    return _act(runtime, tenant_id, decision_id, "reject", body)


@router.get("/v1/deliveries")
def list_deliveries(
    tenant_id: TenantId,
    runtime: RuntimeDep,
    state: DeliveryState | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict:
    """The tenant's webhook deliveries, newest first: pending, delivered or dead (with the last error)."""
    found = runtime.handoffs.deliveries(tenant_id, state, limit)
    return {"object": "list", "data": [d.public() for d in found]}


@router.post("/v1/deliveries/retry")
def retry_deliveries(tenant_id: TenantId, runtime: RuntimeDep, body: RetryBody | None = None) -> dict:
    """Re-drive: the named deliveries (dead or pending) are due now; without names, every dead one."""
    named = body.delivery_ids if body is not None else None
    return {"retried": runtime.handoffs.retry(runtime.clock(), tenant_id, named)}
