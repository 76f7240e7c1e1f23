"""Retrieval benchmark: index build throughput, query latency (embed + search + fuse) at 1k/10k/100k chunks,
where the time goes at 100k (embedding, FAISS flat vs HNSW, BM25), cross-language retrieval with the English
embedder and the multilingual one, and the conflict check for the top 8, p50/p99.

Build throughput and the 1k index use the real offline embedder on generated documents. Embedding 100k chunks
on 2 cores would take most of an hour, so the 10k and 100k indexes reuse the 1k real vectors with small random
perturbations (renormalized) and generated texts for BM25; the query path measured is the real one: the query is
embedded by the model, searched in FAISS, searched in BM25 and fused.

    .venv/bin/python -m benchmarks.retrieval
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import faiss
import numpy as np

from benchmarks.conflicts import load_cases
from interlock.retrieval.asked import asked_from_query
from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import check_evidence
from interlock.retrieval.documents import DocumentMeta
from interlock.retrieval.embedder import Embedder, EmbedderUnavailable, MultilingualEmbedder, shared_embedder
from interlock.retrieval.index import KnowledgeIndex, build_index, dense_index
from interlock.retrieval.values import extract_values

TOPICS = ["refund window", "warranty period", "support phone", "shipping time", "price", "gift cards", "returns",
          "exchanges", "order tracking", "account security", "payment methods", "invoices"]  # fmt: skip
QUERIES = ["What is your refund window?", "how long does shipping take", "X1 warranty", "support phone number",
           "退货期限是多少天", "can I pay with a gift card"]  # fmt: skip


def write_documents(root: Path, count: int, rng: random.Random) -> None:
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        sections = "\n\n".join(
            f"## {topic.title()} {s}\n\nFor {topic}, customers in plan {s} get {rng.randint(2, 60)} days and pay "
            f"${rng.randint(5, 500)}. Call 800-555-{rng.randint(1000, 9999)} for help with {topic}."
            for s in range(3)
        )
        (root / f"doc{n:04d}.md").write_text(
            f"---\nsource: Generated {n}\nauthority: {n % 3}\neffective_from: 2026-0{1 + n % 9}-01\n---\n"
            f"# {topic.title()} guide {n}\n\n{sections}\n",
            encoding="utf-8",
        )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def synthetic_index(base: KnowledgeIndex, size: int, rng: np.random.Generator) -> KnowledgeIndex:
    vectors = base._dense.reconstruct_n(0, base._dense.ntotal)
    rows = rng.integers(0, len(vectors), size)
    noisy = vectors[rows] + rng.normal(0, 0.05, (size, vectors.shape[1])).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    dense = dense_index(noisy, vectors.shape[1])  # as build_index would: HNSW from HNSW_FROM chunks
    chunks = [base.chunks[r].model_copy(update={"chunk_id": f"syn{i}#0"}) for i, r in enumerate(rows)]
    return KnowledgeIndex(chunks, dense, base._embedder)


def query_latency(index: KnowledgeIndex, repeats: int) -> tuple[float, float]:
    for query in QUERIES:  # warm-up
        index.search(query, k=8)
    samples = []
    for k in range(repeats):
        start = time.perf_counter()
        index.search(QUERIES[k % len(QUERIES)], k=8)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.99)


def top8(rng: random.Random) -> list[Chunk]:
    chunks = []
    for n in range(8):
        topic = TOPICS[n % 4]
        text = f"For {topic}: {rng.choice([14, 30])} days, ${rng.choice([199, 189])}, call 800-555-01{n % 3}9."
        meta = DocumentMeta(source=f"d{n}", authority=rng.randint(0, 2), effective_from=date(2026, 1 + n % 9, 1),
                            scope={"region": rng.choice(["US", "EU"])} if n % 3 == 0 else {})  # fmt: skip
        chunks.append(Chunk(chunk_id=f"d{n}#0", doc_id=f"d{n}.md", meta=meta, title=topic, section=topic,
                            text=text, values=extract_values(text, topic)))  # fmt: skip
    return chunks


def timed_ms(call, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def where_the_time_goes(index: KnowledgeIndex, repeats: int) -> list[tuple[str, float, str]]:
    """Median ms of each stage of a query at this index size, and HNSW (M=32, efSearch=64) beside flat search."""
    vectors = index._dense.reconstruct_n(0, index._dense.ntotal)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    query = index._embedder.embed([QUERIES[0]])
    hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 40
    start = time.perf_counter()
    hnsw.add(vectors)
    build_s = time.perf_counter() - start
    hnsw.hnsw.efSearch = 64
    queries = index._embedder.embed(QUERIES)
    _, exact = flat.search(queries, 8)
    _, approx = hnsw.search(queries, 8)
    recall = np.mean([len(set(e) & set(a)) / 8 for e, a in zip(exact, approx, strict=True)])
    return [
        ("embed the query", timed_ms(lambda: index._embedder.embed([QUERIES[0]]), repeats), ""),
        ("FAISS flat, top 30", timed_ms(lambda: flat.search(query, 30), repeats), "exact"),
        ("FAISS HNSW, top 30", timed_ms(lambda: hnsw.search(query, 30), repeats),
         f"recall@8 vs flat {recall:.2f}; built in {build_s:.1f} s"),
        ("BM25, top 30", timed_ms(lambda: index._lexical.search(QUERIES[0], 30), repeats), "bm25s"),
    ]  # fmt: skip


def cross_language(embedders: list[Embedder], k: int = 3) -> list[list[str]]:
    """Dense recall@k over the conflict development set's documents: does each case's question find each of
    its documents, split by the question's and the document's language."""
    cases = load_cases()
    texts = sorted({c.text for case in cases for c in case.chunks})
    rows = []
    for embedder in embedders:
        matrix = embedder.embed(texts)
        found: dict[str, list[bool]] = {}
        for case in cases:
            scores = matrix @ embedder.embed([case.query])[0]
            top = {texts[i] for i in np.argsort(-scores)[:k]}
            for chunk in case.chunks:
                pair = f"{_lang(case.query)} -> {_lang(chunk.text)}"
                found.setdefault(pair, []).append(chunk.text in top)
        speed = timed_ms(lambda e=embedder: e.embed([QUERIES[0]]), 20)
        rows.append([embedder.name, f"{speed:.1f}"] + [
            f"{np.mean(found.get(p, [0])):.0%} ({len(found.get(p, []))})" for p in ("en -> en", "zh -> zh", "en -> zh",
                                                                                  "zh -> en")])  # fmt: skip
    return rows


def _lang(text: str) -> str:
    return "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=340, help="generated documents (3 chunks each)")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    rng, np_rng = random.Random(0), np.random.default_rng(0)
    embedder = shared_embedder()

    with tempfile.TemporaryDirectory() as tmp:
        knowledge, out = Path(tmp) / "kb", Path(tmp) / "index"
        knowledge.mkdir()
        write_documents(knowledge, args.documents, rng)
        start = time.perf_counter()
        report = build_index(knowledge, out, embedder, progress=False)
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        rebuild = build_index(knowledge, out, embedder, progress=False)
        rebuild_s = time.perf_counter() - start
        base = KnowledgeIndex.load(out, embedder)

    print(
        f"retrieval benchmark: embedder {embedder.name} (dim {embedder.dim}), 2 cores, torch threads "
        f"{__import__('torch').get_num_threads()}"
    )
    print("| build | documents | chunks | seconds | chunks/s |")
    print("|---|---:|---:|---:|---:|")
    print(f"| full build | {report.documents} | {report.chunks} | {build_s:.1f} | {report.chunks / build_s:.0f} |")
    print(
        f"| rebuild, nothing changed | {rebuild.reused_documents} reused | {rebuild.chunks} | {rebuild_s:.2f} | "
        f"{rebuild.chunks / rebuild_s:.0f} |"
    )
    print()
    print("| index size (chunks) | query p50 ms | query p99 ms | (embed + FAISS + BM25 + fuse, top 8) |")
    print("|---:|---:|---:|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        index = base if size <= len(base.chunks) else synthetic_index(base, size, np_rng)
        p50, p99 = query_latency(index, args.queries)
        label = "real" if index is base else "real queries, perturbed real vectors"
        print(f"| {len(index.chunks):,} | {p50:.1f} | {p99:.1f} | {label} |")
    print()
    print(f"| where the time goes at {len(index.chunks):,} chunks | median ms | |")
    print("|---|---:|---|")
    for stage, ms, note in where_the_time_goes(index, args.queries):
        print(f"| {stage} | {ms:.2f} | {note} |")

    embedders: list[Embedder] = [embedder]
    try:
        embedders.append(MultilingualEmbedder())
    except EmbedderUnavailable as exc:
        print(f"\n(multilingual embedder not measured: {exc})")
    print()
    print("| dense recall@3, conflict-set documents | query embed ms | en -> en | zh -> zh | en -> zh | zh -> en |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in cross_language(embedders):
        print("| " + " | ".join(row) + " |")

    samples = []
    drawn = [top8(rng) for _ in range(64)]
    for chunks in drawn:
        for chunk in chunks:
            chunk.sentences  # noqa: B018 - analysed once per chunk, as a loaded index keeps them
    for n in range(5000):
        chunks, query = drawn[n % len(drawn)], QUERIES[n % len(QUERIES)]
        start = time.perf_counter()
        check_evidence(chunks, date(2026, 11, 23), asked=asked_from_query(query))
        samples.append((time.perf_counter() - start) * 1000)
    print()
    print("| conflict check | p50 ms | p99 ms |")
    print("|---|---:|---:|")
    print(
        f"| top 8 chunks with the question, 5000 runs | {statistics.median(samples):.3f} | "
        f"{percentile(samples, 0.99):.3f} |"
    )


if __name__ == "__main__":
    main()
