"""Who is signed in to the console: console keys (hashed, like API keys) to a principal, signed session cookies,
and the CSRF token every form carries."""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, URLSafeTimedSerializer

from interlock.service.auth import hash_key
from interlock.service.config import ConsoleConfig

Role = Literal["auditor", "agent", "admin"]
SESSION_COOKIE = "interlock_console"
LOGIN_COOKIE = "interlock_console_login"  # the CSRF token of the sign-in form (there is no session yet)


@dataclass(frozen=True)
class Principal:
    """A signed-in person: the key's name, its role, the tenant it is bound to (None: every tenant)."""

    name: str
    role: Role
    tenant: str | None
    csrf: str

    def tenants(self, declared: list[str]) -> list[str]:
        """The tenants this principal may see, of those declared."""
        return sorted(declared) if self.tenant is None else [t for t in declared if t == self.tenant]

    @property
    def reads_decisions(self) -> bool:
        return self.role in ("auditor", "admin")

    @property
    def works_inbox(self) -> bool:
        return self.role in ("agent", "admin")


class ConsoleKeys:
    def __init__(self, config: ConsoleConfig) -> None:
        self._keys = sorted(config.keys, key=lambda k: k.key)

    def principal_for(self, key: str) -> Principal | None:
        presented = hash_key(key.strip()).encode()
        found = None
        for entry in self._keys:  # every hash compared: the time taken does not say which key was close
            if hmac.compare_digest(presented, entry.key.encode()):
                found = entry
        if found is None:
            return None
        return Principal(found.name, found.role, found.tenant, secrets.token_urlsafe(24))

    def still_declared(self, principal: Principal) -> bool:
        """A session outlives no change to its key: removed, or given another role or tenant, it ends."""
        return any((k.name, k.role, k.tenant) == (principal.name, principal.role, principal.tenant) for k in self._keys)


class Sessions:
    """Session cookies signed (HMAC) and time-limited by itsdangerous; the server keeps no session state."""

    def __init__(self, config: ConsoleConfig) -> None:
        secret = os.environ.get(config.session_secret_env, "") if config.session_secret_env else ""
        # Without a configured secret, one per process: sessions end when the service restarts.
        self._serializer = URLSafeTimedSerializer(secret or secrets.token_hex(32), salt="interlock-console")
        self.ttl_s = config.session_ttl_s

    def dump(self, principal: Principal) -> str:
        return self._serializer.dumps([principal.name, principal.role, principal.tenant, principal.csrf])

    def load(self, cookie: str | None) -> Principal | None:
        if not cookie:
            return None
        try:
            name, role, tenant, csrf = self._serializer.loads(cookie, max_age=self.ttl_s)
        except (BadSignature, ValueError, TypeError):
            return None
        return Principal(name, role, tenant, csrf)


def same_token(expected: str | None, presented: str | None) -> bool:
    return bool(expected) and bool(presented) and hmac.compare_digest(expected.encode(), presented.encode())
