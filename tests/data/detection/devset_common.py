"""Helpers the generator's parts share: the seeded random source, surface noise (typos, casing), slot filling.

Everything is driven by one `random.Random` passed in; nothing iterates over a set, so the output is the same on
every run and every machine.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

SEED = 20261123

# Latin-script neighbours on a QWERTY keyboard, for realistic substitution typos.
_NEIGHBOURS = {
    "a": "qsz", "b": "vgn", "c": "xvd", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fht", "h": "gjy", "i": "uok",
    "j": "hku", "k": "jli", "l": "kop", "m": "n", "n": "bm", "o": "ipl", "p": "o", "q": "wa", "r": "etf",
    "s": "adw", "t": "ryg", "u": "yij", "v": "cb", "w": "qes", "x": "zc", "y": "tu", "z": "xs",
}  # fmt: skip


def typo(rng: random.Random, text: str, count: int = 1) -> str:
    """`count` keyboard slips (swap, drop, double, neighbour key) in words of five or more Latin letters."""
    for _ in range(count):
        words = [m for m in re.finditer(r"[A-Za-z]{5,}", text)]
        if not words:
            return text
        word = rng.choice(words)
        w = word.group(0)
        i = rng.randrange(1, len(w) - 1)
        kind = rng.choice(("swap", "drop", "double", "neighbour"))
        if kind == "swap":
            new = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
        elif kind == "drop":
            new = w[:i] + w[i + 1 :]
        elif kind == "double":
            new = w[:i] + w[i] + w[i:]
        else:
            near = _NEIGHBOURS.get(w[i].lower(), w[i])
            new = w[:i] + rng.choice(near) + w[i + 1 :]
        text = text[: word.start()] + new + text[word.end() :]
    return text


def casing(rng: random.Random, text: str) -> str:
    """One of the ways people actually type: as written, all lower, ALL CAPS, no final punctuation."""
    mode = rng.choice(("keep", "keep", "keep", "lower", "lower", "upper", "nopunct"))
    if mode == "lower":
        return text.lower()
    if mode == "upper":
        return text.upper()
    if mode == "nopunct":
        return text.rstrip(".!?。！？")
    return text


def noisy(rng: random.Random, text: str, lang: str, p_typo: float = 0.25, p_case: float = 0.3) -> str:
    """Typos and casing for Latin-script languages; CJK and Cyrillic text is left as written (casing applies to
    Cyrillic too)."""
    if lang in ("en", "de", "es", "fr", "pt", "it", "nl") and rng.random() < p_typo:
        text = typo(rng, text, 1 if rng.random() < 0.8 else 2)
    if lang not in ("zh", "ja", "ko") and rng.random() < p_case:
        text = casing(rng, text)
    return text


def fill(rng: random.Random, template: str, slots: dict[str, Sequence[str]]) -> str:
    """Replace each {name} with a random value of slots[name] (each occurrence drawn independently)."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        return rng.choice(slots[name]) if name in slots else match.group(0)

    return re.sub(r"\{([a-z_0-9]+)\}", one, template)


def unique(rows: list[dict]) -> list[dict]:
    """Rows with a text not seen before, in order."""
    seen: dict[str, None] = {}
    out = []
    for row in rows:
        if row["text"] not in seen:
            seen[row["text"]] = None
            out.append(row)
    return out


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text
