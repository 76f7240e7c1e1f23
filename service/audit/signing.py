"""Signed checkpoints of the audit chain heads (Ed25519), so truncating or rewriting the tail is detectable.

A checkpoint states "tenant T's chain had record seq N with hash H at time t", signed with the operator's key.
Whoever deletes records after N, or rewrites record N, cannot produce a matching record again, and cannot sign a
new checkpoint without the key.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from interlock.service.audit.record import canonical_json


class SigningKeyError(Exception):
    """The signing key is missing or unreadable."""


@dataclass(frozen=True)
class Checkpoint:
    tenant: str
    seq: int
    hash: str
    created_at: str
    signature: str  # base64

    def message(self) -> bytes:
        fields = {"tenant": self.tenant, "seq": self.seq, "hash": self.hash, "created_at": self.created_at}
        return canonical_json(fields).encode()


def generate_key(path: Path) -> str:
    """Write a new private key (PEM, mode 600) and return its public key (base64, raw)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return public_key_text(key.public_key())


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise SigningKeyError(f"{path}: cannot read Ed25519 signing key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path}: not an Ed25519 key")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def sign(key: Ed25519PrivateKey, tenant: str, seq: int, head_hash: str, created_at: str) -> Checkpoint:
    unsigned = Checkpoint(tenant, seq, head_hash, created_at, "")
    return Checkpoint(tenant, seq, head_hash, created_at, base64.b64encode(key.sign(unsigned.message())).decode())


def signature_valid(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> bool:
    try:
        public_key.verify(base64.b64decode(checkpoint.signature), checkpoint.message())
    except (InvalidSignature, ValueError):
        return False
    return True
