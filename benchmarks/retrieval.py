"""Retrieval benchmark: index build throughput, query latency at 1k/10k/100k chunks split into its stages (embed
the query, dense search, BM25, fuse), HNSW recall against exact search, cross-language retrieval with the English
embedder and the multilingual one, and the conflict check for the top 8, p50/p99.

The 10k index is real: 10k generated chunks (English and Chinese) embedded by the real offline embedder. That takes
minutes on 2 cores, so the vectors are cached under ~/.cache/interlock/ keyed by the embedder and a hash of the
texts (the output says when they came from the cache and how long embedding them took). The 1k index is the first
1k of those chunks with their vectors. Embedding 100k chunks would take most of an hour, so the 100k index holds
mixtures of the 10k real vectors (each real vector with 0-50% of another and a little noise) under the real texts
for BM25. The query path measured is the real one at every size: the query is embedded by the model, searched in
FAISS, searched in BM25 and fused.

    .venv/bin/python -m benchmarks.retrieval [--no-cache]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import bm25s
import faiss
import numpy as np

from benchmarks.conflicts import load_cases
from benchmarks.table import print_table
from interlock.retrieval.asked import asked_from_query
from interlock.retrieval.chunking import Chunk, chunk_document
from interlock.retrieval.conflicts import check_evidence
from interlock.retrieval.documents import DocumentMeta, read_knowledge
from interlock.retrieval.embedder import Embedder, EmbedderUnavailable, MultilingualEmbedder, shared_embedder
from interlock.retrieval.index import (
    KnowledgeIndex,
    build_index,
    dense_index,
    dense_search,
    embedding_text,
    fuse,
    hnsw_index,
)
from interlock.retrieval.lexical import tokenize
from interlock.retrieval.values import extract_values

TOPICS = ["refund window", "warranty period", "support phone", "shipping time", "price", "gift cards", "returns",
          "exchanges", "order tracking", "account security", "payment methods", "invoices"]  # fmt: skip
TOPICS_ZH = ["退款期限", "保修期", "客服电话", "配送时间", "价格", "礼品卡", "退货", "换货", "订单跟踪", "账户安全",
             "支付方式", "发票"]  # fmt: skip
PRODUCTS = ["X1", "X1 Pro", "X2", "Z5", "Lumen Air", "Nova", "Aria", "Atlas"]
QUERIES = ["What is your refund window?", "how long does shipping take", "X1 warranty", "support phone number",
           "退货期限是多少天", "can I pay with a gift card"]  # fmt: skip
NOISE = 0.01  # per dimension, on top of the mixture: cosine ~0.98 to the noiseless mixture
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "interlock" / "retrieval-benchmark"


def write_documents(root: Path, count: int, rng: random.Random) -> None:
    """`count` documents of 3 sections each; every sixth one in Chinese, the others in two English wordings."""
    for n in range(count):
        topic, product = TOPICS[n % len(TOPICS)], PRODUCTS[n % len(PRODUCTS)]
        if n % 6 == 5:
            topic_zh = TOPICS_ZH[n % len(TOPICS)]
            sections = "\n\n".join(
                f"## {topic_zh} {s}\n\n关于{topic_zh}，{s}号套餐的客户享有{rng.randint(2, 60)}天，需支付"
                f"{rng.randint(5, 500)}元。如需{product}的{topic_zh}帮助，请致电400-820-{rng.randint(1000, 9999)}。"
                for s in range(3)
            )
            title = f"{topic_zh}指南 {n}"
        else:
            wording = (
                "For {topic}, customers in plan {s} get {days} days and pay ${price}. Call 800-555-{tel} for help "
                "with {topic}.",
                "{product} owners on plan {s}: {topic} is {days} days and costs ${price}. Our team at 800-555-{tel} "
                "answers questions about {topic}.",
            )[n % 2]
            facts = [
                dict(days=rng.randint(2, 60), price=rng.randint(5, 500), tel=rng.randint(1000, 9999)) for _ in "abc"
            ]
            sections = "\n\n".join(
                f"## {topic.title()} {s}\n\n" + wording.format(topic=topic, s=s, product=product, **fact)
                for s, fact in enumerate(facts)
            )
            title = f"{topic.title()} guide {n}"
        (root / f"doc{n:05d}.md").write_text(
            f"---\nsource: Generated {n}\nauthority: {n % 3}\neffective_from: 2026-0{1 + n % 9}-01\n---\n"
            f"# {title}\n\n{sections}\n",
            encoding="utf-8",
        )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass(frozen=True)
class Embedded:
    chunks: list[Chunk]
    vectors: np.ndarray
    seconds: float  # embedding them, when they were embedded
    cached: Path | None  # where they came from, when not embedded now


def embed_chunks(chunks: list[Chunk], embedder: Embedder, use_cache: bool) -> Embedded:
    """Real vectors for the chunks, from the cache when this embedder already embedded these very texts."""
    texts = [embedding_text(c) for c in chunks]
    key = hashlib.sha256("\u0000".join([embedder.name, *texts]).encode()).hexdigest()[:24]
    vectors_file, meta_file = CACHE / f"{key}.npy", CACHE / f"{key}.json"
    if use_cache and vectors_file.exists() and meta_file.exists():
        vectors = np.load(vectors_file)
        if vectors.shape == (len(texts), embedder.dim):
            return Embedded(chunks, vectors, json.loads(meta_file.read_text())["seconds"], vectors_file)
    start = time.perf_counter()
    vectors = embedder.embed(texts)
    seconds = time.perf_counter() - start
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(vectors_file, vectors)
        meta_file.write_text(json.dumps({"seconds": seconds, "chunks": len(texts), "embedder": embedder.name}))
    return Embedded(chunks, vectors, seconds, None)


def mixed_index(real: Embedded, size: int, embedder: Embedder, rng: np.random.Generator) -> KnowledgeIndex:
    """`size` chunks, each a real chunk's text with its vector mixed with another real vector's (0-50%) and noise.

    Mixtures rather than noisy copies: 10 near-identical copies of every vector would be clusters no corpus has,
    which both starve an HNSW graph of links between clusters and make "the exact top 30" a draw among copies."""
    rows, partners = rng.integers(0, len(real.vectors), size), rng.integers(0, len(real.vectors), size)
    weights = rng.uniform(0, 0.5, (size, 1)).astype(np.float32)
    mixed = real.vectors[rows] * (1 - weights) + real.vectors[partners] * weights
    mixed += rng.normal(0, NOISE, mixed.shape).astype(np.float32)
    mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
    chunks = [real.chunks[r].model_copy(update={"chunk_id": f"syn{i}#0"}) for i, r in enumerate(rows)]
    return KnowledgeIndex(chunks, dense_index(mixed, mixed.shape[1]), embedder)  # HNSW from HNSW_FROM chunks


def benchmark_queries() -> list[str]:
    """The six fixed questions, then the conflict development set's (English and Chinese), in a fixed order."""
    return list(dict.fromkeys(QUERIES + [case.query for case in load_cases()]))


@dataclass(frozen=True)
class Latency:
    query: list[float]  # embed + search_embedded: the whole query path, as KnowledgeIndex.search runs it
    stages: dict[str, list[float]]  # embed, then dense search, BM25 and fuse timed one at a time


def query_latency(index: KnowledgeIndex, queries: list[str], repeats: int, k: int = 8, depth: int = 30) -> Latency:
    for query in queries[:12]:  # warm-up
        index.search(query, k=k)
    total: list[float] = []
    stages: dict[str, list[float]] = {"embed": [], "dense": [], "lexical": [], "fuse": []}
    depth = min(depth, len(index.chunks))
    for n in range(repeats):
        query = queries[n % len(queries)]
        t0 = time.perf_counter()
        vector = index._embedder.embed([query])
        t1 = time.perf_counter()
        index.search_embedded(query, vector, k=k, candidates=depth)
        t2 = time.perf_counter()
        similarities, dense_rows = dense_search(index._dense, vector, depth)
        dense = [(int(r), float(s)) for r, s in zip(dense_rows[0], similarities[0], strict=True) if r >= 0]
        t3 = time.perf_counter()
        lexical = index._lexical.search(query, depth)
        t4 = time.perf_counter()
        fuse(index.chunks, dense, lexical, k)
        t5 = time.perf_counter()
        total.append((t2 - t0) * 1000)
        for stage, seconds in zip(stages, (t1 - t0, t3 - t2, t4 - t3, t5 - t4), strict=True):
            stages[stage].append(seconds * 1000)
    return Latency(total, stages)


def bm25_before_after(index: KnowledgeIndex, queries: list[str], repeats: int) -> list[list[str]]:
    """The previous lexical path (bm25s's retrieve, a top k over every chunk) beside the postings-only one."""
    before = bm25s.BM25()
    before.index([tokenize(embedding_text(c)) or ["\u0000"] for c in index.chunks], show_progress=False)

    def retrieve(query: str) -> None:
        if tokens := tokenize(query):
            before.retrieve([tokens], k=30, show_progress=False)

    rows = []
    for name, call in (("bm25s retrieve (before)", retrieve), ("query terms' postings (LexicalIndex)",
                                                               lambda q: index._lexical.search(q, 30))):  # fmt: skip
        samples = []
        for n in range(repeats):
            start = time.perf_counter()
            call(queries[n % len(queries)])
            samples.append((time.perf_counter() - start) * 1000)
        rows.append([name, f"{statistics.median(samples):.3f}", f"{percentile(samples, 0.99):.3f}"])
    return rows


def recall(exact: np.ndarray, approx: np.ndarray, k: int) -> float:
    return float(np.mean([len(set(e[:k]) & set(a[:k])) / k for e, a in zip(exact, approx, strict=True)]))


def per_query_ms(index: faiss.Index, embedded: np.ndarray) -> float:
    return statistics.median(timed_ms(lambda q=q: dense_search(index, q[None, :], 30), 1) for q in embedded[:60])


def dense_recall(label: str, hnsw: faiss.IndexHNSWFlat, embedded: np.ndarray) -> list[list[str]]:
    """Recall@8 and @30 against exact search over the same vectors, and ms a query: the HNSW index per efSearch,
    and IVF-Flat (4 sqrt(n) lists, trained on the vectors) per nprobe, the alternative considered."""
    vectors = hnsw.reconstruct_n(0, hnsw.ntotal)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    _, exact = flat.search(embedded, 30)
    rows = [[label, f"{hnsw.ntotal:,}", "flat (exact)", "1.000", "1.000", f"{per_query_ms(flat, embedded):.2f}"]]
    loaded = hnsw.hnsw.efSearch
    for ef in (64, 128, 256, 512):
        hnsw.hnsw.efSearch = ef
        _, approx = hnsw.search(embedded, 30)
        name = f"HNSW M 32, efSearch {ef}" + (" (as loaded)" if ef == loaded else "")
        rows.append([label, f"{hnsw.ntotal:,}", name, f"{recall(exact, approx, 8):.3f}",
                     f"{recall(exact, approx, 30):.3f}", f"{per_query_ms(hnsw, embedded):.2f}"])  # fmt: skip
    hnsw.hnsw.efSearch = loaded
    lists = int(4 * np.sqrt(len(vectors)))
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(vectors.shape[1]), vectors.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
    ivf.cp.min_points_per_centroid = 1  # a few lists have fewer than faiss's 39 training points each; no warning
    ivf.train(vectors)
    ivf.add(vectors)
    for nprobe in (16, 32):
        ivf.nprobe = nprobe
        _, approx = ivf.search(embedded, 30)
        rows.append([label, f"{hnsw.ntotal:,}", f"IVF-Flat {lists} lists, nprobe {nprobe}",
                     f"{recall(exact, approx, 8):.3f}", f"{recall(exact, approx, 30):.3f}",
                     f"{per_query_ms(ivf, embedded):.2f}"])  # fmt: skip
    return rows


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
    parser.add_argument("--documents", type=int, default=340, help="documents (3 chunks each) for build_index")
    parser.add_argument("--real", type=int, default=3400, help="documents (3 chunks each) of the real-vector index")
    parser.add_argument("--large", type=int, default=100_000, help="chunks of the mixed-vector index")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per index size")
    parser.add_argument("--no-cache", action="store_true", help="embed the real chunks again, do not cache them")
    args = parser.parse_args()
    rng, np_rng = random.Random(0), np.random.default_rng(0)
    embedder = shared_embedder()
    torch_threads = __import__("torch").get_num_threads()
    print(f"retrieval benchmark: embedder {embedder.name} (dim {embedder.dim}), {os.cpu_count()} cores, torch "
          f"threads {torch_threads}, FAISS threads {faiss.omp_get_max_threads()}")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        knowledge, out, real_dir = Path(tmp) / "kb", Path(tmp) / "index", Path(tmp) / "real"
        knowledge.mkdir()
        real_dir.mkdir()
        write_documents(knowledge, args.documents, rng)
        start = time.perf_counter()
        report = build_index(knowledge, out, embedder, progress=False)
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        rebuild = build_index(knowledge, out, embedder, progress=False)
        rebuild_s = time.perf_counter() - start
        write_documents(real_dir, args.real, random.Random(1))
        start = time.perf_counter()
        chunks = [chunk for document in read_knowledge(real_dir) for chunk in chunk_document(document)]
        chunking_s = time.perf_counter() - start
    real = embed_chunks(chunks, embedder, use_cache=not args.no_cache)

    print()
    print_table(["build", "documents", "chunks", "seconds", "chunks/s"], [
        ["full build (build_index)", str(report.documents), str(report.chunks), f"{build_s:.1f}",
         f"{report.chunks / build_s:.0f}"],
        ["rebuild, nothing changed", f"{rebuild.reused_documents} reused", str(rebuild.chunks), f"{rebuild_s:.2f}",
         f"{rebuild.chunks / rebuild_s:.0f}"],
        ["chunk the real-vector set", str(args.real), str(len(chunks)), f"{chunking_s:.1f}",
         f"{len(chunks) / chunking_s:.0f}"],
        ["embed it, batches of 64" + (" (from cache)" if real.cached else ""), str(args.real), str(len(chunks)),
         f"{real.seconds:.1f}", f"{len(chunks) / real.seconds:.0f}"],
    ])  # fmt: skip
    if real.cached:
        print(f"(the {len(chunks):,} real vectors came from the cache {real.cached}; the seconds are those of the run "
              f"that embedded them; --no-cache embeds them again)")  # fmt: skip

    queries = benchmark_queries()
    embedder.embed(queries)  # warm-up: the first calls of a model are slower than the rest
    small = min(1000, len(chunks))
    indexes = [
        ("real vectors", KnowledgeIndex(chunks[:small], dense_index(real.vectors[:small], embedder.dim), embedder)),
        ("real vectors", KnowledgeIndex(chunks, dense_index(real.vectors, embedder.dim), embedder)),
    ]
    start = time.perf_counter()
    large = mixed_index(real, args.large, embedder, np_rng)
    large_build_s = time.perf_counter() - start
    indexes.append(("real queries, mixtures of the real vectors", large))
    rows, gaps = [], []
    for label, index in indexes:
        latency = query_latency(index, queries, args.queries)
        stage_p50 = {stage: statistics.median(ms) for stage, ms in latency.stages.items()}
        p50 = statistics.median(latency.query)
        rest = [q - e for q, e in zip(latency.query, latency.stages["embed"], strict=True)]
        gaps.append((len(index.chunks), p50 - stage_p50["embed"], statistics.median(rest), percentile(rest, 0.99)))
        rows.append([f"{len(index.chunks):,}", type(faiss.downcast_index(index._dense)).__name__, f"{p50:.2f}",
                     f"{percentile(latency.query, 0.99):.2f}"]
                    + [f"{stage_p50[s]:.3f}" for s in ("embed", "dense", "lexical", "fuse")] + [label])  # fmt: skip
    print()
    print(
        f"query latency in ms, top 8 fused from 30 candidates a side, {args.queries} queries per size ({len(queries)} "
        f"distinct, English and Chinese); query = embed + KnowledgeIndex.search_embedded, stages timed one by one"
    )
    print_table(["chunks", "dense index", "query p50", "query p99", "embed p50", "dense p50", "BM25 p50", "fuse p50",
                 "vectors"], rows)  # fmt: skip
    for size, gap, rest_p50, rest_p99 in gaps:
        print(f"{size:,} chunks: query p50 - embed p50 = {gap:.2f} ms (goal <= 2 ms); after the embedding, per query: "
              f"p50 {rest_p50:.2f} ms, p99 {rest_p99:.2f} ms")  # fmt: skip

    print()
    print(f"BM25 alone at {len(large.chunks):,} chunks, top 30, {args.queries} queries, ms")
    print_table(["lexical search", "p50", "p99"], bm25_before_after(large, queries, args.queries))

    embedded = embedder.embed(queries)
    start = time.perf_counter()
    real_hnsw = hnsw_index(real.vectors, embedder.dim)  # as an index of 20k+ chunks would be
    real_hnsw_s = time.perf_counter() - start
    print()
    print(f"dense search against exact search over the same vectors, top 30, {len(queries)} real queries; HNSW "
          f"(M 32, efConstruction 40) built in {real_hnsw_s:.0f} s at {len(chunks):,} chunks, the whole "
          f"{len(large.chunks):,}-chunk index (HNSW and BM25) in {large_build_s:.0f} s")  # fmt: skip
    large_hnsw = faiss.downcast_index(large._dense)
    mixed = dense_recall("mixtures of real", large_hnsw, embedded)
    print_table(["vectors", "chunks", "search", "recall@8", "recall@30", "ms a query"],
                dense_recall("real", real_hnsw, embedded) + mixed)  # fmt: skip

    embedders: list[Embedder] = [embedder]
    try:
        embedders.append(MultilingualEmbedder())
    except EmbedderUnavailable as exc:
        print(f"\n(multilingual embedder not measured: {exc})")
    print()
    print_table(["dense recall@3, conflict-set documents", "query embed ms", "en -> en", "zh -> zh", "en -> zh",
                 "zh -> en"], cross_language(embedders))  # fmt: skip

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
    print_table(["conflict check", "p50 ms", "p99 ms"], [
        ["top 8 chunks with the question, 5000 runs", f"{statistics.median(samples):.3f}",
         f"{percentile(samples, 0.99):.3f}"]])  # fmt: skip


if __name__ == "__main__":
    main()
