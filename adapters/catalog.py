"""Each tenant adapter's versions, their release lifecycle, and which one serves its bots.

A new version arrives as uploaded files (never a path a client names), is stored content-addressed under the
deployment's adapter store, and walks `validating -> evaluating -> ready | rejected`: validated and probed, then
judged by its tenant's release gates (`ReleaseGates`, run in the background against the serving version). Only a
ready version can be promoted, or a validated one with an audited `force`; promotion either switches it in or
starts a canary (`canary -> serving | rolled_back`, judged turn by turn, see `canary.py`). A switch replaces the
binding in one assignment, so a turn sees the old version or the new one, never a mix, and a turn already under
way finishes on the version it started with. The serving version of every adapter is kept in `catalog.json`
beside the stored versions, so a registered version survives a restart; every verdict, promotion, canary step
and roll-back is written to the release log first.

Nothing else binds a version: `load` (start-up) binds what tenants.yaml or catalog.json names, and
`gate_startup` must then pass it through the same gates before the service answers (`create_app` calls it).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from interlock.adapters.canary import Canary, CanaryPlan, in_canary, judge
from interlock.adapters.lora import CONFIG_FILE, WEIGHTS_FILE, AdapterInfo, adapter_version
from interlock.adapters.release_log import ReleaseLog

if TYPE_CHECKING:  # named in annotations only: importing it would load transformers wherever the catalog is used
    from interlock.adapters.local_backend import Residency

log = logging.getLogger(__name__)

CATALOG_FILE = "catalog.json"
REPORT_FILES = {"json": "report.json", "html": "report.html"}
Status = Literal["validating", "evaluating", "ready", "rejected", "canary", "serving", "rolled_back", "retired"]
LOADED = ("ready", "serving", "canary")  # statuses whose version stays in the model


class AdapterHost(Protocol):
    """What the catalog needs from the process that holds the model (the generation worker)."""

    @property
    def adapters(self) -> Mapping[str, AdapterInfo]: ...

    def load_adapter(self, key: str, path: Path) -> AdapterInfo: ...

    def unload_adapter(self, key: str) -> None: ...

    def evict(self, key: str) -> bool: ...

    def residency(self) -> list[Residency]: ...


@dataclass(frozen=True)
class Verdict:
    """What the release gates decided: passed, and each failed gate with its values and delta."""

    passed: bool
    failed: tuple[str, ...]
    gate_key: str  # what was judged (suites, bundle, serving version): a saved verdict counts only for the same key


class ReleaseGates(Protocol):
    """The tenant's release gates, run by the service (`interlock.service.evaluation.release`)."""

    def gate_key(self, tenant: str, name: str, serving_version: str | None) -> str: ...

    def evaluate(
        self, tenant: str, name: str, candidate: BoundAdapter, serving: BoundAdapter | None, out_dir: Path
    ) -> Verdict: ...

    def canary_plan(self, tenant: str, name: str) -> CanaryPlan | None: ...


class CatalogError(Exception):
    """A request the catalog cannot honour; `code` says why (unknown_adapter, version_not_ready, ...)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class BoundAdapter:
    """A bot's adapter as the backend holds it."""

    key: str
    adapter_id: str
    version: str


@dataclass
class Version:
    version: str
    status: Status
    path: Path
    error: str | None = None
    failed_gates: tuple[str, ...] = ()
    validated: bool = False  # loaded and probed: only such a version can be forced
    forced: bool = False
    gated: bool = False  # passed its gates (or was forced), for the serving version at start-up


@dataclass
class _Adapter:
    tenant: str
    name: str
    active: BoundAdapter | None = None
    versions: dict[str, Version] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # versions, oldest first
    canary: Canary | None = None
    canary_bound: BoundAdapter | None = None
    previous: str | None = None  # the version that served before the serving one
    rollbacks: int = 0


def version_key(tenant: str, name: str, version: str) -> str:
    return f"{tenant}__{name}@{version.removeprefix('sha256:')[:16]}"


def key_labels(key: str) -> tuple[str, str]:
    """(tenant, adapter name) of a backend key; ('', key) for keys not made by version_key."""
    tenant, sep, rest = key.partition("__")
    return (tenant, rest.partition("@")[0]) if sep else ("", key)


class AdapterCatalog:
    """`host` is the model the adapters are loaded into; None when there is none here (a remote engine serves
    them, or a stand-in answers): then nothing is evicted, listed as resident or uploaded."""

    def __init__(
        self,
        host: AdapterHost | None,
        store_dir: Path,
        keep_versions: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host
        self.store_dir = store_dir
        self.keep_versions = keep_versions
        self.gates: ReleaseGates | None = None  # attached by the service; without it no upload can pass
        self.log = ReleaseLog(store_dir)
        self._clock = clock
        self._adapters: dict[tuple[str, str], _Adapter] = {}
        self._lock = threading.Lock()
        self._jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="adapter-validate")

    # -- start-up -------------------------------------------------------------------------------------------

    def declare(self, tenant: str, name: str) -> None:
        self._adapters.setdefault((tenant, name), _Adapter(tenant, name))

    def serving_version(self, tenant: str, name: str) -> Path | None:
        """The stored version catalog.json says serves this adapter, if any (it overrides tenants.yaml)."""
        version = self._saved().get(f"{tenant}/{name}")
        path = self._version_dir(tenant, name, version) if version else None
        return path if path is not None and (path / WEIGHTS_FILE).is_file() else None

    def load(self, tenant: str, name: str, path: Path) -> BoundAdapter:
        """Load a version synchronously and bind it (start-up: an invalid adapter stops the service)."""
        version = adapter_version(path)
        key = version_key(tenant, name, version)
        if self.host is not None:
            self.host.load_adapter(key, path)
        bound = BoundAdapter(key, f"{tenant}/{name}", version)
        with self._lock:
            entry = self._adapters.setdefault((tenant, name), _Adapter(tenant, name))
            entry.versions[version] = Version(version, "serving", path, validated=True)
            entry.order.append(version)
            entry.active = bound
        return bound

    def gate_startup(self) -> None:
        """Pass every version bound at start-up through its gates (a verdict saved for the same key counts);
        raises CatalogError naming the failed gates if one does not pass: the service must not start."""
        gates = self._require_gates()
        for (tenant, name), entry in sorted(self._adapters.items()):
            bound = entry.active
            if bound is None or entry.versions[bound.version].gated:
                continue
            record = entry.versions[bound.version]
            out_dir = self._version_dir(tenant, name, bound.version)
            if _saved_verdict(out_dir) != (True, gates.gate_key(tenant, name, None)):
                verdict = gates.evaluate(tenant, name, bound, None, out_dir)
                self.log.append("evaluated", tenant, name, bound.version, passed=verdict.passed,
                                failed_gates=list(verdict.failed), at_startup=True)  # fmt: skip
                if not verdict.passed:
                    record.status, record.failed_gates = "rejected", verdict.failed
                    raise CatalogError(f"adapter {tenant}/{name} version {bound.version} failed its release gates: "
                                       + "; ".join(verdict.failed), "startup_rejected")  # fmt: skip
            record.gated = True

    def bind_remote(self, tenant: str, name: str, key: str, version: str) -> BoundAdapter:
        bound = BoundAdapter(key, f"{tenant}/{name}", version)
        with self._lock:
            entry = self._adapters.setdefault((tenant, name), _Adapter(tenant, name))
            # The engine holds the weights: the path only names it. Its gates run policy-only (no model here).
            entry.versions[version] = Version(version, "serving", Path(key), validated=True)
            entry.order.append(version)
            entry.active = bound
        return bound

    # -- serving --------------------------------------------------------------------------------------------

    def binding(self, tenant: str, name: str, sticky: str | None = None) -> BoundAdapter | None:
        """The version a turn of this conversation gets: the canary's if `sticky` (the session) falls in it."""
        entry = self._adapters.get((tenant, name))
        if entry is None:
            return None
        canary, bound = entry.canary, entry.canary_bound
        if canary is not None and bound is not None and sticky is not None and in_canary(sticky, canary.percent):
            return bound
        return entry.active

    def observe(self, adapter_id: str | None, version: str | None, outcomes: frozenset[str]) -> None:
        """One finished turn's outcomes (post_block, handoff, grounding_violation, timeout): a running canary
        is judged on them and widens, serves or rolls back by itself."""
        tenant, _, name = (adapter_id or "").partition("/")
        entry = self._adapters.get((tenant, name))
        if entry is None or entry.canary is None:
            return
        with self._lock:
            if entry.canary is None:
                return
            canary = entry.canary = entry.canary.observed(version, outcomes)
            action, why = judge(canary, self._clock())
            if action == "roll_back":
                self._end_canary(entry, "rolled_back", why, automatic=True)
            elif action == "widen":
                self.log.append("canary_widened", tenant, name, canary.version, reason=why, rates=canary.rates(),
                                percent=canary.plan.steps[canary.step + 1])  # fmt: skip
                entry.canary = canary.widened(self._clock())
            elif action == "serve":
                self._end_canary(entry, "serving", why, automatic=True)

    # -- admin ----------------------------------------------------------------------------------------------

    def register(self, tenant: str, name: str, config: dict, weights: bytes, promote: bool = True) -> Version:
        """Store an uploaded version and start validating and evaluating it; with `promote`, it is promoted
        once it passes its gates (it serves, or starts its canary)."""
        entry = self._entry(tenant, name)
        host = self._upload_host()
        path = self._store(tenant, name, config, weights)
        version = adapter_version(path)
        with self._lock:
            known = entry.versions.get(version)
            if known is not None and known.status in ("validating", "evaluating", "ready", "canary", "serving"):
                return replace(known)
            record = Version(version, "validating", path)
            entry.versions[version] = record
            if version not in entry.order:
                entry.order.append(version)
        self._jobs.submit(self._validate, host, entry, record, promote)
        with self._lock:  # validation may already be over: the caller gets the version as it is now
            return replace(record)

    def promote(self, tenant: str, name: str, version: str, force: bool = False, reason: str | None = None) -> Version:
        """Promote a ready version (it serves, or starts its canary); `force` promotes a validated version the
        gates rejected (or a canary rolled back), recorded in the release log with `reason` and what failed."""
        entry = self._entry(tenant, name)
        with self._lock:
            record = self._recorded(entry, version)
            if record.status in ("serving", "canary"):
                return replace(record)
            if record.status != "ready":
                forceable = record.validated and record.status in ("rejected", "rolled_back")
                if not (force and forceable):
                    raise CatalogError(f"version {version} is {record.status}, not ready", "version_not_ready")
                self.log.append("forced", tenant, name, version, reason=reason, was=record.status,
                                failed_gates=list(record.failed_gates))  # fmt: skip
                record.forced = True
        if record.status != "ready":
            host = self._upload_host()
            self._jobs.submit(self._load_then_promote, host, entry, record).result()
        else:
            with self._lock:
                self._promote(entry, record, "promoted")
        with self._lock:
            return replace(record)

    def rollback(self, tenant: str, name: str, version: str | None = None, reason: str | None = None) -> Version:
        """End the running canary (the stable version keeps serving), or serve `version` (default: the one that
        served before) again."""
        entry = self._entry(tenant, name)
        with self._lock:
            if entry.canary is not None and version is None:
                record = entry.versions[entry.canary.version]
                self._end_canary(entry, "rolled_back", reason or "rolled back by an admin", automatic=False)
                return replace(record)
            target = version or entry.previous
            if target is None:
                raise CatalogError(f"{tenant}/{name} has no earlier version to roll back to", "version_not_found")
        record = self.activate(tenant, name, target)
        self.log.append("rolled_back", tenant, name, target, reason=reason, automatic=False)
        return record

    def activate(self, tenant: str, name: str, version: str) -> Version:
        """Serve an earlier version that passed its gates again (roll back), or a retired one (validated again
        first)."""
        entry = self._entry(tenant, name)
        with self._lock:
            record = self._recorded(entry, version)
            if record.status in ("ready", "serving"):
                self._switch(entry, record)
                return replace(record)
            if record.status != "retired":
                raise CatalogError(f"version {version} is {record.status}, not ready", "version_not_ready")
            host = self._upload_host()  # a retired version was validated here, so there is a host
            record.status = "validating"
        self._jobs.submit(self._revalidate, host, entry, record)
        with self._lock:
            return replace(record)

    def report(self, tenant: str, name: str, version: str, kind: Literal["json", "html"]) -> Path | None:
        """The stored evaluation report of a version (JSON or HTML), if it has one."""
        entry = self._entry(tenant, name)
        with self._lock:
            self._recorded(entry, version)
        file = self._version_dir(tenant, name, version) / REPORT_FILES[kind]
        return file if file.is_file() else None

    def version(self, tenant: str, name: str, version: str) -> Version:
        """A copy of the version as it is now (validation updates the catalog's own under the lock)."""
        entry = self._entry(tenant, name)
        with self._lock:
            return replace(self._recorded(entry, version))

    def unload(self, tenant: str, name: str) -> list[str]:
        """Take every version of this adapter out of the model's resident set (they come back cold when used)."""
        entry = self._entry(tenant, name)
        if self.host is None:
            return []
        keys = [version_key(tenant, name, v) for v in sorted(entry.versions)]
        return [key for key in keys if key in self.host.adapters and self.host.evict(key)]

    def listing(self) -> list[dict]:
        residency = {r.key: r for r in self.host.residency()} if self.host is not None else {}
        rows = []
        with self._lock:
            for (tenant, name), entry in sorted(self._adapters.items()):
                versions = []
                for version in entry.order:
                    record = entry.versions[version]
                    row = {"version": version, "status": record.status, "error": record.error,
                           "failed_gates": list(record.failed_gates), "forced": record.forced,
                           "serving": entry.active is not None and entry.active.version == version}  # fmt: skip
                    resident = residency.get(version_key(tenant, name, version))
                    row["resident"] = bool(resident and resident.resident)
                    if resident is not None:
                        counts = resident.counts
                        row |= {"slot": resident.slot, "pinned": resident.pinned, "size_bytes": resident.size_bytes,
                                "hits": counts.hits, "warm_activations": counts.warm,
                                "cold_activations": counts.cold, "evictions": counts.evictions}  # fmt: skip
                    versions.append(row)
                active = entry.active.version if entry.active else None
                canary = entry.canary
                canary_row = None if canary is None else {
                    "version": canary.version, "percent": canary.percent, "step": canary.step + 1,
                    "steps": list(canary.plan.steps), **canary.rates()}  # fmt: skip
                rows.append({"tenant": tenant, "name": name, "serving_version": active, "canary": canary_row,
                             "rollbacks": entry.rollbacks, "versions": versions,
                             "releases": self.log.entries(tenant, name)[-10:]})  # fmt: skip
        return rows

    def canaries(self) -> list[tuple[str, str, float, int]]:
        """(tenant, adapter, canary percent or 0, automatic roll-backs) per adapter, for metrics."""
        with self._lock:
            return [(t, n, e.canary.percent if e.canary else 0.0, e.rollbacks)
                    for (t, n), e in sorted(self._adapters.items())]  # fmt: skip

    def close(self) -> None:
        self._jobs.shutdown(wait=True, cancel_futures=True)

    # -- internals ------------------------------------------------------------------------------------------

    def _entry(self, tenant: str, name: str) -> _Adapter:
        entry = self._adapters.get((tenant, name))
        if entry is None:
            raise CatalogError(f"tenant {tenant!r} declares no adapter {name!r}", "adapter_not_found")
        return entry

    def _recorded(self, entry: _Adapter, version: str) -> Version:
        """The catalog's own record of a version (caller holds the lock)."""
        record = entry.versions.get(version)
        if record is None:
            raise CatalogError(f"{entry.tenant}/{entry.name} has no version {version}", "version_not_found")
        return record

    def _upload_host(self) -> AdapterHost:
        if self.host is None:
            raise CatalogError("adapters are served by the remote engine; register them there", "not_supported")
        return self.host

    def _require_gates(self) -> ReleaseGates:
        if self.gates is None:
            raise CatalogError("no release gates are attached: nothing can be promoted", "not_supported")
        return self.gates

    def _load(self, host: AdapterHost, entry: _Adapter, record: Version) -> bool:
        """Load and probe a stored version into the model; False (and the version rejected) if it is invalid."""
        key = version_key(entry.tenant, entry.name, record.version)
        try:
            if key not in host.adapters:
                host.load_adapter(key, record.path)
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, the version is rejected, never left pending
            log.warning("adapter %s/%s version %s rejected: %s", entry.tenant, entry.name, record.version, exc)
            with self._lock:
                record.status, record.error = "rejected", str(exc)
            return False
        record.validated = True
        return True

    def _validate(self, host: AdapterHost, entry: _Adapter, record: Version, promote: bool) -> None:
        """Load and probe a stored version, then judge it by its gates against the serving version: ready (and
        promoted, if asked) or rejected naming the gates that failed."""
        if not self._load(host, entry, record):
            return
        with self._lock:
            record.status = "evaluating"
            serving = entry.active
        try:
            gates = self._require_gates()
            candidate = BoundAdapter(version_key(entry.tenant, entry.name, record.version),
                                     f"{entry.tenant}/{entry.name}", record.version)  # fmt: skip
            out_dir = self._version_dir(entry.tenant, entry.name, record.version)
            verdict = gates.evaluate(entry.tenant, entry.name, candidate, serving, out_dir)
        except Exception as exc:  # noqa: BLE001 - an evaluation that cannot finish rejects, it never passes
            log.exception("evaluating %s/%s version %s failed", entry.tenant, entry.name, record.version)
            verdict = Verdict(False, (f"evaluation failed: {exc}",), "")
        self.log.append("evaluated", entry.tenant, entry.name, record.version, passed=verdict.passed,
                        failed_gates=list(verdict.failed),
                        against=serving.version if serving else None)  # fmt: skip
        with self._lock:
            record.failed_gates = verdict.failed
            if not verdict.passed:
                record.status = "rejected"
                record.error = "release gates failed: " + "; ".join(verdict.failed)
                key = version_key(entry.tenant, entry.name, record.version)
                if key in host.adapters:
                    host.unload_adapter(key)
                return
            record.status, record.error, record.gated = "ready", None, True
            if promote:
                self._promote(entry, record, "promoted")
            self._unload_retired(host, entry)

    def _load_then_promote(self, host: AdapterHost, entry: _Adapter, record: Version) -> None:
        """A forced promotion: the version was validated before; it is loaded again (the gates unloaded it)."""
        if self._load(host, entry, record):
            with self._lock:
                record.gated = True
                self._promote(entry, record, "promoted")
                self._unload_retired(host, entry)

    def _revalidate(self, host: AdapterHost, entry: _Adapter, record: Version) -> None:
        """A retired version brought back: it passed its gates before, so once loaded again it serves."""
        if self._load(host, entry, record):
            with self._lock:
                record.status, record.error = "ready", None
                self._switch(entry, record)
                self._unload_retired(host, entry)

    def _unload_retired(self, host: AdapterHost, entry: _Adapter) -> None:
        """Under the lock: whoever sees the new state also sees the versions it retired out of the model. Turns
        never wait for this lock (binding does not take it); the admin API may, for one unload."""
        for version in self._retire_old(entry):
            old_key = version_key(entry.tenant, entry.name, version)
            if old_key in host.adapters:
                host.unload_adapter(old_key)

    def _promote(self, entry: _Adapter, record: Version, event: str) -> None:
        """Switch the version in, or start its canary when the adapter has a plan and a version serves now
        (caller holds the lock)."""
        plan = self.gates.canary_plan(entry.tenant, entry.name) if self.gates is not None else None
        if plan is not None and entry.active is not None and entry.active.version != record.version:
            entry.canary = Canary(record.version, entry.active.version, plan, 0, self._clock())
            entry.canary_bound = BoundAdapter(version_key(entry.tenant, entry.name, record.version),
                                              f"{entry.tenant}/{entry.name}", record.version)  # fmt: skip
            record.status = "canary"
            self.log.append("canary_started", entry.tenant, entry.name, record.version, percent=plan.steps[0],
                            stable=entry.active.version, forced=record.forced)  # fmt: skip
            return
        self.log.append(event, entry.tenant, entry.name, record.version, forced=record.forced)
        self._switch(entry, record)

    def _end_canary(self, entry: _Adapter, outcome: Literal["serving", "rolled_back"], why: str,
                    automatic: bool) -> None:  # fmt: skip
        """The canary serves everyone, or is rolled back and the stable version keeps serving (lock held)."""
        canary = entry.canary
        record = entry.versions[canary.version]
        event = "canary_served" if outcome == "serving" else "rolled_back"
        self.log.append(event, entry.tenant, entry.name, canary.version, reason=why, automatic=automatic,
                        rates=canary.rates(), percent=canary.percent)  # fmt: skip
        entry.canary, entry.canary_bound = None, None
        if outcome == "serving":
            self._switch(entry, record)
        else:
            record.status = "rolled_back"
            record.error = why
            entry.rollbacks += automatic
            if self.host is not None:  # off the caller's thread: a turn's finish must not wait for the model
                self._jobs.submit(self.host.unload_adapter, version_key(entry.tenant, entry.name, canary.version))
            log.warning("adapter %s/%s canary %s rolled back: %s", entry.tenant, entry.name, canary.version, why)

    def _switch(self, entry: _Adapter, record: Version) -> None:
        """Bind the version (caller holds the lock): one assignment, seen whole by every later turn."""
        if entry.active is not None and entry.active.version != record.version:
            entry.previous = entry.active.version
            old = entry.versions.get(entry.active.version)
            if old is not None and old.status == "serving":
                old.status = "ready"
        record.status = "serving"
        entry.active = BoundAdapter(version_key(entry.tenant, entry.name, record.version),
                                    f"{entry.tenant}/{entry.name}", record.version)  # fmt: skip
        saved = self._saved()
        saved[f"{entry.tenant}/{entry.name}"] = record.version
        _write_atomically(self.store_dir / CATALOG_FILE, json.dumps(saved, indent=2, sort_keys=True))
        log.info("adapter %s/%s now serves version %s", entry.tenant, entry.name, record.version)

    def _retire_old(self, entry: _Adapter) -> list[str]:
        """Ready versions beyond `keep_versions` (oldest first, never the serving one) leave the model."""
        ready = [v for v in entry.order if entry.versions[v].status in LOADED]
        keep = {entry.active.version if entry.active else None, entry.canary.version if entry.canary else None}
        retired = []
        for version in ready:
            if len(ready) - len(retired) <= self.keep_versions:
                break
            if version not in keep:
                entry.versions[version].status = "retired"
                retired.append(version)
        return retired

    def _saved(self) -> dict[str, str]:
        file = self.store_dir / CATALOG_FILE
        try:
            return json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (json.JSONDecodeError, UnicodeDecodeError):
            log.error("%s is unreadable; serving the adapters tenants.yaml names", file)
            return {}

    def _version_dir(self, tenant: str, name: str, version: str) -> Path:
        return self.store_dir / tenant / name / version.removeprefix("sha256:")

    def _store(self, tenant: str, name: str, config: dict, weights: bytes) -> Path:
        """Write the files to a fresh folder, then move it to its content address (idempotent)."""
        parent = self.store_dir / tenant / name
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=".upload-"))
        try:
            (staging / CONFIG_FILE).write_text(json.dumps(config, indent=2, sort_keys=True), encoding="utf-8")
            (staging / WEIGHTS_FILE).write_bytes(weights)
            final = self._version_dir(tenant, name, adapter_version(staging))
            if final.exists():
                return final
            os.replace(staging, final)
            return final
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _saved_verdict(out_dir: Path) -> tuple[bool, str] | None:
    """(passed, gate key) of the report stored for a version, if there is a readable one."""
    try:
        report = json.loads((out_dir / REPORT_FILES["json"]).read_text(encoding="utf-8"))
        return bool(report["passed"]), str(report["gate_key"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_atomically(file: Path, text: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_suffix(file.suffix + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, file)
