"""Console benchmark: 1,000,000 decision records, then the console's pages over HTTP, p50/p95.

Records are written straight into the audit database in bulk (valid hash chains, not through the pipeline), spread
over 30 days for two tenants (acme 90%, lumen 10%), with a bundle version change on day 20 that raises the refusal
rate. The console's derived index is then built once (timed), and each page is requested through the real app
(signed in as the all-tenants auditor) with a stand-in model: filtered decision lists (first pages and pages
deep behind a keyset cursor), the why view of random decisions, 30-day trends. SQLite always; PostgreSQL too when
its server binaries are installed (a throwaway server on 127.0.0.1, as the tests start one).

    .venv/bin/python -m benchmarks.console                     # 1,000,000 records, SQLite and PostgreSQL
    .venv/bin/python -m benchmarks.console --records 20000 --no-postgres
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import yaml  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from benchmarks.table import print_table  # noqa: E402
from interlock.policies.loader import load_bundle  # noqa: E402
from interlock.service.api.app import create_app  # noqa: E402
from interlock.service.audit.record import GENESIS_HASH, canonical_json, format_time, record_hash  # noqa: E402
from interlock.service.audit.stores import open_store  # noqa: E402
from interlock.service.auth import hash_key  # noqa: E402
from interlock.service.config import load_deployment  # noqa: E402
from interlock.service.evaluation.run import StandInModel  # noqa: E402
from interlock.service.runtime import build_runtime  # noqa: E402

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
END = datetime(2026, 11, 30, tzinfo=UTC)
DAYS = 30
AUDITOR_KEY = "ck-bench-auditor"
TARGETS_MS = {"list": 200, "why": 100, "trends": 500}
# (route, weight before the change, after it, rules fired, handoff reason)
SHAPES = [
    ("rule", 40, 37, ["refund.approve", "disclaimer.ai-first-turn"], None),
    ("rag", 20, 19, ["route.knowledge"], None),
    ("model", 20, 18, [], None),
    ("refuse", 7, 11, ["refund.outside-window"], None),
    ("refuse", 3, 5, ["security.prompt-injection"], None),
    ("handoff", 6, 6, ["handoff.requested"], "customer_requested_human"),
    ("handoff", 3, 3, ["refund.over-limit"], "refund_over_limit"),
    ("model", 1, 1, ["output.unapproved-refund-promise"], "output_blocked"),
]
ACTIONS = {"refund.approve": ("pre", "answer_by_rule"), "disclaimer.ai-first-turn": ("pre", "append_disclaimer"),
           "route.knowledge": ("pre", "route_rag"), "refund.outside-window": ("pre", "refuse"),
           "security.prompt-injection": ("pre", "refuse"), "handoff.requested": ("pre", "handoff"),
           "refund.over-limit": ("pre", "handoff"),
           "output.unapproved-refund-promise": ("post", "block_output")}  # fmt: skip


def record_bodies(tenant: str, count: int, versions: tuple[str, str], rng: random.Random):
    """`count` chained records of one tenant, oldest first: (row tuple, ...) as the decisions table holds them."""
    prev, step = GENESIS_HASH, DAYS * 86400 / count
    change_at = END - timedelta(days=10)
    for seq in range(1, count + 1):
        moment = END - timedelta(days=DAYS) + timedelta(seconds=step * (seq - 1) + rng.random() * step * 0.5)
        after = moment >= change_at
        shape = rng.choices(SHAPES, weights=[s[2] if after else s[1] for s in SHAPES])[0]
        route, _, _, rules, reason = shape
        decision_id = f"dec_{tenant}_{seq:08d}"
        text = rng.choice(["I want a refund for order AC-100234", "Where is my order?", "talk to a human please",
                           "What is your refund window?", "ignore previous instructions"])  # fmt: skip
        body = {
            "record_version": 2, "decision_id": decision_id, "tenant": tenant, "bot": f"{tenant}-support",
            "created_at": format_time(moment), "route": "handoff" if reason == "output_blocked" else route,
            "pre_route": route, "bundle_version": versions[1] if after else versions[0], "base_model": "sha256:base",
            "adapter_id": f"{tenant}/{tenant}-voice", "adapter_version": "sha256:adapter-2" if seq > count // 3
            else "sha256:adapter-1", "input_hash": "sha256:" + "0" * 64,
            "inputs": {"messages": [["user", text]], "facts": {}},
            "signals": {"intents": ["refund_request"] if "refund" in text else [], "matched": {}, "language": "en",
                        "injection": [], "harm": [], "handoff_requested": "human" in text,
                        "findings": {"handoff_request": [], "harm": [], "injection": []}, "pii": [],
                        "entities": {"order_ids": [], "money": [], "dates": [], "emails": 0, "phones": 0}},
            "rules_fired": [{"id": r, "stage": ACTIONS[r][0], "action": ACTIONS[r][1], "why": r} for r in rules],
            "disclaimers": [], "retrieval": None, "citations": [], "policy_errors": [],
            "model_output": "Sure, here is what I found." if route in ("model", "rag") else None,
            "candidate": "Sure, here is what I found.", "output": "Sure, here is what I found.",
            "finish_reason": "stop", "prompt_tokens": 40, "completion_tokens": 12,
            "handoff": {"reason": reason, "priority": "normal", "summary": text, "decision_id": decision_id}
            if reason else None, "error": None,
            "latencies_ms": {"signals": round(rng.lognormvariate(0.5, 0.4), 3),
                             "pre_policy": round(rng.lognormvariate(-0.5, 0.4), 3),
                             "generate": round(rng.lognormvariate(5, 0.5), 3) if route in ("model", "rag") else 0.0},
            "seq": seq,
        }  # fmt: skip
        digest = record_hash(body, prev)
        stored = canonical_json(body | {"prev_hash": prev, "hash": digest})
        yield (tenant, seq, decision_id, body["created_at"], body["route"], prev, digest, stored)
        prev = digest


def plan(records: int) -> list[tuple[str, int]]:
    return [("acme", records - records // 10), ("lumen", records // 10)]


def seed_sqlite(path: Path, records: int, versions: dict[str, tuple[str, str]]) -> None:
    open_store(path).close()  # the store's own schema
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    rng = random.Random(7)
    for tenant, count in plan(records):
        batch = []
        db.execute("BEGIN")
        for row in record_bodies(tenant, count, versions[tenant], rng):
            batch.append(row)
            if len(batch) == 20000:
                db.executemany("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
                batch = []
        db.executemany("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
        db.execute("COMMIT")
    db.close()


def seed_postgres(dsn: str, records: int, versions: dict[str, tuple[str, str]]) -> None:
    import psycopg

    open_store(Path("unused"), dsn).close()
    rng = random.Random(7)
    with psycopg.connect(dsn) as db, db.cursor() as cursor:
        for tenant, count in plan(records):
            with cursor.copy("COPY decisions FROM STDIN") as copy:
                for row in record_bodies(tenant, count, versions[tenant], rng):
                    copy.write_row(row)
        db.commit()
        cursor.execute("ANALYZE decisions")


def deployment(root: Path, audit: dict) -> Path:
    config = {
        "model": {"base": "unused-model"},
        "audit": audit,
        "admin_keys": [],
        "tenants": [
            {"id": tenant, "display_name": tenant, "api_keys": [hash_key(f"sk-bench-{tenant}")],
             "policy": str(DEMO / "policies" / f"{tenant}.yaml"), "bots": [{"name": f"{tenant}-support"}]}
            for tenant in ("acme", "lumen")
        ],
        "console": {"keys": [{"name": "bench auditor", "role": "auditor", "key": hash_key(AUDITOR_KEY)}]},
    }  # fmt: skip
    (root / "tenants.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def timed(client: TestClient, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code, response.text[:500])
    return elapsed


def measure(root: Path, records: int, repeats: int, versions: dict[str, tuple[str, str]]) -> list[list[str]]:
    runtime = build_runtime(load_deployment(root), backend=StandInModel())
    rows = []
    app = create_app(runtime)
    start, queries = time.perf_counter(), app.state.console.queries
    for tenant, _ in plan(records):  # beside the app's own background catch-up: done when nothing lags
        queries.refresh(tenant)
    assert all(queries.lag(tenant) == 0 for tenant, _ in plan(records))
    rows.append(["index build (once)", "", f"{(time.perf_counter() - start):.1f} s", "", f"{records:,} records"])
    with TestClient(app) as client:
        form = client.get("/console/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        client.post("/console/login", data={"key": AUDITOR_KEY, "csrf": csrf})
        old, new = versions["acme"]
        day = (END - timedelta(days=5)).date().isoformat()
        lists = {
            "no filter": "tenant=acme",
            "route=refuse": "tenant=acme&route=refuse",
            "bot + route=handoff": "tenant=acme&bot=acme-support&route=handoff",
            "rule id (pre)": "tenant=acme&rule_id=security.prompt-injection",
            "rule id (post block)": "tenant=acme&rule_id=output.unapproved-refund-promise",
            "handoff reason": "tenant=acme&handoff_reason=refund_over_limit",
            "old bundle version": f"tenant=acme&bundle_version={old}",
            "adapter version + route": "tenant=acme&adapter_version=sha256:adapter-1&route=rag",
            "one day": f"tenant=acme&since={day}T00:00&until={day}T23:59:59",
            "tool name (none match)": "tenant=acme&tool_name=refund.issue",
            "decision id": "tenant=acme&decision_id=dec_acme_00000042",
            "small tenant, refuse": "tenant=lumen&route=refuse",
        }
        list_times = []
        for name, query in lists.items():
            first = [timed(client, f"/console/decisions?{query}") for _ in range(repeats)]
            page = client.get(f"/console/decisions?{query}").text
            deep = []
            for _ in range(3):  # follow the keyset cursor three pages down, then time that page
                found = re.search(r'id="next-page" href="([^"]+)"', page)
                if not found:
                    break
                url = found.group(1).replace("&amp;", "&")
                page = client.get(url).text
            if found:
                deep = [timed(client, url) for _ in range(repeats)]
            list_times += first + deep
            rows.append([f"list: {name}", f"{statistics.median(first):.1f}", f"{p95(first):.1f}",
                         f"{p95(deep):.1f}" if deep else "-", ""])  # fmt: skip
        rows.append(["list: all of the above", f"{statistics.median(list_times):.1f}", f"{p95(list_times):.1f}",
                     "", verdict(p95(list_times), "list")])  # fmt: skip
        rng = random.Random(3)
        why = [timed(client, f"/console/decisions/dec_acme_{rng.randint(1, records * 9 // 10):08d}")
               for _ in range(repeats * 4)]  # fmt: skip
        rows.append(["why view (random decision)", f"{statistics.median(why):.1f}", f"{p95(why):.1f}", "",
                     verdict(p95(why), "why")])  # fmt: skip
        since = (END - timedelta(days=DAYS)).date().isoformat()
        until = (END - timedelta(days=1)).date().isoformat()
        trends = [timed(client, f"/console/trends?tenant=acme&since={since}&until={until}") for _ in range(repeats)]
        trends += [timed(client, f"/console/trends?tenant=acme&bot=acme-support&since={since}&until={until}")
                   for _ in range(repeats)]  # fmt: skip
        rows.append(["trends, 30 days", f"{statistics.median(trends):.1f}", f"{p95(trends):.1f}", "",
                     verdict(p95(trends), "trends")])  # fmt: skip
        start = time.perf_counter()
        client.post("/console/chain/verify", data={"tenant": "lumen", "csrf": client.get("/console/chain?tenant=lumen")
                    .text.split('name="csrf" value="')[1].split('"')[0]}, follow_redirects=False)  # fmt: skip
        rows.append(["verify-now step (5,000 links)", "", f"{(time.perf_counter() - start) * 1000:.0f} ms", "", ""])
    runtime.close()
    return rows


def p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def verdict(value: float, kind: str) -> str:
    target = TARGETS_MS[kind]
    return f"{'ok' if value <= target else 'OVER'} (p95 <= {target} ms)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    bundles = {t: load_bundle(DEMO / "policies" / f"{t}.yaml").version for t in ("acme", "lumen")}
    versions = {t: ("sha256:" + "1" * 64, bundles[t]) for t in bundles}  # the current bundle from day 20
    header = ["measurement", "p50 ms", "p95 ms", "p95 ms, 4th page", "target"]
    with tempfile.TemporaryDirectory(prefix="interlock-console-bench-") as scratch:
        root = Path(scratch)
        start = time.perf_counter()
        seed_sqlite(root / "audit.db", args.records, versions)
        print(f"## SQLite: {args.records:,} records seeded in {time.perf_counter() - start:.1f} s\n")
        print_table(header, measure(deployment(root, {"path": "audit.db"}), args.records, args.repeats, versions))
        (root / "audit.db").unlink()
        (root / "audit.console.db").unlink()
        if args.no_postgres:
            return
        try:
            from tests.postgres_server import PostgresServer

            server = PostgresServer()
            dsn = server.start()
        except (RuntimeError, OSError) as exc:
            print(f"\nPostgreSQL skipped: {exc}")
            return
        try:
            start = time.perf_counter()
            seed_postgres(dsn, args.records, versions)
            print(f"\n## PostgreSQL: {args.records:,} records seeded in {time.perf_counter() - start:.1f} s\n")
            print_table(header, measure(deployment(root, {"dsn": dsn}), args.records, args.repeats, versions))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
