"""How kept evidence is put in front of the model, and the grounded-by-construction quote answer."""

from __future__ import annotations

from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import Evidence


def _scope_label(chunk: Chunk) -> str:
    if not chunk.meta.scope:
        return ""
    return " (" + ", ".join(f"{k}: {v}" for k, v in sorted(chunk.meta.scope.items())) + ")"


def evidence_prompt(evidence: Evidence, allowed_only: bool = False) -> str:
    lines = [
        "Answer the customer's question using only the facts below. If the facts do not answer it, say that you "
        "do not know. Where a fact applies only to a region or product, say so."
    ]
    if allowed_only:
        values = sorted({v.raw for c in evidence.kept for v in c.values})
        lines.append("Use only these exact values: " + "; ".join(values) + ".")
    for chunk in evidence.kept:
        lines.append(f"[{chunk.chunk_id}] {chunk.meta.source}{_scope_label(chunk)}, {chunk.section}: {chunk.text}")
    return "\n".join(lines)


def quote_answer(evidence: Evidence) -> str:
    """Answer with the evidence itself: every chunk about the top chunk's subject, each with its source."""
    top = evidence.kept[0]
    same_subject = [c for c in evidence.kept if c.section == top.section]
    quotes = [f"{c.meta.source}{_scope_label(c)}: {c.text}" for c in same_subject]
    return "Here is what our documentation says about " + top.section.lower() + ":\n" + "\n".join(quotes)
