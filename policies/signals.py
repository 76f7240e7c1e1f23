"""Signals: what the text says, as data a rule can read (intents, entities, PII, language).

Intents come from keyword lists (one Aho-Corasick automaton per bundle) and RE2 patterns, both over the
normalized text, so evasions fold away before matching. Nothing here calls a model.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick
import re2

from interlock.text.entities import extract_entities
from interlock.text.findings import Finding
from interlock.text.handoff import handoff_request_findings
from interlock.text.harm import harm_findings
from interlock.text.linear_regex import QUIET, PatternSet
from interlock.text.normalize import language_of, normalize_for_matching
from interlock.text.pii import find_pii


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


@dataclass(frozen=True)
class IntentMatcher:
    automaton: ahocorasick.Automaton | None
    # One RE2 set holds every intent pattern, so a text is scanned once however many patterns there are.
    pattern_set: re2.Set | None
    pattern_intents: tuple[tuple[str, str], ...]  # (intent, pattern) by the set's index

    @classmethod
    def build(cls, keywords: dict[str, list[str]], patterns: dict[str, list[str]]) -> IntentMatcher:
        """keywords/patterns: intent -> list. Keywords are normalized like the text they are matched against."""
        entries: dict[str, set[str]] = {}
        for intent, words in sorted(keywords.items()):
            for word in words:
                folded = normalize_for_matching(word)
                if folded:
                    entries.setdefault(folded, set()).add(intent)
        automaton = None
        if entries:
            automaton = ahocorasick.Automaton()
            for folded, intents in sorted(entries.items()):
                automaton.add_word(folded, (folded, tuple(sorted(intents))))
            automaton.make_automaton()
        pattern_intents = tuple((intent, p) for intent, ps in sorted(patterns.items()) for p in ps)
        pattern_set = None
        if pattern_intents:
            pattern_set = re2.Set.SearchSet(QUIET)
            for _, pattern in pattern_intents:
                pattern_set.Add(pattern)
            pattern_set.Compile()
        return cls(automaton, pattern_set, pattern_intents)

    def match(self, normalized: str) -> dict[str, list[str]]:
        """intent -> the keywords/patterns that matched, both sorted."""
        found: dict[str, set[str]] = {}
        if self.automaton is not None:
            for end, (word, intents) in self.automaton.iter(normalized):
                start = end - len(word) + 1
                # ASCII keywords match whole words only ("refund" is not inside "refundable"); CJK has no spaces.
                if _is_word_char(word[0]) and start > 0 and _is_word_char(normalized[start - 1]):
                    continue
                if _is_word_char(word[-1]) and end + 1 < len(normalized) and _is_word_char(normalized[end + 1]):
                    continue
                for intent in intents:
                    found.setdefault(intent, set()).add(word)
        if self.pattern_set is not None:
            for index in sorted(self.pattern_set.Match(normalized) or ()):
                intent, pattern = self.pattern_intents[index]
                found.setdefault(intent, set()).add(f"/{pattern}/")
        return {intent: sorted(words) for intent, words in sorted(found.items())}


# Prompt-injection markers (over the normalized text), English and Chinese. They are signals: rules decide.
_INJECTION_PATTERNS = {
    "ignore_instructions": r"(ignore|disregard|forget)( all| any| the| your)? (previous|prior|above|earlier|system)"
    r" (instructions|rules|prompts?|messages)|忽略(之前|以上|前面|上面|所有)的?(指令|说明|规则|提示)",
    "role_play_system": r"(you are now|act as|pretend to be|from now on you are) (the |an? )?(system|developer|admin"
    r"|administrator|dan)\b|你现在是(系统|管理员|开发者)|扮演(系统|管理员|开发者)",
    "reveal_prompt": r"(reveal|show|print|repeat) (me )?(your|the) (system )?(prompt|instructions)|"
    r"(显示|输出|告诉我)(你的)?(系统)?(提示词|指令)",
    "fake_role_marker": r"<\|im_start\|>|\[/?inst\]|^\s*(system|assistant)\s*:|###\s*(system|instruction)",
}
_INJECTION = PatternSet(_INJECTION_PATTERNS)
_HIDDEN = frozenset(map(chr, [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def injection_markers(text: str, normalized: str) -> list[str]:
    """Names of the injection markers in a text; `hidden_text` when it carries invisible or bidi characters."""
    found = list(_INJECTION.present(normalized))
    if not text.isascii() and not _HIDDEN.isdisjoint(text):
        found.append("hidden_text")
    return sorted(found)


def findings_data(findings: tuple[Finding, ...]) -> list[dict]:
    """Findings as the audit record keeps them: what was found, by which feature, where (offsets as sent)."""
    return [{"kind": f.kind, "feature": f.feature, "start": f.start, "end": f.end} for f in sorted(findings)]


def extract_signals(text: str, matcher: IntentMatcher, order_id: re2._Regexp) -> dict:
    """Signals of one text, as plain data (the CEL `signals` / `output` variable)."""
    normalized = normalize_for_matching(text)
    # The tenant's own identifiers (order ids) are never PII, however much they look like a phone number.
    pii = find_pii(text, protected=[m.span() for m in order_id.finditer(text)])
    matched = matcher.match(normalized)
    harm = harm_findings(text)
    handoff = handoff_request_findings(text)
    return {
        "intents": sorted(matched),
        "matched": matched,
        "entities": extract_entities(text, pii, order_id),
        "pii": [{"type": s.type, "start": s.start, "end": s.end} for s in pii],
        "pii_types": sorted({s.type for s in pii}),
        "language": language_of(text),
        "injection": injection_markers(text, normalized),
        "harm": sorted({f.kind for f in harm}),
        "handoff_requested": bool(handoff),
        "findings": {"harm": findings_data(harm), "handoff_request": findings_data(handoff)},
        "normalized": normalized,
    }
