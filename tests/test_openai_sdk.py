"""The real openai SDK against a live uvicorn server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time

import openai
import pytest
import uvicorn

from interlock.service.api.app import DECISION_HEADER, create_app
from tests.conftest import ALPHA_KEY, BETA_KEY


@pytest.fixture
def live_url(runtime):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(runtime), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    thread.join(timeout=10)


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
