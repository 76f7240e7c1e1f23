"""ASGI middleware of the service: a bound on request bodies and a bound on chat turns in flight.

Both answer before the app sees the request, with the same error response the app's handlers give.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interlock.service.api.errors import Overloaded, RequestTooLarge, error_response
from interlock.service.api.metrics import ServiceMetrics

MAX_BODY_BYTES = 256 * 1024


def _too_large(limit: int) -> Response:
    return error_response(RequestTooLarge(f"request body over {limit} bytes"))


class BodySizeLimit:
    """Answers 413 for a request body over the limit, whether or not it declares its length.

    The body (at most the limit) is read here and handed on whole, so the app never sees a partial one.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, larger: dict[str, int] | None = None) -> None:
        self.app, self.limit, self.larger = app, limit, larger or {}  # larger: path prefix -> its own limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        limit = next((n for prefix, n in sorted(self.larger.items()) if path.startswith(prefix)), self.limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await _too_large(limit)(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, receive, send)
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                return await _too_large(limit)(scope, receive, send)
        delivered = False

        async def replay_body() -> Message:
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

    def __init__(self, app: ASGIApp, limit: int, metrics: ServiceMetrics, path: str = "/v1/chat/completions") -> None:
        self.app, self.limit, self.path, self.metrics = app, limit, path, metrics
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            return await self.app(scope, receive, send)
        if self.in_flight >= self.limit:
            self.metrics.rejected.inc()
            error = Overloaded(f"more than {self.limit} turns in flight; retry shortly", headers={"Retry-After": "1"})
            return await error_response(error)(scope, receive, send)
        self.in_flight += 1
        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.metrics.in_flight.dec()
