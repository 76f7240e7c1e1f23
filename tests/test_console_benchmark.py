"""The console benchmark at a small size, so it keeps running: seeded chains verify, every page answers."""

from __future__ import annotations

from benchmarks.console import DEMO, deployment, measure, seed_sqlite
from interlock.policies.loader import load_bundle
from interlock.service.audit.sqlite import SQLiteAuditStore


def test_console_benchmark_runs_at_small_scale(tmp_path):
    versions = {t: ("sha256:" + "1" * 64, load_bundle(DEMO / "policies" / f"{t}.yaml").version)
                for t in ("acme", "lumen")}  # fmt: skip
    seed_sqlite(tmp_path / "audit.db", 3000, versions)
    store = SQLiteAuditStore(tmp_path / "audit.db")
    assert store.verify().ok and store.verify().records == 3000
    store.close()
    rows = measure(deployment(tmp_path, {"path": "audit.db"}), 3000, 2, versions)
    assert [row[0] for row in rows][:2] == ["index build (once)", "list: no filter"]
    assert all("OVER" not in row[4] for row in rows)
