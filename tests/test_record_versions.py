"""Records carry the format they were written in; verify and query read every version, old and new."""

from __future__ import annotations

import sqlite3

from interlock.service.audit.record import GENESIS_HASH, RECORD_VERSION, canonical_json, record_hash
from interlock.service.audit.sqlite import SQLiteAuditStore
from tests.conftest import ALPHA_KEY, bearer
from tests.test_audit import draft


def _insert_as_written_before_versions(path, n: int, prev_hash: str) -> str:
    """A record exactly as version 1 wrote it: no `record_version` field in its body or its hash."""
    body = draft(n).model_dump(mode="json") | {"seq": n}
    del body["record_version"]
    digest = record_hash(body, prev_hash)
    stored = canonical_json(body | {"prev_hash": prev_hash, "hash": digest})
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   ("alpha", n, body["decision_id"], body["created_at"], body["route"], prev_hash, digest, stored))
    return digest


def test_a_chain_of_old_and_new_records_verifies_and_reads(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db")
    head = _insert_as_written_before_versions(store.path, 1, GENESIS_HASH)
    _insert_as_written_before_versions(store.path, 2, head)
    new = store.append(draft(3).model_copy(update={"record_version": RECORD_VERSION}))
    assert new.seq == 3 and new.record_version == RECORD_VERSION
    report = store.verify()
    assert report.ok and report.records == 3
    assert [r.record_version for r in store.query("alpha")] == [RECORD_VERSION, 1, 1]
    store.close()


def test_a_record_from_a_newer_format_is_reported_not_misread(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db")
    store.append(draft(1).model_copy(update={"record_version": RECORD_VERSION + 1}))
    broken = store.verify().first_broken
    assert broken is not None and broken.seq == 1 and "record version" in broken.reason
    store.close()


def test_every_turn_is_recorded_with_the_current_version(client):
    client.post("/v1/chat/completions", headers=bearer(ALPHA_KEY),
                json={"model": "alpha-bot", "messages": [{"role": "user", "content": "talk to a human"}]})
    record = client.get("/v1/audit/decisions?limit=1", headers=bearer(ALPHA_KEY)).json()["data"][0]
    assert record["record_version"] == RECORD_VERSION == 5
    assert record["tool_calls"] == [] and record["tool_facts"] is None and record["human_action"] is None
