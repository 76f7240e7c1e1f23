"""Typed values a text states (durations, money, percentages, dates, phones, emails, URLs), normalized so
that the same value in other words compares equal ("2 weeks" == "14 days" == "14天"; "¥" == "CNY")."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from interlock.text.entities import extract_money
from interlock.text.linear_regex import compile_re2
from interlock.text.normalize import normalize_for_matching
from interlock.text.pii import find_pii

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
    "sixty": 60, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {
    "day": ("days", 1), "days": ("days", 1), "business day": ("business days", 1),
    "business days": ("business days", 1), "天": ("days", 1), "日": ("days", 1), "工作日": ("business days", 1),
    "week": ("days", 7), "weeks": ("days", 7), "周": ("days", 7), "星期": ("days", 7), "个星期": ("days", 7),
    "hour": ("hours", 1), "hours": ("hours", 1), "小时": ("hours", 1), "个小时": ("hours", 1),
    "month": ("months", 1), "months": ("months", 1), "个月": ("months", 1),
    "year": ("months", 12), "years": ("months", 12), "年": ("months", 12),
}  # fmt: skip
_NUMBER = r"([0-9]+|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r"|[零一二两三四五六七八九十]{1,4})"
_DURATION = compile_re2(
    _NUMBER
    + r"[ -]?(business days?|days?|weeks?|hours?|months?|years?|工作日|个星期|个小时|个月|天|日|周|星期|小时|年)"
    r"(?:$|[^a-z])"
)
_PERCENT = compile_re2(r"([0-9]+(?:\.[0-9]+)?)\s?(?:%|percent\b)")
_URL = compile_re2(r"https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~/%-]*)?")
_ISO_DATE = compile_re2(r"\b(20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\b")
_ZH_DATE = compile_re2(r"(20[0-9]{2})年(0?[1-9]|1[0-2])月(0?[1-9]|[12][0-9]|3[01])[日号]")


class TypedValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str  # duration | money | percent | date | phone | email | url
    value: str  # normalized: comparable across wordings and languages
    raw: str
    subject: str  # what the value is about: the section heading, folded for matching


def _chinese_number(text: str) -> int | None:
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10
    return value + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _WORD_NUMBERS.get(text) if text.isascii() else _chinese_number(text)


def _durations(folded: str) -> list[tuple[str, str]]:
    found = []
    for match in _DURATION.finditer(folded):
        amount = _number(match.group(1))
        if amount is None:
            continue
        unit, factor = _UNITS[match.group(2)]
        amount *= factor
        if unit == "hours" and amount % 24 == 0:
            unit, amount = "days", amount // 24  # 48 hours == 2 days
        found.append((f"{amount} {unit}", folded[match.start() : match.end(2)]))
    return found


def extract_values(text: str, section: str) -> tuple[TypedValue, ...]:
    subject = normalize_for_matching(section)
    folded = normalize_for_matching(text)
    found: list[tuple[str, str, str]] = [("duration", value, raw) for value, raw in _durations(folded)]
    found += [("money", f"{m['currency']} {m['amount']:.2f}", m["raw"]) for m in extract_money(text)]
    found += [("percent", f"{float(m.group(1)):g}%", m.group(0)) for m in _PERCENT.finditer(folded)]
    dates = [(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", m.group(0))
             for pattern in (_ISO_DATE, _ZH_DATE) for m in pattern.finditer(text)]  # fmt: skip
    found += [("date", value, raw) for value, raw in dates]
    for span in find_pii(text):
        raw = text[span.start : span.end]
        if span.type in ("phone", "cn_mobile"):
            found.append(("phone", ("+" if raw.startswith("+") else "") + "".join(c for c in raw if c.isdigit()), raw))
        elif span.type == "email":
            found.append(("email", raw.lower(), raw))
    urls = [m.group(0).rstrip("/.") for m in _URL.finditer(text)]
    found += [("url", url.lower(), url) for url in urls]
    unique = sorted(set(found))
    return tuple(TypedValue(kind=k, value=v, raw=r, subject=subject) for k, v, r in unique)
