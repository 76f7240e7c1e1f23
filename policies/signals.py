"""Signals: what the text says, as data a rule can read (intents, entities, PII, injection, harm, handoff requests,
language).

Intents come from keyword lists (one Aho-Corasick automaton per bundle) and RE2 patterns, both over the
normalized text, so evasions fold away before matching. The rules always run; models run only where the bundle
asks for them (`signals:` in the bundle) and the service has handed them over in `SignalModels`: a NER model's
names, places and organisations join the PII spans, exemplar similarity adds harm findings. Either only adds to
what the rules found: with no model the rules decide alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import re2

from interlock.policies.intents import IntentMatcher
from interlock.text.entities import compile_order_id, extract_entities
from interlock.text.findings import Finding
from interlock.text.handoff import handoff_request_findings
from interlock.text.harm import harm_findings, with_similar
from interlock.text.harm_similarity import HarmSimilarity
from interlock.text.injection import injection_findings
from interlock.text.linear_regex import compile_pattern_sets
from interlock.text.ner import NerModel
from interlock.text.normalize import language_of, normalize_for_matching
from interlock.text.pii import PiiSpan, find_pii


@dataclass(frozen=True)
class SignalModels:
    """The models a bundle's signals use, loaded once by the service (none by default: rules only)."""

    ner: NerModel | None = None  # PII: persons, locations, organisations no cue announces
    harm: HarmSimilarity | None = None  # harm: clauses near an exemplar sentence of a class

    def for_answers(self) -> SignalModels:
        """The models the post stage reads a candidate answer with: NER (answers are redacted by type), not the harm
        exemplars, which read the customer (a crisis is the customer's; an embedding per clause of every answer
        would double the cost of a turn)."""
        return SignalModels(ner=self.ner)


NO_MODELS = SignalModels()


def prepare_detectors() -> None:
    """Build every detector's rules now (about a second in all), so the service's first turn does not wait."""
    compile_pattern_sets()
    extract_signals("warm up", IntentMatcher.build({}, {}), compile_order_id())


def findings_data(findings: tuple[Finding, ...]) -> list[dict]:
    """Findings as the audit record keeps them: what was found, by which feature, where (offsets as sent)."""
    return [{"kind": f.kind, "feature": f.feature, "start": f.start, "end": f.end} for f in sorted(findings)]


def pii_spans(text: str, order_id: re2._Regexp, models: SignalModels = NO_MODELS) -> tuple[PiiSpan, ...]:
    """The PII spans of a text: the rules', then the NER model's where no rule's span overlaps. The tenant's own
    identifiers (order ids) are never PII, however much they look like a phone number or a name."""
    return find_pii(text, ner=models.ner, protected=[m.span() for m in order_id.finditer(text)])


def extract_signals(text: str, matcher: IntentMatcher, order_id: re2._Regexp, models: SignalModels = NO_MODELS) -> dict:
    """Signals of one text, as plain data (the CEL `signals` / `output` variable)."""
    normalized = normalize_for_matching(text)
    pii = pii_spans(text, order_id, models)
    matched = matcher.match(normalized)
    injection = injection_findings(text)
    harm = harm_findings(text)
    if models.harm is not None:
        harm = with_similar(harm, models.harm.findings(text))
    handoff = handoff_request_findings(text)
    modelled = tuple(Finding(s.start, s.end, s.type, s.feature) for s in pii if s.feature)
    return {
        "intents": sorted(matched),
        "matched": matched,
        "entities": extract_entities(text, pii, order_id),
        "pii": [{"type": s.type, "start": s.start, "end": s.end} for s in pii],
        "pii_types": sorted({s.type for s in pii}),
        "language": language_of(text),
        "injection": sorted({f.kind for f in injection}),
        "harm": sorted({f.kind for f in harm}),
        "handoff_requested": bool(handoff),
        "findings": {
            "injection": findings_data(injection),
            "harm": findings_data(harm),
            "handoff_request": findings_data(handoff),
            "pii": findings_data(modelled),
        },
        "normalized": normalized,
    }
