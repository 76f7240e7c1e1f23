"""Headings that name one subject in different words or languages ("Returns" / "Return policy" / "退货政策").

The live check compares the relevant hits of a turn whatever their headings, but `index lint` compares by
subject (front-matter `topic`, else the heading), so it warns where two documents' headings look like one subject:
near-duplicates in one language (the same concepts, or the same letters give or take a few), and cross-language
duplicates (the same concepts, one heading Chinese and the other not). Giving both documents one `topic` makes
lint compare them, and silences the warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from typing import Literal

from interlock.retrieval.asked import terms, tokens
from interlock.retrieval.chunking import Chunk
from interlock.text.normalize import normalize_for_matching

NEAR_RATIO = 0.8
# Words a heading adds to its subject without changing it ("Return policy" is about returns).
GENERIC = frozenset({"policy", "policies", "rule", "rules", "information", "info", "faq", "guide", "terms",
                     "conditions", "overview", "details",
                     "政策", "规定", "说明", "须知", "条款", "规则", "常见问题"})  # fmt: skip


@dataclass(frozen=True)
class HeadingWarning:
    kind: Literal["near_duplicate", "cross_language"]
    headings: tuple[str, str]
    chunk_ids: tuple[str, str]


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def heading_warnings(chunks: list[Chunk]) -> list[HeadingWarning]:
    first: dict[tuple[str, str], Chunk] = {}  # (doc, folded heading) -> its first chunk
    for chunk in chunks:
        first.setdefault((chunk.doc_id, normalize_for_matching(chunk.section)), chunk)
    concepts = {key: terms(tokens(key[1]), GENERIC) for key in first}
    warnings = []
    for a_key, b_key in combinations(sorted(first), 2):
        a, b = first[a_key], first[b_key]
        if a.doc_id == b.doc_id or a_key[1] == b_key[1]:
            continue
        if a.meta.topic and b.meta.topic:
            continue  # the authors said what each is about
        same_concepts = bool(concepts[a_key]) and concepts[a_key] == concepts[b_key]
        if _is_chinese(a_key[1]) != _is_chinese(b_key[1]):
            if same_concepts:
                warnings.append(HeadingWarning("cross_language", (a.section, b.section), (a.chunk_id, b.chunk_id)))
        elif same_concepts or SequenceMatcher(None, a_key[1], b_key[1]).ratio() >= NEAR_RATIO:
            warnings.append(HeadingWarning("near_duplicate", (a.section, b.section), (a.chunk_id, b.chunk_id)))
    return warnings
