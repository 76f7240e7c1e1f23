"""Every failure a client can see: one exception type per class, one HTTP status and one `code` each.

The body follows OpenAI's error shape: {"error": {"message", "type", "param", "code"}}.
"""

from __future__ import annotations

from starlette.responses import JSONResponse


class ApiError(Exception):
    status: int = 500
    type: str = "server_error"
    code: str = "internal_error"

    def __init__(self, message: str, param: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.headers = headers or {}

    def body(self) -> dict:
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}


class InvalidApiKey(ApiError):
    status, type, code = 401, "authentication_error", "invalid_api_key"


class AdminOnly(ApiError):
    status, type, code = 403, "permission_error", "admin_key_required"


class BotNotFound(ApiError):
    # The same answer for "no such bot" and "another tenant's bot": nothing about other tenants leaks.
    status, type, code = 404, "invalid_request_error", "model_not_found"


class UnsupportedParameter(ApiError):
    status, type, code = 400, "invalid_request_error", "unsupported_parameter"


class InvalidRequest(ApiError):
    status, type, code = 422, "invalid_request_error", "invalid_request"


class RequestTooLarge(ApiError):
    status, type, code = 413, "invalid_request_error", "request_too_large"


class Overloaded(ApiError):
    status, type, code = 429, "rate_limit_error", "overloaded"


class NotReady(ApiError):
    status, type, code = 503, "server_error", "not_ready"


class AuditStoreUnavailable(ApiError):
    status, type, code = 503, "server_error", "audit_unavailable"


class InternalError(ApiError):
    status, type, code = 500, "server_error", "internal_error"


class GenerationQueueFull(ApiError):
    status, type, code = 429, "rate_limit_error", "generation_queue_full"


class NotFound(ApiError):
    status, type = 404, "invalid_request_error"

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class Conflict(ApiError):
    status, type = 409, "invalid_request_error"

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def error_response(error: ApiError) -> JSONResponse:
    """The one way an error leaves: its status, its headers (Retry-After) and the OpenAI-shaped body."""
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)
