"""The OpenAI chat-completions wire format, as far as Interlock accepts and returns it."""

from __future__ import annotations

import json
from typing import Any, Literal

import jsonschema_rs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

MAX_MESSAGES = 64
MAX_CONTENT_CHARS = 16_000
MAX_TOOLS = 64
MAX_TOOL_CALLS = 16
TOOL_NAME = r"^[a-zA-Z0-9_-]{1,64}$"  # OpenAI's rule for function names
# The error codes of requests whose tools or tool history do not hold together (422, `code` in the error body).
TOOL_ERROR_CODES = frozenset({
    "invalid_tool_arguments", "invalid_message", "missing_tool_call_id", "invalid_tool_schema",
    "unknown_tool_call_id", "duplicate_tool_call_id", "duplicate_tool_name", "invalid_tool_choice",
})  # fmt: skip


class TextPart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["text"]
    text: str = Field(max_length=MAX_CONTENT_CHARS)


class FunctionCallIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=TOOL_NAME, description="the function called")
    arguments: str = Field(max_length=MAX_CONTENT_CHARS, description="its arguments: a JSON object, as text")

    @field_validator("arguments")
    @classmethod
    def _json_object(cls, arguments: str) -> str:
        try:
            value = json.loads(arguments)
        except ValueError:
            raise PydanticCustomError("invalid_tool_arguments", "the arguments are not JSON") from None
        if not isinstance(value, dict):
            raise PydanticCustomError("invalid_tool_arguments", "the arguments are not a JSON object")
        return arguments


class ToolCallIn(BaseModel):
    """An earlier call of the conversation, as the client sends it back (an assistant message's `tool_calls`)."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=128)
    type: Literal["function"] = "function"
    function: FunctionCallIn


class ChatMessageIn(BaseModel):
    # Unknown fields (name, ...) are accepted and ignored, as OpenAI-compatible servers do.
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[TextPart] | None = Field(default=None, max_length=MAX_CONTENT_CHARS)
    tool_calls: list[ToolCallIn] | None = Field(default=None, max_length=MAX_TOOL_CALLS)
    tool_call_id: str | None = Field(default=None, min_length=1, max_length=128)

    @model_validator(mode="after")
    def _fields_fit_role(self) -> ChatMessageIn:
        if self.tool_calls is not None and self.role != "assistant":
            raise PydanticCustomError("invalid_message", "only assistant messages carry tool_calls")
        if self.role == "tool" and self.tool_call_id is None:
            raise PydanticCustomError("missing_tool_call_id", "a tool message names the call it answers")
        if self.role != "tool" and self.tool_call_id is not None:
            raise PydanticCustomError("invalid_message", "only tool messages carry a tool_call_id")
        if self.content is None and not (self.role == "assistant" and self.tool_calls):
            raise PydanticCustomError("invalid_message", "content may be null only in an assistant message "
                                      "with tool_calls")  # fmt: skip
        return self

    def text(self) -> str:
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(part.text for part in self.content)


class FunctionDef(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(pattern=TOOL_NAME)
    description: str = Field(default="", max_length=MAX_CONTENT_CHARS)
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})
    strict: bool | None = None

    @field_validator("parameters")
    @classmethod
    def _json_schema(cls, parameters: dict[str, Any]) -> dict[str, Any]:
        try:
            jsonschema_rs.meta.validate(parameters)
        except (jsonschema_rs.ValidationError, ValueError) as exc:
            message = str(exc).splitlines()[0]
            raise PydanticCustomError("invalid_tool_schema", "not a valid JSON Schema: {problem}",
                                      {"problem": message}) from None  # fmt: skip
        if parameters.get("type", "object") != "object":
            raise PydanticCustomError("invalid_tool_schema", "a function's parameters are a JSON Schema of an object")
        return parameters


class ToolDef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["function"]
    function: FunctionDef


class NamedFunction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=TOOL_NAME)


class NamedToolChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["function"]
    function: NamedFunction


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str = Field(min_length=1, max_length=128)
    messages: list[ChatMessageIn] = Field(min_length=1, max_length=MAX_MESSAGES)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    n: int = Field(default=1, ge=1)
    seed: int | None = None
    stream: bool = False
    user: str | None = Field(default=None, max_length=256)
    metadata: dict[str, Any] | None = Field(default=None, description="facts for the policy (e.g. the order)")
    tools: list[ToolDef] | None = Field(default=None, max_length=MAX_TOOLS)
    tool_choice: Literal["auto", "none", "required"] | NamedToolChoice | None = None
    parallel_tool_calls: bool | None = None

    @field_validator("messages")
    @classmethod
    def _conversation(cls, messages: list[ChatMessageIn]) -> list[ChatMessageIn]:
        """The last message is the customer's or a tool's result; every tool message answers an open call of the
        assistant message before it, once."""
        if messages[-1].role not in ("user", "tool"):
            raise PydanticCustomError("last_message_role", "the last message must have role 'user' or 'tool'",
                                      {"param": f"messages.{len(messages) - 1}.role"})  # fmt: skip
        seen: set[str] = set()
        open_calls: set[str] = set()
        for index, message in enumerate(messages):
            if message.role == "tool":
                if message.tool_call_id not in open_calls:
                    raise PydanticCustomError(
                        "unknown_tool_call_id",
                        "messages.{index}.tool_call_id: {id!r} answers no open call of the assistant message before it",
                        {"index": index, "id": message.tool_call_id, "param": f"messages.{index}.tool_call_id"},
                    )
                open_calls.discard(message.tool_call_id)
                continue
            open_calls = set()
            for call in message.tool_calls or ():
                if call.id in seen:
                    raise PydanticCustomError("duplicate_tool_call_id", "messages.{index}: tool call id {id!r} is "
                                              "used twice", {"index": index, "id": call.id,
                                              "param": f"messages.{index}.tool_calls"})  # fmt: skip
                seen.add(call.id)
                open_calls.add(call.id)
        return messages

    @field_validator("tool_choice", mode="before")
    @classmethod
    def _choice_shape(cls, choice: Any) -> Any:
        if choice is None or choice in ("auto", "none", "required"):
            return choice
        try:
            return NamedToolChoice.model_validate(choice)
        except ValidationError:
            raise PydanticCustomError("invalid_tool_choice", "tool_choice is auto, none, required or "
                                      '{"type": "function", "function": {"name": ...}}') from None  # fmt: skip

    @field_validator("tools")
    @classmethod
    def _unique_names(cls, tools: list[ToolDef] | None) -> list[ToolDef] | None:
        names = [t.function.name for t in tools or ()]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise PydanticCustomError("duplicate_tool_name", "tools named twice: {names}",
                                      {"names": ", ".join(duplicates)})  # fmt: skip
        return tools

    @model_validator(mode="after")
    def _choice_names_a_tool(self) -> ChatCompletionRequest:
        choice = self.tool_choice
        if choice in ("required",) or isinstance(choice, NamedToolChoice):
            names = {t.function.name for t in self.tools or ()}
            wanted = choice.function.name if isinstance(choice, NamedToolChoice) else None
            if not names or (wanted is not None and wanted not in names):
                raise PydanticCustomError("invalid_tool_choice", "tool_choice names a tool the request does not offer",
                                          {"param": "tool_choice"})  # fmt: skip
        return self

    def choice(self) -> str:
        """`tool_choice` as the pipeline takes it: auto, none, required, or the one function's name."""
        if isinstance(self.tool_choice, NamedToolChoice):
            return self.tool_choice.function.name
        return self.tool_choice or "auto"


class FunctionCallOut(BaseModel):
    name: str
    arguments: str


class ToolCallOut(BaseModel):
    id: str
    type: Literal["function"] = "function"
    function: FunctionCallOut


class ChatMessageOut(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str | None
    tool_calls: list[ToolCallOut] | None = None


class Choice(BaseModel):
    index: int = 0
    message: ChatMessageOut
    finish_reason: Literal["stop", "length", "tool_calls"]


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletionResponse(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    decision_id: str
    route: str
    handoff: dict[str, Any] | None = None
    citations: list[str] = Field(default_factory=list)


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None
    code: str


class ErrorBody(BaseModel):
    """Every error the API returns, in OpenAI's shape."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 413, 422, 429, 500, 503)
}

# With `stream: true` the 200 is OpenAI's chunk stream instead. As OpenAPI before 3.2 reads it, the schema is that
# of one event: its `data` is a chunk (JSON), the error that cut the stream (JSON), or the closing `[DONE]`.
STREAMED_COMPLETION: dict[int | str, dict] = {
    200: {
        "description": "The completion; with `stream: true`, OpenAI's chunk stream over server-sent events",
        "content": {
            "text/event-stream": {
                "schema": {"type": "object", "required": ["data"], "properties": {"data": {"type": "string"}}}
            }
        },
    }
}
