"""Splitting documents into chunks: headers first, and a rule stays with its exceptions.

Each chunk carries its document's metadata, its title and section path, and the typed values it states.
"""

from __future__ import annotations

import re
from functools import cached_property

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter
from pydantic import BaseModel, ConfigDict

from interlock.retrieval.documents import Document, DocumentMeta
from interlock.retrieval.sentences import Sentence, split_sentences
from interlock.retrieval.values import TypedValue, extract_values

# Bump when chunking or value extraction changes: an index built by another version is rebuilt whole.
CHUNKER_VERSION = 4
MAX_CHUNK_CHARS = 1200
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
# A section under one of these headings qualifies the rule above it, so it is kept in the same chunk.
_EXCEPTION_HEADING = re.compile(r"(?i)^(exceptions?|except|exclusions?|limitations?|not covered|例外|除外|不适用)")


class Chunk(BaseModel):
    model_config = ConfigDict(frozen=True)

    chunk_id: str
    doc_id: str
    meta: DocumentMeta
    title: str
    section: str
    text: str
    values: tuple[TypedValue, ...]

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Split on first use and kept: a loaded index analyses only the chunks that queries reach."""
        return split_sentences(self.text, self.section)


def _sections(body: str) -> list[tuple[list[str], str]]:
    # Headings are kept as the chunk's title/section, not in its text.
    splitter = MarkdownHeaderTextSplitter(headers_to_split_on=_HEADERS, strip_headers=True)
    sections: list[tuple[list[str], str]] = []
    for part in splitter.split_text(body):
        path = [part.metadata[key] for _, key in _HEADERS if key in part.metadata]
        if sections and path and _EXCEPTION_HEADING.match(path[-1]) and sections[-1][0] == path[:-1]:
            sections[-1] = (sections[-1][0], f"{sections[-1][1]}\n\n{path[-1]}: {part.page_content}")
        else:
            sections.append((path, part.page_content))
    return sections


def chunk_document(document: Document) -> list[Chunk]:
    fallback_title = document.doc_id.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    splitter = RecursiveCharacterTextSplitter(chunk_size=MAX_CHUNK_CHARS, chunk_overlap=0)
    chunks = []
    for path, text in _sections(document.body):
        title = path[0] if path else fallback_title
        section = path[-1] if path else title
        for piece in splitter.split_text(text) if len(text) > MAX_CHUNK_CHARS else [text]:
            if not piece.strip():
                continue
            chunks.append(
                Chunk(
                    chunk_id=f"{document.doc_id}#{len(chunks)}",
                    doc_id=document.doc_id,
                    meta=document.meta,
                    title=title,
                    section=section,
                    text=piece.strip(),
                    values=extract_values(piece, section),
                )
            )
    return chunks
