"""The delivery worker: leases due deliveries from the outbox, posts them signed to their tenant's webhook, and
writes down how each went (delivered; retried later, with backoff and jitter; or dead-lettered after the
webhook's attempts).

It runs on a thread of its own with its own event loop (started and stopped with the service, or by `interlock
handoffs deliver`), so posts never wait on the service's loop nor the other way round. It is woken when a handoff
commits, and looks for due deliveries (retries, other replicas' jobs) every `poll_s` besides.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

import httpx

from interlock.service.audit.handoffs import DeliveryJob, DeliveryResult, HandoffStore
from interlock.service.audit.record import format_time
from interlock.service.config import DeliveryConfig
from interlock.service.delivery.retry import attempt_failed, retry_delay_s
from interlock.service.delivery.signing import ATTEMPT_HEADER, DELIVERY_HEADER, IDEMPOTENCY_HEADER, SIGNATURE_HEADER
from interlock.service.delivery.signing import signature as sign
from interlock.service.delivery.targets import WebhookTarget

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DeliveryWorker:
    def __init__(
        self,
        store: HandoffStore,
        targets: Mapping[tuple[str, str], WebhookTarget],
        settings: DeliveryConfig | None = None,
        clock: Clock = _utc_now,
        rng: random.Random | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.store = store
        self.targets = dict(targets)
        self.settings = settings or DeliveryConfig()
        self._clock = clock
        self._rng = rng or random.Random()
        self._transport = transport
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._stopping = False
        self._started = threading.Event()
        self.delivered = 0  # deliveries made since start, for whoever watches (benchmarks, tests)

    def start(self) -> None:
        """Deliver on a thread of its own until `stop`; wakes whenever the store commits new deliveries."""
        if self._thread is not None:
            return
        self.store.watch_deliveries(self.wake)
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), name="delivery-worker", daemon=True)
        self._thread.start()
        self._started.wait(timeout=10)

    def stop(self) -> None:
        """Finish the round in flight (each post is bounded by its webhook's timeout), then stop."""
        if self._thread is None:
            return
        self._stopping = True
        self.wake()
        longest = max((t.timeout_s for t in self.targets.values()), default=0)
        self._thread.join(timeout=longest + 10)
        self._thread = None

    def wake(self) -> None:
        loop, wakeup = self._loop, self._wakeup
        if loop is not None and wakeup is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing left to wake
                loop.call_soon_threadsafe(wakeup.set)

    def client(self) -> httpx.AsyncClient:
        concurrency = self.settings.concurrency
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        return httpx.AsyncClient(limits=limits, transport=self._transport, follow_redirects=False, trust_env=False)

    async def _run(self) -> None:
        self._loop, self._wakeup = asyncio.get_running_loop(), asyncio.Event()
        self._started.set()
        async with self.client() as client:
            while not self._stopping:
                self._wakeup.clear()
                try:
                    results = await self.deliver_due(client)
                except Exception:  # noqa: BLE001 - a store that is down now may be back at the next round
                    log.exception("delivery round failed; trying again in %.1f s", self.settings.poll_s)
                    results = []
                if len(results) >= self.settings.batch:
                    continue  # more may be due right now
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), timeout=self.settings.poll_s)

    def run_once(self) -> list[DeliveryResult]:
        """One round, here and now (the CLI's `deliver --once`, and tests)."""

        async def once() -> list[DeliveryResult]:
            async with self.client() as client:
                return await self.deliver_due(client)

        return asyncio.run(once())

    async def deliver_due(self, client: httpx.AsyncClient) -> list[DeliveryResult]:
        """Lease what is due, post it all (at most `concurrency` at once), write down the outcomes."""
        jobs = self.store.claim_due(self._clock(), self.settings.lease_s, self.settings.batch)
        if not jobs:
            return []
        gate = asyncio.Semaphore(self.settings.concurrency)
        results = list(await asyncio.gather(*(self._attempt(client, gate, job) for job in jobs)))
        self.store.record_results(results, self._clock())
        self.delivered += sum(r.delivered for r in results)
        return results

    async def _attempt(self, client: httpx.AsyncClient, gate: asyncio.Semaphore, job: DeliveryJob) -> DeliveryResult:
        target = self.targets.get((job.tenant, job.webhook))
        attempt = job.attempts + 1
        if target is None:
            return DeliveryResult(job.delivery_id, False, f"webhook {job.webhook} is not configured any more")
        body = job.body.encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(target.secret.reveal(), int(self._clock().timestamp()), body),
            IDEMPOTENCY_HEADER: job.decision_id,
            DELIVERY_HEADER: job.delivery_id,
            ATTEMPT_HEADER: str(attempt),
        }
        status, error = None, None
        async with gate:
            try:
                response = await client.post(target.url, content=body, headers=headers, timeout=target.timeout_s)
                status = response.status_code
            except httpx.TimeoutException:
                error = f"no answer within {target.timeout_s:g} s"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:300]
        if not attempt_failed(status):
            return DeliveryResult(job.delivery_id, True)
        error = error or f"HTTP {status}"
        if attempt >= target.attempts:
            log.warning("delivery %s dead-lettered after %d attempts: %s", job.delivery_id, attempt, error)
            return DeliveryResult(job.delivery_id, False, error)
        settings = self.settings
        wait = retry_delay_s(attempt, self._rng, settings.backoff_base_s, settings.backoff_cap_s)
        log.info("delivery %s attempt %d failed (%s); next in %.1f s", job.delivery_id, attempt, error, wait)
        return DeliveryResult(job.delivery_id, False, error, format_time(self._clock() + timedelta(seconds=wait)))
