"""How long a user waits after failed sign-ins: pure arithmetic over the failure count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from kit.settings import Settings


@dataclass(frozen=True, slots=True)
class SignInPolicy:
    failures_free: int
    backoff_base_seconds: int
    backoff_max_seconds: int
    lockout_failures: int
    lockout_minutes: int

    def __post_init__(self) -> None:
        assert 0 <= self.failures_free < self.lockout_failures
        assert 0 < self.backoff_base_seconds <= self.backoff_max_seconds

    @classmethod
    def from_settings(cls, settings: Settings) -> SignInPolicy:
        return cls(
            failures_free=settings.sign_in_failures_free,
            backoff_base_seconds=settings.sign_in_backoff_base_seconds,
            backoff_max_seconds=settings.sign_in_backoff_max_seconds,
            lockout_failures=settings.sign_in_lockout_failures,
            lockout_minutes=settings.sign_in_lockout_minutes,
        )

    def delay_after(self, failures: int) -> timedelta:
        """Wait imposed after ``failures`` consecutive failures: none, doubling, then lockout."""
        assert failures >= 0
        if failures >= self.lockout_failures:
            return timedelta(minutes=self.lockout_minutes)
        if failures < self.failures_free:
            return timedelta(0)
        # Capping the exponent keeps the integer small for any failure count.
        exponent = min(failures - self.failures_free, 32)
        seconds = min(self.backoff_base_seconds * 2**exponent, self.backoff_max_seconds)
        return timedelta(seconds=seconds)

    def is_lockout(self, failures: int) -> bool:
        return failures >= self.lockout_failures
