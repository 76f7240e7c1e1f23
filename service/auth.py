"""API keys -> tenant. Keys are configured as SHA-256 hashes and compared in constant time."""

from __future__ import annotations

import hashlib
import hmac

from interlock.service.config import DeploymentConfig


def hash_key(key: str) -> str:
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class KeyIndex:
    def __init__(self, config: DeploymentConfig) -> None:
        self._tenant_keys = sorted((k, t.id) for t in config.tenants for k in t.api_keys)
        self._admin_keys = sorted(config.admin_keys)

    @staticmethod
    def _matches(presented_hash: str, stored: str) -> bool:
        return hmac.compare_digest(presented_hash.encode(), stored.encode())

    def tenant_for(self, key: str) -> str | None:
        presented = hash_key(key)
        found = None
        # Every stored hash is compared, so the time taken does not say which tenant (if any) was close.
        for stored, tenant in self._tenant_keys:
            if self._matches(presented, stored):
                found = tenant
        return found

    def is_admin(self, key: str) -> bool:
        presented = hash_key(key)
        return any([self._matches(presented, stored) for stored in self._admin_keys])
