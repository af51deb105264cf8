"""GraphQL types of social organizations."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay

from api.common import Region, region_by_code
from api.context import Info
from api.editing import HISTORY, VERSION
from api.history import RecordChange, record_history
from api.row_node import RowNode, rows_from
from governance.organizations.models import OrganizationKind as KindValue
from governance.organizations.models import OrganizationStatus as StatusValue
from governance.organizations.models import SocialOrganization as OrganizationRow
from governance.organizations.repository import OrganizationFilter as OrganizationFilterValue
from governance.organizations.service import ENTITY


@strawberry.enum(description="What a social organization does.")
class OrganizationKind(Enum):
    VOLUNTEER_SERVICE = strawberry.enum_value(
        KindValue.VOLUNTEER_SERVICE, description="Volunteer service team (志愿服务队)."
    )
    ELDERLY_CARE = strawberry.enum_value(
        KindValue.ELDERLY_CARE, description="Elderly care and mutual support (互助养老)."
    )
    CULTURE_AND_SPORTS = strawberry.enum_value(
        KindValue.CULTURE_AND_SPORTS, description="Culture and sports (文体)."
    )
    CHARITY = strawberry.enum_value(KindValue.CHARITY, description="Charity (公益慈善).")
    MUTUAL_AID = strawberry.enum_value(
        KindValue.MUTUAL_AID, description="Neighbourly aid (邻里互助)."
    )
    PUBLIC_SAFETY = strawberry.enum_value(
        KindValue.PUBLIC_SAFETY, description="Public safety patrol (平安巡逻)."
    )
    PROFESSIONAL_COOPERATIVE = strawberry.enum_value(
        KindValue.PROFESSIONAL_COOPERATIVE, description="Professional cooperative (专业合作社)."
    )
    OWNERS_COMMITTEE = strawberry.enum_value(
        KindValue.OWNERS_COMMITTEE, description="Home owners' committee (业委会)."
    )


@strawberry.enum(description="Life-cycle status of a social organization.")
class OrganizationStatus(Enum):
    INCUBATING = strawberry.enum_value(
        StatusValue.INCUBATING, description="Being incubated (孵化中); counts as in force."
    )
    ACTIVE = strawberry.enum_value(
        StatusValue.ACTIVE, description="Active: registered (登记), incubation done."
    )
    SUSPENDED = strawberry.enum_value(StatusValue.SUSPENDED, description="Temporarily inactive.")
    DISSOLVED = strawberry.enum_value(
        StatusValue.DISSOLVED, description="Dissolved (by `endSocialOrganization` only)."
    )


@strawberry.input(description="Which social organizations to list. All fields optional (AND).")
class SocialOrganizationFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only organizations of villages at or below this region code."
    )
    kinds: list[OrganizationKind] | None = strawberry.field(
        default=None, description="Only these kinds."
    )
    statuses: list[OrganizationStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    incubated_under: str | None = strawberry.field(
        default=None,
        description="Only those incubated by the county's or a township's incubation base "
        "at or below this region code.",
    )

    def to_domain(self) -> OrganizationFilterValue:
        return OrganizationFilterValue(
            under_region=self.under_region,
            kinds=tuple(KindValue[kind.name] for kind in self.kinds or ()),
            statuses=tuple(StatusValue[status.name] for status in self.statuses or ()),
            incubated_under=self.incubated_under,
        )


@strawberry.type(description="A social organization of a village or community (社会组织).")
class SocialOrganization(RowNode):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name.")
    kind: OrganizationKind = strawberry.field(description="What it does.")
    status: OrganizationStatus = strawberry.field(description="Life-cycle status.")
    founded_on: dt.date | None = strawberry.field(description="Founding day, if known.")
    ended_on: dt.date | None = strawberry.field(
        description="Day it was dissolved (no longer counted from this day); null while it exists."
    )
    version: int = strawberry.field(description=VERSION)
    region_code: strawberry.Private[str]
    incubator_region_code: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: OrganizationRow) -> SocialOrganization:
        return cls(
            id=row.id,
            name=row.name,
            kind=OrganizationKind(row.kind),
            status=OrganizationStatus(row.status),
            founded_on=row.founded_on,
            ended_on=row.ended_on,
            version=row.version,
            region_code=row.region_code,
            incubator_region_code=row.incubator_region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.organizations)

    @strawberry.field(description=HISTORY)
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, ENTITY, self.id)

    @strawberry.field(description="The village or community it belongs to.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(
        description="The county or township whose incubation base incubated it; null if none."
    )
    async def incubated_by(self, info: Info) -> Region | None:
        if self.incubator_region_code is None:
            return None
        return await region_by_code(info, self.incubator_region_code)
