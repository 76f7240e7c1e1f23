"""Shadow replay: re-decide logged turns with a candidate bundle and list every turn whose decision would change.

What was recorded is replayed, not re-fetched: the messages and facts from the record, the record's time as the
clock, and the answer the post-policy judged then. Only the policy is new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from interlock.adapters.generation import ChatMessage
from interlock.policies.engine import evaluate_post, evaluate_pre
from interlock.policies.loader import CompiledBundle
from interlock.service.audit.record import DecisionRecord
from interlock.service.pipeline.pipeline import Turn, policy_input


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


def redecide(record: DecisionRecord, bundle: CompiledBundle) -> ReplayChange:
    messages = tuple(ChatMessage(role, content) for role, content in record.inputs.get("messages", []))
    turn = Turn(record.tenant, record.bot, None, None, messages, 0, facts=record.inputs.get("facts", {}))
    now = datetime.fromisoformat(record.created_at.replace("Z", "+00:00"))
    inputs = policy_input(turn, bundle, now)
    pre = evaluate_pre(bundle, inputs)
    judged = pre.answer if pre.answer is not None else (record.candidate or record.output)
    post = evaluate_post(bundle, inputs, pre, judged)
    return ReplayChange(
        decision_id=record.decision_id,
        created_at=record.created_at,
        recorded_route=(record.pre_route or record.route).value,
        new_route=pre.route.value,
        recorded_rules=tuple(r["id"] for r in record.rules_fired),
        new_rules=tuple(f.id for f in (*pre.fired, *post.fired)),
        recorded_disclaimers=tuple(record.disclaimers),
        new_disclaimers=tuple(post.disclaimers),
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
