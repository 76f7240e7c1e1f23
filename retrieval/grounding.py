"""Post-generation grounding: an answer may only state typed values that the kept evidence states, and where the
evidence holds several valid answers (by scope or product), each value only beside its own scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from interlock.retrieval.conflicts import Evidence
from interlock.retrieval.sentences import split_sentences
from interlock.retrieval.values import extract_values
from interlock.text.normalize import normalize_for_matching

# Dates are left out: answers legitimately say "today" or restate the customer's own dates.
CHECKED_KINDS = frozenset({"duration", "money", "percent", "phone", "email", "url"})


@dataclass(frozen=True)
class Violation:
    kind: str
    value: str
    raw: str
    reason: Literal["forbidden", "not_in_evidence", "missing_evidence_value", "misattributed"]


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
    violations += misattributed(answer, evidence)
    return tuple(violations)


def _mentions(folded: str, label: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(normalize_for_matching(label))}(?![a-z0-9])", folded) is not None


def misattributed(answer: str, evidence: Evidence) -> list[Violation]:
    """Values stated beside another source's scope: "€189 in the US" when €189 is the EU price.

    For each scoped difference, a sentence of the answer that states a value only one of its sources states, and
    names another source's scope (region, plan, product) but not that source's own, attributes it wrongly.
    """
    kept = {c.chunk_id: c for c in evidence.kept}
    found = []
    for note in evidence.scoped:
        labels = {cid: [value for _, value in scope] for cid, scope in note.scopes if cid in kept}
        owners: dict[tuple[str, str], set[str]] = {}
        for cid in labels:
            for value in kept[cid].values:
                owners.setdefault((value.kind, value.value), set()).add(cid)
        for sentence in split_sentences(answer, ""):
            folded = normalize_for_matching(sentence.text)
            matched = {cid: [n.casefold() for n in names if _mentions(folded, n)] for cid, names in labels.items()}
            longer = [n for names in matched.values() for n in names]
            # "x1 pro" names the X1 Pro, not also the X1: a label inside a longer one that matched does not count.
            named = {cid for cid, names in matched.items()
                     if any(not any(n != m and n in m for m in longer) for n in names)}  # fmt: skip
            for value in sentence.values:
                own = owners.get((value.kind, value.value), set())
                if len(own) == 1 and named and not own & named:
                    found.append(Violation(value.kind, value.value, value.raw, "misattributed"))
    return sorted(set(found), key=lambda v: (v.kind, v.value, v.raw))
