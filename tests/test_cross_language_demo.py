"""Chinese questions about English knowledge (and back) through /v1/chat/completions on the demo acme knowledge:
with the default English embedder only shared tokens (a product name) and front-matter topics bridge the languages;
with the multilingual embedder a Chinese question finds the English page by meaning, and the several valid answers
it finds (a price per region) are given each with its scope."""

from __future__ import annotations

import pytest
import yaml
from fastapi.testclient import TestClient

from interlock.retrieval.embedder import shared_multilingual_embedder
from interlock.retrieval.index import build_index
from interlock.service.api.app import create_app
from interlock.service.config import load_deployment
from interlock.service.runtime import build_runtime
from tests.conftest import DEMO
from tests.test_rag_pipeline import ScriptedBackend, ask


def hit_docs(record: dict) -> list[str]:
    return [hit["chunk_id"].split("#")[0] for hit in record["retrieval"]["hits"]]


def test_a_chinese_price_question_naming_the_product_is_answered_per_region(runtime, client):
    runtime.pipeline.backend = model = ScriptedBackend("The X1 costs $199 in the US and €189 in the EU.")
    body, record = ask(client, "X1耳机多少钱？")
    assert body["route"] == "rag" and {"pricing-us.md#0", "pricing-eu.md#0"} <= set(body["citations"])
    [scoped] = record["retrieval"]["scoped"]
    assert scoped["by"] == "scope" and record["retrieval"]["conflicts"] == []
    assert "(region: EU)" in model.prompts[0] and "(region: US)" in model.prompts[0]


def test_without_a_shared_token_the_english_embedder_misses_the_english_page(runtime, client):
    """The limit the multilingual embedder lifts: "耳机多少钱" shares no token and no meaning the English model sees."""
    runtime.pipeline.backend = ScriptedBackend("I am not sure.")
    _, record = ask(client, "耳机多少钱？")
    assert "pricing-us.md" not in hit_docs(record) and "pricing-eu.md" not in hit_docs(record)


@pytest.fixture(scope="module")
def multilingual_indexes(tmp_path_factory):
    root = tmp_path_factory.mktemp("multilingual-indexes")
    build_index(DEMO / "knowledge" / "acme", root / "alpha", shared_multilingual_embedder(), progress=False)
    return root


@pytest.fixture
def multilingual_client(deployment_dir, multilingual_indexes):
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["model"]["embedder_kind"] = "use-multilingual-v3"
    config["index_dir"] = str(multilingual_indexes)
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    runtime = build_runtime(load_deployment(deployment_dir))
    with TestClient(create_app(runtime)) as client:
        yield runtime, client
    runtime.close()


def test_with_the_multilingual_embedder_a_chinese_question_gets_each_regions_english_price(multilingual_client):
    runtime, client = multilingual_client
    runtime.pipeline.backend = model = ScriptedBackend("The X1 costs $199 in the US and €189 in the EU.")
    body, record = ask(client, "耳机多少钱？")
    assert body["route"] == "rag" and {"pricing-us.md#0", "pricing-eu.md#0"} <= set(body["citations"])
    assert hit_docs(record)[:2] == ["pricing-us.md", "pricing-eu.md"]
    assert [s["by"] for s in record["retrieval"]["scoped"]] == ["scope"] and record["retrieval"]["conflicts"] == []
    assert "(region: EU)" in model.prompts[0] and "(region: US)" in model.prompts[0]


def test_with_the_multilingual_embedder_a_chinese_question_meets_the_english_pages_that_disagree(multilingual_client):
    runtime, client = multilingual_client
    runtime.pipeline.backend = model = ScriptedBackend("never asked")
    body, record = ask(client, "耳机保修多久？")  # the demo's two English warranty pages say 2 years and 1 year
    assert set(hit_docs(record)[:2]) == {"warranty-manual.md", "warranty-faq.md"}
    assert body["route"] == "handoff" and body["handoff"]["reason"] == "conflicting_evidence"
    [conflict] = record["retrieval"]["conflicts"]
    assert conflict["resolution"] == "unresolved" and conflict["why"] == "duration stated as 24 months vs 12 months"
    assert model.prompts == []


def test_with_the_multilingual_embedder_an_english_question_retrieves_the_chinese_terms_that_disagree(
    multilingual_client,
):
    runtime, client = multilingual_client
    runtime.pipeline.backend = ScriptedBackend("never asked")
    body, record = ask(client, "What is the gift card refund policy?")
    assert {"gift-cards.md", "gift-cards-zh.md"} <= set(hit_docs(record))  # found by meaning, not only by topic
    assert body["route"] == "handoff" and body["handoff"]["reason"] == "conflicting_evidence"
    sources = {s["source"] for s in body["handoff"]["conflicting_sources"][0]["sources"]}
    assert sources == {"Gift card terms", "礼品卡使用条款"}
