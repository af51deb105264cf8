"""Who is calling: the ``Authorization: Bearer`` header read into a ``Viewer``.

No header: the anonymous viewer. A header that is not a valid, unexpired access token of a
live session: 401 with ``WWW-Authenticate: Bearer`` (RFC 6750), never a silent downgrade to
anonymous, so a client notices its token went bad.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from api.auth.rate_limit import RateLimiter
from api.auth.tokens import AccessTokens, InvalidAccessToken
from governance.access.attempts import AttemptedUsernames
from governance.access.passwords import Passwords
from governance.access.policy import SignInPolicy
from governance.access.principal import ANONYMOUS, Viewer
from kit.secrets import jwt_secret
from kit.settings import Settings

BEARER_PREFIX = "bearer "
ACCESS_TOKEN_LENGTH_MAX = 4_096


class Unauthenticated(Exception):
    """The request carried credentials that do not hold."""

    def __init__(self, message: str, error: str = "invalid_token") -> None:
        super().__init__(message)
        self.message = message
        self.challenge = f'Bearer realm="grassroots", error="{error}"'


@dataclass(frozen=True)
class Authentication:
    """What the API needs to sign people in and recognise them; one per application."""

    tokens: AccessTokens
    passwords: Passwords
    policy: SignInPolicy
    refresh_lifetime: timedelta
    rate_limiter: RateLimiter
    attempted_usernames: AttemptedUsernames

    @classmethod
    def from_settings(cls, settings: Settings) -> Authentication:
        policy = SignInPolicy.from_settings(settings)
        return cls(
            tokens=AccessTokens(
                jwt_secret(settings), timedelta(minutes=settings.access_token_lifetime_minutes)
            ),
            passwords=Passwords.from_settings(settings),
            policy=policy,
            refresh_lifetime=timedelta(days=settings.refresh_token_lifetime_days),
            rate_limiter=RateLimiter.from_settings(settings),
            attempted_usernames=AttemptedUsernames(policy, settings.rate_limit_keys_max),
        )

    def viewer_from_header(self, authorization: str | None) -> Viewer:
        if authorization is None:
            return ANONYMOUS
        if not authorization.lower().startswith(BEARER_PREFIX):
            raise Unauthenticated("Use `Authorization: Bearer <access token>`.", "invalid_request")
        token = authorization[len(BEARER_PREFIX) :].strip()
        if not token or len(token) > ACCESS_TOKEN_LENGTH_MAX:
            raise Unauthenticated("The access token is missing or too long.")
        try:
            return self.tokens.read(token)
        except InvalidAccessToken:
            raise Unauthenticated(
                "The access token is invalid or expired; refresh it or sign in again."
            ) from None
