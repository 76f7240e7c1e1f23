"""Text folded for matching only: the customer's text is always kept (and answered) as sent.

The folding defeats the usual evasions of keyword rules: full-width letters, zero-width characters inside a
word, bidi controls, look-alike Cyrillic/Greek letters, mixed case, Traditional Chinese.

`normalize_for_matching` folds a text into one line of words (for keyword intents). `fold_keeping_lines` folds
the characters the same way but keeps every line break and the text's length, so a detector can see where a line
starts and say where in the text as sent it found something.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

from interlock.text.linear_regex import compile_re2

# Format characters that render as nothing but split a word for a naive matcher.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x180E, 0xFEFF, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070)]
)
# Cyrillic and Greek letters that look like Latin ones (from Unicode's confusables list, lowercase after casefold).
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "ӏ": "l",
        "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "υ": "u", "ѵ": "v", "ԝ": "w",
        "х": "x", "у": "y", "ү": "y", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "χ": "x", "γ": "y", "ω": "w", "ɑ": "a", "ı": "i", "ȷ": "j", "ɡ": "g",
    }
)  # fmt: skip


# Capitals are folded before case-folding: Greek capital eta looks like H, its lowercase like n.
_CAPITAL_HOMOGLYPHS = str.maketrans(
    {
        "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t",
        "Х": "x", "У": "y", "Ѕ": "s", "І": "i", "Ј": "j", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h",
        "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    }
)  # fmt: skip


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _char_class(codes: list[int]) -> re.Pattern[str]:
    """One `re` character class of these code points, consecutive ones as ranges. `re`, not RE2: it takes any str
    (lone surrogates included), where RE2 takes UTF-8 only."""
    parts, codes = [], sorted(codes)
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else ""))
            start = code
        previous = code
    return re.compile("[" + "".join(parts) + "]")


# A text without any character a table maps is left as it is (a translation looks up every character; a search
# for a character class is one scan).
_HAS_INVISIBLE, _HAS_CAPITAL_HOMOGLYPH, _HAS_HOMOGLYPH = (_char_class(list(t)) for t in (_INVISIBLE,
                                                          _CAPITAL_HOMOGLYPHS, _HOMOGLYPHS))  # fmt: skip


def _translated(text: str, table: dict[int, object], present: re.Pattern[str]) -> str:
    return text.translate(table) if present.search(text) else text


def normalize_for_matching(text: str) -> str:
    """NFKC (full-width -> half-width), drop invisible characters, case-fold, fold homoglyphs and accents,
    Traditional -> Simplified Chinese, collapse whitespace."""
    if text.isascii():  # none of the folds but case and whitespace can change plain ASCII
        return " ".join(text.casefold().split())
    folded = _translated(unicodedata.normalize("NFKC", text), _INVISIBLE, _HAS_INVISIBLE)
    folded = _translated(folded, _CAPITAL_HOMOGLYPHS, _HAS_CAPITAL_HOMOGLYPH).casefold()
    folded = _strip_marks(_translated(folded, _HOMOGLYPHS, _HAS_HOMOGLYPH))
    if _has_cjk(folded):
        folded = _to_simplified().convert(folded)
    return " ".join(folded.split())


# Line folding. Cyrillic look-alikes are folded only inside a word that also has Latin letters ("іgnоrе"): a word
# all in Cyrillic is Russian and is kept, so that Russian can be matched as Russian. Greek and Latin-script
# look-alikes are always folded (no grammar reads Greek).
_CYRILLIC_LOOKALIKES = {code: latin for code, latin in _HOMOGLYPHS.items() if 0x400 <= code <= 0x52F}
_OTHER_LOOKALIKES = {code: latin for code, latin in _HOMOGLYPHS.items() if code not in _CYRILLIC_LOOKALIKES}
_CAPITAL_GREEK = {code: latin for code, latin in _CAPITAL_HOMOGLYPHS.items() if 0x370 <= code <= 0x3FF}
_MIXED_SCRIPT_WORD = compile_re2(r"\pL*(?:[a-z]\pL*[\x{400}-\x{52F}]|[\x{400}-\x{52F}]\pL*[a-z])\pL*")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_ASCII_SPACING = str.maketrans({"\t": " ", **dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e", "\n")})
# Every character that can fold to nothing is a format character or a mark; a text without them whose folded
# length is unchanged lines up one to one.
_MAY_VANISH = compile_re2(r"[\p{Cf}\pM]")
_CJK = compile_re2(r"[\x{4E00}-\x{9FFF}]")
_CACHE_LIMIT = 65536  # distinct characters remembered: a text full of rare characters cannot grow the cache forever


@dataclass(frozen=True)
class FoldedText:
    """A text folded for matching, and where each of its characters came from in the text as sent."""

    text: str
    # origin[i]: index in the text as sent of folded character i; None when the two line up one to one.
    origin: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as sent that folded characters start..end came from."""
        if self.origin is None:
            return start, end
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def _is_latin_or_greek(char: str) -> bool:
    return char < "\u0250" or "\u1e00" <= char <= "\u1eff" or "\u0370" <= char <= "\u03ff"


def _fold_char(char: str) -> str:
    """One character folded: a line break, a space, nothing (format characters, stray combining marks), or its
    NFKC, case-folded, look-alike-folded form with accents dropped from Latin and Greek letters only (the kana
    voicing marks and Cyrillic й are letters, not accents)."""
    if char in _LINE_BREAKS:
        return "\n"
    if char.isspace():
        return " "
    if unicodedata.category(char) == "Cf" or unicodedata.combining(char):
        return ""
    folded = unicodedata.normalize("NFKC", char.translate(_CAPITAL_GREEK)).casefold().translate(_OTHER_LOOKALIKES)
    pieces = []
    for piece in folded:
        if piece == "ё":
            piece = "е"
        elif _is_latin_or_greek(piece) and not piece.isascii():
            piece = "".join(c for c in unicodedata.normalize("NFD", piece) if not unicodedata.combining(c))
            piece = unicodedata.normalize("NFC", piece).translate(_OTHER_LOOKALIKES)
        pieces.append(piece)
    return "".join(pieces)


class _CharFolds(dict):
    """ord -> folded character(s), computed the first time str.translate asks for a character."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()  # characters that do not fold to exactly one character

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < _CACHE_LIMIT:
            self[code] = folded
        if len(folded) != 1:
            self.uneven.add(chr(code))
        return folded


_FOLDS = _CharFolds()


def fold_keeping_lines(text: str) -> FoldedText:
    """Fold like `normalize_for_matching` (NFKC, width, case, look-alikes, accents, zero-width and bidi characters
    dropped, Traditional -> Simplified Chinese) but keep line breaks (each as one "\\n") and spacing, and record
    where each folded character came from."""
    if text.isascii():  # only case and the odd control character change: the offsets stay as they are
        return FoldedText(text.lower().translate(_ASCII_SPACING))
    folded = text.translate(_FOLDS)
    origin = None
    if len(folded) != len(text) or _MAY_VANISH.search(text):
        origin = _origin(text)
    if _MIXED_SCRIPT_WORD.search(folded):
        folded = _MIXED_SCRIPT_WORD.sub(lambda m: m.group(0).translate(_CYRILLIC_LOOKALIKES), folded)
    if _CJK.search(folded):
        folded = _simplified_keeping_length(folded)
    return FoldedText(folded, origin)


def _origin(text: str) -> tuple[int, ...] | None:
    """Where each folded character came from: one to one except at the few characters that fold to nothing or to
    more than one character (found by str.find, not by a Python loop over the whole text)."""
    uneven = sorted(index for char in _FOLDS.uneven.intersection(text) for index in _positions(text, char))
    if not uneven:
        return None
    origin: list[int] = []
    previous = 0
    for index in uneven:
        origin.extend(range(previous, index))
        origin.extend([index] * len(_FOLDS[ord(text[index])]))
        previous = index + 1
    origin.extend(range(previous, len(text) + 1))
    return tuple(origin)


def _positions(text: str, char: str) -> list[int]:
    found, index = [], text.find(char)
    while index >= 0:
        found.append(index)
        index = text.find(char, index + 1)
    return found


def _simplified_keeping_length(text: str) -> str:
    """Traditional -> Simplified; a phrase conversion that changed the length would shift every offset after
    it, so such a text is converted one character at a time instead."""
    converted = _to_simplified().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(s := _to_simplified().convert(c)) != 1 else s for c in text)


def language_of(text: str) -> str:
    """'zh' when the text has CJK ideographs, else 'en' (the two languages the demo bundles speak)."""
    return "zh" if _has_cjk(text) else "en"


def _has_cjk(text: str) -> bool:
    return not text.isascii() and any("\u4e00" <= c <= "\u9fff" for c in text)
