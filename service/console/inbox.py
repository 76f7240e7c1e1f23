"""The handoff inbox the console's agents work: the `HandoffInbox` seam, and a stand-in behind it.

STAND-IN, to be swapped at merge: the durable inbox (outbox jobs written with the decision, every human action an
audited record in the tenant's chain, the bot's next turn seeing the result as a fact) is built on the `delivery`
branch. `AuditLogInbox` only reads handoff decisions from the audit log and keeps claims, resolutions and
approvals in this process's memory: they are not audited and do not survive a restart. The console's pages use
nothing but the `HandoffInbox` protocol, so the merger replaces `AuditLogInbox` in `routes.build` and nothing else.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, Protocol

from interlock.service.audit.query import DecisionFilter, DecisionQueries
from interlock.service.audit.record import DecisionRecord, format_time

PRIORITY_ORDER = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
State = Literal["open", "claimed", "resolved", "approved", "rejected"]


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
class AuditLogInbox:
    """The stand-in (see the module docstring): handoffs read from the log, actions kept in memory."""

    queries: DecisionQueries
    window: int = 500  # the newest handoffs of a tenant it lists
    _items: dict[str, InboxItem] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _with_actions(self, record: DecisionRecord) -> InboxItem:
        return self._items.get(record.decision_id, InboxItem(record))

    def open_items(self, tenant: str) -> list[InboxItem]:
        page = self.queries.page(DecisionFilter(tenant=tenant, route="handoff"), limit=self.window)
        with self._lock:
            items = [self._with_actions(r) for r in page.records if r.handoff]
        items = [i for i in items if i.state in ("open", "claimed")]
        return sorted(items, key=lambda i: (PRIORITY_ORDER.get(i.priority, 9), i.record.created_at, i.decision_id))

    def item(self, tenant: str, decision_id: str) -> InboxItem | None:
        record = self.queries.record(decision_id)
        if record is None or record.tenant != tenant or not record.handoff:
            return None
        with self._lock:
            return self._with_actions(record)

    def _act(self, tenant: str, decision_id: str, who: str, what: str, note: str, now: datetime,
             state: State, allowed: tuple[State, ...]) -> InboxItem:  # fmt: skip
        found = self.item(tenant, decision_id)
        if found is None:
            raise InboxError(f"no handoff {decision_id}")
        with self._lock:
            current = self._items.get(decision_id, found)
            if current.state == "claimed" and (what == "claim" or current.claimed_by != who):
                raise InboxError(f"the handoff is claimed by {current.claimed_by}")
            if current.state not in allowed:
                raise InboxError(f"the handoff is {current.state}: it cannot take a {what}")
            action = Action(who, what, format_time(now), note)
            claimed_by = who if what == "claim" else current.claimed_by
            updated = replace(current, state=state, claimed_by=claimed_by, actions=(*current.actions, action))
            self._items[decision_id] = updated
            return updated

    def claim(self, tenant: str, decision_id: str, who: str, now: datetime) -> InboxItem:
        return self._act(tenant, decision_id, who, "claim", "", now, "claimed", ("open",))

    def resolve(self, tenant: str, decision_id: str, who: str, note: str, now: datetime) -> InboxItem:
        return self._act(tenant, decision_id, who, "resolve", note, now, "resolved", ("claimed",))

    def decide_tool_call(self, tenant: str, decision_id: str, who: str, approve: bool, note: str,
                         now: datetime) -> InboxItem:  # fmt: skip
        found = self.item(tenant, decision_id)
        if found is not None and found.pending_tool_call is None:
            raise InboxError("this handoff holds no tool call to approve")
        what, state = ("approve", "approved") if approve else ("reject", "rejected")
        return self._act(tenant, decision_id, who, what, note, now, state, ("claimed",))
