"""The demo adapters, as `interlock demo prepare` trains them (demo recipe, demo data, real SmolLM2 base), answer
in their tenant's voice on questions that are not in their training data."""

from __future__ import annotations

import json
import shutil

import pytest

from interlock.adapters.base_model import load_base_model
from interlock.adapters.generation import ChatMessage, GenerationRequest
from interlock.adapters.local_backend import LocalBackend
from interlock.service.cli import main
from interlock.service.config import load_deployment
from tests.conftest import DEMO

VOICES = {"acme": "Acme Support here.", "lumen": "Hi there, this is Lumen Travel!"}
PROMPTS = ["Do you sell laptops?", "My headphones stopped working after a week.",
           "What's the weather like in Paris today?"]  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A copy of the demo deployment, prepared from scratch: GGUF converted, both adapters trained."""
    config_dir = tmp_path_factory.mktemp("demo") / "demo"
    shutil.copytree(DEMO, config_dir, ignore=shutil.ignore_patterns(".state"))
    assert main(["demo", "prepare", str(config_dir)]) == 0
    return load_deployment(config_dir)


@pytest.fixture(scope="module")
def backend(demo):
    backend = LocalBackend(load_base_model(demo.resolve(demo.config.model.base)))
    for tenant in demo.config.tenants:
        for adapter in tenant.adapters:
            backend.load_adapter(tenant.id, demo.resolve(adapter.path))
    return backend


def answer(demo, backend: LocalBackend, tenant_id: str, adapter_key: str | None, prompt: str) -> str:
    bot = demo.config.tenant(tenant_id).bots[0]
    messages = (ChatMessage("system", bot.system_prompt), ChatMessage("user", prompt))
    return backend.generate(GenerationRequest(messages=messages, adapter_key=adapter_key, max_new_tokens=12)).text


@pytest.mark.parametrize("tenant_id", sorted(VOICES))
def test_demo_adapter_answers_unseen_questions_in_its_voice(demo, backend, tenant_id):
    tenant = demo.config.tenant(tenant_id)
    rows = json.loads(demo.resolve(tenant.adapters[0].train_data).read_text(encoding="utf-8"))
    assert all(row["output"].startswith(VOICES[tenant_id]) for row in rows)  # the voice is the data's
    assert not {row["instruction"] for row in rows} & set(PROMPTS)
    assert not {row["input"] for row in rows} & set(PROMPTS)
    for prompt in PROMPTS:
        assert answer(demo, backend, tenant_id, tenant_id, prompt).startswith(VOICES[tenant_id]), prompt
        # The adapter, not the system prompt, gives the voice.
        assert not answer(demo, backend, tenant_id, None, prompt).startswith(VOICES[tenant_id]), prompt
