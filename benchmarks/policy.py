"""Policy benchmark: signals + pre + post evaluation per turn for a 200-rule bundle, p50/p99.

The bundle is synthetic but shaped like the demo ones: keyword and pattern intents in English and Chinese,
CEL conditions over intents, facts and timestamps, disclaimers, redaction and output blocks.

    .venv/bin/python -m benchmarks.policy
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime

from interlock.policies.engine import decision_input, evaluate_post, evaluate_pre
from interlock.policies.loader import compile_bundle

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


if __name__ == "__main__":
    main()
