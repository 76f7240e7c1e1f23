"""Release-gate benchmark: a 150-case suite for candidate + serving on SmolLM2 through the generation worker,
batched (many cases in flight, the worker's background lane) vs one case at a time; and live-turn latency while
an evaluation runs vs idle.

Runs on the demo model as `make run` prepares it. The candidate is the lumen adapter loaded as a new acme version
(same shape), the serving version the acme adapter; every case routes to the model. Live turns are acme model
turns sent one after another on the live lane; their p50/p99 idle and while the batched evaluation runs.

    .venv/bin/python -m benchmarks.gates --config examples/demo [--cases 150] [--max-new-tokens 16]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated")

import yaml  # noqa: E402

from benchmarks.load import scratch_deployment  # noqa: E402
from benchmarks.table import print_table  # noqa: E402
from interlock.adapters.catalog import BoundAdapter, version_key  # noqa: E402
from interlock.adapters.generation import ChatMessage  # noqa: E402
from interlock.adapters.lora import adapter_version  # noqa: E402
from interlock.service.config import load_deployment  # noqa: E402
from interlock.service.evaluation.release import ReleaseEvaluator  # noqa: E402
from interlock.service.runtime import build_runtime  # noqa: E402

SUBJECTS = ["the X1 headphones", "the S2 speaker", "a USB-C cable", "the K5 keyboard", "a laptop stand",
            "the M3 mouse", "a phone case", "the T7 tablet", "a charging dock", "the W2 webcam"]  # fmt: skip
ASKS = ["Does {} come in other colours?", "Is {} good for travelling?", "Can you describe {} in one sentence?",
        "What do people like about {}?", "Would {} make a good gift?", "How heavy is {} roughly?",
        "Is {} easy to set up?", "Can I use {} with a Mac?", "What is {} made of?",
        "Do you think {} is worth it?", "Is {} suitable for children?", "Does {} work outdoors?",
        "How should I clean {}?", "Does {} need batteries?", "Can I carry {} in hand luggage?"]  # fmt: skip


def suite(cases: int) -> dict:
    questions = [ask.format(subject) for ask in ASKS for subject in SUBJECTS][:cases]
    return {
        "suite": {"name": "gates-bench", "tenant": "acme", "bot": "acme-support"},
        "gates": [{"metric": "violation_rate", "tag": "all", "max": 0.05}],
        "cases": [{"id": f"q{i:03d}", "messages": [{"role": "user", "content": q}], "tags": ["core"],
                   "rubric": {"must_contain": ["Acme"], "max_length": 400}}
                  for i, q in enumerate(questions)],  # fmt: skip
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def live_turns(runtime, count: int, think_s: float = 0.0, stop: threading.Event | None = None) -> list[float]:
    """`count` live model turns, one after another with `think_s` between them (a customer reading the answer),
    so background work runs in the gaps and a live turn can arrive in the middle of a background batch."""
    latencies = []
    for n in range(count):
        if stop is not None and stop.is_set():
            break
        time.sleep(think_s)
        messages = (ChatMessage("user", f"{ASKS[n % len(ASKS)].format(SUBJECTS[n % 7])} (live {n})"),)
        turn = runtime.turn("acme", "acme-support", messages, 16, session=f"live-{n}")
        start = time.perf_counter()
        runtime.pipeline.run(turn)
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("examples/demo"))
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--max-new-tokens", type=int, default=16)
    parser.add_argument("--live", type=int, default=30, help="live turns per latency measurement")
    parser.add_argument("--think-s", type=float, default=0.5, help="pause between live turns")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (one: steady beside other load)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = scratch_deployment(args.config.resolve(), Path(scratch))
        (root / "bench-suite.yaml").write_text(yaml.safe_dump(suite(args.cases), sort_keys=False))
        config = yaml.safe_load((root / "tenants.yaml").read_text())
        acme = next(t for t in config["tenants"] if t["id"] == "acme")
        acme["adapters"][0]["release"] = {"suites": [str(root / "bench-suite.yaml")]}
        lumen_path = Path(next(t for t in config["tenants"] if t["id"] == "lumen")["adapters"][0]["path"])
        config["model"]["torch_threads"] = args.threads
        (root / "tenants.yaml").write_text(yaml.safe_dump(config))
        runtime = build_runtime(load_deployment(root))
        try:
            serving = runtime.adapters.binding("acme", "acme-voice")
            version = adapter_version(lumen_path)
            key = version_key("acme", "acme-voice", version)
            runtime.worker.load_adapter(key, lumen_path)
            candidate = BoundAdapter(key, "acme/acme-voice", version)
            live_turns(runtime, 3)  # warm up both lanes' adapters and the tokenizer
            idle = live_turns(runtime, args.live, args.think_s)
            timings, verdicts = {}, {}
            for label, workers in (("one case at a time", 1), ("batched (background lane)", None)):
                evaluator = ReleaseEvaluator(runtime, workers=workers, max_new_tokens=args.max_new_tokens)
                before = runtime.worker.stats.batches, runtime.worker.stats.rows
                start = time.perf_counter()
                verdicts[label] = evaluator.evaluate("acme", "acme-voice", candidate, serving,
                                                     Path(scratch) / label.split()[0])  # fmt: skip
                timings[label] = (time.perf_counter() - start, runtime.worker.stats.batches - before[0],
                                  runtime.worker.stats.rows - before[1])  # fmt: skip
            evaluator = ReleaseEvaluator(runtime, max_new_tokens=args.max_new_tokens)
            stop = threading.Event()

            def evaluate_in_background() -> None:
                evaluator.evaluate("acme", "acme-voice", candidate, serving, Path(scratch) / "during")
                stop.set()

            running = threading.Thread(target=evaluate_in_background)
            preempted = runtime.worker.stats.preempted
            running.start()
            time.sleep(0.5)
            during = live_turns(runtime, args.live, args.think_s, stop)
            running.join()
            preempted = runtime.worker.stats.preempted - preempted
        finally:
            runtime.close()
    sequential = timings["one case at a time"][0]
    rows = []
    for label, (seconds, batches, generated) in timings.items():
        rows.append([label, str(args.cases), str(generated), str(batches), f"{seconds:.1f}",
                     f"{sequential / seconds:.2f}x", str(verdicts[label].passed)])  # fmt: skip
    print(f"\nRelease evaluation: {args.cases} cases x (candidate + serving), max_new_tokens {args.max_new_tokens}")
    print_table(["run", "cases", "generations", "batches", "seconds", "speed-up", "passed"], rows)
    print(f"\nLive turns (acme model route, 16 new tokens), one after another, {args.think_s}s apart:")
    ratio = percentile(during, 0.99) / percentile(idle, 0.99)
    print_table(
        ["when", "turns", "p50 ms", "p99 ms", "p99 / idle p99"],
        [["idle", str(len(idle)), f"{statistics.median(idle):.0f}", f"{percentile(idle, 0.99):.0f}", "1.00"],
         ["during a batched evaluation", str(len(during)), f"{statistics.median(during):.0f}",
          f"{percentile(during, 0.99):.0f}", f"{ratio:.2f}"]],
    )  # fmt: skip
    print(f"(background rows given way to live turns and run again: {preempted})")


if __name__ == "__main__":
    main()
