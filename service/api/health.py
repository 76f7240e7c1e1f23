"""Liveness, readiness and the Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from interlock.service.api.deps import AdminKey, MetricsDep, RuntimeDep
from interlock.service.api.errors import NotReady

router = APIRouter()


@router.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(runtime: RuntimeDep) -> dict:
    if not runtime.pipeline.backend.ready:
        raise NotReady("model is not loaded")
    if not runtime.pipeline.store.healthy():
        raise NotReady("audit store is not reachable")
    return {"status": "ready"}


@router.get("/metrics", dependencies=[AdminKey], response_class=PlainTextResponse)
def prometheus_metrics(metrics: MetricsDep) -> PlainTextResponse:
    """Prometheus exposition (admin key: the labels name every tenant)."""
    return PlainTextResponse(metrics.exposition().decode(), media_type="text/plain; version=0.0.4")
