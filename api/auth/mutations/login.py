"""``login``: username and password in, credentials out."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from api.auth.mutations.common import Credentials, audit_session, credentials_of, now
from api.context import Info
from governance.access.errors import InvalidCredentials, SignInDelayed
from governance.access.models import USERNAME_LENGTH_MAX
from governance.access.passwords import PASSWORD_LENGTH_MAX
from governance.access.service import sign_in

INVALID_CREDENTIALS_MESSAGE = "Wrong username or password."


@strawberry.enum(description="Why `login` refused.")
class LoginErrorCode(Enum):
    INVALID_CREDENTIALS = strawberry.enum_value(
        "INVALID_CREDENTIALS",
        description="Unknown username, wrong password or inactive account (never told apart).",
    )
    TOO_MANY_ATTEMPTS = strawberry.enum_value(
        "TOO_MANY_ATTEMPTS", description="Recent failures: wait until `retryAt`."
    )
    ACCOUNT_LOCKED = strawberry.enum_value(
        "ACCOUNT_LOCKED", description="Locked after repeated failures until `retryAt`."
    )


@strawberry.type(description="Why `login` refused, for the user and for the code.")
class LoginError:
    code: LoginErrorCode = strawberry.field(description="Stable code to branch on.")
    field: list[str] | None = strawberry.field(description="Path of the input field at fault.")
    message: str = strawberry.field(description="Human-readable explanation.")
    retry_at: datetime | None = strawberry.field(
        default=None, description="No attempt is checked before this instant."
    )


@strawberry.input(description="Credentials to sign in with.")
class LoginInput:
    username: str = strawberry.field(description=f"At most {USERNAME_LENGTH_MAX} characters.")
    password: str = strawberry.field(description=f"At most {PASSWORD_LENGTH_MAX} characters.")


@strawberry.type(description="Result of `login`: credentials, or why not.")
class LoginPayload:
    credentials: Credentials | None = strawberry.field(description="Null when refused.")
    user_errors: list[LoginError] = strawberry.field(description="Empty on success.")


async def login(info: Info, input: LoginInput) -> LoginPayload:
    if not _plausible(input):
        return _refused(LoginErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
    authentication = info.context.require_authentication()
    try:
        signed_in = await sign_in(
            info.context.session,
            authentication.passwords,
            authentication.policy,
            authentication.attempted_usernames,
            username=input.username,
            password=input.password,
            now=now(),
            refresh_lifetime=authentication.refresh_lifetime,
        )
    except InvalidCredentials:
        return _refused(LoginErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
    except SignInDelayed as delayed:
        return _delayed(delayed)
    audit_session(info, signed_in)
    return LoginPayload(credentials=credentials_of(info, signed_in), user_errors=[])


def _plausible(input: LoginInput) -> bool:
    """Within the limits (control characters never arrive: api.extensions.control_characters)."""
    return len(input.username) <= USERNAME_LENGTH_MAX and len(input.password) <= PASSWORD_LENGTH_MAX


def _delayed(delayed: SignInDelayed) -> LoginPayload:
    at = delayed.retry_at.isoformat(timespec="seconds")
    if delayed.locked:
        return _refused(
            LoginErrorCode.ACCOUNT_LOCKED,
            f"Too many failed sign-ins: the account is locked until {at}.",
            delayed.retry_at,
        )
    return _refused(
        LoginErrorCode.TOO_MANY_ATTEMPTS,
        f"Too many failed sign-ins: try again at {at}.",
        delayed.retry_at,
    )


def _refused(code: LoginErrorCode, message: str, retry_at: datetime | None = None) -> LoginPayload:
    error = LoginError(code=code, field=["input"], message=message, retry_at=retry_at)
    return LoginPayload(credentials=None, user_errors=[error])
