"""Conflict benchmark: the hand-written development set (tests/data/conflicts/cases.yaml), per class and half.

Each case is a customer's question and two or three documents; the check runs as on a live turn (the question's
asked attribute, the documents as relevant hits). A case is flagged when the check reports any conflict about
it. Per class: cases, flagged, recall (conflict classes: the conflict found), false-conflict rate (classes that
must not conflict: flagged anyway), outcome accuracy (the expected winner, scope note or agreement), and
precision over all flags. The even-numbered cases are the development half, the odd ones held out. Then the
conflict check's latency for 8 chunks (sentences analysed once, as a loaded index keeps them).

Then multi-document questions (tests/data/conflicts/multidoc.yaml): encyclopedic and company-history passages
full of unrelated numbers, 3-6 retrieved per question, about a third with one passage that changes the asked
fact. Per half and language: the false-conflict rate on clean questions (any conflict reported), the recall on
misinformed ones (a conflict about the asked fact), and the share of all flags that are about the asked fact: both
sentences the conflict compares contain a value the gold marks as stating the asked fact (`fact`). Both halves of
that set were looked at while tuning; multidoc_unseen.yaml was written afterwards and is the unseen figure.

    .venv/bin/python -m benchmarks.conflicts
"""

from __future__ import annotations

import os
import random
import statistics
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml

from benchmarks.table import print_table
from interlock.retrieval.asked import asked_from_query
from interlock.retrieval.chunking import Chunk
from interlock.retrieval.conflicts import Conflict, Evidence, check_evidence
from interlock.retrieval.documents import DocumentMeta
from interlock.retrieval.values import extract_values

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "conflicts" / "cases.yaml"
MULTIDOC = CASES.with_name("multidoc.yaml")
# Written after the check was tuned on MULTIDOC (both of whose halves were looked at while tuning), run once.
UNSEEN = CASES.with_name("multidoc_unseen.yaml")
TODAY = date(2026, 11, 23)
CONFLICT_CLASSES = ("numeric", "polarity", "contact", "supersedes")
EXPECTS = ("conflict", "winner-a", "winner-b", "winner-c", "scoped", "agree")


@dataclass(frozen=True)
class Case:
    index: int
    cls: str
    query: str
    chunks: tuple[Chunk, ...]
    expect: str


def make_chunk(name: str, doc: dict) -> Chunk:
    section = doc.get("section", "General")
    meta = {"source": f"{name}.md", "authority": 1, "effective_from": date(2026, 1, 1)} | doc.get("meta", {})
    return Chunk(chunk_id=f"{name}.md#0", doc_id=f"{name}.md", meta=DocumentMeta(**meta), title=section,
                 section=section, text=doc["text"], values=extract_values(doc["text"], section))  # fmt: skip


def load_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for index, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if raw["expect"] not in EXPECTS:
            raise ValueError(f"case {index}: expect {raw['expect']!r} is not one of {EXPECTS}")
        chunks = tuple(make_chunk(name, raw[name]) for name in ("a", "b", "c") if name in raw)
        cases.append(Case(index, raw["class"], raw["q"], chunks, raw["expect"]))
    return cases


def run(case: Case) -> Evidence:
    return check_evidence(list(case.chunks), TODAY, asked=asked_from_query(case.query))


def outcome(evidence: Evidence) -> str:
    """What the check decided, in the vocabulary of `expect`."""
    if evidence.unresolved:
        return "conflict"
    if evidence.conflicts:
        involved = {cid for c in evidence.conflicts for cid in c.chunk_ids}
        kept = [c.chunk_id for c in evidence.kept if c.chunk_id in involved]
        return f"winner-{kept[0][0]}" if len(kept) == 1 else "conflict"
    return "scoped" if evidence.scoped else "agree"


def flagged(evidence: Evidence) -> bool:
    return bool(evidence.conflicts)


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def summary(cases: list[Case]) -> list[list[str]]:
    rows = []
    results = [(case, run(case)) for case in cases]
    for cls in sorted({c.cls for c in cases}, key=lambda c: (c not in CONFLICT_CLASSES, c)):
        mine = [(c, e) for c, e in results if c.cls == cls]
        flags = sum(flagged(e) for _, e in mine)
        right = sum(outcome(e) == c.expect for c, e in mine)
        positive = cls in CONFLICT_CLASSES
        rows.append([cls, str(len(mine)), str(flags), _rate(flags, len(mine)) if positive else "-",
                     "-" if positive else _rate(flags, len(mine)), _rate(right, len(mine))])  # fmt: skip
    true_flags = sum(flagged(e) for c, e in results if c.cls in CONFLICT_CLASSES)
    all_flags = sum(flagged(e) for _, e in results)
    positives = sum(c.cls in CONFLICT_CLASSES for c, _ in results)
    negatives = len(results) - positives
    rows.append(["all", str(len(results)), str(all_flags), _rate(true_flags, positives),
                 _rate(all_flags - true_flags, negatives), _rate(sum(outcome(e) == c.expect for c, e in results),
                                                                 len(results))])  # fmt: skip
    rows.append(["precision", "", "", _rate(true_flags, all_flags), "", ""])
    return rows


def latency(
    cases: list[Case] | list[Question], runs: int = 5000, warmup: int = 500
) -> tuple[float, float, float, float]:
    """p50/p99 of one check: the question analysed, 8 chunks of distinct documents drawn from the set."""
    rng = random.Random(0)
    pool = [chunk for case in cases for chunk in case.chunks]
    draws = []
    for _ in range(64):
        chunks = [c.model_copy(update={"chunk_id": f"{i}{c.chunk_id}", "doc_id": f"{i}{c.doc_id}"})
                  for i, c in enumerate(rng.sample(pool, 8))]  # fmt: skip
        for chunk in chunks:
            chunk.sentences  # noqa: B018 - analysed once per chunk, as a loaded index keeps them
        draws.append(chunks)
    queries = [case.query for case in cases]
    wall, cpu = [], []
    for n in range(warmup + runs):
        chunks, query = draws[n % len(draws)], queries[n % len(queries)]
        start, start_cpu = time.perf_counter(), time.thread_time()
        check_evidence(chunks, TODAY, asked=asked_from_query(query))
        if n >= warmup:
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    return statistics.median(wall), _p99(wall), statistics.median(cpu), _p99(cpu)


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


@dataclass(frozen=True)
class Question:
    index: int
    query: str
    chunks: tuple[Chunk, ...]
    misinfo: bool
    fact: tuple[str, ...]  # substrings that mark the sentences stating the asked fact

    @property
    def language(self) -> str:
        return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in self.query) else "en"


def load_questions(path: Path = MULTIDOC) -> list[Question]:
    questions = []
    for index, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if not 3 <= len(raw["docs"]) <= 6 or not raw["fact"]:
            raise ValueError(f"question {index}: needs 3-6 docs and at least one fact marker")
        chunks = tuple(make_chunk(f"q{index}d{i}", {"section": d["title"], "text": d["text"]})
                       for i, d in enumerate(raw["docs"]))  # fmt: skip
        questions.append(Question(index, raw["q"], chunks, bool(raw["misinfo"]), tuple(raw["fact"])))
    return questions


def run_question(question: Question) -> Evidence:
    return check_evidence(list(question.chunks), TODAY, asked=asked_from_query(question.query))


def about_fact(conflict: Conflict, question: Question) -> bool:
    """Both compared sentences state the asked fact (contain one of the gold's markers)."""
    return all(any(f.casefold() in s.casefold() for f in question.fact) for s in conflict.sentences)


def multidoc_summary(questions: list[Question]) -> list[list[str]]:
    rows = []
    for language in ("en", "zh", "all"):
        mine = [q for q in questions if language in ("all", q.language)]
        results = [(q, run_question(q)) for q in mine]
        clean = [e for q, e in results if not q.misinfo]
        misinformed = [(q, e) for q, e in results if q.misinfo]
        false = sum(bool(e.conflicts) for e in clean)
        found = sum(any(about_fact(c, q) for c in e.conflicts) for q, e in misinformed)
        flags = [(q, c) for q, e in results for c in e.conflicts]
        on_fact = sum(about_fact(c, q) for q, c in flags)
        rows.append([language, str(len(clean)), _rate(false, len(clean)), str(len(misinformed)),
                     _rate(found, len(misinformed)), str(len(flags)), _rate(on_fact, len(flags))])  # fmt: skip
    return rows


def main() -> None:
    cases = load_cases()
    print(f"conflict benchmark: {len(cases)} cases from {CASES.relative_to(CASES.parents[2])}")
    header = ["class", "cases", "flagged", "recall", "false-conflict rate", "outcome accuracy"]
    for name, half in (("development half (even cases)", 0), ("held-out half (odd cases)", 1)):
        print(f"\n{name}")
        print_table(header, summary([c for c in cases if c.index % 2 == half]))
    questions = load_questions()
    print(f"\nmulti-document questions: {len(questions)} from {MULTIDOC.relative_to(MULTIDOC.parents[2])}")
    header = ["language", "clean", "false-conflict rate", "misinformed", "recall (asked fact)", "flags",
              "flags about the asked fact"]  # fmt: skip
    for name, half in (("development half (even questions)", 0), ("held-out half (odd questions)", 1)):
        print(f"\n{name}")
        print_table(header, multidoc_summary([q for q in questions if q.index % 2 == half]))
    lowered = [replace(q, query=q.query.lower()) for q in questions]
    print("\nthe same questions typed in lowercase (no capitalized names to find the subject by)")
    print_table(header, multidoc_summary(lowered))
    unseen = load_questions(UNSEEN)
    print(f"\nlater set: {len(unseen)} questions written after tuning ({UNSEEN.relative_to(UNSEEN.parents[2])}); its "
          "first run, unseen, gave 0% false conflicts, 78% recall and 78% of flags about the asked fact; the check "
          "was then mended for what it showed, so this is no longer an unseen figure")
    print_table(header, multidoc_summary(unseen))
    rows = []
    for name, pool in (("customer-service cases", cases), ("multi-document passages", questions)):
        p50, p99, cpu50, cpu99 = latency(pool)
        rows += [[name, "wall", f"{p50:.3f}", f"{p99:.3f}"], [name, "thread CPU", f"{cpu50:.3f}", f"{cpu99:.3f}"]]
    load = os.getloadavg()[0]
    print(
        f"\nconflict check latency: the question analysed + 8 chunks, 5000 runs; load average {load:.1f} on "
        f"{os.cpu_count()} cores (wall time includes waiting for a core; thread CPU time does not)"
    )
    print_table(["chunks from", "clock", "p50 ms", "p99 ms"], rows)


if __name__ == "__main__":
    main()
