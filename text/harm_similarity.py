"""Harm exemplar similarity as a live signal: `ExemplarIndex` (text/harm.py) behind the `HarmSimilarity` seam, its
findings carrying the similarity that fired (`exemplar:0.62`) so the audit record says how near the clause was.

A bundle asks for it (`signals: {harm_exemplars: true}`); the service builds it once over the shared sentence
embedder (`ExemplarIndex.default`: embeds ~230 sentences, a few hundred milliseconds, once per process). It only
adds: the grammar's findings stand as they are, and a clause the grammar has read is not read again
(`interlock.text.harm.with_similar`). With the model off the grammar decides alone.

The live thresholds are harm_exemplars' calibrated ones: on the development sets in tests/data/detection they
over-block 1 of 238 look-alikes and 1 of 1,908 benign turns beside the grammar (the goal is at most 2%; 0.05 more on
every class clears the look-alike too but loses illegal-request paraphrases). `python -m benchmarks.detection
--section harm` prints the rates with exemplars on.
"""

from __future__ import annotations

from typing import Protocol

from interlock.text.findings import Finding


class HarmSimilarity(Protocol):
    """Harm findings a model adds to the grammar's: offsets into the text as sent, `feature` says the score."""

    def findings(self, text: str) -> tuple[Finding, ...]: ...
