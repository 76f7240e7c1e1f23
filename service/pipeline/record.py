"""A turn's decision record as the pipeline drafts it: what is kept of the signals, the handoff payload, masking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from interlock.policies.engine import Handoff, PolicyInput, PreDecision
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route
from interlock.policies.settle import Outcome
from interlock.policies.signals import pii_spans
from interlock.policies.tool_facts import ToolFacts
from interlock.policies.tools import CallDecision
from interlock.service.audit.record import RECORD_VERSION, DecisionDraft, format_time
from interlock.service.pipeline.generation import Generated
from interlock.service.pipeline.knowledge import Grounded, audited_retrieval
from interlock.service.pipeline.turn import Turn, input_hash, turn_inputs
from interlock.text.pii import redact


@dataclass(frozen=True)
class Decided:
    """Everything the record says about one turn, gathered by the pipeline."""

    decision_id: str
    now: datetime
    turn: Turn
    bundle: CompiledBundle
    inputs: PolicyInput
    pre: PreDecision
    outcome: Outcome
    sent: str
    base_model: str
    latencies_ms: dict[str, float]
    generated: Generated | None = None
    grounded: Grounded | None = None
    established: ToolFacts = ToolFacts()


def redact_for_audit(draft: DecisionDraft, bundle: CompiledBundle) -> DecisionDraft:
    """The record with PII replaced in every text it keeps (the bundle's `audit.redact_pii`), found as the signals
    find it: with the bundle's NER model where it asks for one, never the bundle's order ids."""

    def clean(text: str | None) -> str | None:
        return None if text is None else redact(text, pii_spans(text, bundle.order_id, bundle.models))

    inputs = dict(draft.inputs)
    inputs["messages"] = [[role, clean(content)] for role, content in inputs.get("messages", [])]
    if "tool_calls" in inputs:
        inputs["tool_calls"] = [[cid, name, clean(arguments)] for cid, name, arguments in inputs["tool_calls"]]
        inputs["tool_results"] = [[cid, clean(content)] for cid, content in inputs["tool_results"]]
    calls = [call | {"arguments": _cleaned(call["arguments"], clean)} for call in draft.tool_calls]
    tool_facts = None
    if draft.tool_facts is not None:
        tool_facts = draft.tool_facts | {"facts": _cleaned(draft.tool_facts["facts"], clean),
                                         "session": _cleaned(draft.tool_facts["session"], clean)}  # fmt: skip
    handoff = dict(draft.handoff) if draft.handoff else None
    if handoff:
        handoff["summary"] = clean(handoff["summary"])
    return draft.model_copy(update={
        "inputs": inputs,
        "handoff": handoff,
        "model_output": clean(draft.model_output),
        "candidate": clean(draft.candidate),
        "output": clean(draft.output),
        "tool_calls": calls,
        "tool_facts": tool_facts,
    })  # fmt: skip


def _cleaned(value: Any, clean) -> Any:
    """`value` with PII replaced in every string it holds."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: _cleaned(item, clean) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item, clean) for item in value]
    return value


def audited_calls(outcome: Outcome) -> list[dict[str, Any]]:
    """Every call the model proposed, with its decision, the rule and why, and whether it went to the client."""
    sent = {d.call.id for d in outcome.allowed_calls}
    return [
        {"id": d.call.id, "name": d.call.name, "arguments": d.args if d.args is not None else d.call.arguments,
         "decision": d.verdict, "rule": d.rule, "reason": d.reason, "why": d.why, "sent": d.call.id in sent}
        for d in outcome.tool_calls
    ]  # fmt: skip


def audited_tool_facts(established: ToolFacts) -> dict[str, Any] | None:
    if not (established.history or established.facts):
        return None
    return {"facts": established.facts, "session": established.session, "rejected": established.rejected,
            "withheld": sorted(established.injected)}  # fmt: skip


def audited_signals(signals: dict[str, Any]) -> dict[str, Any]:
    """What the audit keeps of the signals: decisions' inputs, without the PII values themselves."""
    entities = signals["entities"]
    return {
        "intents": signals["intents"],
        "matched": signals["matched"],
        "language": signals["language"],
        "injection": signals["injection"],
        "harm": signals["harm"],
        "handoff_requested": signals["handoff_requested"],
        "history_injection": signals["history_injection"],
        "findings": signals["findings"],
        "pii": signals["pii"],
        "entities": {
            "order_ids": entities["order_ids"],
            "money": entities["money"],
            "dates": entities["dates"],
            "emails": len(entities["emails"]),
            "phones": len(entities["phones"]),
        },
    }


def handoff_payload(
    handoff: Handoff,
    decision_id: str,
    inputs: PolicyInput,
    summary_chars: int,
    grounded: Grounded | None,
    pending: CallDecision | None = None,
) -> dict[str, Any]:
    text = " ".join(inputs.turn["text"].split())
    intents = ", ".join(inputs.signals["intents"]) or "none"
    summary = f"intents: {intents}; last message: {text[:summary_chars]}" + ("…" if len(text) > summary_chars else "")
    payload = {"reason": handoff.reason, "priority": handoff.priority, "summary": summary, "decision_id": decision_id}
    if pending is not None:  # a human approves or rejects this call (the approval is its own audited record)
        payload["pending_tool_call"] = {"id": pending.call.id, "name": pending.call.name, "arguments": pending.args,
                                        "rule": pending.rule, "why": pending.why}  # fmt: skip
    if grounded is not None and grounded.evidence is not None and grounded.evidence.unresolved:
        by_id = {c.chunk_id: c for c in grounded.chunks}
        payload["conflicting_sources"] = [
            {"subject": c.subject, "kind": c.kind,
             "sources": [{"chunk_id": cid, "source": by_id[cid].meta.source, "values": list(values)}
                         for cid, values in zip(c.chunk_ids, c.values, strict=True)]}
            for c in grounded.evidence.unresolved
        ]  # fmt: skip
    return payload


def _finish_reason(outcome: Outcome, generated: str | None) -> str:
    if outcome.allowed_calls:
        return "tool_calls"
    return generated if generated is not None and outcome.route in (Route.MODEL, Route.RAG) else "stop"


def decision_draft(decided: Decided) -> DecisionDraft:
    """The turn's decision record, before it takes its place in the chain."""
    turn, bundle, inputs, pre, outcome = decided.turn, decided.bundle, decided.inputs, decided.pre, decided.outcome
    route, post, generated, grounded = outcome.route, outcome.post, decided.generated, decided.grounded
    usage = generated.result if generated else None
    payload = (
        handoff_payload(outcome.handoff, decided.decision_id, inputs, bundle.spec.handoff.summary_chars, grounded,
                        outcome.pending_call)
        if outcome.handoff
        else None
    )
    if payload is not None and turn.session:
        payload["conversation_id"] = turn.session  # the inbox and the next turn of the conversation find it by this
    draft = DecisionDraft(
        record_version=RECORD_VERSION,
        decision_id=decided.decision_id,
        tenant=turn.tenant,
        bot=turn.bot,
        created_at=format_time(decided.now),
        route=route,
        pre_route=pre.route,
        bundle_version=bundle.version,
        base_model=decided.base_model,
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
        output=decided.sent,
        finish_reason=_finish_reason(outcome, usage.finish_reason if usage else None),
        prompt_tokens=usage.prompt_tokens if usage else 0,
        completion_tokens=usage.completion_tokens if usage else 0,
        handoff=payload,
        error=generated.error if generated else None,
        latencies_ms=decided.latencies_ms,
        tool_calls=audited_calls(outcome),
        tool_facts=audited_tool_facts(decided.established),
    )
    if bundle.spec.audit.redact_pii:
        draft = redact_for_audit(draft, bundle)
    return draft
