"""Deliveries under a crash: SIGKILL the service mid-load, while handoffs are being written and posted; after a
restart of the worker every acknowledged handoff reaches the webhook (at least once), none is lost."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import httpx
import yaml

from interlock.service.config import load_deployment
from interlock.service.delivery.targets import webhook_targets
from interlock.service.delivery.worker import DeliveryWorker
from interlock.service.runtime import open_audit_store
from tests.conftest import ALPHA_KEY, BETA_KEY, bearer
from tests.test_audit_durability import free_port, start_server
from tests.test_delivery import SECRET
from tests.webhook_receiver import Receiver


def test_sigkill_mid_load_loses_no_acknowledged_handoff(deployment_dir):
    # A receiver a little slower than the turns, so a backlog of deliveries is pending (and some in flight) at
    # the kill; it fails every seventh request, so retries are pending too.
    with Receiver(lambda n: (500, 0.0) if n % 7 == 3 else (200, 0.02)) as receiver:
        config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
        # The bundles without their signal models (NER, harm exemplars): this test needs turns faster than the
        # receiver, so that a backlog exists at the kill; what the models find does not matter to it.
        for tenant in config["tenants"]:
            bundle = yaml.safe_load(Path(tenant["policy"]).read_text(encoding="utf-8"))
            bundle.pop("signals", None)
            tenant["policy"] = f"{tenant['id']}-rules-only.yaml"
            (deployment_dir / tenant["policy"]).write_text(yaml.safe_dump(bundle, allow_unicode=True))
        config["tenants"][0]["webhooks"] = [{"name": "helpdesk", "url": receiver.url, "secret_file": "hook.secret",
                                             "attempts": 20, "timeout_s": 2}]  # fmt: skip
        config["delivery"] = {"lease_s": 2, "poll_s": 0.2, "backoff_base_s": 0.2, "backoff_cap_s": 1, "batch": 8,
                              "concurrency": 2}  # fmt: skip
        (deployment_dir / "hook.secret").write_text(SECRET.decode())
        (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
        port = free_port()
        server = start_server(deployment_dir, port)
        acknowledged: list[str] = []
        lock, stop = threading.Lock(), threading.Event()

        def client(worker: int) -> None:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:
                n = 0
                while not stop.is_set() and n < 400:
                    key, bot = ((ALPHA_KEY, "alpha-bot"), (BETA_KEY, "beta-bot"))[(worker + n) % 2]
                    n += 1
                    body = {"model": bot, "max_tokens": 4, "user": f"conv-{worker}",
                            "messages": [{"role": "user", "content": "talk to a human"}]}  # fmt: skip
                    try:
                        response = http.post("/v1/chat/completions", json=body, headers=bearer(key))
                    except httpx.HTTPError:
                        return  # the server died under us: this turn was never acknowledged
                    if response.status_code == 200 and bot == "alpha-bot":
                        with lock:
                            acknowledged.append(response.headers["X-Decision-Id"])

        workers = [threading.Thread(target=client, args=(i,)) for i in range(8)]
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 20
        # Kill once there is a backlog: enough turns acknowledged, some delivered, and some not yet.
        while time.monotonic() < deadline:
            with lock:
                pending = {*acknowledged} - {r.headers["Idempotency-Key"] for r in receiver.received}
                if len(acknowledged) >= 60 and len(receiver.received) >= 10 and len(pending) >= 5:
                    break
            time.sleep(0.01)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for worker in workers:
            worker.join()
        delivered_before = {r.headers["Idempotency-Key"] for r in receiver.received}
        assert len(acknowledged) >= 60 and not set(acknowledged) <= delivered_before  # a backlog was cut off

        # The service's worker died with it; another one (as after a restart, or `interlock handoffs deliver`)
        # finds every acknowledged handoff in the outbox, those leased at the kill once their lease runs out.
        deployment = load_deployment(deployment_dir)
        store = open_audit_store(deployment)
        worker = DeliveryWorker(store, webhook_targets(deployment), deployment.config.delivery)
        worker.start()
        try:
            receiver.wait_for(lambda got: set(acknowledged) <= {r.headers["Idempotency-Key"] for r in got},
                              timeout_s=30)  # fmt: skip
        finally:
            worker.stop()
    deliveries = store.deliveries("alpha", limit=10_000)
    assert {d.decision_id for d in deliveries} >= set(acknowledged)
    assert not [d for d in deliveries if d.state == "dead"]
    assert store.verify().ok
    store.close()
