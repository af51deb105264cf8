"""The database's second wall: a request's transaction runs as ``grassroots_request``.

Migration 0009 puts row-level security policies on ``persons`` and ``households`` for that
role; they read transaction-local settings written here from the viewer's grants. The switch
and the settings are one statement, folded with the sign-in session's liveness check that an
authenticated request runs anyway, so the wall costs no extra statement for signed-in users
(only the BEGIN that transaction-local settings need); an anonymous request makes it as its
transaction begins.
Work outside requests (migrations, CLI, background tasks) runs as the owner, which the
policies do not restrict.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from governance.access.principal import Viewer
from governance.access.repository import live_session_exists
from kit.driver import driver_connection, run_in_transaction_sync

REQUEST_ROLE = "grassroots_request"

# $1 region roots, $2 a resident's household, $3 the till's supermarkets, $4/$5/$6 the session
# (id, user, grants version).
# Privileges are checked when the statement starts, before the role switch takes effect.
ENTER_SCOPE_SQL = f"""
SELECT
    set_config('grassroots.scope_regions', $1, true),
    set_config('grassroots.scope_household', $2, true),
    set_config('grassroots.scope_served_regions', (
        SELECT coalesce(string_agg(region_code, ','), '') FROM supermarkets
        WHERE id = ANY(CAST($3 AS bigint[]))
    ), true),
    set_config('role', '{REQUEST_ROLE}', true),
    {live_session_exists("$4", "$5", "$6")} AS live
"""


def _arguments(viewer: Viewer) -> tuple[Any, ...]:
    households = [g.household_id for g in viewer.grants if g.household_id is not None]
    assert len(households) <= 1, "a resident belongs to one household"
    supermarkets = [g.supermarket_id for g in viewer.grants if g.supermarket_id is not None]
    return (
        ",".join(viewer.region_codes()),
        str(households[0]) if households else "",
        supermarkets,
        viewer.session_id,
        viewer.user_id,
        viewer.grants_version,
    )


async def enter_request_scope(session: AsyncSession, viewer: Viewer) -> bool:
    """Begin the session's transaction as the request role scoped to ``viewer``; return
    whether an authenticated viewer's sign-in session is still live (anonymous: False)."""
    connection = await driver_connection(session)
    live = (await connection.fetchrow(ENTER_SCOPE_SQL, *_arguments(viewer)))["live"]
    return bool(live)


_SCOPE_KEY = "grassroots.request_scope"


def enter_request_scope_on_begin(session: AsyncSession, viewer: Viewer) -> None:
    """The same switch, made when the session's transaction begins (for anonymous requests,
    most of which never touch the database; a failure then surfaces inside execution, where
    errors are masked)."""
    session.info[_SCOPE_KEY] = _arguments(viewer)


@event.listens_for(Session, "after_begin")
def _enter_scope_at_begin(
    session: Session, _transaction: SessionTransaction, connection: Connection
) -> None:
    # One listener for all sessions (listening per session costs more than the request).
    arguments = session.info.get(_SCOPE_KEY)
    if arguments is not None:
        run_in_transaction_sync(
            connection, lambda driver: driver.fetchrow(ENTER_SCOPE_SQL, *arguments)
        )
