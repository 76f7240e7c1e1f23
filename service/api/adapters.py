"""Admin API for tenant adapters: list with residency, canaries and releases, upload a new version (validated,
then judged by its release gates), its report, promote (or force, audited), roll back, unload.

A version is uploaded as file contents (config JSON and base64 safetensors), never as a path on the server.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from interlock.adapters.catalog import CatalogError, Version
from interlock.service.api.deps import AdminKey, RuntimeDep
from interlock.service.api.errors import Conflict, InvalidRequest, NotFound

ADAPTER_PREFIX = "/v1/admin/adapters"
MAX_UPLOAD_BYTES = 64 * 1024 * 1024


class AdapterUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")  # file contents only: a `path` (or any other field) is refused

    adapter_config: dict[str, Any] = Field(description="the adapter's adapter_config.json, as an object")
    weights_base64: str = Field(min_length=1, description="adapter_model.safetensors, base64-encoded")
    promote: bool = Field(default=True, description="promote it once it passes its release gates")


VERSION_PATTERN = r"^sha256:[0-9a-f]{64}$"


class VersionRef(BaseModel):
    version: str = Field(pattern=VERSION_PATTERN)


class Promotion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str = Field(pattern=VERSION_PATTERN)
    force: bool = Field(default=False, description="promote a validated version its gates rejected (audited)")
    reason: str | None = Field(default=None, max_length=2000, description="why; required with force")

    @model_validator(mode="after")
    def _force_says_why(self) -> Promotion:
        if self.force and not (self.reason or "").strip():
            raise ValueError("a forced promotion needs a reason (it is written to the release log)")
        return self


class Rollback(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str | None = Field(default=None, pattern=VERSION_PATTERN, description="default: the running canary, "
                                "else the version that served before")  # fmt: skip
    reason: str | None = Field(default=None, max_length=2000)


def _version_body(tenant: str, name: str, record: Version) -> dict:
    return {"tenant": tenant, "name": name, "version": record.version, "status": record.status,
            "error": record.error, "failed_gates": list(record.failed_gates), "forced": record.forced,
            "report": f"{ADAPTER_PREFIX}/{tenant}/{name}/versions/{record.version}/report"}  # fmt: skip


def _catalog_error(exc: CatalogError) -> NotFound | Conflict:
    if exc.code.endswith("not_found"):
        return NotFound(str(exc), exc.code)
    return Conflict(str(exc), exc.code)


router = APIRouter(prefix=ADAPTER_PREFIX, dependencies=[AdminKey])


@router.get("")
def list_adapters(runtime: RuntimeDep) -> dict:
    """Every declared adapter: the serving version, each version's status, residency and hit counts."""
    return {"object": "list", "data": runtime.adapters.listing()}


@router.post("/{tenant}/{name}/versions", status_code=202)
def register_version(tenant: str, name: str, upload: AdapterUpload, runtime: RuntimeDep) -> dict:
    """Store a new version; it is validated in the background and serves once ready (poll its status).

    Always 202, with the version as it is by the time of the answer: validation may have ended already.
    """
    try:
        weights = base64.b64decode(upload.weights_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidRequest("weights_base64 is not valid base64", param="weights_base64") from exc
    try:
        record = runtime.adapters.register(tenant, name, upload.adapter_config, weights, upload.promote)
    except CatalogError as exc:
        raise _catalog_error(exc) from exc
    return _version_body(tenant, name, record)


@router.get("/{tenant}/{name}/versions/{version}")
def version_status(tenant: str, name: str, version: str, runtime: RuntimeDep) -> dict:
    try:
        return _version_body(tenant, name, runtime.adapters.version(tenant, name, version))
    except CatalogError as exc:
        raise _catalog_error(exc) from exc


@router.get("/{tenant}/{name}/versions/{version}/report", response_model=None)
def version_report(
    tenant: str, name: str, version: str, runtime: RuntimeDep, format: Literal["json", "html"] = "json"
) -> FileResponse:
    """The version's release evaluation report: JSON, or the self-contained HTML (`?format=html`)."""
    try:
        file = runtime.adapters.report(tenant, name, version, format)
    except CatalogError as exc:
        raise _catalog_error(exc) from exc
    if file is None:
        raise NotFound(f"version {version} has no report yet (it is still being validated or evaluated)",
                       "report_not_found")  # fmt: skip
    return FileResponse(file, media_type="text/html" if format == "html" else "application/json")


@router.post("/{tenant}/{name}/promote")
def promote_version(tenant: str, name: str, promotion: Promotion, runtime: RuntimeDep) -> dict:
    """Promote a version that passed its gates: it serves, or starts its canary. `force` promotes a validated
    version the gates rejected; written to the release log with its reason and the failed gates."""
    try:
        record = runtime.adapters.promote(tenant, name, promotion.version, promotion.force, promotion.reason)
    except CatalogError as exc:
        raise _catalog_error(exc) from exc
    return _version_body(tenant, name, record)


@router.post("/{tenant}/{name}/rollback")
def rollback_version(tenant: str, name: str, rollback: Rollback, runtime: RuntimeDep) -> dict:
    """Roll the running canary back (the stable version keeps serving), or serve an earlier version again."""
    try:
        record = runtime.adapters.rollback(tenant, name, rollback.version, rollback.reason)
    except CatalogError as exc:
        raise _catalog_error(exc) from exc
    return _version_body(tenant, name, record)


@router.post("/{tenant}/{name}/activate")
def activate_version(tenant: str, name: str, ref: VersionRef, runtime: RuntimeDep) -> dict:
    """Serve a validated earlier version again (a retired one is validated again first)."""
    try:
        return _version_body(tenant, name, runtime.adapters.activate(tenant, name, ref.version))
    except CatalogError as exc:
        raise _catalog_error(exc) from exc


@router.post("/{tenant}/{name}/unload")
def unload_adapter(tenant: str, name: str, runtime: RuntimeDep) -> dict:
    """Take the adapter out of the model's resident set; its next turn loads it again (cold)."""
    try:
        return {"tenant": tenant, "name": name, "evicted": runtime.adapters.unload(tenant, name)}
    except CatalogError as exc:
        raise _catalog_error(exc) from exc

