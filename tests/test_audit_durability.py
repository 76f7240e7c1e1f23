"""The audit log under a crash: SIGKILL mid-load loses no acknowledged turn; checkpoints catch a cut tail."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta

import httpx
import pytest
import yaml

from interlock.service.audit.signing import generate_key, load_private_key, sign
from interlock.service.audit.sqlite import SQLiteAuditStore
from interlock.service.cli import main
from tests.conftest import ALPHA_KEY, BETA_KEY, T0, bearer
from tests.test_audit import draft


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(deployment_dir, port: int) -> subprocess.Popen:
    env = os.environ | {"HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "interlock.service.cli", "serve", "--config", str(deployment_dir), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not become ready")


def test_sigkill_mid_load_loses_no_acknowledged_turn(deployment_dir):
    port = free_port()
    server = start_server(deployment_dir, port)
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    turns = [
        (ALPHA_KEY, "alpha-bot", "talk to a human"),
        (BETA_KEY, "beta-bot", "转人工"),
        (ALPHA_KEY, "alpha-bot", "What colours does it come in?"),
        (BETA_KEY, "beta-bot", "I want a refund"),
    ]

    def client(worker: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:
            n = 0
            while not stop.is_set() and n < 400:
                key, bot, text = turns[(worker + n) % len(turns)]
                n += 1
                body = {"model": bot, "max_tokens": 4, "messages": [{"role": "user", "content": text}]}
                try:
                    response = http.post("/v1/chat/completions", json=body, headers=bearer(key))
                except httpx.HTTPError:
                    return  # the server died under us: this turn was never acknowledged
                if response.status_code == 200:
                    with lock:
                        acknowledged.append(response.headers["X-Decision-Id"])

    workers = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    stop.set()
    for worker in workers:
        worker.join()
    assert len(acknowledged) >= 60

    store = SQLiteAuditStore(deployment_dir / "state" / "audit.db")
    stored = {r.decision_id for tenant in ("alpha", "beta") for r in store.query(tenant, limit=1000)}
    assert set(acknowledged) <= stored
    report = store.verify()
    assert report.ok, report.first_broken
    store.close()

    restarted = start_server(deployment_dir, port)
    try:
        response = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            headers=bearer(ALPHA_KEY),
            json={"model": "alpha-bot", "messages": [{"role": "user", "content": "human"}]},
        )
        assert response.status_code == 200
    finally:
        restarted.terminate()
        restarted.wait()
    assert main(["audit", "verify", "--config", str(deployment_dir)]) == 0


@pytest.fixture
def signed(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db")
    key_path = tmp_path / "audit.key"
    generate_key(key_path)
    key = load_private_key(key_path)
    for n in range(1, 6):
        store.append(draft(n))
    for tenant, seq, head in store.heads():
        store.add_checkpoint(sign(key, tenant, seq, head, "2026-11-23T12:00:00.000000Z"))
    yield store, key
    store.close()


def test_checkpoints_verify(signed):
    store, key = signed
    assert store.verify(key.public_key()).ok


def test_truncated_tail_is_caught_by_the_checkpoint(signed):
    store, key = signed
    with sqlite3.connect(store.path) as db:
        db.execute("DELETE FROM decisions WHERE seq >= 4")
    assert store.verify().ok  # the chain alone cannot tell a cut tail from a short log
    broken = store.verify(key.public_key()).first_broken
    assert (broken.seq, broken.reason) == (5, "checkpointed record is missing (log truncated)")


def test_rewritten_tail_is_caught_by_the_checkpoint(signed):
    store, key = signed
    with sqlite3.connect(store.path) as db:
        db.execute("DELETE FROM decisions WHERE seq = 5")
    store.append(draft(6))  # a new, valid record 5 in place of the old one
    assert store.verify().ok
    assert store.verify(key.public_key()).first_broken.reason == "checkpointed record was rewritten"


def test_forged_checkpoint_is_caught(signed, tmp_path):
    store, key = signed
    other = tmp_path / "other.key"
    generate_key(other)
    forged = sign(load_private_key(other), "alpha", 5, store.heads()[0][2], "2026-11-24T00:00:00.000000Z")
    store.add_checkpoint(forged)
    assert store.verify(key.public_key()).first_broken.reason == "checkpoint signature is not valid"


def test_retention_prunes_old_records_and_the_rest_still_verifies(signed):
    store, key = signed
    removed = store.prune(T0 + timedelta(minutes=3))
    assert removed == 2
    assert [r.seq for r in store.query("alpha")] == [5, 4, 3]
    assert store.verify(key.public_key()).ok
    store.append(draft(9))
    assert store.verify(key.public_key()).ok


def test_audit_cli_keygen_checkpoint_export_prune(client, deployment_dir, capsys):
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["audit"] |= {"signing_key": "state/audit.key", "retention_days": 3650}
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    for _ in range(3):
        client.post(
            "/v1/chat/completions",
            headers=bearer(ALPHA_KEY),
            json={"model": "alpha-bot", "messages": [{"role": "user", "content": "talk to a human"}]},
        )
    assert main(["audit", "keygen", "--config", str(deployment_dir)]) == 0
    public_key = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert main(["audit", "checkpoint", "--config", str(deployment_dir)]) == 0
    assert "checkpoint alpha seq 3" in capsys.readouterr().out
    assert main(["audit", "verify", "--config", str(deployment_dir), "--public-key", public_key]) == 0
    assert "and signed checkpoints" in capsys.readouterr().out
    out = deployment_dir / "export.jsonl"
    assert main(["audit", "export", "--config", str(deployment_dir), "--tenant", "alpha", "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["seq"] for r in lines] == [1, 2, 3] and {r["tenant"] for r in lines} == {"alpha"}
    assert main(["audit", "prune", "--config", str(deployment_dir)]) == 0
    assert "pruned 0 records" in capsys.readouterr().out
    assert main(["audit", "keygen", "--config", str(deployment_dir)]) == 2  # never overwrites a key
