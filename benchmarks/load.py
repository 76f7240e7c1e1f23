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
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import yaml

from interlock.service.config import load_deployment

try:
    import uvloop
except ImportError:  # the standard event loop works too, at some cost in client CPU
    uvloop = None

# "Talk to a human" is decided by a rule: no model, no retrieval; the cost is the service and the durable write.
TURN = {"model": "acme-support", "messages": [{"role": "user", "content": "talk to a human"}]}
KEY = "sk-acme-demo-0001"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_service(deployment: Path, wait_s: float = 120.0) -> Iterator[int]:
    """`interlock serve` on the deployment, on a free port of 127.0.0.1, until the block ends; yields the port."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "interlock.service.cli", "serve", "--config", str(deployment), "--port", str(port)],
        env=os.environ | {"HF_HUB_OFFLINE": "1"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("the service did not start (is the demo prepared? make run)")
        yield port
    finally:
        server.terminate()
        server.wait()


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


def request_bytes(port: int) -> bytes:
    body = json.dumps(TURN).encode()
    head = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {KEY}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")  # fmt: skip
    return head.encode() + body


def health_bytes(port: int) -> bytes:
    return f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


async def level(port: int, clients: int, seconds: float, timeout_s: float = 10.0, payload: bytes | None = None) -> dict:
    """`clients` keep-alive connections, each sending the next request as soon as its answer is in.

    A plain HTTP/1.1 client on asyncio streams (a pre-built request, the answer read by Content-Length): a
    general-purpose client library costs more CPU per request than the service, and here it shares the cores.
    """
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    payload = payload or request_bytes(port)
    deadline = time.perf_counter() + seconds

    async def exchange(reader, writer) -> tuple[str, float]:
        writer.write(payload)
        status_line = await reader.readline()
        length, retry_after = 0, 0.0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
            elif name.lower() == b"retry-after":
                retry_after = float(value)
        await reader.readexactly(length)
        return status_line.split(b" ", 2)[1].decode(), retry_after

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                retry_after = 0.0
                try:
                    label, retry_after = await asyncio.wait_for(exchange(reader, writer), timeout_s)
                except TimeoutError:
                    label = "timeout"
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                    label = "error"
                statuses[label] = statuses.get(label, 0) + 1
                if label == "200":
                    latencies.append((time.perf_counter() - start) * 1000)
                elif label == "429":  # a well-behaved client waits as it is told
                    await asyncio.sleep(min(retry_after, max(0.0, deadline - time.perf_counter())))
                elif label in ("timeout", "error"):
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
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
        limit = load_deployment(deployment).config.max_inflight_turns
        try:
            with running_service(deployment, wait_s=60) as port:
                run = uvloop.run if uvloop is not None else asyncio.run
                results = [run(level(port, int(n), args.seconds)) for n in args.levels.split(",")]
                # The same client against a route that does nothing: how fast this machine is right now (shared
                # hosts vary by a third from one run to the next), to read the figures above against.
                control = run(level(port, 8, min(args.seconds, 3.0), payload=health_bytes(port)))
        finally:
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
    print(
        f"control: GET /healthz, 8 clients, same client and server: {control['ok_per_s']:.0f} req/s "
        f"(the rules-only turn costs {control['ok_per_s'] / best['ok_per_s']:.1f}x a request that does nothing)"
    )


if __name__ == "__main__":
    main()
