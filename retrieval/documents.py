"""Knowledge documents: Markdown or text with YAML front matter saying where the text comes from and when and
where it applies."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

SUFFIXES = (".md", ".markdown", ".txt")


class DocumentError(Exception):
    """A knowledge document cannot be read or its front matter is invalid."""


class DocumentMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(description="where the text comes from (a policy name, a URL, a team)")
    doc_type: str = "policy"
    authority: int = Field(default=0, description="higher wins when two documents disagree")
    effective_from: date | None = None
    effective_to: date | None = None
    version: str | None = None
    supersedes: list[str] = Field(default_factory=list, description="doc ids (paths) this document replaces")
    scope: dict[str, str] = Field(default_factory=dict, description="e.g. {region: EU, product: x1}")
    topic: str | None = Field(
        default=None,
        description="what the document is about (e.g. returns): documents of one topic are compared "
        "whatever their headings or language; documents of different topics never are",
    )


class Document(BaseModel):
    model_config = ConfigDict(frozen=True)

    doc_id: str
    meta: DocumentMeta
    body: str
    sha256: str


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        raise DocumentError("front matter starts with '---' but never ends")
    header = yaml.safe_load(text[3:end]) or {}
    if not isinstance(header, dict):
        raise DocumentError("front matter must be a YAML mapping")
    return header, text[end + 4 :].lstrip("\n")


def read_document(root: Path, path: Path) -> Document:
    doc_id = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    try:
        header, body = split_front_matter(raw.decode("utf-8"))
        meta = DocumentMeta.model_validate(header)
    except (UnicodeDecodeError, yaml.YAMLError, DocumentError) as exc:
        raise DocumentError(f"{path}: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise DocumentError(f"{path}: front matter: {problems}") from exc
    return Document(doc_id=doc_id, meta=meta, body=body, sha256=hashlib.sha256(raw).hexdigest())


def read_knowledge(root: Path) -> list[Document]:
    """Every document under `root`, sorted by id."""
    root = Path(root)
    if not root.is_dir():
        raise DocumentError(f"{root}: knowledge directory does not exist")
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return [read_document(root, p) for p in paths]
