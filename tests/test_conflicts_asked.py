"""The conflict check as a customer meets it: what was asked decides what is compared; polarity, topics across
languages, products, the audit record of why. Pure rows first, then the demo knowledge through the real API."""

from __future__ import annotations

from datetime import date

import pytest

from interlock.retrieval.asked import asked_from_query
from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import check_evidence
from interlock.retrieval.documents import DocumentMeta
from interlock.retrieval.grounding import misattributed, ungrounded_values
from interlock.retrieval.headings import heading_warnings
from interlock.retrieval.polarity import DEFAULT_LEXICON
from interlock.retrieval.prompting import evidence_prompt, quote_answer
from interlock.retrieval.values import extract_values
from tests.test_rag_pipeline import ScriptedBackend, ask

TODAY = date(2026, 11, 23)


def chunk(doc: str, text: str, section: str = "General", **meta) -> Chunk:
    meta = {"source": doc, "authority": 1, "effective_from": date(2026, 1, 1)} | meta
    return Chunk(chunk_id=f"{doc}#0", doc_id=doc, meta=DocumentMeta(**meta), title=section, section=section,
                 text=text, values=extract_values(text, section))  # fmt: skip


def check(query: str, *chunks: Chunk, **kwargs):
    return check_evidence(list(chunks), TODAY, asked=asked_from_query(query), **kwargs)


ASKED = [
    ("How long do I have to return an item?", {"return"}, ("duration",)),
    ("What is your refund window?", {"refund", "window"}, ("duration",)),
    ("退货期限是多少天？", {"return", "window"}, ("duration",)),
    ("How much are the X1 headphones?", {"x1", "headphones"}, ("money",)),
    ("What is the support phone number?", {"support", "phone"}, ("phone",)),
    ("客服电话是多少", {"support", "phone"}, ("phone",)),
    ("Can I return opened items?", {"return", "opened"}, ("yes_no",)),
    ("支持七天无理由退货吗？", {"return", "reason"}, ("yes_no",)),
    ("周末有客服吗", {"weekend", "support"}, ("yes_no",)),
    ("How many stores do you have?", {"store"}, ("count",)),
    ("When does the sale end?", {"discount", "end"}, ("date",)),
    ("What is your return policy?", {"return"}, ()),
]


@pytest.mark.parametrize(("query", "terms", "kinds"), ASKED)
def test_the_question_says_what_is_asked(query, terms, kinds):
    asked = asked_from_query(query)
    assert set(asked.terms) == terms and asked.kinds == kinds


def test_only_the_asked_fact_is_compared():
    a = chunk("a.md", "Items can be returned within 30 days. Refunds are processed within 5 business days.")
    b = chunk("b.md", "You can return an item within 30 days. Refunds take 10 business days to process.")
    assert check("How long do I have to return an item?", a, b).conflicts == ()
    [conflict] = check("How long does a refund take to process?", a, b).unresolved
    assert conflict.values == (("5 business days",), ("10 business days",))


def test_a_conflict_records_the_asked_attribute_the_sentences_and_why():
    a = chunk("a.md", "Our store opened in 1998. Items can be returned within 30 days.", "Returns")
    b = chunk("b.md", "You may send items back up to 14 days after they arrive.", "Return policy")
    [conflict] = check("How long do I have to return an item?", a, b).unresolved
    assert conflict.attribute == "return" and conflict.kind == "duration"
    assert conflict.sentences == ("Items can be returned within 30 days.",
                                  "You may send items back up to 14 days after they arrive.")  # fmt: skip
    assert conflict.why == "duration stated as 30 days vs 14 days"


def test_without_a_question_only_one_heading_is_compared():
    a = chunk("a.md", "Items can be returned within 30 days.", "Returns")
    b = chunk("b.md", "Items can be returned within 14 days.", "Return policy")
    assert check_evidence([a, b], TODAY).conflicts == ()
    topic_a = chunk("a.md", "Items can be returned within 30 days.", "Returns", topic="returns")
    topic_b = chunk("b.md", "商品签收后14天内可以退货。", "退货期限", topic="returns")
    assert [c.kind for c in check_evidence([topic_a, topic_b], TODAY).unresolved] == ["duration"]


def test_documents_of_different_topics_are_never_compared():
    a = chunk("a.md", "Returns within 30 days.", topic="store returns")
    b = chunk("b.md", "Returns within 14 days.", topic="marketplace returns")
    assert check("How long do I have to return an item?", a, b).conflicts == ()


POLARITY = [
    ("Can I return opened items?", "Opened items can be returned within 30 days.",
     "Opened items are excluded from returns (30 days).", True),
    ("Is support available on weekends?", "Support is available on weekends.", "Support is closed on weekends.", True),
    ("支持七天无理由退货吗？", "本店支持七天无理由退货。", "本店不支持七天无理由退货。", True),
    ("包邮吗？", "全国订单包邮。", "全国订单不包邮。", True),
    ("Can opened items be returned?", "Opened items can be returned.", "已拆封商品不支持退货。", True),
    ("Are gift cards refundable?", "Gift cards are refundable within 30 days.", "Gift cards are non-refundable.", True),
    ("Can I return opened items?", "Opened items cannot be returned.", "Opened items are excluded from returns.",
     False),
    ("Is shipping free?", "Shipping is free on every order.", "We charge no fee for shipping.", False),
    ("Can I return opened items?", "Opened items can be returned within 30 days.",
     "Final-sale items cannot be returned.", False),
]  # fmt: skip


@pytest.mark.parametrize(("query", "a_text", "b_text", "conflict"), POLARITY)
def test_opposite_polarity_about_the_same_thing_conflicts(query, a_text, b_text, conflict):
    evidence = check(query, chunk("a.md", a_text), chunk("b.md", b_text))
    assert [c.kind for c in evidence.unresolved] == (["polarity"] if conflict else [])


def test_a_bundle_can_extend_the_polarity_lexicon():
    a, b = chunk("a.md", "Pets are welcome in all rooms."), chunk("b.md", "Pets are verboten in all rooms.")
    assert check("Are pets allowed in the rooms?", a, b).conflicts == ()
    extended = DEFAULT_LEXICON.extended({"negative": ["verboten"]})
    [conflict] = check("Are pets allowed in the rooms?", a, b, lexicon=extended).unresolved
    assert conflict.kind == "polarity" and conflict.values == (("yes",), ("no",))


def test_polarity_is_settled_by_the_same_precedence():
    old = chunk("old.md", "Support is closed on weekends.", effective_from=date(2025, 1, 1))
    new = chunk("new.md", "Support is available on weekends.", effective_from=date(2026, 2, 1))
    evidence = check("Is support available on weekends?", old, new)
    assert [c.chunk_id for c in evidence.kept] == ["new.md#0"]
    assert [(d.chunk_id, d.reason) for d in evidence.dropped] == [("old.md#0", "effective_date")]


def test_different_products_are_several_answers_not_a_conflict():
    a, b = chunk("a.md", "The X1 headphones cost $199."), chunk("b.md", "The X1 Pro headphones cost $249.")
    evidence = check("How much are the headphones?", a, b)
    assert evidence.conflicts == ()
    [note] = evidence.scoped
    assert note.by == "entity" and dict(note.scopes) == {"a.md#0": (("product", "x1"),),
                                                         "b.md#0": (("product", "x1 pro"),)}  # fmt: skip


def test_a_related_chunk_is_compared_and_kept_only_when_no_hit_answers():
    hit = chunk("en.md", "Unused gift cards can be refunded within 14 days of purchase.", topic="gift-cards")
    other_language = chunk("zh.md", "礼品卡一经售出不可以退款。", topic="gift-cards")
    unrelated = chunk("zh2.md", "礼品卡可在全国门店使用。", topic="gift-cards")
    evidence = check("What is the gift card refund policy?", hit, related=[other_language, unrelated])
    assert [c.kind for c in evidence.unresolved] == ["polarity"]
    assert [c.chunk_id for c in evidence.kept] == ["en.md#0"]
    alone = check("礼品卡可以退款吗？", unrelated, related=[other_language])
    assert [c.chunk_id for c in alone.kept] == ["zh.md#0", "zh2.md#0"]


# --- the demo knowledge through the API ----------------------------------------------------------------------
def test_cross_language_policies_that_disagree_hand_off_with_both_sources(runtime, client):
    runtime.pipeline.backend = model = ScriptedBackend("never asked")
    for question in ("What is the gift card refund policy?", "礼品卡的退款政策是什么？"):
        body, record = ask(client, question)
        assert body["route"] == "handoff" and body["handoff"]["reason"] == "conflicting_evidence"
        [conflict] = [c for c in record["retrieval"]["conflicts"] if c["resolution"] == "unresolved"]
        assert conflict["kind"] == "polarity"
        assert sorted(conflict["chunk_ids"]) == ["gift-cards-zh.md#0", "gift-cards.md#0"]
        assert "礼品卡一经售出不可以退款。" in conflict["sentences"] and conflict["why"].startswith("opposite polarity")
        assert record["retrieval"]["asked"]["terms"] == ["gift_card", "refund"]
        sources = {s["source"] for s in body["handoff"]["conflicting_sources"][0]["sources"]}
        assert sources == {"Gift card terms", "礼品卡使用条款"}
    assert model.prompts == []


def test_a_superseded_no_gives_way_to_the_new_yes(runtime, client):
    runtime.pipeline.backend = ScriptedBackend("Yes, within 30 days if all accessories are included.")
    body, record = ask(client, "What is the return policy for opened items?")
    assert body["route"] == "rag" and "opened-items.md#0" in body["citations"]
    dropped = {d["chunk_id"]: d["reason"] for d in record["retrieval"]["dropped"]}
    assert dropped.get("opened-items-2025.md#0") == "superseded"


HEADINGS = [
    ("Returns", "Return policy", "near_duplicate"),
    ("Refund window", "Refund windows", "near_duplicate"),
    ("Support phone", "客服电话", "cross_language"),
    ("Return policy", "退货政策", "cross_language"),
    ("Refund window", "Refund processing time", None),
    ("Warranty", "Shipping", None),
    ("Returns", "Returns", None),  # one heading: lint compares them already
]


@pytest.mark.parametrize(("a", "b", "kind"), HEADINGS)
def test_lint_warns_about_headings_that_name_one_subject(a, b, kind):
    warnings = heading_warnings([chunk("a.md", "x", a), chunk("b.md", "y", b)])
    assert [w.kind for w in warnings] == ([kind] if kind else [])
    topics = [chunk("a.md", "x", a, topic="one"), chunk("b.md", "y", b, topic="two")]
    assert heading_warnings(topics) == []


MISATTRIBUTED = [
    ("The X1 costs $199 in the US and €189 in the EU.", []),
    ("In the US the X1 costs $199. In the EU it costs €189.", []),
    ("The X1 costs €189 in the US.", [("money", "EUR 189.00")]),
    ("The X1 costs $199.", []),  # no scope named: not misattributed (the prompt asks for scopes)
]


@pytest.mark.parametrize(("answer", "expected"), MISATTRIBUTED)
def test_each_stated_value_stays_with_its_own_scope(answer, expected):
    eu = chunk("eu.md", "The X1 headphones cost €189.", scope={"region": "EU"})
    us = chunk("us.md", "The X1 headphones cost $199.", scope={"region": "US"})
    evidence = check("How much are the X1 headphones?", eu, us)
    assert [(v.kind, v.value) for v in misattributed(answer, evidence)] == expected


def test_the_prompt_and_the_quote_give_every_product_with_its_own_label():
    a, b = chunk("a.md", "The X1 headphones cost $199."), chunk("b.md", "The X1 Pro headphones cost $249.")
    evidence = check("How much are the headphones?", a, b)
    prompt = evidence_prompt(evidence)
    assert "There are several valid answers (money), one per entity" in prompt
    assert "[a.md#0] a.md (product: x1)" in prompt and "[b.md#0] b.md (product: x1 pro)" in prompt
    quote = quote_answer(evidence)
    assert "a.md (product: x1): The X1 headphones cost $199." in quote and "(product: x1 pro)" in quote
    assert [v.reason for v in ungrounded_values("The X1 Pro costs $199.", evidence)] == ["misattributed"]


def test_the_bundle_grounding_section_carries_extra_polarity_words():
    from interlock.policies.schema import Grounding

    grounding = Grounding.model_validate({"polarity": {"negative": ["Verboten"], "positive": ["erlaubt"]}})
    lexicon = DEFAULT_LEXICON.extended(grounding.polarity.model_dump())
    assert lexicon.polarity(["hunde", "verboten"]) == -1 and lexicon.polarity(["hunde", "erlaubt"]) == 1
    assert DEFAULT_LEXICON.extended(Grounding().polarity.model_dump()) == DEFAULT_LEXICON
