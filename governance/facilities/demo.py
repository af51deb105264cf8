"""Demo facilities, service posts and insurance, at the plan's targets (plus some noise)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.demo_people import Pool
from governance.facilities.models import (
    FacilityKind,
    InsuranceParticipation,
    ServiceFacility,
    ServicePost,
    ServicePostKind,
)
from governance.regions.codes import RegionLevel, ancestor
from governance.regions.divisions import short_name
from governance.regions.models import Region, RegionKind

CENTRAL_POLICE_STATIONS = 11
INSURANCE_YEAR = 2020
# Share of villages (communities: all) with each facility; townships have every one below.
VILLAGE_FACILITY_SHARES = {
    FacilityKind.PSYCHOLOGICAL_COUNSELING_ROOM: 0.2,
    FacilityKind.COMPREHENSIVE_SERVICE_STATION: 0.5,
    FacilityKind.GOVERNMENT_SERVICE_POINT: 0.9,
    FacilityKind.CULTURAL_SQUARE: 0.7,
    FacilityKind.LIBRARY: 0.6,
    FacilityKind.MEDIATION_ROOM: 0.3,
}
TOWNSHIP_FACILITIES = (
    FacilityKind.PSYCHOLOGICAL_COUNSELING_ROOM,
    FacilityKind.COMPREHENSIVE_SERVICE_STATION,
    FacilityKind.CULTURAL_STATION,
    FacilityKind.MEDIATION_ROOM,
)
POST_COVERAGE = 0.95
FACILITY_NAMES = {
    FacilityKind.PSYCHOLOGICAL_COUNSELING_ROOM: "心理咨询室",
    FacilityKind.POLICE_POST: "中心派出所",
    FacilityKind.COMPREHENSIVE_SERVICE_STATION: "综合服务站",
    FacilityKind.GOVERNMENT_SERVICE_POINT: "便民服务点",
    FacilityKind.CULTURAL_STATION: "综合文化站",
    FacilityKind.CULTURAL_SQUARE: "文化广场",
    FacilityKind.LIBRARY: "图书室",
    FacilityKind.MEDIATION_ROOM: "调解室",
    FacilityKind.COURT: "人民法庭",
}
OPENED_ON = dt.date(2020, 9, 1)


def _short(region: Region) -> str:
    return short_name(region.name)


async def load_facilities(
    session: AsyncSession, regions: Sequence[Region], rng: random.Random
) -> int:
    if await listing.any_row(session, ServiceFacility):
        return 0
    townships = [r for r in regions if r.level is RegionLevel.TOWNSHIP]
    stations = {r.code for r in rng.sample(townships, min(CENTRAL_POLICE_STATIONS, len(townships)))}
    rows: list[dict[str, Any]] = []
    for region in regions:
        rows += [_facility(region, kind) for kind in _kinds(region, stations, rng)]
    return await listing.insert_rows(session, ServiceFacility, rows)


def _kinds(region: Region, stations: set[str], rng: random.Random) -> list[FacilityKind]:
    if region.level is RegionLevel.TOWNSHIP:
        extra = [FacilityKind.POLICE_POST] if region.code in stations else []
        return [*TOWNSHIP_FACILITIES, *extra, FacilityKind.COURT]  # 一乡镇一法庭
    if region.level is not RegionLevel.VILLAGE:
        return []
    community = region.kind is RegionKind.COMMUNITY
    return [
        kind
        for kind, share in VILLAGE_FACILITY_SHARES.items()
        if rng.random() < share
        or (community and kind is FacilityKind.COMPREHENSIVE_SERVICE_STATION)
    ]


def _facility(region: Region, kind: FacilityKind) -> dict[str, Any]:
    name = f"{_short(region)}{FACILITY_NAMES[kind]}"
    return {"region_code": region.code, "kind": kind, "name": name, "opened_on": OPENED_ON}


async def load_service_posts(
    session: AsyncSession, villages: Sequence[Region], pool: Pool, rng: random.Random
) -> int:
    """一村一警, one legal adviser and one rule-of-law deputy head per village (mostly)."""
    if await listing.any_row(session, ServicePost):
        return 0
    rows = [
        {
            "region_code": village.code,
            "kind": kind,
            "person_id": pool.pick(ancestor(village.code, RegionLevel.TOWNSHIP)).id,
            "organization": _post_organization(kind, rng),
            "started_on": OPENED_ON,
            "ended_on": None,
        }
        for village in villages
        for kind in ServicePostKind
        if rng.random() < POST_COVERAGE
    ]
    return await listing.insert_rows(session, ServicePost, rows)


def _post_organization(kind: ServicePostKind, rng: random.Random) -> str:
    if kind is ServicePostKind.COMMUNITY_POLICE_OFFICER:
        return f"丰宁县公安局第{rng.randint(1, CENTRAL_POLICE_STATIONS)}中心派出所"
    if kind is ServicePostKind.LEGAL_ADVISER:
        return rng.choice(("丰宁律师事务所", "承德燕山律师事务所", "丰宁县法律援助中心"))
    return rng.choice(("丰宁县人民法院", "丰宁县人民检察院", "丰宁县司法局"))


async def load_insurance(
    session: AsyncSession,
    residents_by_village: Counter[str],
    villages: Sequence[Region],
    rng: random.Random,
) -> int:
    if await listing.any_row(session, InsuranceParticipation):
        return 0
    rows = []
    for village in villages:
        total = residents_by_village[village.code]
        insured = total - round(total * rng.choice((0.0, 0.0, 0.01, 0.03)))
        rows.append(
            {
                "region_code": village.code,
                "year": INSURANCE_YEAR,
                "residents_total": total,
                "residents_insured": insured,
            }
        )
    return await listing.insert_rows(session, InsuranceParticipation, rows)
