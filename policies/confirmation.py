"""Explicit confirmation of an action: did the assistant list the details, and did the customer say yes to them?

Pure and deliberately strict. A reply confirms only when it is short, says one of the bundle's confirm phrases and
none of its decline words ("yes but change the address" is not a yes). The details count as listed when every
argument value of the call (strings, numbers; nested ones included) appears in the assistant's previous message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from interlock.text.normalize import normalize_for_matching

MAX_CONFIRMATION_WORDS = 8  # a longer reply is a new request, not a yes
MAX_CONFIRMATION_CJK_CHARS = 12
_WORD = re.compile(r"[\w']+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _has_phrase(text: str, words: list[str], phrase: str) -> bool:
    if _CJK.search(phrase):
        return phrase in text
    needle = _words(phrase)
    return any(words[i : i + len(needle)] == needle for i in range(len(words) - len(needle) + 1))


def is_confirmation(text: str, confirm: Mapping[str, Sequence[str]], decline: Mapping[str, Sequence[str]]) -> bool:
    """Whether the customer's reply is an unqualified yes, in any of the bundle's languages."""
    folded = normalize_for_matching(text)
    words = _words(folded)
    cjk = len(_CJK.findall(folded))
    if len(words) - cjk > MAX_CONFIRMATION_WORDS or cjk > MAX_CONFIRMATION_CJK_CHARS or not folded.strip():
        return False
    phrases = [normalize_for_matching(p) for language in sorted(confirm) for p in confirm[language]]
    declines = [normalize_for_matching(p) for language in sorted(decline) for p in decline[language]]
    if any(_has_phrase(folded, words, p) for p in declines):
        return False
    return any(_has_phrase(folded, words, p) for p in phrases)


def _values(value: object) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key in sorted(value):
            yield from _values(value[key])
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _values(item)
    elif isinstance(value, bool) or value is None:
        return
    else:
        yield str(value)


def _mentions(folded_text: str, value: str) -> bool:
    folded = normalize_for_matching(value).strip()
    if not folded:
        return True
    spaced = folded.replace("_", " ")
    return folded in folded_text or spaced in folded_text


def details_listed(assistant_text: str | None, arguments: Mapping[str, object]) -> bool:
    """Whether the assistant's previous message names every argument value of the call."""
    if not assistant_text:
        return False
    folded = normalize_for_matching(assistant_text)
    return all(_mentions(folded, value) for value in _values(arguments))
