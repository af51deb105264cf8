"""Per-client token buckets in process memory, held to one limit across processes.

Each key (``user:<id>`` for a signed-in viewer, ``address:<ip>`` for anonymous requests) owns a
bucket of ``burst`` requests refilled at ``refill_per_second``; a request is decided here, in
memory, without a round trip. The buckets alone are per process: with N processes a client
would get N times the rate. So each process also counts what it let through and, once a second
(``api.http.rate_limit_sync``), adds those counts to PostgreSQL's per-window totals of all
processes (``governance.access.rate_limits``); a key whose total for the window reached
``window_limit`` — what one process would let through in the window: the burst plus the
refill — is refused by every process until the window ends. The overshoot is bounded by what
the other processes let through in one sync interval. The number of keys is bounded; the least
recently seen are forgotten first.
"""

from __future__ import annotations

import math
import time
from collections import Counter, OrderedDict
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
    window_seconds: int = 60
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, _Bucket] = field(default_factory=OrderedDict, init=False)
    # Requests let through since the last exchange with the other processes.
    _drawn: Counter[str] = field(default_factory=Counter, init=False)
    # Keys over the shared window limit, with the monotonic time their window ends.
    _blocked: dict[str, float] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        assert self.burst >= 1
        assert self.refill_per_second > 0
        assert self.keys_max >= 1
        assert self.window_seconds >= 1

    @property
    def window_limit(self) -> int:
        """Requests a key may make in one window, over all processes together."""
        return self.burst + math.ceil(self.refill_per_second * self.window_seconds)

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimiter:
        return cls(
            burst=settings.rate_limit_burst_requests,
            refill_per_second=settings.rate_limit_refill_per_second,
            keys_max=settings.rate_limit_keys_max,
            window_seconds=settings.rate_limit_window_seconds,
        )

    def acquire(self, key: str) -> int:
        """Take one request from ``key``'s bucket: 0 if allowed, else seconds to wait (>= 1)."""
        now = self.clock()
        blocked_until = self._blocked.get(key)
        if blocked_until is not None:
            if now < blocked_until:
                return max(1, math.ceil(blocked_until - now))
            del self._blocked[key]
        bucket = self._bucket(key, now)
        bucket.tokens = min(
            self.burst, bucket.tokens + (now - bucket.updated_at) * self.refill_per_second
        )
        bucket.updated_at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            self._drawn[key] += 1
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

    def drain(self) -> dict[str, int]:
        """What this process let through since the last call, per key (and forget it)."""
        drawn = dict(self._drawn)
        self._drawn.clear()
        return drawn

    def give_back(self, drawn: dict[str, int]) -> None:
        """Counts ``drain`` gave that could not be shared: shared at the next exchange."""
        self._drawn.update(drawn)

    def apply_totals(self, totals: dict[str, int], seconds_left: float) -> None:
        """Refuse, for the ``seconds_left`` of the window, every key whose total over all
        processes reached the window limit."""
        until = self.clock() + seconds_left
        for key, drawn in totals.items():
            if drawn >= self.window_limit:
                self._blocked[key] = until
        if len(self._blocked) > self.keys_max:
            now = self.clock()
            self._blocked = {k: t for k, t in self._blocked.items() if t > now}
