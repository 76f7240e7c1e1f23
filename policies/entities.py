"""Entities a rule may need from the customer's text: order ids, money amounts, dates, emails, phones."""

from __future__ import annotations

import re2

from policies.linear_regex import compile_re2
from policies.pii import PiiSpan

DEFAULT_ORDER_ID = r"\b[A-Za-z]{2,4}-?[0-9]{5,10}\b"
_CURRENCY_SYMBOLS = {"$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "CNY",
                     "cny": "CNY", "rmb": "CNY", "元": "CNY", "块": "CNY"}  # fmt: skip
_MONEY_BEFORE = compile_re2(r"(?i)(\$|€|£|¥|usd|eur|gbp|cny|rmb)\s?([0-9][0-9,]*(?:\.[0-9]{1,2})?)")
_MONEY_AFTER = compile_re2(r"(?i)([0-9][0-9,]*(?:\.[0-9]{1,2})?)\s?(usd|eur|gbp|cny|rmb|元|块)")
_ISO_DATE = compile_re2(r"\b(20[0-9]{2})[-/](0?[1-9]|1[0-2])[-/](0?[1-9]|[12][0-9]|3[01])\b")
_ZH_DATE = compile_re2(r"(20[0-9]{2})年(0?[1-9]|1[0-2])月(0?[1-9]|[12][0-9]|3[01])[日号]")


def compile_order_id(pattern: str = DEFAULT_ORDER_ID) -> re2._Regexp:
    return compile_re2(pattern)


def _amount(text: str) -> float:
    return float(text.replace(",", ""))


def extract_money(text: str) -> list[dict]:
    """Money amounts with their currency, symbol before ("$49") or code after ("49 USD", "199元")."""
    money = [{"amount": _amount(m.group(2)), "currency": _CURRENCY_SYMBOLS[m.group(1).lower()], "raw": m.group(0)}
             for m in _MONEY_BEFORE.finditer(text)]  # fmt: skip
    money += [{"amount": _amount(m.group(1)), "currency": _CURRENCY_SYMBOLS[m.group(2).lower()], "raw": m.group(0)}
              for m in _MONEY_AFTER.finditer(text)]  # fmt: skip
    return money


def extract_entities(text: str, pii: tuple[PiiSpan, ...], order_id: re2._Regexp) -> dict[str, list]:
    money = [{"amount": m["amount"], "currency": m["currency"]} for m in extract_money(text)]
    dates = [f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
             for pattern in (_ISO_DATE, _ZH_DATE) for m in pattern.finditer(text)]  # fmt: skip
    return {
        "order_ids": sorted({m.group(0).upper() for m in order_id.finditer(text)}),
        "money": sorted(money, key=lambda m: (m["currency"], m["amount"])),
        "dates": sorted(set(dates)),
        "emails": sorted({text[s.start : s.end] for s in pii if s.type == "email"}),
        "phones": sorted({text[s.start : s.end] for s in pii if s.type in ("phone", "cn_mobile")}),
    }
