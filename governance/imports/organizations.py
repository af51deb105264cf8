"""Social organizations (社会组织): register them, correct them, or dissolve them.

Keyed by village and name: a row naming an organization of the village not dissolved sets its
kind, status, incubation base and founding day as written (``changeSocialOrganization``) when
any differs, and leaves it alone otherwise; a row with 注销日期 dissolves it. An organization
dissolved on that same day is left alone, so the same file imported twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.imports import cells
from governance.imports.runner import RowImporter, RowOutcome
from governance.imports.sheets import Column, Sheet
from governance.organizations import repository, service
from governance.organizations.models import (
    ORGANIZATION_NAME_LENGTH_MAX,
    OrganizationKind,
    OrganizationStatus,
    SocialOrganization,
)
from governance.records import Ending, kept_region
from governance.regions.codes import RegionLevel

KINDS = {
    "志愿服务": OrganizationKind.VOLUNTEER_SERVICE,
    "养老服务": OrganizationKind.ELDERLY_CARE,
    "文体": OrganizationKind.CULTURE_AND_SPORTS,
    "慈善": OrganizationKind.CHARITY,
    "互助": OrganizationKind.MUTUAL_AID,
    "平安建设": OrganizationKind.PUBLIC_SAFETY,
    "专业合作社": OrganizationKind.PROFESSIONAL_COOPERATIVE,
    "业主委员会": OrganizationKind.OWNERS_COMMITTEE,
}
STATUSES = {
    "孵化中": OrganizationStatus.INCUBATING,
    "已登记": OrganizationStatus.ACTIVE,
    "暂停活动": OrganizationStatus.SUSPENDED,
}

ORGANIZATIONS = Sheet(
    name="organizations",
    title="社会组织",
    columns=(
        Column("village_code", "村代码", "12 位村（社区）统计代码", example="130826101001",
               text=True, field="villageCode"),
        Column("name", "名称", "同一村内不重名", example="王家村志愿服务队"),
        Column("kind", "类型", "、".join(KINDS), example="志愿服务"),
        Column("status", "状态", "、".join(STATUSES) + "；留空为已登记", required=False),
        Column("incubator_region_code", "孵化基地代码", "孵化它的县或乡镇的代码；未孵化的留空",
               required=False, text=True, field="incubatorRegionCode"),
        Column("founded_on", "成立日期", "YYYY-MM-DD", required=False, field="foundedOn"),
        Column("ended_on", "注销日期", "注销的日期（YYYY-MM-DD）；未注销的留空",
               required=False, field="endedOn"),
    ),
    notes=(
        "以村代码和名称为准：没有的新登记；已有的，类型、状态、孵化基地或成立日期不同则按表更正，"
        "相同则不变；填了注销日期的予以注销。",
    ),
    keys=("village_code", "name"),
)  # fmt: skip


class OrganizationsImporter(RowImporter):
    sheet = ORGANIZATIONS

    async def apply_row(
        self, session: AsyncSession, viewer: Viewer, values: Mapping[str, Any], now: dt.datetime
    ) -> RowOutcome:
        status = (
            cells.choice(values, "status", STATUSES)
            if "status" in values
            else OrganizationStatus.ACTIVE
        )
        draft = service.OrganizationDraft(
            village_code=cells.text(values, "village_code", 12),
            name=cells.text(values, "name", ORGANIZATION_NAME_LENGTH_MAX),
            kind=cells.choice(values, "kind", KINDS),
            status=status,
            incubator_region_code=cells.optional_text(values, "incubator_region_code", 12),
            founded_on=cells.optional_date(values, "founded_on"),
        )
        ended_on = cells.optional_date(values, "ended_on")
        levels = (RegionLevel.VILLAGE,)
        await kept_region(
            session, viewer, draft.village_code, levels, "a village", field="villageCode"
        )
        found = await repository.by_name(session, draft.village_code, draft.name)
        if found is None:
            if ended_on is not None:
                return await _dissolved_already(session, draft, ended_on)
            await service.register_organization(session, viewer, now, draft)
            return RowOutcome.NEW
        outcome = RowOutcome.UNCHANGED
        written = (draft.kind, draft.status, draft.incubator_region_code, draft.founded_on)
        kept = (found.kind, found.status, found.incubator_region_code, found.founded_on)
        if written != kept:
            edit = service.OrganizationEdit(
                organization_id=found.id, expected_version=found.version, name=draft.name,
                kind=draft.kind, status=draft.status,
                incubator_region_code=draft.incubator_region_code, founded_on=draft.founded_on,
            )  # fmt: skip
            await service.change_organization(session, viewer, now, edit)
            outcome = RowOutcome.CHANGED
        if ended_on is not None:
            ending = Ending(found.id, found.version, ended_on)
            await service.dissolve_organization(session, viewer, now, ending)
            return RowOutcome.ENDED
        return outcome


async def _dissolved_already(
    session: AsyncSession, draft: service.OrganizationDraft, ended_on: dt.date
) -> RowOutcome:
    """A dissolving row for an organization dissolved that very day (the file imported again)."""
    dissolved = await session.scalar(
        select(SocialOrganization.id).where(
            SocialOrganization.region_code == draft.village_code,
            SocialOrganization.name == draft.name,
            SocialOrganization.ended_on == ended_on,
        )
    )
    if dissolved is None:
        reason = "no organization of this name in the village: there is none to dissolve"
        raise cells.CellProblem("ended_on", reason)
    return RowOutcome.UNCHANGED
