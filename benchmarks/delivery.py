"""Delivery benchmark (loopback only): handoffs from the durable outbox to a local webhook receiver.

Handoff decisions are appended to a scratch SQLite audit store (WAL, synchronous=FULL: each one's delivery job is
committed with its record before `append` returns), and the delivery worker posts them, signed, to a receiver on
127.0.0.1, in its own process, that checks every signature. Three measurements:

- backlog: N handoffs already in the outbox, the worker started: handoffs delivered per second;
- sustained: producers append handoffs as fast as they can while the worker delivers: delivered per second,
  from the first append to the last delivery received;
- latency: handoffs appended at steady rates: decision (before `append`) -> webhook received, p50/p95/p99; and
  the p95 of the durable write alone (`append`, the record and its job, fsync included), which is part of it.

    .venv/bin/python -m benchmarks.delivery [--handoffs 2000] [--rates 50,200] [--seconds 5] [--dsn postgresql://...]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.table import print_table
from interlock.policies.routes import Route
from interlock.service.audit.record import RECORD_VERSION, DecisionDraft, format_time
from interlock.service.audit.stores import AuditLog, open_store
from interlock.service.config import DeliveryConfig
from interlock.service.delivery.signing import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signature_valid
from interlock.service.delivery.targets import Secret, WebhookTarget
from interlock.service.delivery.worker import DeliveryWorker

SECRET = b"whsec-benchmark-0123456789"
TENANT = "bench"


def serve_receiver(port: int) -> None:
    """The receiver process: verifies each signature, prints `<decision id> <monotonic time> <valid>` per arrival."""
    out = sys.stdout
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            arrived = time.monotonic()
            valid = signature_valid(SECRET, self.headers.get(SIGNATURE_HEADER, ""), body, time.time())
            with lock:
                out.write(f"{self.headers.get(IDEMPOTENCY_HEADER, '')} {arrived} {int(valid)}\n")
                out.flush()
            self.send_response(200 if valid else 401)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    out.write("ready\n")
    out.flush()
    server.serve_forever()


class Receiver:
    """A local webhook in its own process (as a helpdesk would be): notes when each decision arrived
    (time.monotonic, one clock for every process of the machine)."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen([sys.executable, "-m", "benchmarks.delivery", "--serve-receiver", str(port)],
                                        stdout=subprocess.PIPE, text=True)  # fmt: skip
        if self.process.stdout.readline().strip() != "ready":
            raise SystemExit("the receiver did not start")
        self.url = f"http://127.0.0.1:{port}/handoffs"
        self.arrived: dict[str, float] = {}
        self.bad_signatures = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            decision_id, arrived, valid = line.split()
            with self.lock:
                self.arrived.setdefault(decision_id, float(arrived))
                self.bad_signatures += valid != "1"

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()

    def wait_for(self, ids: set[str], timeout_s: float) -> float:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                if ids <= self.arrived.keys():
                    return max(self.arrived[i] for i in ids)
            time.sleep(0.002)
        raise SystemExit(f"only {len(ids & self.arrived.keys())} of {len(ids)} handoffs arrived in {timeout_s} s")


def handoff_draft(n: int) -> DecisionDraft:
    decision_id = f"dec_{uuid.uuid4().hex}"
    return DecisionDraft(
        record_version=RECORD_VERSION, decision_id=decision_id, tenant=TENANT, bot="bench-bot",
        created_at=format_time(datetime.now(UTC)), route=Route.HANDOFF, bundle_version="sha256:bench",
        base_model="sha256:bench", adapter_id=None, adapter_version=None, input_hash="sha256:bench",
        inputs={"messages": [["user", f"talk to a human ({n})"]], "facts": {}}, output="A person will help.",
        handoff={"reason": "customer_request", "priority": "normal", "decision_id": decision_id,
                 "summary": f"intents: handoff; last message: talk to a human ({n})", "conversation_id": f"c{n}"},
    )  # fmt: skip


def append_all(store: AuditLog, drafts: list[DecisionDraft], threads: int, started: dict[str, float]) -> None:
    """Append from `threads` producers at once (the writer commits them in groups)."""
    chunks = [drafts[i::threads] for i in range(threads)]

    def produce(chunk: list[DecisionDraft]) -> None:
        for draft in chunk:
            started[draft.decision_id] = time.monotonic()
            store.append(draft)

    workers = [threading.Thread(target=produce, args=(chunk,)) for chunk in chunks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def run(scratch: Path, dsn: str | None, handoffs: int, rates: list[float], seconds: float) -> list[list[str]]:
    receiver = Receiver()
    settings = DeliveryConfig()
    targets = {(TENANT, "hook"): WebhookTarget(TENANT, "hook", receiver.url, Secret(SECRET), 8, 5.0)}
    rows = []

    def fresh_store(name: str) -> AuditLog:
        return open_store(scratch / f"{name}.db", dsn, {TENANT: ["hook"]})

    # backlog: the outbox holds `handoffs` jobs, then the worker starts
    store = fresh_store("backlog")
    drafts = [handoff_draft(n) for n in range(handoffs)]
    append_all(store, drafts, 8, {})
    worker = DeliveryWorker(store, targets, settings)
    began = time.monotonic()
    worker.start()
    last = receiver.wait_for({d.decision_id for d in drafts}, timeout_s=120)
    worker.stop()
    rows.append(["backlog drained", str(handoffs), f"{handoffs / (last - began):.0f}", "-", "-", "-", "-"])
    store.close()

    # sustained: 8 producers append as fast as they can while the worker delivers
    store = fresh_store("sustained")
    worker = DeliveryWorker(store, targets, settings)
    worker.start()
    drafts, started = [handoff_draft(n) for n in range(handoffs)], {}
    began = time.monotonic()
    append_all(store, drafts, 8, started)
    last = receiver.wait_for({d.decision_id for d in drafts}, timeout_s=120)
    worker.stop()
    latencies = [(receiver.arrived[i] - started[i]) * 1000 for i in started]
    rows.append(["sustained (8 producers, as fast as they can)", str(handoffs), f"{handoffs / (last - began):.0f}",
                 f"{percentile(latencies, 50):.1f}", f"{percentile(latencies, 95):.1f}",
                 f"{percentile(latencies, 99):.1f}", "-"])  # fmt: skip
    store.close()

    # latency: steady rates, one producer
    for rate in rates:
        store = fresh_store(f"latency-{rate:g}")
        worker = DeliveryWorker(store, targets, settings)
        worker.start()
        count, started = int(rate * seconds), {}
        drafts = [handoff_draft(n) for n in range(count)]
        began = time.monotonic()
        writes = []
        for n, draft in enumerate(drafts):
            time.sleep(max(0.0, began + n / rate - time.monotonic()))
            started[draft.decision_id] = time.monotonic()
            store.append(draft)
            writes.append((time.monotonic() - started[draft.decision_id]) * 1000)
        last = receiver.wait_for(set(started), timeout_s=60)
        worker.stop()
        latencies = [(receiver.arrived[i] - started[i]) * 1000 for i in started]
        rows.append([f"steady {rate:g}/s for {seconds:g} s", str(count), f"{count / (last - began):.0f}",
                     f"{percentile(latencies, 50):.1f}", f"{percentile(latencies, 95):.1f}",
                     f"{percentile(latencies, 99):.1f}", f"{percentile(writes, 95):.1f}"])  # fmt: skip
        store.close()
    receiver.close()
    if receiver.bad_signatures:
        raise SystemExit(f"{receiver.bad_signatures} deliveries had a bad signature")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--handoffs", type=int, default=2000)
    parser.add_argument("--rates", default="50,200", help="handoffs per second in the latency runs")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--dsn", help="PostgreSQL instead of SQLite (an empty database: tables are created)")
    parser.add_argument("--serve-receiver", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_receiver:
        serve_receiver(args.serve_receiver)
        return
    with tempfile.TemporaryDirectory(prefix="interlock-delivery-") as scratch:
        rows = run(Path(scratch), args.dsn, args.handoffs, [float(r) for r in args.rates.split(",")], args.seconds)
    store = "PostgreSQL" if args.dsn else "SQLite (WAL, synchronous=FULL)"
    print(f"delivery to a local webhook on 127.0.0.1, outbox in {store}, signature checked on every delivery")
    print_table(["run", "handoffs", "delivered/s", "p50 ms", "p95 ms", "p99 ms", "record write p95 ms"], rows)
    print("targets: delivered/s >= 200; decision -> webhook received p95 <= 250 ms")


if __name__ == "__main__":
    main()
