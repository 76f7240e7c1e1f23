"""The real openai SDK against a live uvicorn server on 127.0.0.1."""

from __future__ import annotations

import openai
import pytest

from interlock.service.api.app import DECISION_HEADER, create_app
from tests.conftest import ALPHA_KEY, BETA_KEY
from tests.live_server import live_server


@pytest.fixture
def live_url(runtime):
    with live_server(create_app(runtime)) as url:
        yield url + "/v1"


def test_openai_sdk_chat_completion(live_url):
    client = openai.OpenAI(base_url=live_url, api_key=ALPHA_KEY, max_retries=0)
    raw = client.chat.completions.with_raw_response.create(
        model="alpha-bot", messages=[{"role": "user", "content": "Where is my order?"}], max_tokens=8
    )
    completion = raw.parse()
    assert completion.choices[0].message.content
    assert completion.choices[0].finish_reason in ("stop", "length")
    assert completion.usage.completion_tokens <= 8
    assert raw.headers[DECISION_HEADER] == completion.decision_id
    beta = openai.OpenAI(base_url=live_url, api_key=BETA_KEY, max_retries=0).chat.completions.create(
        model="beta-bot", messages=[{"role": "user", "content": "Where is my order?"}], max_tokens=8
    )
    assert beta.choices[0].message.content != completion.choices[0].message.content


def test_openai_sdk_sees_typed_errors(live_url):
    wrong_key = openai.OpenAI(base_url=live_url, api_key="sk-nope", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as denied:
        wrong_key.chat.completions.create(model="alpha-bot", messages=[{"role": "user", "content": "hi"}])
    assert denied.value.code == "invalid_api_key"
    alpha = openai.OpenAI(base_url=live_url, api_key=ALPHA_KEY, max_retries=0)
    with pytest.raises(openai.NotFoundError) as missing:
        alpha.chat.completions.create(model="beta-bot", messages=[{"role": "user", "content": "hi"}])
    assert missing.value.code == "model_not_found"
    with pytest.raises(openai.UnprocessableEntityError):
        alpha.chat.completions.create(model="alpha-bot", messages=[{"role": "assistant", "content": "hi"}])
