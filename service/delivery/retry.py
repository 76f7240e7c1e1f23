"""When a failed delivery is tried again: exponential backoff with jitter, from an injected random source. Pure."""

from __future__ import annotations

import random


def retry_delay_s(attempt: int, rng: random.Random, base_s: float = 1.0, cap_s: float = 300.0) -> float:
    """The wait after failed attempt number `attempt` (1, 2, ...): half of min(cap, base * 2^(attempt-1)) for
    sure, the other half drawn at random, so receivers that failed together are not retried together."""
    ceiling = min(cap_s, base_s * 2 ** (attempt - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def attempt_failed(status: int | None) -> bool:
    """Any answer but 2xx is a failure (redirects are not followed); no answer at all is one too."""
    return status is None or not 200 <= status < 300
