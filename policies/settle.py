"""How a turn ends: one pure function from the pre decision, the candidate answer, any fault and the post-policy.

The pipeline (whole and streamed), `policy test`, `eval` and `replay` all end a turn here; none of them derives a
route or a handoff by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interlock.policies.engine import Handoff, PolicyInput, PostDecision, PreDecision, evaluate_post
from interlock.policies.loader import CompiledBundle
from interlock.policies.routes import Route

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

# What decided the end: the pre-policy's own answer, a fault, a post-stage block, or the candidate as judged.
EndedBy = Literal["pre", "fault", "post_block", "candidate"]


@dataclass(frozen=True)
class Outcome:
    """How the turn ended: its route and handoff, the answer the post-policy judged, its verdict, what is sent."""

    route: Route
    handoff: Handoff | None
    candidate: str
    post: PostDecision
    ended_by: EndedBy

    @property
    def sent(self) -> str:
        return self.post.text


def settle(
    bundle: CompiledBundle,
    inputs: PolicyInput,
    pre: PreDecision,
    candidate: str | None = None,
    fault: Fault | None = None,
    judged: PostDecision | None = None,
) -> Outcome:
    """End the turn. Precedence, first match wins:

    1. The pre-policy answered (`rule`, `refuse`, `handoff`): its answer is the candidate; a candidate or fault
       given for it is ignored, since no model was asked.
    2. A fault (the model or knowledge route got no answer): hand off for the fault, priority high; the bundle's
       handoff template is the candidate.
    3. The post-policy blocks the candidate: hand off with the block's reason; its template is sent.
    4. Otherwise the pre route stands, and the candidate as the post-policy passed it (redacted, disclaimers) is
       sent.

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
        return Outcome(Route.HANDOFF, post.handoff, candidate, post, "post_block")
    return Outcome(pre.route, pre.handoff, candidate, post, "candidate")
