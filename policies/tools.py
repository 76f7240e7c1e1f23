"""The tool stage: a decision for every call the model proposed, from facts. Pure.

Each call is judged on its own, in this order (first match wins):

0. `malformed_call`: the model wrote a call block that is not a call (no name; kept in the record as written).
1. `undeclared_tool`: the bundle's catalog does not have it.
2. `not_offered`: the request did not offer it (`tool_choice` names another, or is `none`).
3. `parallel_calls_off`: `parallel_tool_calls: false` and an earlier call of the turn was kept.
4. `invalid_arguments`: the arguments are not a JSON object satisfying the tool's declared schema.
5. A person's decision on exactly this call (it waited for approval): `approved_by_human` or `rejected_by_human`.
6. The tool rules that judge it, in priority then id order, reading `call`, `facts`, `signals`, `session`,
   `history`, `turn` and `now`: the first that holds decides `allow`, `deny` or `require_approval`.
7. No rule held: a `read` tool is allowed (`read_allowed`), a `write` tool is denied (`no_rule_allows`).

An allowed `write` tool that asks for confirmation passes only when the assistant's previous message listed its
arguments and the customer's reply is an unqualified yes (policies/confirmation.py); otherwise it becomes a
`confirm` decision, and the turn asks the customer instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

import cel

from interlock.policies.confirmation import details_listed, is_confirmation
from interlock.policies.engine import PolicyInput, rule_context, walk_rules
from interlock.policies.loader import CompiledBundle

Verdict = Literal["allow", "deny", "require_approval", "confirm"]


@dataclass(frozen=True)
class ProposedCall:
    """A call the model proposed: the id Interlock gave it, the function and its arguments as JSON text."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class ToolContext:
    """What the tool stage reads besides the bundle, the turn's policy input and the calls."""

    session: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    offered: frozenset[str] | None = None  # None: every declared tool
    parallel: bool = True
    previous_assistant: str | None = None  # the assistant's message before the customer's last one
    customer_reply: str = ""
    # What people decided on calls that waited for approval: call signature (`call_signature`) -> "approved" or
    # "rejected", from their audited records.
    approvals: dict[str, str] = field(default_factory=dict)


def call_signature(name: str, args: dict[str, Any]) -> str:
    """One call as a human approved it: the tool and its arguments, canonical."""
    return name + ":" + json.dumps(args, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class CallDecision:
    call: ProposedCall
    args: dict[str, Any] | None  # None when the arguments are not a JSON object
    verdict: Verdict
    rule: str | None  # the tool rule that decided; None for the stage's own defaults
    reason: str  # a code: the rule's reason, or the default's name (`undeclared_tool`, `read_allowed`, ...)
    why: str
    priority: str = "normal"
    template: str | None = None  # a deny rule's template id
    errors: tuple[str, ...] = ()


def _arguments(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _judge(bundle: CompiledBundle, variables: dict[str, Any], rules: cel.Context, call: ProposedCall,
           context: ToolContext, kept_before: bool) -> CallDecision:  # fmt: skip
    if not call.name:
        return CallDecision(call, None, "deny", None, "malformed_call", "the model wrote a call that is not one")
    tool = bundle.tools.get(call.name)
    if tool is None:
        return CallDecision(call, _arguments(call.arguments), "deny", None, "undeclared_tool",
                            f"{call.name!r} is not in the bundle's tool catalog")  # fmt: skip
    if context.offered is not None and call.name not in context.offered:
        return CallDecision(call, _arguments(call.arguments), "deny", None, "not_offered",
                            f"the request did not offer {call.name!r}")  # fmt: skip
    if kept_before and not context.parallel:
        return CallDecision(call, _arguments(call.arguments), "deny", None, "parallel_calls_off",
                            "parallel_tool_calls is false and an earlier call of this turn was kept")  # fmt: skip
    args = _arguments(call.arguments)
    if args is None:
        return CallDecision(call, None, "deny", None, "invalid_arguments", "the arguments are not a JSON object")
    if not tool.arguments.is_valid(args):
        error = next(iter(tool.arguments.iter_errors(args)))
        where = "/".join(str(p) for p in error.instance_path) or "arguments"
        return CallDecision(call, args, "deny", None, "invalid_arguments", f"{where}: {error.message}")
    human = context.approvals.get(call_signature(call.name, args))
    if human == "approved":  # a person approved exactly this call: it passes, whatever rule asked for approval
        return CallDecision(call, args, "allow", None, "approved_by_human", "a person approved this call")
    if human == "rejected":
        return CallDecision(call, args, "deny", None, "rejected_by_human", "a person rejected this call")
    rules.add_variable("call", {"id": call.id, "name": call.name, "args": args})
    walk = walk_rules(tool.rules, variables, bundle.tool_reads, rules)
    errors = tuple(walk.errors)
    if walk.winner is None:
        if tool.side_effect == "read":
            return CallDecision(call, args, "allow", None, "read_allowed", "a read tool no rule denies",
                                errors=errors)  # fmt: skip
        return CallDecision(call, args, "deny", None, "no_rule_allows", "a write tool no rule allows", errors=errors)
    rule = walk.winner.rule
    why = rule.description or rule.when
    if rule.action.type == "deny":
        return CallDecision(call, args, "deny", rule.id, rule.action.reason or "denied", why,
                            template=rule.action.template, errors=errors)  # fmt: skip
    if rule.action.type == "require_approval":
        return CallDecision(call, args, "require_approval", rule.id, rule.action.reason or "approval_required",
                            why, rule.action.priority, errors=errors)  # fmt: skip
    if tool.confirm:
        spec = bundle.spec.tools
        listed = details_listed(context.previous_assistant, args)
        if not (listed and is_confirmation(context.customer_reply, spec.confirm_words, spec.decline_words)):
            missing = "the details were not listed before" if not listed else "the reply is not a clear yes"
            return CallDecision(call, args, "confirm", rule.id, "awaiting_confirmation", f"{why}; {missing}",
                                errors=errors)  # fmt: skip
        return CallDecision(call, args, "allow", rule.id, "confirmed", f"{why}; confirmed by the customer",
                            errors=errors)  # fmt: skip
    return CallDecision(call, args, "allow", rule.id, "allowed", why, errors=errors)


def evaluate_tools(
    bundle: CompiledBundle, inputs: PolicyInput, calls: tuple[ProposedCall, ...], context: ToolContext
) -> tuple[CallDecision, ...]:
    """A decision for each proposed call, in the order proposed."""
    decisions: list[CallDecision] = []
    variables = {"signals": inputs.signals, "turn": inputs.turn, "facts": inputs.facts, "now": inputs.now,
                 "session": context.session, "history": context.history}  # fmt: skip
    # One CEL context for the turn (making one costs more than judging a call); each call sets `call` in it.
    rules = rule_context(variables, bundle.tool_reads)
    for call in calls:
        kept_before = any(d.verdict != "deny" for d in decisions)
        decisions.append(_judge(bundle, variables, rules, call, context, kept_before))
    return tuple(decisions)
