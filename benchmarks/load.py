"""Load benchmark (loopback only, bounded in count and time): the rules-only route at rising concurrency.

Starts `interlock serve` on the demo deployment (prepare it first: `make run` or `interlock demo prepare`), on a
free port of 127.0.0.1, with a scratch copy of its audit database, so every measured turn is decided by the policy
and written durably (SQLite, WAL, synchronous=FULL) before it is answered. Each level runs for a fixed time with
a fixed number of concurrent clients; the last level goes past the admission limit to show that overload is
answered 429 at once, not with timeouts.

    .venv/bin/python -m benchmarks.load --config examples/demo
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

# "Talk to a human" is decided by a rule: no model, no retrieval; the cost is the service and the durable write.
TURN = {"model": "acme-support", "messages": [{"role": "user", "content": "talk to a human"}]}
KEY = "sk-acme-demo-0001"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_deployment(config_dir: Path, scratch: Path) -> Path:
    """The demo deployment with its audit log moved to a scratch file (nothing of the demo's log is touched)."""
    config = yaml.safe_load((config_dir / "tenants.yaml").read_text())
    config["audit"] = {"path": str(scratch / "load-audit.db")}
    for tenant in config["tenants"]:
        for field in ("policy", "knowledge"):
            if tenant.get(field):
                tenant[field] = str((config_dir / tenant[field]).resolve())
        for adapter in tenant.get("adapters", []):
            adapter["path"] = str((config_dir / adapter["path"]).resolve())
            adapter.pop("train_data", None)
    config["model"]["base"] = str((config_dir / config["model"]["base"]).resolve())
    config["index_dir"] = str((config_dir / config.get("index_dir", ".state/index")).resolve())
    (scratch / "tenants.yaml").write_text(yaml.safe_dump(config))
    return scratch


async def level(url: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    deadline = time.perf_counter() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                response = await http.post(
                    "/v1/chat/completions", json=TURN, headers={"Authorization": f"Bearer {KEY}"}
                )
                label = str(response.status_code)
            except httpx.TimeoutException:
                label = "timeout"
            except httpx.HTTPError:
                label = "error"
            statuses[label] = statuses.get(label, 0) + 1
            if label == "200":
                latencies.append((time.perf_counter() - start) * 1000)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=10, limits=limits) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "clients": clients,
        "ok_per_s": statuses.get("200", 0) / elapsed,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else float("nan"),
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=Path("examples/demo"))
    parser.add_argument("--levels", default="1,4,16,32,96")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        deployment = scratch_deployment(args.config.resolve(), Path(tmp))
        limit = yaml.safe_load((deployment / "tenants.yaml").read_text()).get("max_inflight_turns", 32)
        port = free_port()
        env = os.environ | {"HF_HUB_OFFLINE": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--config", str(deployment), "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            else:
                raise SystemExit("server did not start (is the demo prepared? make run)")
            results = [asyncio.run(level(url, int(n), args.seconds)) for n in args.levels.split(",")]
        finally:
            server.terminate()
            server.wait()
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"load benchmark: rules-only route, durable SQLite audit, 1 uvicorn worker, admission limit {limit}, "
          f"{args.seconds:.0f} s per level, client and server on the same 2 cores")  # fmt: skip
    print("| clients | answered req/s | p50 ms | p99 ms | responses |")
    print("|---:|---:|---:|---:|---|")
    for r in results:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        print(f"| {r['clients']} | {r['ok_per_s']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {codes} |")
    best = max(results, key=lambda r: r["ok_per_s"])
    print(f"sustained: {best['ok_per_s']:.0f} req/s at {best['clients']} clients")


if __name__ == "__main__":
    main()
