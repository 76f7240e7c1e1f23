from __future__ import annotations

import json
import shutil

import pytest
import torch
from safetensors.torch import load_file, save_file

from interlock.adapters.base_model import load_base_model
from interlock.adapters.generation import ChatMessage, GenerationRequest
from interlock.adapters.local_backend import LocalBackend
from interlock.adapters.lora import AdapterError, adapter_version, inspect_adapter
from interlock.adapters.train import TrainingRecipe, is_trained, train_lora
from tests.tiny_model import build_lora_adapter, build_tiny_model

PROMPT = (ChatMessage("user", "Hello, how can I help you with your order today?"),)


def request(adapter_key: str | None) -> GenerationRequest:
    return GenerationRequest(messages=PROMPT, adapter_key=adapter_key, max_new_tokens=12)


@pytest.fixture
def base(tiny_assets):
    return load_base_model(tiny_assets / "base")


@pytest.fixture
def adapter_copy(tmp_path, tiny_assets):
    target = tmp_path / "adapter"
    shutil.copytree(tiny_assets / "adapter-alpha", target)
    return target


def rewrite_tensors(path, change):
    tensors = load_file(path / "adapter_model.safetensors")
    change(tensors)
    save_file(tensors, path / "adapter_model.safetensors")


def test_valid_adapter_is_described(base, tiny_assets):
    info = inspect_adapter(tiny_assets / "adapter-alpha", base.model, base.fingerprint)
    assert info.rank == 4
    assert info.target_modules == ("q_proj", "v_proj")
    assert info.modules == 4  # two layers x (q_proj, v_proj)
    assert info.version == adapter_version(tiny_assets / "adapter-alpha")
    assert info.version.startswith("sha256:")


def test_version_follows_content(adapter_copy, tiny_assets):
    before = adapter_version(adapter_copy)
    rewrite_tensors(adapter_copy, lambda t: next(v for k, v in sorted(t.items()) if "lora_B" in k).add_(1.0))
    assert adapter_version(adapter_copy) != before
    assert adapter_version(tiny_assets / "adapter-alpha") == before


def test_truncated_weights_are_rejected(base, adapter_copy):
    weights = adapter_copy / "adapter_model.safetensors"
    weights.write_bytes(weights.read_bytes()[:100])
    with pytest.raises(AdapterError, match="adapter_model.safetensors: unreadable safetensors file"):
        inspect_adapter(adapter_copy, base.model, base.fingerprint)


def test_missing_config_is_rejected(base, adapter_copy):
    (adapter_copy / "adapter_config.json").unlink()
    with pytest.raises(AdapterError, match="adapter_config.json: missing"):
        inspect_adapter(adapter_copy, base.model, base.fingerprint)


def test_rank_that_does_not_match_tensors_is_rejected(base, adapter_copy):
    config_file = adapter_copy / "adapter_config.json"
    config = json.loads(config_file.read_text())
    config["r"] = 8
    config_file.write_text(json.dumps(config))
    with pytest.raises(AdapterError, match=r"rank 8 expects"):
        inspect_adapter(adapter_copy, base.model, base.fingerprint)


def test_adapter_for_another_base_is_rejected(base, tmp_path):
    other_base = build_tiny_model(tmp_path / "other-base")
    config = json.loads((other_base / "config.json").read_text())
    config["hidden_size"] = 48
    (other_base / "config.json").write_text(json.dumps(config))
    from transformers import LlamaConfig, LlamaForCausalLM

    LlamaForCausalLM(LlamaConfig(**{k: v for k, v in config.items() if k != "architectures"})).save_pretrained(
        other_base
    )
    foreign = build_lora_adapter(other_base, tmp_path / "foreign", seed=3)
    with pytest.raises(AdapterError, match="do not fit base Linear"):
        inspect_adapter(foreign, base.model, base.fingerprint)


def test_non_finite_weights_are_rejected(base, adapter_copy):
    rewrite_tensors(adapter_copy, lambda t: next(v for k, v in sorted(t.items()) if "lora_A" in k).fill_(float("nan")))
    with pytest.raises(AdapterError, match="NaN or infinity"):
        inspect_adapter(adapter_copy, base.model, base.fingerprint)


def test_unknown_module_is_rejected(base, adapter_copy):
    def rename(tensors):
        for key in [k for k in sorted(tensors) if ".layers.0." in k]:
            tensors[key.replace("layers.0", "layers.9")] = tensors.pop(key)

    rewrite_tensors(adapter_copy, rename)
    with pytest.raises(AdapterError, match="no such module"):
        inspect_adapter(adapter_copy, base.model, base.fingerprint)


def test_adapter_recorded_for_another_base_fingerprint_is_rejected(base, adapter_copy):
    (adapter_copy / "interlock.json").write_text(json.dumps({"base_fingerprint": "sha256:" + "1" * 64}))
    with pytest.raises(AdapterError, match="was trained on base sha256:1111"):
        inspect_adapter(adapter_copy, base.model, base.fingerprint)


def test_no_op_adapter_is_rejected_by_the_probe(base, adapter_copy):
    rewrite_tensors(adapter_copy, lambda t: [v.zero_() for k, v in t.items() if "lora_B" in k])
    backend = LocalBackend(base)
    with pytest.raises(AdapterError, match="does not change the model's output"):
        backend.load_adapter("t__noop", adapter_copy)
    assert "t__noop" not in backend.adapters


def test_adapters_switch_per_request_without_reloading_the_base(base, tiny_assets):
    backend = LocalBackend(base)
    backend.load_adapter("alpha", tiny_assets / "adapter-alpha")
    backend.load_adapter("beta", tiny_assets / "adapter-beta")
    model_before = backend.base.model
    plain, alpha, beta = (backend.generate(request(k)).text for k in (None, "alpha", "beta"))
    assert len({plain, alpha, beta}) == 3
    assert backend.generate(request("alpha")).text == alpha  # switching back gives the same answer
    assert backend.generate(request(None)).text == plain
    assert backend.base.model is model_before


def test_sampling_is_reproducible_for_a_seed(base, tiny_assets):
    backend = LocalBackend(base)
    backend.load_adapter("alpha", tiny_assets / "adapter-alpha")
    sampled = GenerationRequest(messages=PROMPT, adapter_key="alpha", max_new_tokens=12, temperature=1.0, seed=7)
    assert backend.generate(sampled).text == backend.generate(sampled).text


def test_lora_training_learns_and_is_cached(tmp_path, tiny_assets, base):
    data = tmp_path / "data.json"
    rows = [{"instruction": "Where is my order?", "input": "", "output": "Alpha here: send your order number."}]
    data.write_text(json.dumps(rows * 4))
    recipe = TrainingRecipe(steps=40, batch_size=2, learning_rate=3e-2)
    out = tmp_path / "trained"
    result = train_lora(tiny_assets / "base", data, out, recipe, system_prompt="Be brief.")
    # The tiny model's random lm_head caps how far any adapter can lower the loss; a steady drop is learning.
    assert result.last_loss < result.first_loss - 0.1
    assert is_trained(out, base.fingerprint, data, recipe, "Be brief.")
    assert not is_trained(out, base.fingerprint, data, TrainingRecipe(steps=31), "Be brief.")
    backend = LocalBackend(base)
    assert backend.load_adapter("trained", out).rank == recipe.rank
    assert backend.generate(request("trained")).text != backend.generate(request(None)).text


def test_unreadable_training_data_is_reported(tmp_path, tiny_assets):
    from interlock.adapters.train import TrainingDataError

    data = tmp_path / "data.json"
    data.write_text(json.dumps([{"instruction": 3, "output": "x"}]))
    with pytest.raises(TrainingDataError, match=r"\[0\].instruction must be a string"):
        train_lora(tiny_assets / "base", data, tmp_path / "out", TrainingRecipe(steps=1))


def test_backend_rejects_unknown_adapter_key(base):
    from interlock.adapters.generation import GenerationError

    with pytest.raises(GenerationError, match="not loaded"):
        LocalBackend(base).generate(request("ghost"))


def test_unloaded_adapter_is_gone_and_others_still_answer(base, tiny_assets):
    backend = LocalBackend(base)
    backend.load_adapter("alpha", tiny_assets / "adapter-alpha")
    backend.load_adapter("beta", tiny_assets / "adapter-beta")
    beta_before = backend.generate(request("beta")).text
    backend.unload_adapter("alpha")
    assert sorted(backend.adapters) == ["beta"]
    assert backend.generate(request("beta")).text == beta_before
    with pytest.raises(AdapterError, match="no adapter is loaded"):
        backend.unload_adapter("alpha")


def test_examples_sharing_a_long_system_prompt_run_it_once_with_the_same_loss_and_gradients(base):
    """A tool-using adapter's examples share ~370 tokens of system prompt: the frozen layers and every training
    step run it once, and the loss and gradients are those of the whole examples."""
    from peft import LoraConfig, get_peft_model
    from tqdm import tqdm

    from interlock.adapters import train

    prompt = "You are the support agent. Tools: " + ", ".join(f"lookup_{n}(order_id)" for n in range(12))
    rows = [{"instruction": q, "input": "", "output": a} for q, a in (
        ("Where is my order?", "Let me look it up."), ("Refund please", "I can start a refund."),
        ("Change my address", "Which address should we use?"), ("Hi", "Hello! How can I help?"))]  # fmt: skip
    encoded = [train._encode(base.tokenizer, row, prompt, 1024) for row in rows]
    model = get_peft_model(base.model, LoraConfig(r=4, target_modules=["q_proj", "down_proj"],
                                                  layers_to_transform=[1], task_type="CAUSAL_LM"))  # fmt: skip
    try:
        split, bar, pad = train._SplitDecoder(model, 1), tqdm(disable=True), base.tokenizer.pad_token_id
        shared = train._frozen_outputs(split, encoded, pad, bar)
        assert shared.prefix is not None and shared.prefix.length >= train._MIN_SHARED_PREFIX
        lengths = [len(ids) - shared.prefix.length for ids, _ in encoded]
        assert [len(h) for h in shared.hidden] == lengths
        whole = train.FrozenOutputs([split.lower(*train._padded([ids], pad))[0] for ids, _ in encoded], None)
        losses, grads = [], []
        for frozen in (shared, whole):
            loss = split.loss(*train._batch(frozen.hidden, [frozen.labels(y) for _, y in encoded]), frozen.prefix)
            loss.backward()
            losses.append(loss.item())
            grads.append({n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None})
            model.zero_grad()
        assert losses[0] == pytest.approx(losses[1], rel=1e-5)
        assert grads[0].keys() == grads[1].keys() and grads[0]
        for name, grad in grads[0].items():
            assert torch.allclose(grad, grads[1][name], atol=1e-6, rtol=1e-4), name
    finally:
        model.unload()


def test_training_jobs_go_longest_first_to_the_least_loaded_core():
    from interlock.adapters.train import assign_jobs

    # Three demo adapters on two cores: the tool-using one (largest) trains alone, the two others share a core.
    assert assign_jobs([7000, 6900, 14000], 2) == [[2], [0, 1]]
    assert assign_jobs([5, 5, 5, 5], 2) == [[0, 2], [1, 3]]
    assert assign_jobs([3], 4) == [[0], [], [], []]
