"""All SQL over service facilities, service posts and insurance participation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.facilities.models import (
    FacilityKind,
    InsuranceParticipation,
    ServiceFacility,
    ServicePost,
    ServicePostKind,
)
from governance.regions.codes import under


@dataclass(frozen=True, slots=True)
class FacilityFilter:
    under_region: str | None = None
    kinds: tuple[FacilityKind, ...] = ()
    include_ended: bool = False


@dataclass(frozen=True, slots=True)
class ServicePostFilter:
    under_region: str | None = None
    kinds: tuple[ServicePostKind, ...] = ()
    include_ended: bool = False


@dataclass(frozen=True, slots=True)
class InsuranceFilter:
    under_region: str | None = None
    year: int | None = None


def facility_conditions(facility_filter: FacilityFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if facility_filter.under_region is not None:
        conditions.append(under(ServiceFacility.region_code, facility_filter.under_region))
    if facility_filter.kinds:
        conditions.append(ServiceFacility.kind.in_(facility_filter.kinds))
    if not facility_filter.include_ended:
        conditions.append(ServiceFacility.ended_on.is_(None))
    return conditions


def post_conditions(post_filter: ServicePostFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if post_filter.under_region is not None:
        conditions.append(under(ServicePost.region_code, post_filter.under_region))
    if post_filter.kinds:
        conditions.append(ServicePost.kind.in_(post_filter.kinds))
    if not post_filter.include_ended:
        conditions.append(ServicePost.ended_on.is_(None))
    return conditions


def insurance_conditions(insurance_filter: InsuranceFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if insurance_filter.under_region is not None:
        code = insurance_filter.under_region
        conditions.append(under(InsuranceParticipation.region_code, code))
    if insurance_filter.year is not None:
        conditions.append(InsuranceParticipation.year == insurance_filter.year)
    return conditions


async def facilities_named(
    session: AsyncSession, region_code: str, name: str
) -> list[ServiceFacility]:
    """The region's open facilities of this name (for imports keyed by region and name)."""
    statement = select(ServiceFacility).where(
        ServiceFacility.region_code == region_code,
        ServiceFacility.name == name,
        ServiceFacility.ended_on.is_(None),
    )
    return list(await session.scalars(statement.order_by(ServiceFacility.id)))


async def post_holders(
    session: AsyncSession, region_code: str, kind: ServicePostKind
) -> list[ServicePost]:
    """The region's appointments to the post not yet ended, locked."""
    statement = select(ServicePost).where(
        ServicePost.region_code == region_code,
        ServicePost.kind == kind,
        ServicePost.ended_on.is_(None),
    )
    return list(await session.scalars(statement.order_by(ServicePost.id).with_for_update()))


async def insurance_of(
    session: AsyncSession, village_code: str, year: int
) -> InsuranceParticipation | None:
    """The village's figures for the year, locked (one row per village and year)."""
    statement = select(InsuranceParticipation).where(
        InsuranceParticipation.region_code == village_code, InsuranceParticipation.year == year
    )
    return (await session.scalars(statement.with_for_update())).one_or_none()
