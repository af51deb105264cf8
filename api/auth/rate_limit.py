"""Per-client token buckets, in process memory.

Each key (``user:<id>`` for a signed-in viewer, ``address:<ip>`` for anonymous requests) owns a
bucket of ``burst`` requests refilled at ``refill_per_second``. State is per process: with N API
processes behind a load balancer a client gets up to N times the rate, which is acceptable for
abuse protection (sign-in guessing is bounded separately, per account, in the database). The
number of keys is bounded; the least recently seen are forgotten first.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from governance.access.principal import Viewer
from kit.settings import Settings


def bucket_key(viewer: Viewer, address: str) -> str:
    """The bucket a request draws from: the user's, or its address's when anonymous (the same
    bucket for GraphQL and downloads)."""
    return f"user:{viewer.user_id}" if viewer.authenticated else f"address:{address}"


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated_at: float


@dataclass
class RateLimiter:
    burst: int
    refill_per_second: float
    keys_max: int
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, _Bucket] = field(default_factory=OrderedDict, init=False)

    def __post_init__(self) -> None:
        assert self.burst >= 1
        assert self.refill_per_second > 0
        assert self.keys_max >= 1

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimiter:
        return cls(
            burst=settings.rate_limit_burst_requests,
            refill_per_second=settings.rate_limit_refill_per_second,
            keys_max=settings.rate_limit_keys_max,
        )

    def acquire(self, key: str) -> int:
        """Take one request from ``key``'s bucket: 0 if allowed, else seconds to wait (>= 1)."""
        now = self.clock()
        bucket = self._bucket(key, now)
        bucket.tokens = min(
            self.burst, bucket.tokens + (now - bucket.updated_at) * self.refill_per_second
        )
        bucket.updated_at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0
        return max(1, math.ceil((1 - bucket.tokens) / self.refill_per_second))

    def _bucket(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = _Bucket(tokens=float(self.burst), updated_at=now)
            self._buckets[key] = bucket
            if len(self._buckets) > self.keys_max:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket
