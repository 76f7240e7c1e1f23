"""Intents: keyword lists (one Aho-Corasick automaton per bundle) and RE2 patterns over the normalized text.

Kept apart from the other signals, so that loading a bundle (which builds its matcher) loads no detector."""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick
import re2

from interlock.text.linear_regex import QUIET
from interlock.text.normalize import normalize_for_matching


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
