from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from interlock.adapters.generation import GenerationError
from interlock.service.api.app import DECISION_HEADER, create_app
from tests.conftest import ALPHA_KEY, BETA_KEY, bearer


def chat(client, key, model="alpha-bot", content="Where is my order?", **extra):
    body = {"model": model, "messages": [{"role": "user", "content": content}], "max_tokens": 8} | extra
    return client.post("/v1/chat/completions", json=body, headers=bearer(key))


def assert_openai_error(response, status, code):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert set(error) == {"message", "type", "param", "code"}
    return error


def test_chat_answers_in_openai_shape_and_is_audited(client):
    response = chat(client, ALPHA_KEY)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["object"] == "chat.completion"
    assert body["model"] == "alpha-bot"
    assert body["route"] == "model"
    assert body["choices"][0]["message"]["role"] == "assistant"
    assert body["choices"][0]["message"]["content"]
    assert body["usage"]["completion_tokens"] <= 8
    assert response.headers[DECISION_HEADER] == body["decision_id"] == "dec_test_000001"

    records = client.get("/v1/audit/decisions", headers=bearer(ALPHA_KEY)).json()["data"]
    assert len(records) == 1
    record = records[0]
    assert record["decision_id"] == body["decision_id"]
    assert record["output"] == body["choices"][0]["message"]["content"]
    assert (record["tenant"], record["bot"], record["adapter_id"]) == ("alpha", "alpha-bot", "alpha/alpha-voice")
    assert record["adapter_version"].startswith("sha256:")
    assert record["created_at"] == "2026-11-23T12:00:00.000000Z"
    assert set(record["latencies_ms"]) == {"signals", "pre_policy", "generate", "post_policy"}
    assert record["bundle_version"].startswith("sha256:")
    assert record["model_output"] and record["output"].startswith(record["model_output"])


def test_two_tenants_adapters_answer_the_same_prompt_differently(client):
    alpha = chat(client, ALPHA_KEY, model="alpha-bot", max_tokens=12).json()
    beta = chat(client, BETA_KEY, model="beta-bot", max_tokens=12).json()
    plain = chat(client, ALPHA_KEY, model="alpha-plain", max_tokens=12).json()
    texts = {r["choices"][0]["message"]["content"] for r in (alpha, beta, plain)}
    assert len(texts) == 3


def test_same_request_gives_the_same_answer(client):
    first, second = chat(client, ALPHA_KEY).json(), chat(client, ALPHA_KEY).json()
    assert first["choices"] == second["choices"]
    records = client.get("/v1/audit/decisions", headers=bearer(ALPHA_KEY)).json()["data"]
    assert records[0]["input_hash"] == records[1]["input_hash"]


@pytest.mark.parametrize("headers", [{}, bearer("sk-wrong"), {"Authorization": "Basic " + ALPHA_KEY}])
def test_missing_or_wrong_key_is_401(client, headers):
    response = client.post("/v1/chat/completions", json={"model": "alpha-bot", "messages": []}, headers=headers)
    assert_openai_error(response, 401, "invalid_api_key")
    assert_openai_error(client.get("/v1/audit/decisions", headers=headers), 401, "invalid_api_key")


def test_other_tenants_bot_looks_exactly_like_a_missing_one(client):
    foreign = chat(client, ALPHA_KEY, model="beta-bot")
    missing = chat(client, ALPHA_KEY, model="no-such-bot")
    assert_openai_error(foreign, 404, "model_not_found")
    assert foreign.json()["error"]["message"].replace("beta-bot", "X") == missing.json()["error"]["message"].replace(
        "no-such-bot", "X"
    )
    assert client.get("/v1/audit/decisions", headers=bearer(BETA_KEY)).json()["data"] == []


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"model": "alpha-bot"}, "messages"),
        ({"model": "alpha-bot", "messages": []}, "messages"),
        ({"model": "alpha-bot", "messages": [{"role": "wizard", "content": "hi"}]}, "messages.0.role"),
        ({"model": "alpha-bot", "messages": [{"role": "assistant", "content": "hi"}]}, "messages.0.role"),
        ({"model": "alpha-bot", "messages": [{"role": "user", "content": "hi"}], "temperature": 9}, "temperature"),
        ({"model": "alpha-bot", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 0}, "max_tokens"),
        ({"model": "alpha-bot", "messages": [{"role": "user", "content": "x" * 16_001}]}, "messages.0.content"),
        ({"messages": [{"role": "user", "content": "hi"}]}, "model"),
    ],
)
def test_malformed_body_is_422_in_openai_shape(client, body, param):
    response = client.post("/v1/chat/completions", json=body, headers=bearer(ALPHA_KEY))
    error = assert_openai_error(response, 422, "invalid_request")
    assert error["param"].startswith(param)


def test_unparsable_json_is_422(client):
    response = client.post(
        "/v1/chat/completions", content=b"{not json", headers=bearer(ALPHA_KEY) | {"Content-Type": "application/json"}
    )
    assert_openai_error(response, 422, "invalid_request")


def test_max_tokens_over_the_deployment_limit_is_422(client):
    assert_openai_error(chat(client, ALPHA_KEY, max_tokens=65), 422, "invalid_request")


def test_text_content_parts_are_accepted(client):
    parts = [{"type": "text", "text": "Where is "}, {"type": "text", "text": "my order?"}]
    response = client.post(
        "/v1/chat/completions",
        headers=bearer(ALPHA_KEY),
        json={"model": "alpha-bot", "max_tokens": 8, "messages": [{"role": "user", "content": parts}]},
    )
    assert (
        response.json()["choices"][0]["message"]["content"]
        == chat(client, ALPHA_KEY).json()["choices"][0]["message"]["content"]
    )


def test_more_than_one_choice_is_refused_clearly(client):
    assert_openai_error(chat(client, ALPHA_KEY, n=2), 400, "unsupported_parameter")


def test_audit_query_is_tenant_scoped_and_filtered(client):
    chat(client, ALPHA_KEY)
    chat(client, ALPHA_KEY)
    chat(client, BETA_KEY, model="beta-bot")
    alpha = client.get("/v1/audit/decisions", headers=bearer(ALPHA_KEY)).json()["data"]
    assert [r["tenant"] for r in alpha] == ["alpha", "alpha"]
    limited = client.get("/v1/audit/decisions?limit=1", headers=bearer(ALPHA_KEY)).json()["data"]
    assert [r["seq"] for r in limited] == [2]
    handoffs = client.get("/v1/audit/decisions?route=handoff", headers=bearer(ALPHA_KEY)).json()["data"]
    assert handoffs == []
    # The test clock steps one second per turn from 12:00:00.
    since = client.get(
        "/v1/audit/decisions", params={"since": "2026-11-23T12:00:01Z"}, headers=bearer(ALPHA_KEY)
    ).json()["data"]
    assert [r["seq"] for r in since] == [2]
    until = client.get(
        "/v1/audit/decisions", params={"until": "2026-11-23T12:00:01Z"}, headers=bearer(ALPHA_KEY)
    ).json()["data"]
    assert [r["seq"] for r in until] == [1]


@pytest.mark.parametrize("query", ["route=nonsense", "limit=0", "since=yesterday", "since=2026-11-23T12:00:00"])
def test_bad_audit_query_is_422(client, query):
    response = client.get(f"/v1/audit/decisions?{query}", headers=bearer(ALPHA_KEY))
    assert_openai_error(response, 422, "invalid_request")


class FailingBackend:
    ready = True

    def __init__(self, error: Exception):
        self.error = error

    def generate(self, request):
        raise self.error


@pytest.mark.parametrize(
    ("error", "reason"),
    [(GenerationError("backend down"), "model_error"), (RuntimeError("CUDA exploded"), "model_error"),
     (TimeoutError(), "model_timeout")],
)  # fmt: skip
def test_model_failure_hands_off_with_a_safe_answer_and_is_audited(runtime, error, reason):
    runtime.pipeline.backend = FailingBackend(error)
    with TestClient(create_app(runtime)) as failing:
        response = chat(failing, ALPHA_KEY)
        assert response.status_code == 200
        assert response.json()["route"] == "handoff"
        assert response.json()["choices"][0]["message"]["content"].startswith("I'm connecting you with a member")
        assert response.json()["handoff"]["reason"] == reason
        record = failing.get("/v1/audit/decisions", headers=bearer(ALPHA_KEY)).json()["data"][0]
    assert record["handoff"] == response.json()["handoff"]
    assert record["handoff"]["decision_id"] == record["decision_id"]
    assert record["error"]
    assert record["decision_id"] == response.json()["decision_id"]


def test_audit_store_down_fails_closed_with_503_and_no_answer(runtime, client):
    with sqlite3.connect(runtime.pipeline.store.path) as db:
        db.execute("DROP TABLE decisions")
    response = chat(client, ALPHA_KEY)
    assert_openai_error(response, 503, "audit_unavailable")
    assert "choices" not in response.json()
    assert DECISION_HEADER not in response.headers


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_unknown_path_and_method_use_the_error_shape(client):
    assert_openai_error(client.get("/v1/nothing"), 404, "not_found")
    assert_openai_error(client.get("/v1/chat/completions"), 405, "method_not_allowed")
