"""The handoff inbox the console's agents work: the `HandoffInbox` seam the pages use, and the durable inbox behind
it (the one `/v1/handoffs` and `interlock handoffs act` work too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from interlock.service.audit.handoffs import (
    ActionName,
    HandoffItem,
    HandoffNotFound,
    HandoffState,
    HandoffStore,
    InboxConflict,
)
from interlock.service.audit.record import DecisionRecord
from interlock.service.delivery.inbox import act

State = HandoffState


@dataclass(frozen=True)
class Action:
    who: str
    what: str  # claim | resolve | approve | reject
    at: str
    note: str = ""


@dataclass(frozen=True)
class InboxItem:
    """One handoff: the decision that made it, its payload, and what people have done with it."""

    record: DecisionRecord
    state: State = "open"
    claimed_by: str | None = None
    actions: tuple[Action, ...] = ()

    @property
    def decision_id(self) -> str:
        return self.record.decision_id

    @property
    def handoff(self) -> dict[str, Any]:
        return self.record.handoff or {}

    @property
    def pending_tool_call(self) -> dict[str, Any] | None:
        """The tool call waiting for a person's approval, when the handoff is one."""
        call = self.handoff.get("pending_tool_call")  # as the tool stage's handoff payload names it
        return call if isinstance(call, dict) else None

    @property
    def priority(self) -> str:
        return str(self.handoff.get("priority", "normal"))


class InboxError(Exception):
    """An action that does not fit the item's state (claimed by another, already resolved, not an approval)."""


class HandoffInbox(Protocol):
    """Open handoffs per tenant, and what an agent does with one."""

    def open_items(self, tenant: str) -> list[InboxItem]:
        """Open and claimed handoffs, by priority (urgent first), then oldest first."""
        ...

    def item(self, tenant: str, decision_id: str) -> InboxItem | None: ...

    def claim(self, tenant: str, decision_id: str, who: str, now: datetime) -> InboxItem: ...

    def resolve(self, tenant: str, decision_id: str, who: str, note: str, now: datetime) -> InboxItem: ...

    def decide_tool_call(self, tenant: str, decision_id: str, who: str, approve: bool, note: str,
                         now: datetime) -> InboxItem: ...  # fmt: skip


@dataclass
class DurableInbox:
    """The inbox kept beside the decision log (`service/audit/handoffs.py`): every claim, resolution, approval and
    rejection is its own record in the tenant's chain (`service/delivery/inbox.act`), and the conversation's next
    turn sees it as a fact."""

    store: HandoffStore
    window: int = 500  # the most open items of a tenant it lists

    def _item(self, found: HandoffItem) -> InboxItem | None:
        record = self.store.handed_off(found.tenant, found.decision_id)
        if record is None:
            return None
        actions = []
        if found.claimed_by and found.claimed_at:
            actions.append(Action(found.claimed_by, "claim", found.claimed_at))
        if found.closed_by and found.closed_at:
            closing = {"resolved": "resolve", "approved": "approve", "rejected": "reject"}.get(found.state, found.state)
            actions.append(Action(found.closed_by, closing, found.closed_at, found.note or ""))
        return InboxItem(record, found.state, found.claimed_by, tuple(actions))

    def open_items(self, tenant: str) -> list[InboxItem]:
        items = (self._item(found) for found in self.store.handoffs(tenant, limit=self.window))
        return [item for item in items if item is not None]

    def item(self, tenant: str, decision_id: str) -> InboxItem | None:
        found = self.store.handoff(tenant, decision_id)
        return self._item(found) if found is not None else None

    def _act(self, tenant: str, decision_id: str, action: ActionName, who: str, now: datetime,
             note: str | None = None) -> InboxItem:  # fmt: skip
        try:
            found, _ = act(self.store, tenant, decision_id, action, who, now, note)
        except (HandoffNotFound, InboxConflict) as exc:
            raise InboxError(str(exc) or f"no handoff {decision_id}") from exc
        item = self._item(found)
        if item is None:
            raise InboxError(f"no handoff {decision_id}")
        return item

    def claim(self, tenant: str, decision_id: str, who: str, now: datetime) -> InboxItem:
        return self._act(tenant, decision_id, "claim", who, now)

    def resolve(self, tenant: str, decision_id: str, who: str, note: str, now: datetime) -> InboxItem:
        return self._act(tenant, decision_id, "resolve", who, now, note or None)

    def decide_tool_call(self, tenant: str, decision_id: str, who: str, approve: bool, note: str,
                         now: datetime) -> InboxItem:  # fmt: skip
        return self._act(tenant, decision_id, "approve" if approve else "reject", who, now, note or None)
