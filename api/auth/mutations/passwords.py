"""Passwords: ``changePassword`` (one's own) and ``resetPassword`` (an administrator, in scope).

Rules in ``governance.access.password_changes`` and ``password_policy``. Audit rows name the
account (``user:<id>`` or ``user:<username>``), never a password; a refusal never repeats one.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.accounts import UserAccount
from api.auth.mutations.accounts import USERNAME
from api.auth.mutations.common import now
from api.context import Info
from api.mutations import UserError, run_mutation
from governance.access import accounts
from governance.access.models import USERNAME_LENGTH_MAX
from governance.access.password_changes import (
    PasswordChange,
    change_password,
    reset_password,
)
from governance.access.password_policy import PASSWORD_CHOSEN_LENGTH_MIN
from governance.access.passwords import PASSWORD_LENGTH_MAX
from governance.access.service import normalize_username


@strawberry.input(description="Your current password and the new one.")
class ChangePasswordInput:
    old_password: str = strawberry.field(
        description="The current password (or the one-time code after a reset)."
    )
    new_password: str = strawberry.field(
        description=(
            f"{PASSWORD_CHOSEN_LENGTH_MIN} to {PASSWORD_LENGTH_MAX} characters, not the "
            "username, not a common password."
        )
    )
    end_other_sessions: bool = strawberry.field(
        default=False, description="End every other session of the account (this one stays)."
    )


@strawberry.type(description="Result of `changePassword`.")
class ChangePasswordPayload:
    user: UserAccount | None = strawberry.field(description="Your account; null if refused.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="The account whose password to reset.")
class ResetPasswordInput:
    username: str = strawberry.field(description=USERNAME)


@strawberry.type(description="Result of `resetPassword`.")
class ResetPasswordPayload:
    user: UserAccount | None = strawberry.field(description="The account; null if refused.")
    one_time_code: str | None = strawberry.field(
        description=(
            "The account's password until its owner signs in and changes it: shown this once "
            "and stored only as a hash."
        )
    )
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type
class PasswordMutations:
    @strawberry.mutation(
        description=(
            "Change your own password. Signed in with a one-time code after `resetPassword` "
            "(`Credentials.passwordChangeRequired`), the session holds no role until this "
            "succeeds; then its access token stops working: refresh it to get your roles. "
            "Refusal codes: UNAUTHENTICATED, WRONG_PASSWORD, TOO_MANY_ATTEMPTS (wrong passwords "
            "count as failed sign-ins), PASSWORD_TOO_SHORT, TOO_LONG, "
            "PASSWORD_IS_USERNAME, PASSWORD_TOO_COMMON."
        )
    )
    async def change_password(
        self,
        info: Info,
        input: Annotated[ChangePasswordInput, strawberry.argument(description="The passwords.")],
    ) -> ChangePasswordPayload:
        # The wall clock, as for sign-ins: wrong passwords count with theirs (``attempts``).
        viewer, at = info.context.viewer, now()
        change = PasswordChange(input.old_password, input.new_password, input.end_other_sessions)
        authentication = info.context.require_authentication()
        passwords, attempts = authentication.passwords, authentication.attempted_usernames

        async def change_own(session: AsyncSession) -> accounts.Account:
            user = await change_password(session, passwords, attempts, viewer, change, now=at)
            [account] = await accounts.accounts_of(session, [user])
            return account

        target = f"user:{viewer.user_id}" if viewer.user_id is not None else None
        account, errors = await run_mutation(info, change_own, target=target)
        return ChangePasswordPayload(
            user=UserAccount.from_account(account) if account else None, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "Reset the password of an account in your scope (administrators; never your own): "
            "it gets a one-time code, returned once, and must choose a new password at its next "
            "sign-in; its sessions end at once. Refusal codes: FORBIDDEN, USER_NOT_FOUND (also: "
            "not in your scope), OWN_ACCOUNT."
        )
    )
    async def reset_password(
        self,
        info: Info,
        input: Annotated[ResetPasswordInput, strawberry.argument(description="The account.")],
    ) -> ResetPasswordPayload:
        viewer, now = info.context.viewer, info.context.clock.now()
        passwords = info.context.require_authentication().passwords

        async def reset(session: AsyncSession) -> tuple[accounts.Account, str]:
            done = await reset_password(session, passwords, viewer, input.username, now=now)
            [account] = await accounts.accounts_of(session, [done.user])
            return account, done.one_time_code

        target = f"user:{normalize_username(input.username)[:USERNAME_LENGTH_MAX]}"
        result, errors = await run_mutation(info, reset, target=target)
        if result is None:
            return ResetPasswordPayload(user=None, one_time_code=None, user_errors=errors)
        account, code = result
        return ResetPasswordPayload(
            user=UserAccount.from_account(account), one_time_code=code, user_errors=errors
        )
