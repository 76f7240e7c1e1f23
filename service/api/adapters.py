"""Admin API for tenant adapters: list with residency and hit counts, upload a new version, roll back, unload.

A version is uploaded as file contents (config JSON and base64 safetensors), never as a path on the server.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from interlock.adapters.catalog import CatalogError, Version
from interlock.service.api.deps import AdminKey, RuntimeDep
from interlock.service.api.errors import Conflict, InvalidRequest, NotFound

ADAPTER_PREFIX = "/v1/admin/adapters"
MAX_UPLOAD_BYTES = 64 * 1024 * 1024


class AdapterUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")  # file contents only: a `path` (or any other field) is refused

    adapter_config: dict[str, Any] = Field(description="the adapter's adapter_config.json, as an object")
    weights_base64: str = Field(min_length=1, description="adapter_model.safetensors, base64-encoded")


class VersionRef(BaseModel):
    version: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")


def _version_body(tenant: str, name: str, record: Version) -> dict:
    return {"tenant": tenant, "name": name, "version": record.version, "status": record.status,
            "error": record.error}  # fmt: skip


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
        record = runtime.adapters.register(tenant, name, upload.adapter_config, weights)
    except CatalogError as exc:
        raise _catalog_error(exc) from exc
    return _version_body(tenant, name, record)


@router.get("/{tenant}/{name}/versions/{version}")
def version_status(tenant: str, name: str, version: str, runtime: RuntimeDep) -> dict:
    try:
        return _version_body(tenant, name, runtime.adapters.version(tenant, name, version))
    except CatalogError as exc:
        raise _catalog_error(exc) from exc


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

