"""Polarity of a sentence ("can be returned" vs "cannot be returned", 支持 vs 不支持), from editable lexicons.

A sentence's polarity is +1 or -1 when it says yes or no about something, 0 when it carries no polarity word.
Each negator and each negative word flips it once, so "not available", "unavailable" and "closed" are -1, and
"no fee" is +1 like "free". Phrases that only look negative ("no questions asked", 无理由退货) are rewritten first.
The lexicon is data: `DEFAULT_LEXICON` per language, and a tenant's bundle can add words (`Lexicon.extended`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

# Per language: words that flip what follows, words that are "no" by themselves, and words that are "yes".
NEGATORS = {
    "en": ["not", "no", "never", "cannot", "can't", "won't", "don't", "doesn't", "isn't", "aren't", "wasn't",
           "weren't", "shouldn't", "mustn't", "couldn't", "without", "non", "nor", "neither", "unable", "none"],
    "zh": ["不", "没", "没有", "无", "非", "未", "勿", "别", "不能", "无法", "不可", "不得", "不再", "不会"],
}  # fmt: skip
NEGATIVE = {
    "en": ["closed", "close", "unavailable", "excluded", "exclude", "excludes", "exclusion", "prohibited",
           "forbidden", "banned", "disallowed", "ineligible", "void", "refused", "rejected", "denied", "unsupported",
           "suspended", "discontinued", "charged", "chargeable", "fee", "fees", "nonrefundable", "shut", "except",
           "declined", "expired"],
    "zh": ["关闭", "停止", "暂停", "除外", "排除", "禁止", "拒绝", "收费", "另收", "不支持", "不提供", "不包邮",
           "不可以", "休息", "停业", "不予", "不接受", "不含", "不包括", "不包含", "取消", "失效", "谢绝"],
}  # fmt: skip
POSITIVE = {
    "en": ["available", "open", "free", "covered", "included", "include", "includes", "supported", "allowed",
           "permitted", "accepted", "accept", "accepts", "eligible", "offered", "provide", "provided", "provides",
           "can", "may", "refundable", "returnable", "complimentary", "enabled", "welcome", "possible"],
    "zh": ["支持", "提供", "可以", "可", "能", "包邮", "免费", "开放", "营业", "接受", "允许", "包含", "包括",
           "享受", "享有", "免运费", "送", "保修"],
}  # fmt: skip
# Rewritten before reading polarity: idioms whose negative word does not negate the claim.
REWRITES = {
    "en": {"free of charge": "free", "no questions asked": "", "no-questions-asked": "", "no matter": "",
           "no later than": "by", "not later than": "by", "no extra charge": "free", "no charge": "free",
           "at no cost": "free", "no fee": "free", "no fees": "free", "without charge": "free"},
    "zh": {"无理由": "", "无条件": "", "无忧": "", "不限": "", "无论": "", "不论": "", "不收费": "免费",
           "无需": "", "不用": "", "不需要": ""},
}  # fmt: skip


@dataclass(frozen=True)
class Lexicon:
    negators: frozenset[str]
    negative: frozenset[str]
    positive: frozenset[str]
    rewrites: tuple[tuple[str, str], ...]  # longest first

    @cached_property
    def words(self) -> frozenset[str]:
        """Every polarity word: left out when two sentences are compared for what they are about."""
        return self.negators | self.negative | self.positive

    def extended(self, extra: Mapping[str, Iterable[str]] | None) -> Lexicon:
        """This lexicon plus a bundle's words: keys `negators`, `negative`, `positive` (any language)."""
        if not extra:
            return self
        return Lexicon(
            self.negators | frozenset(w.casefold() for w in extra.get("negators", ())),
            self.negative | frozenset(w.casefold() for w in extra.get("negative", ())),
            self.positive | frozenset(w.casefold() for w in extra.get("positive", ())),
            self.rewrites,
        )

    def rewrite(self, folded: str) -> str:
        for phrase, replacement in self.rewrites:
            if phrase in folded:
                folded = folded.replace(phrase, replacement)
        return folded

    def polarity(self, tokens: Iterable[str]) -> int:
        flips, seen = 0, False
        for token in tokens:
            if token in self.negators or token in self.negative:
                flips += 1
                seen = True
            elif token in self.positive:
                seen = True
        if not seen:
            return 0
        return -1 if flips % 2 else 1


def _merged(table: dict[str, list[str]]) -> frozenset[str]:
    return frozenset(w for words in table.values() for w in words)


DEFAULT_LEXICON = Lexicon(
    negators=_merged(NEGATORS),
    negative=_merged(NEGATIVE),
    positive=_merged(POSITIVE),
    rewrites=tuple(
        sorted(((p, r) for lang in REWRITES.values() for p, r in lang.items()), key=lambda pr: (-len(pr[0]), pr[0]))
    ),  # fmt: skip
)
