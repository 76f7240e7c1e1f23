"""Which adapters stay in the model: a resident set bounded by count and bytes, least recently used out first.

Pure bookkeeping, no tensors: the backend asks which adapters to evict before it places a new one, and tells
this table what it placed, used and evicted. Adapters a chat session is using are pinned for a while and
evicted only when nothing unpinned is left; adapters the current batch needs are never evicted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ResidencyLimits:
    max_adapters: int = 8
    max_bytes: int = 512 * 1024 * 1024
    session_pin_s: float = 300.0


@dataclass
class Resident:
    key: str
    size_bytes: int
    slot: int | None  # the slot it was copied into, or None when peft loaded it as its own adapter
    last_used: float
    pinned_until: float = 0.0


@dataclass
class AdapterCounts:
    hits: int = 0
    warm: int = 0
    cold: int = 0
    evictions: int = 0


class ResidencyFull(Exception):
    """Every resident adapter is needed by the current batch; nothing can be evicted for another one."""


@dataclass
class ResidentSet:
    limits: ResidencyLimits
    slots: int
    resident: dict[str, Resident] = field(default_factory=dict)
    counts: dict[str, AdapterCounts] = field(default_factory=dict)

    def free_slot(self) -> int | None:
        used = {r.slot for r in self.resident.values() if r.slot is not None}
        return next((i for i in range(self.slots) if i not in used), None)

    def victims(self, size_bytes: int, needs_slot: bool, keep: Iterable[str], now: float) -> list[str]:
        """Adapters to evict so one more of `size_bytes` fits (in a slot if `needs_slot`), in eviction order."""
        keep = set(keep)
        order = sorted(
            (r for r in self.resident.values() if r.key not in keep),
            key=lambda r: (r.pinned_until > now, r.last_used, r.key),
        )
        count, used = len(self.resident), sum(r.size_bytes for r in self.resident.values())
        free_slots = self.slots - sum(1 for r in self.resident.values() if r.slot is not None)
        chosen: list[str] = []
        for candidate in order:
            fits = count < self.limits.max_adapters and used + size_bytes <= self.limits.max_bytes
            if fits and (free_slots > 0 or not needs_slot):
                break
            chosen.append(candidate.key)
            count, used = count - 1, used - candidate.size_bytes
            free_slots += candidate.slot is not None
        fits = count < self.limits.max_adapters and used + size_bytes <= self.limits.max_bytes
        if not fits or (needs_slot and free_slots <= 0):
            raise ResidencyFull(f"no room for an adapter of {size_bytes} bytes beside the ones this batch needs")
        return chosen

    def place(self, key: str, size_bytes: int, slot: int | None, now: float) -> None:
        self.resident[key] = Resident(key, size_bytes, slot, now)
        self._counts(key).cold += 1

    def evict(self, key: str) -> Resident | None:
        gone = self.resident.pop(key, None)
        if gone is not None:
            self._counts(key).evictions += 1
        return gone

    def use(self, key: str, now: float, warm: bool) -> None:
        self.resident[key].last_used = now
        counts = self._counts(key)
        counts.hits += 1
        counts.warm += warm

    def pin(self, key: str, now: float) -> None:
        if key in self.resident:
            self.resident[key].pinned_until = now + self.limits.session_pin_s

    def forget(self, key: str) -> None:
        self.evict(key)
        self.counts.pop(key, None)

    def _counts(self, key: str) -> AdapterCounts:
        return self.counts.setdefault(key, AdapterCounts())
