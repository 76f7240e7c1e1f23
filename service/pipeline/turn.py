"""One chat turn as the pipeline takes it, and what is derived from it alone: its inputs, hash and prompt."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from interlock.adapters.catalog import BoundAdapter
from interlock.adapters.generation import ChatMessage
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


def turn_inputs(turn: Turn) -> dict[str, Any]:
    """What decides the turn besides the bundle and the clock: the messages as sent and the facts."""
    return {"messages": [[m.role, m.content] for m in turn.messages], "facts": turn.facts}


def input_hash(turn: Turn) -> str:
    content = {"bot": turn.bot} | turn_inputs(turn)
    return "sha256:" + hashlib.sha256(canonical_json(content).encode()).hexdigest()


def prompt_messages(turn: Turn, evidence_text: str | None = None) -> tuple[ChatMessage, ...]:
    system_text = "\n\n".join(t for t in (turn.system_prompt, evidence_text) if t)
    system = (ChatMessage("system", system_text),) if system_text else ()
    return system + turn.messages


def policy_input(turn: Turn, bundle: CompiledBundle, now: datetime) -> PolicyInput:
    earlier_user_turns = sum(1 for m in turn.messages[:-1] if m.role == "user")
    text = turn.messages[-1].content
    return decision_input(bundle, text, earlier_user_turns, turn.facts, now, bot=turn.bot, tenant=turn.tenant)
