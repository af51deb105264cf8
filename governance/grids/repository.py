"""All SQL over grid assignments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import Role
from governance.access.scope import apply_region_scope
from governance.grids.models import GridAssignment, GridRole
from governance.regions.codes import under


@dataclass(frozen=True, slots=True)
class AssignmentFilter:
    under_region: str | None = None
    roles: tuple[GridRole, ...] = ()
    active_on: dt.date | None = None
    person_ids: tuple[int, ...] = ()


def active_on(day: dt.date) -> ColumnElement[bool]:
    return and_(
        GridAssignment.started_on <= day,
        or_(GridAssignment.ended_on.is_(None), GridAssignment.ended_on >= day),
    )


def assignment_conditions(assignment_filter: AssignmentFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if assignment_filter.under_region is not None:
        code = assignment_filter.under_region
        conditions.append(under(GridAssignment.region_code, code))
    if assignment_filter.roles:
        conditions.append(GridAssignment.role.in_(assignment_filter.roles))
    if assignment_filter.active_on is not None:
        conditions.append(active_on(assignment_filter.active_on))
    if assignment_filter.person_ids:
        conditions.append(GridAssignment.person_id.in_(assignment_filter.person_ids))
    return conditions


async def insert_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    if rows:
        await session.execute(insert(GridAssignment), list(rows))
    return len(rows)


async def any_assignment(session: AsyncSession) -> bool:
    return (await session.scalar(select(GridAssignment.id).limit(1))) is not None


async def active_duplicate(
    session: AsyncSession,
    grid_code: str,
    role: GridRole,
    day: dt.date,
    *,
    person_id: int | None,
    official: str | None = None,
) -> GridAssignment | None:
    """The holder's assignment to the grid in the same role still running on ``day`` (the
    holder: a person, or an official by name)."""
    held = (
        GridAssignment.person_id == person_id
        if person_id is not None
        else GridAssignment.official_name == official
    )
    statement = select(GridAssignment).where(
        GridAssignment.region_code == grid_code,
        held,
        GridAssignment.role == role,
        or_(GridAssignment.ended_on.is_(None), GridAssignment.ended_on >= day),
    )
    return (await session.execute(statement.limit(1))).scalar_one_or_none()


async def lock_by_id(
    session: AsyncSession, assignment_id: int, viewer: Viewer, roles: frozenset[Role]
) -> GridAssignment | None:
    """The assignment, locked, if ``viewer`` holds one of ``roles`` over its grid."""
    statement = select(GridAssignment).where(GridAssignment.id == assignment_id)
    statement = apply_region_scope(statement, GridAssignment.region_code, viewer, roles=roles)
    return (await session.execute(statement.with_for_update())).scalar_one_or_none()
