"""Writes the detection development sets next to this file. Deterministic: one seed, no set iteration, so a
rerun reproduces the committed files byte for byte.

    .venv/bin/python tests/data/detection/generate.py          # write the files
    .venv/bin/python tests/data/detection/generate.py --check  # fail if the committed files differ

Each file draws from its own random stream (seeded from SEED and the file name), so changing one part leaves the
other files as they are.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import src_benign  # noqa: E402
import src_harm  # noqa: E402
import src_injection  # noqa: E402
import src_kb  # noqa: E402
import src_pii  # noqa: E402
from devset_common import SEED  # noqa: E402

CLEAN_PER_LANG = {"en": 220, "zh": 80, "de": 65, "es": 65, "fr": 65, "ru": 60, "ja": 60}
PLANTED_PER_CLASS_LANG = {"en": 30, "zh": 6, "de": 5, "es": 5, "fr": 5, "ru": 5, "ja": 5}


def rng_for(name: str) -> random.Random:
    return random.Random(f"{SEED}:{name}")


def build() -> dict[str, list[dict]]:
    harm, harm_lookalikes = src_harm.generate(rng_for("harm"))
    return {
        "injection.jsonl": src_injection.generate(rng_for("injection")),
        "benign.jsonl": src_benign.generate(rng_for("benign")),
        "planted.jsonl": src_kb.planted(rng_for("planted"), PLANTED_PER_CLASS_LANG),
        "clean_paragraphs.jsonl": src_kb.clean(rng_for("clean_paragraphs"), CLEAN_PER_LANG),
        "pii.jsonl": src_pii.generate(rng_for("pii")),
        "harm.jsonl": harm,
        "harm_lookalikes.jsonl": harm_lookalikes,
    }


def serialize(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = parser.parse_args()
    stale = []
    for name, rows in build().items():
        text = serialize(rows)
        path = HERE / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{name}: {len(rows)} rows")
    if stale:
        print("stale (rerun generate.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
