"""Serving benchmark: adapter activation (warm / cold) and mixed-tenant throughput with batching vs one at a time.

Runs on SmolLM2-135M-Instruct as the demo prepares it (`make run` or `interlock demo prepare examples/demo`):
four tenants, each with its own LoRA adapter (the two demo adapters, plus peft adapters of the same shape made
here with seeded random weights until there are four). Eight client threads each send their requests one after
another through the generation worker; the baseline runs the very same requests one at a time. Greedy decoding,
so both runs must produce identical answers (checked). Compare the rows of one run, not absolute times.

    .venv/bin/python -m benchmarks.serving --config examples/demo
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated")

import httpx  # noqa: E402
import torch  # noqa: E402
import yaml  # noqa: E402
from peft import LoraConfig, get_peft_model  # noqa: E402

from benchmarks.load import running_service, scratch_deployment  # noqa: E402
from benchmarks.table import print_table  # noqa: E402
from interlock.adapters.base_model import load_base_model  # noqa: E402
from interlock.adapters.generation import ChatMessage, GenerationRequest  # noqa: E402
from interlock.adapters.local_backend import LocalBackend  # noqa: E402
from interlock.adapters.worker import GenerationWorker, WorkerLimits  # noqa: E402
from interlock.service.auth import hash_key  # noqa: E402
from interlock.service.config import load_deployment  # noqa: E402

DEMO_KEYS = ["sk-acme-demo-0001", "sk-lumen-demo-0001"]

QUESTIONS = [
    "Can you tell me how returns work for an order that arrived last week?",
    "My parcel has not arrived yet. What should I do?",
    "Do you ship to Canada, and how long does it take?",
    "How do I change the address on my account?",
    "Is there a warranty on the headphones I bought?",
    "I was charged twice for one order, can you help?",
    "What payment methods do you accept?",
    "Can I book a room with a late check-out?",
]


def make_adapter(base_dir: Path, out: Path, seed: int) -> Path:
    """A peft LoRA adapter (rank 8 on the attention projections, like the demo's) with seeded random weights."""
    torch.manual_seed(seed)
    model = load_base_model(base_dir).model
    config = LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
                        init_lora_weights=False, task_type="CAUSAL_LM")  # fmt: skip
    peft_model = get_peft_model(model, config)
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.01)
    peft_model.save_pretrained(out)
    return out


# Questions the demo bundles send to the model (not a rule, not the knowledge base): what batching serves.
CHAT = [
    "Hi, can you help me pick a gift for my father?",
    "Hello! What would you recommend for a first-time customer?",
    "Good morning, I am just browsing. Any tips?",
    "Can you tell me a bit about yourselves?",
]


def http_throughput(config_dir: Path, adapter_dirs: list[Path], clients: int, per_client: int, tokens: int) -> dict:
    """The same comparison through the running service: four tenants (the demo's two, and two more with the
    made adapters), one client one turn at a time vs `clients` clients at once, each turn policy-checked,
    generated through the batching worker and audited."""
    scratch = Path(tempfile.mkdtemp(prefix="serving-http-"))
    scratch_deployment(config_dir, scratch)
    config = yaml.safe_load((scratch / "tenants.yaml").read_text())
    keys = {tenant["id"]: key for tenant, key in zip(config["tenants"], DEMO_KEYS, strict=False)}
    for index, (tenant, path) in enumerate(zip(list(config["tenants"]), adapter_dirs[2:], strict=False)):
        twin = copy.deepcopy(tenant) | {"id": f"{tenant['id']}-twin", "api_keys": [hash_key(f"sk-twin-{index}")]}
        twin["adapters"][0]["path"] = str(path)
        config["tenants"].append(twin)
        keys[twin["id"]] = f"sk-twin-{index}"
    (scratch / "tenants.yaml").write_text(yaml.safe_dump(config))
    bots = [(keys[t["id"]], t["bots"][0]["name"]) for t in config["tenants"]]
    with running_service(scratch, wait_s=300) as port:
        url = f"http://127.0.0.1:{port}"
        turns = [(bots[c % len(bots)], CHAT[(c + r) % len(CHAT)]) for c in range(clients) for r in range(per_client)]
        routes: dict[str, int] = {}

        def turn(http: httpx.Client, bot: tuple[str, str], text: str) -> None:
            body = {"model": bot[1], "max_tokens": tokens, "messages": [{"role": "user", "content": text}]}
            reply = http.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {bot[0]}"})
            route = reply.json().get("route", str(reply.status_code))
            routes[route] = routes.get(route, 0) + 1

        with httpx.Client(base_url=url, timeout=600) as http:
            start = time.perf_counter()
            for bot, text in turns:
                turn(http, bot, text)
            sequential_s = time.perf_counter() - start

            def client(index: int) -> None:
                for bot, text in turns[index * per_client : (index + 1) * per_client]:
                    turn(http, bot, text)

            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                list(pool.map(client, range(clients)))
            concurrent_s = time.perf_counter() - start
    shutil.rmtree(scratch, ignore_errors=True)
    return {"turns": len(turns), "sequential_s": sequential_s, "concurrent_s": concurrent_s, "routes": routes,
            "tenants": len(config["tenants"])}  # fmt: skip


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="examples/demo")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--tenants", type=int, default=4)
    parser.add_argument("--requests-per-client", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--http", action="store_true", help="also measure through the running service (HTTP)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    deployment = load_deployment(args.config)
    base_dir = deployment.resolve(deployment.config.model.base)
    demo = [deployment.resolve(a.path) for t in deployment.config.tenants for a in t.adapters]
    demo = [d for d in demo if (d / "adapter_model.safetensors").is_file()]
    scratch = Path(tempfile.mkdtemp(prefix="serving-bench-"))
    adapter_dirs = demo[: args.tenants]
    while len(adapter_dirs) < args.tenants:
        adapter_dirs.append(make_adapter(base_dir, scratch / f"made-{len(adapter_dirs)}", len(adapter_dirs)))
    keys = [f"tenant{i}" for i in range(args.tenants)]

    threads = args.threads

    def build() -> LocalBackend:  # on the worker's thread, as the service does
        torch.set_num_threads(threads)
        return LocalBackend(load_base_model(base_dir))

    worker = GenerationWorker(build, WorkerLimits(max_batch=args.clients, window_s=0.01))
    backend = worker.backend

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start

    register = [worker.call(lambda k=key, p=path: timed(lambda: backend.load_adapter(k, p)))
                for key, path in zip(keys, adapter_dirs, strict=True)]  # fmt: skip

    # Activation: warm (already resident) and cold (evicted, copied back into a slot from host memory).
    warm, cold = [], []
    for i in range(args.repeats):
        key = keys[i % len(keys)]
        warm.append(worker.call(lambda k=key: timed(lambda: backend.activate([k]))))
        worker.evict(key)
        cold.append(worker.call(lambda k=key: timed(lambda: backend.activate([k]))))
    demo_keys = keys[: len(demo)]
    demo_cold = [c for i, c in enumerate(cold) if keys[i % len(keys)] in demo_keys]

    requests = [
        GenerationRequest((ChatMessage("user", QUESTIONS[(c + r) % len(QUESTIONS)]),), keys[c % len(keys)],
                          args.max_tokens)
        for c in range(args.clients) for r in range(args.requests_per_client)
    ]  # fmt: skip

    # One at a time: a single client, each request alone in its batch.
    start = time.perf_counter()
    one_at_a_time = [worker.generate(r) for r in requests]
    sequential_s = time.perf_counter() - start
    sequential_batches = worker.stats.batches

    def client(index: int) -> list:
        mine = requests[index * args.requests_per_client : (index + 1) * args.requests_per_client]
        return [worker.generate(r) for r in mine]

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        batched = [result for part in pool.map(client, range(args.clients)) for result in part]
    batched_s = time.perf_counter() - start
    batches = worker.stats.batches - sequential_batches
    worker.close()

    tokens = sum(r.completion_tokens for r in one_at_a_time)
    identical = [a.text for a in one_at_a_time] == [b.text for b in batched]
    n = len(requests)
    rows = [
        ("adapter registration (validate + slot copy + probe)", f"{median_ms(register):.1f} ms", "median"),
        ("activation, resident (warm)", f"{median_ms(warm):.3f} ms", f"median of {len(warm)}"),
        ("activation, cold (copy into a slot)", f"{median_ms(cold):.2f} ms", f"median of {len(cold)}, p100 "
         f"{max(cold) * 1000:.2f} ms"),
        ("activation, cold, demo adapters only", f"{median_ms(demo_cold):.2f} ms" if demo_cold else "n/a",
         f"{len(demo)} demo adapters"),
        ("one at a time", f"{n / sequential_s:.2f} req/s", f"{tokens / sequential_s:.1f} tok/s, {sequential_s:.1f} s"),
        (f"mixed tenants, {args.clients} clients, batched", f"{n / batched_s:.2f} req/s",
         f"{tokens / batched_s:.1f} tok/s, {batched_s:.1f} s, {batches} batches, "
         f"largest {worker.stats.largest_batch}"),
    ]  # fmt: skip
    print(f"serving benchmark: {base_dir.name}, {args.tenants} tenants ({len(demo)} demo adapters), {n} requests of "
          f"up to {args.max_tokens} tokens, torch threads {args.threads}")  # fmt: skip
    print_table(["measurement", "value", "note"], [list(row) for row in rows])
    print(f"mixed-tenant throughput vs one at a time: {sequential_s / batched_s:.2f}x (answers identical: {identical})")
    if args.http:
        result = http_throughput(Path(args.config).resolve(), adapter_dirs, args.clients, args.requests_per_client,
                                 args.max_tokens)  # fmt: skip
        n_http = result["turns"]
        print(f"through the service: {result['tenants']} tenants, {n_http} chat turns of up to {args.max_tokens} "
              f"tokens, routes {result['routes']}")  # fmt: skip
        one, many = result["sequential_s"], result["concurrent_s"]
        print_table(["mode", "turns/s", "seconds"], [
            ["one client, one turn at a time", f"{n_http / one:.2f}", f"{one:.1f}"],
            [f"{args.clients} clients at once", f"{n_http / many:.2f}", f"{many:.1f}"],
        ])  # fmt: skip
        print(f"through the service: {one / many:.2f}x")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
