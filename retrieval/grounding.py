"""Post-generation grounding: an answer may only state typed values that the kept evidence states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interlock.retrieval.conflicts import Evidence
from interlock.retrieval.values import extract_values

# Dates are left out: answers legitimately say "today" or restate the customer's own dates.
CHECKED_KINDS = frozenset({"duration", "money", "percent", "phone", "email", "url"})


@dataclass(frozen=True)
class Violation:
    kind: str
    value: str
    raw: str
    reason: Literal["forbidden", "not_in_evidence", "missing_evidence_value"]


def ungrounded_values(answer: str, evidence: Evidence, require_evidence_value: bool = False) -> tuple[Violation, ...]:
    """Values the answer states that the kept evidence does not; and, if required, a missing answer value."""
    allowed = {(v.kind, v.value) for chunk in evidence.kept for v in chunk.values}
    forbidden = set(evidence.forbidden)
    stated = extract_values(answer, "")
    violations = []
    if require_evidence_value and evidence.kept:
        expected = [v for v in evidence.kept[0].values if v.kind in CHECKED_KINDS]
        if expected and not {(v.kind, v.value) for v in expected} & {(v.kind, v.value) for v in stated}:
            violations.append(Violation("any", ", ".join(sorted(v.value for v in expected)), "",
                                        "missing_evidence_value"))  # fmt: skip
    for value in stated:
        key = (value.kind, value.value)
        if value.kind not in CHECKED_KINDS or key in allowed:
            continue
        violations.append(Violation(value.kind, value.value, value.raw,
                                    "forbidden" if key in forbidden else "not_in_evidence"))  # fmt: skip
    return tuple(violations)
