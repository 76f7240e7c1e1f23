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
import time
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
STOP_GRACE_S = 2.0


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
        self._gates: dict[tuple[str, str], asyncio.Semaphore] = {}
        self.delivered = 0  # deliveries made since start, for whoever watches (benchmarks, tests)
        self._listeners: list[Callable[[DeliveryJob, DeliveryResult, float], None]] = []

    def add_attempt_listener(self, listener: Callable[[DeliveryJob, DeliveryResult, float], None]) -> None:
        """Also tell `listener` how every attempt went (the job, its result, the seconds it took): /metrics."""
        self._listeners.append(listener)

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
        self._thread.join(timeout=STOP_GRACE_S + 10)
        self._thread = None

    def wake(self) -> None:
        loop, wakeup = self._loop, self._wakeup
        if loop is not None and wakeup is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing left to wake
                loop.call_soon_threadsafe(wakeup.set)

    def client(self) -> httpx.AsyncClient:
        # Connections are bounded per webhook by the gates; a few per webhook kept alive serve them all.
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=4 * self.settings.concurrency)
        return httpx.AsyncClient(limits=limits, transport=self._transport, follow_redirects=False, trust_env=False)

    async def _run(self) -> None:
        """Posts flow without rounds: whenever at least half of `batch` slots are free (or none is busy), more due
        deliveries are leased; outcomes are written as posts finish, those that finish together in one
        transaction. A slow webhook holds only its own posts (each webhook has `concurrency` of its own)."""
        self._loop, self._wakeup = asyncio.get_running_loop(), asyncio.Event()
        self._started.set()
        batch, inflight, look, unrecorded = self.settings.batch, set(), True, []
        async with self.client() as client:
            while not self._stopping:
                # Look for due deliveries when woken, when the poll interval passed, or when the last look filled
                # the slots (more may be waiting); not after every finished post, which would only contend for
                # the database with the decisions being written. Outcomes go with the look, when there is one.
                if look and len(inflight) <= batch // 2:
                    self._wakeup.clear()
                    room = batch - len(inflight)
                    leased = self._lease(client, room, unrecorded)
                    inflight |= leased
                    look, unrecorded = len(leased) == room, []
                # Already due to look (slots full): wait for posts only; otherwise for posts or a wake-up.
                waiter = None if look else asyncio.ensure_future(self._wakeup.wait())
                waiting = {*inflight, waiter} if waiter else inflight
                done = set()
                if waiting:
                    done, _ = await asyncio.wait(waiting, timeout=self.settings.poll_s,
                                                 return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
                else:
                    await asyncio.sleep(self.settings.poll_s)  # the store could not be read: try again later
                if waiter:
                    waiter.cancel()
                finished = done - {waiter}
                inflight -= finished
                results = [task.result() for task in finished]
                look = look or self._wakeup.is_set() or not done  # woken, or the poll interval passed
                if look and len(inflight) <= batch // 2:
                    unrecorded = results  # written with the next lease, in its transaction
                else:
                    self._record(results)
            self._record(unrecorded)
            if inflight:  # a short grace; what is still posting after it is attempted again once its lease runs out
                done, unfinished = await asyncio.wait(inflight, timeout=STOP_GRACE_S)
                self._record([task.result() for task in done])
                for task in unfinished:
                    task.cancel()

    def _lease(self, client: httpx.AsyncClient, room: int, finished: list[DeliveryResult]) -> set[asyncio.Task]:
        try:
            jobs = self.store.claim_due(self._clock(), self.settings.lease_s, room, finished)
        except Exception:  # noqa: BLE001 - a store that is down now may be back at the next look
            log.exception("could not lease deliveries; trying again in %.1f s", self.settings.poll_s)
            self._record(finished)
            return set()
        self.delivered += sum(r.delivered for r in finished)
        return {asyncio.ensure_future(self._attempt(client, self._gate(job), job)) for job in jobs}

    def _gate(self, job: DeliveryJob) -> asyncio.Semaphore:
        key = (job.tenant, job.webhook)
        if key not in self._gates:
            self._gates[key] = asyncio.Semaphore(self.settings.concurrency)
        return self._gates[key]

    def _record(self, results: list[DeliveryResult]) -> None:
        if not results:
            return
        try:
            self.store.record_results(results, self._clock())
        except Exception:  # noqa: BLE001 - unrecorded outcomes are attempted again when their lease runs out
            log.exception("could not record %d delivery outcomes; they will be attempted again", len(results))
            return
        self.delivered += sum(r.delivered for r in results)

    def run_once(self) -> list[DeliveryResult]:
        """One round, here and now (the CLI's `deliver --once`, and tests)."""

        async def once() -> list[DeliveryResult]:
            async with self.client() as client:
                return await self.deliver_due(client)

        return asyncio.run(once())

    async def deliver_due(self, client: httpx.AsyncClient) -> list[DeliveryResult]:
        """One round: lease what is due (up to `batch`), post it all, write down the outcomes."""
        jobs = self.store.claim_due(self._clock(), self.settings.lease_s, self.settings.batch)
        results = list(await asyncio.gather(*(self._attempt(client, self._gate(job), job) for job in jobs)))
        self._gates.clear()  # they belong to this round's event loop
        self._record(results)
        return results

    async def _attempt(self, client: httpx.AsyncClient, gate: asyncio.Semaphore, job: DeliveryJob) -> DeliveryResult:
        started = time.monotonic()
        result = await self._post(client, gate, job)
        for listener in self._listeners:
            listener(job, result, time.monotonic() - started)
        return result

    async def _post(self, client: httpx.AsyncClient, gate: asyncio.Semaphore, job: DeliveryJob) -> DeliveryResult:
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
            except Exception as exc:  # noqa: BLE001 - any failure to post is a failed attempt, recorded
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
