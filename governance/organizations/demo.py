"""Demo social organizations: around the plan's targets (communities 10, villages 5)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.organizations.models import (
    OrganizationKind,
    OrganizationStatus,
    SocialOrganization,
)
from governance.regions.codes import ancestors
from governance.regions.divisions import short_name
from governance.regions.models import Region, RegionKind

ORGANIZATIONS_PER_COMMUNITY = (6, 12)
ORGANIZATIONS_PER_VILLAGE = (2, 6)
# Dissolved demo organizations lasted a year (no draw: the random sequence stays as it was).
DISSOLVED_AFTER = dt.timedelta(days=365)
STATUS_WEIGHTS = {
    OrganizationStatus.ACTIVE: 70,
    OrganizationStatus.INCUBATING: 20,
    OrganizationStatus.SUSPENDED: 7,
    OrganizationStatus.DISSOLVED: 3,
}
NAMES = {
    OrganizationKind.VOLUNTEER_SERVICE: "志愿服务队",
    OrganizationKind.ELDERLY_CARE: "互助养老协会",
    OrganizationKind.CULTURE_AND_SPORTS: "文体协会",
    OrganizationKind.CHARITY: "爱心公益会",
    OrganizationKind.MUTUAL_AID: "邻里互助会",
    OrganizationKind.PUBLIC_SAFETY: "平安巡逻队",
    OrganizationKind.PROFESSIONAL_COOPERATIVE: "专业合作社",
    OrganizationKind.OWNERS_COMMITTEE: "业主委员会",
}


async def load_organizations(
    session: AsyncSession, villages: Sequence[Region], rng: random.Random
) -> int:
    if await listing.any_row(session, SocialOrganization):
        return 0
    rows: list[dict[str, Any]] = []
    for village in villages:
        low, high = (
            ORGANIZATIONS_PER_COMMUNITY
            if village.kind is RegionKind.COMMUNITY
            else ORGANIZATIONS_PER_VILLAGE
        )
        rows += [_organization(village, rng, n) for n in range(1, rng.randint(low, high) + 1)]
    return await listing.insert_rows(session, SocialOrganization, rows)


def _organization(village: Region, rng: random.Random, number: int) -> dict[str, Any]:
    kind = rng.choice(list(OrganizationKind))
    short = short_name(village.name)
    incubator = rng.choice((*ancestors(village.code), None))
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    founded_on = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
    dissolved = status is OrganizationStatus.DISSOLVED
    return {
        "name": f"{short}{NAMES[kind]}" + (f"({number})" if number > 1 else ""),
        "kind": kind,
        "region_code": village.code,
        "incubator_region_code": incubator,
        "status": status,
        "founded_on": founded_on,
        "ended_on": founded_on + DISSOLVED_AFTER if dissolved else None,
    }
