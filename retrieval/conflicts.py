"""The evidence-conflict check: pure, from retrieved chunks to the evidence the model may see.

Chunks that are not in effect today (or outside the customer's scope) are filtered first. Then two chunks of
different documents conflict when they give disjoint answers to the same thing:

- With the question (`asked`, a live turn): the relevant hits are compared with each other whatever their headings
  or language (documents with different front-matter `topic`s never are). In each chunk only the sentences that
  answer the asked attribute count: they name its terms (the heading counts half) at least half as well as the
  best sentence of any chunk, and state a value of the asked kind or say yes/no. A conflict is disjoint values of
  the asked kind (all kinds when the question names none), or two such sentences about the same thing (their
  terms, polarity words left out, largely the same) with opposite polarity ("can be returned" vs "are excluded
  from returns").
- Without one (`index lint`): chunks of one subject (front-matter `topic`, else the section heading) conflict when
  they state different values of one kind, or sentences about the same thing with opposite polarity.

Differences between chunks whose scopes are disjoint, or whose sentences name different products ("X1" vs
"X1 Pro"), are not conflicts: both stand, each labelled (`scoped`). A conflict is resolved by, first match wins:
explicit `supersedes`; higher authority; newer effective date. Otherwise it is unresolved and the policy decides.
Losing chunks are dropped; their values are forbidden in the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import Literal

from interlock.retrieval.asked import Asked, names_in, stems, terms, tokens
from interlock.retrieval.chunking import Chunk
from interlock.retrieval.documents import DocumentMeta
from interlock.retrieval.polarity import DEFAULT_LEXICON, Lexicon
from interlock.retrieval.sentences import Sentence
from interlock.retrieval.values import TypedValue
from interlock.text.normalize import normalize_for_matching

Resolution = Literal["superseded", "authority", "effective_date", "unresolved"]
# A sentence answers the question when it names at least this share of the best sentence's score.
ANSWER_RATIO = 0.5
# Two sentences are about the same thing when most of the smaller one's terms are the other's too.
SAME_THING_OVERLAP = 0.6
SAME_THING_JACCARD = 0.4
_MODEL = re.compile(r"^[a-z]{1,4}[0-9]{1,4}[a-z]?$")
_MODEL_SUFFIXES = frozenset({"pro", "plus", "max", "mini", "lite", "ultra", "se", "air"})
# A sentence with one of these is about someone else than the question's subject ("her father was born in 1851").
RELATIONS = frozenset(str.split(
    "father mother brother sister son daughter wife husband parents grandfather grandmother uncle aunt cousin "
    "nephew niece 父亲 母亲 哥哥 弟弟 姐姐 妹妹 丈夫 妻子 儿子 女儿 祖父 祖母"
))  # fmt: skip
# What a measure (a number with a unit of length, area, speed, mass) can be the answer to.
MEASURED = frozenset(
    {"length", "height", "depth", "width", "area", "wingspan", "speed", "rainfall", "weight", "distance"}
)
_AMOUNTS = re.compile(r"^(?:[A-Z]{3} )?(-?[0-9.]+(?:e[+-]?[0-9]+)?)(?:-([0-9.]+(?:e[+-]?[0-9]+)?))?(?: (.*))?$")
_NUMERIC = frozenset({"duration", "money", "percent", "measure", "count", "year", "date"})
_RAW_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.([0-9]+))?")


@dataclass(frozen=True)
class Dropped:
    chunk_id: str
    reason: Literal["not_effective", "out_of_scope", "superseded", "authority", "effective_date"]
    by: str | None = None


@dataclass(frozen=True)
class Conflict:
    subject: str
    kind: str  # a value kind, or "polarity"
    chunk_ids: tuple[str, str]
    values: tuple[tuple[str, ...], tuple[str, ...]]  # polarity: ("yes",) vs ("no",)
    resolution: Resolution
    winner: str | None
    attribute: str = ""  # what the question asked ("" without one)
    sentences: tuple[str, str] = ("", "")  # the sentences compared, one per chunk
    why: str = ""


@dataclass(frozen=True)
class ScopeNote:
    subject: str
    kind: str
    scopes: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (chunk_id, sorted scope items)
    by: Literal["scope", "entity"] = "scope"
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    kept: tuple[Chunk, ...]
    dropped: tuple[Dropped, ...]
    conflicts: tuple[Conflict, ...]
    scoped: tuple[ScopeNote, ...]
    forbidden: tuple[tuple[str, str], ...]  # (kind, value) stated only by dropped chunks
    asked: Asked | None = None

    @property
    def unresolved(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if c.resolution == "unresolved")


def in_effect(meta: DocumentMeta, today: date) -> bool:
    return (meta.effective_from is None or meta.effective_from <= today) and (
        meta.effective_to is None or today <= meta.effective_to
    )


def scopes_overlap(a: dict[str, str], b: dict[str, str]) -> bool:
    """Two scopes overlap unless they name the same dimension with different values."""
    return all(a[key].casefold() == b[key].casefold() for key in a.keys() & b.keys())


def _resolve(a: Chunk, b: Chunk) -> tuple[Resolution, Chunk | None]:
    """The winner of a conflicting pair, or None if nothing decides it."""
    if b.doc_id in a.meta.supersedes and a.doc_id not in b.meta.supersedes:
        return "superseded", a
    if a.doc_id in b.meta.supersedes and b.doc_id not in a.meta.supersedes:
        return "superseded", b
    if a.meta.authority != b.meta.authority:
        return "authority", a if a.meta.authority > b.meta.authority else b
    a_from, b_from = a.meta.effective_from or date.min, b.meta.effective_from or date.min
    if a_from != b_from:
        return "effective_date", a if a_from > b_from else b
    return "unresolved", None


@dataclass(frozen=True)
class _Said:
    """One sentence of a chunk as the check reads it."""

    sentence: Sentence
    content: frozenset[str]  # its terms without polarity words
    polarity: int
    models: frozenset[str]  # product names it mentions ("x1", "x1 pro")


def _models(words: tuple[str, ...] | list[str]) -> frozenset[str]:
    found = set()
    for i, word in enumerate(words):
        if _MODEL.match(word):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            found.add(f"{word} {nxt}" if nxt in _MODEL_SUFFIXES else word)
    return frozenset(found)


def _read(chunk: Chunk, lexicon: Lexicon, affirm: bool = False) -> tuple[frozenset[str], list[_Said]]:
    """The heading's terms and the sentences; with `affirm` (a yes/no question) a plain statement says yes."""
    head_words = tokens(normalize_for_matching(f"{chunk.section} {chunk.meta.topic or ''}"))
    head = terms(head_words, lexicon.words)
    said = []
    for s in chunk.sentences:
        content, polarity, models = _analysed(s.tokens, lexicon)
        said.append(_Said(s, content, polarity or int(affirm), models))
    return head, said


@lru_cache(maxsize=65536)
def _analysed(words: tuple[str, ...], lexicon: Lexicon) -> tuple[frozenset[str], int, frozenset[str]]:
    """A sentence's terms, polarity and product names: the same every turn, so kept."""
    return terms(list(words), lexicon.words), lexicon.polarity(words), _models(words)


def _same_thing(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    if not shared:
        return False
    return shared / min(len(a), len(b)) >= SAME_THING_OVERLAP and shared / len(a | b) >= SAME_THING_JACCARD


def _score(asked: frozenset[str], sentence: frozenset[str], heading: frozenset[str]) -> float:
    """How well a sentence names what was asked: its own terms count whole, its heading's half."""
    return len(asked & sentence) + 0.5 * len(asked & (heading - sentence))


def answering_kinds(asked: Asked) -> set[str]:
    """The value kinds that answer the question: a fee may be a percentage, a phone question may get a URL."""
    kinds = {k for k in asked.kinds if k != "yes_no"}
    return kinds | ({"percent"} if "money" in kinds else set())


_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def _words(text: str) -> frozenset[str]:
    """Lowercase words, possessive and plural -s dropped: what names are looked up in."""
    return frozenset(w.removesuffix("'s").removesuffix("'").removesuffix("s") for w in _WORD.findall(text.lower()))


def _about_subject(one: _Said, heading: frozenset[str], names: frozenset[str]) -> bool:
    """The sentence is about what the question names: with its heading it names all of it ("Ostby is a village
    ... on a fjord 23 km long" is not about the Ostby Tunnel). A sentence about a relative of the subject is not
    ("her father was born in 1851")."""
    if not names:
        return True
    if RELATIONS & set(one.sentence.tokens):
        return False
    return {n.removesuffix("s") for n in names} <= _words(one.sentence.text) | heading


def _written_as_names(words: frozenset[str], chunks: list[Chunk]) -> frozenset[str]:
    """The words of a lowercase question that the evidence writes capitalized inside a sentence: its names."""
    if not words:
        return frozenset()
    capitalized = {n for c in chunks for s in c.sentences for n in _subject_names(s.text)}
    return frozenset(w for w in words if w.removesuffix("s") in capitalized)


def _subject_names(text: str) -> frozenset[str]:
    """Capitalized words of a sentence other than its first, plural -s dropped."""
    rest = text.split(" ", 1)[1] if " " in text else ""
    return frozenset(n.removesuffix("s") for n in names_in(rest))


def _answering_values(one: _Said, asked: Asked, kinds: set[str]) -> tuple[TypedValue, ...]:
    """The sentence's values of the asked kinds; a count only when it counts what was asked ("291 buildings")."""
    return tuple(v for v in one.sentence.values if v.kind in kinds and (v.kind != "count" or _counts_asked(v, asked)))


def _counts_asked(value: TypedValue, asked: Asked) -> bool:
    noun = value.value.split(" ", 1)[-1]
    if not noun.isascii():
        return noun in asked.terms or noun == "个"
    return bool((terms([noun]) | {noun}) & asked.terms)


def _answers(live: list[Chunk], asked: Asked, lexicon: Lexicon) -> dict[str, list[_Said]]:
    """Per chunk, the sentences that answer the question (maybe none). A question that names no kind of value
    compares polarity only ("what is the gift card refund policy?"), and one that names no attribute nothing."""
    value_kinds = answering_kinds(asked)
    yes_no = "yes_no" in asked.kinds
    if not value_kinds and not asked.terms and not yes_no:
        return {}
    names = asked.names or _written_as_names(asked.loose, live)
    question_years = asked.years
    attribute = (asked.terms - terms(sorted(names))) if names else frozenset()
    said_words = asked.said if names else frozenset()
    scored: list[tuple[str, float, _Said]] = []
    for chunk in live:
        head, said = _read(chunk, lexicon, yes_no)
        heading_names = _words(f"{chunk.section} {chunk.meta.topic or ''}")
        for one in said:
            if not (_answering_values(one, asked, value_kinds) or one.polarity):
                continue
            if not _about_subject(one, heading_names, names):
                continue
            if question_years and not ({"year", "date"} & value_kinds) and _other_years(one, question_years):
                continue  # the question asks about 2015; this sentence is about 2019
            if _other_measure(one, asked):
                continue  # "the river is 900 m wide" does not answer how long the bridge is
            if (attribute or said_words) and not (
                attribute & (one.content | head | _value_nouns(one)) or said_words & stems(one.sentence.tokens)
            ):
                continue  # it does not say what is asked about the subject
            one = _clause_polarity(one, asked, lexicon, yes_no)
            score = _score(asked.terms, one.content, head) if asked.terms else 1.0
            if score > 0:
                scored.append((chunk.chunk_id, score, one))
    best = max((score for _, score, _ in scored), default=0.0)
    answers: dict[str, list[_Said]] = {}
    for chunk_id, score, one in scored:
        if score >= ANSWER_RATIO * best:
            answers.setdefault(chunk_id, []).append(one)
    return answers


_CLAUSE_BREAK = re.compile(r"\b(?:and|but|while|whereas|however|although)\b|[,;，；]|但是|但|而|不过")


def _clause_polarity(one: _Said, asked: Asked, lexicon: Lexicon, affirm: bool) -> _Said:
    """A sentence of several clauses says yes or no by the clause that names most of what was asked: "open on
    Mondays and closed on Tuesdays" says yes about Mondays."""
    if not one.polarity:
        return one
    parts = _CLAUSE_BREAK.split(normalize_for_matching(one.sentence.text))
    if len(parts) < 2:
        return one
    clauses = [tokens(lexicon.rewrite(part)) for part in parts]
    scored = [(len(asked.terms & terms(c, lexicon.words)), -i, c) for i, c in enumerate(clauses) if c]
    best = max(scored)
    if best[0] == 0 or sum(s[0] == best[0] for s in scored) > 1:
        return one
    return replace(one, polarity=lexicon.polarity(best[2]) or int(affirm), content=terms(best[2], lexicon.words))


def _other_years(one: _Said, years: frozenset[str]) -> bool:
    stated = {v.value[:4] for v in one.sentence.values if v.kind in ("year", "date") and v.value[:4].isdigit()}
    return bool(stated) and stated.isdisjoint(years)


def _other_measure(one: _Said, asked: Asked) -> bool:
    """The question asks one measured attribute (length) and the sentence names only another (width)."""
    wanted = asked.terms & MEASURED
    named = one.content & MEASURED
    return bool(wanted and named and not wanted & named)


def _value_nouns(one: _Said) -> frozenset[str]:
    """What the sentence's values are of: a count's noun; a length, height, depth or area for a measure."""
    nouns = terms([v.value.split(" ", 1)[-1] for v in one.sentence.values if v.kind == "count"])
    return nouns | (MEASURED if any(v.kind == "measure" for v in one.sentence.values) else frozenset())


def _key(value: TypedValue, kinds: set[str] | None) -> tuple[str, str]:
    """What a value is compared under: its kind and what it is of (a percentage's base, a count's noun, a
    measure's unit); a date answers a "when" question like a year."""
    if value.kind == "date" and kinds is not None and "year" in kinds:
        return ("year", "")
    if value.kind in ("count", "measure"):
        return (value.kind, value.value.split(" ", 1)[-1])
    return (value.kind, value.about)


def _by_kind(said: list[_Said], kinds: set[str] | None, asked: Asked | None = None):
    """(kind, what it is of) -> values, the sentences stating them, and the values as read with their hedge."""
    out: dict[tuple[str, str], tuple[set[str], list[str], list[tuple[TypedValue, str]]]] = {}
    for one in said:
        found = one.sentence.values if asked is None or kinds is None else _answering_values(one, asked, kinds)
        for value in found:
            if kinds is None or value.kind in kinds:
                values, sentences, read = out.setdefault(_key(value, kinds), (set(), [], []))
                values.add(value.value)
                read.append((value, _hedge(one.sentence.text, value)))
                if one.sentence.text not in sentences:
                    sentences.append(one.sentence.text)
    return out


_ABOUT = re.compile(r"(?:about|around|approximately|approx\.|roughly|some|circa|c\.|nearly|almost|约|大约|将近|近)\s*$")
_ABOUT_AFTER = re.compile(r"^\s*(?:左右|上下)")
_OVER = re.compile(r"(?:over|more than|at least|upwards of|超过|逾)\s*$")
_UNDER = re.compile(r"(?:under|less than|fewer than|不到|少于)\s*$")


def _hedge(text: str, value: TypedValue) -> str:
    """How the text states a value: "about" 43 years, "over" 65,000 people (counts only), or exactly ("")."""
    folded = text.lower()
    at = folded.find(value.raw.lower())
    if at < 0:
        return ""
    before, after = folded[max(0, at - 16) : at], folded[at + len(value.raw) : at + len(value.raw) + 4]
    if _ABOUT.search(before) or _ABOUT_AFTER.match(after):
        return "about"
    if value.kind == "count" and _OVER.search(before):
        return "over"
    if value.kind == "count" and _UNDER.search(before):
        return "under"
    return ""


def _interval(value: TypedValue, hedge: str = "") -> tuple[float, float, str] | None:
    """The amounts a value can mean: its range widened by half its stated precision ("42.7 years" is 42.65-42.75),
    or with "about" by half its last significant digit ("about 43 years" is 42.5-43.5, "about 4,000" 3,500-4,500,
    "around 1850" 1845-1855); "over 65,000" has no upper end. In its normalized unit."""
    if value.kind in ("year", "date"):
        years = re.findall(r"(?<![0-9])((?:1[0-9]|20)[0-9]{2})", value.value)
        if not years or value.value.startswith("--"):
            return None
        low, high = float(min(years)), float(max(years))
        step = _place(min(years)) / 2 if hedge == "about" and value.kind == "year" else 0.0
        return (low - step, high + step, "year")
    m = _AMOUNTS.match(value.value)
    raw = _RAW_NUMBER.search(value.raw)
    if m is None:
        return None
    low = float(m.group(1))
    high = float(m.group(2)) if m.group(2) else low
    step = 0.0
    if raw is not None and float(raw.group(0).replace(",", "")):
        factor = low / float(raw.group(0).replace(",", ""))
        place = _place(raw.group(0).replace(",", "")) if hedge == "about" else 10 ** -len(raw.group(1) or "")
        step = 0.499 * factor * place  # "1 year" and "2 years" do not meet
    if hedge == "over":
        high = float("inf")
    elif hedge == "under":
        low = float("-inf")
    return (low - step, high + step, (m.group(3) or "").split("-")[0])


def _place(number: str) -> float:
    """The place of a number's last significant digit: 1 for 43, 1000 for 4000, 0.1 for 42.7."""
    if "." in number:
        return 10.0 ** -len(number.split(".", 1)[1])
    digits = number.lstrip("-")
    return 10.0 ** (len(digits) - len(digits.rstrip("0"))) if digits.strip("0") else 1.0


def _compatible(a: tuple[TypedValue, str], b: tuple[TypedValue, str]) -> bool:
    """Two values can state the same fact: equal, one within the other's range, or equal at the coarser one's
    precision. Dates compare exactly with dates, by year with years."""
    (va, ha), (vb, hb) = a, b
    if va.value == vb.value:
        return True
    if va.kind not in _NUMERIC or vb.kind not in _NUMERIC:
        return False
    if va.kind == vb.kind == "date":
        return va.value.startswith(vb.value) or vb.value.startswith(va.value)
    ia, ib = _interval(va, ha), _interval(vb, hb)
    if ia is None or ib is None or ia[2] != ib[2]:
        return False
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _years_of(said: list[_Said], texts: list[str]) -> frozenset[str]:
    """The years the sentences stating a value give it (its time qualifier: "in 2015", "the 2011 census")."""
    return frozenset(v.value[:4] for one in said if one.sentence.text in texts for v in one.sentence.values
                     if v.kind in ("year", "date") and v.value[:4].isdigit())  # fmt: skip


def _different_times(a: list[_Said], texts_a: list[str], b: list[_Said], texts_b: list[str]) -> bool:
    years_a, years_b = _years_of(a, texts_a), _years_of(b, texts_b)
    return bool(years_a and years_b and years_a.isdisjoint(years_b))


def _disagreements(a: list[_Said], b: list[_Said], kinds: set[str] | None, asked: Asked | None):
    """(kind, values a, values b, sentence a, sentence b, why, models a, models b) for each disagreement."""
    found = []
    ka, kb = _by_kind(a, kinds, asked), _by_kind(b, kinds, asked)
    for key in sorted(ka.keys() | kb.keys()):
        kind, about = key
        # A percentage that does not say what it is of is compared with every percentage.
        va = ka.get(key) or (ka.get((kind, "")) if about else None)
        vb = kb.get(key) or (kb.get((kind, "")) if about else None)
        if not va or not vb or va[0] == vb[0]:
            continue
        if asked is not None and any(_compatible(x, y) for x in va[2] for y in vb[2]):
            continue  # with a question: the two answers must be disjoint, at their stated precision
        if asked is not None and kind not in ("year", "date") and _different_times(a, va[1], b, vb[1]):
            continue  # "4,300 employees in 2015" and "5,100 in 2020" are two facts
        if any(f[0] == kind and f[1] == tuple(sorted(va[0])) for f in found):
            continue
        why = f"{kind} stated as {', '.join(sorted(va[0]))} vs {', '.join(sorted(vb[0]))}"
        ma = frozenset(m for one in a for m in one.models if one.sentence.text in va[1])
        mb = frozenset(m for one in b for m in one.models if one.sentence.text in vb[1])
        found.append((kind, tuple(sorted(va[0])), tuple(sorted(vb[0])), " ".join(va[1]), " ".join(vb[1]), why,
                      ma, mb))  # fmt: skip
    opposite = _opposite(a, b, terms(sorted(asked.names)) if asked is not None else frozenset())
    if opposite is not None:
        found.append(opposite)
    return found


def _opposite(a: list[_Said], b: list[_Said], names: frozenset[str] = frozenset()):
    """The first two sentences about the same thing with opposite polarity, as a disagreement (the subject the
    question names is left out: "the Roberts Commission approved X" and "X was rejected" are about X)."""
    for sa in a:
        for sb in b:
            if sa.polarity * sb.polarity == -1 and _same_thing(sa.content - names, sb.content - names):
                said_a, said_b = ("yes", "no") if sa.polarity > 0 else ("no", "yes")
                why = f"opposite polarity about {' '.join(sorted(sa.content & sb.content))}: {said_a} vs {said_b}"
                return ("polarity", (said_a,), (said_b,), sa.sentence.text, sb.sentence.text, why, sa.models,
                        sb.models)  # fmt: skip
    return None


def check_evidence(
    chunks: list[Chunk],
    today: date,
    customer_scope: dict[str, str] | None = None,
    asked: Asked | None = None,
    lexicon: Lexicon = DEFAULT_LEXICON,
    related: list[Chunk] | None = None,
) -> Evidence:
    """`chunks` in retrieval order; kept chunks stay in that order. `asked`: the question, when there is one.

    `related`: chunks retrieval did not return but that share a topic with a hit; they are compared like hits
    (and can win), and kept only when they answer the question and no hit does.
    """
    dropped: dict[str, Dropped] = {}
    live: list[Chunk] = []
    for chunk in [*chunks, *(related or ())]:
        if not in_effect(chunk.meta, today):
            dropped[chunk.chunk_id] = Dropped(chunk.chunk_id, "not_effective")
        elif customer_scope and not scopes_overlap(chunk.meta.scope, customer_scope):
            dropped[chunk.chunk_id] = Dropped(chunk.chunk_id, "out_of_scope")
        else:
            live.append(chunk)

    by_id = {c.chunk_id: c for c in live}
    if asked is not None:
        said = _answers(live, asked, lexicon)
        extra = {c.chunk_id for c in related or ()}
        live = [c for c in live if c.chunk_id not in extra or c.chunk_id in said]
        kinds = answering_kinds(asked)
    else:
        said = {c.chunk_id: _read(c, lexicon)[1] for c in live}
        kinds = None
    conflicts: list[Conflict] = []
    scoped: list[ScopeNote] = []
    # Pairs where precedence is strongest are settled first, and a pair one of whose chunks has already lost is
    # settled by that loss: an old edition that lost to the new one cannot then drop a third document.
    for a_id, b_id in sorted(_pairs(said, by_id, asked), key=lambda pair: _strength(by_id[pair[0]], by_id[pair[1]])):
        if a_id in dropped or b_id in dropped:
            continue
        a, b = by_id[a_id], by_id[b_id]
        subject = _subject(a) if asked is None or _subject(a) == _subject(b) else asked.attribute
        for kind, va, vb, sa, sb, why, ma, mb in _disagreements(said[a_id], said[b_id], kinds, asked):
            if not scopes_overlap(a.meta.scope, b.meta.scope):
                scopes = tuple((c.chunk_id, tuple(sorted(c.meta.scope.items()))) for c in (a, b))
                scoped.append(ScopeNote(subject, kind, scopes, "scope", (sa, sb)))
                continue
            if ma and mb and ma.isdisjoint(mb):
                scopes = ((a_id, (("product", ", ".join(sorted(ma))),)), (b_id, (("product", ", ".join(sorted(mb))),)))
                scoped.append(ScopeNote(subject, kind, scopes, "entity", (sa, sb)))
                continue
            resolution, winner = _resolve(a, b)
            conflicts.append(Conflict(subject, kind, (a_id, b_id), (va, vb), resolution,
                                      winner.chunk_id if winner else None, asked.attribute if asked else "",
                                      (sa, sb), why))  # fmt: skip
            if winner is not None:
                loser = b_id if winner is a else a_id
                dropped.setdefault(loser, Dropped(loser, resolution, winner.chunk_id))

    # A conflict with a chunk that lost elsewhere is settled by that loss.
    settled = [
        c for c in conflicts
        if c.resolution != "unresolved" or not any(cid in dropped for cid in c.chunk_ids)
    ]  # fmt: skip
    extra = {c.chunk_id for c in related or ()}
    kept = tuple(c for c in live if c.chunk_id not in dropped)
    if any(c.chunk_id in said and c.chunk_id not in extra for c in kept):
        kept = tuple(c for c in kept if c.chunk_id not in extra)  # a hit answers: related chunks were only compared
    if asked is not None:  # the chunks that answer the question first, each group in retrieval order
        kept = tuple(sorted(kept, key=lambda c: c.chunk_id not in said))
    allowed = {(v.kind, v.value) for c in kept for v in c.values}
    lost = {(v.kind, v.value) for c in [*chunks, *(related or ())] if c.chunk_id in dropped for v in c.values}
    return Evidence(
        kept=kept,
        dropped=tuple(sorted(dropped.values(), key=lambda d: d.chunk_id)),
        conflicts=tuple(settled),
        scoped=tuple(scoped),
        forbidden=tuple(sorted(lost - allowed)),
        asked=asked,
    )


def _pairs(said: dict[str, list[_Said]], by_id: dict[str, Chunk], asked: Asked | None) -> list[tuple[str, str]]:
    """The pairs of chunks to compare: different documents, one subject (lint) or not of different topics."""
    pairs = []
    for a_id, b_id in combinations(sorted(said), 2):
        a, b = by_id[a_id], by_id[b_id]
        if a.doc_id == b.doc_id:
            continue
        if asked is None and _subject(a) != _subject(b):
            continue
        if asked is not None and a.meta.topic and b.meta.topic and a.meta.topic.casefold() != b.meta.topic.casefold():
            continue
        pairs.append((a_id, b_id))
    return pairs


def _strength(a: Chunk, b: Chunk) -> tuple:
    """Sort key: pairs that `supersedes` decides first, then by the standing of the pair's stronger chunk."""
    explicit = b.doc_id in a.meta.supersedes or a.doc_id in b.meta.supersedes
    authority, since = max((c.meta.authority, c.meta.effective_from or date.min) for c in (a, b))
    return (not explicit, -authority, -since.toordinal(), a.chunk_id, b.chunk_id)


def _subject(chunk: Chunk) -> str:
    return normalize_for_matching(chunk.meta.topic or chunk.section)
