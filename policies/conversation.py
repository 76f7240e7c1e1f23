"""What the policy reads of a conversation: the customer's last message, the earlier tool calls and their results,
and the context the tool stage judges a call in. Pure; works on any message shaped like `Message`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from interlock.policies.tool_facts import Exchange
from interlock.policies.tools import ToolContext
from interlock.text.findings import Finding
from interlock.text.injection import injection_findings


class Call(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def arguments(self) -> str: ...


class Message(Protocol):
    @property
    def role(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def tool_calls(self) -> Sequence[Call]: ...
    @property
    def tool_call_id(self) -> str | None: ...


def exchanges(messages: Sequence[Message]) -> tuple[Exchange, ...]:
    """The conversation's earlier calls, each with the result the client sent back for it (if any)."""
    results = {m.tool_call_id: m.content for m in messages if m.role == "tool"}
    return tuple(Exchange(c.id, c.name, c.arguments, results.get(c.id)) for m in messages for c in m.tool_calls)


@dataclass(frozen=True)
class EarlierInjection:
    """An earlier message of the conversation that carries prompt injection."""

    message: int  # its index in the request's messages
    role: str
    findings: tuple[Finding, ...]

    def data(self) -> list[dict[str, Any]]:
        return [{"message": self.message, "role": self.role, "kind": f.kind, "feature": f.feature, "start": f.start,
                 "end": f.end} for f in sorted(self.findings)]  # fmt: skip


def earlier_injections(messages: Sequence[Message]) -> tuple[EarlierInjection, ...]:
    """The customer's and the assistant's messages before the customer's last one that the injection check flags.
    A client sends the whole conversation every turn, so any of it may have been typed or forged there (an
    assistant message included); the system message is the deployment's own and tool results have their own
    check."""
    last, _ = last_customer_message(messages)
    return tuple(
        EarlierInjection(index, message.role, found)
        for index, message in enumerate(messages[:last])
        if message.role in ("user", "assistant") and message.content and (found := injection_findings(message.content))
    )


def last_customer_message(messages: Sequence[Message]) -> tuple[int, str]:
    """The index and text of the customer's last message (a turn may end with tool results after it)."""
    for index in range(len(messages) - 1, -1, -1):
        if messages[index].role == "user":
            return index, messages[index].content
    return len(messages) - 1, messages[-1].content


def tool_context(messages: Sequence[Message], session: dict[str, Any], history: list[dict[str, Any]],
                 offered: frozenset[str] | None, parallel: bool = True) -> ToolContext:  # fmt: skip
    """The context of the calls proposed after `messages`: the assistant's message before the customer's last one
    (where an action's details must have been listed) and that last message (the reply that may confirm it)."""
    index, text = last_customer_message(messages)
    previous = next((m.content for m in reversed(messages[:index]) if m.role == "assistant" and m.content), None)
    return ToolContext(session=session, history=history, offered=offered, parallel=parallel,
                       previous_assistant=previous, customer_reply=text)  # fmt: skip
