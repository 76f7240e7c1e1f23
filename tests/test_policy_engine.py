from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlock.policies.engine import PolicyInput, decision_input, evaluate_post, evaluate_pre
from interlock.policies.loader import BundleError, compile_bundle, load_bundle
from interlock.policies.routes import Route
from interlock.policies.schema import bundle_json_schema
from interlock.policies.signals import extract_signals
from interlock.service.cli import main

REPO = Path(__file__).resolve().parent.parent
ACME = REPO / "examples" / "demo" / "policies" / "acme.yaml"
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def minimal(rules: list[dict]) -> dict:
    return {
        "bundle": "t",
        "intents": {"greet": {"keywords": {"en": ["hello"]}}},
        "templates": {"handoff": "A person will help.", "hi": "Hi!", "no": "No.", "order": "Order ${facts.order.id}"},
        "disclaimers": {"d1": "D1.", "d2": "D2."},
        "handoff": {"template": "handoff"},
        "template_sample": {"facts": {"order": {"id": "X1"}}},
        "rules": rules,
    }


def rule(rule_id: str, priority: int, when: str, action: dict, stage: str = "pre", **extra) -> dict:
    return {"id": rule_id, "stage": stage, "priority": priority, "when": when, "action": action, **extra}


def inputs(bundle, text: str, facts: dict | None = None, index: int = 1) -> PolicyInput:
    return decision_input(bundle, text, index, facts or {}, NOW, bot="b", tenant="t")


def test_order_is_priority_then_id_and_first_terminal_wins():
    bundle = compile_bundle(minimal([
        rule("b.refuse", 5, "true", {"type": "refuse", "template": "no"}),
        rule("a.answer", 5, "true", {"type": "answer_by_rule", "template": "hi"}),
        rule("c.disclaim", 9, "true", {"type": "append_disclaimer", "disclaimer": "d2"}),
        rule("d.disclaim", 1, "true", {"type": "append_disclaimer", "disclaimer": "d1"}),
    ]), "mem")  # fmt: skip
    decision = evaluate_pre(bundle, inputs(bundle, "hello"))
    assert decision.route is Route.RULE and decision.answer == "Hi!"
    assert [f.id for f in decision.fired] == ["d.disclaim", "a.answer", "c.disclaim"]
    assert decision.disclaimers == ("d1", "d2")
    post = evaluate_post(bundle, inputs(bundle, "hello"), decision, decision.answer)
    assert post.text == "Hi!\n\nD1.\n\nD2."


def test_no_terminal_rule_takes_the_default_route():
    bundle = compile_bundle(minimal([rule("a", 1, "false", {"type": "refuse", "template": "no"})]), "mem")
    assert evaluate_pre(bundle, inputs(bundle, "hello")).route is Route.MODEL


def test_condition_errors_follow_on_error():
    skip = rule("a.skip", 1, "facts.order.amount > 1", {"type": "refuse", "template": "no"})
    fire = rule("b.fire", 2, "facts.order.amount > 1", {"type": "handoff", "reason": "unsure"}, on_error="fire")
    bundle = compile_bundle(minimal([skip, fire]), "mem")
    decision = evaluate_pre(bundle, inputs(bundle, "hello"))
    assert decision.route is Route.HANDOFF and decision.handoff.reason == "unsure"
    assert [f.id for f in decision.fired] == ["b.fire"]
    assert [e.split(":")[0] for e in decision.errors] == ["a.skip", "b.fire"]


def test_missing_template_data_fails_closed_to_handoff():
    bundle = compile_bundle(minimal([rule("a", 1, "true", {"type": "answer_by_rule", "template": "order"})]), "mem")
    decision = evaluate_pre(bundle, inputs(bundle, "hello"))
    assert decision.route is Route.HANDOFF and decision.handoff.reason == "template_error"
    assert decision.answer == "A person will help."


def rule_in(bundle: dict, rule_id: str) -> dict:
    return next(r for r in bundle["rules"] if r["id"] == rule_id)


@pytest.mark.parametrize(
    ("mutate", "message", "rule_id", "line_has"),
    [
        (lambda b: rule_in(b, "handoff.requested").update(when='"refund_request" in signals.intents &&'),
         "when does not compile", "handoff.requested", "id: handoff.requested"),
        (lambda b: rule_in(b, "handoff.requested").update(when="signal.intents == []"), "when reads signal",
         "handoff.requested", "id: handoff.requested"),
        (lambda b: rule_in(b, "handoff.legal-threat")["action"].update(template="nope"),
         "template 'nope' is not in templates", "handoff.legal-threat", "id: handoff.legal-threat"),
        (lambda b: rule_in(b, "compliance.other-customer-data")["action"].update(type="block_output", reason="x"),
         "not allowed at stage pre", "compliance.other-customer-data", "id: compliance.other-customer-data"),
        (lambda b: rule_in(b, "refund.needs-order").update(id="compliance.other-customer-data"), "duplicate rule id",
         "compliance.other-customer-data", "id: compliance.other-customer-data"),
        (lambda b: rule_in(b, "refund.not-delivered").pop("when"), ".when: Field required", "refund.not-delivered",
         "id: refund.not-delivered"),
        (lambda b: b["intents"]["legal"].update(patterns=["(a)\\1"]), "not a valid RE2 pattern", None, "(a)"),
        (lambda b: b["templates"].update(refund_approved="Order ${facts.order.nope}"), "does not render", None,
         "refund_approved:"),
        (lambda b: b["disclaimers"].update(legal="Hi ${turn.text}"), "must be fixed text", None, "legal:"),
    ],
)  # fmt: skip
def test_broken_bundle_is_rejected_with_file_line_and_rule(tmp_path, mutate, message, rule_id, line_has):
    raw = yaml.safe_load(ACME.read_text())
    mutate(raw)
    broken = tmp_path / "acme.yaml"
    broken.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, width=1000))
    with pytest.raises(BundleError) as error:
        load_bundle(broken)
    assert message in str(error.value)
    assert str(error.value).startswith(f"{broken}:{error.value.line}: ")
    assert error.value.rule_id == rule_id
    assert line_has in broken.read_text().splitlines()[error.value.line - 1]


def test_version_is_a_content_hash():
    raw = yaml.safe_load(ACME.read_text())
    same = compile_bundle(copy.deepcopy(raw), "a")
    raw["rules"][0]["priority"] = 11
    changed = compile_bundle(raw, "b")
    assert load_bundle(ACME).version == same.version != changed.version


def test_committed_json_schema_is_current():
    assert (REPO / "policies" / "bundle.schema.json").read_text() == bundle_json_schema()


def test_policy_cli_check_and_test(tmp_path, capsys):
    assert main(["policy", "check", str(ACME)]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["policy", "test", str(ACME)]) == 0
    assert capsys.readouterr().out.strip().endswith(" passed, 0 failed")
    broken = tmp_path / "acme.yaml"
    broken.write_text(ACME.read_text().replace("priority: 34\n", "priority: 34\n    colour: red\n"))
    assert main(["policy", "check", str(broken)]) == 1
    line = next(n for n, text in enumerate(broken.read_text().splitlines(), 1) if "colour" in text)
    index = [r["id"] for r in yaml.safe_load(ACME.read_text())["rules"]].index("refund.over-limit")
    expected = f"{broken}:{line}: rule refund.over-limit: rules.{index}.colour: Extra inputs are not permitted"
    assert expected in capsys.readouterr().out


ACME_BUNDLE = load_bundle(ACME)
FACTS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(max_size=200),
    output=st.text(max_size=200),
    facts=st.dictionaries(st.sampled_from(["order", "booking", "x"]), FACTS, max_size=2),
    index=st.integers(min_value=0, max_value=5),
)
def test_engine_never_raises_and_is_deterministic(text, output, facts, index):
    first_in, second_in = inputs(ACME_BUNDLE, text, facts, index), inputs(ACME_BUNDLE, text, facts, index)
    first = evaluate_pre(ACME_BUNDLE, first_in)
    assert first == evaluate_pre(ACME_BUNDLE, second_in)
    candidate = first.answer or output
    post = evaluate_post(ACME_BUNDLE, first_in, first, candidate)
    assert post == evaluate_post(ACME_BUNDLE, second_in, first, candidate)
    assert isinstance(post.text, str)


@settings(max_examples=100, deadline=None)
@given(prefix=st.text(max_size=30), suffix=st.text(max_size=30))
def test_refund_keyword_survives_any_surrounding_text(prefix, suffix):
    text = f"{prefix} refund {suffix}"
    assert "refund_request" in extract_signals(text, ACME_BUNDLE.matcher, ACME_BUNDLE.order_id)["intents"]


@pytest.mark.parametrize(
    ("condition", "intent"),
    [
        ('"refund" in signals.intents', "refund"),
        ('"refund" in signals.intents && facts.x > 1', "refund"),
        ('  "a.b-c" in signals.intents&&true', "a.b-c"),
        ('"refund" in signals.intents || true', None),
        ('"refund" in signals.intents && false ? false : true', None),
        ('"refund" in signals.intentsX', None),
        ('true && "refund" in signals.intents', None),
        ('"refund" in output.intents', None),
    ],
)
def test_required_intent_is_only_taken_when_it_is_a_top_level_conjunct(condition, intent):
    from interlock.policies.loader import required_intent

    assert required_intent(condition) == intent


def test_skipping_by_required_intent_never_changes_a_decision():
    bundle = load_bundle(ACME)
    unindexed = type(bundle)(**{**bundle.__dict__, "pre": tuple(type(r)(r.rule, r.program) for r in bundle.pre)})
    assert any(r.required_intent for r in bundle.pre)
    for text in ["I want a refund", "轉人工", "hello", "sue you for my money back", "another customer's order"]:
        facts = {"order": {"id": "AC-100234", "amount": 900.0, "delivered_at": "2026-11-10T00:00:00Z"}}
        assert evaluate_pre(bundle, inputs(bundle, text, facts)) == evaluate_pre(unindexed, inputs(bundle, text, facts))


@pytest.mark.parametrize(
    ("condition", "variables", "expected"),
    [
        ('"refund" in signals.intents && signals["pii"].size() > 0', {"signals"},
         {"signals": frozenset({"intents", "pii"})}),
        ("has(facts.order) && size(facts) > 0", {"facts"}, {"facts": None}),  # a whole-value use: all of it
        ("facts.turn == 1 && turn.index > 0", {"facts", "turn"},
         {"facts": frozenset({"turn"}), "turn": frozenset({"index"})}),  # facts.turn is not the variable turn
        ("output.entities.money.exists(m, m.amount > 1)", {"output"}, {"output": frozenset({"entities"})}),
    ],
)  # fmt: skip
def test_rules_are_handed_only_the_keys_they_read(condition, variables, expected):
    from interlock.policies.loader import fields_read

    assert fields_read(condition, variables) == expected
