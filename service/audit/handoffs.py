"""Handoffs after the turn: the outbox of webhook deliveries and the inbox of open handoffs (the `HandoffStore`
seam), and the pure rules both follow.

A decision record with a handoff is written in one transaction with its inbox item and one delivery job per
webhook of its tenant, so a handoff the customer was promised can never be lost between the two. A person's
action on an item (claim, resolve, approve, reject) is itself a record in the tenant's chain (route `human`),
written in one transaction with the item's new state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, Protocol

from interlock.policies.routes import Route
from interlock.service.audit.record import RECORD_VERSION, DecisionDraft, DecisionRecord, canonical_json, format_time

HandoffKind = Literal["handoff", "approval"]
HandoffState = Literal["open", "claimed", "resolved", "approved", "rejected"]
ActionName = Literal["claim", "resolve", "approve", "reject"]
DeliveryState = Literal["pending", "delivered", "dead"]

PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
OPEN_STATES: tuple[HandoffState, ...] = ("open", "claimed")
CLOSED_STATES: tuple[HandoffState, ...] = ("resolved", "approved", "rejected")
# The key of a handoff payload that carries a tool call waiting for a person's approval (set by the tool stage).
PENDING_TOOL_CALL = "pending_tool_call"


def priority_rank(priority: str | None) -> int:
    """Higher is more urgent; an unknown priority counts as normal."""
    return PRIORITY_RANK.get(priority or "normal", PRIORITY_RANK["normal"])


def handoff_kind(payload: dict[str, Any]) -> HandoffKind:
    return "approval" if payload.get(PENDING_TOOL_CALL) is not None else "handoff"


def delivery_id(decision_id: str, webhook: str) -> str:
    return f"{decision_id}/{webhook}"


def webhook_body(draft: DecisionDraft) -> str:
    """What a tenant's webhook receives for a handoff, as canonical JSON (fixed when the job is written, so every
    attempt sends the same bytes). The conversation itself stays here: the body names where to read it."""
    payload = draft.handoff or {}
    conversation_id = payload.get("conversation_id")
    return canonical_json({
        "type": handoff_kind(payload),
        "decision_id": draft.decision_id,
        "tenant": draft.tenant,
        "bot": draft.bot,
        "created_at": draft.created_at,
        "priority": payload.get("priority", "normal"),
        "reason": payload.get("reason"),
        "handoff": payload,
        "transcript": {"decision_id": draft.decision_id, "conversation_id": conversation_id,
                       "href": f"/v1/handoffs/{draft.decision_id}"},
    })  # fmt: skip


@dataclass(frozen=True)
class HandoffItem:
    """One handoff in its tenant's inbox."""

    decision_id: str
    tenant: str
    bot: str
    conversation_id: str | None
    kind: HandoffKind
    priority: str
    reason: str | None
    created_at: str
    state: HandoffState
    payload: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, Any] = field(default_factory=dict)  # bundle, base model, adapter of the decision
    claimed_by: str | None = None
    claimed_at: str | None = None
    closed_by: str | None = None
    closed_at: str | None = None
    note: str | None = None

    def public(self) -> dict[str, Any]:
        """The item as the API and CLI show it."""
        return {
            "decision_id": self.decision_id, "tenant": self.tenant, "bot": self.bot,
            "conversation_id": self.conversation_id, "kind": self.kind, "priority": self.priority,
            "reason": self.reason, "created_at": self.created_at, "state": self.state, "handoff": self.payload,
            "claimed_by": self.claimed_by, "claimed_at": self.claimed_at, "closed_by": self.closed_by,
            "closed_at": self.closed_at, "note": self.note,
        }  # fmt: skip


def new_item(draft: DecisionDraft) -> HandoffItem:
    """The inbox item a handed-off decision opens."""
    payload = dict(draft.handoff or {})
    return HandoffItem(
        decision_id=draft.decision_id,
        tenant=draft.tenant,
        bot=draft.bot,
        conversation_id=payload.get("conversation_id"),
        kind=handoff_kind(payload),
        priority=str(payload.get("priority", "normal")),
        reason=payload.get("reason"),
        created_at=draft.created_at,
        state="open",
        payload=payload,
        versions={
            "bundle_version": draft.bundle_version,
            "base_model": draft.base_model,
            "adapter_id": draft.adapter_id,
            "adapter_version": draft.adapter_version,
        },  # fmt: skip
    )


@dataclass(frozen=True)
class HumanAction:
    """What a person did to an inbox item: who, when, what (and a note)."""

    tenant: str
    decision_id: str
    action: ActionName
    agent: str
    at: datetime
    note: str | None = None


class InboxConflict(Exception):
    """The action does not fit the item's state (claimed by someone else, already closed, not an approval)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class HandoffNotFound(Exception):
    """No such handoff in this tenant's inbox (another tenant's looks the same)."""


_CLOSING: dict[ActionName, tuple[HandoffState, HandoffKind]] = {
    "resolve": ("resolved", "handoff"),
    "approve": ("approved", "approval"),
    "reject": ("rejected", "approval"),
}


def transition(item: HandoffItem, action: HumanAction) -> HandoffItem:
    """The item after `action`, or InboxConflict. An agent claims an open item, then closes it: resolves a handoff
    (with a note), approves or rejects an approval. Closed items stay closed; only the claimant closes."""
    if item.state in CLOSED_STATES:
        raise InboxConflict(f"handoff {item.decision_id} is already {item.state}", "handoff_closed")
    at = format_time(action.at)
    if action.action == "claim":
        if item.state == "claimed" and item.claimed_by != action.agent:
            raise InboxConflict(f"handoff {item.decision_id} is claimed by {item.claimed_by}", "handoff_claimed")
        return replace(item, state="claimed", claimed_by=action.agent, claimed_at=item.claimed_at or at)
    state, kind = _CLOSING[action.action]
    if item.kind != kind:
        code = "not_an_approval" if kind == "approval" else "not_a_handoff"
        raise InboxConflict(f"{action.action} does not apply to a {item.kind}", code)
    if item.state != "claimed":
        raise InboxConflict(f"claim handoff {item.decision_id} before you {action.action} it", "handoff_not_claimed")
    if item.claimed_by != action.agent:
        raise InboxConflict(f"handoff {item.decision_id} is claimed by {item.claimed_by}", "handoff_claimed")
    return replace(item, state=state, closed_by=action.agent, closed_at=at, note=action.note)


def human_action_draft(before: HandoffItem, after: HandoffItem, action: HumanAction, action_id: str) -> DecisionDraft:
    """The record of a person's action, for the tenant's chain (route `human`); versions are the decision's."""
    content = {
        "action": action.action,
        "agent": action.agent,
        "on_decision": before.decision_id,
        "kind": before.kind,
        "conversation_id": before.conversation_id,
        "state_before": before.state,
        "state_after": after.state,
        "note": action.note,
    }
    if action.action in ("approve", "reject"):
        content[PENDING_TOOL_CALL] = before.payload.get(PENDING_TOOL_CALL)
    versions = before.versions
    return DecisionDraft(
        record_version=RECORD_VERSION,
        decision_id=action_id,
        tenant=before.tenant,
        bot=before.bot,
        created_at=format_time(action.at),
        route=Route.HUMAN,
        bundle_version=str(versions.get("bundle_version", "")),
        base_model=str(versions.get("base_model", "")),
        adapter_id=versions.get("adapter_id"),
        adapter_version=versions.get("adapter_version"),
        input_hash="sha256:" + hashlib.sha256(canonical_json(content).encode()).hexdigest(),
        output=action.note or "",
        human_action=content,
    )


def outcome_fact(item: HandoffItem) -> dict[str, Any]:
    """What the bot's next turn in the conversation knows of a closed handoff (under `facts.human_outcomes`)."""
    fact = {"decision_id": item.decision_id, "kind": item.kind, "outcome": item.state, "agent": item.closed_by,
            "at": item.closed_at, "note": item.note}  # fmt: skip
    if item.kind == "approval":
        fact["tool_call"] = item.payload.get(PENDING_TOOL_CALL)
    return fact


@dataclass(frozen=True)
class DeliveryJob:
    """A delivery the worker holds (leased) and posts."""

    delivery_id: str
    decision_id: str
    tenant: str
    webhook: str
    attempts: int  # made before this one
    body: str


@dataclass(frozen=True)
class Delivery:
    """A delivery as listed: where it stands."""

    delivery_id: str
    decision_id: str
    tenant: str
    webhook: str
    state: DeliveryState
    attempts: int
    next_attempt_at: str
    last_error: str | None
    created_at: str
    delivered_at: str | None

    def public(self) -> dict[str, Any]:
        return {"delivery_id": self.delivery_id, "decision_id": self.decision_id, "tenant": self.tenant,
                "webhook": self.webhook, "state": self.state, "attempts": self.attempts,
                "next_attempt_at": self.next_attempt_at, "last_error": self.last_error,
                "created_at": self.created_at, "delivered_at": self.delivered_at}  # fmt: skip


@dataclass(frozen=True)
class DeliveryResult:
    """How one attempt went. Not delivered and no next attempt: dead-lettered."""

    delivery_id: str
    delivered: bool
    error: str | None = None
    next_attempt_at: str | None = None


class HandoffStore(Protocol):
    """The outbox and the inbox, kept beside the decision log (SQLite and PostgreSQL alike)."""

    def claim_due(
        self, now: datetime, lease_s: float, limit: int, finished: Sequence[DeliveryResult] = ()
    ) -> list[DeliveryJob]:
        """Lease up to `limit` due deliveries (oldest due first) for `lease_s`; a worker that dies holding one
        lets its lease run out, and the delivery is attempted again (at-least-once). `finished` outcomes are
        recorded first, in the same transaction (one transaction where there would be two)."""
        ...

    def record_results(self, results: list[DeliveryResult], now: datetime) -> None: ...

    def deliveries(
        self, tenant: str | None = None, state: DeliveryState | None = None, limit: int = 100
    ) -> list[Delivery]: ...

    def retry(self, now: datetime, tenant: str | None = None, delivery_ids: list[str] | None = None) -> int:
        """Re-drive: dead deliveries (those named, or all of the tenant's, or all) go back to pending, attempts
        reset. Returns how many."""
        ...

    def watch_deliveries(self, wake: Callable[[], None]) -> None:
        """`wake` is called (from the committing thread) whenever deliveries become due here."""
        ...

    def handoffs(
        self, tenant: str, states: tuple[HandoffState, ...] = OPEN_STATES, limit: int = 100
    ) -> list[HandoffItem]:
        """The tenant's items in those states: most urgent first, then oldest first."""
        ...

    def handoff(self, tenant: str, decision_id: str) -> HandoffItem | None: ...

    def act(self, action: HumanAction, action_id: str) -> tuple[HandoffItem, DecisionRecord]:
        """Apply a person's action (see `transition`) and append its record, in one transaction. Raises
        HandoffNotFound, InboxConflict, or AuditUnavailable."""
        ...

    def outcomes(self, tenant: str, conversation_id: str, limit: int = 5) -> list[HandoffItem]:
        """The conversation's closed items, oldest first (the last `limit`)."""
        ...

    def handed_off(self, tenant: str, decision_id: str) -> DecisionRecord | None:
        """The decision record an item came from (the conversation, and why it was handed off)."""
        ...
