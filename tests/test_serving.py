"""Adapter slots, the resident set and the batching worker, on the tiny model with real peft adapters."""

from __future__ import annotations

import threading
import time

import pytest
import torch
import yaml
from fastapi.testclient import TestClient
from peft import PeftModel

from interlock.adapters.base_model import load_base_model
from interlock.adapters.generation import (
    ChatMessage,
    GenerationError,
    GenerationOverloaded,
    GenerationRequest,
    GenerationTimeout,
)
from interlock.adapters.local_backend import LocalBackend, ServingLimits
from interlock.adapters.residency import ResidencyFull, ResidencyLimits, ResidentSet
from interlock.adapters.worker import GenerationWorker, WorkerLimits
from interlock.service.api.app import create_app
from interlock.service.config import load_deployment
from interlock.service.runtime import build_runtime
from tests.conftest import ALPHA_KEY, bearer
from tests.tiny_model import build_lora_adapter

PROMPTS = ["Hello, where is my order?", "Refund please", "我想退货，请问怎么办？", "Thanks. Is there anything else?"]


@pytest.fixture(scope="module")
def adapters(tiny_assets, tmp_path_factory):
    """Four adapters of three ranks: alpha and beta (rank 4), gamma (rank 8), delta (rank 32)."""
    root = tmp_path_factory.mktemp("more-adapters")
    base = tiny_assets / "base"
    return {
        "alpha": tiny_assets / "adapter-alpha",
        "beta": tiny_assets / "adapter-beta",
        "gamma": build_lora_adapter(base, root / "gamma", seed=3, rank=8),
        "delta": build_lora_adapter(base, root / "delta", seed=4, rank=32),
    }


def ask(prompt: str, key: str | None, tokens: int = 10, **options) -> GenerationRequest:
    return GenerationRequest((ChatMessage("user", prompt),), key, tokens, **options)


def backend_with(tiny_assets, adapters, names, **limits) -> LocalBackend:
    backend = LocalBackend(load_base_model(tiny_assets / "base"), ServingLimits(**limits))
    for name in names:
        backend.load_adapter(name, adapters[name])
    return backend


def reference_logits(tiny_assets, adapter_dir, input_ids) -> torch.Tensor:
    model = PeftModel.from_pretrained(load_base_model(tiny_assets / "base").model, str(adapter_dir)).eval()
    with torch.no_grad():
        return model(input_ids=input_ids).logits


@pytest.mark.parametrize("name", ["alpha", "gamma", "delta"])
def test_slot_or_peft_copy_computes_exactly_what_peft_loading_computes(tiny_assets, adapters, name):
    # delta (rank 32) is above the slot rank 16: it is loaded by peft as its own adapter instead.
    backend = backend_with(tiny_assets, adapters, [name])
    [row] = backend.residency()
    assert (row.slot is None) == (name == "delta")
    ids = backend.base.tokenizer("Where is my parcel?", return_tensors="pt")["input_ids"]
    expected = reference_logits(tiny_assets, adapters[name], ids)
    with torch.no_grad():
        names = backend.activate([name])
        served = backend._peft(input_ids=ids, adapter_names=[names[name]]).logits
    assert torch.allclose(served, expected, atol=1e-5)


def test_a_mixed_batch_gives_each_row_what_it_gets_alone(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha", "beta", "gamma", "delta"])
    requests = [ask(p, k) for p in PROMPTS for k in (None, "alpha", "beta", "gamma", "delta")]
    alone = [backend.generate(r).text for r in requests]
    batched = backend.generate_batch(requests)
    assert [r.text for r in batched] == alone
    assert len(set(alone[:5])) == 5  # the five adapters really differ, so a mix-up could not hide
    # Each row keeps its own token limit inside the batch.
    short = backend.generate_batch([ask(PROMPTS[0], "alpha", 3), ask(PROMPTS[1], "beta", 10)])
    assert short[0].completion_tokens <= 3 and short[0].text == backend.generate(ask(PROMPTS[0], "alpha", 3)).text


def test_a_sampled_answer_is_reproduced_by_its_seed(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha"])
    sampled = ask(PROMPTS[0], "alpha", 12, temperature=1.0, seed=11)
    assert backend.generate(sampled).text == backend.generate(sampled).text


def test_resident_set_evicts_least_recently_used_and_brings_it_back_cold(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha", "beta"], slots=2)
    alpha_text = backend.generate(ask(PROMPTS[0], "alpha")).text  # alpha is now the most recently used
    backend.load_adapter("gamma", adapters["gamma"])  # needs a slot: beta goes
    resident = {r.key: r for r in backend.residency()}
    assert (resident["alpha"].resident, resident["beta"].resident, resident["gamma"].resident) == (True, False, True)
    assert resident["beta"].counts.evictions == 1
    before = resident["beta"].counts.cold
    beta_text = backend.generate(ask(PROMPTS[0], "beta")).text  # cold: copied back in, alpha (LRU) leaves
    after = {r.key: r for r in backend.residency()}
    assert after["beta"].counts.cold == before + 1 and not after["alpha"].resident
    assert backend.generate(ask(PROMPTS[0], "alpha")).text == alpha_text
    assert backend.generate(ask(PROMPTS[0], "beta")).text == beta_text
    assert {r.key: r for r in backend.residency()}["beta"].counts.warm >= 1


def test_an_adapter_in_use_by_a_session_is_kept_over_an_older_unpinned_one(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha", "beta"], slots=2)
    backend.generate(ask(PROMPTS[0], "alpha", session="chat-1"))  # pinned
    backend.generate(ask(PROMPTS[0], "beta"))  # more recent, but not pinned
    backend.load_adapter("gamma", adapters["gamma"])
    resident = {r.key: r for r in backend.residency()}
    assert resident["alpha"].resident and resident["alpha"].pinned
    assert not resident["beta"].resident


def test_resident_set_is_bounded_by_bytes(tiny_assets, adapters):
    small = adapters["alpha"]
    backend = LocalBackend(load_base_model(tiny_assets / "base"), ServingLimits())
    size = backend.load_adapter("alpha", small).size_bytes
    limited = backend_with(tiny_assets, adapters, [], residency=ResidencyLimits(max_bytes=int(size * 1.5)))
    limited.load_adapter("alpha", small)
    limited.load_adapter("beta", adapters["beta"])
    assert [r.key for r in limited.residency() if r.resident] == ["beta"]


def test_residency_decisions_are_pure_and_never_evict_what_the_batch_needs():
    table = ResidentSet(ResidencyLimits(max_adapters=2, max_bytes=100, session_pin_s=10), slots=2)
    table.place("a", 10, 0, now=1.0)
    table.place("b", 10, 1, now=2.0)
    assert table.victims(10, needs_slot=True, keep=[], now=3.0) == ["a"]
    table.pin("a", now=3.0)
    assert table.victims(10, needs_slot=True, keep=[], now=3.0) == ["b"]  # pinned goes last
    assert table.victims(10, needs_slot=True, keep=["b"], now=3.0) == ["a"]  # a pin yields to the batch
    with pytest.raises(ResidencyFull):
        table.victims(10, needs_slot=True, keep=["a", "b"], now=3.0)
    assert table.victims(95, needs_slot=False, keep=[], now=20.0) == ["a", "b"]  # bytes: 10 + 95 > 100


def test_unknown_adapter_fails_its_row_only(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha"])
    outcomes = backend.generate_batch([ask(PROMPTS[0], "ghost"), ask(PROMPTS[0], "alpha")])
    assert isinstance(outcomes[0], GenerationError) and "not loaded" in str(outcomes[0])
    assert outcomes[1].text == backend.generate(ask(PROMPTS[0], "alpha")).text


def test_worker_batches_concurrent_requests_across_tenants(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha", "beta", "gamma"])
    requests = [ask(p, k) for p in PROMPTS for k in (None, "alpha", "beta", "gamma")]
    alone = [backend.generate(r).text for r in requests]
    worker = GenerationWorker(backend, WorkerLimits(max_batch=8, window_s=0.05))
    try:
        futures = [worker.submit(r) for r in requests]
        assert [f.result(timeout=30).text for f in futures] == alone
        assert worker.stats.largest_batch > 1 and worker.stats.batches < len(requests)
    finally:
        worker.close()


def test_a_batch_never_holds_more_adapters_than_there_are_slots(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha", "beta", "gamma"], slots=2)
    worker = GenerationWorker(backend, WorkerLimits(max_batch=8, window_s=0.05))
    try:
        futures = [worker.submit(ask(PROMPTS[0], k)) for k in ("alpha", "beta", "gamma", None)]
        texts = [f.result(timeout=30).text for f in futures]
        assert len(set(texts)) == 4 and worker.stats.batches >= 2
    finally:
        worker.close()


def test_full_queue_is_refused_at_once(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha"])
    gate = threading.Event()
    worker = GenerationWorker(backend, WorkerLimits(max_queue=2, window_s=0))
    try:
        # The first request holds the model (its sink waits), two more fill the queue, the fourth is refused.
        running = worker.submit(ask(PROMPTS[0], "alpha", 3), on_text=lambda _: gate.wait(10))
        time.sleep(0.2)
        queued = [worker.submit(ask(PROMPTS[1], "alpha", 3)) for _ in range(2)]
        with pytest.raises(GenerationOverloaded, match="limit 2"):
            worker.submit(ask(PROMPTS[2], "alpha", 3))
        gate.set()
        assert running.result(timeout=30).text and all(f.result(timeout=30).text for f in queued)
        assert worker.stats.rejected == 1
    finally:
        gate.set()
        worker.close()


def test_deadline_stops_a_row_mid_batch_and_expires_queued_requests(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha"])
    worker = GenerationWorker(backend, WorkerLimits(window_s=0, timeout_s=0.3))
    try:
        # The slow row's first piece takes 0.5 s: past its own deadline, and past the queued one's.
        slow = worker.submit(ask(PROMPTS[0], "alpha", 200), on_text=lambda _: time.sleep(0.5) or True)
        time.sleep(0.05)
        waiting = worker.submit(ask(PROMPTS[1], "alpha", 5))
        with pytest.raises(GenerationTimeout, match="before the deadline"):
            slow.result(timeout=30)
        with pytest.raises(GenerationTimeout):
            waiting.result(timeout=30)
        assert worker.stats.expired_in_queue == 1
    finally:
        worker.close()


def test_streamed_pieces_add_up_to_the_answer_and_a_sink_can_stop_its_row(tiny_assets, adapters):
    backend = backend_with(tiny_assets, adapters, ["alpha", "beta"])
    pieces: list[str] = []
    full = backend.generate(ask(PROMPTS[2], "alpha", 16)).text
    outcomes = backend.generate_batch(
        [ask(PROMPTS[2], "alpha", 16), ask(PROMPTS[1], "beta", 16)],
        sinks=[lambda t: pieces.append(t) or True, lambda _: False],
    )
    assert "".join(pieces).strip() == full == outcomes[0].text
    assert outcomes[1].completion_tokens == 1  # stopped after its first piece


def test_a_turn_past_its_deadline_in_the_worker_is_an_audited_handoff(deployment_dir):
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["model"]["generation_timeout_s"] = 0.001  # no real model answers in a millisecond
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    runtime = build_runtime(load_deployment(deployment_dir))
    try:
        with TestClient(create_app(runtime)) as client:
            body = {"model": "alpha-bot", "max_tokens": 32, "messages": [{"role": "user", "content": "Do you ship?"}]}
            reply = client.post("/v1/chat/completions", json=body, headers=bearer(ALPHA_KEY)).json()
        assert reply["route"] == "handoff" and reply["handoff"]["reason"] == "model_timeout"
        [record] = runtime.pipeline.store.query("alpha", limit=10)
        assert record.decision_id == reply["decision_id"] and record.error
    finally:
        runtime.close()


def test_slots_can_be_limited_to_some_modules_and_other_adapters_go_to_peft(tiny_assets, adapters, tmp_path):
    mlp = build_lora_adapter(tiny_assets / "base", tmp_path / "mlp", seed=5, targets=("up_proj",))
    backend = backend_with(tiny_assets, adapters, ["alpha"], slot_targets=("q_proj", "v_proj"))
    backend.load_adapter("mlp", mlp)
    slots = {r.key: r.slot for r in backend.residency()}
    assert slots["alpha"] == "slot0" and slots["mlp"] is None  # up_proj is not in the slots: peft loads it
    requests = [ask(PROMPTS[0], "alpha"), ask(PROMPTS[0], "mlp"), ask(PROMPTS[0], None)]
    assert [r.text for r in backend.generate_batch(requests)] == [backend.generate(r).text for r in requests]
