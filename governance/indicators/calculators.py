"""The calculators named by ``IndicatorDefinition.formula_key``: one SQL query each.

A calculator receives the roots asked about (county, township or village codes) and the unit
spec of the definition, and returns one ``UnitTally`` per counted unit under any root, or
``None`` when the records it needs do not exist yet (reported as "no data", never as 0).
Units without any record still count in the denominator of a share: they are selected from
the region tree first, and the condition is a correlated ``EXISTS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from governance.facilities.models import (
    FacilityKind,
    InsuranceParticipation,
    ServiceFacility,
    ServicePost,
    ServicePostKind,
)
from governance.indicators.models import DesignationKind, RegionDesignation, UnitKind, UnitLevel
from governance.indicators.tallies import UnitTally
from governance.mediation.models import TOWNSHIP_MEDIATORS_MIN, Mediator
from governance.organizations.models import OrganizationStatus, SocialOrganization
from governance.petitions.models import PetitionHearing
from governance.regions.codes import RegionLevel, under, under_column
from governance.regions.models import Region, RegionKind

ROOTS_MAX = 500
HEARING_MONTHS = 12
COUNTED_ORGANIZATION_STATUSES = (OrganizationStatus.ACTIVE, OrganizationStatus.INCUBATING)


@dataclass(frozen=True, slots=True)
class UnitSpec:
    level: UnitLevel
    kind: UnitKind | None = None


Calculator = Callable[
    [AsyncSession, Sequence[str], UnitSpec, dt.date], Awaitable[list[UnitTally] | None]
]
Condition = Callable[[dt.date], ColumnElement[bool]]


def _unit_conditions(roots: Sequence[str], spec: UnitSpec) -> list[ColumnElement[bool]]:
    assert 0 < len(roots) <= ROOTS_MAX
    conditions = [
        Region.level == RegionLevel(spec.level.value),
        or_(*(under(Region.code, root) for root in roots)),
    ]
    if spec.kind is not None:
        conditions.append(Region.kind == RegionKind(spec.kind.value))
    return conditions


async def _rows(
    session: AsyncSession,
    roots: Sequence[str],
    spec: UnitSpec,
    numerator: ColumnElement[int],
    denominator: ColumnElement[int],
) -> list[UnitTally]:
    statement = (
        select(Region.code, numerator, denominator)
        .where(*_unit_conditions(roots, spec))
        .order_by(Region.code)
    )
    result = await session.execute(statement)
    return [UnitTally(code, int(num), int(den)) for code, num, den in result.all()]


def _share(condition: Condition) -> Calculator:
    """Units meeting ``condition`` (1/1) or not (0/1)."""

    async def calculate(
        session: AsyncSession, roots: Sequence[str], spec: UnitSpec, as_of: dt.date
    ) -> list[UnitTally]:
        met = case((condition(as_of), 1), else_=0)
        return await _rows(session, roots, spec, met, literal(1, Integer))

    return calculate


def _active(started_on: Any, ended_on: Any, as_of: dt.date) -> ColumnElement[bool]:
    """A period ``[started_on, ended_on)`` covers ``as_of`` (columns of any model)."""
    return and_(started_on <= as_of, or_(ended_on.is_(None), ended_on > as_of))


def _in_force(first_day: Any, last_day: Any, as_of: dt.date) -> ColumnElement[bool]:
    """A record kept with its first and last day (either may be null: unknown, not ended)
    is in force on ``as_of``: on its last day still, from the next day no more."""
    started = or_(first_day.is_(None), first_day <= as_of)
    return and_(started, or_(last_day.is_(None), last_day >= as_of))


def _facility_open(as_of: dt.date) -> ColumnElement[bool]:
    return _in_force(ServiceFacility.opened_on, ServiceFacility.ended_on, as_of)


def _has_facility(*kinds: FacilityKind) -> Condition:
    def condition(as_of: dt.date) -> ColumnElement[bool]:
        return exists().where(
            ServiceFacility.region_code == Region.code,
            ServiceFacility.kind.in_(kinds),
            _facility_open(as_of),
        )

    return condition


def _has_post(kind: ServicePostKind) -> Condition:
    def condition(as_of: dt.date) -> ColumnElement[bool]:
        return exists().where(
            ServicePost.region_code == Region.code,
            ServicePost.kind == kind,
            _in_force(ServicePost.started_on, ServicePost.ended_on, as_of),
        )

    return condition


def _designated(kind: DesignationKind) -> Condition:
    def condition(as_of: dt.date) -> ColumnElement[bool]:
        return exists().where(
            RegionDesignation.region_code == Region.code,
            RegionDesignation.kind == kind,
            _active(RegionDesignation.awarded_on, RegionDesignation.withdrawn_on, as_of),
        )

    return condition


def _government_services(as_of: dt.date) -> ColumnElement[bool]:
    """可直接办理 (a government service point) or 代办 (a proxy designation)."""
    direct = _has_facility(FacilityKind.GOVERNMENT_SERVICE_POINT)(as_of)
    proxy = _designated(DesignationKind.GOVERNMENT_SERVICE_PROXY)(as_of)
    return or_(direct, proxy)


def _two_mediators(as_of: dt.date) -> ColumnElement[bool]:
    serving = (
        select(func.count(Mediator.id))
        .where(
            Mediator.region_code == Region.code,
            _active(Mediator.started_on, Mediator.ended_on, as_of),
        )
        .scalar_subquery()
    )
    return serving >= TOWNSHIP_MEDIATORS_MIN


def _organization_in_force(as_of: dt.date) -> ColumnElement[bool]:
    """Founded by ``as_of`` (when the day is known), not dissolved by then, and not suspended
    (a dissolved one counted while it existed: it was active or incubating until its end)."""
    ended_on = SocialOrganization.ended_on
    return and_(
        or_(SocialOrganization.founded_on.is_(None), SocialOrganization.founded_on <= as_of),
        or_(ended_on.is_(None), ended_on > as_of),
        or_(
            SocialOrganization.status.in_(COUNTED_ORGANIZATION_STATUSES),
            and_(SocialOrganization.status == OrganizationStatus.DISSOLVED, ended_on.is_not(None)),
        ),
    )


def _incubation_base(as_of: dt.date) -> ColumnElement[bool]:
    """A base is on record once it has incubated an organization still in force."""
    return exists().where(
        SocialOrganization.incubator_region_code == Region.code, _organization_in_force(as_of)
    )


async def social_organizations(
    session: AsyncSession, roots: Sequence[str], spec: UnitSpec, as_of: dt.date
) -> list[UnitTally]:
    """Organizations active or incubating on ``as_of`` (``_organization_in_force``)."""
    counted = (
        select(func.count(SocialOrganization.id))
        .where(SocialOrganization.region_code == Region.code, _organization_in_force(as_of))
        .scalar_subquery()
    )
    return await _rows(session, roots, spec, counted, literal(1, Integer))


async def central_police_stations(
    session: AsyncSession, roots: Sequence[str], spec: UnitSpec, as_of: dt.date
) -> list[UnitTally]:
    """Police posts (中心派出所) open on ``as_of`` anywhere under the unit."""
    counted = (
        select(func.count(ServiceFacility.id))
        .where(
            ServiceFacility.kind == FacilityKind.POLICE_POST,
            under_column(ServiceFacility.region_code, Region.code),
            _facility_open(as_of),
        )
        .scalar_subquery()
    )
    return await _rows(session, roots, spec, counted, literal(1, Integer))


async def residents_insured(
    session: AsyncSession, roots: Sequence[str], spec: UnitSpec, as_of: dt.date
) -> list[UnitTally]:
    """Insured over total residents, each village's latest year up to ``as_of`` (none: 0/0)."""
    latest = (
        select(
            InsuranceParticipation.region_code,
            InsuranceParticipation.residents_insured,
            InsuranceParticipation.residents_total,
        )
        .where(InsuranceParticipation.year <= as_of.year)
        .ext(distinct_on(InsuranceParticipation.region_code))
        .order_by(InsuranceParticipation.region_code, InsuranceParticipation.year.desc())
        .subquery()
    )
    statement = (
        select(
            Region.code,
            func.coalesce(latest.c.residents_insured, 0),
            func.coalesce(latest.c.residents_total, 0),
        )
        .outerjoin(latest, latest.c.region_code == Region.code)
        .where(*_unit_conditions(roots, spec))
        .order_by(Region.code)
    )
    result = await session.execute(statement)
    return [UnitTally(code, int(num), int(den)) for code, num, den in result.all()]


async def months_with_petition_hearing(
    session: AsyncSession, roots: Sequence[str], spec: UnitSpec, as_of: dt.date
) -> list[UnitTally] | None:
    """Of the last 12 months up to ``as_of``, those in which the unit (or a region below it)
    held at least one hearing or consultation on a petition case (``petition_hearings``)."""
    end = _month_start(as_of)
    start = _months_before(end, HEARING_MONTHS - 1)
    after_end = _months_before(end, -1)
    held = PetitionHearing.held_on
    months = (
        select(func.count(func.distinct(func.date_trunc("month", held))))
        .where(
            under_column(PetitionHearing.region_code, Region.code),
            held >= start,
            held < after_end,
        )
        .correlate(Region)
        .scalar_subquery()
    )
    return await _rows(session, roots, spec, months, literal(HEARING_MONTHS, Integer))


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months_before(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


CALCULATORS: dict[str, Calculator] = {
    "villages_with_government_services": _share(_government_services),
    "villages_with_service_station": _share(
        _has_facility(FacilityKind.COMPREHENSIVE_SERVICE_STATION)
    ),
    "units_with_counseling_room": _share(_has_facility(FacilityKind.PSYCHOLOGICAL_COUNSELING_ROOM)),
    "townships_with_two_mediators": _share(_two_mediators),
    "months_with_petition_hearing": months_with_petition_hearing,
    "central_police_stations": central_police_stations,
    "villages_with_police_officer": _share(_has_post(ServicePostKind.COMMUNITY_POLICE_OFFICER)),
    "residents_insured": residents_insured,
    "villages_with_rule_of_law_deputy_head": _share(
        _has_post(ServicePostKind.RULE_OF_LAW_DEPUTY_HEAD)
    ),
    "townships_with_court": _share(_has_facility(FacilityKind.COURT)),
    "villages_with_legal_adviser": _share(_has_post(ServicePostKind.LEGAL_ADVISER)),
    "civilized_units": _share(_designated(DesignationKind.CIVILIZED)),
    "townships_with_incubation_base": _share(_incubation_base),
    "social_organizations": social_organizations,
}
