"""All SQL over service facilities, service posts and insurance participation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement

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


@dataclass(frozen=True, slots=True)
class ServicePostFilter:
    under_region: str | None = None
    kinds: tuple[ServicePostKind, ...] = ()


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
    return conditions


def post_conditions(post_filter: ServicePostFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if post_filter.under_region is not None:
        conditions.append(under(ServicePost.region_code, post_filter.under_region))
    if post_filter.kinds:
        conditions.append(ServicePost.kind.in_(post_filter.kinds))
    return conditions


def insurance_conditions(insurance_filter: InsuranceFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if insurance_filter.under_region is not None:
        code = insurance_filter.under_region
        conditions.append(under(InsuranceParticipation.region_code, code))
    if insurance_filter.year is not None:
        conditions.append(InsuranceParticipation.year == insurance_filter.year)
    return conditions
