"""Typed values read faithfully: one row per text, the (kind, value) pairs expected and nothing else."""

from __future__ import annotations

import pytest

from interlock.retrieval.values import extract_values

VALUES = [
    # phones: only with a phone's shape or a cue; normalized to E.164
    ("Call 800-555-0199 today.", [("phone", "+18005550199")]),
    ("call (800) 555-0199", [("phone", "+18005550199")]),
    ("call +1 800 555 0199", [("phone", "+18005550199")]),
    ("客服热线：400-820-0199，每天开放。", [("phone", "+864008200199")]),
    ("手机 13812345678 可以联系我们", [("phone", "+8613812345678")]),
    ("The war lasted 1848-1853.", [("year", "1848-1853")]),
    ("Row totals: 12 4589 2213 3456", []),
    # decimals stay whole
    ("The average tenure is 42.7 years.", [("duration", "512.4 months")]),
    ("Delivery takes 1.5 days.", [("duration", "1.5 days")]),
    ("The fee is $12.50.", [("money", "USD 12.50")]),
    # dates in words (English and Chinese), ISO dates, dates without a year stay without one
    ("He was born on 11 June 1955.", [("date", "1955-06-11")]),
    ("Opened on June 11, 1955.", [("date", "1955-06-11")]),
    ("The offer ends 5 December 2026.", [("date", "2026-12-05")]),
    ("Valid from March 2026.", [("date", "2026-03")]),
    ("Orders placed before 1 March ship free.", [("date", "--03-01")]),
    ("生效日期：2026年3月1日", [("date", "2026-03-01")]),
    ("自二〇二六年三月一日起执行", [("date", "2026-03-01")]),
    ("自3月1日起执行", [("date", "--03-01")]),
    ("effective 2026-03-01", [("date", "2026-03-01")]),
    # bare years
    ("Since 1999 we ship worldwide.", [("year", "1999")]),
    ("本店于2019年开业", [("year", "2019")]),
    # counts with their noun
    ("The city has 291 buildings.", [("count", "291 building")]),
    ("We have 12 stores and 3,400 employees.", [("count", "12 store"), ("count", "3400 employee")]),
    ("每月可退换2次", [("count", "2 次")]),
    ("There are 2000 customers.", [("count", "2000 customer")]),
    # durations, ranges as ranges
    ("Returns within 30 days.", [("duration", "30 days")]),
    ("within two weeks", [("duration", "14 days")]),
    ("退货期限为14天", [("duration", "14 days")]),
    ("签收后两周内", [("duration", "14 days")]),
    ("三十天内退货", [("duration", "30 days")]),
    ("within 48 hours", [("duration", "2 days")]),
    ("Delivery in 3-5 business days.", [("duration", "3-5 business days")]),
    ("Delivery in 3 to 5 days.", [("duration", "3-5 days")]),
    ("3至5个工作日送达", [("duration", "3-5 business days")]),
    ("Prices range $10-$20.", [("money", "USD 10.00-20.00")]),
    # percentages with what they are a percentage of
    ("15% off all shoes", [("percent", "15%")]),
    ("VAT of 20% applies", [("percent", "20%")]),
    ("全场八折", [("percent", "20%")]),
    ("百分之十的手续费", [("percent", "10%")]),
    # money, contacts
    ("The X1 costs $199.", [("money", "USD 199.00")]),
    ("costs ¥199", [("money", "CNY 199.00")]),
    ("售价199元", [("money", "CNY 199.00")]),
    ("write to HELP@acme.example", [("email", "help@acme.example")]),
    ("see https://ACME.example/refunds/", [("url", "https://acme.example/refunds")]),
]


@pytest.mark.parametrize(("text", "expected"), VALUES)
def test_values_are_read_faithfully(text, expected):
    assert [(v.kind, v.value) for v in extract_values(text, "")] == expected


ABOUT = [
    ("15% off all shoes", "discount"),
    ("VAT of 20% applies", "tax"),
    ("a 3% fee on card payments", "fee"),
    ("全场八折", "discount"),
    ("百分之十的手续费", "fee"),
    ("20% of customers", ""),
]


@pytest.mark.parametrize(("text", "about"), ABOUT)
def test_a_percentage_says_what_it_is_of(text, about):
    [value] = [v for v in extract_values(text, "") if v.kind == "percent"]
    assert value.about == about
