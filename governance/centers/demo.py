"""Demo governance centers: the county, every township, and most villages, with staff."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.centers.models import CenterStaffMember, CenterStaffPosition, GovernanceCenter
from governance.demo_people import Pool
from governance.regions.codes import RegionLevel
from governance.regions.divisions import short_name
from governance.regions.models import Region

VILLAGE_CENTER_SHARE = 0.6
TOWNSHIP_POSITIONS = (
    CenterStaffPosition.DIRECTOR,
    CenterStaffPosition.POLITICAL_LEGAL,
    CenterStaffPosition.PETITION,
    CenterStaffPosition.MEDIATION,
    CenterStaffPosition.GRID_MANAGEMENT,
)
VILLAGE_POSITIONS = (CenterStaffPosition.DIRECTOR, CenterStaffPosition.GRID_MANAGEMENT)
OPENED_ON = dt.date(2020, 6, 1)


async def load_centers(
    session: AsyncSession, regions: Sequence[Region], pool: Pool, rng: random.Random
) -> int:
    if await listing.any_row(session, GovernanceCenter):
        return 0
    chosen = [r for r in regions if _has_center(r, rng)]
    ids = await listing.insert_returning_ids(
        session, GovernanceCenter, [_center(r) for r in chosen]
    )
    staff: list[dict[str, Any]] = []
    for center_id, region in zip(ids, chosen, strict=True):
        positions = VILLAGE_POSITIONS if region.level is RegionLevel.VILLAGE else TOWNSHIP_POSITIONS
        staff += [_staff(center_id, region.code, position, pool) for position in positions]
    await listing.insert_rows(session, CenterStaffMember, staff)
    return len(ids)


def _has_center(region: Region, rng: random.Random) -> bool:
    if region.level is RegionLevel.VILLAGE:
        return rng.random() < VILLAGE_CENTER_SHARE
    return region.level in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP)


def _center(region: Region) -> dict[str, Any]:
    short = short_name(region.name)
    return {"region_code": region.code, "name": f"{short}综治中心", "established_on": OPENED_ON}


def _staff(center_id: int, code: str, position: CenterStaffPosition, pool: Pool) -> dict[str, Any]:
    return {
        "center_id": center_id,
        "region_code": code,
        "person_id": pool.pick(code).id,
        "position": position,
        "started_on": OPENED_ON,
        "ended_on": None,
    }
