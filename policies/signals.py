"""Signals: what the text says, as data a rule can read (intents, entities, PII, injection, harm, handoff requests,
language).

Intents come from keyword lists (one Aho-Corasick automaton per bundle) and RE2 patterns, both over the
normalized text, so evasions fold away before matching. Nothing here calls a model.
"""

from __future__ import annotations

import re2

from interlock.policies.intents import IntentMatcher
from interlock.text.entities import compile_order_id, extract_entities
from interlock.text.findings import Finding
from interlock.text.handoff import handoff_request_findings
from interlock.text.harm import harm_findings
from interlock.text.injection import injection_findings
from interlock.text.normalize import language_of, normalize_for_matching
from interlock.text.pii import find_pii


def prepare_detectors() -> None:
    """Build every detector's rules now (about a second in all), so the service's first turn does not wait."""
    extract_signals("warm up", IntentMatcher.build({}, {}), compile_order_id())


def findings_data(findings: tuple[Finding, ...]) -> list[dict]:
    """Findings as the audit record keeps them: what was found, by which feature, where (offsets as sent)."""
    return [{"kind": f.kind, "feature": f.feature, "start": f.start, "end": f.end} for f in sorted(findings)]


def extract_signals(text: str, matcher: IntentMatcher, order_id: re2._Regexp) -> dict:
    """Signals of one text, as plain data (the CEL `signals` / `output` variable)."""
    normalized = normalize_for_matching(text)
    # The tenant's own identifiers (order ids) are never PII, however much they look like a phone number.
    pii = find_pii(text, protected=[m.span() for m in order_id.finditer(text)])
    matched = matcher.match(normalized)
    injection = injection_findings(text)
    harm = harm_findings(text)
    handoff = handoff_request_findings(text)
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
        "findings": {"injection": findings_data(injection), "harm": findings_data(harm),
                     "handoff_request": findings_data(handoff)},
        "normalized": normalized,
    }
