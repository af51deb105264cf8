"""``logout``: end a session."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.auth.mutations.common import REFRESH_TOKEN_LENGTH_MAX, now
from api.context import Info
from governance.access.errors import InvalidRefreshToken
from governance.access.service import sign_out


@strawberry.enum(description="Why `logout` refused.")
class LogoutErrorCode(Enum):
    INVALID_REFRESH_TOKEN = strawberry.enum_value(
        "INVALID_REFRESH_TOKEN", description="No session has this refresh token."
    )


@strawberry.type(description="Why `logout` refused, for the user and for the code.")
class LogoutError:
    code: LogoutErrorCode = strawberry.field(description="Stable code to branch on.")
    field: list[str] | None = strawberry.field(description="Path of the input field at fault.")
    message: str = strawberry.field(description="Human-readable explanation.")


@strawberry.input(description="Input of `logout`.")
class LogoutInput:
    refresh_token: str = strawberry.field(
        description=f"Any refresh token of the session (at most {REFRESH_TOKEN_LENGTH_MAX} chars)."
    )


@strawberry.type(description="Result of `logout`.")
class LogoutPayload:
    ended: bool = strawberry.field(description="Whether the session is now ended.")
    user_errors: list[LogoutError] = strawberry.field(description="Empty on success.")


async def logout(info: Info, input: LogoutInput) -> LogoutPayload:
    try:
        if len(input.refresh_token) > REFRESH_TOKEN_LENGTH_MAX:
            raise InvalidRefreshToken
        session_id = await sign_out(info.context.session, input.refresh_token, now=now())
    except InvalidRefreshToken:
        error = LogoutError(
            code=LogoutErrorCode.INVALID_REFRESH_TOKEN,
            field=["input", "refreshToken"],
            message="No session has this refresh token.",
        )
        return LogoutPayload(ended=False, user_errors=[error])
    info.context.audit.target(info, f"session:{session_id}")
    return LogoutPayload(ended=True, user_errors=[])
