"""stream=true: OpenAI chunk format over SSE; text leaves a sentence at a time, only after the post-policy."""

from __future__ import annotations

import json
import time

import openai
import pytest

from interlock.adapters.generation import GenerationResult, GenerationTimeout
from tests.conftest import ADMIN_KEY, ALPHA_KEY, bearer
from tests.test_openai_sdk import live_url  # noqa: F401 - the live server fixture

LATER = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello!"}]


def sse(client, text, model="alpha-bot"):
    body = {"model": model, "stream": True, "messages": [*LATER, {"role": "user", "content": text}]}
    with client.stream("POST", "/v1/chat/completions", json=body, headers=bearer(ALPHA_KEY)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = [line[6:] for line in response.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    chunks = [json.loads(line) for line in lines[:-1]]
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    return chunks, content


class StreamingScript:
    """A model that streams the given pieces and notes whether it was told to stop."""

    ready = True
    streams = True

    def __init__(self, *pieces: str):
        self.pieces = pieces
        self.told_to_stop_after: int | None = None

    def generate(self, request, on_text=None):
        for n, piece in enumerate(self.pieces, 1):
            time.sleep(0.05)  # a model takes time per piece; the pipeline judges while it waits
            if on_text is not None and not on_text(piece):
                self.told_to_stop_after = n
                break
        return GenerationResult("".join(self.pieces[: self.told_to_stop_after]), 5, len(self.pieces), "stop")


def test_streamed_answer_is_the_audited_answer(runtime, client):
    runtime.pipeline.backend = StreamingScript("The X1 comes in black. ", "It also comes in silver. ", "Enjoy!")
    chunks, content = sse(client, "What colours does the X1 come in?")
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant"}
    assert [c["choices"][0]["delta"].get("content") for c in chunks[1:3]] == [
        "The X1 comes in black.",
        " It also comes in silver.",
    ]
    final = chunks[-1]
    assert final["choices"][0]["finish_reason"] == "stop" and final["route"] == "model"
    record = client.get("/v1/audit/decisions?limit=1", headers=bearer(ALPHA_KEY)).json()["data"][0]
    assert record["decision_id"] == final["decision_id"]
    assert record["output"] == content == "The X1 comes in black. It also comes in silver. Enjoy!"


def test_a_promise_mid_stream_never_reaches_the_client(runtime, client):
    script = StreamingScript("Sorry about the headphones. ", "You will get a full refund today. ", "Bye.")
    runtime.pipeline.backend = script
    chunks, content = sse(client, "my headphones broke")
    assert content.startswith("Sorry about the headphones.")
    assert "full refund" not in content and "Bye." not in content
    assert "I can't confirm a refund in this chat" in content
    assert script.told_to_stop_after is not None  # generation was stopped, not just hidden
    final = chunks[-1]
    assert final["route"] == "handoff" and final["handoff"]["reason"] == "unapproved_promise"
    record = client.get("/v1/audit/decisions?limit=1", headers=bearer(ALPHA_KEY)).json()["data"][0]
    assert record["output"] == content
    assert [r["id"] for r in record["rules_fired"] if r["stage"] == "post"] == ["output.unapproved-refund-promise"]


def test_rule_answers_stream_whole(client):
    chunks, content = sse(client, "talk to a human")
    assert content.startswith("I'm connecting you with a member of our support team")
    assert chunks[-1]["route"] == "handoff" and chunks[-1]["handoff"]["reason"] == "customer_requested_human"


def test_openai_sdk_streams_from_the_real_model(live_url):  # noqa: F811
    client = openai.OpenAI(base_url=live_url, api_key=ALPHA_KEY, max_retries=0)
    stream = client.chat.completions.create(
        model="alpha-bot", stream=True, max_tokens=12,
        messages=[*LATER, {"role": "user", "content": "What colours does it come in?"}],
    )  # fmt: skip
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[-1].choices[0].finish_reason in ("stop", "length")
    decision = chunks[-1].model_extra["decision_id"]
    audit = openai.OpenAI(base_url=live_url, api_key=ALPHA_KEY).get(
        "/audit/decisions", cast_to=object, options={"params": {"limit": 1}}
    )
    assert audit["data"][0]["decision_id"] == decision and audit["data"][0]["output"] == text


def test_a_model_that_goes_silent_mid_stream_is_handed_off(runtime, client):
    class Silent(StreamingScript):
        """Goes silent after one sentence, until the backend's deadline stops it (as the worker does)."""

        def generate(self, request, on_text=None):
            on_text("Let me check that for you. ")
            time.sleep(0.3)
            raise GenerationTimeout("no room to generate before the deadline")

    runtime.pipeline.backend = Silent()
    chunks, content = sse(client, "What colours does the X1 come in?")
    assert content.startswith("Let me check that for you.") and "member of our support team" in content
    assert chunks[-1]["route"] == "handoff" and chunks[-1]["handoff"]["reason"] == "model_timeout"


def test_streamed_turns_are_counted_like_whole_ones(runtime, client):
    runtime.pipeline.backend = StreamingScript("The X1 comes in black. ", "Enjoy!")
    sse(client, "What colours does the X1 come in?")
    sse(client, "talk to a human")
    metrics = client.get("/metrics", headers=bearer(ADMIN_KEY)).text
    assert 'interlock_turns_total{bot="alpha-bot",route="model",tenant="alpha"} 1.0' in metrics
    assert 'interlock_turns_total{bot="alpha-bot",route="handoff",tenant="alpha"} 1.0' in metrics
    assert 'interlock_handoffs_total{bot="alpha-bot",reason="customer_requested_human",tenant="alpha"} 1.0' in metrics


@pytest.mark.parametrize("text", ["talk to a human", "What colours does the X1 come in?"])
def test_every_chunk_of_a_stream_carries_the_id_of_its_decision(runtime, client, text):
    runtime.pipeline.backend = StreamingScript("The X1 comes in black. ", "Enjoy!")
    chunks, _ = sse(client, text)
    record = client.get("/v1/audit/decisions?limit=1", headers=bearer(ALPHA_KEY)).json()["data"][0]
    assert {c["id"] for c in chunks} == {"chatcmpl-" + record["decision_id"]}
