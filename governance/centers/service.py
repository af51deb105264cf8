"""Keeping governance centers and their staff: create, change and end, each recorded.

One function per change, taking a plain request (the API and the .xlsx imports both call these;
all validation is here). Who may: ``governance.records`` (administrators over the region).
A center's staff copy its region, so the same rule covers them. Ending a center ends the staff
still serving on the same day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.centers import repository
from governance.centers.models import (
    CENTER_NAME_LENGTH_MAX,
    CenterStaffMember,
    CenterStaffPosition,
    GovernanceCenter,
)
from governance.history.models import ChangeAction
from governance.history.service import apply_edit, check_version, locked, record_created
from governance.people.models import Person
from governance.records import (
    Ending,
    check_day,
    check_name,
    check_order,
    check_reason,
    end_record,
    kept_region,
)
from governance.refusals import Refusal, RefusalCode
from governance.regions.codes import RegionLevel
from governance.unique_rows import insert_unique

CENTER_ENTITY = "governance_center"
STAFF_ENTITY = "center_staff_member"
CENTER_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
CENTER_EXISTS = (
    RefusalCode.CENTER_EXISTS,
    "regionCode",
    "This region has its governance center already: change it instead.",
)


@dataclass(frozen=True, slots=True)
class CenterDraft:
    region_code: str
    name: str
    established_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CenterChange:
    """Fields left None stay as they are."""

    id: int
    expected_version: int
    name: str | None = None
    established_on: dt.date | None = None
    reason: str | None = None


async def create_center(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, draft: CenterDraft
) -> GovernanceCenter:
    """Open the center of a county, township or village (one each)."""
    await kept_region(
        session, viewer, draft.region_code, CENTER_LEVELS, "a county, township or village"
    )
    name = check_name(draft.name, CENTER_NAME_LENGTH_MAX)
    check_day(draft.established_on, "establishedOn", now)
    if await repository.center_of_region(session, draft.region_code) is not None:
        raise Refusal(*CENTER_EXISTS)
    row = GovernanceCenter(
        region_code=draft.region_code, name=name, established_on=draft.established_on
    )
    await insert_unique(session, [row], {"uq_governance_centers_region_code": CENTER_EXISTS})
    fields = {"region_code": row.region_code, "name": name, "established_on": row.established_on}
    await record_created(session, row, entity=CENTER_ENTITY, viewer=viewer, at=now, fields=fields)
    return row


async def _center(
    session: AsyncSession, viewer: Viewer, center_id: int, field: str
) -> GovernanceCenter:
    row = await locked(session, GovernanceCenter, center_id, viewer, ADMIN_ROLES)
    if row is None:
        raise Refusal(RefusalCode.CENTER_NOT_FOUND, field, "No governance center has this id.")
    return row


def _open(row: GovernanceCenter | CenterStaffMember, field: str) -> None:
    if row.ended_on is not None:
        raise Refusal(RefusalCode.ALREADY_ENDED, field, "This record has ended already.")


async def change_center(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, change: CenterChange
) -> GovernanceCenter:
    row = await _center(session, viewer, change.id, "centerId")
    check_version(row, change.expected_version)
    edits: dict[str, object] = {}
    if change.name is not None:
        edits["name"] = check_name(change.name, CENTER_NAME_LENGTH_MAX)
    if change.established_on is not None:
        check_day(change.established_on, "establishedOn", now)
        check_order(change.established_on, row.ended_on, "establishedOn")
        edits["established_on"] = change.established_on
    await apply_edit(
        session, row, edits, entity=CENTER_ENTITY, expected_version=change.expected_version,
        viewer=viewer, at=now, reason=check_reason(change.reason),
    )  # fmt: skip
    return row


async def end_center(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, ending: Ending
) -> GovernanceCenter:
    """Close the center on ``ending.ended_on``; its staff still serving end that day too."""
    row = await _center(session, viewer, ending.id, "centerId")
    await end_record(
        session, row, ending, entity=CENTER_ENTITY, id_field="centerId",
        started_on=row.established_on, viewer=viewer, now=now,
    )  # fmt: skip
    for member in await repository.serving_staff(session, row.id):
        staff_ending = Ending(member.id, member.version, ending.ended_on, "The center closed.")
        await end_record(
            session, member, staff_ending, entity=STAFF_ENTITY, id_field="centerId",
            started_on=member.started_on, viewer=viewer, now=now,
        )  # fmt: skip
    return row


@dataclass(frozen=True, slots=True)
class StaffAppointment:
    center_id: int
    person_id: int
    position: CenterStaffPosition
    started_on: dt.date


@dataclass(frozen=True, slots=True)
class StaffChange:
    """Fields left None stay as they are."""

    id: int
    expected_version: int
    position: CenterStaffPosition | None = None
    started_on: dt.date | None = None
    reason: str | None = None


async def appoint_staff(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: StaffAppointment
) -> CenterStaffMember:
    """A person starts in a position at an open center (one they may see)."""
    center = await _center(session, viewer, request.center_id, "centerId")
    _open(center, "centerId")
    check_day(request.started_on, "startedOn", now)
    if not await listing.by_values(session, Person.id, [request.person_id], viewer=viewer):
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person has this id.")
    serving = await repository.serving_staff(session, center.id, request.person_id)
    if any(member.position is request.position for member in serving):
        message = "This person already holds this position in this center."
        raise Refusal(RefusalCode.ALREADY_ASSIGNED, "position", message)
    row = CenterStaffMember(
        center_id=center.id,
        region_code=center.region_code,
        person_id=request.person_id,
        position=request.position,
        started_on=request.started_on,
    )
    session.add(row)
    await session.flush()
    fields = {
        "center_id": center.id,
        "person_id": row.person_id,
        "position": row.position,
        "started_on": row.started_on,
    }
    await record_created(session, row, entity=STAFF_ENTITY, viewer=viewer, at=now, fields=fields)
    return row


async def _staff_member(session: AsyncSession, viewer: Viewer, staff_id: int) -> CenterStaffMember:
    row = await locked(session, CenterStaffMember, staff_id, viewer, ADMIN_ROLES)
    if row is None:
        message = "No center staff member has this id."
        raise Refusal(RefusalCode.STAFF_MEMBER_NOT_FOUND, "staffMemberId", message)
    return row


async def change_staff(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, change: StaffChange
) -> CenterStaffMember:
    """Move a serving staff member to another position, or correct their first day."""
    row = await _staff_member(session, viewer, change.id)
    check_version(row, change.expected_version)
    _open(row, "staffMemberId")
    edits: dict[str, object] = {}
    if change.position is not None and change.position is not row.position:
        serving = await repository.serving_staff(session, row.center_id, row.person_id)
        if any(member.position is change.position for member in serving):
            message = "This person already holds this position in this center."
            raise Refusal(RefusalCode.ALREADY_ASSIGNED, "position", message)
        edits["position"] = change.position
    if change.started_on is not None:
        check_day(change.started_on, "startedOn", now)
        edits["started_on"] = change.started_on
    await apply_edit(
        session, row, edits, entity=STAFF_ENTITY, expected_version=change.expected_version,
        viewer=viewer, at=now, action=ChangeAction.CHANGED, reason=check_reason(change.reason),
    )  # fmt: skip
    return row


async def end_staff(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, ending: Ending
) -> CenterStaffMember:
    """The staff member's last day in the position."""
    row = await _staff_member(session, viewer, ending.id)
    return await end_record(
        session, row, ending, entity=STAFF_ENTITY, id_field="staffMemberId",
        started_on=row.started_on, viewer=viewer, now=now,
    )  # fmt: skip
