"""What a person does with a handoff, and what the bot's next turn learns of it.

`act` records a claim, resolution, approval or rejection (its own record in the tenant's chain). A turn in a
conversation (the chat request's `user`) that has closed handoffs gets them as the fact `human_outcomes`, so a
rule can see that a refund was approved or a case resolved; the fact is recorded with the turn like any other.
An approved or rejected pending tool call decides that same call when the model proposes it again (`approvals`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from interlock.policies.tools import call_signature
from interlock.service.audit.handoffs import ActionName, HandoffItem, HandoffStore, HumanAction, outcome_fact
from interlock.service.audit.record import DecisionRecord

HUMAN_OUTCOMES_FACT = "human_outcomes"


def new_action_id() -> str:
    return "act_" + uuid.uuid4().hex


def act(
    store: HandoffStore,
    tenant: str,
    decision_id: str,
    action: ActionName,
    agent: str,
    now: datetime,
    note: str | None = None,
    new_id: Callable[[], str] = new_action_id,
) -> tuple[HandoffItem, DecisionRecord]:
    """Apply a person's action to the tenant's handoff; HandoffNotFound, InboxConflict or AuditUnavailable."""
    return store.act(HumanAction(tenant, decision_id, action, agent, now, note), new_id())


def with_human_outcomes(facts: dict[str, Any], closed: list[HandoffItem]) -> dict[str, Any]:
    """The turn's facts with the conversation's closed handoffs under `human_outcomes`. Pure. Only the inbox says
    what people decided: a `human_outcomes` the client sent is dropped (it could approve its own tool calls)."""
    own = {key: value for key, value in facts.items() if key != HUMAN_OUTCOMES_FACT}
    if not closed:
        return own
    return own | {HUMAN_OUTCOMES_FACT: [outcome_fact(item) for item in closed]}


def approvals(facts: Mapping[str, Any]) -> dict[str, str]:
    """What the tool stage reads as people's decisions (`ToolContext.approvals`): each approved or rejected pending
    call of the turn's `human_outcomes`, by its call signature; the later decision on the same call wins. Pure."""
    decided: dict[str, str] = {}
    for outcome in facts.get(HUMAN_OUTCOMES_FACT, ()):
        call = outcome.get("tool_call") or {}
        if outcome.get("kind") == "approval" and call.get("name") and type(call.get("arguments")) is dict:
            decided[call_signature(call["name"], call["arguments"])] = outcome["outcome"]
    return decided


def human_outcomes(store: HandoffStore, tenant: str, conversation_id: str | None) -> list[HandoffItem]:
    """The conversation's closed handoffs, oldest first (none without a conversation)."""
    return store.outcomes(tenant, conversation_id) if conversation_id else []
