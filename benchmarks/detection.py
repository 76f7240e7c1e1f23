"""Detection benchmark: the text detectors against the development sets in tests/data/detection/.

    .venv/bin/python -m benchmarks.detection                       # every section
    .venv/bin/python -m benchmarks.detection --section pii         # one of: injection planted pii harm latency
    .venv/bin/python -m benchmarks.detection --errors 10           # also print up to 10 misses and false alarms

Sections:
  injection  interlock.text.injection.injection_findings: a message is flagged when it returns anything. Recall per
             class of injection.jsonl; false-positive rate on benign.jsonl overall, on its look-alikes and on the
             rest; recall and false-positive rates per language. "kind = class" counts flagged attacks with a
             finding whose kind is the dataset's class.
  planted    interlock.text.injection.planted_findings: recall per class of planted.jsonl, flag rate on
             clean_paragraphs.jsonl, per language.
  pii        interlock.text.pii.find_pii: first span precision and F1 per type with the rules alone and with the
             NER model beside them (interlock.text.ner.load_default_ner(): spaCy en_core_web_sm + jieba, what a
             bundle's `signals: {ner: true}` adds), and the micro F1 over email, phone, card, iban, person, address,
             location; then, with NER, precision, recall and F1 per type, exact (start, end and type equal) and
             relaxed (overlap, same type); phone precision; typed confusions (a gold span found with another type);
             predictions on the hard-negative sentences; micro F1 per language.
  harm       interlock.text.harm.harm_findings: recall per class of harm.jsonl (any finding, and a finding of the
             class), over-block rate on harm_lookalikes.jsonl and on benign.jsonl, the kinds reported per class;
             then the same with exemplar similarity beside the grammar (interlock.text.harm_similarity, the shared
             MiniLM embedder: `signals: {harm_exemplars: true}`). Embedding every clause takes a minute or two.
  latency    p50/p99 per detector on ~750-character messages (or paragraphs, for planted_findings), then the whole
             `extract_signals` path (the demo acme bundle's intents and order ids) without models (goal: p99 <= 1
             ms), the NER model alone, the harm exemplars alone, and extract_signals with the models on.

A detector whose module or function is missing shows as "not available"; one that raises on a text counts that
text under "errors" (as not flagged) instead of stopping the run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from benchmarks.table import print_table

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "detection"
CORE_PII = ("email", "phone", "card", "iban", "person", "address", "location")
LANGS = ("en", "zh", "de", "es", "fr", "ru", "ja")  # the languages every file covers; the few others count as "other"
LATENCY_CHARS = 750


def load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def resolve(module: str, attribute: str) -> tuple[Callable | None, str]:
    """The function, or None and why not (imported here, so a missing module is a row, not a crash)."""
    try:
        found = getattr(importlib.import_module(module), attribute)
    except ImportError as exc:
        return None, f"not available ({type(exc).__name__}: {exc})"
    except AttributeError:
        return None, f"not available ({module} has no {attribute})"
    except Exception as exc:  # a module that fails to import is reported, the other sections run
        return None, f"not available (importing {module} raised {type(exc).__name__}: {exc})"
    return found, f"{module}.{attribute}"


def unavailable(name: str, why: str) -> None:
    print_table(["detector", "status"], [[name, why]])
    print()


def lang_of(row: dict) -> str:
    return row["lang"] if row["lang"] in LANGS else "other"


def lang_order(rows: list[dict]) -> list[str]:
    present = {lang_of(row) for row in rows}
    return [lang for lang in (*LANGS, "other") if lang in present]


def count_and_rate(rows: list[dict], found: list, lang: str, keep=lambda row: True) -> list[str]:
    """How many rows of `lang` (that `keep` accepts) there are, and the share of them a detector flagged."""
    picked = [i for i, row in enumerate(rows) if lang_of(row) == lang and keep(row)]
    return [str(len(picked)), pct(sum(1 for i in picked if found[i]), len(picked))]


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def run_all(detect: Callable, texts: list[str]) -> tuple[list[tuple], int]:
    """Findings per text; a text the detector raised on counts as nothing found."""
    out, errors = [], 0
    for text in texts:
        try:
            out.append(tuple(detect(text)))
        except Exception:  # a detector's bug is reported as a count, the run goes on
            out.append(())
            errors += 1
    return out, errors


def show(title: str, items: list[str], limit: int) -> None:
    if limit and items:
        print(f"{title} (first {min(limit, len(items))} of {len(items)}):")
        for text in items[:limit]:
            print("  - " + json.dumps(text[:300], ensure_ascii=False))
        print()


def kinds_of(findings: tuple) -> set[str]:
    return {str(getattr(f, "kind", "")) for f in findings}


# ---------------------------------------------------------------------------------------------------------------
def bench_injection(errors_limit: int) -> None:
    print("## injection: injection_findings on injection.jsonl (attacks) vs benign.jsonl\n")
    detect, why = resolve("interlock.text.injection", "injection_findings")
    if detect is None:
        unavailable("injection_findings", why)
        return
    attacks, benign = load("injection.jsonl"), load("benign.jsonl")
    found_attacks, err_a = run_all(detect, [r["text"] for r in attacks])
    found_benign, err_b = run_all(detect, [r["text"] for r in benign])
    rows = []
    by_class: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(attacks):
        by_class[row["class"]].append(index)
    for cls, indices in by_class.items():
        flagged = [i for i in indices if found_attacks[i]]
        right = [i for i in flagged if cls in kinds_of(found_attacks[i])]
        rows.append([cls, str(len(indices)), str(len(flagged)), pct(len(flagged), len(indices)), str(len(right)), ""])
    flagged_attacks = sum(1 for f in found_attacks if f)
    rows.append(["all attacks", str(len(attacks)), str(flagged_attacks), pct(flagged_attacks, len(attacks)), "", ""])
    for label, keep in (
        ("benign (all)", lambda r: True),
        ("benign look-alikes", lambda r: r["lookalike"]),
        ("benign other", lambda r: not r["lookalike"]),
    ):
        indices = [i for i, r in enumerate(benign) if keep(r)]
        fp = sum(1 for i in indices if found_benign[i])
        rows.append([label, str(len(indices)), str(fp), "", "", pct(fp, len(indices))])
    print_table(["set", "n", "flagged", "recall", "kind = class", "false-positive rate"], rows)
    fp_all = sum(1 for f in found_benign if f)
    precision = flagged_attacks / (flagged_attacks + fp_all) if flagged_attacks + fp_all else None
    print(
        f"\nprecision over both files: {ratio(precision)} ({flagged_attacks} attacks and {fp_all} benign turns "
        f"flagged); detector errors: {err_a + err_b}\n"
    )
    rows = []
    for lang in lang_order(attacks + benign):
        rows.append([lang, *count_and_rate(attacks, found_attacks, lang),
                     *count_and_rate(benign, found_benign, lang, lambda r: not r["lookalike"]),
                     *count_and_rate(benign, found_benign, lang, lambda r: r["lookalike"])])  # fmt: skip
    print_table(["lang", "attacks", "recall", "benign", "FPR", "look-alikes", "FPR look-alikes"], rows)
    print()
    show("missed attacks", [r["text"] for i, r in enumerate(attacks) if not found_attacks[i]], errors_limit)
    show("flagged benign turns", [r["text"] for i, r in enumerate(benign) if found_benign[i]], errors_limit)


# ---------------------------------------------------------------------------------------------------------------
def bench_planted(errors_limit: int) -> None:
    print("## planted: planted_findings on planted.jsonl vs clean_paragraphs.jsonl\n")
    detect, why = resolve("interlock.text.injection", "planted_findings")
    if detect is None:
        unavailable("planted_findings", why)
        return
    planted, clean = load("planted.jsonl"), load("clean_paragraphs.jsonl")
    found_planted, err_p = run_all(detect, [r["text"] for r in planted])
    found_clean, err_c = run_all(detect, [r["text"] for r in clean])
    rows = []
    for cls in dict.fromkeys(r["class"] for r in planted):
        indices = [i for i, r in enumerate(planted) if r["class"] == cls]
        hits = sum(1 for i in indices if found_planted[i])
        rows.append([cls, str(len(indices)), str(hits), pct(hits, len(indices)), ""])
    hits = sum(1 for f in found_planted if f)
    fp = sum(1 for f in found_clean if f)
    rows.append(["all planted", str(len(planted)), str(hits), pct(hits, len(planted)), ""])
    rows.append(["clean paragraphs", str(len(clean)), str(fp), "", pct(fp, len(clean))])
    print_table(["set", "n", "flagged", "recall", "flag rate"], rows)
    precision = hits / (hits + fp) if hits + fp else None
    print(f"\nprecision over both files: {ratio(precision)}; detector errors: {err_p + err_c}\n")
    rows = []
    for lang in lang_order(planted + clean):
        rows.append([lang, *count_and_rate(planted, found_planted, lang), *count_and_rate(clean, found_clean, lang)])
    print_table(["lang", "planted", "recall", "clean", "flag rate"], rows)
    print()
    show("missed planted paragraphs", [r["text"] for i, r in enumerate(planted) if not found_planted[i]], errors_limit)
    show("flagged clean paragraphs", [r["text"] for i, r in enumerate(clean) if found_clean[i]], errors_limit)


# ---------------------------------------------------------------------------------------------------------------
def pii_detector(with_ner: bool = True) -> tuple[Callable | None, str]:
    """find_pii, with the default NER model (spaCy + jieba) when `with_ner` and it loads."""
    find_pii, why = resolve("interlock.text.pii", "find_pii")
    if find_pii is None or not with_ner:
        return find_pii, why
    model, why_not = ner_model()
    if model is None:
        return find_pii, f"interlock.text.pii.find_pii (no NER: {why_not})"
    return (lambda text: find_pii(text, ner=model)), f"interlock.text.pii.find_pii(ner={type(model).__name__})"


_MODELS: dict[str, tuple[object | None, str]] = {}


def ner_model() -> tuple[object | None, str]:
    """The default NER model, loaded once (None and why not when it does not load)."""
    if "ner" not in _MODELS:
        loader, why = resolve("interlock.text.ner", "load_default_ner")
        try:
            _MODELS["ner"] = (loader(), "") if loader is not None else (None, why)
        except Exception as exc:  # a model that does not load is reported, the rules still run
            _MODELS["ner"] = (None, f"load_default_ner failed: {type(exc).__name__}: {exc}")
    return _MODELS["ner"]


def exemplar_model() -> tuple[object | None, str]:
    """The live harm exemplar index over the shared sentence embedder, built once (None and why not)."""
    if "harm" not in _MODELS:
        try:
            from interlock.retrieval.embedder import shared_embedder
            from interlock.text.harm import ExemplarIndex

            _MODELS["harm"] = (ExemplarIndex.default(shared_embedder()), "")
        except Exception as exc:  # reported as a row; the grammar still runs
            _MODELS["harm"] = (None, f"not available ({type(exc).__name__}: {exc})")
    return _MODELS["harm"]


def span_stats(rows_in: list[dict], found: list[tuple]) -> dict[str, Counter]:
    """Per type: gold and predicted spans, exact matches, predictions overlapping a gold span of their type
    (relaxed_pred) and gold spans overlapped by a prediction of their type (relaxed_gold)."""
    stats: dict[str, Counter] = defaultdict(Counter)
    for row, predicted in zip(rows_in, found, strict=True):
        gold = [(s["start"], s["end"], s["type"]) for s in row["spans"]]
        pred = [(int(s.start), int(s.end), str(s.type)) for s in predicted]
        for g in gold:
            stats[g[2]]["gold"] += 1
            stats[g[2]]["relaxed_gold"] += any(overlaps(g, p) and p[2] == g[2] for p in pred)
        for p in pred:
            stats[p[2]]["pred"] += 1
            stats[p[2]]["exact"] += p in set(gold)
            stats[p[2]]["relaxed_pred"] += any(overlaps(p, g) and p[2] == g[2] for g in gold)
    return stats


def f1s(s: Counter) -> tuple[float | None, float | None]:
    """Exact and overlap F1 of one type's (or a micro sum's) counts."""
    return (prf(s["exact"], s["pred"], s["exact"], s["gold"])[2],
            prf(s["relaxed_pred"], s["pred"], s["relaxed_gold"], s["gold"])[2])  # fmt: skip


def bench_pii_with_and_without_ner(rows_in: list[dict]) -> None:
    """Span F1 per type with the rules alone and with the NER model beside them (what `signals: {ner: true}` adds)."""
    rules, _ = pii_detector(with_ner=False)
    model, why = ner_model()
    if model is None:
        unavailable("find_pii(ner=...)", why)
        return
    stats = {}
    for label, with_ner in (("rules", False), ("rules + NER", True)):
        detect, _ = pii_detector(with_ner)
        stats[label] = span_stats(rows_in, run_all(detect, [r["text"] for r in rows_in])[0])
    kinds = sorted(set(stats["rules"]) | set(stats["rules + NER"]), key=lambda k: (-stats["rules"][k]["gold"], k))
    table = []
    for label, picked in [*((kind, (kind,)) for kind in kinds), ("micro (core 7)", CORE_PII)]:
        counts = {name: sum((by_type[k] for k in picked), Counter()) for name, by_type in stats.items()}
        row = [label, str(counts["rules"]["gold"])]
        for name in ("rules", "rules + NER"):
            exact, overlap = f1s(counts[name])
            p = prf(counts[name]["exact"], counts[name]["pred"], 0, 0)[0]
            row += [str(counts[name]["pred"]), ratio(p), ratio(exact), ratio(overlap)]
        table.append(row)
    print("PII span F1 per type, rules alone and rules + NER model (spaCy en_core_web_sm + jieba):\n")
    print_table(["type", "gold", "pred (rules)", "P exact", "F1 exact", "F1 overlap",
                 "pred (+NER)", "P exact", "F1 exact", "F1 overlap"], table)  # fmt: skip
    print()


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    """Precision from the predictions that are right, recall from the gold spans that are found."""
    p = tp_p / n_pred if n_pred else None
    r = tp_g / n_gold if n_gold else None
    f = (
        2 * p * r / (p + r)
        if p is not None and r is not None and p + r
        else (0.0 if p is not None and r is not None else None)
    )
    return p, r, f


def overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def bench_pii(errors_limit: int) -> None:
    print("## pii: find_pii on pii.jsonl\n")
    detect, why = pii_detector()
    if detect is None:
        unavailable("find_pii", why)
        return
    rows_in = load("pii.jsonl")
    bench_pii_with_and_without_ner(rows_in)
    print(f"detail, detector: {why}\n")
    found, err = run_all(detect, [r["text"] for r in rows_in])
    stats: dict[str, Counter] = defaultdict(Counter)  # type -> gold, pred, exact, relaxed_pred, relaxed_gold
    confusions: Counter = Counter()
    spurious_on_negatives: Counter = Counter()
    negatives_flagged, negatives = 0, 0
    per_lang: dict[str, Counter] = defaultdict(Counter)
    misses, false_alarms = [], []
    for row, predicted in zip(rows_in, found, strict=True):
        gold = [(s["start"], s["end"], s["type"]) for s in row["spans"]]
        pred = [(int(s.start), int(s.end), str(s.type)) for s in predicted]
        gold_set = set(gold)
        if not gold:
            negatives += 1
            negatives_flagged += bool(pred)
            for p in pred:
                spurious_on_negatives[p[2]] += 1
        for g in gold:
            stats[g[2]]["gold"] += 1
            same = any(overlaps(g, p) and p[2] == g[2] for p in pred)
            stats[g[2]]["relaxed_gold"] += same
            if not same:
                other = sorted({p[2] for p in pred if overlaps(g, p)})
                for kind in other:
                    confusions[(g[2], kind)] += 1
                if not other:
                    confusions[(g[2], "(missed)")] += 1
                    misses.append(f"{g[2]}: {row['text'][g[0] : g[1]]!r} in {row['text']}")
        for p in pred:
            stats[p[2]]["pred"] += 1
            stats[p[2]]["exact"] += p in gold_set
            stats[p[2]]["relaxed_pred"] += any(overlaps(p, g) and p[2] == g[2] for g in gold)
            if not any(overlaps(p, g) for g in gold):
                confusions[("(none)", p[2])] += 1
                false_alarms.append(f"{p[2]}: {row['text'][p[0] : p[1]]!r} in {row['text']}")
        lang = per_lang[lang_of(row)]
        core_gold = [g for g in gold if g[2] in CORE_PII]
        core_pred = [p for p in pred if p[2] in CORE_PII]
        lang["gold"] += len(core_gold)
        lang["pred"] += len(core_pred)
        lang["exact"] += sum(p in gold_set for p in core_pred)
        lang["relaxed_pred"] += sum(any(overlaps(p, g) and p[2] == g[2] for g in core_gold) for p in core_pred)
        lang["relaxed_gold"] += sum(any(overlaps(g, p) and p[2] == g[2] for p in core_pred) for g in core_gold)
    table = []
    for kind in sorted(stats, key=lambda k: (-stats[k]["gold"], k)):
        s = stats[kind]
        ep, er, ef = prf(s["exact"], s["pred"], s["exact"], s["gold"])
        rp, rr, rf = prf(s["relaxed_pred"], s["pred"], s["relaxed_gold"], s["gold"])
        table.append(
            [kind, str(s["gold"]), str(s["pred"]), ratio(ep), ratio(er), ratio(ef), ratio(rp), ratio(rr), ratio(rf)]
        )
    micro = Counter()
    for kind in CORE_PII:
        micro.update(stats[kind])
    ep, er, ef = prf(micro["exact"], micro["pred"], micro["exact"], micro["gold"])
    rp, rr, rf = prf(micro["relaxed_pred"], micro["pred"], micro["relaxed_gold"], micro["gold"])
    table.append(
        [
            "micro (core 7)",
            str(micro["gold"]),
            str(micro["pred"]),
            ratio(ep),
            ratio(er),
            ratio(ef),
            ratio(rp),
            ratio(rr),
            ratio(rf),
        ]
    )
    print_table(
        ["type", "gold", "predicted", "P exact", "R exact", "F1 exact", "P overlap", "R overlap", "F1 overlap"], table
    )
    phone = stats["phone"]
    print(f"\nmicro F1 over {', '.join(CORE_PII)}: exact {ratio(ef)}, overlap {ratio(rf)}")
    print(
        f"phone precision: exact {ratio(prf(phone['exact'], phone['pred'], 0, 0)[0])}, "
        f"overlap {ratio(prf(phone['relaxed_pred'], phone['pred'], 0, 0)[0])} ({phone['pred']} predicted)"
    )
    print(
        f"hard negatives (sentences without PII): {negatives_flagged} of {negatives} got a span "
        f"({pct(negatives_flagged, negatives)}); spans there: {dict(spurious_on_negatives.most_common())}"
    )
    print(f"detector errors: {err}\n")
    rows = [[g, p, str(n)] for (g, p), n in sorted(confusions.items(), key=lambda item: (-item[1], item[0]))]
    print("typed confusions: gold type -> what overlapped it ((missed): nothing; (none): a span overlapping no gold)")
    print_table(["gold", "predicted", "count"], rows or [["-", "-", "0"]])
    print()
    rows = []
    for lang in [lang for lang in (*LANGS, "other") if lang in per_lang]:
        s = per_lang[lang]
        rows.append(
            [
                lang,
                str(s["gold"]),
                str(s["pred"]),
                ratio(prf(s["exact"], s["pred"], s["exact"], s["gold"])[2]),
                ratio(prf(s["relaxed_pred"], s["pred"], s["relaxed_gold"], s["gold"])[2]),
            ]
        )
    print_table(["lang", "gold (core 7)", "predicted (core 7)", "micro F1 exact", "micro F1 overlap"], rows)
    print()
    show("missed gold spans", misses, errors_limit)
    show("spans overlapping no gold span", false_alarms, errors_limit)


# ---------------------------------------------------------------------------------------------------------------
def bench_harm(errors_limit: int) -> None:
    print("## harm: harm_findings on harm.jsonl vs harm_lookalikes.jsonl and benign.jsonl\n")
    detect, why = resolve("interlock.text.harm", "harm_findings")
    if detect is None:
        unavailable("harm_findings", why)
        return
    harm, lookalikes, benign = load("harm.jsonl"), load("harm_lookalikes.jsonl"), load("benign.jsonl")
    found, err_h = run_all(detect, [r["text"] for r in harm])
    found_look, err_l = run_all(detect, [r["text"] for r in lookalikes])
    found_benign, err_b = run_all(detect, [r["text"] for r in benign])
    rows, reported = [], {}
    for cls in dict.fromkeys(r["class"] for r in harm):
        indices = [i for i, r in enumerate(harm) if r["class"] == cls]
        anything = sum(1 for i in indices if found[i])
        right = sum(1 for i in indices if cls in kinds_of(found[i]))
        reported[cls] = Counter(kind for i in indices for kind in kinds_of(found[i]))
        rows.append(
            [
                cls,
                str(len(indices)),
                str(anything),
                pct(anything, len(indices)),
                str(right),
                pct(right, len(indices)),
                "",
            ]
        )
    for label, results in (("harm look-alikes", found_look), ("benign support turns", found_benign)):
        flagged = sum(1 for f in results if f)
        rows.append([label, str(len(results)), str(flagged), "", "", "", pct(flagged, len(results))])
    print_table(["set", "n", "flagged", "recall (any)", "kind = class", "recall (class)", "over-block rate"], rows)
    print(f"\ndetector errors: {err_h + err_l + err_b}\n")
    print_table(
        ["class", "kinds reported (findings per kind)"],
        [[cls, ", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "-"] for cls, kinds in reported.items()],
    )
    print()
    rows = []
    for lang in lang_order(harm + lookalikes):
        rows.append([lang, *count_and_rate(harm, found, lang), *count_and_rate(lookalikes, found_look, lang)])
    print_table(["lang", "harm", "recall (any)", "look-alikes", "over-block rate"], rows)
    print()
    show(
        "missed harm messages", [f"{r['class']}: {r['text']}" for i, r in enumerate(harm) if not found[i]], errors_limit
    )
    show("flagged look-alikes", [r["text"] for i, r in enumerate(lookalikes) if found_look[i]], errors_limit)
    bench_harm_exemplars(detect, harm, lookalikes, benign, (found, found_look, found_benign), errors_limit)


def bench_harm_exemplars(grammar: Callable, harm: list[dict], lookalikes: list[dict], benign: list[dict],
                         alone: tuple[list, list, list], errors_limit: int) -> None:  # fmt: skip
    """The grammar beside exemplar similarity (`signals: {harm_exemplars: true}`), as `extract_signals` runs it."""
    print("### harm with exemplars: the grammar, plus exemplar similarity (shared MiniLM embedder) where it found "
          "nothing\n")  # fmt: skip
    model, why = exemplar_model()
    combine, why_combine = resolve("interlock.text.harm", "with_similar")
    if model is None or combine is None:
        unavailable("exemplars", why or why_combine)
        return
    detect = lambda text: combine(tuple(grammar(text)), model.findings(text))  # noqa: E731
    began = time.perf_counter()
    found, err_h = run_all(detect, [r["text"] for r in harm])
    found_look, err_l = run_all(detect, [r["text"] for r in lookalikes])
    found_benign, err_b = run_all(detect, [r["text"] for r in benign])
    seconds = time.perf_counter() - began
    rows = []
    for cls in dict.fromkeys(r["class"] for r in harm):
        indices = [i for i, r in enumerate(harm) if r["class"] == cls]
        before = sum(1 for i in indices if cls in kinds_of(alone[0][i]))
        after = sum(1 for i in indices if cls in kinds_of(found[i]))
        by_exemplar = sum(1 for i in indices if any(str(f.feature).startswith("exemplar") for f in found[i]))
        rows.append([f"{cls}: recall (class)", str(len(indices)), pct(before, len(indices)), pct(after, len(indices)),
                     str(by_exemplar)])  # fmt: skip
    for label, before, after in (("harm look-alikes: over-block", alone[1], found_look),
                                 ("benign support turns: over-block", alone[2], found_benign)):  # fmt: skip
        by_exemplar = sum(1 for f in after if any(str(x.feature).startswith("exemplar") for x in f))
        rows.append([label, str(len(after)), pct(sum(map(bool, before)), len(before)),
                     pct(sum(map(bool, after)), len(after)), str(by_exemplar)])  # fmt: skip
    print_table(["set", "n", "grammar alone", "grammar + exemplars", "with an exemplar finding"], rows)
    print(f"\n{len(harm) + len(lookalikes) + len(benign)} texts in {seconds:.0f} s (one embedding per English "
          f"clause); detector errors: {err_h + err_l + err_b}\n")  # fmt: skip
    show(
        "flagged look-alikes (with exemplars)",
        [r["text"] for i, r in enumerate(lookalikes + benign) if (found_look + found_benign)[i]],
        errors_limit,
    )


# ---------------------------------------------------------------------------------------------------------------
def messages(rows: list[dict], count: int, size: int = LATENCY_CHARS) -> list[str]:
    """`count` distinct inputs of `size` characters, each made of random texts of one language run together."""
    rng = random.Random(size)
    by_lang: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append(row["text"])
    langs = [lang for lang, texts in by_lang.items() if sum(map(len, texts)) > 4 * size]
    out = []
    for _ in range(count):
        texts, parts, length = by_lang[rng.choice(langs)], [], 0
        while length < size:
            parts.append(rng.choice(texts))
            length += len(parts[-1]) + 1
        out.append(" ".join(parts)[:size])
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def signal_paths(ner: object | None, exemplars: object | None) -> dict[str, tuple[Callable | None, str]]:
    """`extract_signals` as a turn runs it with the demo acme bundle's intents and order ids: without models, with the
    NER model, with NER and harm exemplars."""
    extract, why = resolve("interlock.policies.signals", "extract_signals")
    models, why_models = resolve("interlock.policies.signals", "SignalModels")
    if extract is None or models is None:
        return dict.fromkeys(("none", "ner", "both"), (None, why if extract is None else why_models))
    from interlock.policies.loader import load_bundle

    bundle = load_bundle(DATA.parent.parent.parent / "examples" / "demo" / "policies" / "acme.yaml")

    def path(chosen, label: str) -> tuple[Callable, str]:
        return (lambda text: extract(text, bundle.matcher, bundle.order_id, chosen)), f"extract_signals, {label}"

    return {
        "none": path(models(), "rules only"),
        "ner": path(models(ner=ner), "NER model on") if ner else (None, "no NER model"),
        "both": path(models(ner=ner, harm=exemplars), "NER + exemplars") if ner and exemplars else (None, "no models"),
    }


def bench_latency(runs: int) -> None:
    print(f"## latency: one call on a {LATENCY_CHARS}-character input, {runs} calls per detector\n")
    benign = load("benign.jsonl")
    attacks = [r["text"] for r in load("injection.jsonl")]
    paragraphs = load("clean_paragraphs.jsonl")
    # Mostly benign messages, one in four with an attack in it: the usual mix, not a best or worst case.
    chat = [
        m if k % 4 else (attacks[(k * 97) % len(attacks)] + " " + m)[:LATENCY_CHARS]
        for k, m in enumerate(messages(benign, 64))
    ]
    english = messages([r for r in benign if r["lang"] == "en"], 64)
    chinese = messages([r for r in benign if r["lang"] == "zh"], 64)
    ner, why_ner = ner_model()
    exemplars, why_exemplars = exemplar_model()
    signals = signal_paths(ner, exemplars)
    model_runs = min(runs, 100)  # a model call costs milliseconds: fewer calls, same percentiles' meaning
    candidates: list[tuple[str, tuple[Callable | None, str], list[str], int]] = [
        ("injection_findings", resolve("interlock.text.injection", "injection_findings"), chat, runs),
        ("planted_findings", resolve("interlock.text.injection", "planted_findings"), messages(paragraphs, 64), runs),
        ("find_pii (rules)", pii_detector(with_ner=False), chat, runs),
        ("harm_findings (grammar)", resolve("interlock.text.harm", "harm_findings"), chat, runs),
        ("all signals without NER", signals["none"], chat, runs),
        ("NER model alone", (ner.spans if ner else None, "spaCy en_core_web_sm + jieba" if ner else why_ner), chat,
         model_runs),
        ("NER model alone, English", (ner.spans if ner else None, "spaCy en_core_web_sm" if ner else why_ner),
         english, model_runs),
        ("NER model alone, Chinese", (ner.spans if ner else None, "jieba posseg" if ner else why_ner), chinese,
         model_runs),
        ("harm exemplars alone", (exemplars.findings if exemplars else None,
                                  "MiniLM, one embedding per English clause" if exemplars else why_exemplars), chat,
         model_runs),
        ("harm exemplars alone, English", (exemplars.findings if exemplars else None,
                                           "MiniLM, one embedding per English clause" if exemplars else why_exemplars),
         english, model_runs),
        ("all signals with NER", signals["ner"], chat, model_runs),
        ("all signals with NER + exemplars", signals["both"], chat, model_runs),
    ]  # fmt: skip
    rows = []
    for name, (detect, why), inputs, count in candidates:
        if detect is None:
            rows.append([name, why, "-", "-", "-"])
            continue
        try:
            for k in range(min(50, count)):  # warm-up: lazy compilation, model loading, caches
                detect(inputs[k % len(inputs)])
            samples = []
            for k in range(count):
                text = inputs[k % len(inputs)]
                begin = time.perf_counter()
                detect(text)
                samples.append((time.perf_counter() - begin) * 1000)
        except Exception as exc:
            rows.append([name, f"raised {type(exc).__name__}: {exc}", "-", "-", "-"])
            continue
        chars = statistics.mean(len(t) for t in inputs)
        rows.append(
            [name, why, f"{chars:.0f}", f"{statistics.median(samples):.3f}", f"{percentile(samples, 0.99):.3f}"]
        )
    print_table(["detector", "implementation", "chars", "p50 ms", "p99 ms"], rows)
    print()


SECTIONS = ("injection", "planted", "pii", "harm", "latency")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--section", choices=SECTIONS, action="append", help="run only these sections (repeatable)")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print up to N misses and false alarms")
    parser.add_argument("--runs", type=int, default=500, help="calls per detector in the latency section")
    args = parser.parse_args()
    sections = args.section or list(SECTIONS)
    counts = {name: len(load(name)) for name in sorted(p.name for p in DATA.glob("*.jsonl"))}
    print("detection benchmark on " + ", ".join(f"{name} ({n})" for name, n in counts.items()) + "\n")
    for section in sections:
        if section == "latency":
            bench_latency(args.runs)
        else:
            {"injection": bench_injection, "planted": bench_planted, "pii": bench_pii, "harm": bench_harm}[section](
                args.errors
            )


if __name__ == "__main__":
    main()
