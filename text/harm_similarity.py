"""Harm exemplar similarity as a live signal: `ExemplarIndex` (text/harm.py) behind the `HarmSimilarity` seam, its
findings carrying the similarity that fired (`exemplar:0.62`) so the audit record says how near the clause was.

A bundle asks for it (`signals: {harm_exemplars: true}`); the service builds it once over the shared sentence
embedder. It only adds: the grammar's findings stand as they are, and a clause the grammar has read is not read
again (see `with_similar`). With the model off the grammar decides alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from interlock.text.findings import Finding
from interlock.text.harm import ExemplarIndex, TextEmbedder, clauses
from interlock.text.harm_exemplars import EXEMPLARS, LOOK_ALIKES, MARGIN, THRESHOLDS


class HarmSimilarity(Protocol):
    """Harm findings a model adds to the grammar's: offsets into the text as sent, `feature` says the score."""

    def findings(self, text: str) -> tuple[Finding, ...]: ...


# The live thresholds are harm_exemplars' calibrated ones: on the development sets in tests/data/detection they
# over-block 1 of 238 look-alikes and 1 of 1,908 benign turns beside the grammar (the goal is at most 2%; 0.05 more
# on every class clears the look-alike too but loses illegal-request paraphrases). `python -m benchmarks.detection
# --section harm` prints the rates with exemplars on.
LIVE_THRESHOLDS: dict[str, float] = dict(THRESHOLDS)


@dataclass(frozen=True)
class ScoredExemplars:
    """An `ExemplarIndex` whose findings name the similarity of the clause to its nearest exemplar."""

    index: ExemplarIndex

    @classmethod
    def build(cls, embedder: TextEmbedder) -> ScoredExemplars:
        """The index over this package's exemplars and look-alikes with the live thresholds (embeds ~230 sentences:
        a few hundred milliseconds, once per process)."""
        return cls(ExemplarIndex(embedder, EXEMPLARS, LOOK_ALIKES, LIVE_THRESHOLDS, MARGIN))

    def findings(self, text: str) -> tuple[Finding, ...]:
        spans = clauses(text)
        rows = self.index.similarities([text[s:e] for s, e in spans])
        found = []
        for (start, end), row in zip(spans, rows, strict=True):
            kind = self.index.flags(row)
            if kind is not None:
                score = float(row[self.index.kinds.index(kind)])
                found.append(Finding(start, end, kind, f"exemplar:{score:.2f}"))
        return tuple(found)


def with_similar(lexical: tuple[Finding, ...], similar: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The grammar's findings and the model's for clauses the grammar found nothing in, sorted. Where the grammar
    has read a clause its reading of who does what to whom stands ("I want to kill myself" is near "go kill
    yourself" too, and is not abuse)."""
    added = [f for f in similar if not any(g.start < f.end and f.start < g.end for g in lexical)]
    return tuple(sorted((*lexical, *added)))
