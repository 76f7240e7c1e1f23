"""Policy benchmark: signals + pre + post evaluation per turn for a 200-rule bundle, p50/p99; and the tool stage
of a 200-rule bundle (140 pre/post, 60 tool rules over 6 tools) deciding a turn's 3 proposed calls.

The bundles are synthetic but shaped like the demo ones: keyword and pattern intents in English and Chinese,
CEL conditions over intents, facts and timestamps, disclaimers, redaction and output blocks; tool rules over
`call.args`, `facts`, `session` and `history`, argument schemas, a fact source.

    .venv/bin/python -m benchmarks.policy
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime

from interlock.policies.engine import decision_input, evaluate_post, evaluate_pre
from interlock.policies.loader import compile_bundle
from interlock.policies.tool_facts import Exchange, derive_tool_facts
from interlock.policies.tools import ProposedCall, ToolContext, evaluate_tools

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
TOPICS = 40


def synthetic_bundle(rule_count: int = 200) -> dict:
    intents = {
        f"topic{i}": {"keywords": {"en": [f"word{i}", f"phrase {i} here"], "zh": [f"主题{i}"]},
                      "patterns": [rf"\bitem{i}[a-z]*\b"]}
        for i in range(TOPICS)
    }  # fmt: skip
    intents["promise"] = {"keywords": {"en": ["full refund", "guarantee"]}}
    shapes = [
        ('"topic{i}" in signals.intents', {"type": "append_disclaimer", "disclaimer": "d{d}"}),
        ('"topic{i}" in signals.intents && has(facts.order.amount) && double(facts.order.amount) > 500.0',
         {"type": "handoff", "reason": "r{i}"}),
        ('"topic{i}" in signals.intents && has(facts.order.delivered_at) '
         '&& now - timestamp(facts.order.delivered_at) > duration("720h")', {"type": "refuse", "template": "t"}),
        ('"topic{i}" in signals.intents && turn.index == 0 && signals.language == "zh"',
         {"type": "answer_by_rule", "template": "t"}),
    ]  # fmt: skip
    rules = []
    for n in range(rule_count - 10):
        when, action = shapes[n % len(shapes)]
        i = (n * 7) % TOPICS
        action = {k: v.format(i=i, d=n % 5) if isinstance(v, str) else v for k, v in action.items()}
        rules.append({"id": f"pre.{n:03d}", "stage": "pre", "priority": n % 17, "when": when.format(i=i),
                      "action": action})  # fmt: skip
    for n in range(10):
        rules.append({"id": f"post.{n:03d}", "stage": "post", "priority": n,
                      "when": '"promise" in output.intents && !("pre.001" in pre.rules_fired)' if n < 5
                      else 'size(output.pii) > 0',
                      "action": {"type": "block_output", "template": "t", "reason": "p"} if n < 5
                      else {"type": "redact"}})  # fmt: skip
    return {
        "bundle": "bench",
        "intents": intents,
        "templates": {"t": "Fixed answer.", "handoff": "A person will help."},
        "disclaimers": {f"d{d}": f"Disclaimer {d}." for d in range(5)},
        "handoff": {"template": "handoff"},
        "rules": rules,
    }


TURNS = [
    ("Hello, I have a question about word3 and my order", "Sure, here is what I know about that."),
    ("I want a full refund for item12abc now!!!", "You will get a full refund, guaranteed."),
    ("我想问一下主题7的问题，谢谢", "好的，我来帮您查一下。"),
    ("Please email me at jane@example.com about phrase 5 here", "I will email jane@example.com today."),
    ("nothing that matches any rule at all " * 5, "A long answer that mentions nothing special. " * 4),
]
FACTS = {"order": {"id": "AC-100234", "amount": 640.0, "delivered_at": "2026-09-10T00:00:00Z"}}


def one_turn(bundle, text: str, output: str, index: int) -> int:
    """One turn's policy work; returns how many rules fired."""
    inputs = decision_input(bundle, text, index, FACTS, NOW, bot="b", tenant="t")
    pre = evaluate_pre(bundle, inputs)
    post = evaluate_post(bundle, inputs, pre, pre.answer or output)
    return len(pre.fired) + len(post.fired)


TOOLS = 6
ORDER_ARGS = {"type": "object", "properties": {"order_id": {"type": "string", "pattern": "^W[0-9]{7}$"},
              "amount": {"type": "number", "minimum": 0}, "reason": {"enum": ["no longer needed", "mistake"]}},
              "required": ["order_id"], "additionalProperties": False}  # fmt: skip
TOOL_SHAPES = [
    "call.args.order_id in facts.customer.orders && session.identity_verified",
    "has(call.args.amount) && call.args.amount > 100.0",
    "history.exists(h, h.name == call.name && h.args.order_id == call.args.order_id)",
    'facts.order.status == "pending" && facts.order.customer_id == session.customer_id',
    "!session.identity_verified",
]
TOOL_ACTIONS = [{"type": "allow"}, {"type": "require_approval", "reason": "over_limit"},
                {"type": "deny", "reason": "once", "template": "t"}, {"type": "allow"},
                {"type": "deny", "reason": "unverified", "template": "t"}]  # fmt: skip


def tool_bundle() -> dict:
    """A 200-rule bundle: 140 pre/post rules as above and 60 tool rules over 6 tools (10 each)."""
    raw = synthetic_bundle(140)
    catalog = {
        f"tool{t}": {"side_effect": "write" if t % 2 else "read", "parameters": ORDER_ARGS} for t in range(TOOLS)
    }
    session = {"identity_verified": "result.customer_id != ''", "customer_id": "result.customer_id"}
    catalog["get_customer"] = {"side_effect": "read", "parameters": {"type": "object"}, "source": {
        "fact": "customer", "session": session, "result_schema": {"type": "object", "required": ["customer_id"]},
    }}  # fmt: skip
    raw["tools"] = {"catalog": catalog, "session": {"identity_verified": False, "customer_id": ""}}
    for n in range(60):
        raw["rules"].append({"id": f"tool.{n:03d}", "stage": "tool", "priority": 10 - n % 10 + n // 10,
                             "tools": [f"tool{n % TOOLS}"], "when": TOOL_SHAPES[n % len(TOOL_SHAPES)],
                             "action": TOOL_ACTIONS[n % len(TOOL_ACTIONS)]})  # fmt: skip
    return raw


TOOL_FACTS = {"order": {"order_id": "W1000002", "status": "pending", "customer_id": "c1"}}
CUSTOMER = '{"customer_id": "c1", "name": "Ana Lima", "orders": ["W1000001", "W1000002", "W1000003"]}'
EXCHANGES = (
    Exchange("call_0", "get_customer", '{"email": "ana@example.com"}', CUSTOMER),
    Exchange("call_1", "tool0", '{"order_id": "W1000001"}', '{"status": "ok"}'),
    Exchange("call_2", "tool2", '{"order_id": "W1000002"}', '{"status": "ok", "items": [1, 2, 3]}'),
    Exchange("call_3", "tool1", '{"order_id": "W1000003", "amount": 40}', '{"refunded": 40}'),
)
CALLS = (
    ProposedCall("call_a", "tool1", '{"order_id": "W1000002", "amount": 250.0}'),
    ProposedCall("call_b", "tool3", '{"order_id": "W1000003", "reason": "mistake"}'),
    ProposedCall("call_c", "tool0", '{"order_id": "W1000001"}'),
)


def tool_rows(turns: int) -> tuple[list[float], list[float], int, int]:
    """Milliseconds per turn for the tool facts (4 results) and the tool stage (3 calls)."""
    bundle = compile_bundle(tool_bundle(), "synthetic-tools")
    facts_ms, stage_ms = [], []
    for k in range(turns + 200):
        begin = time.perf_counter()
        established = derive_tool_facts(bundle, EXCHANGES)
        middle = time.perf_counter()
        inputs = decision_input(bundle, "please refund order W1000002", 1, TOOL_FACTS | established.facts, NOW)
        context = ToolContext(established.session, established.history, None, True, None, "yes")
        begin_stage = time.perf_counter()
        decisions = evaluate_tools(bundle, inputs, CALLS, context)
        end = time.perf_counter()
        if k >= 200:
            facts_ms.append((middle - begin) * 1000)
            stage_ms.append((end - begin_stage) * 1000)
    rules = len(bundle.pre) + len(bundle.post) + len(bundle.tool)
    assert len(decisions) == len(CALLS) and all(d.rule for d in decisions), decisions  # every call met its rules
    return facts_ms, stage_ms, rules, len(bundle.tool)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=int, default=200)
    parser.add_argument("--turns", type=int, default=3000)
    args = parser.parse_args()
    start = time.perf_counter()
    bundle = compile_bundle(synthetic_bundle(args.rules), "synthetic")
    load_ms = (time.perf_counter() - start) * 1000
    for k in range(200):  # warm-up
        one_turn(bundle, *TURNS[k % len(TURNS)], k % 2)
    samples: dict[str, list[float]] = {}
    fired: dict[str, int] = {}
    for k in range(args.turns):
        text, output = TURNS[k % len(TURNS)]
        begin = time.perf_counter()
        fired[text[:28]] = one_turn(bundle, text, output, k % 2)
        samples.setdefault(text[:28], []).append((time.perf_counter() - begin) * 1000)
    every = sorted(v for values in samples.values() for v in values)

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    print(
        f"policy benchmark: {len(bundle.pre) + len(bundle.post)} rules ({len(bundle.pre)} pre, {len(bundle.post)} "
        f"post), {len(bundle.spec.intents)} intents, bundle compiled in {load_ms:.0f} ms, {args.turns} turns"
    )
    print(f"| {'turn (signals + pre + post)':<32} | {'fired':>5} | {'p50 ms':>8} | {'p99 ms':>8} |")
    print(f"|{'-' * 34}|{'-' * 7}|{'-' * 10}|{'-' * 10}|")
    for name, values in samples.items():
        values.sort()
        print(f"| {name!r:<32} | {fired[name]:>5} | {statistics.median(values):>8.3f} | {pct(values, 0.99):>8.3f} |")
    print(f"| {'all turns':<32} | {'':>5} | {statistics.median(every):>8.3f} | {pct(every, 0.99):>8.3f} |")
    facts_ms, stage_ms, rules, tool_rules = tool_rows(args.turns)
    print(f"\ntool stage: {rules}-rule bundle ({tool_rules} tool rules over {TOOLS} tools), {args.turns} turns")
    print(f"| {'tool stage':<32} | {'items':>5} | {'p50 ms':>8} | {'p99 ms':>8} |")
    print(f"|{'-' * 34}|{'-' * 7}|{'-' * 10}|{'-' * 10}|")
    for name, count, values in (("facts from tool results", len(EXCHANGES), facts_ms),
                                ("decide the proposed calls", len(CALLS), stage_ms)):  # fmt: skip
        values.sort()
        print(f"| {name:<32} | {count:>5} | {statistics.median(values):>8.3f} | {pct(values, 0.99):>8.3f} |")


if __name__ == "__main__":
    main()
