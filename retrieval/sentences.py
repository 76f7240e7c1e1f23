"""A chunk's sentences, each with the values it states and its tokens: the units the conflict check compares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interlock.retrieval.asked import tokens
from interlock.retrieval.polarity import DEFAULT_LEXICON
from interlock.retrieval.values import TypedValue, extract_values
from interlock.text.normalize import normalize_for_matching

# A sentence ends at 。！？；, a line break, or . ! ? followed by a space and a capital, digit, quote or CJK.
_END = re.compile(r"(?<=[。！？；])|\n+|(?<=[.!?;])\s+(?=[\"'(\[A-Z0-9\u4e00-\u9fff])")


@dataclass(frozen=True)
class Sentence:
    text: str
    values: tuple[TypedValue, ...]
    tokens: tuple[str, ...]  # folded, idioms rewritten ("no questions asked"), multi-word concepts joined


def split_sentences(text: str, section: str) -> tuple[Sentence, ...]:
    found = []
    for part in _END.split(text):
        part = part.strip()
        if not part:
            continue
        folded = DEFAULT_LEXICON.rewrite(normalize_for_matching(part))
        found.append(Sentence(part, extract_values(part, section), tuple(tokens(folded))))
    return tuple(found)
