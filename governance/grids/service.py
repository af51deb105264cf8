"""Assigning people to grids (包联: who is in charge of which grid), changing an assignment
(hand it to another person, another role or other duties) and ending it, with history.
Refusals are typed errors, not crashes.

Who may: county, township and village admins, for grids in their region subtree
(``ADMIN_ROLES``). The person assigned must be one the caller may see. An assignment
outside the caller's authority is reported as not found, like one that does not exist.
Every write is versioned and recorded in ``record_history`` (entity ``grid_assignment``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.access.scope import Target, target_in_scope
from governance.editing import check_reason
from governance.grids import holders, repository
from governance.grids.models import GridAssignment, GridDuty, GridRole, VolunteerSource
from governance.history.models import ChangeAction
from governance.history.service import apply_edit, check_version, record_created
from governance.refusals import Refusal, RefusalCode
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel
from governance.regions.models import Region


@dataclass(frozen=True, slots=True)
class Assignment:
    """``person_id``, or for a township official's role ``official_name`` (``holders``)."""

    grid_code: str
    person_id: int | None
    role: GridRole
    volunteer_source: VolunteerSource | None
    duties: Sequence[GridDuty]
    started_on: dt.date
    official_name: str | None = None
    official_post: str | None = None


@dataclass(frozen=True, slots=True)
class AssignmentEdit:
    """The assignment as it should now be (every field): another person takes the grid over
    in the same assignment, so its history shows who was in charge when."""

    assignment_id: int
    expected_version: int
    person_id: int | None
    role: GridRole
    volunteer_source: VolunteerSource | None
    duties: Sequence[GridDuty]
    official_name: str | None = None
    official_post: str | None = None


ENTITY = "grid_assignment"


async def assign_worker(
    session: AsyncSession, viewer: Viewer, request: Assignment, at: dt.datetime
) -> GridAssignment:
    """Give a person (or a named official) responsibility for a grid (定格、定人、定责)."""
    _check_request(request)
    found = holders.holder(
        request.person_id, request.official_name, request.official_post, request.role
    )
    grid = await _grid(session, request.grid_code)
    if not target_in_scope(viewer, Target(grid.code), ADMIN_ROLES):
        message = "You may not assign workers to this grid."
        raise Refusal(RefusalCode.FORBIDDEN, "gridCode", message)
    await holders.check_holder(
        session, viewer, grid_code=grid.code, found=found, role=request.role,
        day=request.started_on, own=None,
    )  # fmt: skip
    assignment = GridAssignment(
        region_code=grid.code,
        person_id=found.person_id,
        official_name=found.official_name,
        official_post=found.official_post,
        role=request.role,
        volunteer_source=request.volunteer_source,
        duties=[duty.value for duty in dict.fromkeys(request.duties)],
        started_on=request.started_on,
    )
    session.add(assignment)
    await session.flush()
    fields = {
        "region_code": grid.code,
        "person_id": found.person_id,
        "official_name": found.official_name,
        "official_post": found.official_post,
        "role": request.role,
        "volunteer_source": request.volunteer_source,
        "duties": assignment.duties,
        "started_on": request.started_on,
    }
    await record_created(session, assignment, entity=ENTITY, viewer=viewer, at=at, fields=fields)
    return assignment


def _check_request(request: Assignment | AssignmentEdit) -> None:
    is_volunteer = request.role is GridRole.VOLUNTEER
    if is_volunteer and request.volunteer_source is None:
        message = "Volunteers must say where they are drawn from."
        raise Refusal(RefusalCode.VOLUNTEER_SOURCE_REQUIRED, "volunteerSource", message)
    if not is_volunteer and request.volunteer_source is not None:
        message = "Only volunteers have a volunteer source."
        raise Refusal(RefusalCode.VOLUNTEER_SOURCE_NOT_ALLOWED, "volunteerSource", message)
    if not request.duties:
        raise Refusal(RefusalCode.DUTIES_REQUIRED, "duties", "Name at least one duty.")


async def _grid(session: AsyncSession, code: str) -> Region:
    regions = await _regions_by_code(session, code)
    if regions is None:
        raise Refusal(RefusalCode.GRID_NOT_FOUND, "gridCode", "No region has this code.")
    if regions.level is not RegionLevel.GRID:
        raise Refusal(RefusalCode.NOT_A_GRID, "gridCode", "Workers are assigned to grids only.")
    return regions


async def _regions_by_code(session: AsyncSession, code: str) -> Region | None:
    found = await regions_repository.by_codes(session, [code])
    return found[0] if found else None


async def _locked(session: AsyncSession, viewer: Viewer, assignment_id: int) -> GridAssignment:
    assignment = await repository.lock_by_id(session, assignment_id, viewer, ADMIN_ROLES)
    if assignment is None:
        raise Refusal(
            RefusalCode.ASSIGNMENT_NOT_FOUND, "assignmentId", "No assignment has this id."
        )
    return assignment


async def change_assignment(
    session: AsyncSession, viewer: Viewer, edit: AssignmentEdit, at: dt.datetime
) -> GridAssignment:
    """Hand a running assignment to another person, or change its role or duties."""
    assignment = await _locked(session, viewer, edit.assignment_id)
    if assignment.ended_on is not None:
        raise Refusal(
            RefusalCode.ALREADY_ENDED, "assignmentId", "This assignment has already ended."
        )
    check_version(assignment, edit.expected_version)
    _check_request(edit)
    found = holders.holder(edit.person_id, edit.official_name, edit.official_post, edit.role)
    await holders.check_holder(
        session, viewer, grid_code=assignment.region_code, found=found, role=edit.role,
        day=assignment.started_on, own=assignment.id,
    )  # fmt: skip
    edits = {
        "person_id": found.person_id,
        "official_name": found.official_name,
        "official_post": found.official_post,
        "role": edit.role,
        "volunteer_source": edit.volunteer_source,
        "duties": [duty.value for duty in dict.fromkeys(edit.duties)],
    }
    await apply_edit(
        session, assignment, edits, entity=ENTITY, expected_version=edit.expected_version,
        viewer=viewer, at=at,
    )  # fmt: skip
    return assignment


async def end_assignment(
    session: AsyncSession,
    viewer: Viewer,
    assignment_id: int,
    ended_on: dt.date,
    *,
    expected_version: int,
    at: dt.datetime,
    reason: str | None = None,
) -> GridAssignment:
    """Record the last day of an assignment (the row is kept: history matters)."""
    assignment = await _locked(session, viewer, assignment_id)
    if assignment.ended_on is not None:
        raise Refusal(
            RefusalCode.ALREADY_ENDED, "assignmentId", "This assignment has already ended."
        )
    if ended_on < assignment.started_on:
        raise Refusal(
            RefusalCode.ENDS_BEFORE_START, "endedOn", "An assignment cannot end before it starts."
        )
    await apply_edit(
        session, assignment, {"ended_on": ended_on}, entity=ENTITY,
        expected_version=expected_version, viewer=viewer, at=at, action=ChangeAction.ENDED,
        reason=check_reason(reason),
    )  # fmt: skip
    return assignment
