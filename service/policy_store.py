"""The running policy bundles, one per tenant, swapped atomically on reload.

A bundle that fails to load never replaces the one that is serving; the failure is reported, not raised.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Literal

from interlock.policies.loader import BundleError, CompiledBundle, load_bundle
from interlock.service.config import Deployment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    tenant: str
    status: Literal["loaded", "unchanged", "rejected"]
    bundle_version: str
    error: str | None = None


class PolicyStore:
    def __init__(self, deployment: Deployment) -> None:
        """Load every tenant's bundle; at start-up a broken bundle is an error (there is nothing to keep serving)."""
        self._deployment = deployment
        self._lock = threading.Lock()
        self._bundles = {t.id: load_bundle(deployment.resolve(t.policy)) for t in deployment.config.tenants}

    def bundle(self, tenant: str) -> CompiledBundle:
        return self._bundles[tenant]

    def reload(self) -> list[ReloadResult]:
        results = []
        for tenant in self._deployment.config.tenants:
            current = self._bundles[tenant.id]
            try:
                fresh = load_bundle(self._deployment.resolve(tenant.policy))
            except BundleError as exc:
                log.error("policy reload rejected for %s, still serving %s: %s", tenant.id, current.version, exc)
                results.append(ReloadResult(tenant.id, "rejected", current.version, str(exc)))
                continue
            status = "unchanged" if fresh.version == current.version else "loaded"
            with self._lock:
                self._bundles = self._bundles | {tenant.id: fresh}
            results.append(ReloadResult(tenant.id, status, fresh.version))
        return results
