"""The database's second wall: a request's transaction runs as ``grassroots_request``.

Migration 0009 puts row-level security policies on ``persons`` and ``households`` for that
role; they read transaction-local settings written here from the viewer's grants. The switch
and the settings are one statement, folded with the sign-in session's liveness check that an
authenticated request runs anyway, so the wall costs no extra round trip for signed-in users;
an anonymous request makes it as its transaction begins (one statement).
Work outside requests (migrations, CLI, background tasks) runs as the owner, which the
policies do not restrict.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    event,
    exists,
    false,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from governance.access.models import AuthSession, User
from governance.access.principal import Viewer
from governance.supermarkets.models import Supermarket

REQUEST_ROLE = "grassroots_request"


def _setting(name: str, value: ColumnElement[str] | str) -> ColumnElement[str]:
    return func.set_config(name, value, True)


def _live(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.user_id is None:
        return false()
    return exists().where(
        AuthSession.id == viewer.session_id,
        AuthSession.user_id == viewer.user_id,
        AuthSession.ended_at.is_(None),
        User.id == AuthSession.user_id,
        User.active.is_(True),
    )


def _served_regions(viewer: Viewer) -> ColumnElement[str]:
    """Regions of the viewer's supermarkets: a till reads the households they serve."""
    ids = [grant.supermarket_id for grant in viewer.grants if grant.supermarket_id is not None]
    return (
        select(func.coalesce(func.string_agg(Supermarket.region_code, ","), ""))
        .where(Supermarket.id == func.any(literal(ids, ARRAY(BIGINT))))
        .scalar_subquery()
    )


def _household(viewer: Viewer) -> str:
    households = [g.household_id for g in viewer.grants if g.household_id is not None]
    assert len(households) <= 1, "a resident belongs to one household"
    return str(households[0]) if households else ""


def _statement(viewer: Viewer) -> Select[str, str, str, str, bool]:
    return select(
        _setting("grassroots.scope_regions", ",".join(viewer.region_codes())),
        _setting("grassroots.scope_household", _household(viewer)),
        _setting("grassroots.scope_served_regions", _served_regions(viewer)),
        _setting("role", REQUEST_ROLE),
        _live(viewer).label("live"),
    )


async def enter_request_scope(session: AsyncSession, viewer: Viewer) -> bool:
    """Switch the transaction to the request role scoped to ``viewer``; return whether an
    authenticated viewer's session is still live (anonymous: False)."""
    row = (await session.execute(_statement(viewer))).one()
    return bool(row.live)


def enter_request_scope_on_begin(session: AsyncSession, viewer: Viewer) -> None:
    """The same switch, made when the session's transaction begins (requests that run no
    statement of their own first, e.g. anonymous ones; a failure then surfaces inside
    execution, where errors are masked)."""
    statement = _statement(viewer)

    def on_begin(
        _session: Session, _transaction: SessionTransaction, connection: Connection
    ) -> None:
        connection.execute(statement)

    event.listen(session.sync_session, "after_begin", on_begin)
