"""Entities a rule may need from the customer's text: order ids, money amounts, dates, emails, phones."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re2

from interlock.text.linear_regex import PatternSet, compile_re2

if TYPE_CHECKING:  # the type only: importing the PII detectors costs a bundle load (policy check) 0.2 s
    from interlock.text.pii import PiiSpan

DEFAULT_ORDER_ID = r"\b[A-Za-z]{2,4}-?[0-9]{5,10}\b"
_CURRENCY_SYMBOLS = {"$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "CNY",
                     "cny": "CNY", "rmb": "CNY", "元": "CNY", "块": "CNY"}  # fmt: skip
_ENTITIES = PatternSet({
    "money_before": r"(?i)(\$|€|£|¥|usd|eur|gbp|cny|rmb)\s?([0-9][0-9,]*(?:\.[0-9]{1,2})?)",
    "money_after": r"(?i)([0-9][0-9,]*(?:\.[0-9]{1,2})?)\s?(usd|eur|gbp|cny|rmb|元|块)",
    "iso_date": r"\b(20[0-9]{2})[-/](0?[1-9]|1[0-2])[-/](0?[1-9]|[12][0-9]|3[01])\b",
    "zh_date": r"(20[0-9]{2})年(0?[1-9]|1[0-2])月(0?[1-9]|[12][0-9]|3[01])[日号]",
})  # fmt: skip


def compile_order_id(pattern: str = DEFAULT_ORDER_ID) -> re2._Regexp:
    return compile_re2(pattern)


def _amount(text: str) -> float:
    return float(text.replace(",", ""))


def _matches(name: str, text: str, present: frozenset[str]):
    return _ENTITIES.compiled[name].finditer(text) if name in present else ()


def extract_money(text: str, present: frozenset[str] | None = None) -> list[dict]:
    """Money amounts with their currency, symbol before ("$49") or code after ("49 USD", "199元")."""
    present = _ENTITIES.present(text) if present is None else present
    money = [{"amount": _amount(m.group(2)), "currency": _CURRENCY_SYMBOLS[m.group(1).lower()], "raw": m.group(0)}
             for m in _matches("money_before", text, present)]  # fmt: skip
    money += [{"amount": _amount(m.group(1)), "currency": _CURRENCY_SYMBOLS[m.group(2).lower()], "raw": m.group(0)}
              for m in _matches("money_after", text, present)]  # fmt: skip
    return money


def extract_entities(text: str, pii: tuple[PiiSpan, ...], order_id: re2._Regexp) -> dict[str, list]:
    present = _ENTITIES.present(text)
    money = [{"amount": m["amount"], "currency": m["currency"]} for m in extract_money(text, present)]
    dates = [f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
             for name in ("iso_date", "zh_date") for m in _matches(name, text, present)]  # fmt: skip
    return {
        "order_ids": sorted({m.group(0).upper() for m in order_id.finditer(text)}),
        "money": sorted(money, key=lambda m: (m["currency"], m["amount"])),
        "dates": sorted(set(dates)),
        "emails": sorted({text[s.start : s.end] for s in pii if s.type == "email"}),
        "phones": sorted({text[s.start : s.end] for s in pii if s.type in ("phone", "cn_mobile")}),
    }
