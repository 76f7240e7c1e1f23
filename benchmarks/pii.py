"""PII benchmark: per-type precision / recall / F1 (exact spans) and latency per 750-character message, with and
without the NER model.

Two sets of examples: `tests/test_pii.py`'s table (the detector was built against it) and `FRESH` below, support
messages written after the detector's first version. Its first run scored headline F1 0.944 (rules) and 0.863
(rules + NER); the misses it showed (relation and address-block names, labels the model took for names) were then
fixed, so it is no longer unseen text: treat both sets as regression checks, not as an estimate on new data.

    .venv/bin/python -m benchmarks.pii            # add --no-ner to skip the model
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter

from benchmarks.table import print_table
from interlock.text.ner import NerModel, NerUnavailable, load_default_ner
from interlock.text.pii import PII_TYPES, find_pii
from tests.test_pii import CASES, NER_CASES, Row

# The types the PII goal is stated over.
HEADLINE = ("email", "phone", "card", "iban", "person", "address", "location")

FRESH: list[Row] = [
    ("hey, it's Daniel Okafor again, the blender I got still hasn't shown up", [("person", "Daniel Okafor")]),
    ("Can someone call me back on 646-555-0148? Thx", [("phone", "646-555-0148")]),
    ("please update my shipping address to 77 Harbor View Road, Portland, ME 04101",
     [("address", "77 Harbor View Road, Portland, ME 04101")]),
    ("My wife Angela placed the order, her email is angela.r@gmail.com", [("person", "Angela"),
                                                                         ("email", "angela.r@gmail.com")]),
    ("order #AC-2231904 was charged twice to my visa 4242 4242 4242 4242", [("card", "4242 4242 4242 4242")]),
    ("We moved from Leeds to Manchester last month so the old address is wrong",
     [("location", "Leeds"), ("location", "Manchester")]),
    ("Hallo, hier ist Stefanie Braun. Die Lieferung an Goethestraße 14, 60313 Frankfurt kam nicht an.",
     [("person", "Stefanie Braun"), ("address", "Goethestraße 14, 60313 Frankfurt")]),
    ("Bitte zurückrufen unter 0151 23456789", [("phone", "0151 23456789")]),
    ("Bonjour, je suis Camille Moreau et ma commande n'est pas arrivée à Toulouse",
     [("person", "Camille Moreau"), ("location", "Toulouse")]),
    ("Vous pouvez me joindre au 06 98 76 54 32", [("phone", "06 98 76 54 32")]),
    ("Hola, me llamo Javier Ruiz, vivo en Valencia y no recibí el paquete",
     [("person", "Javier Ruiz"), ("location", "Valencia")]),
    ("Mi dirección es Calle de Alcalá 42, 28014 Madrid", [("address", "Calle de Alcalá 42, 28014 Madrid")]),
    ("您好，我是陈静，订单还没收到", [("person", "陈静")]),
    ("请寄到江苏省南京市鼓楼区中山路18号", [("address", "江苏省南京市鼓楼区中山路18号")]),
    ("我的电话是 186 1234 5678", [("cn_mobile", "186 1234 5678")]),
    ("The courier said tracking 9400 1000 0000 0000 0000 00 is delivered but it isn't", []),
    ("I paid 1,249.99 on 2025-10-03 at 14:22, receipt 000482213", []),
    ("Model WX-4000 serial 88123-0045 stopped working after 2 weeks", []),
    ("my account email is tom@example.org and phone is +44 7700 900123",
     [("email", "tom@example.org"), ("phone", "+44 7700 900123")]),
    ("Refund to IBAN NL91ABNA0417164300 please", [("iban", "NL91ABNA0417164300")]),
    ("Transfer went to ES91 2100 0418 4502 0005 1332", [("iban", "ES91 2100 0418 4502 0005 1332")]),
    ("Ask for Jennifer in billing, she knows the case", [("person", "Jennifer")]),
    ("Priyanka Raman\n12 Orchard Lane\nCambridge CB2 1TN", [("person", "Priyanka Raman"),
                                                           ("address", "12 Orchard Lane\nCambridge CB2 1TN")]),
    ("My mother, Helen Park, is 82 and cannot come to the door", [("person", "Helen Park"), ("age", "82")]),
    ("I'm staying at the Hilton in Singapore until Friday", [("organization", "Hilton"), ("location", "Singapore")]),
    ("Billing address: 4 Rue Saint-Denis, 75001 Paris", [("address", "4 Rue Saint-Denis, 75001 Paris")]),
    ("Text me at 312 555 0186 when it ships", [("phone", "312 555 0186")]),
    ("The box says made in Vietnam, is that right?", [("location", "Vietnam")]),
    ("My driver's licence number is K1234-56789-01234 for the rental",
     [("driver_licence", "K1234-56789-01234")]),
    ("born 14/06/1988, if you need it for verification", [("date_of_birth", "14/06/1988")]),
    ("this is Mark from Brightline Ltd, calling about invoice 55821",
     [("person", "Mark"), ("organization", "Brightline Ltd")]),
    ("Card ending 1111 was declined", []),
    ("call center number 1-800-555-0199 never answers", [("phone", "1-800-555-0199")]),
    ("Reference 2025110312345 for the return", []),
    ("I live on 5th Avenue in New York", [("location", "New York")]),
    ("Deliver to Mrs. Eleanor Whitfield, 9 Kings Road, Brighton", [("person", "Eleanor Whitfield"),
                                                                  ("address", "9 Kings Road, Brighton")]),
    ("王先生的快递单号是 SF1402938475621", [("person", "王")]),
    ("收件人：刘洋，电话：13912345678，地址：浙江省杭州市西湖区文三路90号",
     [("person", "刘洋"), ("cn_mobile", "13912345678"), ("address", "浙江省杭州市西湖区文三路90号")]),
    ("Meine IBAN: DE44 5001 0517 5407 3249 31", [("iban", "DE44 5001 0517 5407 3249 31")]),
    ("Ich heiße Mehmet Yilmaz und wohne in Köln", [("person", "Mehmet Yilmaz"), ("location", "Köln")]),
    ("Saludos,\nMarta Gómez", [("person", "Marta Gómez")]),
    ("Version 2.14.3 of the app crashes on login", []),
    ("My IP address is 203.0.113.45, the site blocks me", [("ip", "203.0.113.45")]),
    ("Our office at 500 Terry Francois Blvd, San Francisco, CA 94158 never got it",
     [("address", "500 Terry Francois Blvd, San Francisco, CA 94158")]),
    ("Is the store in Munich open on Sunday?", [("location", "Munich")]),
    ("Regards, Olivia", [("person", "Olivia")]),
    ("please send a technician, Tuesday 10-12 works", []),
    ("My SSN 536-90-4399 was printed on the label!", [("ssn", "536-90-4399")]),
    ("手机号码：15012345678，收件人张小凡", [("cn_mobile", "15012345678"), ("person", "张小凡")]),
    ("I ordered 12 items, 3 were broken, total 240.00", []),
]


def _offsets(text: str, expected: list[tuple[str, str]]) -> set[tuple[str, int, int]]:
    spans, cursor = set(), Counter()
    for kind, value in expected:
        start = text.index(value, cursor[value])
        cursor[value] = start + 1
        spans.add((kind, start, start + len(value)))
    return spans


def score(rows: list[Row], ner: NerModel | None) -> dict[str, Counter]:
    """Per type: true positives, false positives, false negatives (a span counts only with its exact offsets)."""
    counts: dict[str, Counter] = {kind: Counter() for kind in PII_TYPES}
    for text, expected in rows:
        truth = _offsets(text, expected)
        predicted = {(s.type, s.start, s.end) for s in find_pii(text, ner=ner)}
        for kind, *_ in predicted & truth:
            counts[kind]["tp"] += 1
        for kind, *_ in predicted - truth:
            counts[kind]["fp"] += 1
        for kind, *_ in truth - predicted:
            counts[kind]["fn"] += 1
    return counts


def _prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def quality_rows(name: str, counts: dict[str, Counter]) -> list[list[str]]:
    rows = []
    headline = sum((counts[kind] for kind in HEADLINE), Counter())
    for kind, c in [*counts.items(), ("headline (7 types)", headline)]:
        if not sum(c.values()):
            continue
        p, r, f = _prf(c)
        rows.append([name, kind, str(c["tp"] + c["fn"]), f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"])
    return rows


def messages(size: int = 750) -> list[str]:
    """Messages of about `size` characters, each made of consecutive examples."""
    texts = [text for text, _ in CASES + NER_CASES + FRESH]
    out, current = [], ""
    for index in range(len(texts) * 3):
        current += texts[index % len(texts)] + " "
        if len(current) >= size:
            out.append(current[:size])
            current = ""
    return out


def latency(ner: NerModel | None, repeats: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeats):
        for text in messages():
            start = time.perf_counter()
            find_pii(text, ner=ner)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ner", action="store_true", help="score the deterministic detector alone")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread: latency per message, as a worker serves it
    ner = None
    if not args.no_ner:
        try:
            started = time.perf_counter()
            ner = load_default_ner()
            print(f"NER model loaded in {time.perf_counter() - started:.2f} s")
        except NerUnavailable as error:
            print(f"NER model unavailable: {error}")
    for text in messages():  # the gazetteer and each region's numbering plan load on first use
        find_pii(text, ner=ner)
    variants: list[tuple[str, NerModel | None]] = [("rules", None)] + ([("rules+ner", ner)] if ner else [])
    rows = []
    for label, model in variants:
        rows += quality_rows(f"table / {label}", score(CASES + NER_CASES, model))
        rows += quality_rows(f"fresh / {label}", score(FRESH, model))
    print_table(["set / detector", "type", "n", "precision", "recall", "F1"], rows)
    print()
    timing = []
    for label, model in variants:
        p50, p99 = latency(model, args.repeats)
        timing.append([label, str(len(messages()) * args.repeats), f"{p50:.2f}", f"{p99:.2f}"])
    print_table(["detector", "messages (750 chars)", "p50 ms", "p99 ms"], timing)


if __name__ == "__main__":
    main()
