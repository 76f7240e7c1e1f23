"""Each tenant adapter's versions and which one serves its bots.

A new version arrives as uploaded files (never a path a client names), is stored content-addressed under the
deployment's adapter store, validated and probed in the background, and only then switched in: the binding is
replaced in one assignment, so a turn sees the old version or the new one, never a mix, and a turn already under
way finishes on the version it started with. The serving version of every adapter is kept in `catalog.json`
beside the stored versions, so a registered version survives a restart.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from interlock.adapters.lora import CONFIG_FILE, WEIGHTS_FILE, AdapterInfo, adapter_version

if TYPE_CHECKING:  # named in annotations only: importing it would load transformers wherever the catalog is used
    from interlock.adapters.local_backend import Residency

log = logging.getLogger(__name__)

CATALOG_FILE = "catalog.json"
Status = Literal["validating", "ready", "rejected", "retired"]


class AdapterHost(Protocol):
    """What the catalog needs from the process that holds the model (the generation worker)."""

    @property
    def adapters(self) -> Mapping[str, AdapterInfo]: ...

    def load_adapter(self, key: str, path: Path) -> AdapterInfo: ...

    def unload_adapter(self, key: str) -> None: ...

    def evict(self, key: str) -> bool: ...

    def residency(self) -> list[Residency]: ...


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


@dataclass
class _Adapter:
    tenant: str
    name: str
    active: BoundAdapter | None = None
    versions: dict[str, Version] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # versions, oldest first


def version_key(tenant: str, name: str, version: str) -> str:
    return f"{tenant}__{name}@{version.removeprefix('sha256:')[:16]}"


def key_labels(key: str) -> tuple[str, str]:
    """(tenant, adapter name) of a backend key; ('', key) for keys not made by version_key."""
    tenant, sep, rest = key.partition("__")
    return (tenant, rest.partition("@")[0]) if sep else ("", key)


class AdapterCatalog:
    """`host` is the model the adapters are loaded into; None when there is none here (a remote engine serves
    them, or a stand-in answers): then nothing is evicted, listed as resident or uploaded."""

    def __init__(self, host: AdapterHost | None, store_dir: Path, keep_versions: int = 3) -> None:
        self.host = host
        self.store_dir = store_dir
        self.keep_versions = keep_versions
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
            entry.versions[version] = Version(version, "ready", path)
            entry.order.append(version)
            entry.active = bound
        return bound

    def bind_remote(self, tenant: str, name: str, key: str, version: str) -> BoundAdapter:
        bound = BoundAdapter(key, f"{tenant}/{name}", version)
        with self._lock:
            self._adapters.setdefault((tenant, name), _Adapter(tenant, name)).active = bound
        return bound

    # -- serving --------------------------------------------------------------------------------------------

    def binding(self, tenant: str, name: str) -> BoundAdapter | None:
        entry = self._adapters.get((tenant, name))
        return entry.active if entry else None

    # -- admin ----------------------------------------------------------------------------------------------

    def register(self, tenant: str, name: str, config: dict, weights: bytes) -> Version:
        """Store an uploaded version and start validating it; it serves once it is ready."""
        entry = self._entry(tenant, name)
        host = self._upload_host()
        path = self._store(tenant, name, config, weights)
        version = adapter_version(path)
        with self._lock:
            known = entry.versions.get(version)
            if known is not None and known.status in ("validating", "ready"):
                return replace(known)
            record = Version(version, "validating", path)
            entry.versions[version] = record
            if version not in entry.order:
                entry.order.append(version)
        self._jobs.submit(self._validate, host, entry, record)
        with self._lock:  # validation may already be over: the caller gets the version as it is now
            return replace(record)

    def activate(self, tenant: str, name: str, version: str) -> Version:
        """Serve an earlier version again (roll back) or a retired one (validated again first)."""
        entry = self._entry(tenant, name)
        with self._lock:
            record = self._recorded(entry, version)
            if record.status == "ready":
                self._switch(entry, record)
                return replace(record)
            if record.status != "retired":
                raise CatalogError(f"version {version} is {record.status}, not ready", "version_not_ready")
            host = self._upload_host()  # a retired version was validated here, so there is a host
            record.status = "validating"
        self._jobs.submit(self._validate, host, entry, record)
        with self._lock:
            return replace(record)

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
                rows.append({"tenant": tenant, "name": name, "serving_version": active, "versions": versions})
        return rows

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

    def _validate(self, host: AdapterHost, entry: _Adapter, record: Version) -> None:
        """Load and probe a stored version; serve it once ready, or mark it rejected."""
        key = version_key(entry.tenant, entry.name, record.version)
        try:
            if key not in host.adapters:
                host.load_adapter(key, record.path)
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, the version is rejected, never left pending
            log.warning("adapter %s/%s version %s rejected: %s", entry.tenant, entry.name, record.version, exc)
            with self._lock:
                record.status, record.error = "rejected", str(exc)
            return
        # Under the lock to the end: whoever sees the version ready also sees the versions it retired out of the
        # model. Turns never wait for this lock (binding does not take it); the admin API may, for one unload.
        with self._lock:
            record.status, record.error = "ready", None
            self._switch(entry, record)
            for version in self._retire_old(entry):
                old_key = version_key(entry.tenant, entry.name, version)
                if old_key in host.adapters:
                    host.unload_adapter(old_key)

    def _switch(self, entry: _Adapter, record: Version) -> None:
        """Bind the version (caller holds the lock): one assignment, seen whole by every later turn."""
        entry.active = BoundAdapter(version_key(entry.tenant, entry.name, record.version),
                                    f"{entry.tenant}/{entry.name}", record.version)  # fmt: skip
        saved = self._saved()
        saved[f"{entry.tenant}/{entry.name}"] = record.version
        _write_atomically(self.store_dir / CATALOG_FILE, json.dumps(saved, indent=2, sort_keys=True))
        log.info("adapter %s/%s now serves version %s", entry.tenant, entry.name, record.version)

    def _retire_old(self, entry: _Adapter) -> list[str]:
        """Ready versions beyond `keep_versions` (oldest first, never the serving one) leave the model."""
        ready = [v for v in entry.order if entry.versions[v].status == "ready"]
        serving = entry.active.version if entry.active else None
        retired = []
        for version in ready:
            if len(ready) - len(retired) <= self.keep_versions:
                break
            if version != serving:
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


def _write_atomically(file: Path, text: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_suffix(file.suffix + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, file)
