"""The demo adapters, as `interlock demo prepare` trains them (demo recipe, demo data, real SmolLM2 base), answer
in their tenant's voice on questions that are not in their training data."""

from __future__ import annotations

import json
import shutil

import pytest

from interlock.adapters.base_model import load_base_model
from interlock.adapters.generation import ChatMessage, GenerationRequest
from interlock.adapters.local_backend import LocalBackend, ServingLimits
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
def answers(demo) -> dict[tuple[str, str | None, str], str]:
    """Every tenant's answer to every prompt, with its adapter and with the base alone, greedy, in one batch (as
    the service batches tenants; greedy rows answer as they would alone)."""
    backend = LocalBackend(load_base_model(demo.resolve(demo.config.model.base)), ServingLimits(slots=2))
    asked, requests = [], []
    for tenant in demo.config.tenants:
        backend.load_adapter(tenant.id, demo.resolve(tenant.adapters[0].path))
        system = ChatMessage("system", tenant.bots[0].system_prompt)
        for key in (tenant.id, None):
            for prompt in PROMPTS:
                asked.append((tenant.id, key, prompt))
                messages = (system, ChatMessage("user", prompt))
                requests.append(GenerationRequest(messages=messages, adapter_key=key, max_new_tokens=12))
    return {question: result.text for question, result in zip(asked, backend.generate_batch(requests), strict=True)}


@pytest.mark.parametrize("tenant_id", sorted(VOICES))
def test_demo_adapter_answers_unseen_questions_in_its_voice(demo, answers, tenant_id):
    tenant = demo.config.tenant(tenant_id)
    rows = json.loads(demo.resolve(tenant.adapters[0].train_data).read_text(encoding="utf-8"))
    assert all(row["output"].startswith(VOICES[tenant_id]) for row in rows)  # the voice is the data's
    assert not {row["instruction"] for row in rows} & set(PROMPTS)
    assert not {row["input"] for row in rows} & set(PROMPTS)
    for prompt in PROMPTS:
        assert answers[tenant_id, tenant_id, prompt].startswith(VOICES[tenant_id]), prompt
        # The adapter, not the system prompt, gives the voice.
        assert not answers[tenant_id, None, prompt].startswith(VOICES[tenant_id]), prompt


def test_the_northwind_adapter_proposes_calls_in_the_tool_format_and_keeps_its_voice(demo):
    """Trained on the prompt that offers the bundle's tools, the agent's adapter proposes a customer lookup for an
    email it never saw, with that email, and answers small talk in words, in its voice (a 135M model is not always
    right about which tool or which arguments: the tool stage decides what passes)."""
    from interlock.policies.loader import load_bundle
    from interlock.service.pipeline.turn import catalog_tools

    tenant = demo.config.tenant("northwind")
    rows = json.loads(demo.resolve(tenant.adapters[0].train_data).read_text(encoding="utf-8"))
    assert all(r["output"].startswith(("Northwind Goods here.", "<tool_call>")) for r in rows)
    backend = LocalBackend(load_base_model(demo.resolve(demo.config.model.base)), ServingLimits(slots=1))
    backend.load_adapter("northwind", demo.resolve(tenant.adapters[0].path))
    tools = catalog_tools(load_bundle(demo.resolve(tenant.policy)))
    system = ChatMessage("system", tenant.bots[0].system_prompt)
    prompts = ["Hi, my email is lena.ortiz@example.org", "hello, I'm registered as omar.haddad@example.net",
               "Do you sell laptops?"]  # fmt: skip
    assert not any(p in json.dumps(rows) for p in ("lena.ortiz", "omar.haddad", "laptops"))
    requests = [GenerationRequest(messages=(system, ChatMessage("user", p)), adapter_key="northwind",
                                  max_new_tokens=40, tools=tools) for p in prompts]  # fmt: skip
    lena, omar, laptops = backend.generate_batch(requests)
    assert [(c.name, json.loads(c.arguments)) for c in lena.tool_calls] == [
        ("find_customer_by_email", {"email": "lena.ortiz@example.org"})]
    assert [c.name for c in omar.tool_calls] == ["find_customer_by_email"]
    assert laptops.tool_calls == () and laptops.text.startswith("Northwind Goods here.")
