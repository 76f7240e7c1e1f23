"""The walk of one chat turn. This is the only place that knows the order of the stages.

Each stage takes data and returns data; the model backend, the audit store, the clock and the id source are
passed in. The turn is written to the audit store before the caller gets anything back.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from adapters.generation import ChatMessage, GenerationBackend, GenerationRequest, GenerationResult
from policies.routes import Route
from service.audit import DecisionDraft, DecisionRecord, SQLiteAuditStore, canonical_json, format_time

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Timer = Callable[[], float]
IdSource = Callable[[], str]

SAFE_HANDOFF_ANSWER = (
    "I'm sorry, I can't answer that right now. I'm passing your conversation to a member of our support team, "
    "who will get back to you shortly."
)


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_decision_id() -> str:
    return "dec_" + uuid.uuid4().hex


@dataclass(frozen=True)
class BoundAdapter:
    """A bot's adapter as the backend holds it."""

    key: str
    adapter_id: str
    version: str


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


def input_hash(turn: Turn) -> str:
    """Hash of what decides the turn: the bot and the messages as sent."""
    content = {"bot": turn.bot, "messages": [[m.role, m.content] for m in turn.messages]}
    return "sha256:" + hashlib.sha256(canonical_json(content).encode()).hexdigest()


def prompt_messages(turn: Turn) -> tuple[ChatMessage, ...]:
    system = (ChatMessage("system", turn.system_prompt),) if turn.system_prompt else ()
    return system + turn.messages


@dataclass(frozen=True)
class _Generated:
    route: Route
    result: GenerationResult | None
    output: str
    handoff_reason: str | None
    error: str | None


def _generate(backend: GenerationBackend, turn: Turn) -> _Generated:
    request = GenerationRequest(
        messages=prompt_messages(turn),
        adapter_key=turn.adapter.key if turn.adapter else None,
        max_new_tokens=turn.max_new_tokens,
        temperature=turn.temperature,
        top_p=turn.top_p,
        seed=turn.seed,
    )
    try:
        result = backend.generate(request)
    except Exception as exc:  # noqa: BLE001 - any backend fault must end in a safe, audited handoff
        log.exception("generation failed for %s/%s", turn.tenant, turn.bot)
        return _Generated(Route.HANDOFF, None, SAFE_HANDOFF_ANSWER, "model_error", f"{type(exc).__name__}: {exc}")
    if not result.text.strip():
        return _Generated(Route.HANDOFF, result, SAFE_HANDOFF_ANSWER, "empty_model_output", None)
    return _Generated(Route.MODEL, result, result.text, None, None)


class Pipeline:
    def __init__(
        self,
        backend: GenerationBackend,
        store: SQLiteAuditStore,
        base_model: str,
        clock: Clock = utc_now,
        new_id: IdSource = new_decision_id,
        timer: Timer = time.perf_counter,
    ):
        self.backend = backend
        self.store = store
        self.base_model = base_model
        self._clock = clock
        self._new_id = new_id
        self._timer = timer

    def run(self, turn: Turn) -> DecisionRecord:
        """Decide and answer one turn; raises AuditUnavailable (and returns nothing) if it cannot be recorded."""
        latencies: dict[str, float] = {}
        started_at = self._clock()
        mark = self._timer()

        def lap(stage: str) -> None:
            nonlocal mark
            now = self._timer()
            latencies[stage] = round((now - mark) * 1000, 3)
            mark = now

        digest = input_hash(turn)
        lap("normalize")
        generated = _generate(self.backend, turn)
        lap("generate")
        usage = generated.result
        draft = DecisionDraft(
            decision_id=self._new_id(),
            tenant=turn.tenant,
            bot=turn.bot,
            created_at=format_time(started_at),
            route=generated.route,
            base_model=self.base_model,
            adapter_id=turn.adapter.adapter_id if turn.adapter else None,
            adapter_version=turn.adapter.version if turn.adapter else None,
            input_hash=digest,
            output=generated.output,
            finish_reason=usage.finish_reason if usage else "stop",
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            handoff_reason=generated.handoff_reason,
            error=generated.error,
            latencies_ms=latencies,
        )
        return self.store.append(draft)
