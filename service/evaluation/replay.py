"""Shadow replay: re-decide logged turns with a candidate bundle and list every turn whose decision would change.

What was recorded is replayed, not re-fetched: the messages and facts from the record, the record's time as the
clock, and the answer the post-policy judged then. Only the policy is new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from interlock.adapters.generation import ChatMessage
from interlock.policies.engine import evaluate_pre
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route
from interlock.policies.settle import Fault, settle
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


def recorded_fault(record: DecisionRecord) -> Fault | None:
    """The fault that ended a recorded model or knowledge turn, if one did: a handoff no rule asked for."""
    if record.route is not Route.HANDOFF or record.pre_route not in (Route.MODEL, Route.RAG) or not record.handoff:
        return None
    if any(r["stage"] == "post" and r["action"] == "block_output" for r in record.rules_fired):
        return None
    return record.handoff["reason"]


def redecide(record: DecisionRecord, bundle: CompiledBundle) -> ReplayChange:
    """The recorded turn decided again with `bundle`: same messages, facts, clock, answer judged and fault."""
    messages = tuple(ChatMessage(role, content) for role, content in record.inputs.get("messages", []))
    turn = Turn(record.tenant, record.bot, None, None, messages, 0, facts=record.inputs.get("facts", {}))
    now = datetime.fromisoformat(record.created_at.replace("Z", "+00:00"))
    inputs = policy_input(turn, bundle, now)
    pre = evaluate_pre(bundle, inputs)
    fault = recorded_fault(record)
    candidate = None if fault else (record.candidate or record.output)
    outcome = settle(bundle, inputs, pre, candidate, fault)
    return ReplayChange(
        decision_id=record.decision_id,
        created_at=record.created_at,
        recorded_route=record.route.value,
        new_route=outcome.route.value,
        recorded_rules=tuple(r["id"] for r in record.rules_fired),
        new_rules=tuple(f.id for f in (*pre.fired, *outcome.post.fired)),
        recorded_disclaimers=tuple(record.disclaimers),
        new_disclaimers=tuple(outcome.post.disclaimers),
    )


def replay(records: list[DecisionRecord], bundle: CompiledBundle) -> tuple[int, list[ReplayChange]]:
    """(turns replayed, the ones whose route, rules fired or disclaimers would change), oldest first."""
    replayable = sorted((r for r in records if r.inputs.get("messages")), key=lambda r: r.seq)
    changes = []
    for record in replayable:
        outcome = redecide(record, bundle)
        recorded = (outcome.recorded_route, outcome.recorded_rules, outcome.recorded_disclaimers)
        if recorded != (outcome.new_route, outcome.new_rules, outcome.new_disclaimers):
            changes.append(outcome)
    return len(replayable), changes
