"""HTTP edge: OpenAI-compatible chat completions, health, and the tenant-scoped audit query."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from interlock.adapters.generation import ChatMessage, GenerationOverloaded
from interlock.policies.routes import Route
from interlock.service.api.adapters import ADAPTER_PREFIX, MAX_UPLOAD_BYTES, adapter_routes
from interlock.service.api.errors import (
    AdminOnly,
    ApiError,
    AuditStoreUnavailable,
    BotNotFound,
    GenerationQueueFull,
    InternalError,
    InvalidApiKey,
    InvalidRequest,
    NotReady,
    Overloaded,
    RequestTooLarge,
    UnsupportedParameter,
)
from interlock.service.api.metrics import ServiceMetrics
from interlock.service.api.openai_schema import (
    ERROR_RESPONSES,
    ChatCompletionRequest,
    ChatCompletionResponse,
    ChatMessageOut,
    Choice,
    Usage,
)
from interlock.service.audit.record import DecisionRecord
from interlock.service.audit.store import AuditUnavailable
from interlock.service.pipeline.pipeline import StreamStart
from interlock.service.runtime import Runtime

log = logging.getLogger(__name__)
DECISION_HEADER = "X-Decision-Id"
DEFAULT_MAX_TOKENS = 128


def _error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


def _validation_error(exc: RequestValidationError) -> InvalidRequest:
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "header")]
    return InvalidRequest(f"{'.'.join(loc) or 'body'}: {first.get('msg')}", param=".".join(loc) or None)


def _http_error(exc: StarletteHTTPException) -> ApiError:
    error = ApiError(str(exc.detail))
    error.status = exc.status_code
    error.type = "invalid_request_error"
    error.code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return error


def _bearer_key(request: Request) -> str:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise InvalidApiKey("missing or invalid API key (send 'Authorization: Bearer <key>')")
    return key.strip()


def _tenant_of_key(request: Request) -> str:
    runtime: Runtime = request.app.state.runtime
    tenant = runtime.keys.tenant_for(_bearer_key(request))
    if tenant is None:
        raise InvalidApiKey("missing or invalid API key (send 'Authorization: Bearer <key>')")
    return tenant


async def _tenant_of(request: Request) -> str:
    return _tenant_of_key(request)  # a hash and a lookup: done on the event loop, no thread hop


TenantId = Annotated[str, Depends(_tenant_of)]


def _require_admin(request: Request) -> None:
    runtime: Runtime = request.app.state.runtime
    if not runtime.keys.is_admin(_bearer_key(request)):
        # A tenant key is told it is not enough; an unknown key learns nothing more than for any endpoint.
        _tenant_of_key(request)
        raise AdminOnly("this endpoint needs the admin key")


AdminKey = Depends(_require_admin)


MAX_BODY_BYTES = 256 * 1024


class BodySizeLimit:
    """Answers 413 for a request body over the limit, whether or not it declares its length.

    The body (at most the limit) is read here and handed on whole, so the app never sees a partial one.
    """

    def __init__(self, app, limit: int = MAX_BODY_BYTES, larger: dict[str, int] | None = None) -> None:
        self.app, self.limit, self.larger = app, limit, larger or {}  # larger: path prefix -> its own limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        limit = next((n for prefix, n in sorted(self.larger.items()) if path.startswith(prefix)), self.limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await _send_error(send, RequestTooLarge(f"request body over {limit} bytes"))
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, receive, send)
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                return await _send_error(send, RequestTooLarge(f"request body over {limit} bytes"))
        delivered = False

        async def replay_body():
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay_body, send)


class AdmissionLimit:
    """At most `limit` chat turns in flight; the next one is answered 429 at once, with Retry-After.

    Checked before the request reaches a worker thread, so overload is a fast, explicit answer, never a queue
    that grows until clients time out.
    """

    def __init__(self, app, limit: int, metrics: ServiceMetrics, path: str = "/v1/chat/completions") -> None:
        self.app, self.limit, self.path, self.metrics = app, limit, path, metrics
        self.in_flight = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            return await self.app(scope, receive, send)
        if self.in_flight >= self.limit:
            self.metrics.rejected.inc()
            error = Overloaded(f"more than {self.limit} turns in flight; retry shortly", headers={"Retry-After": "1"})
            return await _send_error(send, error)
        self.in_flight += 1
        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.metrics.in_flight.dec()


async def _send_error(send, error: ApiError) -> None:
    response = _error_response(error)
    await send({"type": "http.response.start", "status": response.status_code, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


def create_app(runtime: Runtime) -> FastAPI:
    app = FastAPI(title="Interlock", version="0.1.0", responses=ERROR_RESPONSES)
    app.state.runtime = runtime
    metrics = ServiceMetrics()
    if runtime.worker is not None:
        metrics.watch_generation(runtime.worker)
    app.add_middleware(BodySizeLimit, larger={ADAPTER_PREFIX: MAX_UPLOAD_BYTES})
    app.add_middleware(AdmissionLimit, limit=runtime.deployment.config.max_inflight_turns, metrics=metrics)
    config = runtime.deployment.config

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error_response(_validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error_response(_http_error(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _error_response(InternalError("internal error"))

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> dict:
        if not runtime.pipeline.backend.ready:
            raise NotReady("model is not loaded")
        if not runtime.pipeline.store.healthy():
            raise NotReady("audit store is not reachable")
        return {"status": "ready"}

    @app.post("/v1/chat/completions", response_model=ChatCompletionResponse)
    async def chat_completions(body: ChatCompletionRequest, tenant_id: TenantId) -> JSONResponse:
        if body.n != 1:
            raise UnsupportedParameter("only n=1 is supported", param="n")
        limit = config.model.max_new_tokens_limit
        max_tokens = body.max_completion_tokens or body.max_tokens or min(DEFAULT_MAX_TOKENS, limit)
        turn = runtime.turn(
            tenant_id,
            body.model,
            messages=tuple(ChatMessage(m.role, m.text()) for m in body.messages),
            max_new_tokens=max_tokens,
            facts=body.metadata,
            temperature=body.temperature or 0.0,
            top_p=body.top_p or 1.0,
            seed=body.seed or 0,
            session=body.user,
        )
        if turn is None:
            raise BotNotFound(f"The model '{body.model}' does not exist or you do not have access to it.",
                              param="model")  # fmt: skip
        if max_tokens > limit:
            raise InvalidRequest(f"max_tokens must be at most {limit}", param="max_tokens")
        if body.stream:
            return _sse_response(runtime, turn)
        try:
            record = await runtime.pipeline.run_async(turn)
        except GenerationOverloaded as exc:
            metrics.rejected.inc()
            busy = f"the model is busy ({exc}); retry shortly"
            raise GenerationQueueFull(busy, headers={"Retry-After": "1"}) from exc
        except AuditUnavailable as exc:
            log.error("turn not recorded, nothing sent: %s", exc)
            raise AuditStoreUnavailable("the decision could not be recorded; nothing was answered") from exc
        metrics.observe(record)
        return JSONResponse(_completion(record).model_dump(mode="json"), headers={DECISION_HEADER: record.decision_id})

    @app.get("/metrics", dependencies=[AdminKey], response_class=PlainTextResponse)
    def prometheus_metrics() -> PlainTextResponse:
        """Prometheus exposition (admin key: the labels name every tenant)."""
        return PlainTextResponse(metrics.exposition().decode(), media_type="text/plain; version=0.0.4")

    @app.post("/v1/admin/policies/reload", dependencies=[AdminKey])
    def reload_policies() -> dict:
        """Reload every tenant's bundle; a broken one is rejected and the running one keeps serving."""
        results = runtime.pipeline.policies.reload()
        return {"object": "list", "data": [asdict(r) for r in results]}

    app.include_router(adapter_routes(runtime.adapters, AdminKey))

    @app.get("/v1/audit/decisions")
    def audit_decisions(
        tenant_id: TenantId,
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

    return app


def _sse_response(runtime: Runtime, turn) -> StreamingResponse:
    """OpenAI's chunk stream: a role chunk, content chunks as the pipeline releases them, a closing chunk (with
    the decision id, route and handoff), then [DONE]. Every chunk carries the id of the turn's decision. If the
    record cannot be written, the stream ends with an error event instead of its last piece."""
    created = int(datetime.now(UTC).timestamp())
    chunk_id = "chatcmpl-stream"

    def chunk(delta: dict, finish: str | None = None, extra: dict | None = None) -> str:
        body = {"id": chunk_id, "object": "chat.completion.chunk", "created": created, "model": turn.bot,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]} | (extra or {})  # fmt: skip
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    def events():
        nonlocal chunk_id
        pieces = runtime.pipeline.stream(turn)
        try:
            for item in pieces:
                if isinstance(item, StreamStart):
                    chunk_id = "chatcmpl-" + item.decision_id
                    yield chunk({"role": "assistant"})
                elif isinstance(item, DecisionRecord):
                    extra = {"decision_id": item.decision_id, "route": item.route.value, "handoff": item.handoff,
                             "citations": item.citations}  # fmt: skip
                    yield chunk({}, "length" if item.finish_reason == "length" else "stop", extra)
                elif item:
                    yield chunk({"content": item})
        except AuditUnavailable as exc:
            log.error("streamed turn not recorded: %s", exc)
            error = AuditStoreUnavailable("the decision could not be recorded; the answer was cut")
            yield f"data: {json.dumps(error.body())}\n\n"
            return
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


def _completion(record: DecisionRecord) -> ChatCompletionResponse:
    created = int(datetime.fromisoformat(record.created_at.replace("Z", "+00:00")).timestamp())
    return ChatCompletionResponse(
        id="chatcmpl-" + record.decision_id,
        created=created,
        model=record.bot,
        choices=[
            Choice(
                message=ChatMessageOut(content=record.output),
                finish_reason="length" if record.finish_reason == "length" else "stop",
            )
        ],
        usage=Usage(
            prompt_tokens=record.prompt_tokens,
            completion_tokens=record.completion_tokens,
            total_tokens=record.prompt_tokens + record.completion_tokens,
        ),
        decision_id=record.decision_id,
        route=record.route.value,
        handoff=record.handoff,
        citations=record.citations,
    )
