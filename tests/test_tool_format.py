"""The in-process model's tool format: tools and earlier calls rendered into the prompt, calls parsed back."""

from __future__ import annotations

import json

from interlock.adapters.generation import ChatMessage, ToolCall, ToolSpec
from interlock.adapters.tool_format import parse_output, render_call, signature_arguments, text_messages

ORDER_ID = {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}
CANCEL = ToolSpec("cancel_order", "Cancel a pending order.", ORDER_ID)


def test_a_call_block_is_parsed_and_taken_out_of_the_text():
    parsed = parse_output('Sure, cancelling it now.\n<tool_call>{"name": "cancel_order", "arguments": '
                          '{"order_id": "W1"}}</tool_call>')  # fmt: skip
    assert parsed.text == "Sure, cancelling it now."
    assert [(c.name, json.loads(c.arguments)) for c in parsed.calls] == [("cancel_order", {"order_id": "W1"})]
    assert parsed.malformed == ()


def test_several_calls_a_cut_off_block_and_string_arguments_are_read():
    text = ('<tool_call>{"name": "a", "arguments": {}}</tool_call><tool_call>{"name": "b", "arguments": '
            '"{\\"x\\": 1}"}</tool_call><tool_call>{"name": "c", "arguments": {"y": 2}}')  # fmt: skip
    parsed = parse_output(text)
    assert [(c.name, json.loads(c.arguments)) for c in parsed.calls] == [("a", {}), ("b", {"x": 1}), ("c", {"y": 2})]
    assert parsed.text == ""


def test_blocks_that_are_not_calls_are_kept_as_malformed_never_as_text():
    parsed = parse_output('ok <tool_call>{"name": 3}</tool_call> <tool_call>not json</tool_call> '
                          '<tool_call>{"name": "x", "arguments": [1]}</tool_call>')  # fmt: skip
    assert parsed.calls == ()
    assert len(parsed.malformed) == 3
    assert "tool_call" not in parsed.text and parsed.text == "ok"


def test_plain_text_has_no_calls():
    assert parse_output("Your order ships tomorrow.") == parse_output("Your order ships tomorrow.")
    assert parse_output("Your order ships tomorrow.").calls == ()


def test_tools_and_history_are_rendered_in_the_format_the_model_writes():
    call = ToolCall("call_1", "cancel_order", '{"order_id": "W1"}')
    messages = (
        ChatMessage("system", "You help Northwind customers."),
        ChatMessage("user", "cancel W1"),
        ChatMessage("assistant", "", (call,)),
        ChatMessage("tool", '{"status": "cancelled"}', tool_call_id="call_1"),
    )
    rendered = text_messages(messages, (CANCEL,), "required")
    assert [m.role for m in rendered] == ["system", "user", "assistant", "user"]
    assert rendered[0].content.startswith("You help Northwind customers.")
    assert "- cancel_order(order_id: string)" in rendered[0].content and "You must call" in rendered[0].content
    assert rendered[2].content == render_call(call)
    assert parse_output(rendered[2].content).calls[0].name == "cancel_order"
    assert rendered[3].content == '<tool_response name="cancel_order">{"status": "cancelled"}</tool_response>'
    assert all(not m.tool_calls and m.tool_call_id is None for m in rendered)


def test_without_tools_the_messages_stay_as_they_are():
    messages = (ChatMessage("user", "hi"),)
    assert text_messages(messages, ()) == messages


def test_a_schema_is_offered_as_a_signature():
    address = {"type": "object", "required": ["zip"], "properties": {"zip": {"type": "string"}}}
    schema = {"type": "object", "required": ["order_id", "items"], "properties": {
        "order_id": {"type": "string"}, "reason": {"enum": ["no longer needed", "mistake"]},
        "items": {"type": "array", "items": {"type": "string"}}, "address": address}}  # fmt: skip
    assert signature_arguments(schema) == ('order_id: string, reason?: "no longer needed" | "mistake", '
                                           "items: list of string, address?: {zip: string}")  # fmt: skip
