"""Probe suites for `interlock eval`: cases with expectations, and the release gates.

YAML (`suite`, `gates`, `cases`) or JSONL (one case per line; a first line holding `suite`/`gates` is the header).
Cases accept OpenAI `messages` or Alpaca fields (`instruction` + `input` become the user message; `output` is kept
as the reference answer).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from interlock.policies.routes import Route

# Metrics, and whether a higher value is better (None: neither; such a metric can only be bounded).
METRICS: dict[str, bool | None] = {
    "route_accuracy": True,
    "rule_accuracy": True,
    "refusal_rate": None,
    "over_refusal_rate": False,
    "handoff_rate": None,
    "violation_rate": False,
    "paraphrase_consistency": True,
    "latency_p50_ms": False,
    "tool_accuracy": True,  # cases whose tool expectations all hold
    "unsafe_tool_call_rate": False,  # cases where a call the case forbids reached the client
}
Metric = Literal[
    "route_accuracy", "rule_accuracy", "refusal_rate", "over_refusal_rate", "handoff_rate", "violation_rate",
    "paraphrase_consistency", "latency_p50_ms", "tool_accuracy", "unsafe_tool_call_rate",
]  # fmt: skip


class SuiteError(Exception):
    """The suite file cannot be read or is invalid."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ToolDecision(_Strict):
    name: str
    decision: Literal["allow", "deny", "require_approval", "confirm"]


class ProposedCall(_Strict):
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Expect(_Strict):
    route: Route | None = None
    rules: list[str] | None = Field(default=None, description="rule ids that must fire (others may too)")
    must_contain: list[str] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list)
    disclaimers: list[str] | None = None
    handoff: bool | None = None
    tool_decisions: list[ToolDecision] | None = Field(default=None, description="a decision per proposed call")
    sent_calls: list[str] | None = Field(default=None, description="the calls (tool names) that reach the client")
    never_sent: list[str] = Field(default_factory=list, description="tools whose calls must not reach the client")


class ToolCallIn(_Strict):
    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Message(_Strict):
    role: Literal["system", "user", "assistant", "tool"]
    content: str | dict[str, Any] = ""  # a tool result may be written as the JSON it is
    tool_calls: list[ToolCallIn] = Field(default_factory=list)
    tool_call_id: str | None = None

    def text(self) -> str:
        return self.content if isinstance(self.content, str) else json.dumps(self.content, ensure_ascii=False)


class Case(_Strict):
    id: str
    tenant: str | None = None
    bot: str | None = None
    messages: list[Message] | None = None
    instruction: str | None = None
    input: str = ""
    output: str | None = Field(default=None, description="Alpaca reference answer (informational)")
    metadata: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    group: str | None = Field(default=None, description="paraphrase group: every case in it should decide alike")
    tools: list[str] | None = Field(default=None, description="the bundle's tools the request offers (all: [\"*\"])")
    proposed_calls: list[ProposedCall] = Field(
        default_factory=list, description="--policy-only: the calls the stand-in model proposes (the real one "
        "proposes its own)")  # fmt: skip
    expect: Expect = Expect()

    @field_validator("messages", mode="before")
    @classmethod
    def _flattened(cls, messages: Any) -> Any:
        """A conversation written with YAML anchors may nest lists of messages: read them in order."""
        if not isinstance(messages, list):
            return messages
        flat: list = []
        for item in messages:
            flat.extend(cls._flattened(item) if isinstance(item, list) else [item])
        return flat

    @model_validator(mode="after")
    def _has_a_turn(self) -> Case:
        if not self.messages and not self.instruction:
            raise ValueError("a case needs messages or an Alpaca instruction")
        if self.messages and self.messages[-1].role not in ("user", "tool"):
            raise ValueError("the last message must be the user's or a tool's result")
        return self

    def turn_messages(self) -> list[Message]:
        if self.messages:
            return list(self.messages)
        text = self.instruction + (f"\n\n{self.input}" if self.input else "")
        return [Message(role="user", content=text)]


class Gate(_Strict):
    metric: Metric
    tag: str = "all"
    min: float | None = None
    max: float | None = None
    must_not_regress: bool = False
    must_improve: bool = False
    tolerance: float = Field(default=0.0, ge=0)

    @model_validator(mode="after")
    def _has_a_direction(self) -> Gate:
        if (self.must_improve or self.must_not_regress) and METRICS[self.metric] is None:
            raise ValueError(f"{self.metric} has no better direction; bound it with min/max instead")
        if self.min is None and self.max is None and not (self.must_improve or self.must_not_regress):
            raise ValueError("a gate needs min, max, must_not_regress or must_improve")
        return self


class SuiteHeader(_Strict):
    name: str
    tenant: str
    bot: str
    now: datetime = Field(default=datetime(2026, 11, 23, 12, tzinfo=UTC), description="the clock every turn sees")


class Suite(_Strict):
    suite: SuiteHeader
    gates: list[Gate] = Field(default_factory=list)
    cases: list[Case] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Suite:
        ids = [c.id for c in self.cases]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate case ids: {', '.join(duplicates)}")
        return self


def load_suite(path: Path) -> Suite:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
            header = rows.pop(0) if rows and "suite" in rows[0] else {}
            raw = {**header, "cases": rows}
        else:
            raw = yaml.safe_load(text)
            # Top-level keys starting with "x-" hold YAML anchors (shared conversations) for the cases.
            raw = {k: v for k, v in raw.items() if not k.startswith("x-")} if isinstance(raw, dict) else raw
        return Suite.model_validate(raw)
    except (OSError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise SuiteError(f"{path}: cannot read suite: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        raise SuiteError(f"{path}: {problems}") from exc
