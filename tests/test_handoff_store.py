"""The outbox and inbox in the audit store, SQLite and PostgreSQL alike: a handoff's jobs commit with its record,
deliveries are leased, retried, dead-lettered and re-driven; a person's action is a record in the chain."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import psycopg
import pytest

from interlock.policies.routes import Route
from interlock.service.audit.handoffs import (
    HandoffItem,
    HandoffNotFound,
    HumanAction,
    InboxConflict,
    transition,
)
from interlock.service.audit.postgres import PostgresAuditStore
from interlock.service.audit.sqlite import SQLiteAuditStore
from interlock.service.audit.store import AuditUnavailable
from interlock.service.delivery.inbox import with_human_outcomes
from tests.conftest import T0
from tests.postgres_server import PostgresServer
from tests.test_audit import draft

WEBHOOKS = {"alpha": ["helpdesk", "pager"]}


def handed_off(n: int, tenant: str = "alpha", priority: str = "normal", conversation: str | None = "conv-1",
               tool_call: dict | None = None, minutes: int | None = None):  # fmt: skip
    payload = {"reason": "customer_request", "priority": priority, "summary": f"case {n}",
               "decision_id": f"dec_{tenant}_{n:04d}"}  # fmt: skip
    if conversation:
        payload["conversation_id"] = conversation
    if tool_call:
        payload["pending_tool_call"] = tool_call
    return draft(n, tenant=tenant, route=Route.HANDOFF, minutes=minutes).model_copy(update={"handoff": payload})


@pytest.fixture(scope="module")
def dsn():
    server = PostgresServer()
    url = server.start()
    yield url
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        opened = SQLiteAuditStore(tmp_path / "audit.db", WEBHOOKS)
    else:
        url = request.getfixturevalue("dsn")
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("DROP TABLE IF EXISTS decisions, checkpoints, chain_starts, handoffs, deliveries")
        opened = PostgresAuditStore(url, webhooks=WEBHOOKS)
    yield opened
    opened.close()


def test_a_handoff_opens_an_inbox_item_and_one_job_per_webhook(store):
    store.append(handed_off(1))
    store.append(draft(2))  # no handoff: no item, no job
    store.append(handed_off(3, tenant="beta"))  # beta has no webhook: an inbox item only
    assert [d.delivery_id for d in store.deliveries("alpha")] == ["dec_alpha_0001/helpdesk", "dec_alpha_0001/pager"]
    assert store.deliveries("beta") == []
    assert [i.decision_id for i in store.handoffs("alpha")] == ["dec_alpha_0001"]
    assert [i.decision_id for i in store.handoffs("beta")] == ["dec_beta_0003"]
    assert store.handoff("beta", "dec_alpha_0001") is None  # another tenant's item is not there for beta


def test_inbox_orders_by_priority_then_age(store):
    for n, priority in ((1, "low"), (2, "urgent"), (3, "normal"), (4, "urgent"), (5, "high")):
        store.append(handed_off(n, priority=priority))
    assert [i.decision_id[-1] for i in store.handoffs("alpha")] == ["2", "4", "5", "3", "1"]


def test_due_deliveries_are_leased_once_until_the_lease_runs_out(store):
    store.append(handed_off(1))
    now = T0 + timedelta(minutes=5)
    first = store.claim_due(now, lease_s=30, limit=10)
    assert [j.delivery_id for j in first] == ["dec_alpha_0001/helpdesk", "dec_alpha_0001/pager"]
    assert store.claim_due(now + timedelta(seconds=29), lease_s=30, limit=10) == []  # leased
    again = store.claim_due(now + timedelta(seconds=31), lease_s=30, limit=10)  # the worker died: attempted again
    assert [j.delivery_id for j in again] == [j.delivery_id for j in first]
    assert first[0].body == again[0].body and '"decision_id":"dec_alpha_0001"' in first[0].body


def test_results_deliver_retry_later_or_dead_letter_and_dead_ones_are_re_driven(store):
    from interlock.service.audit.handoffs import DeliveryResult
    from interlock.service.audit.record import format_time

    store.append(handed_off(1))
    now = T0 + timedelta(minutes=5)
    helpdesk, pager = store.claim_due(now, 30, 10)
    later = format_time(now + timedelta(seconds=10))
    store.record_results([DeliveryResult(helpdesk.delivery_id, True),
                          DeliveryResult(pager.delivery_id, False, "HTTP 500", later)], now)  # fmt: skip
    states = {d.webhook: (d.state, d.attempts, d.last_error) for d in store.deliveries("alpha")}
    assert states == {"helpdesk": ("delivered", 1, None), "pager": ("pending", 1, "HTTP 500")}
    assert store.claim_due(now + timedelta(seconds=9), 30, 10) == []  # backing off
    (retried,) = store.claim_due(now + timedelta(seconds=11), 30, 10)
    assert retried.attempts == 1
    store.record_results([DeliveryResult(pager.delivery_id, False, "no answer within 5 s")], now)
    dead = store.deliveries("alpha", state="dead")
    assert [(d.webhook, d.attempts, d.last_error) for d in dead] == [("pager", 2, "no answer within 5 s")]
    woken = []
    store.watch_deliveries(lambda: woken.append(1))
    assert store.retry(now, tenant="beta") == 0  # another tenant's dead letters are not beta's to re-drive
    assert store.retry(now, tenant="alpha") == 1 and woken
    (redriven,) = store.claim_due(now, 30, 10)
    assert (redriven.delivery_id, redriven.attempts) == (pager.delivery_id, 0)


def test_human_actions_are_records_in_the_tenant_chain(store):
    store.append(handed_off(1, tool_call={"name": "issue_refund", "arguments": {"amount": 40}}))
    claim = HumanAction("alpha", "dec_alpha_0001", "claim", "ana", T0 + timedelta(hours=1))
    item, record = store.act(claim, "act_0001")
    assert (item.state, item.claimed_by, record.route, record.seq) == ("claimed", "ana", Route.HUMAN, 2)
    approve = HumanAction("alpha", "dec_alpha_0001", "approve", "ana", T0 + timedelta(hours=2), "refund is fine")
    item, record = store.act(approve, "act_0002")
    assert (item.state, item.closed_by, item.note) == ("approved", "ana", "refund is fine")
    assert record.human_action["pending_tool_call"] == {"name": "issue_refund", "arguments": {"amount": 40}}
    assert record.human_action | {"pending_tool_call": None} == {
        "action": "approve", "agent": "ana", "on_decision": "dec_alpha_0001", "kind": "approval",
        "conversation_id": "conv-1", "state_before": "claimed", "state_after": "approved", "note": "refund is fine",
        "pending_tool_call": None}  # fmt: skip
    assert [r.decision_id for r in store.query("alpha", route=Route.HUMAN)] == ["act_0002", "act_0001"]
    assert store.verify().ok and store.verify().records == 3
    with pytest.raises(InboxConflict) as closed:
        store.act(HumanAction("alpha", "dec_alpha_0001", "reject", "ana", T0), "act_0003")
    assert closed.value.code == "handoff_closed"
    with pytest.raises(HandoffNotFound):
        store.act(HumanAction("beta", "dec_alpha_0001", "claim", "bo", T0), "act_0004")
    assert store.verify().records == 3  # a refused action leaves nothing behind
    facts = with_human_outcomes({"order": {"id": "A1"}}, store.outcomes("alpha", "conv-1"))
    assert facts == {"order": {"id": "A1"}, "human_outcomes": [{
        "decision_id": "dec_alpha_0001", "kind": "approval", "outcome": "approved", "agent": "ana",
        "at": "2026-11-23T14:00:00.000000Z", "note": "refund is fine",
        "tool_call": {"name": "issue_refund", "arguments": {"amount": 40}}}]}  # fmt: skip
    assert store.outcomes("alpha", "conv-2") == [] and store.outcomes("beta", "conv-1") == []


def _item(state="open", kind="handoff", claimed_by=None) -> HandoffItem:
    return HandoffItem("dec_1", "alpha", "bot", "c", kind, "normal", "r", "t0", state, claimed_by=claimed_by)


@pytest.mark.parametrize(
    ("item", "action", "agent", "expected"),
    [
        (_item(), "claim", "ana", "claimed"),
        (_item("claimed", claimed_by="ana"), "claim", "ana", "claimed"),  # claiming again is harmless
        (_item("claimed", claimed_by="ana"), "claim", "bo", "handoff_claimed"),
        (_item("claimed", claimed_by="ana"), "resolve", "ana", "resolved"),
        (_item("claimed", claimed_by="ana"), "resolve", "bo", "handoff_claimed"),
        (_item(), "resolve", "ana", "handoff_not_claimed"),
        (_item("claimed", claimed_by="ana"), "approve", "ana", "not_an_approval"),
        (_item("claimed", "approval", "ana"), "resolve", "ana", "not_a_handoff"),
        (_item("claimed", "approval", "ana"), "approve", "ana", "approved"),
        (_item("claimed", "approval", "ana"), "reject", "ana", "rejected"),
        (_item("resolved"), "claim", "ana", "handoff_closed"),
        (_item("rejected", "approval"), "approve", "ana", "handoff_closed"),
    ],
)
def test_inbox_transitions(item, action, agent, expected):
    step = HumanAction("alpha", "dec_1", action, agent, T0, "note")
    try:
        outcome = transition(item, step).state
    except InboxConflict as conflict:
        outcome = conflict.code
    assert outcome == expected


def test_a_handoff_whose_job_cannot_be_written_is_not_recorded_either(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db", WEBHOOKS)
    store.append(handed_off(1))
    with sqlite3.connect(store.path) as db:  # a stray row where the next handoff's job must go
        db.execute("INSERT INTO deliveries SELECT 'dec_alpha_0002/pager', decision_id, tenant, webhook, state, "
                   "attempts, next_attempt_at, lease_until, last_error, created_at, delivered_at, body "
                   "FROM deliveries LIMIT 1")  # fmt: skip
    with pytest.raises(AuditUnavailable):
        store.append(handed_off(2))
    assert [r.decision_id for r in store.query("alpha")] == ["dec_alpha_0001"]  # no record without its job
    assert store.handoff("alpha", "dec_alpha_0002") is None
    assert store.verify().ok
    store.close()


def test_the_worker_delivers_from_either_store_to_a_real_receiver(store):
    from interlock.service.delivery.signing import signature_valid
    from interlock.service.delivery.targets import Secret, WebhookTarget
    from interlock.service.delivery.worker import DeliveryWorker
    from tests.webhook_receiver import Receiver

    store.append(handed_off(1))
    secret, now = b"whsec-either-store-0001", [T0 + timedelta(hours=1)]
    with Receiver(lambda n: (500, 0.0) if n == 0 else (200, 0.0)) as receiver:
        targets = {("alpha", name): WebhookTarget("alpha", name, receiver.url, Secret(secret), 3, 2.0)
                   for name in WEBHOOKS["alpha"]}  # fmt: skip
        worker = DeliveryWorker(store, targets, clock=lambda: now[0])
        assert sorted(r.delivered for r in worker.run_once()) == [False, True]  # the first to arrive got a 500
        assert worker.run_once() == []  # backing off
        now[0] += timedelta(hours=1)
        assert [r.delivered for r in worker.run_once()] == [True]
    sent_at = [T0.timestamp() + 3600] * 2 + [T0.timestamp() + 7200]
    assert all(signature_valid(secret, r.headers["X-Interlock-Signature"], r.body, t)
               for r, t in zip(receiver.received, sent_at, strict=True))  # fmt: skip
    assert {d.state for d in store.deliveries("alpha")} == {"delivered"}
