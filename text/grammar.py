"""Phrase rules over folded text, reported with offsets into the text as sent: the machinery of the harm and
handoff detectors.

A rule is an RE2 pattern plus optional vetoes on the few words just before and after its match. RE2 has no
look-around (that is what keeps it linear), and most of a rule's precision lives there: the negation in "I don't
want to die", the idiom in "shoot you an email", the price in 跳楼价.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import re2

from interlock.text.findings import Finding
from interlock.text.linear_regex import compile_re2
from interlock.text.normalize import normalize_for_matching

# Phone keyboards type a curly apostrophe ("I’m"); rules are written with the straight one.
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'"})
_IRREGULAR_SPACE = compile_re2(r"\s\s|[\t\n\r\f\v]")


@dataclass(frozen=True)
class Folded:
    """Text folded for matching, and where each of its characters came from in the text as sent."""

    text: str
    origins: tuple[int, ...] | None  # origins[i]: index in the sent text of folded char i; None: the same index

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.origins is None:
            return start, end
        return self.origins[start], self.origins[end - 1] + 1


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    # The shared folding applied one character at a time, so that each folded character keeps its origin.
    return normalize_for_matching(char).translate(_APOSTROPHES)


def fold(text: str) -> Folded:
    """`normalize_for_matching` (case, width, invisible characters, look-alikes, accents, 繁→简, one space between
    words), plus straight apostrophes, keeping the offsets of the text as sent."""
    if text.isascii() and not _IRREGULAR_SPACE.search(text):
        return Folded(text.lower(), None)  # the common case: the fold keeps every offset
    return _fold_other(text)


@lru_cache(maxsize=4)  # the harm and handoff detectors fold the same message in one turn
def _fold_other(text: str) -> Folded:
    pieces = [char.lower() if char.isascii() else _fold_char(char) for char in text]
    if (
        all(len(piece) == 1 for piece in pieces)
        and not _IRREGULAR_SPACE.search(text)
        and not text[:1].isspace()
        and not text[-1:].isspace()
        and all(char == " " or not char.isspace() for char in text)
    ):
        return Folded("".join(pieces), None)  # one character for one (Chinese, accents, case): offsets kept
    chars: list[str] = []
    origins: list[int] = []
    space_at = -1  # where a run of whitespace began: it becomes one space before the next character
    for index, char in enumerate(text):
        if char.isspace():
            if chars and space_at < 0:
                space_at = index
            continue
        piece = char.lower() if char.isascii() else _fold_char(char)
        if not piece:
            continue  # an invisible character folds away
        if space_at >= 0:
            chars.append(" ")
            origins.append(space_at)
            space_at = -1
        chars.append(piece)
        origins.extend([index] * len(piece))
    return Folded("".join(chars), tuple(origins))


@dataclass(frozen=True)
class Rule:
    """One pattern of one kind. A match is vetoed when `not_before` finds a match in the folded text just before
    it (write it ending with `$`) or `not_after` in the text just after it (write it starting with `^`)."""

    kind: str
    feature: str
    pattern: str
    not_before: str = ""
    not_after: str = ""


WINDOW = 48  # characters of context a veto sees on each side of a match: a few words

# RE2 builds a set's DFA lazily, state by state, as texts need them, within a memory budget; when the budget is
# spent it throws the states away and starts again. The harm lexicon's set does not fit RE2's default 8 MiB: every
# new message rebuilt states (p50 0.7 ms, p99 12-20 ms on 750 characters, while the benchmark's 64 recycled inputs
# looked fast). With room for its states the set answers a new message in about 0.01 ms once warm.
_SET_OPTIONS = re2.Options()
_SET_OPTIONS.log_errors = False
_SET_OPTIONS.max_mem = 64 << 20


class Grammar:
    """Rules compiled once; one RE2 set says which of them can match a text, so only those run on it."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._compiled = [compile_re2(rule.pattern) for rule in self.rules]
        self._set = re2.Set.SearchSet(_SET_OPTIONS)
        for rule in self.rules:
            self._set.Add(rule.pattern)
        self._set.Compile()
        self._vetoes = [
            (compile_re2(rule.not_before) if rule.not_before else None,
             compile_re2(rule.not_after) if rule.not_after else None)
            for rule in self.rules
        ]  # fmt: skip

    def present(self, folded: str) -> frozenset[int]:
        """Indexes of the rules whose pattern matches somewhere in the folded text (vetoes not applied)."""
        return frozenset(self._set.Match(folded) or ())  # None when nothing matches

    def findings(self, text: str) -> tuple[Finding, ...]:
        folded = fold(text)
        found: set[Finding] = set()
        for index in self.present(folded.text):
            rule, (before, after) = self.rules[index], self._vetoes[index]
            for match in self._compiled[index].finditer(folded.text):
                start, end = match.span()
                if before is not None and before.search(folded.text[max(0, start - WINDOW) : start]):
                    continue
                if after is not None and after.search(folded.text[end : end + WINDOW]):
                    continue
                found.add(Finding(*folded.span(start, end), rule.kind, rule.feature))
        return tuple(sorted(found))
