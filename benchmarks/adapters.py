"""Adapter benchmark: base load, adapter cold load, adapter switch, 32-token generation with and without adapter.

Runs on the demo deployment (SmolLM2-135M-Instruct + the two demo adapters; `make run` or
`interlock demo prepare` builds them) and prints a table of medians. Absolute times depend on the machine;
compare the rows of one run.

    .venv/bin/python -m benchmarks.adapters --config examples/demo
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from collections.abc import Callable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# peft calls a transformers API that transformers 5 marks deprecated; nothing for a user to act on.
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated")

import torch  # noqa: E402

from benchmarks.table import print_table  # noqa: E402
from interlock.adapters.base_model import load_base_model  # noqa: E402
from interlock.adapters.generation import ChatMessage, GenerationRequest  # noqa: E402
from interlock.adapters.local_backend import LocalBackend  # noqa: E402
from interlock.service.config import load_deployment  # noqa: E402

PROMPT = (ChatMessage("user", "Can you tell me how returns work for an order that arrived last week?"),)


def median_ms(action: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="examples/demo")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    deployment = load_deployment(args.config)
    base_dir = deployment.resolve(deployment.config.model.base)
    adapter_dirs = [deployment.resolve(a.path) for t in deployment.config.tenants for a in t.adapters]
    if len(adapter_dirs) < 2:
        raise SystemExit("the benchmark needs a deployment with at least two adapters")

    rows: list[tuple[str, float, str]] = []
    load_ms, _ = median_ms(lambda: load_base_model(base_dir), args.repeats)
    rows.append(("base model load (from local dir)", load_ms, "tokenizer + weights + fingerprint"))

    backend = LocalBackend(load_base_model(base_dir))
    backend.load_adapter("warm-a", adapter_dirs[0])
    backend.load_adapter("warm-b", adapter_dirs[1])
    counter = iter(range(10_000))

    def cold_load() -> None:
        key = f"cold-{next(counter)}"
        backend.load_adapter(key, adapter_dirs[0])
        backend.unload_adapter(key)  # keep the resident set the same size for every sample

    cold_ms, _ = median_ms(cold_load, args.repeats)
    rows.append(("adapter cold load", cold_ms, "validate + copy into a slot + probe"))

    def one_token(key: str | None) -> Callable[[], object]:
        request = GenerationRequest(messages=PROMPT, adapter_key=key, max_new_tokens=1)
        return lambda: backend.generate(request)

    same_ms, _ = median_ms(lambda: (one_token("warm-a")(), one_token("warm-a")()), args.repeats)
    switch_ms, _ = median_ms(lambda: (one_token("warm-a")(), one_token("warm-b")()), args.repeats)
    rows.append(("2 x 1-token turns, same adapter", same_ms, "baseline for the switch row"))
    rows.append(("2 x 1-token turns, switching adapters", switch_ms, f"switch cost ~{switch_ms - same_ms:+.1f} ms"))

    tokens: dict[str, int] = {}

    def generate_32(key: str | None, label: str) -> Callable[[], object]:
        request = GenerationRequest(messages=PROMPT, adapter_key=key, max_new_tokens=32)

        def run() -> None:
            tokens[label] = backend.generate(request).completion_tokens

        return run

    base_gen, _ = median_ms(generate_32(None, "base"), args.repeats)
    adapter_gen, _ = median_ms(generate_32("warm-a", "adapter"), args.repeats)
    rows.append(("generate 32 tokens, base only", base_gen, f"{tokens['base']} tokens"))
    rows.append(("generate 32 tokens, with adapter", adapter_gen, f"{tokens['adapter']} tokens"))

    print(
        f"adapters benchmark: {base_dir.name}, {len(adapter_dirs)} adapters, torch threads {args.threads}, "
        f"median of {args.repeats}"
    )
    print_table(["measurement", "median ms", "note"], [[name, f"{value:.1f}", note] for name, value, note in rows])
    print(f"adapter overhead on 32-token generation: {adapter_gen / base_gen:.2f}x")


if __name__ == "__main__":
    main()
