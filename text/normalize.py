"""Text folded for matching only: the customer's text is always kept (and answered) as sent.

The folding defeats the usual evasions of keyword rules: full-width letters, zero-width characters inside a
word, bidi controls, look-alike Cyrillic/Greek letters, mixed case, Traditional Chinese.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

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


def normalize_for_matching(text: str) -> str:
    """NFKC (full-width -> half-width), drop invisible characters, case-fold, fold homoglyphs and accents,
    Traditional -> Simplified Chinese, collapse whitespace."""
    if text.isascii():  # none of the folds but case and whitespace can change plain ASCII
        return " ".join(text.casefold().split())
    folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_CAPITAL_HOMOGLYPHS).casefold()
    folded = _strip_marks(folded.translate(_HOMOGLYPHS))
    if _has_cjk(folded):
        folded = _to_simplified().convert(folded)
    return " ".join(folded.split())


def language_of(text: str) -> str:
    """'zh' when the text has CJK ideographs, else 'en' (the two languages the demo bundles speak)."""
    return "zh" if _has_cjk(text) else "en"


def _has_cjk(text: str) -> bool:
    return not text.isascii() and any("\u4e00" <= c <= "\u9fff" for c in text)
