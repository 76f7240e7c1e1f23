"""OpenAI's tools on the wire: what is accepted, and a 422 naming the field and the fault for what is not."""

from __future__ import annotations

import pytest

from tests.conftest import ALPHA_KEY, bearer

ORDER_ID = {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}
CANCEL_FUNCTION = {"name": "cancel_order", "description": "Cancel a pending order.", "parameters": ORDER_ID}
CANCEL = {"type": "function", "function": CANCEL_FUNCTION}
CALL = {"id": "call_a", "type": "function", "function": {"name": "cancel_order", "arguments": '{"order_id": "W1"}'}}
HISTORY = [
    {"role": "user", "content": "cancel W1"},
    {"role": "assistant", "content": None, "tool_calls": [CALL]},
    {"role": "tool", "tool_call_id": "call_a", "content": '{"status": "cancelled"}'},
]


def post(client, **body):
    body = {"model": "alpha-bot", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]} | body
    return client.post("/v1/chat/completions", json=body, headers=bearer(ALPHA_KEY))


def test_tools_and_a_tool_history_are_accepted(client):
    response = post(client, tools=[CANCEL], tool_choice="auto", parallel_tool_calls=False,
                    messages=[*HISTORY, {"role": "user", "content": "thanks, and where is W2?"}])  # fmt: skip
    assert response.status_code == 200, response.text
    record = client.get("/v1/audit/decisions?limit=1", headers=bearer(ALPHA_KEY)).json()["data"][0]
    assert record["inputs"]["tool_calls"] == [["call_a", "cancel_order", '{"order_id": "W1"}']]
    assert record["inputs"]["tool_results"] == [["call_a", '{"status": "cancelled"}']]
    assert record["inputs"]["tools"] == {"offered": ["cancel_order"], "choice": "auto", "parallel": False}


def test_a_turn_may_end_with_a_tool_result(client):
    response = post(client, tools=[CANCEL], messages=HISTORY)
    assert response.status_code == 200, response.text
    assert response.json()["choices"][0]["finish_reason"] in ("stop", "length")


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"messages": [{"role": "user", "content": "x"}, {"role": "tool", "tool_call_id": "nope", "content": "r"}]},
         "messages.1.tool_call_id", "unknown_tool_call_id"),
        ({"messages": [*HISTORY, {"role": "tool", "tool_call_id": "call_a", "content": "again"}]},
         "messages.3.tool_call_id", "unknown_tool_call_id"),
        ({"messages": [{"role": "user", "content": "x"}, {"role": "tool", "content": "r"}]},
         "messages.1", "missing_tool_call_id"),
        ({"messages": [{"role": "assistant", "content": None, "tool_calls": [
            CALL | {"function": {"name": "cancel_order", "arguments": "{not json"}}]},
                       {"role": "user", "content": "x"}]},
         "messages.0.tool_calls.0.function.arguments", "invalid_tool_arguments"),
        ({"messages": [{"role": "assistant", "content": None, "tool_calls": [
            CALL | {"function": {"name": "cancel_order", "arguments": "[1, 2]"}}]}, {"role": "user", "content": "x"}]},
         "messages.0.tool_calls.0.function.arguments", "invalid_tool_arguments"),
        ({"messages": [{"role": "assistant", "content": None, "tool_calls": [CALL, CALL]},
                       {"role": "user", "content": "x"}]}, "messages.0.tool_calls", "duplicate_tool_call_id"),
        ({"messages": [{"role": "assistant", "content": None}, {"role": "user", "content": "x"}]},
         "messages.0", "invalid_message"),
        ({"messages": [{"role": "user", "content": "x", "tool_calls": [CALL]}]}, "messages.0", "invalid_message"),
        ({"tools": [CANCEL | {"function": CANCEL["function"] | {"parameters": {"type": "wizard"}}}]},
         "tools.0.function.parameters", "invalid_tool_schema"),
        ({"tools": [CANCEL | {"function": CANCEL["function"] | {"parameters": {"type": "string"}}}]},
         "tools.0.function.parameters", "invalid_tool_schema"),
        ({"tools": [CANCEL, CANCEL]}, "tools", "duplicate_tool_name"),
        ({"tools": [CANCEL | {"function": CANCEL["function"] | {"name": "bad name!"}}]},
         "tools.0.function.name", "invalid_request"),
        ({"tools": [CANCEL], "tool_choice": {"type": "function", "function": {"name": "refund"}}},
         "tool_choice", "invalid_tool_choice"),
        ({"tool_choice": "required"}, "tool_choice", "invalid_tool_choice"),
        ({"tools": [CANCEL], "tool_choice": "sometimes"}, "tool_choice", "invalid_tool_choice"),
        ({"tools": [CANCEL], "tool_choice": {"type": "function"}}, "tool_choice", "invalid_tool_choice"),
    ],
)  # fmt: skip
def test_malformed_tools_and_tool_histories_are_422_naming_the_field(client, body, param, code):
    response = post(client, **body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert (error["param"], error["code"], error["type"]) == (param, code, "invalid_request_error")
    assert set(error) == {"message", "type", "param", "code"}
