"""Multi-document questions: encyclopedic passages full of unrelated numbers, where only the asked fact may conflict.

Pure rows for what the check reads (measures, populations, old years, precision, ranges, subjects), then the
written sets (tests/data/conflicts/multidoc*.yaml) against the issue's goals: false conflicts <= 5% on questions
without misinformation, and >= 80% of flags about the asked fact.
"""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.conflicts import MULTIDOC, UNSEEN, about_fact, load_questions, run_question
from interlock.retrieval.asked import asked_from_query
from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import check_evidence
from interlock.retrieval.documents import DocumentMeta
from interlock.retrieval.values import extract_values

TODAY = date(2026, 11, 23)

VALUES = [
    ("The main span is 42.5 metres long.", ("measure", "42.5 m")),
    ("白河全长312公里。", ("measure", "312000 m")),
    ("The Kestrel Tower (214 m) was the tallest.", ("measure", "214 m")),
    ("Its top speed is 31.4 knots.", ("measure", "31.4 kn")),
    ("The 2011 census recorded a population of 14,822.", ("count", "14822 people")),
    ("At the census it had 17,420 inhabitants.", ("count", "17420 people")),
    ("The 27-storey Pellham Building is the best known.", ("count", "27 floor")),
    ("Corran Abbey was built in 1132 by monks.", ("year", "1132")),
    ("The 1972 festival drew a crowd.", ("year", "1972")),
    ("It had a budget of 18 million dollars.", ("money", "USD 18000000.00")),
    ("They won the championship seven times.", ("count", "7 time")),
]


@pytest.mark.parametrize(("text", "expected"), VALUES)
def test_encyclopedic_values_are_read_as_what_they_are(text, expected):
    assert expected in {(v.kind, v.value) for v in extract_values(text, "x")}


def test_a_small_number_without_a_year_cue_is_not_a_year():
    assert all(v.kind != "year" for v in extract_values("The team scored 1132 points.", "x"))


def chunk(doc: str, text: str, title: str) -> Chunk:
    meta = DocumentMeta(source=doc, authority=1, effective_from=date(2026, 1, 1))
    return Chunk(chunk_id=f"{doc}#0", doc_id=doc, meta=meta, title=title, section=title, text=text,
                 values=extract_values(text, title))  # fmt: skip


def conflicts(query: str, *docs: tuple[str, str]):
    chunks = [chunk(f"d{i}.md", text, title) for i, (title, text) in enumerate(docs)]
    return check_evidence(chunks, TODAY, asked=asked_from_query(query)).conflicts


ROWS = [
    # (question, passages (title, text), conflict expected)
    ("What was the average life expectancy in Dunmore in 1900?",
     [("Dunmore", "In 1900 the life expectancy in Dunmore was 42.7 years."),
      ("Health in Dunmore", "In 1900 a resident of Dunmore could expect a life expectancy of about 43 years.")], False),
    ("When was the Halvorsen Bridge completed?",
     [("Halvorsen Bridge", "The Halvorsen Bridge was built from 1848-1853."),
      ("Lenne valley", "The Halvorsen Bridge was completed in 1853.")], False),
    ("How long is the Tamsin River?",
     [("Tamsin River", "The Tamsin River is 312 km long."), ("Rivers", "The Tamsin River is 321 kilometres long.")],
     True),
    ("When was Marguerite Olin born?",
     [("Marguerite Olin", "Marguerite Olin was born in 1888."),
      ("Olin family", "Marguerite Olin's father, Henri Olin, was born in 1851.")], False),
    ("How many buildings does the Old Town district contain?",
     [("Old Town", "The Old Town district contains 291 buildings."),
      ("Old Town district", "The Old Town district has 4 structures and 291 buildings."),
      ("Old Town visitors", "The Old Town district had 120,000 visitors.")], False),
    ("How many buildings does the Old Town district contain?",
     [("Old Town", "The Old Town district contains 291 buildings."),
      ("Old Town district", "The Old Town district contains 219 buildings.")], True),
    ("When did the Brannock Railway close?",
     [("Brannock Railway", "The Brannock Railway opened in 1871."),
      ("Railways", "The Brannock Railway closed in 1962.")], False),
    ("Tell me about Kerrin National Park.",
     [("Kerrin National Park", "Kerrin National Park covers 1,580 square kilometres."),
      ("Parks", "Kerrin National Park covers 1,850 square kilometres.")], False),
    ("how many people attended the lanford festival?",
     [("Lanford Festival", "In 1972 the Lanford Festival drew 65,000 people."),
      ("Lanford", "Lanford is a farming village of 900 people.")], False),
    ("Hi, I'm Anna. When did the Arcadia Theatre open?",
     [("Arcadia Theatre", "The Arcadia Theatre opened on 11 June 1955."),
      ("Theatres", "The Arcadia Theatre opened on 18 June 1957.")], True),
    ("How many employees does Halden Foods have?",
     [("Halden Foods", "In 2015 Halden Foods had 4,300 employees."),
      ("Halden Foods today", "In 2020 Halden Foods had 5,100 employees.")], False),
    ("How many employees did Halden Foods have in 2015?",
     [("Halden Foods", "In 2015 Halden Foods had 4,300 employees."),
      ("Halden Foods today", "Halden Foods had 5,100 employees in 2020."),
      ("Halden history", "Halden Foods had 4,300 employees in 2015.")], False),
    ("How many employees does Halden Foods have?",
     [("Halden Foods", "Halden Foods has about 4,000 employees."),
      ("Halden Foods staff", "Halden Foods has 4,300 employees.")], False),
    ("How many employees does Halden Foods have?",
     [("Halden Foods", "Halden Foods has 4,000 employees."),
      ("Halden Foods staff", "Halden Foods has 4,300 employees.")], True),
    ("When was the Corran Abbey built?",
     [("Corran Abbey", "Corran Abbey was built around 1130."),
      ("Abbeys", "Corran Abbey was built in 1132.")], False),
    ("How many people attended the Lanford Festival?",
     [("Lanford Festival", "The Lanford Festival drew more than 65,000 people."),
      ("Festivals", "The Lanford Festival drew 70,000 people.")], False),
    ("Did the Hale expedition reach the summit?",
     [("Hale expedition", "It reached the summit on 9 August 1923."),
      ("Expeditions", "Of the 11 expeditions of the decade, the Hale expedition did not reach the summit.")], True),
]  # fmt: skip


@pytest.mark.parametrize(("query", "docs", "expected"), ROWS, ids=[f"{i}-{r[0][:30]}" for i, r in enumerate(ROWS)])
def test_only_the_asked_fact_conflicts(query, docs, expected):
    assert bool(conflicts(query, *docs)) == expected


@pytest.mark.parametrize("path", [MULTIDOC, UNSEEN], ids=["multidoc", "unseen"])
def test_multi_document_sets_meet_the_goals(path):
    questions = load_questions(path)
    results = [(q, run_question(q)) for q in questions]
    clean = [e for q, e in results if not q.misinfo]
    misinformed = [(q, e) for q, e in results if q.misinfo]
    flags = [(q, c) for q, e in results for c in e.conflicts]
    false_conflicts = sum(bool(e.conflicts) for e in clean) / len(clean)
    on_fact = sum(about_fact(c, q) for q, c in flags) / len(flags)
    recall = sum(any(about_fact(c, q) for c in e.conflicts) for q, e in misinformed) / len(misinformed)
    assert false_conflicts <= 0.05 and on_fact >= 0.8 and recall >= 0.75, (false_conflicts, on_fact, recall)


def test_the_multi_document_set_is_bilingual_and_a_third_misinformed():
    questions = load_questions(MULTIDOC)
    assert len([q for q in questions if q.language == "en"]) >= 60
    assert len([q for q in questions if q.language == "zh"]) >= 20
    assert 0.25 <= sum(q.misinfo for q in questions) / len(questions) <= 0.4
