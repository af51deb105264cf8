"""All SQL of access control."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, text, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import (
    AuthSession,
    PersonalDataAccess,
    RefreshToken,
    RoleGrant,
    SessionEnd,
    User,
)
from kit.driver import driver_connection

# actor_user_id, operation, operation_name, target_ids, outcome, request_id, client_address
AuditRow = tuple[Any, ...]


async def user_by_username_for_update(session: AsyncSession, username: str) -> User | None:
    """The user row, locked: concurrent sign-ins for one account count failures one at a time."""
    statement = select(User).where(User.username == username).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def user_by_id(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def user_by_id_for_update(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id, with_for_update=True)


async def user_by_username(session: AsyncSession, username: str) -> User | None:
    statement = select(User).where(User.username == username)
    return (await session.execute(statement)).scalar_one_or_none()


async def grants_of(session: AsyncSession, user_id: int) -> list[RoleGrant]:
    statement = select(RoleGrant).where(RoleGrant.user_id == user_id).order_by(RoleGrant.id)
    return list((await session.execute(statement)).scalars())


def add(session: AsyncSession, *rows: object) -> None:
    session.add_all(rows)


async def refresh_token_for_update(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    statement = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def auth_session_for_update(session: AsyncSession, session_id: int) -> AuthSession | None:
    statement = select(AuthSession).where(AuthSession.id == session_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def end_auth_session(
    session: AsyncSession, auth_session: AuthSession, reason: SessionEnd, now: datetime
) -> None:
    if auth_session.ended_at is None:
        auth_session.ended_at = now
        auth_session.end_reason = reason
        await session.flush()


def live_session_exists(session_id: str, user_id: str, grants_version: str) -> str:
    """The one definition of a live sign-in session, as an SQL ``EXISTS`` over the given
    parameter placeholders (also folded into the row-security switch): open, its user active,
    and the user's grants unchanged since the access token was issued (a role change reaches
    existing tokens at once, at the cost of one column compared on a row already read)."""
    return f"""EXISTS (
        SELECT 1 FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = {session_id} AND s.user_id = {user_id} AND s.ended_at IS NULL AND u.active
            AND u.grants_version = {grants_version}
    )"""


# Every authenticated request asks this: plain SQL on the driver (see ``kit.driver``).
LIVE_SESSION_SQL = f"SELECT {live_session_exists('$1', '$2', '$3')}"


async def session_is_live(
    session: AsyncSession, session_id: int, user_id: int, grants_version: int
) -> bool:
    """Whether a sign-in session is open, its user still active and their grants as the token
    says (one indexed lookup)."""
    connection = await driver_connection(session, begin=False)
    return bool(await connection.fetchval(LIVE_SESSION_SQL, session_id, user_id, grants_version))


async def end_live_sessions(
    session: AsyncSession,
    user_id: int,
    reason: SessionEnd,
    now: datetime,
    *,
    keep: int | None = None,
) -> int:
    """End every live session of ``user_id`` but ``keep``; return how many ended."""
    statement = (
        update(AuthSession)
        .where(
            AuthSession.user_id == user_id,
            AuthSession.ended_at.is_(None),
            AuthSession.id != keep if keep is not None else true(),
        )
        .values(ended_at=now, end_reason=reason)
        .returning(AuthSession.id)
    )
    return len((await session.execute(statement)).all())


async def mark_rotated(session: AsyncSession, token_id: int, now: datetime) -> None:
    statement = update(RefreshToken).where(RefreshToken.id == token_id).values(rotated_at=now)
    await session.execute(statement)


# Written by every mutation request: plain SQL on the driver (see ``kit.driver``).
AUDIT_INSERT_SQL = """
INSERT INTO audit_log
    (actor_user_id, operation, operation_name, target_ids, outcome, request_id, client_address)
VALUES ($1, $2, $3, $4, $5, $6, $7)
"""


async def insert_audit_entries(session: AsyncSession, entries: Sequence[AuditRow]) -> None:
    connection = await driver_connection(session)
    if len(entries) == 1:  # the usual case; executemany's pipeline costs more than it saves
        await connection.execute(AUDIT_INSERT_SQL, *entries[0])
    else:
        await connection.executemany(AUDIT_INSERT_SQL, entries)


async def insert_personal_data_accesses(
    session: AsyncSession, rows: Sequence[PersonalDataAccess]
) -> None:
    """Flushed together: SQLAlchemy batches them into one multi-row INSERT."""
    session.add_all(rows)
    await session.flush()


async def prune_logs_before(session: AsyncSession, cutoff: datetime) -> dict[str, int]:
    """The database's one deletion path for the append-only logs (migration 0009)."""
    rows = await session.execute(
        text("SELECT table_name, deleted_rows FROM prune_append_only_logs(:cutoff)"),
        {"cutoff": cutoff},
    )
    return {str(name): int(count) for name, count in rows.all()}
