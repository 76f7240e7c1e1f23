"""How kept evidence is put in front of the model, and the grounded-by-construction quote answer."""

from __future__ import annotations

from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import Evidence


def _scope_label(chunk: Chunk, evidence: Evidence | None = None) -> str:
    scope = dict(chunk.meta.scope)
    for note in evidence.scoped if evidence else ():
        scope |= {k: v for cid, items in note.scopes if cid == chunk.chunk_id for k, v in items}
    if not scope:
        return ""
    return " (" + ", ".join(f"{k}: {v}" for k, v in sorted(scope.items())) + ")"


def _several(evidence: Evidence) -> list[str]:
    """The scoped differences, said plainly: there are several answers and each has its own scope."""
    lines = []
    for note in evidence.scoped:
        sides = "; ".join(f"[{cid}] {', '.join(f'{k}: {v}' for k, v in scope)}" for cid, scope in note.scopes)
        lines.append(f"There are several valid answers ({note.kind}), one per {note.by}: {sides}. Give each answer "
                     "with its scope and source; never state one as if it applied to all.")  # fmt: skip
    return list(dict.fromkeys(lines))


def evidence_prompt(evidence: Evidence, allowed_only: bool = False) -> str:
    lines = [
        "Answer the customer's question using only the facts below. If the facts do not answer it, say that you "
        "do not know. Where a fact applies only to a region or product, say so."
    ]
    if allowed_only:
        values = sorted({v.raw for c in evidence.kept for v in c.values})
        lines.append("Use only these exact values: " + "; ".join(values) + ".")
    lines += _several(evidence)
    for chunk in evidence.kept:
        label = _scope_label(chunk, evidence)
        lines.append(f"[{chunk.chunk_id}] {chunk.meta.source}{label}, {chunk.section}: {chunk.text}")
    return "\n".join(lines)


def quote_answer(evidence: Evidence) -> str:
    """Answer with the evidence itself: every chunk about the top chunk's subject (or one of several answers
    beside it), each with its source and scope."""
    top = evidence.kept[0]
    beside = {cid for note in evidence.scoped if top.chunk_id in dict(note.scopes) for cid, _ in note.scopes}
    same_subject = [c for c in evidence.kept if c.section == top.section or c.chunk_id in beside]
    quotes = [f"{c.meta.source}{_scope_label(c, evidence)}: {c.text}" for c in same_subject]
    return "Here is what our documentation says about " + top.section.lower() + ":\n" + "\n".join(quotes)
