"""Lexical retrieval (BM25) so exact terms and Chinese queries work beside the dense index.

Tokens come from the text folded for matching: jieba words for CJK runs, lowercase words elsewhere.
"""

from __future__ import annotations

import logging
import re

import bm25s
import jieba
import numpy as np

from interlock.text.normalize import normalize_for_matching

jieba.setLogLevel(logging.WARNING)
logging.getLogger("bm25s").setLevel(logging.WARNING)
_RUNS = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:[.'-][a-z0-9]+)*")
_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "do", "for", "from", "how", "i", "in", "is", "it", "my", "of",
     "on", "or", "the", "to", "what", "when", "with", "you", "your"}
)  # fmt: skip


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    for run in _RUNS.findall(normalize_for_matching(text)):
        if "\u4e00" <= run[0] <= "\u9fff":
            tokens.extend(word for word in jieba.lcut(run) if word.strip())
        elif run not in _STOPWORDS:
            tokens.append(run)
    return tokens


class LexicalIndex:
    def __init__(self, texts: list[str]) -> None:
        jieba.initialize()  # load the dictionary now, not on the first Chinese query
        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        # bm25s cannot index an empty token list; a placeholder keeps row numbers aligned with chunks.
        self._bm25.index([tokenize(t) or ["\u0000"] for t in texts], show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        tokens = tokenize(query)
        if not tokens or self._size == 0:
            return []
        rows, scores = self._bm25.retrieve([tokens], k=min(k, self._size), show_progress=False)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if s > 0 and np.isfinite(s)]
