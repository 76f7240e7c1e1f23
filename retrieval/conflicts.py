"""The evidence-conflict check: pure, from retrieved chunks to the evidence the model may see.

Chunks that are not in effective today (or outside the customer's scope) are filtered first. Then, among the
rest, chunks of different documents about the same subject that state different values of the same kind
conflict, unless their scopes are disjoint (then both stand, each labelled with its scope). A conflict is
resolved by, first match wins: explicit `supersedes`; higher authority; newer effective date. Otherwise it is
unresolved and the policy decides. Losing chunks are dropped; their values are forbidden in the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Literal

from interlock.retrieval.chunking import Chunk
from interlock.retrieval.documents import DocumentMeta

Resolution = Literal["superseded", "authority", "effective_date", "unresolved"]


@dataclass(frozen=True)
class Dropped:
    chunk_id: str
    reason: Literal["not_effective", "out_of_scope", "superseded", "authority", "effective_date"]
    by: str | None = None


@dataclass(frozen=True)
class Conflict:
    subject: str
    kind: str
    chunk_ids: tuple[str, str]
    values: tuple[tuple[str, ...], tuple[str, ...]]
    resolution: Resolution
    winner: str | None


@dataclass(frozen=True)
class ScopeNote:
    subject: str
    kind: str
    scopes: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (chunk_id, sorted scope items)


@dataclass(frozen=True)
class Evidence:
    kept: tuple[Chunk, ...]
    dropped: tuple[Dropped, ...]
    conflicts: tuple[Conflict, ...]
    scoped: tuple[ScopeNote, ...]
    forbidden: tuple[tuple[str, str], ...]  # (kind, value) stated only by dropped chunks

    @property
    def unresolved(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if c.resolution == "unresolved")


def in_effect(meta: DocumentMeta, today: date) -> bool:
    return (meta.effective_from is None or meta.effective_from <= today) and (
        meta.effective_to is None or today <= meta.effective_to
    )


def scopes_overlap(a: dict[str, str], b: dict[str, str]) -> bool:
    """Two scopes overlap unless they name the same dimension with different values."""
    return all(a[key].casefold() == b[key].casefold() for key in a.keys() & b.keys())


def _resolve(a: Chunk, b: Chunk) -> tuple[Resolution, Chunk | None]:
    """The winner of a conflicting pair, or None if nothing decides it."""
    if b.doc_id in a.meta.supersedes and a.doc_id not in b.meta.supersedes:
        return "superseded", a
    if a.doc_id in b.meta.supersedes and b.doc_id not in a.meta.supersedes:
        return "superseded", b
    if a.meta.authority != b.meta.authority:
        return "authority", a if a.meta.authority > b.meta.authority else b
    a_from, b_from = a.meta.effective_from or date.min, b.meta.effective_from or date.min
    if a_from != b_from:
        return "effective_date", a if a_from > b_from else b
    return "unresolved", None


def check_evidence(chunks: list[Chunk], today: date, customer_scope: dict[str, str] | None = None) -> Evidence:
    """`chunks` in retrieval order; kept chunks stay in that order."""
    dropped: dict[str, Dropped] = {}
    live: list[Chunk] = []
    for chunk in chunks:
        if not in_effect(chunk.meta, today):
            dropped[chunk.chunk_id] = Dropped(chunk.chunk_id, "not_effective")
        elif customer_scope and not scopes_overlap(chunk.meta.scope, customer_scope):
            dropped[chunk.chunk_id] = Dropped(chunk.chunk_id, "out_of_scope")
        else:
            live.append(chunk)

    stated: dict[tuple[str, str], dict[str, frozenset[str]]] = {}
    for chunk in live:
        for value in chunk.values:
            stated.setdefault((value.subject, value.kind), {}).setdefault(chunk.chunk_id, frozenset())
            stated[(value.subject, value.kind)][chunk.chunk_id] |= {value.value}
    by_id = {c.chunk_id: c for c in live}
    conflicts: list[Conflict] = []
    scoped: list[ScopeNote] = []
    for (subject, kind), per_chunk in sorted(stated.items()):
        for a_id, b_id in combinations(sorted(per_chunk), 2):
            a, b = by_id[a_id], by_id[b_id]
            if a.doc_id == b.doc_id or per_chunk[a_id] == per_chunk[b_id]:
                continue
            if not scopes_overlap(a.meta.scope, b.meta.scope):
                scopes = tuple((c.chunk_id, tuple(sorted(c.meta.scope.items()))) for c in (a, b))
                scoped.append(ScopeNote(subject, kind, scopes))
                continue
            resolution, winner = _resolve(a, b)
            values = (tuple(sorted(per_chunk[a_id])), tuple(sorted(per_chunk[b_id])))
            conflicts.append(Conflict(subject, kind, (a_id, b_id), values, resolution,
                                      winner.chunk_id if winner else None))  # fmt: skip
            if winner is not None:
                loser = b_id if winner is a else a_id
                dropped.setdefault(loser, Dropped(loser, resolution, winner.chunk_id))

    # A conflict with a chunk that lost elsewhere is settled by that loss.
    settled = [
        c for c in conflicts
        if c.resolution != "unresolved" or not any(cid in dropped for cid in c.chunk_ids)
    ]  # fmt: skip
    kept = tuple(c for c in live if c.chunk_id not in dropped)
    allowed = {(v.kind, v.value) for c in kept for v in c.values}
    lost = {(v.kind, v.value) for c in chunks if c.chunk_id in dropped for v in c.values}
    return Evidence(
        kept=kept,
        dropped=tuple(sorted(dropped.values(), key=lambda d: d.chunk_id)),
        conflicts=tuple(settled),
        scoped=tuple(scoped),
        forbidden=tuple(sorted(lost - allowed)),
    )
