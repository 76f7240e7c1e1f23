"""POST /v1/chat/completions: one turn, answered whole (JSON) or as OpenAI's chunk stream over SSE.

Both shapes end in `finish`: by then the pipeline has written the turn's record; finish counts the turn and gives
the closing fields both carry (id, finish reason, decision id, route, handoff, citations), so no exit is missed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response, StreamingResponse

from interlock.adapters.generation import ChatMessage, GenerationOverloaded, ToolCall, ToolSpec
from interlock.service.api.deps import MetricsDep, RuntimeDep, TenantId
from interlock.service.api.errors import (
    AuditStoreUnavailable,
    BotNotFound,
    GenerationQueueFull,
    InvalidRequest,
    UnsupportedParameter,
)
from interlock.service.api.metrics import ServiceMetrics
from interlock.service.api.openai_schema import (
    STREAMED_COMPLETION,
    ChatCompletionRequest,
    ChatCompletionResponse,
    ChatMessageIn,
    ChatMessageOut,
    Choice,
    ToolCallOut,
    Usage,
)
from interlock.service.audit.record import DecisionRecord
from interlock.service.audit.store import AuditUnavailable
from interlock.service.pipeline.pipeline import Turn
from interlock.service.pipeline.turn import ToolOffer
from interlock.service.runtime import Runtime

log = logging.getLogger(__name__)
router = APIRouter()

DECISION_HEADER = "X-Decision-Id"
DEFAULT_MAX_TOKENS = 128


@dataclass(frozen=True)
class Finished:
    """How a reply closes, whole or streamed."""

    id: str
    finish_reason: Literal["stop", "length", "tool_calls"]
    decision: dict[str, Any]  # decision_id, route, handoff, citations: Interlock's fields beside OpenAI's
    tool_calls: list[dict[str, Any]]  # the calls the tool stage sent on, in OpenAI's shape


def completion_id(decision_id: str) -> str:
    """The OpenAI completion id of a turn, whole or every chunk of a stream: its decision's id."""
    return "chatcmpl-" + decision_id


def finish(record: DecisionRecord, metrics: ServiceMetrics) -> Finished:
    """The one exit of an answered turn, whole or streamed. The record is already durable: the pipeline hands
    it over only once it is written."""
    metrics.observe(record)
    calls = [{"id": c["id"], "type": "function",
              "function": {"name": c["name"], "arguments": json.dumps(c["arguments"], ensure_ascii=False)}}
             for c in record.tool_calls if c["sent"]]  # fmt: skip
    return Finished(
        id=completion_id(record.decision_id),
        finish_reason=record.finish_reason if record.finish_reason in ("length", "tool_calls") else "stop",
        decision={"decision_id": record.decision_id, "route": record.route.value, "handoff": record.handoff,
                  "citations": record.citations},
        tool_calls=calls,
    )  # fmt: skip


@router.post("/v1/chat/completions", response_model=ChatCompletionResponse, responses=STREAMED_COMPLETION)
async def chat_completions(
    body: ChatCompletionRequest, tenant_id: TenantId, runtime: RuntimeDep, metrics: MetricsDep
) -> Response:
    turn = _turn(runtime, tenant_id, body)
    if body.stream:
        events = _events(runtime, metrics, turn)
        return StreamingResponse(events, media_type="text/event-stream", headers={"Cache-Control": "no-store"})
    try:
        record = await runtime.pipeline.run_async(turn)
    except GenerationOverloaded as exc:
        metrics.rejected.inc()
        busy = f"the model is busy ({exc}); retry shortly"
        raise GenerationQueueFull(busy, headers={"Retry-After": "1"}) from exc
    except AuditUnavailable as exc:
        log.error("turn not recorded, nothing sent: %s", exc)
        raise AuditStoreUnavailable("the decision could not be recorded; nothing was answered") from exc
    completion = _completion(record, finish(record, metrics))
    return JSONResponse(completion.model_dump(mode="json"), headers={DECISION_HEADER: record.decision_id})


def _turn(runtime: Runtime, tenant_id: str, body: ChatCompletionRequest) -> Turn:
    if body.n != 1:
        raise UnsupportedParameter("only n=1 is supported", param="n")
    limit = runtime.deployment.config.model.max_new_tokens_limit
    max_tokens = body.max_completion_tokens or body.max_tokens or min(DEFAULT_MAX_TOKENS, limit)
    offer = ToolOffer(
        tools=tuple(ToolSpec(t.function.name, t.function.description, t.function.parameters) for t in body.tools or ()),
        choice=body.choice(),
        parallel=body.parallel_tool_calls is not False,
    )
    turn = runtime.turn(
        tenant_id,
        body.model,
        messages=tuple(_message(m) for m in body.messages),
        tools=offer,
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
    return turn


def _message(message: ChatMessageIn) -> ChatMessage:
    role = "system" if message.role == "developer" else message.role
    calls = tuple(ToolCall(c.id, c.function.name, c.function.arguments) for c in message.tool_calls or ())
    return ChatMessage(role, message.text(), calls, message.tool_call_id)


def _events(runtime: Runtime, metrics: ServiceMetrics, turn: Turn) -> Iterator[str]:
    """OpenAI's chunk stream: a role chunk, content chunks as the pipeline releases them, a closing chunk (with
    the decision id, route and handoff), then [DONE]. If the record cannot be written, the stream ends with an
    error event instead of its last piece."""
    created = int(datetime.now(UTC).timestamp())
    items = runtime.pipeline.stream(turn)
    start = next(items)  # the stream opens with its decision id: every chunk carries it, as a whole reply does
    chunk_id = completion_id(start.decision_id)

    def chunk(delta: dict, finish_reason: str | None = None, extra: dict | None = None) -> str:
        body = {"id": chunk_id, "object": "chat.completion.chunk", "created": created, "model": turn.bot,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]} | (extra or {})  # fmt: skip
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant"})
    try:
        for item in items:
            if isinstance(item, DecisionRecord):
                done = finish(item, metrics)
                if done.tool_calls:  # each call whole in one chunk, as OpenAI's first chunk of a call carries its id
                    yield chunk({"tool_calls": [call | {"index": i} for i, call in enumerate(done.tool_calls)]})
                yield chunk({}, done.finish_reason, done.decision)
            elif item:
                yield chunk({"content": item})
    except AuditUnavailable as exc:
        log.error("streamed turn not recorded: %s", exc)
        error = AuditStoreUnavailable("the decision could not be recorded; the answer was cut")
        yield f"data: {json.dumps(error.body())}\n\n"
        return
    yield "data: [DONE]\n\n"


def _completion(record: DecisionRecord, done: Finished) -> ChatCompletionResponse:
    created = int(datetime.fromisoformat(record.created_at.replace("Z", "+00:00")).timestamp())
    return ChatCompletionResponse(
        id=done.id,
        created=created,
        model=record.bot,
        choices=[Choice(message=ChatMessageOut(content=record.output or (None if done.tool_calls else ""),
                                               tool_calls=[ToolCallOut.model_validate(c) for c in done.tool_calls]
                                               or None), finish_reason=done.finish_reason)],
        usage=Usage(
            prompt_tokens=record.prompt_tokens,
            completion_tokens=record.completion_tokens,
            total_tokens=record.prompt_tokens + record.completion_tokens,
        ),
        **done.decision,
    )
