"""Typed values a text states, read faithfully and normalized so that the same value in other words compares
equal ("2 weeks" == "14 days" == "14天"; "¥" == "CNY"; "11 June 1955" == "1955年6月11日").

Kinds: duration, money, percent (with what it is a percentage of, `about`), date, year, measure (a length, area,
height, speed or mass: "214 m" == "214 metres", "5.8 km" == "5.8公里"), count (with its noun; "a population of
14,822", residents and inhabitants count people), phone, email, url. Ranges stay ranges ("3-5 business days",
"1848-1853"); decimals stay whole ("42.7 years"); a year before 1800 needs a cue ("built in 1132").
A run of digits is a phone only with a phone's shape (a leading +, parentheses, three groups, a Chinese mobile)
or a cue nearby (tel, phone, call, 电话, 热线); libphonenumber validates and normalizes it to E.164. Dates in
words go through `dateparser` (only on spans that look like dates, so it stays fast; a date without a year is
kept without one, never filled in from today).

Each finder returns spans on one string; where spans overlap the earlier kind in `_PRECEDENCE` wins, so "1848-1853"
is one year range and not a phone, and "$1,299.00" is money and not a count.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

import phonenumbers
from pydantic import BaseModel, ConfigDict

from interlock.text.normalize import fold_keeping_lines, normalize_for_matching
from interlock.text.pii import find_pii

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90,
    "hundred": 100, "a": 1, "an": 1,
}  # fmt: skip
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {
    "day": ("days", 1), "days": ("days", 1), "business day": ("business days", 1),
    "business days": ("business days", 1), "working day": ("business days", 1), "working days": ("business days", 1),
    "天": ("days", 1), "日": ("days", 1), "工作日": ("business days", 1), "个工作日": ("business days", 1),
    "week": ("days", 7), "weeks": ("days", 7), "周": ("days", 7), "星期": ("days", 7), "个星期": ("days", 7),
    "hour": ("hours", 1), "hours": ("hours", 1), "hrs": ("hours", 1), "小时": ("hours", 1), "个小时": ("hours", 1),
    "minute": ("minutes", 1), "minutes": ("minutes", 1), "mins": ("minutes", 1), "分钟": ("minutes", 1),
    "month": ("months", 1), "months": ("months", 1), "个月": ("months", 1),
    "year": ("months", 12), "years": ("months", 12), "年": ("months", 12),
}  # fmt: skip
_CN_NUM = "[零〇一二两三四五六七八九十百]{1,5}"
_NUM = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_WORD_NUM = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_AMOUNT = rf"({_NUM}|{_WORD_NUM}|{_CN_NUM})"
_RANGE = r"\s?(?:-|–|—|~|to|至|到)\s?"
_UNIT_RE = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_DURATION = re.compile(rf"(?<![a-z0-9_.]){_AMOUNT}(?:{_RANGE}{_AMOUNT})?[ -]?({_UNIT_RE})(?![a-z])")
_MEASURES = {
    "m": ("m", 1), "metre": ("m", 1), "metres": ("m", 1), "meter": ("m", 1), "meters": ("m", 1), "米": ("m", 1),
    "km": ("m", 1000), "kilometre": ("m", 1000), "kilometres": ("m", 1000), "kilometer": ("m", 1000),
    "kilometers": ("m", 1000), "公里": ("m", 1000), "千米": ("m", 1000), "cm": ("m", 0.01), "厘米": ("m", 0.01),
    "centimetres": ("m", 0.01), "centimeters": ("m", 0.01), "mm": ("mm", 1), "millimetres": ("mm", 1),
    "millimeters": ("mm", 1), "毫米": ("mm", 1), "ft": ("ft", 1), "feet": ("ft", 1), "foot": ("ft", 1),
    "mile": ("mi", 1), "miles": ("mi", 1), "nautical miles": ("nmi", 1), "海里": ("nmi", 1),
    "square kilometres": ("km2", 1), "square kilometers": ("km2", 1), "square km": ("km2", 1), "km2": ("km2", 1),
    "平方公里": ("km2", 1), "平方千米": ("km2", 1), "square metres": ("m2", 1), "square meters": ("m2", 1),
    "平方米": ("m2", 1), "hectares": ("ha", 1), "hectare": ("ha", 1), "公顷": ("ha", 1), "acres": ("acre", 1),
    "acre": ("acre", 1), "square miles": ("mi2", 1), "mph": ("mph", 1), "km/h": ("km/h", 1), "kg": ("kg", 1),
    "kilograms": ("kg", 1), "公斤": ("kg", 1), "千克": ("kg", 1), "tonnes": ("t", 1), "tons": ("t", 1), "吨": ("t", 1),
    "cubic metres": ("m3", 1), "cubic meters": ("m3", 1), "立方米": ("m3", 1), "degrees": ("deg", 1),
    "knots": ("kn", 1), "knot": ("kn", 1), "节": ("kn", 1), "kph": ("km/h", 1), "公里/小时": ("km/h", 1),
}  # fmt: skip
_MEASURE_RE = "|".join(sorted((re.escape(u) for u in _MEASURES), key=len, reverse=True))
_MEASURE = re.compile(
    rf"(?<![a-z0-9_.]){_AMOUNT}(?:{_RANGE}{_AMOUNT})?[ -]?(?:(million|billion|万|亿)\s?)?({_MEASURE_RE})(?![a-z0-9])"
)
_SCALES = {"million": 1e6, "billion": 1e9, "万": 1e4, "亿": 1e8}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "CNY",
             "￥": "CNY", "cny": "CNY", "rmb": "CNY", "元": "CNY", "块": "CNY", "人民币": "CNY", "dollars": "USD",
             "euros": "EUR", "pounds": "GBP"}  # fmt: skip
_MONEY_BEFORE = re.compile(
    rf"(us\$|\$|€|£|¥|￥|usd|eur|gbp|cny|rmb|人民币)\s?({_NUM})(?:{_RANGE}(?:\$|€|£|¥)?({_NUM}))?"
)
_MONEY_AFTER = re.compile(
    rf"(?<![a-z0-9_.])({_NUM})(?:{_RANGE}({_NUM}))?\s?(?:(million|billion|万|亿)\s?)?"
    r"(usd|eur|gbp|cny|rmb|dollars|euros|pounds|元|块)(?![a-z])"
)
_PERCENT = re.compile(rf"(?<![a-z0-9_.])({_NUM})(?:{_RANGE}({_NUM}))?\s?(?:%|percent\b|per cent\b)")
_ZH_PERCENT = re.compile(rf"百分之({_CN_NUM}|{_NUM})")
_ZH_DISCOUNT = re.compile(r"([一二三四五六七八九1-9](?:\.[0-9])?)折")
_URL = re.compile(r"https?://[a-z0-9.-]+(?:/[a-z0-9._~/%-]*)?")
_ISO_DATE = re.compile(r"(?<![\d])((?:19|20)[0-9]{2})[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12][0-9]|3[01])(?![\d])")
_ZH_DATE = re.compile(
    rf"(?:((?:19|20)[0-9]{{2}}|[〇零一二三四五六七八九]{{4}})年)?([0-9]{{1,2}}|{_CN_NUM})月([0-9]{{1,2}}|{_CN_NUM})[日号]"
)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")  # fmt: skip
_EN_DATE = re.compile(
    rf"(?<![a-z0-9_])(?:(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ({_MONTHS})\.?(?:,? ((?:19|20)\d{{2}}))?"
    rf"|({_MONTHS})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? ((?:19|20)\d{{2}}))?"
    rf"|({_MONTHS})\.?,? ((?:19|20)\d{{2}}))(?![a-z0-9_])"
)
_YEAR = re.compile(
    r"(?<![a-z0-9_.$€£¥-])((?:1[0-9]|20)[0-9]{2})(?:\s?(?:-|–|—|to|至)\s?((?:1[0-9]|20)[0-9]{2}))?(?![a-z0-9_]|[.,][0-9])"
)
_ZH_YEAR = re.compile(r"((?:1[89]|20)[0-9]{2})年(?![0-9零〇一二三四五六七八九十]{1,2}月)")
_COUNT = re.compile(rf"(?<![a-z0-9_.]){_AMOUNT}(?:{_RANGE}{_AMOUNT})?[ -]([a-z][a-z-]{{2,}})")
_ZH_COUNT = re.compile(
    rf"({_NUM}|{_CN_NUM})(万|亿)?(个|件|家|台|次|位|名|座|种|款|张|份|间|条|项|栋|层|枚|所|颗|辆|人|册|套|艘|架)"
)
_POPULATION = re.compile(
    rf"(population|inhabitants|residents|人口|capacity)(?: (?:of|was|is|reached|stood at|rose to))?\s?(?:为|达|约)?\s?"
    rf"({_NUM})(万|亿| million)?(?![0-9])"
)
# Nouns counted as one thing: residents and inhabitants are people; storeys are floors.
_SAME_NOUN = {"resident": "people", "inhabitant": "people", "person": "people", "citizen": "people",
              "storey": "floor", "story": "floor", "stories": "floor", "人": "名", "位": "名"}  # fmt: skip
_PHONE_CUES = ("tel", "phone", "call", "hotline", "dial", "fax", "whatsapp", "ring", "text us", "sms", "contact",
               "电话", "热线", "致电", "拨打", "来电", "手机", "联系")  # fmt: skip
# Words after a number that are not what it counts.
_NOT_NOUNS = frozenset(
    str.split(
    "the a an and or of to in on at by for from with per am pm is are was were be it its this that these those we "
    "you our your their after before within until up off more less than or and percent plus minus x"
    )
)  # fmt: skip
_YEAR_CUES = ("in", "since", "from", "until", "till", "by", "before", "after", "year", "of", "founded", "since")
_PRECEDENCE = ("email", "url", "phone", "date", "money", "percent", "duration", "measure", "year", "count")
_PERCENT_ABOUT = {"off": "discount", "discount": "discount", "折": "discount", "折扣": "discount", "优惠": "discount",
                  "vat": "tax", "tax": "tax", "税": "tax", "fee": "fee", "手续费": "fee", "deposit": "deposit",
                  "定金": "deposit", "押金": "deposit", "refund": "refund", "退款": "refund", "interest": "interest",
                  "利息": "interest", "cashback": "cashback", "返现": "cashback"}  # fmt: skip


class TypedValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str  # duration | money | percent | date | year | measure | count | phone | email | url
    value: str  # normalized: comparable across wordings and languages
    raw: str
    subject: str  # what the value is about: the section heading, folded for matching
    about: str = ""  # percent: what it is a percentage of ("discount", "tax"); empty when the text does not say


def _chinese_number(text: str) -> int | None:
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text)) if len(text) > 1 else _CN_DIGITS[text]
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _number(text: str | None) -> float | None:
    if not text:
        return None
    if text[0].isdigit():
        return float(text.replace(",", ""))
    value = _WORD_NUMBERS.get(text) if text.isascii() else _chinese_number(text)
    return None if value is None else float(value)


def _fmt(number: float) -> str:
    return f"{number:g}" if abs(number) < 1e15 else str(int(number))


Span = tuple[int, int, str, str, str]  # start, end, kind, value, about


def _durations(folded: str) -> list[Span]:
    found = []
    for m in _DURATION.finditer(folded):
        low, high = _number(m.group(1)), _number(m.group(2))
        if low is None or (m.group(2) and high is None):
            continue
        if m.group(3) == "年" and m.group(1).isdigit() and 1800 <= low <= 2099:
            continue  # "2019年" is a year
        unit, factor = _UNITS[m.group(3)]
        amounts = [low * factor] + ([high * factor] if high is not None else [])
        if unit == "hours" and all(a % 24 == 0 for a in amounts) and amounts[0]:
            unit, amounts = "days", [a / 24 for a in amounts]  # 48 hours == 2 days
        found.append((m.start(), m.end(3), "duration", "-".join(map(_fmt, amounts)) + f" {unit}", ""))
    return found


def _money(folded: str) -> list[Span]:
    found = []
    for m in _MONEY_BEFORE.finditer(folded):
        amounts = [float(g.replace(",", "")) for g in (m.group(2), m.group(3)) if g]
        value = _CURRENCY[m.group(1)] + " " + "-".join(f"{a:.2f}" for a in amounts)
        found.append((m.start(), m.end(), "money", value, ""))
    for m in _MONEY_AFTER.finditer(folded):
        scale = _SCALES.get(m.group(3) or "", 1)
        amounts = [float(g.replace(",", "")) * scale for g in (m.group(1), m.group(2)) if g]
        value = _CURRENCY[m.group(4)] + " " + "-".join(f"{a:.2f}" for a in amounts)
        found.append((m.start(), m.end(), "money", value, ""))
    return found


def _percent_about(folded: str, start: int, end: int) -> str:
    after = folded[end : end + 24].split()
    before = folded[max(0, start - 24) : start].split()
    for word in after[:3] + before[-3:][::-1]:
        word = word.strip(".,;:()")
        if word in _PERCENT_ABOUT:
            return _PERCENT_ABOUT[word]
    for key in ("折扣", "优惠", "手续费", "定金", "押金", "退款", "返现", "税"):
        if key in folded[max(0, start - 8) : end + 8]:
            return _PERCENT_ABOUT[key]
    return ""


def _percents(folded: str) -> list[Span]:
    found = []
    for m in _PERCENT.finditer(folded):
        amounts = [float(g.replace(",", "")) for g in (m.group(1), m.group(2)) if g]
        value = "-".join(map(_fmt, amounts)) + "%"
        found.append((m.start(), m.end(), "percent", value, _percent_about(folded, m.start(), m.end())))
    for m in _ZH_PERCENT.finditer(folded):
        amount = _number(m.group(1))
        if amount is not None:
            found.append(
                (m.start(), m.end(), "percent", f"{_fmt(amount)}%", _percent_about(folded, m.start(), m.end()))
            )
    for m in _ZH_DISCOUNT.finditer(folded):
        amount = _number(m.group(1))
        if amount is not None:  # 八折 = 80% of the price = 20% off
            off = 100 - (amount * 10 if amount < 10 else amount)
            found.append((m.start(), m.end(), "percent", f"{_fmt(round(off, 1))}%", "discount"))
    return found


@lru_cache(maxsize=4096)
def _parse_date(text: str, has_year: bool) -> str | None:
    import dateparser  # imported on first use: 0.3 s, and most texts state no date in words

    settings = {"PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": datetime(2000, 1, 1), "DATE_ORDER": "DMY",
                "REQUIRE_PARTS": ["month"] + (["year"] if has_year else [])}  # fmt: skip
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    return parsed.strftime("%Y-%m-%d") if has_year else parsed.strftime("--%m-%d")


def warm_up() -> None:
    """Load the date parser now (0.3 s once), not in the first answer that states a date in words."""
    _parse_date("1 january 2000", True)


def _dates(text: str, folded: str) -> list[Span]:
    found = []
    for m in _ISO_DATE.finditer(folded):
        found.append((m.start(), m.end(), "date", f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", ""))
    for m in _ZH_DATE.finditer(folded):
        month, day = _number(m.group(2)), _number(m.group(3))
        year = _number(m.group(1)) if m.group(1) else None
        if month and day and 1 <= month <= 12 and 1 <= day <= 31:
            prefix = f"{int(year):04d}" if year else "-"
            found.append((m.start(), m.end(), "date", f"{prefix}-{int(month):02d}-{int(day):02d}", ""))
    for m in _EN_DATE.finditer(folded):
        has_day = bool(m.group(1) or m.group(5))
        has_year = bool(m.group(3) or m.group(6) or m.group(8))
        parsed = _parse_date(m.group(0), has_year)
        if parsed is None:
            continue
        found.append((m.start(), m.end(), "date", parsed if has_day else parsed[:7], ""))
    return found


def _years(folded: str) -> list[Span]:
    found = []
    for m in _YEAR.finditer(folded):
        before = folded[max(0, m.start() - 12) : m.start()].split()
        cued = bool(before) and before[-1].strip("(,") in _YEAR_CUES
        if int(m.group(1)) < 1800 and not cued:
            continue  # before 1800 a year only after "in", "since", "from" ...: else it is a number
        standalone = m.group(2) or not before or cued or before[-1] in ("the", "its", "their")
        after = folded[m.end() : m.end() + 12].split()
        if not standalone and after and after[0].strip(".,;:)") not in _NOT_NOUNS:
            continue  # "2000 customers": a count
        found.append((m.start(), m.end(), "year", "-".join(g for g in m.groups() if g), ""))
    found += [(m.start(), m.end(), "year", m.group(1), "") for m in _ZH_YEAR.finditer(folded)]
    return found


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "sses", "xes")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _measures(folded: str) -> list[Span]:
    found = []
    for m in _MEASURE.finditer(folded):
        low, high = _number(m.group(1)), _number(m.group(2))
        if low is None or (m.group(2) and high is None) or m.group(1) in ("a", "an"):
            continue
        unit, factor = _MEASURES[m.group(4)]
        factor *= _SCALES.get(m.group(3) or "", 1)
        amounts = [low * factor] + ([high * factor] if high is not None else [])
        found.append((m.start(), m.end(), "measure", "-".join(map(_fmt, amounts)) + f" {unit}", ""))
    return found


def _counts(folded: str) -> list[Span]:
    found = []
    for m in _POPULATION.finditer(folded):
        amount = _number(m.group(2))
        if amount is not None:
            amount *= _SCALES.get((m.group(3) or "").strip(), 1)
            noun = "seat" if m.group(1) == "capacity" else "people"
            found.append((m.start(2), m.end(), "count", f"{_fmt(amount)} {noun}", ""))
    for m in _COUNT.finditer(folded):
        noun = m.group(3).strip("-")
        if noun in _NOT_NOUNS or noun in _UNITS or not m.group(1)[0].isdigit() and m.group(1) in ("a", "an"):
            continue
        low, high = _number(m.group(1)), _number(m.group(2))
        if low is None:
            continue
        amounts = [low] + ([high] if high is not None else [])
        noun = _singular(noun)
        found.append((m.start(), m.end(), "count", "-".join(map(_fmt, amounts)) + f" {_SAME_NOUN.get(noun, noun)}", ""))
    for m in _ZH_COUNT.finditer(folded):
        amount = _number(m.group(1))
        if amount is not None:
            amount *= _SCALES.get(m.group(2) or "", 1)
            found.append((m.start(), m.end(), "count", f"{_fmt(amount)} {_SAME_NOUN.get(m.group(3), m.group(3))}", ""))
    return found


def _phone_shaped(raw: str, digits: str) -> bool:
    if raw.startswith(("+", "(")):
        return True
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return True  # a Chinese mobile
    groups = [g for g in re.split(r"[ .\-/()]+", raw) if g]
    return len(groups) >= 3 and len(digits) >= 10


def _phone_cued(folded: str, start: int) -> bool:
    window = folded[max(0, start - 32) : start]
    return any(cue in window for cue in _PHONE_CUES)


def _phones(text: str, folded: str) -> list[Span]:
    found = []
    for span in find_pii(text):
        if span.type not in ("phone", "cn_mobile"):
            continue
        raw = text[span.start : span.end]
        digits = "".join(c for c in raw if c.isdigit())
        if not (_phone_shaped(raw, digits) or _phone_cued(folded, span.start)):
            continue
        found.append((span.start, span.end, "phone", _e164(raw, digits), ""))
    return found


@lru_cache(maxsize=4096)
def _e164(raw: str, digits: str) -> str:
    for region in (None,) if raw.startswith("+") else ("US", "CN"):
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ("+" if raw.startswith("+") else "") + digits


def _contacts(text: str) -> list[Span]:
    found = [(s.start, s.end, "email", text[s.start : s.end].lower(), "") for s in find_pii(text) if s.type == "email"]
    for m in _URL.finditer(text.lower()):
        url = m.group(0).rstrip("/.")
        found.append((m.start(), m.start() + len(url), "url", url, ""))
    return found


def value_spans(text: str) -> list[Span]:
    """Every value in `text`, by offset; overlaps resolved by kind precedence, then the longer span."""
    folded_text = fold_keeping_lines(text)
    folded = folded_text.text
    if folded_text.origin is not None:
        text = folded  # offsets must agree between the finders that read the text as sent and the folded ones
    spans = _contacts(text) + _phones(text, folded) + _dates(text, folded) + _money(folded) + _percents(folded)
    spans += _durations(folded) + _measures(folded) + _years(folded) + _counts(folded)
    spans.sort(key=lambda s: (_PRECEDENCE.index(s[2]), -(s[1] - s[0]), s[0]))
    taken: list[Span] = []
    for span in spans:
        if all(span[1] <= t[0] or t[1] <= span[0] for t in taken):
            taken.append(span)
    return sorted(taken, key=lambda s: (s[0], s[1]))


def extract_values(text: str, section: str) -> tuple[TypedValue, ...]:
    subject = normalize_for_matching(section)
    folded = fold_keeping_lines(text)
    shown = text if folded.origin is None else folded.text
    found = {(kind, value, shown[start:end], about) for start, end, kind, value, about in value_spans(text)}
    return tuple(TypedValue(kind=k, value=v, raw=r, subject=subject, about=a) for k, v, r, a in sorted(found))
