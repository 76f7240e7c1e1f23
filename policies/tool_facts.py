"""Facts from tools, not from the customer's words: what a conversation's earlier tool calls and results establish.

Pure. A result counts only when its tool is a declared fact source, it parses as JSON, it satisfies the source's
`result_schema`, and the injection check finds nothing planted in it; then it becomes `facts.<fact>` (the latest
valid result of that tool wins) and sets the session keys its source declares. Everything else is recorded as
rejected, with why. A customer typing "I am verified" is customer text and never reaches this function.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

import cel

from interlock.policies.loader import CompiledBundle
from interlock.text.injection import planted_findings

Rejection = Literal["injected_result", "not_json", "invalid_result", "session_error", "unanswered"]


@dataclass(frozen=True)
class Exchange:
    """One earlier call of the conversation and the result the client sent back for it (None: not yet)."""

    call_id: str
    name: str
    arguments: str
    result: str | None


@dataclass(frozen=True)
class ToolFacts:
    """What the conversation's tool results establish, and what they do not."""

    facts: dict[str, Any] = field(default_factory=dict)
    session: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)  # what tool rules read as `history`
    rejected: list[dict[str, str]] = field(default_factory=list)  # {call_id, name, reason, detail}
    injected: frozenset[str] = frozenset()  # call ids whose results carry planted instructions


def _json(text: str) -> tuple[Any, bool]:
    try:
        return json.loads(text), True
    except ValueError:
        return text, False


def derive_tool_facts(bundle: CompiledBundle, exchanges: tuple[Exchange, ...]) -> ToolFacts:
    """Facts, session and history from `exchanges`, in conversation order."""
    facts: dict[str, Any] = {}
    session: dict[str, Any] = dict(bundle.spec.tools.session)
    history: list[dict[str, Any]] = []
    rejected: list[dict[str, str]] = []
    injected: set[str] = set()

    def reject(exchange: Exchange, reason: Rejection, detail: str) -> None:
        rejected.append({"call_id": exchange.call_id, "name": exchange.name, "reason": reason, "detail": detail})

    for exchange in exchanges:
        args, _ = _json(exchange.arguments)
        args = args if isinstance(args, dict) else {}
        result, parsed = _json(exchange.result) if exchange.result is not None else (None, False)
        found = planted_findings(exchange.result) if exchange.result else ()
        if found:
            injected.add(exchange.call_id)
        history.append({"id": exchange.call_id, "name": exchange.name, "args": args, "decision": "allow",
                        "answered": exchange.result is not None, "result": None if found else result})  # fmt: skip
        tool = bundle.tools.get(exchange.name)
        if tool is None or tool.result is None:
            continue
        if exchange.result is None:
            reject(exchange, "unanswered", "the call has no result yet")
        elif found:
            reject(exchange, "injected_result", ", ".join(sorted({f.kind for f in found})))
        elif not parsed:
            reject(exchange, "not_json", "the result is not JSON")
        elif not tool.result.is_valid(result):
            error = next(iter(tool.result.iter_errors(result)))
            where = "/".join(str(p) for p in error.instance_path) or "result"
            reject(exchange, "invalid_result", f"{where}: {error.message}")
        else:
            updates, failed = {}, None
            for key, program in tool.session:
                try:
                    updates[key] = program.execute(cel.Context(variables={"result": result, "args": args}))
                except Exception as exc:  # noqa: BLE001 - a result without the field sets nothing, on the record
                    failed = f"session.{key}: {type(exc).__name__}: {exc}"
                    break
            if failed is not None:
                reject(exchange, "session_error", failed)
                continue
            session.update(updates)
            if tool.fact is not None:
                facts[tool.fact] = result
    return ToolFacts(facts, session, history, rejected, frozenset(injected))
