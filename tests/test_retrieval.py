"""Ingest and search on real FAISS with the real offline embedder (all-MiniLM-L6-v2 from its wheel)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from interlock.retrieval.chunking import chunk_document
from interlock.retrieval.conflicts import check_evidence
from interlock.retrieval.documents import DocumentError, read_document, read_knowledge
from interlock.retrieval.embedder import shared_embedder
from interlock.retrieval.index import IndexUnavailable, KnowledgeIndex, build_index, relevant_hits
from interlock.retrieval.lexical import tokenize
from interlock.service.cli import main
from tests.conftest import DEMO

ACME = DEMO / "knowledge" / "acme"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def index(knowledge_indexes) -> KnowledgeIndex:
    return KnowledgeIndex.load(knowledge_indexes / "alpha", shared_embedder())


def top_docs(index: KnowledgeIndex, query: str, k: int = 3) -> list[str]:
    return [hit.chunk.doc_id for hit in index.search(query, k=k)]


def test_front_matter_and_chunks():
    document = read_document(ACME, ACME / "refund-policy-2026.md")
    assert document.meta.authority == 2 and document.meta.effective_from == date(2026, 3, 1)
    chunks = chunk_document(document)
    assert [(c.title, c.section) for c in chunks] == [
        ("Refund policy", "Refund window"),
        ("Refund policy", "Refund limit"),
    ]
    # The exceptions stay with the rule they qualify.
    assert "within 30 days" in chunks[0].text and "Exceptions: Final-sale items cannot be refunded" in chunks[0].text
    assert [(v.kind, v.value, v.subject) for v in chunks[0].values] == [("duration", "30 days", "refund window")]
    assert [(v.kind, v.value) for v in chunks[1].values] == [("money", "USD 500.00")]


def test_bad_front_matter_is_reported_with_the_file(tmp_path):
    (tmp_path / "bad.md").write_text("---\nsource: x\nauthority: high\n---\n# T\n\ntext")
    with pytest.raises(DocumentError, match=r"bad.md: front matter: authority"):
        read_knowledge(tmp_path)
    (tmp_path / "bad.md").write_text("---\nsource: x\n# never closed")
    with pytest.raises(DocumentError, match="never ends"):
        read_knowledge(tmp_path)


def test_chinese_tokens_come_from_jieba_on_folded_text():
    assert tokenize("退貨期限是多少天？") == ["退货", "期限", "是", "多少", "天"]
    assert tokenize("What is the REFUND window") == ["refund", "window"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("What is your refund window?", {"refund-policy-2026.md", "refund-policy-2025.md"}),
        ("support phone number", {"support-contact.md", "support-contact-2025.md"}),
        ("how much are the X1 headphones", {"pricing-us.md", "pricing-eu.md"}),
        ("warranty period of the X1", {"warranty-faq.md", "warranty-manual.md"}),
        ("退货期限是多少天", {"refund-policy-zh.md", "refund-policy-zh-2025.md"}),
        ("客服电话", {"refund-policy-zh.md"}),
    ],
)
def test_fused_search_finds_the_documents_about_the_question(index, query, expected):
    assert expected <= set(top_docs(index, query, k=4))


def test_search_is_deterministic_and_reports_both_rankings(index):
    first, second = index.search("refund window", k=5), index.search("refund window", k=5)
    assert first == second
    assert all(hit.dense_rank is not None for hit in first)
    assert any(hit.lexical_rank is not None for hit in first)


def test_relevance_cut_keeps_only_what_the_question_is_about(index):
    hits = relevant_hits(index.search("How much do the X1 headphones cost?", k=6), 0.15, 0.8, 0.25)
    assert {h.chunk.doc_id for h in hits} == {"pricing-us.md", "pricing-eu.md"}


def test_refund_window_evidence_keeps_the_current_policy_only(index):
    hits = relevant_hits(index.search("What is your refund window?", k=6), 0.15, 0.8, 0.25)
    evidence = check_evidence([h.chunk for h in hits], TODAY)
    assert [c.chunk_id for c in evidence.kept] == ["refund-policy-2026.md#0"]
    assert {(d.chunk_id, d.reason) for d in evidence.dropped} == {
        ("refund-policy-2025.md#0", "effective_date"),
        ("holiday-returns-2025.md#0", "not_effective"),
    }
    assert ("duration", "14 days") in evidence.forbidden


def test_incremental_rebuild_embeds_only_changed_documents(tmp_path):
    knowledge = tmp_path / "kb"
    shutil.copytree(ACME, knowledge)
    out = tmp_path / "index"
    first = build_index(knowledge, out, shared_embedder(), progress=False)
    assert (first.documents, first.reused_documents, first.embedded_documents) == (15, 0, 15)
    page = knowledge / "support-contact.md"
    page.write_text(page.read_text().replace("800-555-0199", "800-555-0142"))
    (knowledge / "new.md").write_text("---\nsource: New\n---\n# New\n\n## Gift cards\n\nGift cards never expire.\n")
    (knowledge / "warranty-faq.md").unlink()
    second = build_index(knowledge, out, shared_embedder(), progress=False)
    assert (second.documents, second.reused_documents, second.embedded_documents) == (15, 13, 2)
    rebuilt = KnowledgeIndex.load(out, shared_embedder())
    assert "warranty-faq.md" not in {c.doc_id for c in rebuilt.chunks}
    assert any("800-555-0142" in c.text for c in rebuilt.chunks)
    assert top_docs(rebuilt, "gift cards expiry", k=1) == ["new.md"]


def test_missing_or_foreign_index_is_unavailable(tmp_path, knowledge_indexes):
    with pytest.raises(IndexUnavailable):
        KnowledgeIndex.load(tmp_path / "nothing", shared_embedder())
    copy = tmp_path / "copy"
    shutil.copytree(knowledge_indexes / "alpha", copy)
    manifest = copy / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"embedder": "', '"embedder": "other-'))
    with pytest.raises(IndexUnavailable, match="built with embedder other-"):
        KnowledgeIndex.load(copy, shared_embedder())


def test_index_cli_build_and_lint(tmp_path, capsys):
    assert main(["index", "build", str(ACME), "--out", str(tmp_path / "idx")]) == 0
    assert "15 documents (0 unchanged, 15 embedded), 18 chunks" in capsys.readouterr().out
    assert main(["index", "lint", str(ACME), "--today", "2026-11-23"]) == 1
    out = capsys.readouterr().out
    assert "UNRESOLVED [warranty period / duration] warranty-faq.md#0 (Support FAQ) says 24 months" in out
    assert "resolved  by superseded: [support phone / phone]" in out
    assert "resolved  by effective_date: [returns / duration]" in out  # the front-matter topic, across languages
    assert "UNRESOLVED [gift-cards / polarity] gift-cards-zh.md#0 (礼品卡使用条款) says no vs gift-cards.md#0" in out
    assert "warning   cross-language duplicate headings: refund-policy-zh.md#1 '客服电话' ~ support-contact.md#0" in out
    assert "scoped    [x1 headphones price / money]" in out
    assert "expired   holiday-returns-2025.md#0" in out
    assert out.strip().endswith("18 chunks, 5 conflicts (2 unresolved), 1 scoped differences, 2 heading warnings")
    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copy(ACME / "refund-policy-2026.md", clean)
    assert main(["index", "lint", str(clean)]) == 0


def test_knowledge_dir_must_exist(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        read_knowledge(Path(tmp_path / "missing"))


def test_a_large_index_is_searched_with_hnsw_and_finds_the_same_documents(tmp_path, monkeypatch):
    import interlock.retrieval.index as index_module

    monkeypatch.setattr(index_module, "HNSW_FROM", 1)  # the demo knowledge stands in for a large folder
    build_index(ACME, tmp_path / "hnsw", shared_embedder(), progress=False)
    large = KnowledgeIndex.load(tmp_path / "hnsw", shared_embedder())
    assert "HNSW" in type(large._dense).__name__
    assert {"refund-policy-2026.md", "refund-policy-2025.md"} <= set(top_docs(large, "What is your refund window?", 4))


def test_with_the_multilingual_embedder_a_chinese_question_finds_the_english_document(tmp_path):
    from interlock.retrieval.embedder import shared_multilingual_embedder

    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    for name, heading, text in [
        ("gift-cards.md", "Gift card refunds", "Unused gift cards can be refunded within 14 days of purchase."),
        ("warranty.md", "Warranty period", "The X1 headphones come with a 1 year limited warranty."),
        ("shipping.md", "Shipping times", "Standard shipping takes 3-5 business days."),
    ]:
        (knowledge / name).write_text(f"---\nsource: {name}\n---\n# {heading}\n\n## {heading}\n\n{text}\n")
    embedder = shared_multilingual_embedder()
    build_index(knowledge, tmp_path / "idx", embedder, progress=False)
    index = KnowledgeIndex.load(tmp_path / "idx", embedder)
    assert top_docs(index, "礼品卡可以退款吗？", 1) == ["gift-cards.md"]
    assert top_docs(index, "耳机保修多久？", 1) == ["warranty.md"]
