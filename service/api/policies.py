"""Admin: reload the tenants' policy bundles."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from interlock.service.api.deps import AdminKey, RuntimeDep

router = APIRouter()


@router.post("/v1/admin/policies/reload", dependencies=[AdminKey])
def reload_policies(runtime: RuntimeDep) -> dict:
    """Reload every tenant's bundle; a broken one is rejected and the running one keeps serving."""
    results = runtime.pipeline.policies.reload()
    return {"object": "list", "data": [asdict(r) for r in results]}
