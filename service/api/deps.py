"""What routes are given: the runtime and metrics the app holds, the tenant a bearer key names, the admin check.

All are read from `request.app.state` (set once by create_app). They are cheap (a hash and a lookup at most), so
they are async and run on the event loop: a rules-only turn never takes a thread for them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from interlock.service.api.errors import AdminOnly, InvalidApiKey
from interlock.service.api.metrics import ServiceMetrics
from interlock.service.runtime import Runtime

_NO_KEY = "missing or invalid API key (send 'Authorization: Bearer <key>')"


async def _runtime(request: Request) -> Runtime:
    return request.app.state.runtime


async def _metrics(request: Request) -> ServiceMetrics:
    return request.app.state.metrics


RuntimeDep = Annotated[Runtime, Depends(_runtime)]
MetricsDep = Annotated[ServiceMetrics, Depends(_metrics)]


def _bearer_key(request: Request) -> str:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise InvalidApiKey(_NO_KEY)
    return key.strip()


def _tenant_of_key(runtime: Runtime, request: Request) -> str:
    tenant = runtime.keys.tenant_for(_bearer_key(request))
    if tenant is None:
        raise InvalidApiKey(_NO_KEY)
    return tenant


async def _tenant(request: Request, runtime: RuntimeDep) -> str:
    return _tenant_of_key(runtime, request)


async def _require_admin(request: Request, runtime: RuntimeDep) -> None:
    if not runtime.keys.is_admin(_bearer_key(request)):
        # A tenant key is told it is not enough; an unknown key learns nothing more than for any endpoint.
        _tenant_of_key(runtime, request)
        raise AdminOnly("this endpoint needs the admin key")


TenantId = Annotated[str, Depends(_tenant)]
AdminKey = Depends(_require_admin)  # for `dependencies=[AdminKey]`: it gives the route nothing, it only refuses
