"""Awarding, correcting and withdrawing the designations of towns and villages.

A designation (文明村镇, 民主法治示范村, government-service proxy) counts for the plan
indicators from ``awarded_on`` up to the day before ``withdrawn_on``. A region holds a kind at
most once over any period. Plain requests (the GraphQL mutations and imports build the same
ones); every check is here. Who may: administrators over the region (``governance.editing``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.editing import (
    EDITOR_ROLES,
    Ending,
    check_end,
    check_not_ended,
    check_reason,
    region_to_write,
)
from governance.history.models import ChangeAction
from governance.history.service import apply_edit, locked, record_created
from governance.indicators import repository
from governance.indicators.models import AWARDED_BY_LENGTH_MAX, DesignationKind, RegionDesignation
from governance.refusals import Refusal, RefusalCode
from governance.regions.codes import RegionLevel
from governance.workflows.common import require_text

ENTITY = "region_designation"
DESIGNATED_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


@dataclass(frozen=True, slots=True)
class DesignationDraft:
    region_code: str
    kind: DesignationKind
    awarded_by: str
    awarded_on: dt.date


@dataclass(frozen=True, slots=True)
class DesignationEdit:
    """A correction of who awarded it and when (another region or kind is a new award)."""

    designation_id: int
    expected_version: int
    awarded_by: str
    awarded_on: dt.date


async def _check_no_overlap(
    session: AsyncSession, region_code: str, kind: DesignationKind, awarded_on: dt.date, own: int
) -> None:
    """Refuse a second award of ``kind`` overlapping ``[awarded_on, …)`` (open-ended)."""
    if await repository.overlapping_designation(session, region_code, kind, awarded_on, own):
        message = "The region holds this designation over that period already."
        raise Refusal(RefusalCode.DESIGNATION_IN_FORCE, "awardedOn", message)


async def award_designation(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, draft: DesignationDraft
) -> RegionDesignation:
    awarded_by = require_text(draft.awarded_by, "awardedBy", AWARDED_BY_LENGTH_MAX)
    region = await region_to_write(
        session, viewer, draft.region_code, DESIGNATED_LEVELS, "regionCode"
    )
    await _check_no_overlap(session, region.code, draft.kind, draft.awarded_on, own=0)
    designation = RegionDesignation(
        region_code=region.code, kind=draft.kind, awarded_by=awarded_by, awarded_on=draft.awarded_on
    )
    session.add(designation)
    await session.flush()
    fields = {
        "region_code": region.code,
        "kind": draft.kind,
        "awarded_by": awarded_by,
        "awarded_on": draft.awarded_on,
    }
    await record_created(session, designation, entity=ENTITY, viewer=viewer, at=at, fields=fields)
    return designation


async def _designation(
    session: AsyncSession, viewer: Viewer, designation_id: int
) -> RegionDesignation:
    designation = await locked(session, RegionDesignation, designation_id, viewer, EDITOR_ROLES)
    if designation is None:
        message = "No region designation within your regions has this id."
        raise Refusal(RefusalCode.DESIGNATION_NOT_FOUND, "designationId", message)
    return designation


async def change_designation(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, edit: DesignationEdit
) -> RegionDesignation:
    designation = await _designation(session, viewer, edit.designation_id)
    check_not_ended(designation.withdrawn_on, "designationId")
    awarded_by = require_text(edit.awarded_by, "awardedBy", AWARDED_BY_LENGTH_MAX)
    await _check_no_overlap(
        session, designation.region_code, designation.kind, edit.awarded_on, designation.id
    )
    edits = {"awarded_by": awarded_by, "awarded_on": edit.awarded_on}
    await apply_edit(
        session, designation, edits, entity=ENTITY, expected_version=edit.expected_version,
        viewer=viewer, at=at,
    )  # fmt: skip
    return designation


async def withdraw_designation(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, ending: Ending
) -> RegionDesignation:
    """Withdraw (撤销): from ``ended_on`` the designation no longer counts."""
    designation = await _designation(session, viewer, ending.row_id)
    check_not_ended(designation.withdrawn_on, "designationId")
    check_end(designation.awarded_on, ending.ended_on, "withdrawnOn")
    await apply_edit(
        session, designation, {"withdrawn_on": ending.ended_on}, entity=ENTITY,
        expected_version=ending.expected_version, viewer=viewer, at=at,
        action=ChangeAction.ENDED, reason=check_reason(ending.reason),
    )  # fmt: skip
    return designation
