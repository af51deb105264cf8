"""Password hashing with argon2id (argon2-cffi), cost from settings.

Hashing and verifying take tens of milliseconds of CPU by design; callers on the event loop
use the ``*_async`` forms, which run in a worker thread so other requests keep flowing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from kit.settings import Settings

PASSWORD_LENGTH_MIN = 8
PASSWORD_LENGTH_MAX = 128


class PasswordRejected(Exception):
    """A new password outside the documented length limits."""


@dataclass
class Passwords:
    hasher: PasswordHasher
    # Verified against when the username is unknown, so both failures cost the same time.
    _dummy_hash: str | None = field(default=None, init=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Passwords:
        return cls(
            PasswordHasher(
                time_cost=settings.password_hash_time_cost,
                memory_cost=settings.password_hash_memory_kib,
                parallelism=settings.password_hash_parallelism,
                type=Type.ID,
            )
        )

    def hash(self, password: str) -> str:
        if not PASSWORD_LENGTH_MIN <= len(password) <= PASSWORD_LENGTH_MAX:
            raise PasswordRejected(
                f"passwords have {PASSWORD_LENGTH_MIN} to {PASSWORD_LENGTH_MAX} characters"
            )
        return self.hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        # Longer inputs are never valid; refusing them early bounds the work an attacker buys.
        if len(password) > PASSWORD_LENGTH_MAX:
            return False
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self.hasher.check_needs_rehash(password_hash)

    async def hash_async(self, password: str) -> str:
        return await asyncio.to_thread(self.hash, password)

    async def verify_async(self, password_hash: str, password: str) -> bool:
        return await asyncio.to_thread(self.verify, password_hash, password)

    async def burn_async(self, password: str) -> None:
        """Spend what a real verification costs, for an unknown user."""
        if self._dummy_hash is None:
            self._dummy_hash = await asyncio.to_thread(self.hasher.hash, "not-a-password")
        await self.verify_async(self._dummy_hash, password)
