"""The adapter release log: every evaluation verdict, promotion, forced promotion, canary step and roll-back.

Append-only JSON lines in the adapter store (`releases.jsonl`), each holding the hash of the line before it, so a
line removed or edited shows (`verify`). Written and fsynced before the change it records takes effect.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

LOG_FILE = "releases.jsonl"
GENESIS = "sha256:" + "0" * 64


def _canonical(value: dict) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _digest(body: dict) -> str:
    return "sha256:" + hashlib.sha256(_canonical(body).encode()).hexdigest()


class ReleaseLog:
    def __init__(self, store_dir: Path, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.file = store_dir / LOG_FILE
        self._clock = clock
        self._lock = threading.Lock()

    def append(self, event: str, tenant: str, adapter: str, version: str | None, **details) -> dict:
        with self._lock:
            entries = self.entries()
            body = {"at": self._clock().isoformat(), "event": event, "tenant": tenant, "adapter": adapter,
                    "version": version, "details": details,
                    "prev_hash": entries[-1]["hash"] if entries else GENESIS}  # fmt: skip
            entry = body | {"hash": _digest(body)}
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with open(self.file, "a", encoding="utf-8") as handle:
                handle.write(_canonical(entry) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            return entry

    def entries(self, tenant: str | None = None, adapter: str | None = None) -> list[dict]:
        try:
            lines = self.file.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        entries = [json.loads(line) for line in lines if line.strip()]
        return [e for e in entries if (tenant is None or e["tenant"] == tenant) and (adapter in (None, e["adapter"]))]

    def verify(self) -> str | None:
        """Why the log is not an unbroken chain, or None when it is."""
        previous = GENESIS
        for number, entry in enumerate(self.entries(), start=1):
            body = {k: v for k, v in entry.items() if k != "hash"}
            if entry.get("prev_hash") != previous or _digest(body) != entry.get("hash"):
                return f"{self.file}: line {number} does not follow the line before it"
            previous = entry["hash"]
        return None
