"""The evidence-conflict check, table-driven: one row per case, the kept/dropped chunks and conflicts expected.

Chunks are built with their typed values extracted from the text by the real extractor.
"""

from __future__ import annotations

from datetime import date

import pytest

from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import check_evidence, scopes_overlap
from interlock.retrieval.documents import DocumentMeta
from interlock.retrieval.grounding import ungrounded_values
from interlock.retrieval.values import extract_values

TODAY = date(2026, 11, 23)


def chunk(doc: str, text: str, section: str = "Refund window", n: int = 0, **meta) -> Chunk:
    meta = {"source": doc, "authority": 1, "effective_from": date(2026, 1, 1)} | meta
    return Chunk(chunk_id=f"{doc}#{n}", doc_id=doc, meta=DocumentMeta(**meta), title="T", section=section,
                 text=text, values=extract_values(text, section))  # fmt: skip


def ids(chunks) -> list[str]:
    return [c.chunk_id for c in chunks]


# --- the same value in other words: never a conflict ------------------------------------------------------------
SAME_VALUE = [
    ("within two weeks", "within 14 days"),
    ("within a week", "within 7 days"),
    ("within fourteen days", "within 14 days"),
    ("退货期限为14天", "within 14 days"),
    ("三十天内退货", "within 30 days"),
    ("签收后两周内", "within 14 days"),
    ("a 1 year warranty", "a 12 months warranty"),
    ("within 48 hours", "within 2 days"),
    ("within 24 hours", "within 1 day"),
    ("costs $199", "costs 199 USD"),
    ("costs ¥199", "costs 199元"),
    ("costs €45", "costs 45 EUR"),
    ("costs $1,299.00", "costs USD 1299"),
    ("15% off", "15 percent off"),
    ("call 800-555-0199", "call (800) 555-0199"),
    ("call +1 800 555 0199", "call +1-800-555-0199"),
    ("write to HELP@acme.example", "write to help@acme.example"),
    ("see https://acme.example/refunds/", "see https://ACME.example/refunds"),
]


@pytest.mark.parametrize(("a_text", "b_text"), SAME_VALUE)
def test_same_value_in_other_words_is_no_conflict(a_text, b_text):
    evidence = check_evidence([chunk("a.md", a_text), chunk("b.md", b_text)], TODAY)
    assert evidence.conflicts == () and ids(evidence.kept) == ["a.md#0", "b.md#0"]


# --- different values about one subject, nothing to decide: unresolved ----------------------------------------
DIFFERENT_VALUE = [
    ("within 30 days", "within 14 days", "duration"),
    ("a 1 year warranty", "a 2 year warranty", "duration"),
    ("within 1 month", "within 30 days", "duration"),
    ("within 48 hours", "within 24 hours", "duration"),
    ("costs $199", "costs $189", "money"),
    ("costs $199", "costs €199", "money"),
    ("costs ¥199", "costs ¥189", "money"),
    ("15% off", "20% off", "percent"),
    ("call 800-555-0199", "call 800-555-0100", "phone"),
    ("write to help@acme.example", "write to support@acme.example", "email"),
    ("see https://acme.example/refunds", "see https://acme.example/returns", "url"),
    ("退货期限为30天", "退货期限为14天", "duration"),
]


@pytest.mark.parametrize(("a_text", "b_text", "kind"), DIFFERENT_VALUE)
def test_different_values_with_equal_standing_are_unresolved(a_text, b_text, kind):
    evidence = check_evidence([chunk("a.md", a_text), chunk("b.md", b_text)], TODAY)
    [conflict] = evidence.unresolved
    assert conflict.kind == kind and conflict.chunk_ids == ("a.md#0", "b.md#0") and conflict.winner is None
    assert ids(evidence.kept) == ["a.md#0", "b.md#0"] and evidence.dropped == ()


# --- resolution order: supersedes, then authority, then newer effective date ----------------------------------
RESOLVED = [
    # (a meta, b meta, winner, resolution)
    ({"supersedes": ["b.md"]}, {}, "a.md#0", "superseded"),
    ({}, {"supersedes": ["a.md"]}, "b.md#0", "superseded"),
    ({"supersedes": ["b.md"], "authority": 0}, {"authority": 5}, "a.md#0", "superseded"),
    ({"supersedes": ["b.md"], "effective_from": date(2024, 1, 1)}, {"effective_from": date(2026, 6, 1)}, "a.md#0",
     "superseded"),
    ({"authority": 3}, {"authority": 1}, "a.md#0", "authority"),
    ({"authority": 1}, {"authority": 2}, "b.md#0", "authority"),
    ({"authority": 3, "effective_from": date(2024, 1, 1)}, {"authority": 1}, "a.md#0", "authority"),
    ({"effective_from": date(2026, 3, 1)}, {"effective_from": date(2025, 1, 1)}, "a.md#0", "effective_date"),
    ({"effective_from": date(2025, 1, 1)}, {"effective_from": date(2026, 3, 1)}, "b.md#0", "effective_date"),
    ({"effective_from": None}, {"effective_from": date(2020, 1, 1)}, "b.md#0", "effective_date"),
    ({"supersedes": ["b.md"]}, {"supersedes": ["a.md"], "authority": 2}, "b.md#0", "authority"),
    ({"supersedes": ["other.md"]}, {"authority": 0}, "a.md#0", "authority"),
]  # fmt: skip


@pytest.mark.parametrize(("a_meta", "b_meta", "winner", "resolution"), RESOLVED)
def test_resolution_order(a_meta, b_meta, winner, resolution):
    a, b = chunk("a.md", "within 30 days", **a_meta), chunk("b.md", "within 14 days", **b_meta)
    evidence = check_evidence([a, b], TODAY)
    [conflict] = evidence.conflicts
    assert (conflict.resolution, conflict.winner) == (resolution, winner)
    loser = "b.md#0" if winner == "a.md#0" else "a.md#0"
    assert ids(evidence.kept) == [winner]
    assert [(d.chunk_id, d.reason, d.by) for d in evidence.dropped] == [(loser, resolution, winner)]
    lost_value = "14 days" if loser == "b.md#0" else "30 days"
    assert evidence.forbidden == (("duration", lost_value),)


# --- scope: different scopes are not a conflict, the scope is stated ------------------------------------------
SCOPES = [
    ({"region": "US"}, {"region": "EU"}, False),
    ({"region": "us"}, {"region": "US"}, True),
    ({"region": "US"}, {}, True),
    ({}, {}, True),
    ({"region": "US", "plan": "pro"}, {"region": "US", "plan": "basic"}, False),
    ({"region": "US", "plan": "pro"}, {"region": "US"}, True),
    ({"product": "x1"}, {"region": "EU"}, True),
]


@pytest.mark.parametrize(("a_scope", "b_scope", "overlap"), SCOPES)
def test_scopes(a_scope, b_scope, overlap):
    assert scopes_overlap(a_scope, b_scope) is overlap
    a = chunk("a.md", "costs $199", "Price", scope=a_scope)
    b = chunk("b.md", "costs $189", "Price", scope=b_scope)
    evidence = check_evidence([a, b], TODAY)
    assert ids(evidence.kept) == ["a.md#0", "b.md#0"]
    if overlap:
        assert len(evidence.unresolved) == 1 and evidence.scoped == ()
    else:
        assert evidence.conflicts == () and len(evidence.scoped) == 1
        expected = {"a.md#0": tuple(sorted(a_scope.items())), "b.md#0": tuple(sorted(b_scope.items()))}
        assert dict(evidence.scoped[0].scopes) == expected


@pytest.mark.parametrize(
    ("customer", "kept", "dropped"),
    [
        ({"region": "EU"}, ["eu.md#0", "global.md#0"], ["us.md#0"]),
        ({"region": "US"}, ["global.md#0", "us.md#0"], ["eu.md#0"]),
        ({"region": "CN"}, ["global.md#0"], ["eu.md#0", "us.md#0"]),
        (None, ["eu.md#0", "global.md#0", "us.md#0"], []),
    ],
)
def test_customer_scope_filters_first(customer, kept, dropped):
    chunks = [
        chunk("eu.md", "costs €189", "Price", scope={"region": "EU"}),
        chunk("global.md", "shipping within 3 days", "Shipping"),
        chunk("us.md", "costs $199", "Price", scope={"region": "US"}),
    ]
    evidence = check_evidence(chunks, TODAY, customer)
    assert sorted(ids(evidence.kept)) == kept
    assert [(d.chunk_id, d.reason) for d in evidence.dropped] == [(d, "out_of_scope") for d in dropped]


# --- in effect today ------------------------------------------------------------------------------------------
EFFECTIVE = [
    ({"effective_from": date(2026, 11, 23)}, True),
    ({"effective_from": date(2026, 11, 24)}, False),
    ({"effective_from": None}, True),
    ({"effective_to": date(2026, 11, 23)}, True),
    ({"effective_to": date(2026, 11, 22)}, False),
    ({"effective_from": date(2025, 1, 1), "effective_to": date(2026, 1, 15)}, False),
]


@pytest.mark.parametrize(("meta", "in_effect"), EFFECTIVE)
def test_only_chunks_in_effect_today_count(meta, in_effect):
    expired_or_not = chunk("a.md", "within 60 days", **meta)
    current = chunk("b.md", "within 30 days", authority=0)
    evidence = check_evidence([expired_or_not, current], TODAY)
    if in_effect:
        assert evidence.conflicts[0].winner == "a.md#0"  # higher authority, once it is in effect
    else:
        assert evidence.conflicts == () and ids(evidence.kept) == ["b.md#0"]
        assert evidence.dropped[0].reason == "not_effective"
        assert evidence.forbidden == (("duration", "60 days"),)


# --- harder shapes ----------------------------------------------------------------------------------------------
def test_different_subject_with_similar_wording_is_no_conflict():
    window = chunk("a.md", "Refunds are possible within 30 days.", "Refund window")
    processing = chunk("b.md", "Refunds are processed within 10 days.", "Refund processing time")
    assert check_evidence([window, processing], TODAY).conflicts == ()


def test_two_chunks_of_one_document_never_conflict():
    first = chunk("a.md", "within 30 days", n=0)
    second = chunk("a.md", "within 14 days", n=1)
    assert check_evidence([first, second], TODAY).conflicts == ()


def test_newest_of_three_wins_and_drops_both_others():
    chunks = [chunk(f"{y}.md", f"within {d} days", effective_from=date(y, 1, 1))
              for y, d in ((2024, 7), (2025, 14), (2026, 30))]  # fmt: skip
    evidence = check_evidence(chunks, TODAY)
    assert ids(evidence.kept) == ["2026.md#0"] and evidence.unresolved == ()
    assert sorted(evidence.forbidden) == [("duration", "14 days"), ("duration", "7 days")]


def test_unresolved_pair_is_settled_when_one_side_is_superseded():
    a = chunk("a.md", "within 30 days")
    b = chunk("b.md", "within 14 days")
    c = chunk("c.md", "within 30 days", supersedes=["b.md"])
    evidence = check_evidence([a, b, c], TODAY)
    assert evidence.unresolved == () and ids(evidence.kept) == ["a.md#0", "c.md#0"]


def test_value_stated_by_a_kept_chunk_is_not_forbidden():
    old = chunk("old.md", "within 14 days, refund in 5 days", effective_from=date(2025, 1, 1))
    new = chunk("new.md", "within 30 days, refund in 5 days")
    evidence = check_evidence([old, new], TODAY)
    assert evidence.forbidden == (("duration", "14 days"),)


def test_unresolved_and_scoped_are_reported_together():
    chunks = [
        chunk("a.md", "costs $199", "Price", scope={"region": "US"}),
        chunk("b.md", "costs €189", "Price", scope={"region": "EU"}),
        chunk("c.md", "a 1 year warranty", "Warranty"),
        chunk("d.md", "a 2 year warranty", "Warranty"),
    ]
    evidence = check_evidence(chunks, TODAY)
    assert len(evidence.scoped) == 1 and [c.subject for c in evidence.unresolved] == ["warranty"]


def test_kept_chunks_keep_retrieval_order_and_the_result_is_deterministic():
    chunks = [chunk("z.md", "within 30 days"), chunk("a.md", "call 800-555-0199", "Phone")]
    assert ids(check_evidence(chunks, TODAY).kept) == ["z.md#0", "a.md#0"]
    assert check_evidence(chunks, TODAY) == check_evidence(list(chunks), TODAY)


# --- grounding of the answer --------------------------------------------------------------------------------------
GROUNDING = [
    ("You have 30 days to return it.", []),
    ("You have thirty days to return it.", []),
    ("You have 14 days to return it.", [("14 days", "forbidden")]),
    ("You have 60 days to return it.", [("60 days", "not_in_evidence")]),
    ("Call 800-555-0199.", []),
    ("Call 800-555-0100.", [("+18005550100", "forbidden")]),
    ("It costs $5.", [("USD 5.00", "not_in_evidence")]),
    ("Just send it back.", []),
]


@pytest.mark.parametrize(("answer", "violations"), GROUNDING)
def test_answer_values_must_come_from_kept_evidence(answer, violations):
    old = chunk("old.md", "within 14 days, call 800-555-0100", effective_from=date(2025, 1, 1))
    new = chunk("new.md", "within 30 days, call 800-555-0199")
    evidence = check_evidence([old, new], TODAY)
    assert [(v.value, v.reason) for v in ungrounded_values(answer, evidence)] == violations


def test_an_answer_without_any_value_of_the_top_evidence_is_flagged_when_required():
    evidence = check_evidence([chunk("new.md", "within 30 days")], TODAY)
    assert [v.reason for v in ungrounded_values("Sure!", evidence, require_evidence_value=True)] == [
        "missing_evidence_value"
    ]
    assert ungrounded_values("Within 30 days.", evidence, require_evidence_value=True) == ()
