"""The models a bundle asks for beside the rules (`signals: {ner, harm_exemplars}`): loaded once at start-up, real
spaCy / jieba / MiniLM, their findings in the signals, the audit record and its redaction."""

from __future__ import annotations

import functools

import pytest
import yaml
from fastapi.testclient import TestClient

from interlock.adapters.generation import GenerationResult
from interlock.policies.loader import load_bundle
from interlock.policies.signals import extract_signals
from interlock.service.api.app import create_app
from interlock.service.config import load_deployment
from interlock.service.policy_store import (
    PolicyStore,
    SignalModelUnavailable,
    load_bundle_with_models,
    load_signal_models,
)
from interlock.service.runtime import build_runtime
from tests.conftest import ALPHA_KEY, DEMO, bearer

ACME = DEMO / "policies" / "acme.yaml"
# A cue-less name and company (no "my name is", no title): only the NER model finds them.
NAMED = "My order AC-1002345 never came, Peter Novak from Microsoft said it shipped."
# A crisis in words the grammar does not name (it names "I don't see the point anymore" since it was widened).
CRISIS = "My order is late again. Honestly, life feels pointless and I want out of it for good."


@pytest.fixture(scope="module")
def acme():
    return load_bundle_with_models(ACME)


def signals(bundle, text):
    return extract_signals(text, bundle.matcher, bundle.order_id, bundle.models)


def pii(bundle, text):
    return [(p["type"], text[p["start"] : p["end"]]) for p in signals(bundle, text)["pii"]]


def test_the_demo_bundles_ask_for_the_models():
    asks = {name: load_bundle(DEMO / "policies" / f"{name}.yaml").spec.signals for name in ("acme", "northwind")}
    assert all(each.ner and each.harm_exemplars for each in asks.values())
    assert load_bundle(DEMO / "policies" / "lumen.yaml").spec.signals.harm_exemplars


def test_ner_finds_a_name_and_a_company_no_cue_announces_and_says_so(acme):
    assert pii(load_bundle(ACME), NAMED) == []  # the rules alone: no cue, nothing found
    assert pii(acme, NAMED) == [("person", "Peter Novak"), ("organization", "Microsoft")]
    found = signals(acme, NAMED)["findings"]["pii"]
    assert [(f["kind"], f["feature"]) for f in found] == [("person", "ner:spacy:PERSON"),
                                                         ("organization", "ner:spacy:ORG")]  # fmt: skip


def test_cue_spans_win_where_they_overlap_a_model_span(acme):
    text = "Ship it to Maria Gonzalez, 19 Elm Street, Springfield, or mail maria.gonzalez@example.com"
    found = pii(acme, text)
    assert ("email", "maria.gonzalez@example.com") in found
    assert ("address", "19 Elm Street") in found
    assert all(kind != "person" or "@" not in value for kind, value in found)


def test_chinese_names_come_from_jieba(acme):
    text = "快递员说李建国已经签收了"
    assert pii(load_bundle(ACME), text) == []
    assert pii(acme, text) == [("person", "李建国")]
    assert [f["feature"] for f in signals(acme, text)["findings"]["pii"]] == ["ner:jieba:nr"]


def test_order_ids_are_never_pii_even_where_the_model_reads_them_as_names(acme):
    for text in ("Order AC-100234 is late, ask Peter Novak", "AC-100234 and AC-100235 both arrived broken",
                 "订单AC-100234还没到，王小明在等"):  # fmt: skip
        s = signals(acme, text)
        assert s["entities"]["order_ids"]
        assert not any("AC-" in text[p["start"] : p["end"]] for p in s["pii"]), text


def test_harm_exemplars_add_a_crisis_the_grammar_does_not_name(acme):
    assert signals(load_bundle(ACME), CRISIS)["harm"] == []  # the grammar alone decides when the model is off
    s = signals(acme, CRISIS)
    assert s["harm"] == ["self_harm"]
    (finding,) = s["findings"]["harm"]
    assert finding["feature"].startswith("exemplar:") and float(finding["feature"].split(":")[1]) >= 0.5
    assert CRISIS[finding["start"] : finding["end"]] == "Honestly, life feels pointless and I want out of it for good"


def test_harm_exemplars_leave_look_alikes_and_the_grammars_reading_alone(acme):
    for text in ("my phone died, is it covered?", "this wait is killing me, where is my parcel?",
                 "how do I kill the process that froze the app", "I want to end my subscription"):  # fmt: skip
        assert signals(acme, text)["harm"] == [], text
    s = signals(acme, "I want to kill myself")
    assert s["harm"] == ["self_harm"]
    assert not any(f["feature"].startswith("exemplar") for f in s["findings"]["harm"])


def echo(text):
    class Echo:
        ready = True

        def generate(self, request):
            return GenerationResult(text, 1, 1, "stop")

    return Echo()


def deployment_with(deployment_dir, **changes):
    bundle = yaml.safe_load(ACME.read_text()) | changes
    (deployment_dir / "acme.yaml").write_text(yaml.safe_dump(bundle, allow_unicode=True))
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["tenants"][0]["policy"] = "acme.yaml"
    config["tenants"] = config["tenants"][:1]
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    return load_deployment(deployment_dir)


def chat(client, text):
    body = {"model": "alpha-bot", "messages": [{"role": "user", "content": text}], "max_tokens": 8}
    response = client.post("/v1/chat/completions", json=body, headers=bearer(ALPHA_KEY))
    assert response.status_code == 200, response.text
    record = client.get("/v1/audit/decisions?limit=1", headers=bearer(ALPHA_KEY)).json()["data"][0]
    return response.json(), record


def test_a_cue_less_name_is_found_explained_and_redacted_in_the_record_over_http(deployment_dir):
    runtime = build_runtime(deployment_with(deployment_dir, audit={"redact_pii": True}))
    runtime.pipeline.backend = echo("Thanks, Peter Novak from Microsoft will call you about AC-100234.")
    with TestClient(create_app(runtime)) as client:
        _, record = chat(client, NAMED)
    runtime.close()
    text = str(record)
    assert "Peter Novak" not in text and "Microsoft" not in text
    assert "[person redacted]" in text and "[organization redacted]" in text
    assert "AC-1002345" in text and "AC-100234" in text  # order ids are the tenant's, never redacted
    features = [f["feature"] for f in record["signals"]["findings"]["pii"]]
    assert features == ["ner:spacy:PERSON", "ner:spacy:ORG"]


def test_a_paraphrased_crisis_goes_to_a_person_at_once_over_http(deployment_dir):
    runtime = build_runtime(deployment_with(deployment_dir))
    runtime.pipeline.backend = echo("Sorry about the delay.")
    with TestClient(create_app(runtime)) as client:
        _, record = chat(client, CRISIS)
    runtime.close()
    assert record["route"] == "handoff"
    assert record["handoff"]["reason"] == "self_harm" and record["handoff"]["priority"] == "urgent"
    assert record["rules_fired"][0]["id"] == "safety.self-harm"
    assert record["signals"]["findings"]["harm"][0]["feature"].startswith("exemplar:")


def test_no_model_is_loaded_when_no_bundle_asks(deployment_dir):
    def refuse(names):
        raise AssertionError(f"loaded {sorted(names)}")

    store = PolicyStore(deployment_with(deployment_dir, signals={}), load_models=refuse)
    assert store.bundle("alpha").models.ner is None and store.bundle("alpha").models.harm is None


def test_start_up_fails_clearly_when_an_asked_model_is_not_installed(deployment_dir):
    missing = functools.partial(load_signal_models, spacy_model="en_no_such_pipeline")
    with pytest.raises(SignalModelUnavailable, match="en_no_such_pipeline.*pip install"):
        PolicyStore(deployment_with(deployment_dir, signals={"ner": True}), load_models=missing)


def test_a_reload_that_asks_for_a_model_not_loaded_at_start_up_is_rejected(deployment_dir):
    store = PolicyStore(deployment_with(deployment_dir, signals={}))
    serving = store.bundle("alpha").version
    deployment_with(deployment_dir, signals={"ner": True})
    (result,) = store.reload()
    assert result.status == "rejected" and "restart" in result.error
    assert store.bundle("alpha").version == serving
