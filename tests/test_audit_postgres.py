"""The PostgreSQL audit store against a real server on 127.0.0.1: the same chain, several writers."""

from __future__ import annotations

import threading
from datetime import timedelta

import psycopg
import pytest
import yaml
from fastapi.testclient import TestClient

from interlock.service.api.app import create_app
from interlock.service.audit.postgres import PostgresAuditStore
from interlock.service.audit.record import GENESIS_HASH
from interlock.service.audit.signing import generate_key, load_private_key, sign
from interlock.service.audit.store import AuditUnavailable, ToolFilter
from interlock.service.config import load_deployment
from interlock.service.runtime import build_runtime
from tests.conftest import ALPHA_KEY, T0, bearer
from tests.postgres_server import PostgresServer
from tests.test_audit import draft


@pytest.fixture(scope="module")
def dsn():
    server = PostgresServer()
    url = server.start()
    yield url
    server.stop()


@pytest.fixture
def store(dsn):
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute("DROP TABLE IF EXISTS decisions, checkpoints, chain_starts, handoffs, deliveries")
    opened = PostgresAuditStore(dsn)
    yield opened
    opened.close()


def test_chain_per_tenant_and_tamper_detection(store, dsn):
    first = store.append(draft(1))
    store.append(draft(1, tenant="beta"))
    second = store.append(draft(2))
    assert (first.seq, first.prev_hash, second.prev_hash) == (1, GENESIS_HASH, first.hash)
    assert store.verify().ok and store.verify().records == 3
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute("UPDATE decisions SET body = replace(body, 'answer 2', 'answer X') WHERE seq = 2")
    broken = store.verify().first_broken
    assert (broken.tenant, broken.seq) == ("alpha", 2) and "does not match its hash" in broken.reason


def test_two_replicas_writing_concurrently_keep_every_chain_whole(store, dsn):
    replicas = [store, PostgresAuditStore(dsn)]

    def write(replica: PostgresAuditStore, worker: int) -> None:
        for n in range(20):
            replica.append(draft(1000 * worker + n, tenant=("alpha", "beta")[n % 2]))

    threads = [threading.Thread(target=write, args=(replicas[w % 2], w)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = store.verify()
    assert report.ok and report.records == 120
    assert [r.seq for r in store.query("alpha", limit=1000)] == list(range(60, 0, -1))
    replicas[1].close()


def test_query_export_checkpoint_and_prune(store, tmp_path):
    for n in range(1, 6):
        store.append(draft(n))
    assert [r.seq for r in store.query("alpha", since=T0 + timedelta(minutes=2), limit=2)] == [5, 4]
    assert [line.count('"seq":') for line in store.export("alpha")] == [1] * 5
    key_path = tmp_path / "k.pem"
    generate_key(key_path)
    key = load_private_key(key_path)
    for tenant, seq, head in store.heads():
        store.add_checkpoint(sign(key, tenant, seq, head, "2026-11-23T12:00:00.000000Z"))
    assert store.verify(key.public_key()).ok
    assert store.prune(T0 + timedelta(minutes=3)) == 2
    assert store.verify(key.public_key()).ok


def test_unreachable_server_is_audit_unavailable():
    with pytest.raises(AuditUnavailable, match="127.0.0.1:1/"):
        PostgresAuditStore("postgresql://postgres:secret@127.0.0.1:1/postgres", connect_timeout_s=1)


def test_service_writes_its_decisions_to_postgres(store, dsn, deployment_dir):
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["audit"]["dsn"] = dsn
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    runtime = build_runtime(load_deployment(deployment_dir))
    assert isinstance(runtime.pipeline.store, PostgresAuditStore)
    with TestClient(create_app(runtime)) as client:
        body = {"model": "alpha-bot", "messages": [{"role": "user", "content": "talk to a human"}]}
        decision = client.post("/v1/chat/completions", json=body, headers=bearer(ALPHA_KEY)).json()["decision_id"]
        records = client.get("/v1/audit/decisions", headers=bearer(ALPHA_KEY)).json()["data"]
    runtime.close()
    assert [r["decision_id"] for r in records] == [decision]
    assert store.verify().ok


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
