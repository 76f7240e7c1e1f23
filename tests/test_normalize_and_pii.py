from __future__ import annotations

import time

import pytest

from interlock.text.entities import compile_order_id, extract_entities
from interlock.text.normalize import language_of, normalize_for_matching
from interlock.text.pii import cn_id_valid, find_pii, iban_valid, luhn_valid, redact


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Refund", "refund"),
        ("ＲＥＦＵＮＤ", "refund"),  # full-width
        ("re\u200bfund", "refund"),  # zero-width space
        ("re\u200c\u200dfu\u2060nd", "refund"),  # joiners, word joiner
        ("re\u00adfund", "refund"),  # soft hyphen
        ("ref\u202eund\u202c", "refund"),  # bidi override
        ("\ufeffrefund", "refund"),  # BOM
        ("rеfund", "refund"),  # Cyrillic e
        ("ΗUMΑN", "human"),  # Greek capitals
        ("𝐫𝐞𝐟𝐮𝐧𝐝", "refund"),  # mathematical bold
        ("Café  RÉFUND", "cafe refund"),  # accents, spacing
        ("我想退貨", "我想退货"),  # Traditional -> Simplified
        ("轉人工", "转人工"),
        ("請幫我退錢", "请帮我退钱"),
        ("退\u200b款", "退款"),
        ("ＡＣ－１２３", "ac-123"),
    ],
)
def test_normalization_folds_evasions(text, folded):
    assert normalize_for_matching(text) == folded


def test_language_detection():
    assert language_of("我想退款") == "zh"
    assert language_of("refund please") == "en"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("mail jane.doe@example.com now", ["email"]),
        ("call +1 (415) 555-0132", ["phone"]),
        ("call 415-555-0132", ["phone"]),
        ("手机13812345678", ["cn_mobile"]),
        ("手机 +86 138 1234 5678", ["cn_mobile"]),
        ("card 4111 1111 1111 1111", ["card"]),
        ("card 4111-1111-1111-1111", ["card"]),
        ("card 4111 1111 1111 1112", []),  # fails Luhn
        ("身份证11010519491231002X", ["cn_id"]),
        ("身份证110105194912310021", []),  # wrong check digit
        ("IBAN GB82 WEST 1234 5698 7654 32", ["iban"]),
        ("IBAN GB83 WEST 1234 5698 7654 32", []),  # fails mod 97: no IBAN, and its digits are no valid phone
        ("order 12345678 shipped", []),  # a bare order number is no phone
        ("no pii here", []),
        ("a@b.co and 4111111111111111", ["email", "card"]),
    ],
)
def test_pii_detection(text, kinds):
    assert [s.type for s in find_pii(text)] == kinds


def test_checksums():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert cn_id_valid("11010519491231002X") and not cn_id_valid("110105194912310021")
    assert iban_valid("DE89370400440532013000") and not iban_valid("DE89370400440532013001")


def test_redaction_by_type():
    text = "mail a@b.co or call 415-555-0132"
    spans = find_pii(text)
    assert redact(text, spans) == "mail [email redacted] or call [phone redacted]"
    assert redact(text, spans, frozenset({"phone"})) == "mail a@b.co or call [phone redacted]"


def test_entities():
    text = "Order AC-123456 cost $1,299.50 and ¥88, delivered 2026-11-02 (2026年11月3日); mail a@b.co"
    entities = extract_entities(text, find_pii(text), compile_order_id(r"\bAC-[0-9]{6}\b"))
    assert entities["order_ids"] == ["AC-123456"]
    assert entities["money"] == [{"amount": 88.0, "currency": "CNY"}, {"amount": 1299.5, "currency": "USD"}]
    assert entities["dates"] == ["2026-11-02", "2026-11-03"]
    assert entities["emails"] == ["a@b.co"]


NASTY = ["a{n}!", "1 {n}", "@{n}a", "x@{n}", "+1 ({n}"]


def _nasty(shape: str, size: int) -> str:
    unit, _, tail = shape.partition("{n}")
    return unit * (size // len(unit)) + tail


@pytest.mark.parametrize("shape", NASTY)
def test_redos_shaped_input_is_linear(shape):
    """Inputs that make backtracking engines explode stay linear: all matching is RE2 / Aho-Corasick."""

    def seconds(size: int) -> float:
        text = _nasty(shape, size)
        start = time.perf_counter()
        find_pii(text)
        normalize_for_matching(text)
        return time.perf_counter() - start

    # Alternated, best of five each: a busy machine slows both sizes alike instead of only one of them.
    rounds = [(seconds(10_000), seconds(80_000)) for _ in range(5)]
    small, large = min(r[0] for r in rounds), min(r[1] for r in rounds)
    # 8x the input: linear work takes ~8x; anything quadratic would take ~64x.
    assert large < 20 * small + 0.05
    assert large < 2.0
