"""The HTTP app: error handlers, middleware and the routers of each area (chat, audit, admin, health)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from interlock.service.api import adapters, audit, chat, handoffs, health, models, policies
from interlock.service.api.chat import DECISION_HEADER
from interlock.service.api.errors import ApiError, InternalError, InvalidRequest, error_response
from interlock.service.api.metrics import ServiceMetrics
from interlock.service.api.middleware import AdmissionLimit, BodySizeLimit
from interlock.service.api.openai_schema import ERROR_RESPONSES, TOOL_ERROR_CODES
from interlock.service.console import routes as console
from interlock.service.evaluation.release import attach_release_gates, canary_observer
from interlock.service.runtime import Runtime

__all__ = ["DECISION_HEADER", "create_app"]  # the header is chat's; clients of the app (tests) take it from here

log = logging.getLogger(__name__)


def create_app(runtime: Runtime) -> FastAPI:
    app = FastAPI(title="Interlock", version="0.1.0", responses=ERROR_RESPONSES, lifespan=handoffs.delivering(runtime))
    metrics = ServiceMetrics()
    if runtime.worker is not None:
        metrics.watch_generation(runtime.worker)
    if runtime.delivery is not None:
        metrics.watch_delivery(runtime.delivery)
    attach_release_gates(runtime)  # no version serves before it passed its gates: a failing one stops start-up
    metrics.watch_adapters(runtime.adapters)
    metrics.on_turn(canary_observer(runtime.adapters))
    app.state.runtime, app.state.metrics = runtime, metrics
    app.add_middleware(BodySizeLimit, larger={adapters.ADAPTER_PREFIX: adapters.MAX_UPLOAD_BYTES})
    app.add_middleware(AdmissionLimit, limit=runtime.deployment.config.max_inflight_turns, metrics=metrics)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    for area in (chat, models, audit, policies, adapters, health):
        app.include_router(area.router)
    app.state.console = console.build(runtime)
    app.include_router(console.router)
    app.include_router(handoffs.router)
    return app


async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc)


async def _invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "header")]
    # A check across fields names the one at fault itself (e.g. messages.3.tool_call_id).
    param = (first.get("ctx") or {}).get("param") or ".".join(loc) or None
    error = InvalidRequest(f"{param or 'body'}: {first.get('msg')}", param=param)
    if first.get("type") in TOOL_ERROR_CODES:
        error.code = first["type"]
    return error_response(error)


async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    error = ApiError(str(exc.detail))
    error.status = exc.status_code
    error.type = "invalid_request_error"
    error.code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return error_response(error)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error")
    return error_response(InternalError("internal error"))
