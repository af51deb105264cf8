"""Conditions users cause while signing in or refreshing; the API turns them into userErrors."""

from __future__ import annotations

from datetime import datetime


class AccessError(Exception):
    """Base of expected access-control failures."""


class InvalidCredentials(AccessError):
    """Unknown username, wrong password or deactivated account: deliberately indistinguishable."""


class SignInDelayed(AccessError):
    """Too many recent failures: no attempt is checked before ``retry_at``."""

    def __init__(self, retry_at: datetime, *, locked: bool) -> None:
        super().__init__(f"sign-in refused until {retry_at.isoformat()}")
        self.retry_at = retry_at
        self.locked = locked


class InvalidRefreshToken(AccessError):
    """Unknown, expired, or belonging to an ended session."""


class RefreshTokenReused(AccessError):
    """A rotated refresh token came back: the whole session has been ended."""

    def __init__(self, session_id: int) -> None:
        super().__init__(f"refresh token reused; session {session_id} ended")
        self.session_id = session_id
