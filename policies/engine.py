"""The policy engine: pure functions from (bundle, signals, turn, facts, clock value) to a decision.

Order is fixed: priority, then id. The first terminal action wins and later terminal rules are not evaluated;
non-terminal actions (disclaimers, redaction) accumulate. A condition that cannot be evaluated (a missing fact,
a type error) follows the rule's `on_error`; it never raises out of the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import cel

from interlock.policies.loader import CompiledBundle, CompiledRule
from interlock.policies.routes import Route
from interlock.policies.schema import TERMINAL_ACTIONS
from interlock.policies.signals import extract_signals
from interlock.policies.templates import TemplateError, render
from interlock.text.pii import PiiSpan, redact

_ROUTES = {
    "answer_by_rule": Route.RULE,
    "refuse": Route.REFUSE,
    "handoff": Route.HANDOFF,
    "route_rag": Route.RAG,
    "route_model": Route.MODEL,
}


@dataclass(frozen=True)
class PolicyInput:
    turn: dict[str, Any]
    signals: dict[str, Any]
    facts: dict[str, Any]
    now: datetime


def decision_input(bundle: CompiledBundle, text: str, turn_index: int, facts: dict[str, Any], now: datetime,
                   bot: str = "", tenant: str = "") -> PolicyInput:  # fmt: skip
    """What the policy sees of a turn: the signals of the customer's last message, the turn, the facts, the clock."""
    signals = extract_signals(text, bundle.matcher, bundle.order_id, bundle.models)
    # Earlier messages are read by the pipeline (`earlier_injections`), which fills these in.
    signals |= {"history_injection": [], "findings": signals["findings"] | {"history_injection": []}}
    turn = {"text": text, "normalized": signals["normalized"], "index": turn_index, "bot": bot, "tenant": tenant}
    return PolicyInput(turn=turn, signals=signals, facts=facts, now=now)


@dataclass(frozen=True)
class FiredRule:
    id: str
    stage: str
    action: str
    description: str


@dataclass(frozen=True)
class Handoff:
    reason: str
    priority: str


@dataclass(frozen=True)
class PreDecision:
    route: Route
    answer: str | None
    handoff: Handoff | None
    disclaimers: tuple[str, ...]
    fired: tuple[FiredRule, ...]
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostDecision:
    text: str  # what the customer may see: body, then the disclaimers
    blocked: bool
    handoff: Handoff | None
    disclaimers: tuple[str, ...]
    fired: tuple[FiredRule, ...]
    errors: tuple[str, ...] = ()
    body: str = ""  # the answer after blocking and redaction, before the disclaimers


@dataclass
class RuleWalk:
    winner: CompiledRule | None = None
    accumulated: list[CompiledRule] = field(default_factory=list)
    fired: list[FiredRule] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _holds(compiled: CompiledRule, context: cel.Context, walk: RuleWalk) -> bool:
    try:
        result = compiled.program.execute(context)
    except Exception as exc:  # noqa: BLE001 - CEL raises KeyError, TypeError, ValueError, ...; none may escape
        walk.errors.append(f"{compiled.rule.id}: {type(exc).__name__}: {exc}")
        return compiled.rule.on_error == "fire"
    if not isinstance(result, bool):
        walk.errors.append(f"{compiled.rule.id}: condition gave {type(result).__name__}, not bool")
        return compiled.rule.on_error == "fire"
    return result


def _readable(variables: dict[str, Any], reads: dict[str, frozenset[str] | None]) -> dict[str, Any]:
    """Only what the stage's rules read: converting values for CEL costs about a microsecond each."""
    kept = {}
    for name, keys in reads.items():
        if name not in variables:
            continue
        value = variables[name]
        kept[name] = value if keys is None or not isinstance(value, dict) else {k: value[k] for k in keys if k in value}
    return kept


def rule_context(variables: dict[str, Any], reads: dict[str, frozenset[str] | None]) -> cel.Context:
    """The CEL context of a stage's rules: only what they read of `variables`."""
    return cel.Context(variables=_readable(variables, reads))


def walk_rules(
    rules: tuple[CompiledRule, ...],
    variables: dict[str, Any],
    reads: dict[str, frozenset[str] | None],
    context: cel.Context | None = None,
) -> RuleWalk:
    """Run `rules` in order over `variables` (or a `context` already made of them): the first terminal rule that
    holds wins, non-terminal ones gather."""
    context = context if context is not None else rule_context(variables, reads)
    intents = frozenset(variables["signals"]["intents"])
    walk = RuleWalk()
    for compiled in rules:
        terminal = compiled.rule.action.type in TERMINAL_ACTIONS
        if terminal and walk.winner is not None:
            continue
        if compiled.required_intent is not None and compiled.required_intent not in intents:
            continue
        if not _holds(compiled, context, walk):
            continue
        rule = compiled.rule
        walk.fired.append(FiredRule(rule.id, rule.stage, rule.action.type, rule.description or rule.when))
        if terminal:
            walk.winner = compiled
        else:
            walk.accumulated.append(compiled)
    return walk


def _template_context(inputs: PolicyInput) -> dict[str, Any]:
    return {"facts": inputs.facts, "signals": inputs.signals, "turn": inputs.turn}


def _disclaimer_ids(rules: list[CompiledRule]) -> tuple[str, ...]:
    ids: list[str] = []
    for compiled in rules:
        disclaimer = compiled.rule.action.disclaimer
        if compiled.rule.action.type == "append_disclaimer" and disclaimer not in ids:
            ids.append(disclaimer)
    return tuple(ids)


def _variables(inputs: PolicyInput) -> dict[str, Any]:
    return {"signals": inputs.signals, "turn": inputs.turn, "facts": inputs.facts, "now": inputs.now}


def _render(bundle: CompiledBundle, template: str, inputs: PolicyInput, walk: RuleWalk, rule_id: str) -> str | None:
    try:
        return render(bundle.spec.templates[template], _template_context(inputs))
    except TemplateError as exc:
        walk.errors.append(f"{rule_id}: template {template}: {exc}")
        return None


def evaluate_pre(bundle: CompiledBundle, inputs: PolicyInput) -> PreDecision:
    walk = walk_rules(bundle.pre, _variables(inputs), bundle.pre_reads)
    disclaimers = _disclaimer_ids(walk.accumulated)
    winner = walk.winner
    if winner is None:
        route = Route.RAG if bundle.spec.default_route == "rag" else Route.MODEL
        return PreDecision(route, None, None, disclaimers, tuple(walk.fired), tuple(walk.errors))
    action = winner.rule.action
    route = _ROUTES[action.type]
    handoff = Handoff(action.reason, action.priority) if route is Route.HANDOFF else None
    template = action.template or (bundle.spec.handoff.template if route is Route.HANDOFF else None)
    answer = _render(bundle, template, inputs, walk, winner.rule.id) if template else None
    if template and answer is None:
        # The rule fired but cannot say its answer (a fact it needs is missing): fail closed to a human.
        route, handoff = Route.HANDOFF, Handoff("template_error", "high")
        answer = bundle.spec.templates[bundle.spec.handoff.template]
    return PreDecision(route, answer, handoff, disclaimers, tuple(walk.fired), tuple(walk.errors))


def _redaction_types(rules: list[CompiledRule]) -> frozenset[str] | None:
    """Union of the PII types the fired redact rules name; None means every type."""
    types: set[str] = set()
    for compiled in rules:
        action = compiled.rule.action
        if action.type == "redact":
            if action.pii_types is None:
                return None
            types.update(action.pii_types)
    return frozenset(types)


def evaluate_post(bundle: CompiledBundle, inputs: PolicyInput, pre: PreDecision, output: str) -> PostDecision:
    """Check a candidate answer (model output or a rule's template); return the text the customer may see."""
    output_signals = extract_signals(output, bundle.matcher, bundle.order_id, bundle.models.for_answers())
    variables = _variables(inputs) | {
        "output": output_signals | {"text": output},
        "pre": {
            "route": pre.route.value,
            "rules_fired": [f.id for f in pre.fired],
            "disclaimers": list(pre.disclaimers),
        },
    }
    walk = walk_rules(bundle.post, variables, bundle.post_reads)
    text, blocked, handoff = output, False, pre.handoff
    if walk.winner is not None:
        action = walk.winner.rule.action
        blocked, handoff = True, Handoff(action.reason, action.priority)
        text = _render(bundle, action.template, inputs, walk, walk.winner.rule.id)
        if text is None:
            text = bundle.spec.templates[bundle.spec.handoff.template]
    else:
        types = _redaction_types(walk.accumulated)
        if types is None or types:
            spans = tuple(PiiSpan(p["start"], p["end"], p["type"]) for p in output_signals["pii"])
            text = redact(text, spans, types)
    disclaimers = list(pre.disclaimers)
    for disclaimer in _disclaimer_ids(walk.accumulated):
        if disclaimer not in disclaimers:
            disclaimers.append(disclaimer)
    final = "\n\n".join(part for part in [text, *(bundle.spec.disclaimers[d] for d in disclaimers)] if part)
    return PostDecision(final, blocked, handoff, tuple(disclaimers), tuple(walk.fired), tuple(walk.errors), text)
