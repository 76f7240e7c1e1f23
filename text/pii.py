"""PII spans in text as sent: emails, phones (incl. Chinese mobiles), payment cards (Luhn), Chinese resident
ids (checksum), IBANs (mod 97). Patterns are RE2 (linear time); checksums reject look-alike numbers."""

from __future__ import annotations

from dataclasses import dataclass

from interlock.text.linear_regex import PatternSet

_PATTERNS = {
    "email": r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}",
    "cn_id": r"(?:^|[^0-9])([1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])"
    r"(?:$|[^0-9])",
    "cn_mobile": r"(?:^|[^0-9])((?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2})(?:$|[^0-9])",
    "card": r"(?:^|[^0-9])((?:[0-9][ -]?){12,18}[0-9])(?:$|[^0-9])",
    "iban": r"\b([A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30})\b",
    "phone": r"(?:^|[^0-9+])(\+?[0-9][0-9 ().-]{6,18}[0-9])(?:$|[^0-9])",
}
_PII = PatternSet(_PATTERNS)
PII_TYPES = tuple(_PATTERNS)


@dataclass(frozen=True, order=True)
class PiiSpan:
    start: int
    end: int
    type: str


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


def _valid(kind: str, value: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    if kind == "card":
        return 13 <= len(digits) <= 19 and luhn_valid(digits)
    if kind == "cn_id":
        return cn_id_valid(value)
    if kind == "iban":
        return iban_valid(value)
    if kind == "phone":
        # A bare run of under ten digits is more often an order or ticket number than a phone number.
        formatted = value.startswith("+") or any(c in value for c in " ().-")
        looks_like_date = len(value) == 10 and value[4] == value[7] and value[4] in "-/."
        return 7 <= len(digits) <= 15 and (formatted or len(digits) >= 10) and not looks_like_date
    return True


def find_pii(text: str) -> tuple[PiiSpan, ...]:
    """Non-overlapping PII spans, most specific type first (a card number is not also reported as a phone)."""
    spans: list[PiiSpan] = []
    taken = bytearray(len(text))  # positions already inside a span: keeps the overlap check linear
    present = _PII.present(text)
    for kind, pattern in _PII.compiled.items():
        if kind not in present:
            continue
        for match in pattern.finditer(text):
            group = 1 if pattern.groups else 0
            start, end = match.span(group)
            if any(taken[start:end]) or not _valid(kind, match.group(group)):
                continue
            taken[start:end] = b"\x01" * (end - start)
            spans.append(PiiSpan(start, end, kind))
    return tuple(sorted(spans))


def redact(text: str, spans: tuple[PiiSpan, ...], types: frozenset[str] | None = None) -> str:
    """Replace the spans (of the given types, or all) with a marker naming the type."""
    out, cursor = [], 0
    for span in sorted(spans):
        if types is not None and span.type not in types:
            continue
        out.append(text[cursor : span.start] + f"[{span.type} redacted]")
        cursor = span.end
    return "".join(out) + text[cursor:]
