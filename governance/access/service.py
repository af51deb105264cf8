"""Signing in, refresh-token rotation, signing out.

Services flush; the request boundary commits. A failed sign-in is *recorded* (counter and
delay) and then reported by raising, so the caller must still commit: the API's mutation
returns a payload with userErrors, and the request commits normally.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from governance.access.attempts import AttemptedUsernames
from governance.access.errors import (
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
)
from governance.access.models import AuthSession, RefreshToken, RoleGrant, SessionEnd, User
from governance.access.passwords import Passwords
from governance.access.policy import SignInPolicy
from governance.access.principal import Grant, Viewer
from governance.access.row_security import enter_request_scope, enter_request_scope_on_begin

REFRESH_TOKEN_BYTES = 32


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A live session: the viewer to put in an access token, and a refresh token to hand out."""

    viewer: Viewer
    refresh_token: str
    refresh_token_expires_at: datetime
    # The password was reset: ``viewer`` holds no role until ``change_password``.
    password_change_required: bool = False


def normalize_username(username: str) -> str:
    return username.strip().lower()


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def viewer_of(user: User, session_id: int, grants: list[RoleGrant]) -> Viewer:
    """The viewer a session acts as: no role while a reset password awaits its change (so the
    session can do nothing but change it; the change bumps ``grants_version``)."""
    if user.password_change_required:
        grants = []
    return Viewer(
        user_id=user.id,
        session_id=session_id,
        grants_version=user.grants_version,
        grants=tuple(
            Grant(
                role=grant.role,
                region_code=grant.region_code,
                supermarket_id=grant.supermarket_id,
                person_id=grant.person_id,
                household_id=grant.household_id,
            )
            for grant in grants
        ),
    )


async def sign_in(
    session: AsyncSession,
    passwords: Passwords,
    policy: SignInPolicy,
    attempts: AttemptedUsernames,
    *,
    username: str,
    password: str,
    now: datetime,
    refresh_lifetime: timedelta,
) -> SignedIn:
    """Whether to wait is answered from ``attempts`` alone, the same for every name, so
    the answer never tells whether an account exists; the account's own count and delay are
    still enforced (an account the database holds back answers as a wrong password)."""
    key = normalize_username(username)
    attempts.check(key, now)
    user = await repository.user_by_username_for_update(session, key)
    held_back = user is not None and user.locked_until is not None and user.locked_until > now
    if user is None or not user.active or held_back:
        await passwords.burn_async(password)
        attempts.failed(key, now)
        raise InvalidCredentials
    if not await passwords.verify_async(user.password_hash, password):
        await _record_failure(session, user, policy, now)
        attempts.failed(key, now)
        raise InvalidCredentials
    await _record_success(session, user, passwords, password, now)
    attempts.succeeded(key)
    return await open_session(session, user, now, refresh_lifetime)


async def _record_failure(
    session: AsyncSession, user: User, policy: SignInPolicy, now: datetime
) -> None:
    user.failed_sign_in_count += 1
    delay = policy.delay_after(user.failed_sign_in_count)
    user.locked_until = now + delay if delay else None
    await session.flush()


async def _record_success(
    session: AsyncSession, user: User, passwords: Passwords, password: str, now: datetime
) -> None:
    user.failed_sign_in_count = 0
    user.locked_until = None
    user.signed_in_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash_async(password)
    await session.flush()


async def open_session(
    session: AsyncSession, user: User, now: datetime, refresh_lifetime: timedelta
) -> SignedIn:
    auth_session = AuthSession(user_id=user.id, created_at=now)
    repository.add(session, auth_session)
    await session.flush()
    token, expires_at = await _issue_refresh_token(session, auth_session.id, now, refresh_lifetime)
    grants = await repository.grants_of(session, user.id)
    viewer = viewer_of(user, auth_session.id, grants)
    return SignedIn(viewer, token, expires_at, user.password_change_required)


async def _issue_refresh_token(
    session: AsyncSession, session_id: int, now: datetime, lifetime: timedelta
) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
    expires_at = now + lifetime
    row = RefreshToken(
        session_id=session_id,
        token_hash=hash_refresh_token(token),
        issued_at=now,
        expires_at=expires_at,
    )
    repository.add(session, row)
    await session.flush()
    return token, expires_at


async def rotate_refresh_token(
    session: AsyncSession, token: str, *, now: datetime, refresh_lifetime: timedelta
) -> SignedIn:
    """Exchange a refresh token for a new one in the same session (grants re-read).

    Presenting an already-rotated token means two parties hold it: the session ends, so the
    thief's copy and the victim's current token both stop working.
    """
    row = await repository.refresh_token_for_update(session, hash_refresh_token(token))
    if row is None:
        raise InvalidRefreshToken
    # Locks: token, then its session (the same order as ``sign_out``).
    auth_session = await repository.auth_session_for_update(session, row.session_id)
    assert auth_session is not None, "refresh_tokens.session_id is a foreign key"
    if auth_session.ended_at is not None:
        raise InvalidRefreshToken
    if row.rotated_at is not None:
        await repository.end_auth_session(
            session, auth_session, SessionEnd.REFRESH_TOKEN_REUSED, now
        )
        raise RefreshTokenReused(auth_session.id)
    user = await repository.user_by_id(session, auth_session.user_id)
    if row.expires_at <= now or user is None or not user.active:
        raise InvalidRefreshToken
    await repository.mark_rotated(session, row.id, now)
    new_token, expires_at = await _issue_refresh_token(
        session, auth_session.id, now, refresh_lifetime
    )
    grants = await repository.grants_of(session, user.id)
    viewer = viewer_of(user, auth_session.id, grants)
    return SignedIn(viewer, new_token, expires_at, user.password_change_required)


async def sign_out(session: AsyncSession, token: str, *, now: datetime) -> int:
    """End the session a refresh token belongs to (idempotent); return the session id."""
    row = await repository.refresh_token_for_update(session, hash_refresh_token(token))
    if row is None:
        raise InvalidRefreshToken
    auth_session = await repository.auth_session_for_update(session, row.session_id)
    assert auth_session is not None, "refresh_tokens.session_id is a foreign key"
    await repository.end_auth_session(session, auth_session, SessionEnd.LOGOUT, now)
    return auth_session.id


async def revoke_sessions(session: AsyncSession, user_id: int, *, now: datetime) -> int:
    """End every live session of a user (deactivation, lost device); return how many.

    Their access tokens stop working at once: each request checks its session.
    """
    return await repository.end_live_sessions(session, user_id, SessionEnd.REVOKED, now)


async def session_is_live(session: AsyncSession, viewer: Viewer) -> bool:
    assert viewer.user_id is not None
    assert viewer.session_id is not None
    return await repository.session_is_live(
        session, viewer.session_id, viewer.user_id, viewer.grants_version
    )


async def open_request(
    session: AsyncSession, viewer: Viewer, *, row_security: bool, defer: bool = False
) -> bool:
    """Start a request's unit of work; return False if the viewer's sign-in session has ended.

    With ``row_security`` the request's transaction runs as the database's request role, scoped
    to the viewer (``row_security``); the liveness check rides on that same statement. With
    ``defer`` as well, both wait for the request's first statement (no round trip here): the
    caller must then ask ``deferred_session_live`` before answering or committing.
    """
    if row_security and (defer or not viewer.authenticated):
        enter_request_scope_on_begin(session, viewer)
        return True
    if row_security:
        return await enter_request_scope(session, viewer)
    return not viewer.authenticated or await session_is_live(session, viewer)
