"""Shadow replay: re-decide logged turns with a candidate bundle and list every turn whose decision would change.

What was recorded is replayed, not re-fetched: the messages and facts from the record, the record's time as the
clock, and the answer the post-policy judged then. Only the policy is new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from interlock.adapters.generation import ChatMessage
from interlock.policies.conversation import tool_context
from interlock.policies.engine import evaluate_pre
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route
from interlock.policies.settle import Fault, settle
from interlock.policies.tool_facts import Exchange, derive_tool_facts
from interlock.policies.tools import ProposedCall, evaluate_tools
from interlock.service.audit.record import DecisionRecord
from interlock.service.pipeline.turn import Turn, policy_input


@dataclass(frozen=True)
class ReplayChange:
    decision_id: str
    created_at: str
    recorded_route: str
    new_route: str
    recorded_rules: tuple[str, ...]
    new_rules: tuple[str, ...]
    recorded_disclaimers: tuple[str, ...]
    new_disclaimers: tuple[str, ...]
    recorded_tool_calls: tuple[tuple[str, str], ...] = ()  # (tool, decision) of each proposed call
    new_tool_calls: tuple[tuple[str, str], ...] = ()


def recorded_fault(record: DecisionRecord) -> Fault | None:
    """The fault that ended a recorded model or knowledge turn, if one did: a handoff no rule asked for."""
    if record.route is not Route.HANDOFF or record.pre_route not in (Route.MODEL, Route.RAG) or not record.handoff:
        return None
    if any(r["stage"] == "post" and r["action"] == "block_output" for r in record.rules_fired):
        return None
    if record.tool_calls:  # the model answered with calls: the tool stage handed off, not a fault
        return None
    return record.handoff["reason"]


def redecide(record: DecisionRecord, bundle: CompiledBundle) -> ReplayChange:
    """The recorded turn decided again with `bundle`: same messages, facts, clock, answer judged and fault, and
    the same calls proposed after the same tool results."""
    messages = tuple(ChatMessage(role, content) for role, content in record.inputs.get("messages", []))
    turn = Turn(record.tenant, record.bot, None, None, messages, 0, facts=record.inputs.get("facts", {}))
    now = datetime.fromisoformat(record.created_at.replace("Z", "+00:00"))
    results = dict(record.inputs.get("tool_results", []))
    exchanges = tuple(Exchange(cid, name, arguments, results.get(cid))
                      for cid, name, arguments in record.inputs.get("tool_calls", []))  # fmt: skip
    established = derive_tool_facts(bundle, exchanges)
    inputs = policy_input(turn, bundle, now, established.facts)
    pre = evaluate_pre(bundle, inputs)
    fault = recorded_fault(record)
    candidate = None if fault else (record.candidate or record.output)
    decisions = ()
    if record.tool_calls and pre.route is Route.MODEL and fault is None:
        offer = record.inputs.get("tools", {})
        proposed = tuple(ProposedCall(c["id"], c["name"], c["arguments"] if isinstance(c["arguments"], str)
                                      else json.dumps(c["arguments"], ensure_ascii=False)) for c in record.tool_calls)
        context = tool_context(messages, established.session, established.history,
                               frozenset(offer.get("offered", [])), offer.get("parallel", True))  # fmt: skip
        decisions = evaluate_tools(bundle, inputs, proposed, context)
        candidate = record.model_output if record.model_output is not None else candidate
    outcome = settle(bundle, inputs, pre, candidate, fault, tools=decisions)
    return ReplayChange(
        decision_id=record.decision_id,
        created_at=record.created_at,
        recorded_route=record.route.value,
        new_route=outcome.route.value,
        recorded_rules=tuple(r["id"] for r in record.rules_fired),
        new_rules=tuple(f.id for f in (*pre.fired, *outcome.post.fired)),
        recorded_disclaimers=tuple(record.disclaimers),
        new_disclaimers=tuple(outcome.post.disclaimers),
        recorded_tool_calls=tuple((c["name"], c["decision"]) for c in record.tool_calls),
        new_tool_calls=tuple((d.call.name, d.verdict) for d in decisions),
    )


def replay(records: list[DecisionRecord], bundle: CompiledBundle) -> tuple[int, list[ReplayChange]]:
    """(turns replayed, the ones whose route, rules fired, disclaimers or tool decisions would change), oldest
    first."""
    replayable = sorted((r for r in records if r.inputs.get("messages")), key=lambda r: r.seq)
    changes = []
    for record in replayable:
        outcome = redecide(record, bundle)
        recorded = (outcome.recorded_route, outcome.recorded_rules, outcome.recorded_disclaimers,
                    outcome.recorded_tool_calls)  # fmt: skip
        if recorded != (outcome.new_route, outcome.new_rules, outcome.new_disclaimers, outcome.new_tool_calls):
            changes.append(outcome)
    return len(replayable), changes
