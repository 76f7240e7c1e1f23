"""The lexical index scores only the query terms' postings: same BM25 scores as bm25s's own retrieve, same top k,
ties in chunk order. A fixed generated corpus (English and Chinese, repeated and empty texts) is the reference."""

from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from interlock.retrieval.lexical import LexicalIndex, tokenize

WORDS = ["refund", "window", "days", "shipping", "warranty", "gift", "card", "phone", "support", "opened", "items",
         "price", "invoice", "退货", "期限", "礼品卡", "退款", "客服", "电话", "保修", "包邮"]  # fmt: skip
QUERIES = ["What is your refund window?", "refund refund days", "gift card", "退货期限是多少天", "客服电话",
           "warranty price invoice shipping", "opened items support phone", "包邮吗", "days"]  # fmt: skip


def corpus(size: int = 3000) -> list[str]:
    rng = random.Random(16)
    texts = []
    for n in range(size):
        words = rng.choices(WORDS, k=rng.randint(3, 25))
        texts.append(" ".join(words) if n % 97 else "")  # an empty chunk keeps its row
    texts += texts[:50]  # exact duplicates: tied scores
    return texts


def old_search(bm25: bm25s.BM25, size: int, query: str, k: int) -> list[tuple[int, float]]:
    """The previous path: bm25s's retrieve over every document, positive scores kept."""
    rows, scores = bm25.retrieve([tokenize(query)], k=min(k, size), show_progress=False)
    return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if s > 0 and np.isfinite(s)]


@pytest.fixture(scope="module")
def indexes() -> tuple[list[str], LexicalIndex, bm25s.BM25]:
    texts = corpus()
    bm25 = bm25s.BM25()
    bm25.index([tokenize(t) or ["\u0000"] for t in texts], show_progress=False)
    return texts, LexicalIndex(texts), bm25


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("k", [1, 8, 30])
def test_top_k_and_scores_match_bm25s_retrieve(indexes, query, k):
    texts, index, bm25 = indexes
    new, old = index.search(query, k), old_search(bm25, len(texts), query, k)
    assert [s for _, s in new] == [s for _, s in old]  # bit for bit, best first
    assert {r for r, s in new if s > new[-1][1]} == {r for r, s in old if s > old[-1][1]}  # rows above the k-th tie
    full = bm25.get_scores(tokenize(query))
    expected = sorted(np.flatnonzero(full > 0), key=lambda row: (-full[row], row))[:k]
    assert [r for r, _ in new] == expected  # ties in chunk order


def test_tied_documents_come_in_chunk_order():
    index = LexicalIndex(["refund window", "shipping times", "refund window", "gift card refund", "refund window"])
    assert [r for r, _ in index.search("refund window", 8)] == [0, 2, 4, 3]
    assert [r for r, _ in index.search("refund window", 2)] == [0, 2]


def test_queries_without_known_terms_find_nothing(indexes):
    _, index, _ = indexes
    assert index.search("the and of", 8) == [] and index.search("zebra", 8) == [] and index.search("", 8) == []
    assert LexicalIndex([]).search("refund", 8) == [] and index.search("refund", 0) == []


def test_search_is_deterministic(indexes):
    _, index, _ = indexes
    assert all(index.search(q, 30) == index.search(q, 30) for q in QUERIES)
