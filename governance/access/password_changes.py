"""Passwords after sign-up: a user changes their own; an administrator resets one in scope.

A reset replaces the password with a one-time code (returned once, stored only as its hash),
ends the account's sessions and sets ``password_change_required``: signed in with the code, the
account holds no role (``service.viewer_of``) until it chooses a password here. Choosing one
clears the flag and bumps ``grants_version``, so the role-less access token stops working and
the client refreshes it with the account's roles. Nothing here logs or repeats a password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from governance.access.accounts import ONE_TIME_CODE_BYTES, managed_user, not_own
from governance.access.attempts import AttemptedUsernames
from governance.access.errors import SignInDelayed
from governance.access.models import SessionEnd, User
from governance.access.password_policy import check_new_password
from governance.access.passwords import Passwords
from governance.access.principal import Viewer
from governance.refusals import Refusal, RefusalCode


@dataclass(frozen=True, slots=True)
class PasswordChange:
    old_password: str
    new_password: str
    end_other_sessions: bool = False


@dataclass(frozen=True, slots=True)
class PasswordReset:
    """The reset account and its one-time code, shown once."""

    user: User
    one_time_code: str


async def change_password(
    session: AsyncSession,
    passwords: Passwords,
    attempts: AttemptedUsernames,
    viewer: Viewer,
    change: PasswordChange,
    *,
    now: datetime,
) -> User:
    """Change the viewer's own password: the current one is required, the new one meets the
    policy; with ``end_other_sessions`` every session but this one ends.

    A wrong current password counts as a failed sign-in of the account's name (``attempts``,
    shared with ``login``), so a stolen access token cannot be used to guess it faster."""
    assert viewer.user_id is not None, "run_mutation lets only signed-in viewers through"
    user = await repository.user_by_id_for_update(session, viewer.user_id)
    assert user is not None, "a live session's user exists"
    try:
        attempts.check(user.username, now)
    except SignInDelayed as delayed:
        at = delayed.retry_at.isoformat(timespec="seconds")
        raise Refusal(
            RefusalCode.TOO_MANY_ATTEMPTS, "oldPassword", f"Too many wrong passwords: wait {at}."
        ) from None
    if not await passwords.verify_async(user.password_hash, change.old_password):
        attempts.failed(user.username, now)
        raise Refusal(RefusalCode.WRONG_PASSWORD, "oldPassword", "The current password is wrong.")
    attempts.succeeded(user.username)
    check_new_password(change.new_password, user.username)
    user.password_hash = await passwords.hash_async(change.new_password)
    if user.password_change_required:
        user.password_change_required = False
        user.grants_version += 1
    await session.flush()
    if change.end_other_sessions:
        await repository.end_live_sessions(
            session, user.id, SessionEnd.REVOKED, now, keep=viewer.session_id
        )
    return user


async def reset_password(
    session: AsyncSession, passwords: Passwords, viewer: Viewer, username: str, *, now: datetime
) -> PasswordReset:
    """Give an account in ``viewer``'s scope (not their own) a one-time code as its password,
    to be changed at the next sign-in; its sessions end and its sign-in delay is forgotten."""
    user = await managed_user(session, viewer, username)
    not_own(viewer, user)
    code = secrets.token_urlsafe(ONE_TIME_CODE_BYTES)
    user.password_hash = await passwords.hash_async(code)
    user.password_change_required = True
    user.failed_sign_in_count = 0
    user.locked_until = None
    await session.flush()
    await repository.end_live_sessions(session, user.id, SessionEnd.REVOKED, now)
    return PasswordReset(user, code)
