"""Table tests for a bundle (`interlock policy test`): `<bundle>.tests.yaml` beside the bundle.

Each case is a turn (text, turn index, facts, and the model output the post stage should judge) and the
decision it must get: route, the rule ids fired in order, disclaimers, text the answer must (not) contain,
handoff reason. A tool case also gives the conversation before it (`messages`, with earlier calls and their
results) and the calls the model proposes (`calls`), and expects a decision per call, the calls that go back to
the client, and what the session holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from interlock.policies.conversation import exchanges, last_customer_message, tool_context
from interlock.policies.engine import decision_input, evaluate_pre
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route
from interlock.policies.settle import Fault, settle
from interlock.policies.tool_facts import derive_tool_facts
from interlock.policies.tools import ProposedCall, Verdict, evaluate_tools


class CallExpectation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    decision: Verdict
    rule: str | None = None
    reason: str | None = None


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    route: Route
    rules: list[str] | None = None
    disclaimers: list[str] | None = None
    contains: list[str] = Field(default_factory=list)
    not_contains: list[str] = Field(default_factory=list)
    handoff_reason: str | None = None
    tool_calls: list[CallExpectation] | None = None  # a decision per proposed call, in order
    sent_calls: list[str] | None = None  # the names of the calls that go back to the client
    session: dict[str, Any] | None = None  # keys the session must hold, with these values
    facts: list[str] | None = None  # the facts the tool results established (names)


class CaseCall(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = None
    name: str
    arguments: dict[str, Any] | str = Field(default_factory=dict, description="an object, or JSON text as sent")

    def json_arguments(self) -> str:
        if isinstance(self.arguments, str):
            return self.arguments
        return json.dumps(self.arguments, ensure_ascii=False, sort_keys=True)


class CaseMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["system", "user", "assistant", "tool"]
    content: str | dict[str, Any] | list[Any] = ""  # a tool result may be given as the JSON it is
    tool_calls: list[CaseCall] = Field(default_factory=list)
    tool_call_id: str | None = None


@dataclass(frozen=True)
class _Call:
    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class _Message:
    role: str
    content: str
    tool_calls: tuple[_Call, ...] = ()
    tool_call_id: str | None = None


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    text: str | None = None  # the customer's last message (after `messages`, when both are given)
    messages: list[CaseMessage] = Field(default_factory=list, description="the conversation before the turn")
    turn_index: int = 1
    facts: dict[str, Any] = Field(default_factory=dict)
    output: str = "Thanks for your message. How else can I help?"
    fault: Fault | None = None  # the model or knowledge fault that stands in for `output`
    calls: list[CaseCall] = Field(default_factory=list, description="the calls the model proposes this turn")
    offered: list[str] | None = Field(default=None, description="the tools the request offers (default: all)")
    parallel_tool_calls: bool = True
    expect: Expectation

    @model_validator(mode="after")
    def _has_a_customer_message(self) -> Case:
        if self.text is None and not any(m.role == "user" for m in self.messages):
            raise ValueError("a case has a text or a user message")
        return self

    def conversation(self) -> tuple[_Message, ...]:
        messages = []
        for n, m in enumerate(self.messages):
            content = m.content if isinstance(m.content, str) else json.dumps(m.content, ensure_ascii=False)
            calls = tuple(
                _Call(c.id or f"call_{n}_{i}", c.name, c.json_arguments()) for i, c in enumerate(m.tool_calls)
            )
            messages.append(_Message(m.role, content, calls, m.tool_call_id))
        if self.text is not None:
            messages.append(_Message("user", self.text))
        return tuple(messages)


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    now: datetime
    cases: list[Case]


@dataclass(frozen=True)
class Outcome:
    route: Route
    rules: list[str]
    disclaimers: list[str]
    text: str
    handoff_reason: str | None
    tool_calls: list[dict[str, str | None]] = field(default_factory=list)
    sent_calls: list[str] = field(default_factory=list)
    session: dict[str, Any] = field(default_factory=dict)
    tool_facts: list[str] = field(default_factory=list)


def suite_path_for(bundle_path: Path) -> Path:
    return bundle_path.with_name(bundle_path.name.removesuffix(".yaml") + ".tests.yaml")


def load_suite(path: Path) -> Suite:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Top-level keys starting with "x-" hold YAML anchors (shared facts) for the cases.
    return Suite.model_validate({k: v for k, v in raw.items() if not k.startswith("x-")})


def decide(bundle: CompiledBundle, case: Case, now: datetime) -> Outcome:
    """The policy's part of a turn, with `case.output` (or `case.fault`) and `case.calls` standing in for the
    model."""
    messages = case.conversation()
    established = derive_tool_facts(bundle, exchanges(messages))
    index, text = last_customer_message(messages)
    turn_index = sum(1 for m in messages[:index] if m.role == "user") if case.messages else case.turn_index
    inputs = decision_input(bundle, text, turn_index, case.facts | established.facts, now)
    pre = evaluate_pre(bundle, inputs)
    decisions = ()
    if case.calls and pre.route is Route.MODEL and case.fault is None:
        offered = frozenset(case.offered) if case.offered is not None else None
        context = tool_context(messages, established.session, established.history, offered, case.parallel_tool_calls)
        proposed = tuple(
            ProposedCall(c.id or f"call_{i}", c.name, c.json_arguments()) for i, c in enumerate(case.calls)
        )
        decisions = evaluate_tools(bundle, inputs, proposed, context)
    settled = settle(bundle, inputs, pre, None if case.fault else case.output, case.fault, tools=decisions)
    return Outcome(
        route=settled.route,
        rules=[f.id for f in (*pre.fired, *settled.post.fired)],
        disclaimers=list(settled.post.disclaimers),
        text=settled.sent,
        handoff_reason=settled.handoff.reason if settled.handoff else None,
        tool_calls=[
            {"name": d.call.name, "decision": d.verdict, "rule": d.rule, "reason": d.reason} for d in decisions
        ],  # fmt: skip
        sent_calls=[d.call.name for d in settled.allowed_calls],
        session=established.session,
        tool_facts=sorted(established.facts),
    )


def check(case: Case, outcome: Outcome) -> list[str]:
    """What differs from the expectation; empty when the case passes."""
    expect, problems = case.expect, []
    if outcome.route is not expect.route:
        problems.append(f"route {outcome.route.value}, expected {expect.route.value}")
    if expect.rules is not None and outcome.rules != expect.rules:
        problems.append(f"rules fired {outcome.rules}, expected {expect.rules}")
    if expect.disclaimers is not None and outcome.disclaimers != expect.disclaimers:
        problems.append(f"disclaimers {outcome.disclaimers}, expected {expect.disclaimers}")
    problems += [f"answer lacks {s!r}" for s in expect.contains if s not in outcome.text]
    problems += [f"answer contains {s!r}" for s in expect.not_contains if s in outcome.text]
    if expect.handoff_reason is not None and outcome.handoff_reason != expect.handoff_reason:
        problems.append(f"handoff reason {outcome.handoff_reason}, expected {expect.handoff_reason}")
    if expect.tool_calls is not None:
        if len(expect.tool_calls) != len(outcome.tool_calls):
            problems.append(f"{len(outcome.tool_calls)} call decisions, expected {len(expect.tool_calls)}")
        for wanted, got in zip(expect.tool_calls, outcome.tool_calls, strict=False):
            for key, value in wanted.model_dump(exclude_none=True).items():
                if got[key] != value:
                    problems.append(f"call {got['name']}: {key} {got[key]}, expected {value}")
    if expect.sent_calls is not None and outcome.sent_calls != expect.sent_calls:
        problems.append(f"calls sent {outcome.sent_calls}, expected {expect.sent_calls}")
    for key, value in (expect.session or {}).items():
        if outcome.session.get(key) != value:
            problems.append(f"session.{key} is {outcome.session.get(key)!r}, expected {value!r}")
    if expect.facts is not None and outcome.tool_facts != sorted(expect.facts):
        problems.append(f"facts from tools {outcome.tool_facts}, expected {sorted(expect.facts)}")
    return problems
