"""A hand-built county small enough to compute every indicator by hand.

County 130899 (测试县); townships T1 = 130899001, T2 = 130899002. T1 holds villages V11, V12
and community C13; T2 holds villages V21, V22. The expected values below are worked out from
the rows this module writes (see each comment), as of ``AS_OF``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance.facilities.models import (
    FacilityKind,
    InsuranceParticipation,
    ServiceFacility,
    ServicePost,
    ServicePostKind,
)
from governance.indicators.models import DesignationKind, RegionDesignation
from governance.mediation.models import MediationCommittee, Mediator, MediatorRole
from governance.organizations.models import (
    OrganizationKind,
    OrganizationStatus,
    SocialOrganization,
)
from governance.people.id_card import make_id_card
from governance.people.models import Gender, Household, Person, RelationToHead
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel
from governance.regions.divisions import Division
from governance.regions.models import RegionKind

AS_OF = dt.date(2026, 11, 25)
PAST = dt.date(2020, 1, 1)
ENDED = dt.date(2025, 1, 1)
FUTURE = dt.date(2099, 1, 1)
COUNTY, T1, T2 = "130899", "130899001", "130899002"
V11, V12, C13 = "130899001001", "130899001002", "130899001003"
V21, V22 = "130899002001", "130899002002"

# key -> {region: (numerator, denominator)}; a missing region means "does not apply".
EXPECTED: dict[str, dict[str, tuple[int, int]]] = {
    # Service point in V11 and C13, proxy in V21 (V22's was withdrawn).
    "government_services": {COUNTY: (3, 5), T1: (2, 3), T2: (1, 2)},
    # Service stations in C13, V11, V21: communities 1 of 1; villages 2 of 4.
    "community_service_facilities": {COUNTY: (1, 1), T1: (1, 1), T2: (0, 0)},
    "village_service_facilities": {COUNTY: (2, 4), T1: (1, 2), T2: (1, 2)},
    # Counseling rooms in T1 and V12.
    "township_counseling_rooms": {COUNTY: (1, 2), T1: (1, 1), T2: (0, 1)},
    "village_counseling_rooms": {COUNTY: (1, 5), T1: (1, 3), T2: (0, 2)},
    # T1's committee has 2 serving mediators; T2's has 1 serving and 1 who left.
    "township_mediators": {COUNTY: (1, 2), T1: (1, 1), T2: (0, 1)},
    # One central police station (in T1); the target is 11.
    "central_police_stations": {COUNTY: (1, 1)},
    # Officers serve V11, V12, C13; V21's left in 2025.
    "village_police": {COUNTY: (3, 5), T1: (3, 3), T2: (0, 2)},
    # V11: 2020 is the latest year (90 of 100); V21: 50 of 50; others have no record (0/0).
    "insurance_participation": {COUNTY: (140, 150), T1: (90, 100), T2: (50, 50)},
    # V22's deputy head starts in 2099.
    "village_rule_of_law_deputy_heads": {COUNTY: (0, 5), T1: (0, 3), T2: (0, 2)},
    "township_courts": {COUNTY: (2, 2), T1: (1, 1), T2: (1, 1)},
    "village_legal_advisers": {COUNTY: (1, 5), T1: (1, 3), T2: (0, 2)},
    # Civilized: V11, V12, V21 and the town T2.
    "civilized_villages": {COUNTY: (3, 5), T1: (2, 3), T2: (1, 2)},
    "civilized_towns": {COUNTY: (1, 2), T1: (0, 1), T2: (1, 1)},
    # Only T1's base incubated anything (C13's organizations).
    "incubation_coverage": {COUNTY: (1, 2), T1: (1, 1), T2: (0, 1)},
    # C13: 10 active + 1 dissolved. V11: 4 active + 1 incubating; V12: 1; V21: 3 (+1 founded 2099).
    "community_social_organizations": {COUNTY: (10, 1), T1: (10, 1), T2: (0, 0)},
    "village_social_organizations": {COUNTY: (9, 4), T1: (6, 2), T2: (3, 2)},
}
UNAVAILABLE = {"major_petition_hearings"}


def _divisions() -> list[Division]:
    village, community = RegionKind.VILLAGE, RegionKind.COMMUNITY
    return [
        Division(COUNTY, "测试县", RegionLevel.COUNTY, RegionKind.COUNTY, None),
        Division(T1, "甲镇", RegionLevel.TOWNSHIP, RegionKind.TOWN, COUNTY),
        Division(T2, "乙乡", RegionLevel.TOWNSHIP, RegionKind.TOWNSHIP, COUNTY),
        Division(V11, "一村", RegionLevel.VILLAGE, village, T1),
        Division(V12, "二村", RegionLevel.VILLAGE, village, T1),
        Division(C13, "三社区", RegionLevel.VILLAGE, community, T1),
        Division(V21, "四村", RegionLevel.VILLAGE, village, T2),
        Division(V22, "五村", RegionLevel.VILLAGE, village, T2),
    ]


async def build(session: AsyncSession) -> None:
    await regions_repository.insert_divisions(session, _divisions())
    people = await _people(session, 9)
    session.add_all(_facilities() + _designations() + _insurance() + _organizations())
    session.add_all(_posts(people))
    await session.flush()
    await _mediation(session, people[5:])
    await session.flush()


async def _people(session: AsyncSession, count: int) -> list[int]:
    household = Household(number="HH-130899-1", region_code=V11)
    session.add(household)
    await session.flush()
    birth = dt.date(1980, 1, 1)
    people = [
        Person(
            name=f"居民{index}",
            gender=Gender.FEMALE,
            birth_date=birth,
            id_card_number=make_id_card("130899", birth, index),
            household_id=household.id,
            relation_to_head=RelationToHead.HEAD if index == 0 else RelationToHead.CHILD,
            region_code=V11,
        )
        for index in range(count)
    ]
    session.add_all(people)
    await session.flush()
    return [person.id for person in people]


def _facilities() -> list[Any]:
    kinds = [
        (V11, FacilityKind.GOVERNMENT_SERVICE_POINT),
        (C13, FacilityKind.GOVERNMENT_SERVICE_POINT),
        (C13, FacilityKind.COMPREHENSIVE_SERVICE_STATION),
        (V11, FacilityKind.COMPREHENSIVE_SERVICE_STATION),
        (V21, FacilityKind.COMPREHENSIVE_SERVICE_STATION),
        (T1, FacilityKind.PSYCHOLOGICAL_COUNSELING_ROOM),
        (V12, FacilityKind.PSYCHOLOGICAL_COUNSELING_ROOM),
        (T1, FacilityKind.POLICE_POST),
        (T1, FacilityKind.COURT),
        (T2, FacilityKind.COURT),
        (V22, FacilityKind.LIBRARY),
    ]
    return [ServiceFacility(region_code=code, kind=kind, name=kind.value) for code, kind in kinds]


def _designations() -> list[Any]:
    civilized = [
        RegionDesignation(
            region_code=code, kind=DesignationKind.CIVILIZED, awarded_by="县文明委", awarded_on=PAST
        )
        for code in (V11, V12, V21, T2)
    ]
    proxy = DesignationKind.GOVERNMENT_SERVICE_PROXY
    return [
        *civilized,
        RegionDesignation(region_code=V21, kind=proxy, awarded_by="审批局", awarded_on=PAST),
        RegionDesignation(
            region_code=V22, kind=proxy, awarded_by="审批局", awarded_on=PAST, withdrawn_on=ENDED
        ),
    ]


def _insurance() -> list[Any]:
    rows = [(V11, 2019, 100, 100), (V11, 2020, 100, 90), (V21, 2020, 50, 50)]
    return [
        InsuranceParticipation(
            region_code=code, year=year, residents_total=total, residents_insured=insured
        )
        for code, year, total, insured in rows
    ]


def _organizations() -> list[Any]:
    active, incubating = OrganizationStatus.ACTIVE, OrganizationStatus.INCUBATING
    rows = [
        *[(C13, active, T1, PAST)] * 10,
        (C13, OrganizationStatus.DISSOLVED, T1, PAST),
        *[(V11, active, None, PAST)] * 4,
        (V11, incubating, None, None),
        (V12, active, None, PAST),
        *[(V21, active, None, PAST)] * 3,
        (V21, active, None, FUTURE),
    ]
    return [
        SocialOrganization(
            name=f"组织{index}",
            kind=OrganizationKind.VOLUNTEER_SERVICE,
            region_code=code,
            incubator_region_code=incubator,
            status=status,
            founded_on=founded,
        )
        for index, (code, status, incubator, founded) in enumerate(rows)
    ]


def _posts(people: list[int]) -> list[Any]:
    police, legal = ServicePostKind.COMMUNITY_POLICE_OFFICER, ServicePostKind.LEGAL_ADVISER
    rows = [
        (V11, police, PAST, None),
        (V12, police, PAST, None),
        (C13, police, PAST, None),
        (V21, police, PAST, ENDED),
        (V11, legal, PAST, None),
        (V22, ServicePostKind.RULE_OF_LAW_DEPUTY_HEAD, FUTURE, None),
    ]
    return [
        ServicePost(
            region_code=code,
            kind=kind,
            person_id=people[index % 5],
            organization="派出所",
            started_on=started,
            ended_on=ended,
        )
        for index, (code, kind, started, ended) in enumerate(rows)
    ]


async def _mediation(session: AsyncSession, people: list[int]) -> None:
    first = MediationCommittee(region_code=T1, name="甲镇调委会")
    second = MediationCommittee(region_code=T2, name="乙乡调委会")
    session.add_all([first, second])
    await session.flush()
    serving = [(first, None), (first, None), (second, None), (second, ENDED)]
    session.add_all(
        Mediator(
            committee_id=committee.id,
            region_code=committee.region_code,
            person_id=people[index],
            role=MediatorRole.MEMBER,
            full_time=False,
            started_on=PAST,
            ended_on=ended,
        )
        for index, (committee, ended) in enumerate(serving)
    )
