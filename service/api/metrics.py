"""Prometheus metrics: what was decided, per tenant and bot, and how long each stage took.

One registry per app (not the process-global one), so several apps in one process (tests) never share counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from interlock.adapters.catalog import AdapterCatalog, key_labels
from interlock.adapters.worker import GenerationWorker
from interlock.service.audit.handoffs import DeliveryJob, DeliveryResult
from interlock.service.audit.record import DecisionRecord
from interlock.service.delivery.worker import DeliveryWorker

_STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class ServiceMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.turns = Counter("interlock_turns", "Turns decided, by route", ["tenant", "bot", "route"],
                             registry=self.registry)  # fmt: skip
        self.handoffs = Counter("interlock_handoffs", "Turns handed to a person, by reason",
                                ["tenant", "bot", "reason"], registry=self.registry)  # fmt: skip
        self.blocked = Counter("interlock_output_blocks", "Answers blocked by the post-policy", ["tenant", "bot"],
                               registry=self.registry)  # fmt: skip
        self.rejected = Counter("interlock_rejected_requests", "Requests answered 429 (overload)",
                                registry=self.registry)  # fmt: skip
        self.in_flight = Gauge("interlock_turns_in_flight", "Chat turns being decided now", registry=self.registry)
        self.adapter_activations = Counter(
            "interlock_adapter_activations", "Adapters made ready for a batch: warm (resident) or cold (copied in)",
            ["tenant", "adapter", "kind"], registry=self.registry)  # fmt: skip
        self.queue_depth = Gauge("interlock_generation_queue_depth", "Generations waiting for the model",
                                 registry=self.registry)  # fmt: skip
        self.batches = Gauge("interlock_generation_batches", "Batches the generation worker has run",
                             registry=self.registry)  # fmt: skip
        self.batch_rows = Gauge("interlock_generation_batch_rows", "Requests those batches held",
                                registry=self.registry)  # fmt: skip
        self.stage = Histogram("interlock_stage_seconds", "Time per pipeline stage", ["stage"],
                               buckets=_STAGE_BUCKETS, registry=self.registry)  # fmt: skip
        self.delivery_attempts = Counter(
            "interlock_delivery_attempts", "Handoff deliveries attempted, by outcome: delivered, retry (due again "
            "later) or dead (dead-lettered)", ["tenant", "webhook", "outcome"], registry=self.registry)  # fmt: skip
        self.delivery_seconds = Histogram("interlock_delivery_seconds", "Time per delivery attempt", ["webhook"],
                                          buckets=_STAGE_BUCKETS, registry=self.registry)  # fmt: skip
        self._turn_listeners: list[Callable[[DecisionRecord], None]] = []

    def on_turn(self, listener: Callable[[DecisionRecord], None]) -> None:
        """Also hand every observed turn's record to `listener` (the canary judge)."""
        self._turn_listeners.append(listener)

    def watch_adapters(self, catalog: AdapterCatalog) -> None:
        """Each adapter's canary share and its automatic roll-backs, read from the catalog when scraped."""
        self.registry.register(_ReleaseCollector(catalog))

    def watch_generation(self, worker: GenerationWorker) -> None:
        """Follow a generation worker: its queue, its batches and its backend's adapter activations."""
        self.queue_depth.set_function(lambda: worker.queue_depth)
        self.batches.set_function(lambda: worker.stats.batches)
        self.batch_rows.set_function(lambda: worker.stats.rows)

        def activated(key: str, kind: str) -> None:
            tenant, adapter = key_labels(key)
            self.adapter_activations.labels(tenant, adapter, kind).inc()

        worker.add_activation_listener(activated)

    def watch_delivery(self, worker: DeliveryWorker) -> None:
        """Count every delivery attempt by its outcome, and time it."""

        def attempted(job: DeliveryJob, result: DeliveryResult, seconds: float) -> None:
            outcome = "delivered" if result.delivered else "retry" if result.next_attempt_at else "dead"
            self.delivery_attempts.labels(job.tenant, job.webhook, outcome).inc()
            self.delivery_seconds.labels(job.webhook).observe(seconds)

        worker.add_attempt_listener(attempted)

    def observe(self, record: DecisionRecord) -> None:
        self.turns.labels(record.tenant, record.bot, record.route.value).inc()
        if record.handoff:
            self.handoffs.labels(record.tenant, record.bot, record.handoff["reason"]).inc()
        if any(r["action"] == "block_output" for r in record.rules_fired):
            self.blocked.labels(record.tenant, record.bot).inc()
        for stage, milliseconds in sorted(record.latencies_ms.items()):
            self.stage.labels(stage).observe(milliseconds / 1000)
        for listener in self._turn_listeners:
            listener(record)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _ReleaseCollector(Collector):
    def __init__(self, catalog: AdapterCatalog) -> None:
        self._catalog = catalog

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        percent = GaugeMetricFamily("interlock_adapter_canary_percent",
                                    "Share of conversations a canary version answers (0: none running)",
                                    labels=["tenant", "adapter"])  # fmt: skip
        rollbacks = CounterMetricFamily("interlock_adapter_rollbacks", "Canaries rolled back automatically",
                                        labels=["tenant", "adapter"])  # fmt: skip
        for tenant, adapter, share, count in self._catalog.canaries():
            percent.add_metric([tenant, adapter], share)
            rollbacks.add_metric([tenant, adapter], count)
        yield percent
        yield rollbacks
