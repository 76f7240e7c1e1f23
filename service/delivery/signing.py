"""Webhook signatures: `X-Interlock-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.

The timestamp is signed with the body, so a receiver that checks it within a tolerance refuses replays of an old
delivery; `Idempotency-Key` (the decision id) lets it drop a repeated one. Pure.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Interlock-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
DELIVERY_HEADER = "X-Interlock-Delivery"
ATTEMPT_HEADER = "X-Interlock-Attempt"
DEFAULT_TOLERANCE_S = 300


def signature(secret: bytes, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_valid(
    secret: bytes, header: str, body: bytes, now: float, tolerance_s: float = DEFAULT_TOLERANCE_S
) -> bool:
    """Whether `header` signs `body` with `secret`, with a timestamp within `tolerance_s` of `now`."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    try:
        timestamp = int(fields.get("t", [""])[0])
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance_s:
        return False
    expected = signature(secret, timestamp, body).rsplit("v1=", 1)[1]
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))
