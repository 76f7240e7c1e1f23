"""How an in-process model sees tools and proposes calls: one text format, rendered into the prompt and parsed back.

The model is shown the tools' names, descriptions and JSON Schemas in its system message, and proposes a call by
answering `<tool_call>{"name": "<tool>", "arguments": {...}}</tool_call>` (one such block per call; text around
the blocks is what it says to the customer). Earlier calls in the conversation are rendered the same way, and
their results as `<tool_response name="<tool>">...</tool_response>` in a user message, so the model reads its
own history in the format it writes. A remote engine (vLLM) takes and returns OpenAI's structured `tool_calls`
instead; this module is only for models that speak text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from interlock.adapters.generation import ChatMessage, ToolCall, ToolSpec

CALL_OPEN, CALL_CLOSE = "<tool_call>", "</tool_call>"
_CALL_BLOCK = re.compile(r"<tool_call>(.*?)(?:</tool_call>|$)", re.S)


@dataclass(frozen=True)
class ParsedOutput:
    """A model's output taken apart: what it said, the calls it proposed, and blocks that are not valid calls."""

    text: str
    calls: tuple[ToolCall, ...]
    malformed: tuple[str, ...]


def _type_of(schema: dict) -> str:
    if "enum" in schema:
        return " | ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if kind == "object" and schema.get("properties"):
        return "{" + signature_arguments(schema) + "}"
    return kind if isinstance(kind, str) else " | ".join(kind)


def signature_arguments(schema: dict) -> str:
    """A JSON Schema of an object as `name: type` pairs (`?` after an optional one)."""
    required = set(schema.get("required", ()))
    return ", ".join(f"{name}{'' if name in required else '?'}: {_type_of(sub)}"
                     for name, sub in schema.get("properties", {}).items())  # fmt: skip


def tools_instruction(tools: tuple[ToolSpec, ...], tool_choice: str = "auto") -> str:
    """The system-message text that offers `tools` to the model: one signature per tool (a small model reads a
    signature better than a schema, and a long prompt costs every turn); the schema itself is enforced by the
    tool stage, not by the model."""
    lines = [
        "You can call these tools. To call one, answer with exactly",
        f'{CALL_OPEN}{{"name": "<tool name>", "arguments": {{...}}}}{CALL_CLOSE}',
        "and nothing else for that call. Tools:",
    ]
    for tool in tools:
        lines.append(f"- {tool.name}({signature_arguments(tool.parameters)})")
    if tool_choice == "required":
        lines.append("You must call one of these tools.")
    elif tool_choice != "auto":
        lines.append(f"You must call {tool_choice}.")
    return "\n".join(lines)


def render_call(call: ToolCall) -> str:
    try:
        arguments = json.loads(call.arguments)
    except ValueError:
        arguments = call.arguments
    body = json.dumps({"name": call.name, "arguments": arguments}, ensure_ascii=False, sort_keys=True)
    return f"{CALL_OPEN}{body}{CALL_CLOSE}"


def text_messages(
    messages: tuple[ChatMessage, ...], tools: tuple[ToolSpec, ...], tool_choice: str = "auto"
) -> tuple[ChatMessage, ...]:
    """`messages` as a text-only chat (system, user, assistant): the tools offered in the system message, calls and
    results written in the format above."""
    names = {call.id: call.name for m in messages for call in m.tool_calls}
    rendered: list[ChatMessage] = []
    for message in messages:
        if message.role == "tool":
            name = names.get(message.tool_call_id or "", "tool")
            rendered.append(ChatMessage("user", f'<tool_response name="{name}">{message.content}</tool_response>'))
        elif message.tool_calls:
            parts = [message.content, *(render_call(c) for c in message.tool_calls)]
            rendered.append(ChatMessage("assistant", "\n".join(p for p in parts if p)))
        else:
            rendered.append(message)
    if not tools:
        return tuple(rendered)
    if rendered and rendered[0].role == "system":
        return (ChatMessage("system", system_with_tools(rendered[0].content, tools, tool_choice)), *rendered[1:])
    return (ChatMessage("system", system_with_tools(None, tools, tool_choice)), *rendered)


def system_with_tools(system: str | None, tools: tuple[ToolSpec, ...], tool_choice: str = "auto") -> str:
    """The system message that offers `tools` (also what an adapter that should call them is trained with)."""
    offer = tools_instruction(tools, tool_choice)
    return f"{system}\n\n{offer}" if system else offer


def parse_output(text: str) -> ParsedOutput:
    """The calls in a model's output. A block cut off by the token limit is read up to where it ends; one that is
    not `{"name": str, "arguments": object}` is kept as malformed, never sent on."""
    calls: list[ToolCall] = []
    malformed: list[str] = []
    for match in _CALL_BLOCK.finditer(text):
        body = match.group(1).strip()
        try:
            value, _ = json.JSONDecoder().raw_decode(body)
        except ValueError:
            malformed.append(body)
            continue
        name, arguments = (value.get("name"), value.get("arguments", {})) if isinstance(value, dict) else (None, None)
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments)
            except ValueError:
                arguments = None
        if not isinstance(name, str) or not name or not isinstance(arguments, dict):
            malformed.append(body)
            continue
        calls.append(ToolCall("", name, json.dumps(arguments, ensure_ascii=False, sort_keys=True)))
    said = _CALL_BLOCK.sub("", text).strip()
    return ParsedOutput(said, tuple(calls), tuple(malformed))
