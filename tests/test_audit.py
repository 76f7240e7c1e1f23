from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest

from interlock.policies.routes import Route
from interlock.service.audit.record import GENESIS_HASH, DecisionDraft, format_time
from interlock.service.audit.sqlite import SQLiteAuditStore
from interlock.service.audit.store import AuditUnavailable, ToolFilter
from tests.conftest import T0


def draft(n: int, tenant: str = "alpha", route: Route = Route.MODEL, minutes: int | None = None) -> DecisionDraft:
    return DecisionDraft(
        decision_id=f"dec_{tenant}_{n:04d}",
        tenant=tenant,
        bot=f"{tenant}-bot",
        created_at=format_time(T0 + timedelta(minutes=n if minutes is None else minutes)),
        route=route,
        bundle_version="sha256:bundle",
        base_model="sha256:base",
        adapter_id=f"{tenant}/voice",
        adapter_version="sha256:adapter",
        input_hash="sha256:input",
        output=f"answer {n}",
        latencies_ms={"generate": 1.5},
    )


@pytest.fixture
def store(tmp_path):
    opened = SQLiteAuditStore(tmp_path / "audit.db")
    yield opened
    opened.close()


def test_records_chain_per_tenant(store):
    first = store.append(draft(1))
    other = store.append(draft(1, tenant="beta"))
    second = store.append(draft(2))
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert (other.seq, other.prev_hash) == (1, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    report = store.verify()
    assert report.ok and report.records == 3 and report.tenants == 2


def test_record_is_durable_and_readable_by_another_connection(store):
    record = store.append(draft(1))
    reopened = SQLiteAuditStore(store.path)
    assert reopened.query("alpha") == [record]
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    reopened.close()


def test_same_draft_gives_the_same_record_bytes(tmp_path):
    one, two = SQLiteAuditStore(tmp_path / "a.db"), SQLiteAuditStore(tmp_path / "b.db")
    assert one.append(draft(1)).model_dump_json() == two.append(draft(1)).model_dump_json()


def test_edited_record_is_found(store):
    for n in range(1, 5):
        store.append(draft(n))
    with sqlite3.connect(store.path) as db:
        body = db.execute("SELECT body FROM decisions WHERE seq = 3").fetchone()[0]
        db.execute("UPDATE decisions SET body = ? WHERE seq = 3", (body.replace("answer 3", "answer X"),))
    broken = store.verify().first_broken
    assert (broken.tenant, broken.seq, broken.decision_id) == ("alpha", 3, "dec_alpha_0003")
    assert "does not match its hash" in broken.reason


def test_deleted_record_is_found(store):
    for n in range(1, 5):
        store.append(draft(n))
    with sqlite3.connect(store.path) as db:
        db.execute("DELETE FROM decisions WHERE seq = 2")
    broken = store.verify().first_broken
    assert broken.seq == 3 and "sequence gap" in broken.reason


def test_rehashed_record_breaks_the_link_to_the_next(store):
    for n in range(1, 4):
        store.append(draft(n))
    with sqlite3.connect(store.path) as db:
        db.execute(
            "UPDATE decisions SET hash = 'sha256:forged', body = replace(body, hash, 'sha256:forged') WHERE seq = 1"
        )
    broken = store.verify().first_broken
    assert broken.seq == 1


def test_query_filters_and_scopes_by_tenant(store):
    store.append(draft(1, route=Route.MODEL))
    store.append(draft(2, route=Route.HANDOFF))
    store.append(draft(3, route=Route.MODEL))
    store.append(draft(1, tenant="beta"))
    assert [r.seq for r in store.query("alpha")] == [3, 2, 1]
    assert [r.seq for r in store.query("alpha", route=Route.HANDOFF)] == [2]
    assert [r.seq for r in store.query("alpha", since=T0 + timedelta(minutes=2))] == [3, 2]
    assert [r.seq for r in store.query("alpha", until=T0 + timedelta(minutes=2))] == [1]
    assert [r.seq for r in store.query("alpha", limit=1)] == [3]
    assert {r.tenant for r in store.query("beta")} == {"beta"}


def test_concurrent_writers_keep_every_chain_whole(store):
    def write(tenant: str) -> None:
        for n in range(25):
            store.append(draft(n, tenant=tenant))

    threads = [threading.Thread(target=write, args=(t,)) for t in ("alpha", "beta", "gamma", "alpha2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = store.verify()
    assert report.ok and report.records == 100


def test_unwritable_store_raises_audit_unavailable(store):
    store.append(draft(1))
    with sqlite3.connect(store.path) as db:
        db.execute("DROP TABLE decisions")
    with pytest.raises(AuditUnavailable):
        store.append(draft(2))


def queued_appends(store, drafts) -> tuple[list, list]:
    """Append `drafts` from one thread each while the writer is busy, so they all queue; then let it go."""
    records, errors = [], []

    def write(d) -> None:
        try:
            records.append(store.append(d))
        except AuditUnavailable as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(d,)) for d in drafts]
    with store._lock:  # the writer is busy
        for thread in threads:
            thread.start()
        while len(store._queue) < len(drafts):
            threading.Event().wait(0.001)
    for thread in threads:
        thread.join()
    return records, errors


def test_queued_turns_are_committed_together_each_returning_its_own_record(store):
    before = store.transactions
    drafts = [draft(n, tenant=t) for n in range(4) for t in ("alpha", "beta")]
    records, errors = queued_appends(store, drafts)
    assert errors == [] and store.transactions == before + 1  # one transaction, one fsync, for all eight
    assert sorted(r.decision_id for r in records) == sorted(d.decision_id for d in drafts)
    for tenant in ("alpha", "beta"):
        assert sorted(r.seq for r in records if r.tenant == tenant) == [1, 2, 3, 4]
    report = store.verify()
    assert report.ok and report.records == 8
    stored = {r.decision_id: r for t in ("alpha", "beta") for r in store.query(t)}
    assert all(stored[r.decision_id].hash == r.hash for r in records)


def test_a_failed_group_commit_fails_every_turn_in_it(store):
    store.append(draft(1))
    with sqlite3.connect(store.path) as db:
        db.execute("DROP TABLE decisions")
    records, errors = queued_appends(store, [draft(n) for n in range(2, 6)])
    assert records == [] and len(errors) == 4


def test_query_finds_records_by_tool_call_and_decision(store):
    calls = [{"id": "call_1", "name": "refund", "arguments": {"order_id": "W1"}, "decision": "deny", "rule": None,
              "reason": "unverified", "why": "", "sent": False},
             {"id": "call_2", "name": "get_order", "arguments": {}, "decision": "allow", "rule": None,
              "reason": "read_allowed", "why": "", "sent": True}]  # fmt: skip
    store.append(draft(1).model_copy(update={"tool_calls": calls}))
    store.append(draft(2))
    store.append(draft(3, tenant="beta").model_copy(update={"tool_calls": calls}))
    found = store.query("alpha", tool=ToolFilter("refund"))
    assert [r.decision_id for r in found] == ["dec_alpha_0001"]
    assert [r.decision_id for r in store.query("alpha", tool=ToolFilter("refund", "deny"))] == ["dec_alpha_0001"]
    assert store.query("alpha", tool=ToolFilter("refund", "allow")) == []
    assert [r.decision_id for r in store.query("alpha", tool=ToolFilter("get_order", "allow"))] == ["dec_alpha_0001"]
    assert store.query("alpha", tool=ToolFilter("cancel")) == []
