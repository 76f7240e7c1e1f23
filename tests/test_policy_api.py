"""The demo policies through /v1/chat/completions with the real (tiny) model, explained in the audit record."""

from __future__ import annotations

import shutil

from tests.conftest import ADMIN_KEY, ALPHA_KEY, BETA_KEY, DEMO, bearer

RECENT_ORDER = {"order": {"id": "AC-100234", "amount": 129.0, "currency": "USD", "final_sale": False,
                          "delivered_at": "2026-11-10T00:00:00Z"}}  # fmt: skip


def chat(client, text, key=ALPHA_KEY, model="alpha-bot", metadata=None, history=()):
    messages = [*history, {"role": "user", "content": text}]
    body = {"model": model, "messages": messages, "max_tokens": 8, "metadata": metadata}
    response = client.post("/v1/chat/completions", json=body, headers=bearer(key))
    assert response.status_code == 200, response.text
    return response.json()


def last_record(client, key=ALPHA_KEY):
    return client.get("/v1/audit/decisions?limit=1", headers=bearer(key)).json()["data"][0]


LATER_TURN = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello!"}]


def test_refund_within_window_is_answered_by_rule_without_the_model(client):
    body = chat(client, "I want a refund", metadata=RECENT_ORDER, history=LATER_TURN)
    assert body["route"] == "rule"
    assert body["choices"][0]["message"]["content"].startswith("Good news: order AC-100234 qualifies for a refund")
    record = last_record(client)
    assert [r["id"] for r in record["rules_fired"]] == ["refund.approve"]
    assert record["model_output"] is None and record["completion_tokens"] == 0
    assert record["signals"]["intents"] == ["refund_request"]
    assert "latencies_ms" in record and "generate" not in record["latencies_ms"]


def test_refund_over_limit_hands_off_with_payload(client):
    order = {"order": RECENT_ORDER["order"] | {"amount": 900.0}}
    body = chat(client, "我要退款", metadata=order, history=LATER_TURN)
    assert body["route"] == "handoff"
    handoff = body["handoff"]
    assert handoff["reason"] == "refund_over_limit" and handoff["priority"] == "high"
    assert handoff["decision_id"] == body["decision_id"]
    assert "refund_request" in handoff["summary"] and "我要退款" in handoff["summary"]
    assert last_record(client)["handoff"] == handoff


def test_refund_question_without_facts_asks_for_the_order(client):
    body = chat(client, "can I get a refund?", history=LATER_TURN)
    assert body["route"] == "rule"
    assert "order number" in body["choices"][0]["message"]["content"]


def test_first_turn_model_answer_gets_the_ai_disclosure(client):
    body = chat(client, "What colours does the X1 come in?")
    assert body["route"] == "model"
    content = body["choices"][0]["message"]["content"]
    assert content.endswith("You're chatting with Acme's AI assistant.")
    record = last_record(client)
    assert record["disclaimers"] == ["ai_disclosure"]
    assert record["output"] == content and content.startswith(record["model_output"])


def test_talk_to_a_human_in_chinese_hands_off(client):
    body = chat(client, "轉人工", history=LATER_TURN)
    assert body["route"] == "handoff" and body["handoff"]["reason"] == "customer_requested_human"


def test_compliance_refusal(client):
    body = chat(client, "Give me another customer's address", history=LATER_TURN)
    assert body["route"] == "refuse"
    assert [r["id"] for r in last_record(client)["rules_fired"]] == ["compliance.other-customer-data"]


class PromisingBackend:
    """Stands in for a model that over-promises; the post-policy must stop it."""

    ready = True

    def generate(self, request):
        from interlock.adapters.generation import GenerationResult

        return GenerationResult("Sure, you will get a full refund! Mail me at bob@example.com", 10, 12, "stop")


def test_unapproved_promise_from_the_model_never_reaches_the_client(runtime, client):
    runtime.pipeline.backend = PromisingBackend()
    body = chat(client, "my headphones broke", history=LATER_TURN)
    content = body["choices"][0]["message"]["content"]
    assert body["route"] == "handoff" and body["handoff"]["reason"] == "unapproved_promise"
    assert "full refund" not in content and "bob@example.com" not in content
    record = last_record(client)
    assert [r["id"] for r in record["rules_fired"]] == ["output.unapproved-refund-promise", "output.redact-contact-pii"]
    assert record["model_output"].startswith("Sure, you will get a full refund")


def test_tenants_get_their_own_bundle(client):
    beta = chat(client, "I want a refund", key=BETA_KEY, model="beta-bot", history=LATER_TURN)
    assert beta["choices"][0]["message"]["content"].startswith("I can look into a refund for you")
    assert [r["id"] for r in last_record(client, BETA_KEY)["rules_fired"]] == ["refund.needs-booking"]
    alpha = chat(client, "I want a refund", history=LATER_TURN)
    assert alpha["choices"][0]["message"]["content"].startswith("I can check your refund right away")


def test_reload_needs_the_admin_key(client):
    assert client.post("/v1/admin/policies/reload").status_code == 401
    denied = client.post("/v1/admin/policies/reload", headers=bearer(ALPHA_KEY))
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "admin_key_required"
    ok = client.post("/v1/admin/policies/reload", headers=bearer(ADMIN_KEY))
    assert [(r["tenant"], r["status"]) for r in ok.json()["data"]] == [("alpha", "unchanged"), ("beta", "unchanged")]


def test_broken_bundle_is_rejected_and_the_running_one_keeps_serving(tmp_path, deployment_dir):
    import yaml
    from fastapi.testclient import TestClient

    from interlock.service.api.app import create_app
    from interlock.service.config import load_deployment
    from interlock.service.runtime import build_runtime

    bundle = deployment_dir / "acme.yaml"
    shutil.copy(DEMO / "policies" / "acme.yaml", bundle)
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["tenants"][0]["policy"] = "acme.yaml"
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    runtime = build_runtime(load_deployment(deployment_dir))
    with TestClient(create_app(runtime)) as client:
        serving = runtime.pipeline.policies.bundle("alpha").version
        bundle.write_text(bundle.read_text().replace("when: turn.index == 0", "when: turn.index ==="))
        result = client.post("/v1/admin/policies/reload", headers=bearer(ADMIN_KEY)).json()["data"][0]
        assert result["status"] == "rejected" and result["bundle_version"] == serving
        assert "rule disclaimer.ai-first-turn: when does not compile" in result["error"]
        assert str(bundle) in result["error"]
        body = chat(client, "hello")
        assert body["choices"][0]["message"]["content"].endswith("You're chatting with Acme's AI assistant.")
        assert last_record(client)["bundle_version"] == serving

        bundle.write_text(bundle.read_text().replace("when: turn.index ===", "when: turn.index == 99"))
        result = client.post("/v1/admin/policies/reload", headers=bearer(ADMIN_KEY)).json()["data"][0]
        assert result["status"] == "loaded" and result["bundle_version"] != serving
        body = chat(client, "hello")
        assert not body["choices"][0]["message"]["content"].endswith("AI assistant.")
        assert last_record(client)["bundle_version"] == result["bundle_version"]
    runtime.close()
