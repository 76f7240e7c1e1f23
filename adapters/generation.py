"""What every generation backend takes and returns, whether it runs in-process or remotely."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

BASE_ADAPTER = "__base__"


class GenerationError(Exception):
    """The backend could not produce an answer; the pipeline fails closed."""


class GenerationTimeout(GenerationError):
    """The answer was not ready before the request's deadline."""


class GenerationOverloaded(Exception):
    """The generation queue is full: the request was not taken (answered 429, retry later)."""


@dataclass(frozen=True)
class ToolCall:
    """A function call an assistant proposed: its id, the function's name and its arguments as JSON text."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class ToolSpec:
    """A function the model may call, as the client declared it (OpenAI `tools`)."""

    name: str
    description: str
    parameters: dict


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["system", "user", "assistant", "tool"]
    content: str
    tool_calls: tuple[ToolCall, ...] = ()  # an assistant's calls
    tool_call_id: str | None = None  # a tool message: the call it answers


@dataclass(frozen=True)
class GenerationRequest:
    messages: tuple[ChatMessage, ...]
    adapter_key: str | None
    max_new_tokens: int
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = 0
    session: str | None = None  # the chat session, whose adapter stays resident while it is active
    tools: tuple[ToolSpec, ...] = ()  # what the model may call; none means it answers in text only
    tool_choice: str = "auto"  # "auto", "required", or the one function's name it must call


@dataclass(frozen=True)
class GenerationResult:
    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: Literal["stop", "length"]
    tool_calls: tuple[ToolCall, ...] = ()  # the calls the model proposed (its text is what else it said)
    malformed_calls: tuple[str, ...] = ()  # call blocks in its output that are not valid calls (never sent)


# Receives each new piece of text as it is generated; returning False asks the backend to stop.
TextSink = Callable[[str], bool]


class GenerationBackend(Protocol):
    """Where answers come from: the in-process worker, a remote engine, or a stand-in.

    The backend owns the deadline: `generate` returns or raises by then (GenerationTimeout), whatever the model
    does; callers set no timer of their own. With `on_text`, each piece of text is passed on as it is generated
    (a backend that answers whole passes its answer as one piece) and a False from it asks the backend to stop.
    """

    @property
    def ready(self) -> bool: ...

    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult: ...
