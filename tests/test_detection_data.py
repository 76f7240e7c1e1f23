"""The detection development sets hold their shape: every file parses, rows carry the fields and classes the
benchmark reads, the minimum counts are met, PII spans are sound, no text repeats within a file, every language
appears, and the committed files are what the generator writes. Detection quality is measured by
`python -m benchmarks.detection`, not asserted here."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "detection"
LANGS = ("en", "zh", "de", "es", "fr", "ru", "ja")
KNOWN_LANGS = (*LANGS, "pt", "it", "ko", "nl", "tr", "pl", "ar")

INJECTION_CLASSES = (
    "override",
    "role_injection",
    "template_tokens",
    "output_forcing",
    "prompt_extraction",
    "roleplay_jailbreak",
    "padding_or_encoded",
)
PLANTED_CLASSES = (
    "reply_injection",
    "exfiltration",
    "summarizer_steering",
    "override",
    "task_injection",
    "hidden_markup",
)
HARM_CLASSES = ("self_harm", "violence", "illegal", "minors_sexual", "harassment")
PII_TYPES = (
    "email",
    "phone",
    "card",
    "iban",
    "person",
    "address",
    "location",
    "organization",
    "ssn",
    "ip",
    "date_of_birth",
    "zip",
    "passport",
    "driver_licence",
    "cn_id",
    "cn_mobile",
)

# file -> (required fields with their types, the classes its `class` field may take or None, minimum rows)
FILES = {
    "injection.jsonl": ({"text": str, "class": str, "lang": str}, INJECTION_CLASSES, 400),
    "benign.jsonl": ({"text": str, "lang": str, "lookalike": bool}, None, 1500),
    "planted.jsonl": ({"text": str, "class": str, "lang": str}, PLANTED_CLASSES, 300),
    "clean_paragraphs.jsonl": ({"text": str, "lang": str}, None, 500),
    "pii.jsonl": ({"text": str, "lang": str, "spans": list}, None, 500),
    "harm.jsonl": ({"text": str, "class": str, "lang": str}, HARM_CLASSES, 200),
    "harm_lookalikes.jsonl": ({"text": str, "lang": str}, None, 200),
}


def rows_of(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{name} does not end with a newline"
    return [json.loads(line) for line in lines[:-1]]


@pytest.mark.parametrize("name", FILES)
def test_each_file_parses_into_objects_with_the_required_fields(name):
    fields, classes, minimum = FILES[name]
    rows = rows_of(name)
    assert len(rows) >= minimum, f"{name}: {len(rows)} rows, at least {minimum} expected"
    for number, row in enumerate(rows, 1):
        assert isinstance(row, dict), f"{name}:{number} is not an object"
        assert set(fields) <= set(row), f"{name}:{number} lacks {sorted(set(fields) - set(row))}"
        for field, kind in fields.items():
            assert isinstance(row[field], kind), f"{name}:{number}: {field} is not {kind.__name__}"
        assert row["text"].strip(), f"{name}:{number}: empty text"
        assert row["lang"] in KNOWN_LANGS, f"{name}:{number}: unknown lang {row['lang']!r}"
        if classes is not None:
            assert row["class"] in classes, f"{name}:{number}: unknown class {row['class']!r}"


@pytest.mark.parametrize("name", FILES)
def test_no_text_repeats_within_a_file(name):
    repeated = [text for text, count in Counter(row["text"] for row in rows_of(name)).items() if count > 1]
    assert not repeated, f"{name} repeats {len(repeated)} texts, e.g. {repeated[0]!r}"


@pytest.mark.parametrize("name", FILES)
def test_every_language_appears(name):
    present = {row["lang"] for row in rows_of(name)}
    assert set(LANGS) <= present, f"{name} lacks {sorted(set(LANGS) - present)}"


@pytest.mark.parametrize("name", ["injection.jsonl", "planted.jsonl", "harm.jsonl"])
def test_every_class_appears_and_in_more_than_english(name):
    _, classes, _ = FILES[name]
    rows = rows_of(name)
    for cls in classes:
        langs = Counter(row["lang"] for row in rows if row["class"] == cls)
        assert sum(langs.values()) >= 30, f"{name}: only {sum(langs.values())} rows of {cls}"
        assert len(langs) >= 5, f"{name}: {cls} appears only in {sorted(langs)}"


def test_harm_has_forty_per_class_with_english_and_chinese():
    rows = rows_of("harm.jsonl")
    for cls in HARM_CLASSES:
        langs = Counter(row["lang"] for row in rows if row["class"] == cls)
        assert sum(langs.values()) >= 40, f"{cls}: {sum(langs.values())} rows"
        assert langs["en"] >= 15 and langs["zh"] >= 15, f"{cls}: {dict(langs)}"


def test_benign_has_enough_lookalikes_in_every_language():
    rows = rows_of("benign.jsonl")
    lookalikes = [row for row in rows if row["lookalike"]]
    assert len(lookalikes) >= 300
    assert set(LANGS) <= {row["lang"] for row in lookalikes}


def test_pii_spans_slice_to_text_within_bounds_and_do_not_overlap():
    rows = rows_of("pii.jsonl")
    for number, row in enumerate(rows, 1):
        text, end_of_last = row["text"], 0
        for span in row["spans"]:
            assert set(span) == {"start", "end", "type"}, f"pii.jsonl:{number}: span fields {sorted(span)}"
            start, end = span["start"], span["end"]
            assert isinstance(start, int) and isinstance(end, int), f"pii.jsonl:{number}: offsets are not integers"
            assert 0 <= start < end <= len(text), f"pii.jsonl:{number}: span {start}-{end} out of bounds"
            assert span["type"] in PII_TYPES, f"pii.jsonl:{number}: unknown type {span['type']!r}"
            value = text[start:end]
            assert value.strip() == value, f"pii.jsonl:{number}: span {value!r} starts or ends with white space"
            assert start >= end_of_last, f"pii.jsonl:{number}: spans overlap or are out of order"
            end_of_last = end


def test_pii_covers_every_type_and_has_hard_negatives():
    rows = rows_of("pii.jsonl")
    types = Counter(span["type"] for row in rows for span in row["spans"])
    assert set(PII_TYPES) <= set(types), f"no spans of {sorted(set(PII_TYPES) - set(types))}"
    for core in ("email", "phone", "card", "iban", "person", "address", "location"):
        assert types[core] >= 25, f"only {types[core]} {core} spans"
    negatives = [row for row in rows if not row["spans"]]
    assert len(negatives) >= 100
    assert set(LANGS) <= {row["lang"] for row in negatives}


def test_the_committed_files_are_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("detection_generate", DATA / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    try:
        spec.loader.exec_module(module)
        built = module.build()
    finally:
        sys.path[:] = saved
        for key in [k for k, m in sys.modules.items() if str(getattr(m, "__file__", "") or "").startswith(str(DATA))]:
            del sys.modules[key]
    assert sorted(built) == sorted(FILES)
    for name, rows in built.items():
        assert module.serialize(rows) == (DATA / name).read_text(encoding="utf-8"), (
            f"{name} is stale: rerun generate.py"
        )
