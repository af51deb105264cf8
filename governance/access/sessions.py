"""Sign-in sessions as their owners and administrators see them: listing one's own live
sessions, ending one of them, and an administrator ending every session of an account.

An ended session's access tokens stop working at the next request (each request checks its
session: ``repository.session_is_live``), and its refresh tokens no longer refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from governance.access.accounts import managed_user, not_own
from governance.access.models import AuthSession, RefreshToken, SessionEnd, User
from governance.access.principal import Viewer
from governance.refusals import Refusal, RefusalCode


@dataclass(frozen=True, slots=True)
class LiveSession:
    id: int
    created_at: datetime
    # When its latest refresh token was issued: at sign-in, then at each refresh.
    last_refreshed_at: datetime | None
    current: bool


async def own_live_sessions(session: AsyncSession, viewer: Viewer) -> list[LiveSession]:
    """The viewer's sessions not yet ended, newest first (none when anonymous)."""
    if viewer.user_id is None:
        return []
    statement = (
        select(AuthSession.id, AuthSession.created_at, func.max(RefreshToken.issued_at))
        .outerjoin(RefreshToken, RefreshToken.session_id == AuthSession.id)
        .where(AuthSession.user_id == viewer.user_id, AuthSession.ended_at.is_(None))
        .group_by(AuthSession.id)
        .order_by(AuthSession.created_at.desc(), AuthSession.id.desc())
    )
    return [
        LiveSession(id, created_at, refreshed, id == viewer.session_id)
        for id, created_at, refreshed in (await session.execute(statement)).all()
    ]


async def end_own_session(
    session: AsyncSession, viewer: Viewer, session_id: int, *, now: datetime
) -> LiveSession:
    """End one of the viewer's live sessions (the current one too: a sign-out). Another's
    session, or an ended one, reads as absent (SESSION_NOT_FOUND)."""
    row = await repository.auth_session_for_update(session, session_id)
    if row is None or row.user_id != viewer.user_id or row.ended_at is not None:
        raise Refusal(RefusalCode.SESSION_NOT_FOUND, "sessionId", "No such session of yours.")
    await repository.end_auth_session(session, row, SessionEnd.LOGOUT, now)
    return LiveSession(row.id, row.created_at, None, row.id == viewer.session_id)


async def end_user_sessions(
    session: AsyncSession, viewer: Viewer, username: str, *, now: datetime
) -> tuple[User, int]:
    """End every live session of an account in the administrator's scope (not their own);
    return the account and how many ended."""
    user = await managed_user(session, viewer, username)
    not_own(viewer, user)
    return user, await repository.end_live_sessions(session, user.id, SessionEnd.REVOKED, now)
