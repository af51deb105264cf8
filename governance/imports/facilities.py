"""Service facilities (服务阵地): open them, correct their kind or opening day, or close them.

Keyed by region and name: a row naming an open facility of the region corrects what differs
(``changeServiceFacility``) and is left alone otherwise; a row with 关闭日期 closes it
(``endServiceFacility``). A facility closed on that same day is left alone, so the same file
imported twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.facilities import repository, service
from governance.facilities.models import FACILITY_NAME_LENGTH_MAX, FacilityKind, ServiceFacility
from governance.imports import cells
from governance.imports.runner import RowImporter, RowOutcome
from governance.imports.sheets import Column, Sheet
from governance.records import Ending, kept_region

KINDS = {
    "心理咨询室": FacilityKind.PSYCHOLOGICAL_COUNSELING_ROOM,
    "警务室": FacilityKind.POLICE_POST,
    "综合服务站": FacilityKind.COMPREHENSIVE_SERVICE_STATION,
    "便民服务点": FacilityKind.GOVERNMENT_SERVICE_POINT,
    "文化站": FacilityKind.CULTURAL_STATION,
    "文化广场": FacilityKind.CULTURAL_SQUARE,
    "图书室": FacilityKind.LIBRARY,
    "调解室": FacilityKind.MEDIATION_ROOM,
    "法庭": FacilityKind.COURT,
}

FACILITIES = Sheet(
    name="facilities",
    title="服务阵地",
    columns=(
        Column("region_code", "区划代码", "所在乡镇或村（社区）的统计代码", example="130826101001",
               text=True, field="regionCode"),
        Column("name", "名称", "同一区划内不重名", example="王家村心理咨询室"),
        Column("kind", "类型", "、".join(KINDS), example="心理咨询室"),
        Column("opened_on", "启用日期", "YYYY-MM-DD", required=False, field="openedOn"),
        Column("ended_on", "关闭日期", "停用的最后一天（YYYY-MM-DD）；在用的留空",
               required=False, field="endedOn"),
    ),
    notes=(
        "以区划代码和名称为准：没有的新建；已有的，类型或启用日期不同则更正，相同则不变；"
        "填了关闭日期的予以关闭。",
    ),
    keys=("region_code", "name"),
)  # fmt: skip


class FacilitiesImporter(RowImporter):
    sheet = FACILITIES

    async def apply_row(
        self, session: AsyncSession, viewer: Viewer, values: Mapping[str, Any], now: dt.datetime
    ) -> RowOutcome:
        draft = service.FacilityDraft(
            region_code=cells.text(values, "region_code", 15),
            kind=cells.choice(values, "kind", KINDS),
            name=cells.text(values, "name", FACILITY_NAME_LENGTH_MAX),
            opened_on=cells.optional_date(values, "opened_on"),
        )
        ended_on = cells.optional_date(values, "ended_on")
        await kept_region(
            session, viewer, draft.region_code, service.FACILITY_LEVELS, "a township or village"
        )
        named = await repository.facilities_named(session, draft.region_code, draft.name)
        if len(named) > 1:
            raise cells.CellProblem("name", "the region has several open facilities of this name")
        if not named:
            if ended_on is not None:
                return await _closed_already(session, draft, ended_on)
            await service.create_facility(session, viewer, now, draft)
            return RowOutcome.NEW
        facility = named[0]
        outcome = RowOutcome.UNCHANGED
        if draft.kind is not facility.kind or (
            draft.opened_on is not None and draft.opened_on != facility.opened_on
        ):
            change = service.FacilityChange(
                facility.id, facility.version, kind=draft.kind, opened_on=draft.opened_on
            )
            await service.change_facility(session, viewer, now, change)
            outcome = RowOutcome.CHANGED
        if ended_on is not None:
            ending = Ending(facility.id, facility.version, ended_on)
            await service.end_facility(session, viewer, now, ending)
            return RowOutcome.ENDED
        return outcome


async def _closed_already(
    session: AsyncSession, draft: service.FacilityDraft, ended_on: dt.date
) -> RowOutcome:
    """A closing row for a facility closed that very day (the file imported again)."""
    closed = await session.scalar(
        select(ServiceFacility.id).where(
            ServiceFacility.region_code == draft.region_code,
            ServiceFacility.name == draft.name,
            ServiceFacility.ended_on == ended_on,
        )
    )
    if closed is None:
        raise cells.CellProblem("ended_on", "no open facility of this name: there is none to close")
    return RowOutcome.UNCHANGED
