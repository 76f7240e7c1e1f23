"""The walk of one chat turn. This is the only place that knows the order of the stages.

normalize + signals -> pre-policy -> (generation) -> post-policy -> audit. Each stage takes data and returns
data; the model backend, the audit store, the policy bundles, the clock and the id source are passed in. The
turn is written to the audit store before the caller gets anything back.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import anyio.to_thread

from interlock.adapters.catalog import BoundAdapter
from interlock.adapters.generation import (
    ChatMessage,
    GenerationBackend,
    GenerationOverloaded,
    GenerationRequest,
    GenerationResult,
    GenerationTimeout,
    TextSink,
)
from interlock.policies.engine import (
    Handoff,
    PolicyInput,
    PostDecision,
    PreDecision,
    decision_input,
    evaluate_post,
    evaluate_pre,
)
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route
from interlock.policies.signals import injection_markers
from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import Evidence, check_evidence
from interlock.retrieval.grounding import Violation, ungrounded_values
from interlock.retrieval.index import Hit, KnowledgeIndex, relevant_hits
from interlock.retrieval.prompting import evidence_prompt, quote_answer
from interlock.service.audit.record import DecisionDraft, DecisionRecord, canonical_json, format_time
from interlock.service.audit.store import ChainedAuditStore
from interlock.service.policy_store import PolicyStore
from interlock.text.normalize import normalize_for_matching
from interlock.text.pii import find_pii, redact

log = logging.getLogger(__name__)

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


def redact_for_audit(draft: DecisionDraft) -> DecisionDraft:
    """The record with PII replaced in every text it keeps (the bundle's `audit.redact_pii`)."""

    def clean(text: str | None) -> str | None:
        return None if text is None else redact(text, find_pii(text))

    inputs = dict(draft.inputs)
    inputs["messages"] = [[role, clean(content)] for role, content in inputs.get("messages", [])]
    handoff = dict(draft.handoff) if draft.handoff else None
    if handoff:
        handoff["summary"] = clean(handoff["summary"])
    return draft.model_copy(update={
        "inputs": inputs,
        "handoff": handoff,
        "model_output": clean(draft.model_output),
        "candidate": clean(draft.candidate),
        "output": clean(draft.output),
    })  # fmt: skip


def audited_signals(signals: dict[str, Any]) -> dict[str, Any]:
    """What the audit keeps of the signals: decisions' inputs, without the PII values themselves."""
    entities = signals["entities"]
    return {
        "intents": signals["intents"],
        "matched": signals["matched"],
        "language": signals["language"],
        "injection": signals["injection"],
        "pii": signals["pii"],
        "entities": {
            "order_ids": entities["order_ids"],
            "money": entities["money"],
            "dates": entities["dates"],
            "emails": len(entities["emails"]),
            "phones": len(entities["phones"]),
        },
    }


@dataclass(frozen=True)
class _Generated:
    result: GenerationResult | None
    handoff_reason: str | None
    error: str | None


_GENERATION_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="generate")


def _generate(
    backend: GenerationBackend,
    turn: Turn,
    evidence_text: str | None = None,
    timeout_s: float | None = None,
    on_text: TextSink | None = None,
) -> _Generated:
    request = GenerationRequest(
        messages=prompt_messages(turn, evidence_text),
        adapter_key=turn.adapter.key if turn.adapter else None,
        max_new_tokens=turn.max_new_tokens,
        temperature=turn.temperature,
        top_p=turn.top_p,
        seed=turn.seed,
        session=turn.session,
    )
    try:
        # A hung backend cannot be stopped, but the turn stops waiting for it and fails closed.
        if on_text is None:
            result = _GENERATION_POOL.submit(backend.generate, request).result(timeout=timeout_s)
        elif getattr(backend, "streams", False):
            result = backend.generate(request, on_text=on_text)
        else:  # a backend that answers whole: its answer is one piece
            result = backend.generate(request)
            if isinstance(result, GenerationResult) and isinstance(result.text, str):
                on_text(result.text)
    except GenerationOverloaded:
        raise  # not a decision: the caller answers 429 and the client retries
    except (FutureTimeout, GenerationTimeout):
        log.error("generation timed out for %s/%s (limit %ss)", turn.tenant, turn.bot, timeout_s)
        return _Generated(None, "model_timeout", f"no answer in time (limit {timeout_s} s)")
    except Exception as exc:  # noqa: BLE001 - any backend fault must end in a safe, audited handoff
        log.exception("generation failed for %s/%s", turn.tenant, turn.bot)
        return _Generated(None, "model_error", f"{type(exc).__name__}: {exc}")
    if not isinstance(result, GenerationResult) or not isinstance(result.text, str):
        return _Generated(None, "model_error", f"backend returned {type(result).__name__}, not a GenerationResult")
    if not result.text.strip():
        return _Generated(result, "empty_model_output", None)
    return _Generated(result, None, None)


def handoff_payload(
    handoff: Handoff, decision_id: str, inputs: PolicyInput, summary_chars: int, grounded: Grounded | None
) -> dict[str, Any]:
    text = " ".join(inputs.turn["text"].split())
    intents = ", ".join(inputs.signals["intents"]) or "none"
    summary = f"intents: {intents}; last message: {text[:summary_chars]}" + ("…" if len(text) > summary_chars else "")
    payload = {"reason": handoff.reason, "priority": handoff.priority, "summary": summary, "decision_id": decision_id}
    if grounded is not None and grounded.evidence is not None and grounded.evidence.unresolved:
        by_id = {c.chunk_id: c for c in grounded.chunks}
        payload["conflicting_sources"] = [
            {"subject": c.subject, "kind": c.kind,
             "sources": [{"chunk_id": cid, "source": by_id[cid].meta.source, "values": list(values)}
                         for cid, values in zip(c.chunk_ids, c.values, strict=True)]}
            for c in grounded.evidence.unresolved
        ]  # fmt: skip
    return payload


@dataclass(frozen=True)
class Grounded:
    """The retrieval stage's outcome: the evidence, and the answer (or the reason to hand off)."""

    chunks: tuple[Chunk, ...] = ()
    hits: tuple[Hit, ...] = ()
    evidence: Evidence | None = None
    generated: _Generated | None = None
    answer: str | None = None
    handoff_reason: str | None = None
    violations: tuple[Violation, ...] = ()
    regenerated: bool = False
    suspect: dict[str, list[str]] = field(default_factory=dict)  # chunk id -> injection markers


def _answer_from_knowledge(
    backend: GenerationBackend,
    index: KnowledgeIndex | None,
    bundle: CompiledBundle,
    turn: Turn,
    inputs: PolicyInput,
    timeout_s: float | None,
) -> Grounded:
    if index is None:
        return Grounded(handoff_reason="knowledge_unavailable")
    policy = bundle.spec.grounding
    found = index.search(inputs.turn["text"], k=policy.top_k)
    hits = tuple(relevant_hits(found, policy.similarity_margin, policy.lexical_ratio, policy.min_similarity))
    # A chunk that carries instructions for the model is not evidence, whatever its metadata says.
    suspect = {h.chunk.chunk_id: markers for h in hits
               if (markers := injection_markers(h.chunk.text, normalize_for_matching(h.chunk.text)))}  # fmt: skip
    chunks = tuple(h.chunk for h in hits if h.chunk.chunk_id not in suspect)
    scope = inputs.facts.get("scope") if isinstance(inputs.facts.get("scope"), dict) else None
    evidence = check_evidence(list(chunks), inputs.now.date(), {str(k): str(v) for k, v in (scope or {}).items()})
    base = Grounded(chunks=chunks, hits=hits, evidence=evidence, suspect=suspect)
    if evidence.unresolved:
        return replace(base, handoff_reason="conflicting_evidence")
    if not evidence.kept:
        return replace(base, handoff_reason="no_evidence")
    generated = _generate(backend, turn, evidence_prompt(evidence), timeout_s)
    if generated.handoff_reason is not None:
        return replace(base, generated=generated, handoff_reason=generated.handoff_reason)
    violations = ungrounded_values(generated.result.text, evidence, policy.require_evidence_value)
    if not violations:
        return replace(base, generated=generated, answer=generated.result.text)
    if policy.on_ungrounded != "block":
        retry = _generate(backend, turn, evidence_prompt(evidence, allowed_only=True), timeout_s)
        if retry.handoff_reason is None and not ungrounded_values(
            retry.result.text, evidence, policy.require_evidence_value
        ):
            return replace(base, generated=retry, answer=retry.result.text, violations=violations, regenerated=True)
        if policy.on_ungrounded == "regenerate_then_quote":
            return replace(
                base, generated=retry, answer=quote_answer(evidence), violations=violations, regenerated=True
            )
        return replace(
            base, generated=retry, handoff_reason="ungrounded_answer", violations=violations, regenerated=True
        )
    return replace(base, generated=generated, handoff_reason="ungrounded_answer", violations=violations)


def audited_retrieval(grounded: Grounded) -> dict[str, Any] | None:
    if grounded.evidence is None:
        return None
    evidence = grounded.evidence
    return {
        "hits": [{"chunk_id": h.chunk.chunk_id, "score": h.score, "dense_rank": h.dense_rank,
                  "lexical_rank": h.lexical_rank} for h in grounded.hits],
        "kept": [c.chunk_id for c in evidence.kept],
        "dropped": [asdict(d) for d in evidence.dropped],
        "conflicts": [asdict(c) for c in evidence.conflicts],
        "scoped": [asdict(n) for n in evidence.scoped],
        "forbidden": [list(v) for v in evidence.forbidden],
        "violations": [asdict(v) for v in grounded.violations],
        "regenerated": grounded.regenerated,
        "injection_dropped": grounded.suspect,
    }  # fmt: skip


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
class _Begun:
    """A turn after its signals and pre-policy."""

    decision_id: str
    now: datetime
    timer: _Laps
    bundle: CompiledBundle
    inputs: PolicyInput
    pre: PreDecision


@dataclass(frozen=True)
class _Outcome:
    """How the turn ended: route, handoff, the answer judged, the post-policy's verdict and what was sent."""

    route: Route
    handoff: Handoff | None
    candidate: str
    post: PostDecision
    sent: str
    generated: _Generated | None = None
    grounded: Grounded | None = None


class Pipeline:
    def __init__(
        self,
        backend: GenerationBackend,
        store: ChainedAuditStore,
        policies: PolicyStore,
        base_model: str,
        knowledge: Mapping[str, KnowledgeIndex] | None = None,
        clock: Clock = utc_now,
        generation_timeout_s: float | None = None,
        new_id: IdSource = new_decision_id,
        timer: Timer = time.perf_counter,
    ):
        self.backend = backend
        self.store = store
        self.policies = policies
        self.base_model = base_model
        self.knowledge = dict(knowledge or {})
        self.generation_timeout_s = generation_timeout_s
        self._clock = clock
        self._new_id = new_id
        self._timer = timer

    def _begin(self, turn: Turn) -> _Begun:
        """Signals and the pre-policy: everything decided before any answer exists."""
        decision_id, now, timer = self._new_id(), self._clock(), _Laps(self._timer)
        bundle = self.policies.bundle(turn.tenant)
        inputs = policy_input(turn, bundle, now)
        timer.lap("signals")
        pre = evaluate_pre(bundle, inputs)
        timer.lap("pre_policy")
        return _Begun(decision_id, now, timer, bundle, inputs, pre)

    def run(self, turn: Turn) -> DecisionRecord:
        """Decide and answer one turn; raises AuditUnavailable (and returns nothing) if it cannot be recorded."""
        return self._answer(turn, self._begin(turn))

    async def run_async(self, turn: Turn) -> DecisionRecord:
        """`run` for an event loop. A turn the rules answer (no model, no retrieval) is decided right here, in
        well under a millisecond, and only its audit write leaves the loop; a model or knowledge turn runs on a
        worker thread."""
        begun = self._begin(turn)
        if begun.pre.route in (Route.MODEL, Route.RAG):
            return await anyio.to_thread.run_sync(self._answer, turn, begun)
        return await self.store.append_async(self._draft(turn, begun, self._outcome(turn, begun)))

    def _answer(self, turn: Turn, begun: _Begun) -> DecisionRecord:
        return self._record(turn, begun, self._outcome(turn, begun))

    def _outcome(self, turn: Turn, begun: _Begun) -> _Outcome:
        bundle, inputs, pre, timer = begun.bundle, begun.inputs, begun.pre, begun.timer
        route, handoff, candidate, generated, grounded = pre.route, pre.handoff, pre.answer, None, None
        if route is Route.MODEL:
            generated = _generate(self.backend, turn, timeout_s=self.generation_timeout_s)
            timer.lap("generate")
            if generated.handoff_reason is None:
                candidate = generated.result.text
            else:
                route, handoff = Route.HANDOFF, Handoff(generated.handoff_reason, "high")
        elif route is Route.RAG:
            index = self.knowledge.get(turn.tenant)
            grounded = _answer_from_knowledge(self.backend, index, bundle, turn, inputs, self.generation_timeout_s)
            generated = grounded.generated
            timer.lap("retrieve_generate")
            if grounded.handoff_reason is None:
                candidate = grounded.answer
            else:
                route, handoff = Route.HANDOFF, Handoff(grounded.handoff_reason, "high")
        if candidate is None:
            candidate = bundle.spec.templates[bundle.spec.handoff.template]
        post = evaluate_post(bundle, inputs, pre, candidate)
        timer.lap("post_policy")
        if post.blocked:
            route, handoff = Route.HANDOFF, post.handoff
        return _Outcome(route, handoff, candidate, post, post.text, generated, grounded)

    def _record(self, turn: Turn, begun: _Begun, outcome: _Outcome) -> DecisionRecord:
        """Write the turn's decision record (durable on return, or AuditUnavailable)."""
        return self.store.append(self._draft(turn, begun, outcome))

    def _draft(self, turn: Turn, begun: _Begun, outcome: _Outcome) -> DecisionDraft:
        """The turn's decision record, before it takes its place in the chain."""
        decision_id, now, bundle, inputs, pre = begun.decision_id, begun.now, begun.bundle, begun.inputs, begun.pre
        route, grounded, generated, post = outcome.route, outcome.grounded, outcome.generated, outcome.post
        usage = generated.result if generated else None
        summary_chars = bundle.spec.handoff.summary_chars
        payload = (
            handoff_payload(outcome.handoff, decision_id, inputs, summary_chars, grounded) if outcome.handoff else None
        )
        draft = DecisionDraft(
            decision_id=decision_id,
            tenant=turn.tenant,
            bot=turn.bot,
            created_at=format_time(now),
            route=route,
            pre_route=pre.route,
            bundle_version=bundle.version,
            base_model=self.base_model,
            adapter_id=turn.adapter.adapter_id if turn.adapter else None,
            adapter_version=turn.adapter.version if turn.adapter else None,
            input_hash=input_hash(turn),
            inputs=turn_inputs(turn),
            signals=audited_signals(inputs.signals),
            rules_fired=[
                {"id": f.id, "stage": f.stage, "action": f.action, "why": f.description}
                for f in (*pre.fired, *post.fired)
            ],  # fmt: skip
            disclaimers=list(post.disclaimers),
            retrieval=audited_retrieval(grounded) if grounded else None,
            citations=[c.chunk_id for c in grounded.evidence.kept] if route is Route.RAG else [],
            policy_errors=[*pre.errors, *post.errors],
            model_output=usage.text if usage else None,
            candidate=outcome.candidate,
            output=outcome.sent,
            finish_reason=usage.finish_reason if usage and route in (Route.MODEL, Route.RAG) else "stop",
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            handoff=payload,
            error=generated.error if generated else None,
            latencies_ms=begun.timer.latencies,
        )
        if bundle.spec.audit.redact_pii:
            draft = redact_for_audit(draft)
        return draft

    def stream(self, turn: Turn) -> Iterator[str | DecisionRecord]:
        """The turn as it is generated: pieces of text the post-policy has passed, then the decision record.

        Model answers are released a sentence at a time, each only after the post-policy has judged the answer so
        far; a block ends the stream with the safe closing message. Every other route is decided (and recorded)
        whole first, then sent. The record is written before the last piece leaves: if it cannot be written,
        AuditUnavailable is raised and the stream ends without its last piece.
        """
        begun = self._begin(turn)
        bundle, inputs, pre, timer = begun.bundle, begun.inputs, begun.pre, begun.timer
        if pre.route is not Route.MODEL:
            record = self._answer(turn, begun)
            yield record.output
            yield record
            return
        pieces: queue.Queue = queue.Queue()
        stop = threading.Event()

        def sink(text: str) -> bool:
            pieces.put(text)
            return not stop.is_set()

        def produce() -> _Generated:
            try:
                return _generate(self.backend, turn, timeout_s=self.generation_timeout_s, on_text=sink)
            except GenerationOverloaded as exc:  # the stream has begun: too late for a 429, hand off instead
                return _Generated(None, "model_overloaded", str(exc))
            finally:
                pieces.put(_STREAM_END)

        future = _GENERATION_POOL.submit(produce)
        released, pending, blocked_post, timed_out = "", "", None, False
        while True:
            try:
                piece = pieces.get(timeout=self.generation_timeout_s)
            except queue.Empty:
                stop.set()
                timed_out = True
                break
            if piece is _STREAM_END:
                break
            pending += piece
            cut = sentence_cut(pending)
            if not cut:
                continue
            judged = evaluate_post(bundle, inputs, pre, released + pending[:cut])
            if judged.blocked:
                stop.set()
                blocked_post = judged
                break
            body = judged.body
            if body.startswith(released) and len(body) > len(released):
                yield body[len(released) :]
                released = body
            pending = pending[cut:]
        # After a block the model stops at its next piece; only a model that went silent is not waited for.
        generated = _Generated(None, "model_timeout", "no answer in time") if timed_out else future.result()
        timer.lap("generate")
        route, handoff = Route.MODEL, None
        if blocked_post is not None:
            candidate, post = released + pending, blocked_post
            route, handoff = Route.HANDOFF, blocked_post.handoff
        elif generated.handoff_reason is not None:
            candidate = bundle.spec.templates[bundle.spec.handoff.template]
            post = evaluate_post(bundle, inputs, pre, candidate)
            route, handoff = Route.HANDOFF, Handoff(generated.handoff_reason, "high")
        else:
            candidate = generated.result.text
            post = evaluate_post(bundle, inputs, pre, candidate)
            if post.blocked:
                route, handoff = Route.HANDOFF, post.handoff
        timer.lap("post_policy")
        # What is still to send: the rest of the answer, or (after a block or fault) the safe closing message.
        if route is Route.MODEL and post.text.startswith(released):
            tail = post.text[len(released) :]
        else:
            tail = ("\n\n" if released else "") + post.text
        outcome = _Outcome(route, handoff, candidate, post, released + tail, generated)
        record = self._record(turn, begun, outcome)
        yield tail
        yield record
