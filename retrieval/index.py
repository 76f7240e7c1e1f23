"""A tenant's knowledge index on disk: chunks, their embeddings, a FAISS index; BM25 is rebuilt at load.

Rebuilds are incremental by document hash: an unchanged document keeps its chunks and embeddings, only new or
changed documents are split and embedded again. Queries fuse dense and lexical ranks (reciprocal rank fusion).
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
from tqdm import tqdm

from interlock.retrieval.chunking import CHUNKER_VERSION, Chunk, chunk_document
from interlock.retrieval.documents import read_knowledge
from interlock.retrieval.embedder import Embedder
from interlock.retrieval.lexical import LexicalIndex
from interlock.retrieval.values import warm_up

MANIFEST, CHUNKS, EMBEDDINGS, FAISS_FILE = "manifest.json", "chunks.jsonl", "embeddings.npy", "index.faiss"
RRF_K = 60
# From this many chunks the dense index is HNSW (approximate); below it exact flat search costs about a millisecond
# or less and is kept. efSearch 256: at 100k chunks recall@8 against exact search ~0.95 for ~0.5 ms a query, where
# 64 gave ~0.82 for ~0.2 ms (`python -m benchmarks.retrieval`). It is set when an index is loaded, so an index built
# with another value searches with this one.
HNSW_FROM = 20_000
HNSW_EF_SEARCH = 256


def dense_index(matrix: np.ndarray, dim: int) -> faiss.Index:
    """Inner product over L2-normalized vectors (cosine): flat while small, HNSW when flat search costs."""
    if len(matrix) < HNSW_FROM:
        index = faiss.IndexFlatIP(dim)
        index.add(np.ascontiguousarray(matrix, dtype=np.float32))
        return index
    return hnsw_index(matrix, dim)


def hnsw_index(matrix: np.ndarray, dim: int) -> faiss.IndexHNSWFlat:
    index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 40
    index.hnsw.efSearch = HNSW_EF_SEARCH
    index.add(np.ascontiguousarray(matrix, dtype=np.float32))
    return index


def dense_search(index: faiss.Index, vector: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """One query on one FAISS thread: right after the embedder's torch threads, FAISS's own OpenMP threads wait for
    cores those still spin on (at 10k flat chunks on 2 cores: 2.5 ms p50 and 28 ms p99 after the embedding, against
    1.1 and 1.4 on one thread). The thread count is the calling thread's, restored after."""
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return index.search(vector, depth)
    finally:
        faiss.omp_set_num_threads(threads)


class IndexUnavailable(Exception):
    """The index is missing, unreadable, or was built with another embedder."""


@dataclass(frozen=True)
class BuildReport:
    documents: int
    chunks: int
    reused_documents: int
    embedded_documents: int


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused (reciprocal rank fusion)
    dense_rank: int | None
    lexical_rank: int | None
    similarity: float  # cosine similarity to the query
    lexical_score: float  # BM25


def embedding_text(chunk: Chunk) -> str:
    return f"{chunk.title} / {chunk.section}\n{chunk.text}"


def _read_previous(out_dir: Path, embedder: Embedder) -> tuple[dict, list[Chunk], np.ndarray]:
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        same_recipe = (manifest.get("embedder"), manifest.get("dim"), manifest.get("chunker")) == (
            embedder.name, embedder.dim, CHUNKER_VERSION)  # fmt: skip
        if not same_recipe:
            return {}, [], np.zeros((0, embedder.dim), dtype=np.float32)
        lines = (out_dir / CHUNKS).read_text(encoding="utf-8").splitlines()
        chunks = [Chunk.model_validate_json(line) for line in lines]
        return manifest.get("documents", {}), chunks, np.load(out_dir / EMBEDDINGS)
    except (OSError, ValueError):
        return {}, [], np.zeros((0, embedder.dim), dtype=np.float32)


def build_index(knowledge_dir: Path, out_dir: Path, embedder: Embedder, progress: bool = True) -> BuildReport:
    documents = read_knowledge(knowledge_dir)
    old_hashes, old_chunks, old_vectors = _read_previous(out_dir, embedder)
    old_rows: dict[str, list[int]] = {}
    for row, chunk in enumerate(old_chunks):
        old_rows.setdefault(chunk.doc_id, []).append(row)
    chunks: list[Chunk] = []
    vectors: list[np.ndarray] = []
    reused = 0
    for document in tqdm(documents, desc="indexing", unit="doc", disable=not progress, file=sys.stderr):
        if old_hashes.get(document.doc_id) == document.sha256 and document.doc_id in old_rows:
            rows = old_rows[document.doc_id]
            chunks.extend(old_chunks[r] for r in rows)
            vectors.append(old_vectors[rows])
            reused += 1
            continue
        fresh = chunk_document(document)
        chunks.extend(fresh)
        vectors.append(embedder.embed([embedding_text(c) for c in fresh]))
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, embedder.dim), dtype=np.float32)
    faiss_index = dense_index(matrix, embedder.dim)

    staging = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    manifest = {
        "embedder": embedder.name,
        "dim": embedder.dim,
        "chunker": CHUNKER_VERSION,
        "documents": {d.doc_id: d.sha256 for d in documents},
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (staging / CHUNKS).write_text("".join(c.model_dump_json() + "\n" for c in chunks), encoding="utf-8")
    np.save(staging / EMBEDDINGS, matrix)
    faiss.write_index(faiss_index, str(staging / FAISS_FILE))
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    return BuildReport(len(documents), len(chunks), reused, len(documents) - reused)


class KnowledgeIndex:
    def __init__(self, chunks: list[Chunk], dense: faiss.Index, embedder: Embedder) -> None:
        self.chunks = chunks
        self._dense = dense
        self._embedder = embedder
        self._lexical = LexicalIndex([embedding_text(c) for c in chunks])
        self._by_topic: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            if chunk.meta.topic:
                self._by_topic.setdefault(chunk.meta.topic.casefold(), []).append(chunk)

    def same_topic(self, hits: list[Chunk], limit: int = 8) -> list[Chunk]:
        """Chunks of other documents that share a front-matter `topic` with a hit (e.g. the other language's
        version of a policy): the conflict check compares them with the hits even when retrieval missed them."""
        seen = {c.chunk_id for c in hits}
        found: list[Chunk] = []
        for topic in dict.fromkeys(c.meta.topic.casefold() for c in hits if c.meta.topic):
            for chunk in self._by_topic.get(topic, ()):
                if chunk.chunk_id not in seen and len(found) < limit:
                    seen.add(chunk.chunk_id)
                    found.append(chunk)
        return found

    @classmethod
    def load(cls, out_dir: Path, embedder: Embedder) -> KnowledgeIndex:
        try:
            manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
            lines = (out_dir / CHUNKS).read_text(encoding="utf-8").splitlines()
            dense = faiss.read_index(str(out_dir / FAISS_FILE))
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexUnavailable(f"{out_dir}: cannot read index: {exc}") from exc
        if manifest.get("embedder") != embedder.name or dense.d != embedder.dim:
            raise IndexUnavailable(f"{out_dir}: built with embedder {manifest.get('embedder')}, not {embedder.name}")
        chunks = [Chunk.model_validate_json(line) for line in lines]
        if dense.ntotal != len(chunks):
            raise IndexUnavailable(f"{out_dir}: {dense.ntotal} vectors for {len(chunks)} chunks")
        if isinstance(dense, faiss.IndexHNSW):
            dense.hnsw.efSearch = HNSW_EF_SEARCH
        warm_up()
        return cls(chunks, dense, embedder)

    def search(self, query: str, k: int = 8, candidates: int = 30) -> list[Hit]:
        if not self.chunks:
            return []
        return self.search_embedded(query, self._embedder.embed([query]), k, candidates)

    def search_embedded(self, query: str, vector: np.ndarray, k: int = 8, candidates: int = 30) -> list[Hit]:
        """The search once the query is embedded (a 1 x dim matrix): the dense and lexical top `candidates`, fused."""
        if not self.chunks:
            return []
        depth = min(candidates, len(self.chunks))
        similarities, dense_rows = dense_search(self._dense, vector, depth)
        dense = [(int(r), float(s)) for r, s in zip(dense_rows[0], similarities[0], strict=True) if r >= 0]
        return fuse(self.chunks, dense, self._lexical.search(query, depth), k)


def fuse(chunks: list[Chunk], dense: list[tuple[int, float]], lexical: list[tuple[int, float]], k: int) -> list[Hit]:
    """Reciprocal rank fusion of two ranked (row, score) lists; ties broken by chunk id for a stable order."""
    fused: dict[int, float] = {}
    for ranking in (dense, lexical):
        for rank, (row, _) in enumerate(ranking):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    dense_at = {row: (rank, score) for rank, (row, score) in enumerate(dense)}
    lexical_at = {row: (rank, score) for rank, (row, score) in enumerate(lexical)}
    best = sorted(fused, key=lambda row: (-fused[row], chunks[row].chunk_id))[:k]
    return [
        Hit(chunks[row], round(fused[row], 6), dense_at.get(row, (None,))[0], lexical_at.get(row, (None,))[0],
            round(dense_at.get(row, (0, 0.0))[1], 6), round(lexical_at.get(row, (0, 0.0))[1], 6))
        for row in best
    ]  # fmt: skip


def relevant_hits(hits: list[Hit], similarity_margin: float, lexical_ratio: float, min_similarity: float) -> list[Hit]:
    """The hits close enough to the best one to be about the question.

    Only these go to the conflict check and the prompt: a conflict between two documents the question is not
    about must not stop an answer. A hit stays if its similarity is within `similarity_margin` of the best, or
    its BM25 score within `lexical_ratio` of the best (the lexical side carries Chinese queries).
    """
    if not hits:
        return []
    top_similarity = max(h.similarity for h in hits)
    top_lexical = max(h.lexical_score for h in hits)
    return [
        h for h in hits
        if (h.similarity >= max(min_similarity, top_similarity - similarity_margin))
        or (top_lexical > 0 and h.lexical_score >= lexical_ratio * top_lexical)
    ]  # fmt: skip
