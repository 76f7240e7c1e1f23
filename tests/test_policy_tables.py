"""Every row of the demo bundles' table tests (examples/demo/policies/*.tests.yaml), one pytest case each."""

from __future__ import annotations

from pathlib import Path

import pytest

from interlock.policies.loader import load_bundle
from interlock.policies.testing import check, decide, load_suite, suite_path_for

POLICIES = Path(__file__).resolve().parent.parent / "examples" / "demo" / "policies"
BUNDLES = {path.stem: load_bundle(path) for path in sorted(POLICIES.glob("*.yaml")) if ".tests" not in path.name}
ROWS = [
    pytest.param(name, suite.now, case, id=f"{name}: {case.name}")
    for name in sorted(BUNDLES)
    for suite in [load_suite(suite_path_for(POLICIES / f"{name}.yaml"))]
    for case in suite.cases
]


def test_the_tables_are_big_enough_and_bilingual():
    assert len(ROWS) >= 80
    texts = [row.values[2].text or "" for row in ROWS]
    assert sum(any("\u4e00" <= c <= "\u9fff" for c in t) for t in texts) >= 20


@pytest.mark.parametrize(("bundle", "now", "case"), ROWS)
def test_policy_table(bundle, now, case):
    outcome = decide(BUNDLES[bundle], case, now)
    assert check(case, outcome) == []
