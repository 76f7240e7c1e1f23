"""How a turn ends: one pure function from the pre decision, the candidate answer, any fault and the post-policy.

The pipeline (whole and streamed), `policy test`, `eval` and `replay` all end a turn here; none of them derives a
route or a handoff by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from interlock.policies.engine import Handoff, PolicyInput, PostDecision, PreDecision, evaluate_post
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route
from interlock.policies.templates import TemplateError, render
from interlock.policies.tools import CallDecision

# Why a turn that the pre-policy sent to the model or to knowledge got no answer to judge.
Fault = Literal[
    "model_timeout",  # the backend did not answer before its deadline
    "model_error",  # the backend raised, or returned something that is not an answer
    "model_overloaded",  # a stream had begun when the generation queue turned it away
    "empty_model_output",  # the model answered nothing
    "knowledge_unavailable",  # the tenant has no index loaded
    "no_evidence",  # nothing relevant (or nothing in effect) was retrieved
    "conflicting_evidence",  # the evidence disagrees and no precedence resolves it
    "ungrounded_answer",  # the answer states values the evidence does not, after any regeneration
]
FAULT_PRIORITY = "high"

# What decided the end: the pre-policy's own answer, a fault, a post-stage block, the tool stage (a call that
# needs a human's approval, one the customer must confirm first, or only denied calls), or the candidate as judged.
EndedBy = Literal["pre", "fault", "post_block", "tool_approval", "tool_confirm", "tool_deny", "candidate"]


@dataclass(frozen=True)
class Outcome:
    """How the turn ended: its route and handoff, the answer the post-policy judged, its verdict, what is sent."""

    route: Route
    handoff: Handoff | None
    candidate: str
    post: PostDecision
    ended_by: EndedBy
    tool_calls: tuple[CallDecision, ...] = ()  # every proposed call with its decision

    @property
    def sent(self) -> str:
        return self.post.text

    @property
    def allowed_calls(self) -> tuple[CallDecision, ...]:
        """The calls that go back to the client: only when the turn ended with the candidate."""
        return tuple(d for d in self.tool_calls if d.verdict == "allow") if self.ended_by == "candidate" else ()

    @property
    def pending_call(self) -> CallDecision | None:
        """The call waiting for a human's approval, when that is how the turn ended."""
        if self.ended_by != "tool_approval":
            return None
        return next(d for d in self.tool_calls if d.verdict == "require_approval")


def settle(
    bundle: CompiledBundle,
    inputs: PolicyInput,
    pre: PreDecision,
    candidate: str | None = None,
    fault: Fault | None = None,
    judged: PostDecision | None = None,
    tools: tuple[CallDecision, ...] = (),
) -> Outcome:
    """End the turn. Precedence, first match wins:

    1. The pre-policy answered (`rule`, `refuse`, `handoff`): its answer is the candidate; a candidate or fault
       given for it is ignored, since no model was asked.
    2. A fault (the model or knowledge route got no answer): hand off for the fault, priority high; the bundle's
       handoff template is the candidate.
    3. The post-policy blocks the candidate: hand off with the block's reason; its template is sent.
    4. Otherwise the pre route stands, and the candidate as the post-policy passed it (redacted, disclaimers) is
       sent.

    With proposed tool calls (`tools`, one decision each, from policies/tools.py), between 3 and 4:

    3a. A call needs approval: hand off with the rule's reason and priority (the pending call goes in the
        handoff payload); no call goes back.
    3b. A write call awaits the customer's confirmation: the bundle's confirm template asks for it, listing the
        details of every action of the turn that needs a yes; no call goes back.
    3c. Every call was denied and the model said nothing else: the first deny rule's template answers (or the
        bundle's `tools.deny_template`; without one, hand off with reason `tool_denied`).
    4 then sends the allowed calls with the candidate text; denied ones never reach the client.

    `judged` is a post decision already made on the candidate (a stream judges as it releases text); when absent,
    the post-policy is evaluated here. A model or knowledge route with neither candidate nor fault is a caller
    error.
    """
    handoff_template = bundle.spec.templates[bundle.spec.handoff.template]
    if pre.route in (Route.RULE, Route.REFUSE, Route.HANDOFF):
        answer = pre.answer if pre.answer is not None else handoff_template
        post = evaluate_post(bundle, inputs, pre, answer)
        if post.blocked:
            return Outcome(Route.HANDOFF, post.handoff, answer, post, "post_block")
        return Outcome(pre.route, pre.handoff, answer, post, "pre")
    if fault is not None:
        post = evaluate_post(bundle, inputs, pre, handoff_template)
        return Outcome(Route.HANDOFF, Handoff(fault, FAULT_PRIORITY), handoff_template, post, "fault")
    if candidate is None:
        raise ValueError(f"a {pre.route.value} turn ends with a candidate answer or a fault")
    post = judged if judged is not None else evaluate_post(bundle, inputs, pre, candidate)
    if post.blocked:
        return Outcome(Route.HANDOFF, post.handoff, candidate, post, "post_block", tools)
    if tools:
        ended = _tool_end(bundle, inputs, pre, candidate, tools, handoff_template)
        if ended is not None:
            return ended
    return Outcome(pre.route, pre.handoff, candidate, post, "candidate", tools)


def _call_context(inputs: PolicyInput, decision: CallDecision) -> dict[str, Any]:
    args = decision.args or {}
    summary = ", ".join(f"{key.replace('_', ' ')}: {_shown(args[key])}" for key in sorted(args))
    call = {"id": decision.call.id, "name": decision.call.name, "args": args,
            "summary": f"{decision.call.name.replace('_', ' ')} ({summary})" if summary else decision.call.name}
    return {"facts": inputs.facts, "signals": inputs.signals, "turn": inputs.turn, "call": call}  # fmt: skip


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(value[k])}" for k in sorted(value))
    return str(value)


def _tool_end(bundle: CompiledBundle, inputs: PolicyInput, pre: PreDecision, candidate: str,
              tools: tuple[CallDecision, ...], handoff_template: str) -> Outcome | None:  # fmt: skip
    """How the tool stage ends the turn (3a-3c), or None when the candidate and its allowed calls go out."""
    spec = bundle.spec.tools
    approval = next((d for d in tools if d.verdict == "require_approval"), None)
    if approval is not None:
        post = evaluate_post(bundle, inputs, pre, handoff_template)
        return Outcome(Route.HANDOFF, Handoff(approval.reason, approval.priority), handoff_template, post,
                       "tool_approval", tools)  # fmt: skip
    if any(d.verdict == "confirm" for d in tools):
        # One question lists every action of the turn that needs a yes, those just confirmed too: a yes to it
        # confirms them all next turn (asking about one at a time would never send any).
        asked = [d for d in tools if d.verdict == "confirm" or d.reason == "confirmed"]
        context = _call_context(inputs, asked[0])
        context["call"]["summary"] = "; ".join(_call_context(inputs, d)["call"]["summary"] for d in asked)
        template_id = spec.confirm_template
        if template_id is None:
            text = f"Before I go ahead, please confirm: {context['call']['summary']}. Reply yes to confirm."
        else:
            text = _rendered(bundle, template_id, context, handoff_template)
        return _answered(bundle, inputs, pre, text, Route.RULE, "tool_confirm", tools)
    if any(d.verdict == "allow" for d in tools) or candidate.strip():
        return None
    # The first deny rule's template answers, filled with that rule's call.
    denied = next((d for d in tools if d.template), tools[0])
    template_id = denied.template or spec.deny_template
    if template_id is None:
        post = evaluate_post(bundle, inputs, pre, handoff_template)
        return Outcome(Route.HANDOFF, Handoff("tool_denied", "normal"), handoff_template, post, "tool_deny", tools)
    text = _rendered(bundle, template_id, _call_context(inputs, denied), handoff_template)
    return _answered(bundle, inputs, pre, text, Route.REFUSE, "tool_deny", tools)


def _rendered(bundle: CompiledBundle, template_id: str, context: dict[str, Any], fallback: str) -> str:
    try:
        return render(bundle.spec.templates[template_id], context)
    except TemplateError:
        return fallback


def _answered(bundle: CompiledBundle, inputs: PolicyInput, pre: PreDecision, text: str, route: Route,
              ended_by: EndedBy, tools: tuple[CallDecision, ...]) -> Outcome:  # fmt: skip
    post = evaluate_post(bundle, inputs, pre, text)
    if post.blocked:
        return Outcome(Route.HANDOFF, post.handoff, text, post, "post_block", tools)
    return Outcome(route, None, text, post, ended_by, tools)
