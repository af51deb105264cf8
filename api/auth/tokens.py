"""Access tokens: short-lived HS256 JWTs carrying the viewer's grants.

Claims: ``iss``, ``sub`` (user id), ``sid`` (sign-in session id, checked live on each request
so sign-out takes effect at once), ``jti``, ``iat``, ``exp``, ``grants`` (role and scope) and
``gv`` (the user's grants version, checked with the session: a token issued before a role
change stops working at once, and a refresh brings the new grants).
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import jwt

from governance.access.grant_rules import GRANTS_PER_USER_MAX
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role

ALGORITHM = "HS256"
ISSUER = "grassroots"
# Clock skew tolerated between API processes.
LEEWAY_SECONDS = 5
GRANTS_PER_TOKEN_MAX = GRANTS_PER_USER_MAX
REQUIRED_CLAIMS = ("iss", "sub", "sid", "jti", "iat", "exp")
# Tokens whose signature and claims were checked, per process: a client sends the same token
# for many requests, and checking an HS256 JWT costs more than the rest of a small request.
VERIFIED_TOKENS_MAX = 10_000
# Ids are PostgreSQL bigints: a claim beyond them names nothing (and would fail in the driver).
CLAIM_INT_MAX = 2**63 - 1


class InvalidAccessToken(Exception):
    """Malformed, tampered, expired or otherwise unusable: the client must sign in again."""


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AccessTokens:
    secret: bytes
    lifetime: timedelta
    # token → (viewer, expiry as a UNIX time); least recently used first.
    _verified: OrderedDict[str, tuple[Viewer, int]] = field(
        default_factory=OrderedDict, compare=False, repr=False
    )

    def issue(self, viewer: Viewer, now: datetime) -> IssuedToken:
        assert viewer.user_id is not None
        assert viewer.session_id is not None
        assert len(viewer.grants) <= GRANTS_PER_TOKEN_MAX
        expires_at = now + self.lifetime
        claims = {
            "iss": ISSUER,
            "sub": str(viewer.user_id),
            "sid": viewer.session_id,
            "jti": uuid.uuid4().hex,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
            "grants": [_grant_claim(grant) for grant in viewer.grants],
            "gv": viewer.grants_version,
        }
        return IssuedToken(jwt.encode(claims, self.secret, algorithm=ALGORITHM), expires_at)

    def read(self, token: str) -> Viewer:
        """The viewer of a valid token. A token seen before is only checked for expiry: the
        same bytes carry the same, already verified, signature and claims."""
        verified = self._verified.get(token)
        if verified is not None:
            viewer, expires = verified
            if time.time() < expires + LEEWAY_SECONDS:
                self._verified.move_to_end(token)
                return viewer
            del self._verified[token]
        viewer, expires = self._decode(token)
        self._verified[token] = (viewer, expires)
        if len(self._verified) > VERIFIED_TOKENS_MAX:
            self._verified.popitem(last=False)
        return viewer

    def _decode(self, token: str) -> tuple[Viewer, int]:
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                leeway=LEEWAY_SECONDS,
                options={"require": list(REQUIRED_CLAIMS)},
            )
            return _viewer_from(claims), int(claims["exp"])
        except (jwt.PyJWTError, ValueError, TypeError, KeyError, AssertionError) as error:
            raise InvalidAccessToken(str(error)) from None


def _grant_claim(grant: Grant) -> dict[str, Any]:
    claim: dict[str, Any] = {"role": grant.role.value}
    for key, value in (
        ("region", grant.region_code),
        ("supermarket", grant.supermarket_id),
        ("person", grant.person_id),
        ("household", grant.household_id),
    ):
        if value is not None:
            claim[key] = value
    return claim


def _viewer_from(claims: dict[str, Any]) -> Viewer:
    grants = claims.get("grants", [])
    if not isinstance(grants, list) or len(grants) > GRANTS_PER_TOKEN_MAX:
        raise ValueError("bad grants claim")
    return Viewer(
        user_id=_positive_int(claims["sub"]),
        session_id=_positive_int(claims["sid"]),
        grants=tuple(_grant_from(claim) for claim in grants),
        grants_version=_version(claims.get("gv", 0)),
    )


def _grant_from(claim: dict[str, Any]) -> Grant:
    return Grant(
        role=Role(claim["role"]),
        region_code=_optional_str(claim.get("region")),
        supermarket_id=_optional_int(claim.get("supermarket")),
        person_id=_optional_int(claim.get("person")),
        household_id=_optional_int(claim.get("household")),
    )


def _positive_int(value: Any) -> int:
    number = int(value)
    if not 0 < number <= CLAIM_INT_MAX or isinstance(value, bool):
        raise ValueError("expected a positive 64-bit integer")
    return number


def _version(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("expected a non-negative integer")
    return value


def _optional_int(value: Any) -> int | None:
    return None if value is None else _positive_int(value)


def _optional_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError("expected a string")
    return value
