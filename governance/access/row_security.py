"""The database's second wall: a request's transaction runs as ``grassroots_request``.

Migration 0009 puts row-level security policies on ``persons`` and ``households`` for that
role; they read transaction-local settings written here from the viewer's grants. The switch
and the settings are one statement, folded with the sign-in session's liveness check that an
authenticated request runs anyway, so the wall costs no extra statement for signed-in users
(only the BEGIN that transaction-local settings need); an anonymous request makes it as its
transaction begins.

A signed-in GraphQL request on the primary defers it too (``enter_request_scope_on_begin``):
the switch and the session check are made with the request's first statement, either as its
transaction begins or, for a read that folds them into its own single statement (a resident's
balance, ``fetch_folded``), on a pooled connection of its own with no BEGIN or COMMIT at all.
``deferred_session_live`` then says whether the session was live, asking with one statement
if no statement did.

Work outside requests (migrations, CLI, background tasks) runs as the owner, which the
policies do not restrict.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from governance.access.principal import Viewer
from governance.access.repository import LIVE_SESSION_SQL, live_session_exists
from kit.driver import driver_connection, fetch_outside_transaction, run_in_transaction_sync

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
# Whether a deferred signed-in scope found the session live: absent until a statement said.
_LIVE_KEY = "grassroots.session_live"
# What a folded read raises when the sign-in session has ended (migration 0026).
SESSION_ENDED_SQLSTATE = "GR401"


class SessionEnded(Exception):
    """The viewer's sign-in session ended (found by a deferred scope switch): refuse the
    request as unauthenticated, and write nothing."""


def folds(session: AsyncSession, viewer: Viewer) -> bool:
    """Whether a read may fold the session check and the switch into its own statement: the
    signed-in viewer's scope is deferred and no transaction has begun."""
    return (
        viewer.authenticated
        and session.info.get(_SCOPE_KEY) is not None
        and not session.in_transaction()
    )


async def fetch_folded(session: AsyncSession, sql: str, *args: Any) -> list[Any]:
    """Rows of ``sql``, a call of a function that checks the session (raising
    ``SESSION_ENDED_SQLSTATE``) and enters the scope itself before reading: one statement,
    its own transaction, on a pooled connection (only when ``folds``)."""
    assert session.bind is not None, "request sessions are bound to their engine"
    try:
        rows = await fetch_outside_transaction(session.bind, sql, *args)  # type: ignore[arg-type]
    except asyncpg.PostgresError as error:
        if error.sqlstate == SESSION_ENDED_SQLSTATE:
            session.info[_LIVE_KEY] = False
            raise SessionEnded from None
        raise
    session.info[_LIVE_KEY] = True
    return rows


async def deferred_session_live(session: AsyncSession, viewer: Viewer) -> bool:
    """After a deferred request's work: whether the viewer's session was live, asked with one
    statement outside any transaction when no statement of the request checked it."""
    live = session.info.get(_LIVE_KEY)
    if live is None:
        assert session.bind is not None, "request sessions are bound to their engine"
        arguments = (viewer.session_id, viewer.user_id, viewer.grants_version)
        rows = await fetch_outside_transaction(session.bind, LIVE_SESSION_SQL, *arguments)  # type: ignore[arg-type]
        live = session.info[_LIVE_KEY] = bool(rows[0][0])
    return bool(live)


def enter_request_scope_on_begin(session: AsyncSession, viewer: Viewer) -> None:
    """The same switch, made when the session's transaction begins, or by a read that folds it
    (``fetch_folded``); for a signed-in viewer with the session check, a session found ended
    raising ``SessionEnded``. For anonymous requests, most of which never touch the database,
    and signed-in GraphQL requests on the primary (a failure then surfaces inside execution,
    where errors are masked; ``deferred_session_live`` tells the view the session's fate)."""
    session.info[_SCOPE_KEY] = _arguments(viewer)


@event.listens_for(Session, "after_begin")
def _enter_scope_at_begin(
    session: Session, _transaction: SessionTransaction, connection: Connection
) -> None:
    # One listener for all sessions (listening per session costs more than the request).
    arguments = session.info.get(_SCOPE_KEY)
    if arguments is not None:
        row = run_in_transaction_sync(
            connection, lambda driver: driver.fetchrow(ENTER_SCOPE_SQL, *arguments)
        )
        if arguments[3] is not None:  # a signed-in viewer's sign-in session
            live = session.info[_LIVE_KEY] = bool(row["live"])
            if not live:
                raise SessionEnded
