"""The generation worker: one thread owns the model; requests queue to it and are batched across tenants.

A request waits in a bounded queue (full: GenerationOverloaded at once, the API answers 429 with Retry-After).
The worker takes the oldest request, gathers more for a short window, and runs them as one batch, each row with
its own adapter. A batch holds at most as many distinct adapters as the model has slots; sampled requests run
alone (their seed must reproduce the answer). Every request has a deadline: one that expires while queued is
failed without running, one that expires mid-batch has its row stopped; both raise GenerationTimeout, which the
pipeline turns into an audited handoff.

Background work (release evaluations, `submit(..., background=True)` or a `BackgroundLane`) waits in a queue of its
own and runs only while no live request is waiting: a batch is all live or all background, and a background batch
gives way at its next token as soon as a live request arrives (its rows are stopped and queued again from the
start), so a live turn waits at most one decoding step for the evaluation's batch.

Everything that touches the model runs on the worker's thread: building it, registering, evicting and probing
adapters (`call`), and every batch. Besides keeping the model single-threaded, this matters for speed: torch's
OpenMP workers belong to the thread that started them, and a second thread computing beside an idle team ran
batches at half speed on this 2-core machine (measured).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interlock.adapters.generation import (
    BASE_ADAPTER,
    GenerationOverloaded,
    GenerationRequest,
    GenerationResult,
    GenerationTimeout,
    TextSink,
)
from interlock.adapters.local_backend import ActivationListener, LocalBackend, Residency
from interlock.adapters.lora import AdapterInfo

BACKGROUND_TIMEOUT_FACTOR = 20


@dataclass(frozen=True)
class WorkerLimits:
    max_batch: int = 8
    window_s: float = 0.01
    max_queue: int = 32
    timeout_s: float = 120.0
    # Background work starts only once the live lane has been quiet this long: a client's next turn usually
    # follows its last within it, and would otherwise land in a background batch's prefill (not preemptible).
    background_idle_s: float = 0.25


@dataclass
class _Job:
    request: GenerationRequest
    sink: TextSink | None
    deadline: float
    future: Future = field(default_factory=Future)
    background: bool = False
    preempted: bool = False


@dataclass
class WorkerStats:
    batches: int = 0
    rows: int = 0
    largest_batch: int = 0
    expired_in_queue: int = 0
    rejected: int = 0
    background_rows: int = 0
    preempted: int = 0


class GenerationWorker:
    def __init__(
        self,
        backend: LocalBackend | Callable[[], LocalBackend],
        limits: WorkerLimits = WorkerLimits(),
        clock=time.monotonic,
    ) -> None:
        """`backend` is the model, or a function that builds it (then it is built on the worker's thread)."""
        self.limits = limits
        self.stats = WorkerStats()
        self._clock = clock
        self._queue: deque[_Job] = deque()
        self._background: deque[_Job] = deque()
        self._live_at = float("-inf")  # when the live lane last had work
        self._calls: deque[tuple[Callable[[], Any], Future]] = deque()
        self._ready = threading.Condition()
        self._closed = False
        build = backend if callable(backend) and not isinstance(backend, LocalBackend) else (lambda: backend)
        built: Future = Future()
        self._thread = threading.Thread(target=self._serve, args=(build, built), name="generation-worker", daemon=True)
        self._thread.start()
        self.backend: LocalBackend = built.result()

    @property
    def ready(self) -> bool:
        return self._thread.is_alive() and not self._closed

    @property
    def queue_depth(self) -> int:
        return len(self._queue)

    # -- the model's other operations, run on the worker's thread between batches ---------------------------

    def call(self, action: Callable[[], Any]) -> Any:
        future: Future = Future()
        with self._ready:
            if self._closed:
                raise GenerationOverloaded("the generation worker is shut down")
            self._calls.append((action, future))
            self._ready.notify()
        return future.result()

    def load_adapter(self, key: str, path: Path) -> AdapterInfo:
        return self.call(lambda: self.backend.load_adapter(key, path))

    def unload_adapter(self, key: str) -> None:
        self.call(lambda: self.backend.unload_adapter(key))

    def evict(self, key: str) -> bool:
        return self.call(lambda: self.backend.evict(key))

    @property
    def adapters(self) -> dict[str, AdapterInfo]:
        return self.backend.adapters

    def residency(self) -> list[Residency]:
        return self.backend.residency()

    def add_activation_listener(self, listener: ActivationListener) -> None:
        self.backend.add_activation_listener(listener)

    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult:
        return self.submit(request, on_text).result()

    def submit(self, request: GenerationRequest, on_text: TextSink | None = None, background: bool = False) -> Future:
        """Queue a request; `background` work runs only while no live request waits, and gives way to one."""
        # Background work may wait behind live traffic for long: its deadline is a backstop, not a turn's promise.
        timeout = self.limits.timeout_s * (BACKGROUND_TIMEOUT_FACTOR if background else 1)
        job = _Job(request, on_text, self._clock() + timeout, background=background)
        with self._ready:
            if self._closed:
                raise GenerationOverloaded("the generation worker is shut down")
            if background:
                self._background.append(job)
                self._ready.notify()
                return job.future
            if len(self._queue) >= self.limits.max_queue:
                self.stats.rejected += 1
                raise GenerationOverloaded(f"{len(self._queue)} generations queued (limit {self.limits.max_queue})")
            self._queue.append(job)
            self._ready.notify()
        return job.future

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()
        self._thread.join(timeout=5)

    def _serve(self, build: Callable[[], LocalBackend], built: Future) -> None:
        try:
            built.set_result(build())
        except BaseException as exc:  # noqa: BLE001 - start-up failure is the caller's to report
            built.set_exception(exc)
            return
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            if batch:
                self._run(batch)

    def _run_call(self, action: Callable[[], Any], future: Future) -> None:
        try:
            future.set_result(action())
        except Exception as exc:  # noqa: BLE001 - handed to the caller
            future.set_exception(exc)

    def _next_batch(self) -> list[_Job] | None:
        """The next batch to run ([] after running a call instead), or None once closed."""
        with self._ready:
            while not self._queue and not self._background and not self._calls and not self._closed:
                self._ready.wait()
            call = self._calls.popleft() if self._calls else None
        if call is not None:
            self._run_call(*call)
            return []
        with self._ready:
            if self._closed:
                for job in (*self._queue, *self._background):
                    job.future.set_exception(GenerationOverloaded("the generation worker shut down"))
                for _, future in self._calls:
                    future.set_exception(GenerationOverloaded("the generation worker shut down"))
                self._queue.clear()
                self._background.clear()
                self._calls.clear()
                return None
            if not self._queue:
                quiet_until = self._live_at + self.limits.background_idle_s
                while not self._queue and not self._calls and not self._closed and self._clock() < quiet_until:
                    self._ready.wait(quiet_until - self._clock())
                if self._calls or self._closed:
                    return []
            queue = self._queue if self._queue else self._background
            first = queue[0]
            if first.request.temperature > 0:
                return [queue.popleft()]
            # Wait a little for company, unless the batch is already full (or live work arrives for a background one).
            until = self._clock() + self.limits.window_s
            while (
                len(self._greedy_ready(queue)) < self.limits.max_batch
                and not (queue is self._background and self._queue)
                and (left := until - self._clock()) > 0
            ):
                self._ready.wait(left)
            return self._take(self._queue if self._queue else self._background)

    @staticmethod
    def _greedy_ready(queue: deque[_Job]) -> list[_Job]:
        return [job for job in queue if job.request.temperature <= 0]

    def _take(self, queue: deque[_Job]) -> list[_Job]:
        """The oldest greedy requests, at most max_batch, with no more distinct adapters than there are slots."""
        now, batch, adapters, rest = self._clock(), [], set(), deque()
        slots = self.backend.limits.slots
        while queue:
            job = queue.popleft()
            if job.deadline <= now:
                self.stats.expired_in_queue += 1
                job.future.set_exception(GenerationTimeout("no room to generate before the deadline"))
                continue
            adapter = job.request.adapter_key or BASE_ADAPTER
            fits = adapter in adapters or adapter == BASE_ADAPTER or len(adapters - {BASE_ADAPTER}) < slots
            if job.request.temperature <= 0 and len(batch) < self.limits.max_batch and fits:
                batch.append(job)
                adapters.add(adapter)
            else:
                rest.append(job)
        queue.extend(rest)
        return batch

    def _sink(self, job: _Job) -> TextSink | None:
        """A background row's sink stops it (and marks it for another try) once a live request is waiting."""
        if not job.background:
            return job.sink

        def give_way(piece: str) -> bool:
            if self._queue:
                job.preempted = True
                return False
            return job.sink(piece) if job.sink is not None else True

        return give_way

    def _run(self, batch: list[_Job]) -> None:
        live = not batch[0].background
        self._run_batch(batch)
        if live:
            self._live_at = self._clock()

    def _run_batch(self, batch: list[_Job]) -> None:
        self.stats.batches += 1
        self.stats.rows += len(batch)
        self.stats.largest_batch = max(self.stats.largest_batch, len(batch))
        try:
            outcomes = self.backend.generate_batch([j.request for j in batch], [self._sink(j) for j in batch],
                                                   [j.deadline for j in batch])  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - every waiting request must hear about a failed batch
            for job in batch:
                job.future.set_exception(exc)
            return
        again = [job for job in batch if job.preempted]
        retried = {id(job) for job in again}
        if again:
            self.stats.preempted += len(again)
            with self._ready:  # back to the front, oldest first: they run again once no live request waits
                for job in reversed(again):
                    job.preempted = False
                    self._background.appendleft(job)
        for job, outcome in zip(batch, outcomes, strict=True):
            if id(job) in retried:
                continue
            self.stats.background_rows += job.background
            if isinstance(outcome, Exception):
                job.future.set_exception(outcome)
            else:
                job.future.set_result(outcome)


class BackgroundLane:
    """The worker's background lane as a generation backend: what a release evaluation's pipeline generates with."""

    def __init__(self, worker: GenerationWorker) -> None:
        self._worker = worker

    @property
    def ready(self) -> bool:
        return self._worker.ready

    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult:
        return self._worker.submit(request, on_text, background=True).result()
