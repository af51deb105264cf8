"""Keeping service facilities: open (create), change and close (end), each recorded.

One function per change, taking a plain request (the API and the .xlsx imports both call these;
all validation is here). Who may: ``governance.records``. A closed facility is kept, and the
plan's indicators count it up to its last day only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.facilities.models import FACILITY_NAME_LENGTH_MAX, FacilityKind, ServiceFacility
from governance.history.service import apply_edit, check_version, locked, record_created
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

FACILITY_ENTITY = "service_facility"
FACILITY_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


@dataclass(frozen=True, slots=True)
class FacilityDraft:
    region_code: str
    kind: FacilityKind
    name: str
    opened_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class FacilityChange:
    """Fields left None stay as they are."""

    id: int
    expected_version: int
    kind: FacilityKind | None = None
    name: str | None = None
    opened_on: dt.date | None = None
    reason: str | None = None


async def create_facility(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, draft: FacilityDraft
) -> ServiceFacility:
    await kept_region(session, viewer, draft.region_code, FACILITY_LEVELS, "a township or village")
    name = check_name(draft.name, FACILITY_NAME_LENGTH_MAX)
    check_day(draft.opened_on, "openedOn", now)
    row = ServiceFacility(
        region_code=draft.region_code, kind=draft.kind, name=name, opened_on=draft.opened_on
    )
    session.add(row)
    await session.flush()
    fields = {
        "region_code": row.region_code,
        "kind": row.kind,
        "name": name,
        "opened_on": row.opened_on,
    }
    await record_created(session, row, entity=FACILITY_ENTITY, viewer=viewer, at=now, fields=fields)
    return row


async def _facility(session: AsyncSession, viewer: Viewer, facility_id: int) -> ServiceFacility:
    row = await locked(session, ServiceFacility, facility_id, viewer, ADMIN_ROLES)
    if row is None:
        message = "No service facility has this id."
        raise Refusal(RefusalCode.FACILITY_NOT_FOUND, "facilityId", message)
    return row


async def change_facility(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, change: FacilityChange
) -> ServiceFacility:
    """Correct an open facility's kind, name or opening day."""
    row = await _facility(session, viewer, change.id)
    check_version(row, change.expected_version)
    if row.ended_on is not None:
        raise Refusal(RefusalCode.ALREADY_ENDED, "facilityId", "This facility has closed.")
    edits: dict[str, object] = {}
    if change.kind is not None:
        edits["kind"] = change.kind
    if change.name is not None:
        edits["name"] = check_name(change.name, FACILITY_NAME_LENGTH_MAX)
    if change.opened_on is not None:
        check_day(change.opened_on, "openedOn", now)
        check_order(change.opened_on, row.ended_on, "openedOn")
        edits["opened_on"] = change.opened_on
    await apply_edit(
        session, row, edits, entity=FACILITY_ENTITY, expected_version=change.expected_version,
        viewer=viewer, at=now, reason=check_reason(change.reason),
    )  # fmt: skip
    return row


async def end_facility(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, ending: Ending
) -> ServiceFacility:
    """Close the facility: ``ending.ended_on`` is its last day open."""
    row = await _facility(session, viewer, ending.id)
    return await end_record(
        session, row, ending, entity=FACILITY_ENTITY, id_field="facilityId",
        started_on=row.opened_on, viewer=viewer, now=now,
    )  # fmt: skip
