"""The walk of one chat turn. This is the only place that knows the order of the stages.

normalize + signals -> pre-policy -> (retrieval, generation) -> settle (post-policy) -> audit. Each stage takes
data and returns data; the model backend, the audit store, the policy bundles, the clock and the id source are
passed in. The turn is written to the audit store before the caller gets anything back.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import anyio.to_thread

from interlock.adapters.generation import GenerationBackend, GenerationOverloaded
from interlock.policies.conversation import EarlierInjection, earlier_injections, exchanges, tool_context
from interlock.policies.engine import PolicyInput, PostDecision, PreDecision, evaluate_post, evaluate_pre
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route
from interlock.policies.settle import Outcome, settle
from interlock.policies.tool_facts import ToolFacts, derive_tool_facts
from interlock.policies.tools import CallDecision, ProposedCall, evaluate_tools
from interlock.retrieval.index import KnowledgeIndex
from interlock.service.audit.record import DecisionRecord
from interlock.service.audit.store import AuditStore
from interlock.service.delivery.inbox import approvals
from interlock.service.pipeline.generation import Generated, generate
from interlock.service.pipeline.knowledge import Grounded, answer_from_knowledge
from interlock.service.pipeline.record import Decided, decision_draft
from interlock.service.pipeline.turn import (
    Clock,
    IdSource,
    Timer,
    Turn,
    new_decision_id,
    policy_input,
    utc_now,
    withholding,
)
from interlock.service.policy_store import PolicyStore

_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？\n]")
_STREAM_END = object()


def sentence_cut(text: str) -> int:
    """Length of the longest prefix of `text` that ends a sentence (0 if none does yet)."""
    cut = 0
    for match in _SENTENCE_END.finditer(text):
        cut = match.end()
    return cut


class _Laps:
    """Milliseconds per stage, from one mark to the next."""

    def __init__(self, timer: Timer) -> None:
        self._timer, self._mark, self.latencies = timer, timer(), {}

    def lap(self, stage: str) -> None:
        now = self._timer()
        self.latencies[stage] = round((now - self._mark) * 1000, 3)
        self._mark = now


@dataclass(frozen=True)
class StreamStart:
    """The first item of a stream: the id its decision record will carry, known before any text leaves."""

    decision_id: str


@dataclass(frozen=True)
class _Begun:
    """A turn after its signals and pre-policy."""

    decision_id: str
    now: datetime
    laps: _Laps
    bundle: CompiledBundle
    inputs: PolicyInput
    pre: PreDecision
    established: ToolFacts  # what the conversation's tool results established
    earlier: tuple[EarlierInjection, ...] = ()  # earlier messages that carry prompt injection (withheld)


def call_id(decision_id: str, index: int) -> str:
    """The id of a call proposed in a turn: its decision's id and its place, so the record finds it again."""
    return f"call_{decision_id.removeprefix('dec_')}_{index}"


def proposed_calls(decision_id: str, generated: Generated | None) -> tuple[ProposedCall, ...]:
    """The calls the model proposed, with Interlock's ids; a block that was not a valid call is one with no name
    (the tool stage denies it as malformed)."""
    if generated is None or generated.result is None or generated.fault is not None:
        return ()
    result = generated.result
    calls = [(c.name, c.arguments) for c in result.tool_calls] + [("", body) for body in result.malformed_calls]
    return tuple(ProposedCall(call_id(decision_id, i), name, arguments) for i, (name, arguments) in enumerate(calls))


class Pipeline:
    def __init__(
        self,
        backend: GenerationBackend,
        store: AuditStore,
        policies: PolicyStore,
        base_model: str,
        knowledge: Mapping[str, KnowledgeIndex] | None = None,
        clock: Clock = utc_now,
        new_id: IdSource = new_decision_id,
        timer: Timer = time.perf_counter,
    ):
        self.backend = backend
        self.store = store
        self.policies = policies
        self.base_model = base_model
        self.knowledge = dict(knowledge or {})
        self._clock = clock
        self._new_id = new_id
        self._timer = timer

    def _begin(self, turn: Turn) -> _Begun:
        """Signals and the pre-policy: everything decided before any answer exists."""
        decision_id, now, laps = self._new_id(), self._clock(), _Laps(self._timer)
        bundle = self.policies.bundle(turn.tenant)
        established = derive_tool_facts(bundle, exchanges(turn.messages))
        earlier = earlier_injections(turn.messages)
        inputs = policy_input(turn, bundle, now, established.facts, earlier)
        laps.lap("signals")
        pre = evaluate_pre(bundle, inputs)
        laps.lap("pre_policy")
        return _Begun(decision_id, now, laps, bundle, inputs, pre, established, earlier)

    def _tool_stage(self, turn: Turn, begun: _Begun, generated: Generated | None) -> tuple[CallDecision, ...]:
        calls = proposed_calls(begun.decision_id, generated)
        if not calls:
            return ()
        offered = frozenset(t.name for t in turn.tools.offered())
        context = tool_context(turn.messages, begun.established.session, begun.established.history, offered,
                               turn.tools.parallel)  # fmt: skip
        context = replace(context, approvals=approvals(turn.facts))  # people's decisions, from the inbox
        decisions = evaluate_tools(begun.bundle, begun.inputs, calls, context)
        begun.laps.lap("tool_stage")
        return decisions

    def run(self, turn: Turn) -> DecisionRecord:
        """Decide and answer one turn; raises AuditUnavailable (and returns nothing) if it cannot be recorded."""
        return self.store.append(decision_draft(self._whole(turn, self._begin(turn))))

    async def run_async(self, turn: Turn) -> DecisionRecord:
        """`run` for an event loop. A turn the rules answer (no model, no retrieval) is decided right here, in
        well under a millisecond, and only its audit write leaves the loop; a model or knowledge turn runs on a
        worker thread."""
        begun = self._begin(turn)
        if begun.pre.route in (Route.MODEL, Route.RAG):
            decided = await anyio.to_thread.run_sync(self._whole, turn, begun)
        else:
            decided = self._whole(turn, begun)
        return await self.store.append_async(decision_draft(decided))

    def _whole(self, turn: Turn, begun: _Begun) -> Decided:
        """The turn answered whole: the model or knowledge answer (if the pre-policy asked for one), settled."""
        bundle, inputs, pre, laps = begun.bundle, begun.inputs, begun.pre, begun.laps
        generated: Generated | None = None
        grounded: Grounded | None = None
        candidate, fault, calls = None, None, ()
        model_turn = withholding(turn, begun.established.injected, begun.earlier)
        if pre.route is Route.MODEL:
            generated = generate(self.backend, model_turn, offer_tools=True)
            laps.lap("generate")
            candidate = generated.result.text if generated.fault is None else None
            fault = generated.fault
            calls = self._tool_stage(turn, begun, generated)
        elif pre.route is Route.RAG:
            grounded = answer_from_knowledge(self.backend, self.knowledge.get(turn.tenant), bundle, model_turn, inputs)
            laps.lap("retrieve_generate")
            generated, candidate, fault = grounded.generated, grounded.answer, grounded.fault
        outcome = settle(bundle, inputs, pre, candidate, fault, tools=calls)
        laps.lap("post_policy")
        return self._decided(turn, begun, outcome, outcome.sent, generated, grounded)

    def _decided(
        self,
        turn: Turn,
        begun: _Begun,
        outcome: Outcome,
        sent: str,
        generated: Generated | None = None,
        grounded: Grounded | None = None,
    ) -> Decided:
        return Decided(
            decision_id=begun.decision_id,
            now=begun.now,
            turn=turn,
            bundle=begun.bundle,
            inputs=begun.inputs,
            pre=begun.pre,
            outcome=outcome,
            sent=sent,
            base_model=self.base_model,
            latencies_ms=begun.laps.latencies,
            generated=generated,
            grounded=grounded,
            established=begun.established,
        )

    def stream(self, turn: Turn) -> Iterator[StreamStart | str | DecisionRecord]:
        """The turn as it is generated: its StreamStart, pieces of text the post-policy has passed, then the
        decision record.

        Model answers are released a sentence at a time, each only after the post-policy has judged the answer so
        far; a block ends the stream with the safe closing message. Every other route is decided (and recorded)
        whole first, then sent. The record is written before the last piece leaves: if it cannot be written,
        AuditUnavailable is raised and the stream ends without its last piece. A stream the client closes early
        is still recorded, with what had been sent.
        """
        begun = self._begin(turn)
        yield StreamStart(begun.decision_id)
        # A turn that may end in tool calls is decided whole: its calls are judged before any text leaves.
        if begun.pre.route is not Route.MODEL or turn.tools.offered():
            record = self.store.append(decision_draft(self._whole(turn, begun)))
            yield record.output
            yield record
            return
        bundle, inputs, pre, laps = begun.bundle, begun.inputs, begun.pre, begun.laps
        pieces: queue.Queue = queue.Queue()
        stop = threading.Event()
        produced: list[Generated] = []

        def sink(text: str) -> bool:
            pieces.put(text)
            return not stop.is_set()

        def produce() -> None:
            try:
                model_turn = withholding(turn, begun.established.injected, begun.earlier)
                produced.append(generate(self.backend, model_turn, on_text=sink))
            except GenerationOverloaded as exc:  # the stream has begun: too late for a 429, hand off instead
                produced.append(Generated(None, "model_overloaded", str(exc)))
            finally:
                pieces.put(_STREAM_END)

        # The backend owns the deadline: the producer always ends, with an answer or a fault, by then.
        producer = threading.Thread(target=produce, name="stream-generate", daemon=True)
        producer.start()
        released, pending, blocked = "", "", None
        try:
            while (piece := pieces.get()) is not _STREAM_END:
                pending += piece
                cut = sentence_cut(pending)
                if not cut:
                    continue
                judged = evaluate_post(bundle, inputs, pre, released + pending[:cut])
                if judged.blocked:
                    blocked = judged
                    break
                body = judged.body
                if body.startswith(released) and len(body) > len(released):
                    yield body[len(released) :]
                    released = body
                pending = pending[cut:]
        except GeneratorExit:  # the client went away: stop the model, record what it was sent, and end
            stop.set()
            producer.join()
            self.store.append(decision_draft(self._streamed(turn, begun, produced[0], released, pending, None, True)))
            raise
        stop.set()  # after a block the model stops at its next piece
        producer.join()
        laps.lap("generate")
        decided = self._streamed(turn, begun, produced[0], released, pending, blocked, False)
        laps.lap("post_policy")
        record = self.store.append(decision_draft(decided))
        yield decided.sent[len(released) :]
        yield record

    def _streamed(
        self,
        turn: Turn,
        begun: _Begun,
        generated: Generated,
        released: str,
        pending: str,
        blocked: PostDecision | None,
        cut_off: bool,
    ) -> Decided:
        """How a streamed model turn ended, and what the client got in all: the text released, then the rest of
        the answer, or (after a block or fault) the safe closing message; nothing more if the client left."""
        bundle, inputs, pre = begun.bundle, begun.inputs, begun.pre
        if blocked is not None:
            outcome = settle(bundle, inputs, pre, released + pending, judged=blocked)
        elif generated.fault is not None:
            outcome = settle(bundle, inputs, pre, fault=generated.fault)
        else:
            outcome = settle(bundle, inputs, pre, generated.result.text)
        if cut_off:
            sent = released
        elif outcome.route is Route.MODEL and outcome.sent.startswith(released):
            sent = outcome.sent
        else:
            sent = released + ("\n\n" if released else "") + outcome.sent
        return self._decided(turn, begun, outcome, sent, generated)
