"""Canary releases: which conversations a promoted version answers, and when it widens or is rolled back.

Pure: the catalog keeps a `Canary` per adapter and asks `judge` after every observed turn. A conversation is in
the canary when the hash of its sticky key (the chat session, `user`) falls below the step's percentage, so it
stays on one version for the whole step and a wider step keeps every conversation the narrower one had. The
canary is judged against the stable version over the current step: once it has seen `min_turns` turns, a rate
(post-stage blocks, handoffs, grounding violations, timeouts) above the stable one's by more than its bound rolls
it back; a step that held for `hold_s` without crossing one widens to the next; after the last step it serves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

Outcome = Literal["post_block", "handoff", "grounding_violation", "timeout"]
OUTCOMES: tuple[Outcome, ...] = ("post_block", "handoff", "grounding_violation", "timeout")
Action = Literal["hold", "widen", "serve", "roll_back"]
_BUCKETS = 10_000


@dataclass(frozen=True)
class CanaryPlan:
    steps: tuple[float, ...]  # percent of conversations per step, rising; after the last the version serves all
    hold_s: float  # how long a step must hold before it widens
    min_turns: int  # canary turns in a step before it is judged at all
    max_increase: Mapping[str, float]  # outcome -> how far the canary's rate may exceed the stable one's


@dataclass(frozen=True)
class Tally:
    turns: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)

    def add(self, outcomes: frozenset[str]) -> Tally:
        counts = dict(self.counts)
        for outcome in outcomes:
            counts[outcome] = counts.get(outcome, 0) + 1
        return Tally(self.turns + 1, counts)

    def rate(self, outcome: str) -> float:
        return self.counts.get(outcome, 0) / self.turns if self.turns else 0.0


@dataclass(frozen=True)
class Canary:
    version: str
    stable: str | None
    plan: CanaryPlan
    step: int
    step_started: float
    canary: Tally = Tally()
    baseline: Tally = Tally()

    @property
    def percent(self) -> float:
        return self.plan.steps[self.step]

    def observed(self, version: str | None, outcomes: frozenset[str]) -> Canary:
        if version == self.version:
            return replace(self, canary=self.canary.add(outcomes))
        if version == self.stable:
            return replace(self, baseline=self.baseline.add(outcomes))
        return self

    def widened(self, now: float) -> Canary:
        return replace(self, step=self.step + 1, step_started=now, canary=Tally(), baseline=Tally())

    def rates(self) -> dict[str, dict[str, float | int]]:
        return {
            "canary": {"turns": self.canary.turns} | {o: round(self.canary.rate(o), 4) for o in OUTCOMES},
            "stable": {"turns": self.baseline.turns} | {o: round(self.baseline.rate(o), 4) for o in OUTCOMES},
        }


def in_canary(sticky_key: str, percent: float) -> bool:
    """Whether the conversation with this key is in a canary of `percent` (the same answer for the same key)."""
    bucket = int.from_bytes(hashlib.sha256(sticky_key.encode()).digest()[:4], "big") % _BUCKETS
    return bucket < percent * _BUCKETS / 100


def judge(canary: Canary, now: float) -> tuple[Action, str]:
    """What to do with the canary now, and why. Order: too few turns holds; a crossed bound rolls back; a step
    that has held long enough widens (or, the last one, serves); otherwise hold."""
    plan = canary.plan
    if canary.canary.turns < plan.min_turns:
        return "hold", f"{canary.canary.turns} of {plan.min_turns} canary turns this step"
    for outcome in OUTCOMES:
        bound = plan.max_increase.get(outcome)
        if bound is None:
            continue
        mine, theirs = canary.canary.rate(outcome), canary.baseline.rate(outcome)
        if mine - theirs > bound:
            return "roll_back", (
                f"{outcome} rate {mine:.3f} on the canary vs {theirs:.3f} on stable over {canary.canary.turns} "
                f"and {canary.baseline.turns} turns: +{mine - theirs:.3f} exceeds the bound {bound}"
            )
    if now - canary.step_started < plan.hold_s:
        return "hold", f"step {canary.step + 1} at {canary.percent}% holds until {plan.hold_s}s have passed"
    if canary.step + 1 < len(plan.steps):
        return "widen", f"step {canary.step + 1} held within bounds; widening to {plan.steps[canary.step + 1]}%"
    return "serve", f"last step ({canary.percent}%) held within bounds"
