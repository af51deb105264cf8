"""Governance centers (综治中心): one per county, township or village; open, correct or close.

Keyed by region code: a row for a region without a center opens one (``createGovernanceCenter``);
for a region with one, a different name or founding day corrects it, and 撤销日期 closes it (its
staff still serving end that day). A center closed on that same day is left alone, so the same
file imported twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.centers import repository, service
from governance.centers.models import CENTER_NAME_LENGTH_MAX
from governance.imports import cells
from governance.imports.runner import RowImporter, RowOutcome
from governance.imports.sheets import Column, Sheet
from governance.records import Ending, kept_region

CENTERS = Sheet(
    name="centers",
    title="综治中心",
    columns=(
        Column("region_code", "区划代码", "县、乡镇或村（社区）的统计代码；每个区划一个中心",
               example="130826101", text=True, field="regionCode"),
        Column("name", "名称", "", example="王家镇综治中心"),
        Column("established_on", "成立日期", "YYYY-MM-DD", required=False,
               field="establishedOn"),
        Column("ended_on", "撤销日期", "撤销前的最后一天（YYYY-MM-DD）；在用的留空",
               required=False, field="endedOn"),
    ),
    notes=(
        "以区划代码为准：没有中心的区划新建；已有的，名称或成立日期不同则更正，相同则不变；"
        "填了撤销日期的予以撤销，其在岗人员同日离岗。",
    ),
    keys=("region_code",),
)  # fmt: skip


class CentersImporter(RowImporter):
    sheet = CENTERS

    async def apply_row(
        self, session: AsyncSession, viewer: Viewer, values: Mapping[str, Any], now: dt.datetime
    ) -> RowOutcome:
        draft = service.CenterDraft(
            region_code=cells.text(values, "region_code", 15),
            name=cells.text(values, "name", CENTER_NAME_LENGTH_MAX),
            established_on=cells.optional_date(values, "established_on"),
        )
        ended_on = cells.optional_date(values, "ended_on")
        await kept_region(
            session, viewer, draft.region_code, service.CENTER_LEVELS,
            "a county, township or village",
        )  # fmt: skip
        center = await repository.center_of_region(session, draft.region_code)
        if center is None:
            if ended_on is not None:
                raise cells.CellProblem(
                    "ended_on", "the region has no center: there is none to close"
                )
            await service.create_center(session, viewer, now, draft)
            return RowOutcome.NEW
        if center.ended_on is not None:
            if ended_on == center.ended_on:
                return RowOutcome.UNCHANGED
            raise cells.CellProblem("ended_on", f"the region's center closed on {center.ended_on}")
        outcome = RowOutcome.UNCHANGED
        if draft.name != center.name or (
            draft.established_on is not None and draft.established_on != center.established_on
        ):
            change = service.CenterChange(
                center.id, center.version, name=draft.name, established_on=draft.established_on
            )
            await service.change_center(session, viewer, now, change)
            outcome = RowOutcome.CHANGED
        if ended_on is not None:
            await service.end_center(
                session, viewer, now, Ending(center.id, center.version, ended_on)
            )
            return RowOutcome.ENDED
        return outcome
