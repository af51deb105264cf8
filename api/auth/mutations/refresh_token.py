"""``refreshToken``: rotate a refresh token, get a fresh access token."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.auth.mutations.common import (
    REFRESH_TOKEN_LENGTH_MAX,
    Credentials,
    audit_session,
    credentials_of,
    now,
)
from api.context import Info
from governance.access.errors import InvalidRefreshToken, RefreshTokenReused
from governance.access.service import rotate_refresh_token


@strawberry.enum(description="Why `refreshToken` refused.")
class RefreshTokenErrorCode(Enum):
    INVALID_REFRESH_TOKEN = strawberry.enum_value(
        "INVALID_REFRESH_TOKEN", description="Unknown, expired, or its session has ended."
    )
    REFRESH_TOKEN_REUSED = strawberry.enum_value(
        "REFRESH_TOKEN_REUSED",
        description="Already used once: the session has been ended for safety; sign in again.",
    )


@strawberry.type(description="Why `refreshToken` refused, for the user and for the code.")
class RefreshTokenError:
    code: RefreshTokenErrorCode = strawberry.field(description="Stable code to branch on.")
    field: list[str] | None = strawberry.field(description="Path of the input field at fault.")
    message: str = strawberry.field(description="Human-readable explanation.")


@strawberry.input(description="Input of `refreshToken`.")
class RefreshTokenInput:
    refresh_token: str = strawberry.field(
        description=f"At most {REFRESH_TOKEN_LENGTH_MAX} characters."
    )


@strawberry.type(description="Result of `refreshToken`.")
class RefreshTokenPayload:
    credentials: Credentials | None = strawberry.field(description="Null when refused.")
    user_errors: list[RefreshTokenError] = strawberry.field(description="Empty on success.")


async def refresh_token(info: Info, input: RefreshTokenInput) -> RefreshTokenPayload:
    authentication = info.context.require_authentication()
    if len(input.refresh_token) > REFRESH_TOKEN_LENGTH_MAX:
        return _refused(RefreshTokenErrorCode.INVALID_REFRESH_TOKEN)
    try:
        signed_in = await rotate_refresh_token(
            info.context.session,
            input.refresh_token,
            now=now(),
            refresh_lifetime=authentication.refresh_lifetime,
        )
    except InvalidRefreshToken:
        return _refused(RefreshTokenErrorCode.INVALID_REFRESH_TOKEN)
    except RefreshTokenReused as reused:
        info.context.audit.target(info, f"session:{reused.session_id}")
        return _refused(RefreshTokenErrorCode.REFRESH_TOKEN_REUSED)
    audit_session(info, signed_in)
    return RefreshTokenPayload(credentials=credentials_of(info, signed_in), user_errors=[])


MESSAGES = {
    RefreshTokenErrorCode.INVALID_REFRESH_TOKEN: "The refresh token is not valid; sign in again.",
    RefreshTokenErrorCode.REFRESH_TOKEN_REUSED: (
        "This refresh token was already used; the session has ended. Sign in again."
    ),
}


def _refused(code: RefreshTokenErrorCode) -> RefreshTokenPayload:
    error = RefreshTokenError(code=code, field=["input", "refreshToken"], message=MESSAGES[code])
    return RefreshTokenPayload(credentials=None, user_errors=[error])
