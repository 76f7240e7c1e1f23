"""Detection on held-out sets written apart from the development sets: tests/data/detection/fresh_holdout*.jsonl.

    .venv/bin/python -m benchmarks.detection_fresh               # the tables
    .venv/bin/python -m benchmarks.detection_fresh --errors 20   # also the misses and false alarms

The files were written by hand (not by generate.py), in phrasings unlike the generated sets. fresh_holdout.jsonl
was written before the detectors were changed and its misses were then looked at (so it is no longer unseen);
fresh_holdout_2.jsonl was written after the changes and nothing was tuned to it: it is the honest estimate. Rows:
`set` is `harm`, `injection` or `benign`; `class` is the harm or injection class, or for benign rows
`harm_lookalike` / `injection_lookalike`. A harm row is found when harm_findings returns anything, an injection
row when injection_findings does; every benign row counts as a false alarm for either detector.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from benchmarks.table import print_table
from interlock.text.harm import ExemplarIndex, harm_findings
from interlock.text.injection import injection_findings

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "detection"
FILES = ("fresh_holdout.jsonl", "fresh_holdout_2.jsonl")
TITLES = {"harm": "harm_findings", "harm+exemplars": "harm_findings with exemplars", "injection": "injection_findings"}


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", type=int, default=0, help="print up to N misses and false alarms per table")
    args = parser.parse_args()
    index, why = exemplar_index()
    print(f"harm with exemplars: {why}\n")
    for name in FILES:
        report(DATA / name, args.errors, index)


def exemplar_index() -> tuple[ExemplarIndex | None, str]:
    """The harm exemplar index over the installed sentence embedder, when it loads (it is optional)."""
    try:
        from interlock.retrieval.embedder import shared_embedder

        return ExemplarIndex.default(shared_embedder()), "harm_findings(text, ExemplarIndex.default(shared_embedder()))"
    except Exception as exc:  # no embedder here: the grammar's figures still print
        return None, f"not available ({type(exc).__name__}: {exc})"


def report(path: Path, errors: int, index: ExemplarIndex | None) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    detectors = {"harm": harm_findings, "injection": injection_findings}
    found = {name: [bool(detect(r["text"])) for r in rows] for name, detect in detectors.items()}
    if index is not None:
        detectors["harm+exemplars"] = harm_findings
        found["harm+exemplars"] = [bool(harm_findings(r["text"], index)) for r in rows]
    print(f"## fresh held-out set: {path.name}, {len(rows)} rows\n")
    for name in [n for n in ("harm", "harm+exemplars", "injection") if n in found]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            if r["set"] == name.split("+")[0]:
                groups[r["class"]].append(i)
        table = []
        for cls in sorted(groups):
            hit = sum(found[name][i] for i in groups[cls])
            table.append([cls, str(len(groups[cls])), str(hit), pct(hit, len(groups[cls])), ""])
        every = [i for idx in groups.values() for i in idx]
        hit = sum(found[name][i] for i in every)
        table.append([f"all {name}", str(len(every)), str(hit), pct(hit, len(every)), ""])
        for cls in ("harm_lookalike", "injection_lookalike"):
            benign = [i for i, r in enumerate(rows) if r["set"] == "benign" and r["class"] == cls]
            fp = sum(found[name][i] for i in benign)
            table.append([f"benign {cls}", str(len(benign)), str(fp), "", pct(fp, len(benign))])
        print(f"### {TITLES[name]}\n")
        print_table(["set", "n", "flagged", "recall", "false-alarm rate"], table)
        langs: dict[str, list[int]] = defaultdict(list)
        for i in every:
            langs[rows[i]["lang"]].append(i)
        print()
        print_table(["lang", "n", "recall"], [[lang, str(len(ix)), pct(sum(found[name][i] for i in ix), len(ix))]
                                              for lang, ix in sorted(langs.items())])  # fmt: skip
        print()
        if errors:
            missed = [rows[i] for i in every if not found[name][i]]
            alarms = [r for i, r in enumerate(rows) if r["set"] == "benign" and found[name][i]]
            for title, items in (("missed", missed), ("false alarms", alarms)):
                print(f"{title} ({len(items)}):")
                for r in items[:errors]:
                    print(f"  - {r['class']}/{r['lang']}: {json.dumps(r['text'][:200], ensure_ascii=False)}")
                print()


if __name__ == "__main__":
    main()
