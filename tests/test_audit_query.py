"""The console's read side of the audit log (service/audit/query.py), on real SQLite and a real PostgreSQL server:
keyset pages with every filter, trends from the roll-ups, bounded chain verification."""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg
import pytest

from interlock.policies.routes import Route
from interlock.service.audit.postgres import PostgresAuditStore
from interlock.service.audit.query import (
    DecisionFilter,
    PostgresDb,
    SqlDecisionQueries,
    SQLiteDb,
    index_rows,
    latency_bucket,
    percentile,
)
from interlock.service.audit.sqlite import SQLiteAuditStore
from tests.conftest import T0
from tests.postgres_server import PostgresServer
from tests.test_audit import draft


def routed(n: int, tenant: str = "alpha") -> object:
    """Record n: every third a handoff with rule handoff.requested, the rest model answers; bundle v2 from 60 on."""
    route = Route.HANDOFF if n % 3 == 0 else Route.MODEL
    base = draft(n, tenant=tenant, route=route, minutes=n * 30)
    update = {"bundle_version": "sha256:bundle-v2" if n >= 60 else "sha256:bundle-v1",
              "latencies_ms": {"pre": 0.5, "generate": float(n)}}  # fmt: skip
    if route is Route.HANDOFF:
        update |= {"handoff": {"reason": "customer_request", "priority": "normal", "summary": "s",
                               "decision_id": base.decision_id},
                   "rules_fired": [{"id": "handoff.requested", "stage": "pre", "action": "handoff", "why": "w"}]}
    return base.model_copy(update=update)


@pytest.fixture(scope="module")
def pg_dsn():
    server = PostgresServer()
    url = server.start()
    yield url
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def log(request, tmp_path):
    """(audit store, console queries) over the same log."""
    if request.param == "sqlite":
        store = SQLiteAuditStore(tmp_path / "audit.db")
        queries = SqlDecisionQueries(SQLiteDb(tmp_path / "audit.db"))
    else:
        dsn = request.getfixturevalue("pg_dsn")
        with psycopg.connect(dsn, autocommit=True) as db:
            db.execute("DROP TABLE IF EXISTS decisions, checkpoints, chain_starts, handoffs, deliveries, "
                       "console_state, console_facets, "
                       "console_tags, console_routes, console_rules, console_latency, console_versions, "
                       "console_verified")  # fmt: skip
        store = PostgresAuditStore(dsn)
        queries = SqlDecisionQueries(PostgresDb(dsn))
    yield store, queries
    queries.close()
    store.close()


def test_keyset_pages_walk_every_matching_record_once_newest_first(log):
    store, queries = log
    for n in range(1, 121):
        store.append(routed(n))
        if n % 10 == 0:
            store.append(routed(n, tenant="beta"))
    seen, cursor = [], None
    while True:
        page = queries.page(DecisionFilter(tenant="alpha", route="handoff"), cursor=cursor, limit=7)
        seen.extend(r.decision_id for r in page.records)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"dec_alpha_{n:04d}" for n in range(120, 0, -1) if n % 3 == 0]
    assert all(not s.startswith("dec_beta") for s in seen)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"rule_id": "handoff.requested", "bundle_version": "sha256:bundle-v1"}, [57, 54, 51]),
        ({"handoff_reason": "customer_request", "until_n": 10}, [9, 6, 3]),
        ({"bundle_version": "sha256:bundle-v2", "since_n": 118}, [120, 119, 118]),
        ({"decision_id": "dec_alpha_0042"}, [42]),
        ({"bot": "beta-bot"}, []),
        ({"adapter_version": "sha256:adapter", "since_n": 119}, [120, 119]),
    ],
)
def test_each_filter_narrows_the_list(log, filters, expected):
    store, queries = log
    for n in range(1, 121):
        store.append(routed(n))
    filters = dict(filters)
    since_n, until_n = filters.pop("since_n", None), filters.pop("until_n", None)
    moment = {"since": T0 + timedelta(minutes=since_n * 30) if since_n else None,
              "until": T0 + timedelta(minutes=until_n * 30) if until_n else None}  # fmt: skip
    page = queries.page(DecisionFilter(tenant="alpha", **filters, **moment), limit=3)
    assert [r.decision_id for r in page.records] == [f"dec_alpha_{n:04d}" for n in expected]


def test_trends_count_routes_rules_latency_and_mark_the_version_change(log):
    store, queries = log
    for n in range(1, 121):
        store.append(routed(n))
    trends = queries.trends("alpha", T0, T0 + timedelta(days=3))
    by_day = trends.routes["alpha-bot"]
    assert sum(sum(mix.values()) for mix in by_day.values()) == 120
    assert sum(mix.get("handoff", 0) for mix in by_day.values()) == 40
    assert trends.top_rules == [("handoff.requested", "pre", "handoff", 40)]
    assert trends.latency["generate"]["n"] == 120 and 60 <= trends.latency["generate"]["p50"] <= 60 * 1.19
    assert [(v.kind, v.version) for v in trends.versions] == [
        ("adapter", "sha256:adapter"), ("bundle", "sha256:bundle-v1"), ("bundle", "sha256:bundle-v2")]


def test_verification_goes_in_bounded_steps_and_finds_a_rewritten_record(log, tmp_path):
    store, queries = log
    records = [store.append(routed(n)) for n in range(1, 26)]
    first = queries.verify_step("alpha", 10, T0)
    assert (first.verified_seq, first.head_seq, first.complete) == (10, 25, False)
    assert not queries.chain_place(records[19]).verified_up_to_it and queries.chain_place(records[5]).verified_up_to_it
    queries.verify_step("alpha", 10, T0)
    assert queries.verify_step("alpha", 10, T0).complete
    assert queries.chain_place(records[19]).link_ok
    rewrite = "UPDATE decisions SET body = replace(body, 'answer 7', 'answer X') WHERE tenant = 'alpha' AND seq = 7"
    if isinstance(store, SQLiteAuditStore):
        store._db.execute(rewrite)
    else:
        with psycopg.connect(store.dsn, autocommit=True) as db:
            db.execute(rewrite)
    assert not queries.chain_place(records[6]).link_ok
    broken = queries.verify_step("alpha", 100, T0, restart=True)
    assert (broken.broken_seq, broken.complete) == (7, True) and "hash" in broken.broken_reason


def test_index_reads_tool_calls_and_histograms_are_within_a_bucket():
    body = json.loads(routed(3).model_dump_json()) | {"tool_calls": [{"name": "refund.issue", "decision": "deny"},
                                                                     {"name": "order.lookup", "decision": "allow"}]}
    rows = index_rows("alpha", [(3, json.dumps(body))])
    assert sorted(t[2] for t in rows.tags if t[1] == "tool") == ["order.lookup", "refund.issue"]
    histogram = {latency_bucket(ms): 1 for ms in (1.0, 2.0, 4.0, 8.0)}
    assert 4.0 <= percentile(histogram, 0.75) < 4.0 * 1.19


def test_records_without_rules_or_latencies_are_indexed(log):
    store, queries = log
    for n in range(1, 4):
        store.append(draft(n).model_copy(update={"latencies_ms": {}}))
    page = queries.page(DecisionFilter(tenant="alpha"))
    assert [r.seq for r in page.records] == [3, 2, 1] and queries.lag("alpha") == 0
