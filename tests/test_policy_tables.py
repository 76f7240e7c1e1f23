"""Every row of the demo bundles' table tests (examples/demo/policies/*.tests.yaml), one pytest case each."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from interlock.policies.testing import check, decide, load_suite, suite_path_for
from interlock.service.policy_store import load_bundle_with_models

POLICIES = Path(__file__).resolve().parent.parent / "examples" / "demo" / "policies"
BUNDLES = sorted(path.stem for path in POLICIES.glob("*.yaml") if ".tests" not in path.name)


@cache
def bundle_named(name: str):
    """The bundle as `interlock policy test` reads it: with the signal models it asks for (loaded on first use)."""
    return load_bundle_with_models(POLICIES / f"{name}.yaml")


ROWS = [
    pytest.param(name, suite.now, case, id=f"{name}: {case.name}")
    for name in BUNDLES
    for suite in [load_suite(suite_path_for(POLICIES / f"{name}.yaml"))]
    for case in suite.cases
]


def test_the_tables_are_big_enough_and_bilingual():
    assert len(ROWS) >= 80
    texts = [row.values[2].text or "" for row in ROWS]
    assert sum(any("\u4e00" <= c <= "\u9fff" for c in t) for t in texts) >= 20


@pytest.mark.parametrize(("bundle", "now", "case"), ROWS)
def test_policy_table(bundle, now, case):
    outcome = decide(bundle_named(bundle), case, now)
    assert check(case, outcome) == []
