"""One chat turn as the pipeline takes it, and what is derived from it alone: its inputs, hash and prompt."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from interlock.adapters.catalog import BoundAdapter
from interlock.adapters.generation import ChatMessage, ToolSpec
from interlock.policies.conversation import EarlierInjection, last_customer_message
from interlock.policies.engine import PolicyInput, decision_input
from interlock.policies.loader import CompiledBundle
from interlock.service.audit.record import canonical_json

Clock = Callable[[], datetime]
Timer = Callable[[], float]
IdSource = Callable[[], str]


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_decision_id() -> str:
    return "dec_" + uuid.uuid4().hex


@dataclass(frozen=True)
class ToolOffer:
    """The tools a request offers the model (OpenAI `tools`, `tool_choice`, `parallel_tool_calls`)."""

    tools: tuple[ToolSpec, ...] = ()
    choice: str = "auto"  # auto, none, required, or the one function's name
    parallel: bool = True

    def offered(self) -> tuple[ToolSpec, ...]:
        """What the model is shown: nothing with `none`, only the named one when a function is chosen."""
        if self.choice == "none":
            return ()
        if self.choice in ("auto", "required"):
            return self.tools
        return tuple(t for t in self.tools if t.name == self.choice)


NO_TOOLS = ToolOffer()


def catalog_tools(bundle: CompiledBundle, names: list[str] | None = None) -> tuple[ToolSpec, ...]:
    """The bundle's declared tools (or those named) as a client declares them, in name order: what a demo client
    offers and what the demo adapters are trained with."""
    catalog = bundle.spec.tools.catalog
    chosen = sorted(catalog) if names is None else [n for n in names if n in catalog]
    return tuple(ToolSpec(n, catalog[n].description, catalog[n].parameters) for n in chosen)


@dataclass(frozen=True)
class Turn:
    tenant: str
    bot: str
    system_prompt: str | None
    adapter: BoundAdapter | None
    messages: tuple[ChatMessage, ...]
    max_new_tokens: int
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = 0
    facts: dict[str, Any] = field(default_factory=dict)
    session: str | None = None  # keeps the bot's adapter resident between turns; decides nothing
    tools: ToolOffer = NO_TOOLS


def turn_inputs(turn: Turn) -> dict[str, Any]:
    """What decides the turn besides the bundle and the clock: the messages as sent, the facts, and (when the
    conversation has them) the tools offered and the earlier calls. A turn without tools keeps the shape records
    had before tools existed."""
    inputs: dict[str, Any] = {"messages": [[m.role, m.content] for m in turn.messages], "facts": turn.facts}
    calls = [[c.id, c.name, c.arguments] for m in turn.messages for c in m.tool_calls]
    answers = [[m.tool_call_id, m.content] for m in turn.messages if m.role == "tool"]
    if calls or answers:
        inputs["tool_calls"], inputs["tool_results"] = calls, answers
    if turn.tools.tools:
        inputs["tools"] = {"offered": [t.name for t in turn.tools.tools], "choice": turn.tools.choice,
                           "parallel": turn.tools.parallel}  # fmt: skip
    return inputs


def input_hash(turn: Turn) -> str:
    content = {"bot": turn.bot} | turn_inputs(turn)
    return "sha256:" + hashlib.sha256(canonical_json(content).encode()).hexdigest()


WITHHELD_RESULT = "[withheld by Interlock: this tool result contained instructions to the assistant]"
WITHHELD_MESSAGE = "[withheld by Interlock: this earlier message contained instructions to the assistant]"


def prompt_messages(turn: Turn, evidence_text: str | None = None) -> tuple[ChatMessage, ...]:
    system_text = "\n\n".join(t for t in (turn.system_prompt, evidence_text) if t)
    system = (ChatMessage("system", system_text),) if system_text else ()
    return system + turn.messages


def withholding(turn: Turn, call_ids: frozenset[str], earlier: tuple[EarlierInjection, ...] = ()) -> Turn:
    """The turn as the model reads it: tool results and earlier messages the injection check flagged are replaced
    by a note (an assistant message keeps its tool calls; the record keeps everything as sent)."""
    flagged = {e.message for e in earlier}
    if not call_ids and not flagged:
        return turn

    def read(index: int, m: ChatMessage) -> ChatMessage:
        if m.tool_call_id in call_ids:
            return ChatMessage("tool", WITHHELD_RESULT, tool_call_id=m.tool_call_id)
        return replace(m, content=WITHHELD_MESSAGE) if index in flagged else m

    return replace(turn, messages=tuple(read(i, m) for i, m in enumerate(turn.messages)))


def policy_input(
    turn: Turn, bundle: CompiledBundle, now: datetime, tool_facts: dict[str, Any] | None = None,
    earlier: tuple[EarlierInjection, ...] = (),
) -> PolicyInput:
    """The policy's view of the turn: the customer's last message, the request's facts with what the
    conversation's tool results established over them, and (`signals.history_injection`) the kinds of prompt
    injection found in earlier messages."""
    index, text = last_customer_message(turn.messages)
    earlier_user_turns = sum(1 for m in turn.messages[:index] if m.role == "user")
    facts = turn.facts | (tool_facts or {})
    inputs = decision_input(bundle, text, earlier_user_turns, facts, now, bot=turn.bot, tenant=turn.tenant)
    findings = inputs.signals["findings"] | {"history_injection": [d for e in earlier for d in e.data()]}
    signals = inputs.signals | {"history_injection": sorted({f.kind for e in earlier for f in e.findings}),
                                "findings": findings}  # fmt: skip
    return replace(inputs, signals=signals)
