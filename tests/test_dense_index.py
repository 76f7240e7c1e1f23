"""The dense index: exact below HNSW_FROM chunks, HNSW from it, searched with HNSW_EF_SEARCH whatever was written."""

from __future__ import annotations

import faiss

import interlock.retrieval.index as index_module
from interlock.retrieval.embedder import shared_embedder
from interlock.retrieval.index import FAISS_FILE, HNSW_EF_SEARCH, KnowledgeIndex, build_index
from tests.conftest import DEMO


def test_an_hnsw_index_written_with_another_ef_search_is_searched_with_the_current_one(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "HNSW_FROM", 1)  # the demo knowledge stands in for a large folder
    build_index(DEMO / "knowledge" / "acme", tmp_path / "idx", shared_embedder(), progress=False)
    written = faiss.read_index(str(tmp_path / "idx" / FAISS_FILE))
    written.hnsw.efSearch = 16  # as an index built before the value changed
    faiss.write_index(written, str(tmp_path / "idx" / FAISS_FILE))
    index = KnowledgeIndex.load(tmp_path / "idx", shared_embedder())
    assert index._dense.hnsw.efSearch == HNSW_EF_SEARCH
    exact = faiss.IndexFlatIP(written.d)
    exact.add(written.reconstruct_n(0, written.ntotal))
    query = shared_embedder().embed(["What is your refund window?"])
    assert list(index._dense.search(query, 8)[1][0]) == list(exact.search(query, 8)[1][0])
