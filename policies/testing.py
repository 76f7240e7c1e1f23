"""Table tests for a bundle (`interlock policy test`): `<bundle>.tests.yaml` beside the bundle.

Each case is a turn (text, turn index, facts, and the model output the post stage should judge) and the
decision it must get: route, the rule ids fired in order, disclaimers, text the answer must (not) contain,
handoff reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from interlock.policies.engine import decision_input, evaluate_pre
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route
from interlock.policies.settle import Fault, settle


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    route: Route
    rules: list[str] | None = None
    disclaimers: list[str] | None = None
    contains: list[str] = Field(default_factory=list)
    not_contains: list[str] = Field(default_factory=list)
    handoff_reason: str | None = None


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    text: str
    turn_index: int = 1
    facts: dict[str, Any] = Field(default_factory=dict)
    output: str = "Thanks for your message. How else can I help?"
    fault: Fault | None = None  # the model or knowledge fault that stands in for `output`
    expect: Expectation


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


def suite_path_for(bundle_path: Path) -> Path:
    return bundle_path.with_name(bundle_path.name.removesuffix(".yaml") + ".tests.yaml")


def load_suite(path: Path) -> Suite:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Top-level keys starting with "x-" hold YAML anchors (shared facts) for the cases.
    return Suite.model_validate({k: v for k, v in raw.items() if not k.startswith("x-")})


def decide(bundle: CompiledBundle, case: Case, now: datetime) -> Outcome:
    """The policy's part of a turn, with `case.output` (or `case.fault`) standing in for the model."""
    inputs = decision_input(bundle, case.text, case.turn_index, case.facts, now)
    pre = evaluate_pre(bundle, inputs)
    settled = settle(bundle, inputs, pre, None if case.fault else case.output, case.fault)
    return Outcome(
        route=settled.route,
        rules=[f.id for f in (*pre.fired, *settled.post.fired)],
        disclaimers=list(settled.post.disclaimers),
        text=settled.sent,
        handoff_reason=settled.handoff.reason if settled.handoff else None,
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
    return problems
