"""The knowledge step of a `rag` turn: retrieve, drop planted instructions, check conflicts, generate, ground."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from interlock.adapters.generation import GenerationBackend
from interlock.policies.engine import PolicyInput
from interlock.policies.loader import CompiledBundle
from interlock.policies.settle import Fault
from interlock.retrieval.asked import asked_from_query
from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import Evidence, check_evidence
from interlock.retrieval.grounding import Violation, ungrounded_values
from interlock.retrieval.index import Hit, KnowledgeIndex, relevant_hits
from interlock.retrieval.polarity import DEFAULT_LEXICON
from interlock.retrieval.prompting import evidence_prompt, quote_answer
from interlock.service.pipeline.generation import Generated, generate
from interlock.service.pipeline.turn import Turn
from interlock.text.findings import Finding
from interlock.text.injection import planted_findings
from interlock.text.links import normalized_domains, unlisted_links


@dataclass(frozen=True)
class Grounded:
    """The retrieval stage's outcome: the evidence, and the answer (or the fault that hands the turn off)."""

    chunks: tuple[Chunk, ...] = ()
    hits: tuple[Hit, ...] = ()
    evidence: Evidence | None = None
    generated: Generated | None = None
    answer: str | None = None
    fault: Fault | None = None
    violations: tuple[Violation, ...] = ()
    regenerated: bool = False
    suspect: dict[str, list[str]] = field(default_factory=dict)  # chunk id -> injection markers


def _planted(text: str, domains: tuple[str, ...] | None) -> tuple[Finding, ...]:
    return planted_findings(text) + (() if domains is None else unlisted_links(text, domains))


def answer_from_knowledge(
    backend: GenerationBackend,
    index: KnowledgeIndex | None,
    bundle: CompiledBundle,
    turn: Turn,
    inputs: PolicyInput,
) -> Grounded:
    if index is None:
        return Grounded(fault="knowledge_unavailable")
    policy = bundle.spec.grounding
    found = index.search(inputs.turn["text"], k=policy.top_k)
    hits = tuple(relevant_hits(found, policy.similarity_margin, policy.lexical_ratio, policy.min_similarity))
    # A chunk that carries instructions for the model (or, where the bundle lists its domains, a link or address
    # anywhere else) is not evidence, whatever its metadata says.
    domains = None if policy.link_domains is None else normalized_domains(policy.link_domains)
    suspect = {h.chunk.chunk_id: sorted({f.kind for f in found}) for h in hits
               if (found := _planted(h.chunk.text, domains))}  # fmt: skip
    chunks = tuple(h.chunk for h in hits if h.chunk.chunk_id not in suspect)
    scope = inputs.facts.get("scope") if isinstance(inputs.facts.get("scope"), dict) else None
    customer_scope = {str(k): str(v) for k, v in (scope or {}).items()}
    # Documents of one topic meet whatever their language or headings, even when retrieval found only one.
    related = [c for c in index.same_topic(list(chunks)) if not _planted(c.text, domains)]
    lexicon = DEFAULT_LEXICON.extended(policy.polarity.model_dump())
    evidence = check_evidence(list(chunks), inputs.now.date(), customer_scope, asked_from_query(inputs.turn["text"]),
                              lexicon, related)  # fmt: skip
    base = Grounded(chunks=chunks + tuple(related), hits=hits, evidence=evidence, suspect=suspect)
    if evidence.unresolved:
        return replace(base, fault="conflicting_evidence")
    if not evidence.kept:
        return replace(base, fault="no_evidence")
    generated = generate(backend, turn, evidence_prompt(evidence))
    if generated.fault is not None:
        return replace(base, generated=generated, fault=generated.fault)
    violations = ungrounded_values(generated.result.text, evidence, policy.require_evidence_value)
    if not violations:
        return replace(base, generated=generated, answer=generated.result.text)
    if policy.on_ungrounded != "block":
        retry = generate(backend, turn, evidence_prompt(evidence, allowed_only=True))
        if retry.fault is None and not ungrounded_values(retry.result.text, evidence, policy.require_evidence_value):
            return replace(base, generated=retry, answer=retry.result.text, violations=violations, regenerated=True)
        if policy.on_ungrounded == "regenerate_then_quote":
            return replace(
                base, generated=retry, answer=quote_answer(evidence), violations=violations, regenerated=True
            )
        return replace(base, generated=retry, fault="ungrounded_answer", violations=violations, regenerated=True)
    return replace(base, generated=generated, fault="ungrounded_answer", violations=violations)


def audited_retrieval(grounded: Grounded) -> dict[str, Any] | None:
    if grounded.evidence is None:
        return None
    evidence = grounded.evidence
    asked = evidence.asked
    return {
        "asked": None if asked is None else {"attribute": asked.attribute, "terms": sorted(asked.terms),
                                             "kinds": list(asked.kinds)},
        "hits": [{"chunk_id": h.chunk.chunk_id, "score": h.score, "dense_rank": h.dense_rank,
                  "lexical_rank": h.lexical_rank} for h in grounded.hits],
        "kept": [c.chunk_id for c in evidence.kept],
        "dropped": [asdict(d) for d in evidence.dropped],
        "conflicts": [asdict(c) for c in evidence.conflicts],
        "scoped": [asdict(n) for n in evidence.scoped],
        "forbidden": [list(v) for v in evidence.forbidden],
        "violations": [asdict(v) for v in grounded.violations],
        "regenerated": grounded.regenerated,
        "injection_dropped": grounded.suspect,
    }  # fmt: skip
