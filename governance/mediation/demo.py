"""Demo mediation committees: every township (at least 2 mediators) and every village (3)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.demo_people import Pool
from governance.mediation.models import (
    COMMITTEE_MEMBERS_MAX,
    COMMITTEE_MEMBERS_MIN,
    MediationCommittee,
    Mediator,
    MediatorRole,
)
from governance.regions.codes import RegionLevel
from governance.regions.divisions import short_name
from governance.regions.models import Region

GOLD_MEDAL_SHARE = 0.05
FULL_TIME_SHARE_TOWNSHIP = 0.5
ESTABLISHED_ON = dt.date(2018, 3, 1)


async def load_mediation(
    session: AsyncSession, regions: Sequence[Region], pool: Pool, rng: random.Random
) -> int:
    if await listing.any_row(session, MediationCommittee):
        return 0
    chosen = [r for r in regions if r.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)]
    committees = [
        {
            "region_code": region.code,
            "name": f"{short_name(region.name)}人民调解委员会",
            "established_on": ESTABLISHED_ON,
        }
        for region in chosen
    ]
    ids = await listing.insert_returning_ids(session, MediationCommittee, committees)
    mediators: list[dict[str, Any]] = []
    for committee_id, region in zip(ids, chosen, strict=True):
        mediators += _mediators(committee_id, region, pool, rng)
    await listing.insert_rows(session, Mediator, mediators)
    return len(ids)


def _mediators(
    committee_id: int, region: Region, pool: Pool, rng: random.Random
) -> list[dict[str, Any]]:
    township = region.level is RegionLevel.TOWNSHIP
    size = rng.randint(COMMITTEE_MEMBERS_MIN, 5 if township else COMMITTEE_MEMBERS_MIN + 1)
    assert COMMITTEE_MEMBERS_MIN <= size <= COMMITTEE_MEMBERS_MAX
    roles = [MediatorRole.CHAIR, MediatorRole.VICE_CHAIR] + [MediatorRole.MEMBER] * (size - 2)
    return [
        {
            "committee_id": committee_id,
            "region_code": region.code,
            "person_id": pool.pick(region.code).id,
            "role": role,
            "full_time": township and rng.random() < FULL_TIME_SHARE_TOWNSHIP,
            "gold_medal": rng.random() < GOLD_MEDAL_SHARE,
            "started_on": ESTABLISHED_ON,
            "ended_on": None,
        }
        for role in roles
    ]
