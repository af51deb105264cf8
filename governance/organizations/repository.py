"""All SQL over social organizations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.organizations.models import (
    OrganizationKind,
    OrganizationStatus,
    SocialOrganization,
)
from governance.regions.codes import under


async def by_name(session: AsyncSession, village_code: str, name: str) -> SocialOrganization | None:
    """The village's organization of this name not dissolved (an import's key), if any."""
    statement = select(SocialOrganization).where(
        SocialOrganization.region_code == village_code,
        SocialOrganization.name == name,
        SocialOrganization.ended_on.is_(None),
    )
    return (await session.scalars(statement.order_by(SocialOrganization.id).limit(1))).first()


@dataclass(frozen=True, slots=True)
class OrganizationFilter:
    under_region: str | None = None
    kinds: tuple[OrganizationKind, ...] = ()
    statuses: tuple[OrganizationStatus, ...] = ()
    incubated_under: str | None = None


def organization_conditions(organization_filter: OrganizationFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if organization_filter.under_region is not None:
        code = organization_filter.under_region
        conditions.append(under(SocialOrganization.region_code, code))
    if organization_filter.kinds:
        conditions.append(SocialOrganization.kind.in_(organization_filter.kinds))
    if organization_filter.statuses:
        conditions.append(SocialOrganization.status.in_(organization_filter.statuses))
    if organization_filter.incubated_under is not None:
        code = organization_filter.incubated_under
        conditions.append(under(SocialOrganization.incubator_region_code, code))
    return conditions
