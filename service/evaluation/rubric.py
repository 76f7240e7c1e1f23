"""Style judged blind: a case's rubric scored on an answer's text alone, and A/B comparisons that never say which
answer is whose.

A rubric lists checks (must-contain, must-not-contain, RE2 patterns, a maximum length, the answer's language);
an answer's score is the share of checks it passes. `blind_compare` hands the scorer the two answers of each case
under neutral labels, in an order drawn from the case id and the texts, so nothing it sees says which version
wrote which; only afterwards are the scores mapped back to candidate and baseline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interlock.text.linear_regex import compile_re2
from interlock.text.normalize import language_of


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    must_contain: list[str] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list, description="RE2 patterns the answer must match (search)")
    max_length: int | None = Field(default=None, ge=1, description="characters")
    language: str | None = Field(default=None, description="'en' or 'zh': the language the answer is in")

    @field_validator("regex")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                compile_re2(pattern)
            except Exception as exc:  # noqa: BLE001 - re2 raises its own error type
                raise ValueError(f"{pattern!r} is not a valid (RE2) regex: {exc}") from exc
        return patterns


@lru_cache(maxsize=256)
def _pattern(pattern: str):
    return compile_re2(pattern)


def rubric_checks(rubric: Rubric, text: str) -> list[tuple[str, bool]]:
    """Each check of the rubric and whether `text` passes it, in the rubric's order."""
    checks = [(f"contains {t!r}", t in text) for t in rubric.must_contain]
    checks += [(f"lacks {t!r}", t not in text) for t in rubric.must_not_contain]
    checks += [(f"matches /{p}/", _pattern(p).search(text) is not None) for p in rubric.regex]
    if rubric.max_length is not None:
        checks.append((f"at most {rubric.max_length} characters", len(text) <= rubric.max_length))
    if rubric.language is not None:
        checks.append((f"in {rubric.language}", language_of(text) == rubric.language))
    return checks


def rubric_score(rubric: Rubric, text: str) -> float:
    """The share of the rubric's checks the text passes (1.0 for a rubric without checks)."""
    checks = rubric_checks(rubric, text)
    return round(sum(ok for _, ok in checks) / len(checks), 4) if checks else 1.0


@dataclass(frozen=True)
class Comparison:
    """One case judged blind: each side's score, and who won ('candidate', 'baseline' or 'tie')."""

    case_id: str
    tags: tuple[str, ...]
    candidate: float
    baseline: float

    @property
    def winner(self) -> str:
        if self.candidate == self.baseline:
            return "tie"
        return "candidate" if self.candidate > self.baseline else "baseline"


def _candidate_first(case_id: str, first: str, second: str) -> bool:
    digest = hashlib.sha256("\x00".join((case_id, first, second)).encode()).digest()
    return digest[0] % 2 == 0


def blind_compare(cases: Sequence[tuple[str, tuple[str, ...], Rubric, str, str]]) -> list[Comparison]:
    """(case id, tags, rubric, candidate answer, baseline answer) per case -> each judged without its labels."""
    compared = []
    for case_id, tags, rubric, candidate, baseline in cases:
        swap = not _candidate_first(case_id, candidate, baseline)
        shown = (baseline, candidate) if swap else (candidate, baseline)
        x, y = (rubric_score(rubric, text) for text in shown)  # the scorer sees two texts, not whose they are
        scores = (y, x) if swap else (x, y)
        compared.append(Comparison(case_id, tags, *scores))
    return compared


def comparison_by_tag(compared: Sequence[Comparison]) -> dict[str, dict[str, int]]:
    """Wins, losses and ties of the candidate, over all cases and per tag."""
    tags = sorted({t for c in compared for t in c.tags})
    table = {}
    for tag in ["all", *tags]:
        chosen = [c for c in compared if tag == "all" or tag in c.tags]
        table[tag] = {
            "wins": sum(c.winner == "candidate" for c in chosen),
            "losses": sum(c.winner == "baseline" for c in chosen),
            "ties": sum(c.winner == "tie" for c in chosen),
        }
    return table
