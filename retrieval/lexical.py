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
    """BM25 (bm25s, Lucene variant) whose query touches only the postings of its own terms.

    bm25s scores every term of every document at build time into a sparse term -> (documents, scores) matrix.
    Its `retrieve` then selects the top k over an array of all documents (at 100k, an argpartition of up to ~2 ms
    when the query's terms are common); here a query adds up the score columns of its terms, in bm25s's own order
    and float32 type (so the scores are bm25s's to the bit), and selects the top k among the documents it touched,
    ties broken by row (chunk order). The cost is that of the query terms' postings, not of the folder's size.
    """

    def __init__(self, texts: list[str]) -> None:
        jieba.initialize()  # load the dictionary now, not on the first Chinese query
        self._size = len(texts)
        self._vocabulary: dict[str, int] = {}
        self._starts, self._rows, self._scores = np.zeros(1, np.int32), np.zeros(0, np.int32), np.zeros(0, np.float32)
        if not texts:  # bm25s cannot index an empty folder
            return
        bm25 = bm25s.BM25(method="lucene")  # Lucene: no score for an absent term, so untouched documents score 0
        # bm25s cannot index an empty token list; a placeholder keeps row numbers aligned with chunks.
        bm25.index([tokenize(t) or ["\u0000"] for t in texts], show_progress=False)
        self._vocabulary = bm25.vocab_dict
        self._starts, self._rows, self._scores = bm25.scores["indptr"], bm25.scores["indices"], bm25.scores["data"]

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """The top `k` (row, BM25 score) with a positive score, best first, ties in row order."""
        terms = [self._vocabulary[t] for t in tokenize(query) if t in self._vocabulary]
        if not terms or k <= 0:
            return []
        totals = np.zeros(self._size, dtype=self._scores.dtype)
        for term in terms:  # a repeated query term counts again, as in bm25s
            start, end = self._starts[term], self._starts[term + 1]
            totals[self._rows[start:end]] += self._scores[start:end]  # rows are unique within a term's postings
        rows = np.flatnonzero(totals > 0)
        scores = totals[rows]
        if len(rows) > k:
            kth = np.partition(scores, len(scores) - k)[len(scores) - k]
            rows, scores = rows[scores >= kth], scores[scores >= kth]  # ties at the k-th score all stay for now
        best = np.lexsort((rows, -scores))[:k]
        return [(int(r), float(s)) for r, s in zip(rows[best], scores[best], strict=True)]
