"""Demo designations (civilized villages and towns, government-service proxies) and a first
snapshot of every indicator, so the dashboard has values and history from the start."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.indicators import service
from governance.indicators.models import DesignationKind, IndicatorSnapshot, RegionDesignation
from governance.regions.codes import RegionLevel
from governance.regions.models import Region

# Around the plan's ≥ 50% (文明村镇), so some townships are above target and some below.
CIVILIZED_SHARE = 0.55
# Villages without a service point that a township office proxies for (代办).
PROXY_SHARE = 0.5
AWARDED_ON = dt.date(2020, 10, 1)
CIVILIZED_AWARDED_BY = "丰宁满族自治县精神文明建设委员会"
PROXY_AWARDED_BY = "丰宁满族自治县行政审批局"


async def load_designations(
    session: AsyncSession, regions: Sequence[Region], rng: random.Random
) -> int:
    if await listing.any_row(session, RegionDesignation):
        return 0
    rows: list[dict[str, Any]] = []
    for region in regions:
        if region.level not in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
            continue
        if rng.random() < CIVILIZED_SHARE:
            rows.append(_row(region, DesignationKind.CIVILIZED, CIVILIZED_AWARDED_BY))
        if region.level is RegionLevel.VILLAGE and rng.random() < PROXY_SHARE:
            rows.append(_row(region, DesignationKind.GOVERNMENT_SERVICE_PROXY, PROXY_AWARDED_BY))
    return await listing.insert_rows(session, RegionDesignation, rows)


def _row(region: Region, kind: DesignationKind, awarded_by: str) -> dict[str, Any]:
    return {
        "region_code": region.code,
        "kind": kind,
        "awarded_by": awarded_by,
        "awarded_on": AWARDED_ON,
    }


async def take_first_snapshot(session: AsyncSession, as_of: dt.date) -> int:
    """Once: a later ``load-demo`` leaves the history to ``grassroots indicators snapshot``."""
    if await listing.any_row(session, IndicatorSnapshot):
        return 0
    return await service.take_snapshot(session, as_of)
