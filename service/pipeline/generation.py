"""The generation step: ask the backend for an answer and turn whatever goes wrong into a fault, never a raise.

The deadline is the backend's: the generation worker fails a request it cannot finish in time, the remote client
has its HTTP timeout; both raise GenerationTimeout. This step sets no timer of its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from interlock.adapters.generation import (
    GenerationBackend,
    GenerationOverloaded,
    GenerationRequest,
    GenerationResult,
    GenerationTimeout,
    TextSink,
)
from interlock.policies.settle import Fault
from interlock.service.pipeline.turn import Turn, prompt_messages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Generated:
    """The backend's answer, or the fault that stands for it (with the error for the record)."""

    result: GenerationResult | None
    fault: Fault | None
    error: str | None


def generation_request(turn: Turn, evidence_text: str | None = None, offer_tools: bool = False) -> GenerationRequest:
    """The backend's request for `turn`. Tools are offered only where the caller says (a model turn, not a
    knowledge answer), and as the request's `tool_choice` narrows them."""
    tools = turn.tools.offered() if offer_tools else ()
    return GenerationRequest(
        messages=prompt_messages(turn, evidence_text),
        adapter_key=turn.adapter.key if turn.adapter else None,
        max_new_tokens=turn.max_new_tokens,
        temperature=turn.temperature,
        top_p=turn.top_p,
        seed=turn.seed,
        session=turn.session,
        tools=tools,
        tool_choice=turn.tools.choice if tools and turn.tools.choice != "none" else "auto",
    )


def generate(
    backend: GenerationBackend,
    turn: Turn,
    evidence_text: str | None = None,
    on_text: TextSink | None = None,
    offer_tools: bool = False,
) -> Generated:
    """The answer to `turn`; with `on_text`, its pieces are passed on as they are generated.

    GenerationOverloaded is not a decision and propagates: the caller answers 429 and the client retries.
    """
    try:
        request = generation_request(turn, evidence_text, offer_tools)
        result = backend.generate(request) if on_text is None else backend.generate(request, on_text=on_text)
    except GenerationOverloaded:
        raise
    except (GenerationTimeout, TimeoutError) as exc:
        log.error("generation timed out for %s/%s: %s", turn.tenant, turn.bot, exc)
        return Generated(None, "model_timeout", f"no answer in time: {exc}")
    except Exception as exc:  # noqa: BLE001 - any backend fault must end in a safe, audited handoff
        log.exception("generation failed for %s/%s", turn.tenant, turn.bot)
        return Generated(None, "model_error", f"{type(exc).__name__}: {exc}")
    return checked(result)


def checked(result: object) -> Generated:
    """A backend's return value as an answer, or a model_error fault when it is not one (or is empty)."""
    if not isinstance(result, GenerationResult) or not isinstance(result.text, str):
        return Generated(None, "model_error", f"backend returned {type(result).__name__}, not a GenerationResult")
    if not result.text.strip() and not result.tool_calls and not result.malformed_calls:
        return Generated(result, "empty_model_output", None)
    return Generated(result, None, None)
