"""What a detector reports: which class of thing it found, which feature fired, and where (offsets into the text
as sent), so that the audit record can say why a message was flagged."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str  # the class found, e.g. "override" or "self_harm"
    feature: str  # the feature that fired, e.g. "verb+scope+object" or "lexicon"
