"""The remote backend against a local stand-in that speaks the OpenAI protocol on 127.0.0.1 (as vLLM does)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
import yaml
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from interlock.adapters.generation import ChatMessage, GenerationError, GenerationRequest
from interlock.adapters.remote_backend import RemoteBackend
from interlock.service.api.app import create_app
from interlock.service.config import load_deployment
from interlock.service.runtime import build_runtime
from tests.conftest import ADMIN_KEY, ALPHA_KEY, BETA_KEY, bearer


class StandInEngine:
    """Answers with the model it was asked for; can fail, stall or talk nonsense on request."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_next = 0
        self.stall_s = 0.0
        self.nonsense = False
        self.app = FastAPI()

        @self.app.get("/v1/models")
        def models() -> dict:
            return {"object": "list", "data": [{"id": "smollm2"}]}

        @self.app.post("/v1/chat/completions")
        async def chat(request: Request) -> JSONResponse:
            body = await request.json()
            self.requests.append(body | {"authorization": request.headers.get("authorization")})
            if self.fail_next:
                self.fail_next -= 1
                return JSONResponse({"error": {"message": "busy"}}, status_code=503)
            if self.stall_s:
                time.sleep(self.stall_s)
            if self.nonsense:
                return JSONResponse({"choices": []})
            text = f"answered by {body['model']}"
            if body.get("tools"):  # as vLLM with --enable-auto-tool-choice: the first tool, called
                call = {
                    "id": "chatcmpl-tool-1",
                    "type": "function",
                    "function": {"name": body["tools"][0]["function"]["name"], "arguments": '{"order_id": "W1"}'},
                }
                return JSONResponse(
                    {
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": None, "tool_calls": [call]},
                                "finish_reason": "tool_calls",
                            }
                        ],
                        "usage": {},
                    }
                )
            return JSONResponse({"choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                              "finish_reason": "stop"}],
                                 "usage": {"prompt_tokens": 5, "completion_tokens": 3}})  # fmt: skip


@pytest.fixture(scope="module")
def engine():
    stand_in = StandInEngine()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(stand_in.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    stand_in.url = f"http://127.0.0.1:{port}"
    yield stand_in
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(autouse=True)
def reset(engine):
    engine.requests.clear()
    engine.fail_next, engine.stall_s, engine.nonsense = 0, 0.0, False


def request(adapter_key=None) -> GenerationRequest:
    return GenerationRequest(messages=(ChatMessage("user", "hi"),), adapter_key=adapter_key, max_new_tokens=8)


def test_adapter_key_is_the_served_model(engine):
    backend = RemoteBackend(engine.url, "smollm2", api_key="engine-key")
    assert backend.ready
    assert backend.generate(request("acme__voice")).text == "answered by acme__voice"
    assert backend.generate(request()).text == "answered by smollm2"
    assert engine.requests[0]["authorization"] == "Bearer engine-key"
    assert engine.requests[0]["max_tokens"] == 8


def test_server_errors_are_retried(engine):
    engine.fail_next = 2
    result = RemoteBackend(engine.url, "smollm2", retries=2, backoff_s=0.01).generate(request())
    assert result.text == "answered by smollm2" and len(engine.requests) == 3


def test_retries_run_out(engine):
    engine.fail_next = 5
    with pytest.raises(GenerationError, match="503 .*after 2 attempts"):
        RemoteBackend(engine.url, "smollm2", retries=1, backoff_s=0.01).generate(request())


def test_timeout_and_nonsense_are_generation_errors(engine):
    engine.stall_s = 0.5
    with pytest.raises(GenerationError, match="in time"):
        RemoteBackend(engine.url, "smollm2", timeout_s=0.1).generate(request())
    engine.stall_s, engine.nonsense = 0.0, True
    with pytest.raises(GenerationError, match="not a chat completion"):
        RemoteBackend(engine.url, "smollm2").generate(request())


def test_unreachable_engine_is_a_generation_error():
    backend = RemoteBackend("http://127.0.0.1:1", "smollm2", retries=1, backoff_s=0.01)
    assert not backend.ready
    with pytest.raises(GenerationError, match="cannot reach"):
        backend.generate(request())


def test_service_on_a_remote_engine_routes_each_tenant_to_its_adapter(engine, deployment_dir):
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["model"]["remote"] = {"base_url": engine.url, "base_model_name": "smollm2", "retries": 0}
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    runtime = build_runtime(load_deployment(deployment_dir))
    later = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello"}]
    with TestClient(create_app(runtime)) as client:
        answers = {}
        for key, bot in ((ALPHA_KEY, "alpha-bot"), (BETA_KEY, "beta-bot"), (ALPHA_KEY, "alpha-plain")):
            body = {"model": bot, "messages": [*later, {"role": "user", "content": "What colours are there?"}]}
            answers[bot] = client.post("/v1/chat/completions", json=body, headers=bearer(key)).json()
        record = client.get("/v1/audit/decisions?limit=1", headers=bearer(ALPHA_KEY)).json()["data"][0]
        engine.fail_next = 1
        failed = client.post(
            "/v1/chat/completions",
            headers=bearer(ALPHA_KEY),
            json={"model": "alpha-bot", "messages": [*later, {"role": "user", "content": "What colours are there?"}]},
        ).json()
        upload = {"adapter_config": {"peft_type": "LORA"}, "weights_base64": "AAAA"}
        refused = client.post("/v1/admin/adapters/alpha/alpha-voice/versions", json=upload, headers=bearer(ADMIN_KEY))
    runtime.close()
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_supported"
    assert answers["alpha-bot"]["choices"][0]["message"]["content"] == "answered by alpha__alpha-voice"
    assert answers["beta-bot"]["choices"][0]["message"]["content"] == "answered by beta__beta-voice"
    assert answers["alpha-plain"]["choices"][0]["message"]["content"] == "answered by smollm2"
    assert record["base_model"] == "remote:smollm2" and record["adapter_id"] is None
    assert failed["route"] == "handoff" and failed["handoff"]["reason"] == "model_error"


def test_tools_pass_through_to_the_engine_and_its_tool_calls_come_back(engine):
    from interlock.adapters.generation import ToolCall, ToolSpec

    cancel = ToolSpec(
        "cancel_order", "Cancel an order.", {"type": "object", "properties": {"order_id": {"type": "string"}}}
    )
    history = (ChatMessage("user", "cancel W0"), ChatMessage("assistant", "", (ToolCall("c0", "cancel_order", "{}"),)),
               ChatMessage("tool", '{"ok": true}', tool_call_id="c0"), ChatMessage("user", "and W1"))  # fmt: skip
    request = GenerationRequest(messages=history, adapter_key=None, max_new_tokens=8, tools=(cancel,),
                                tool_choice="cancel_order")  # fmt: skip
    result = RemoteBackend(engine.url, "smollm2").generate(request)
    assert result.text == "" and [(c.name, c.arguments) for c in result.tool_calls] == [
        ("cancel_order", '{"order_id": "W1"}')
    ]
    sent = engine.requests[-1]
    assert sent["tools"] == [
        {
            "type": "function",
            "function": {"name": "cancel_order", "description": "Cancel an order.", "parameters": cancel.parameters},
        }
    ]
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "cancel_order"}}
    assert sent["messages"][1] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "c0", "type": "function", "function": {"name": "cancel_order", "arguments": "{}"}}],
    }
    assert sent["messages"][2] == {"role": "tool", "content": '{"ok": true}', "tool_call_id": "c0"}
