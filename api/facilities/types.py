"""GraphQL types of service facilities, appointed service posts and insurance participation."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay

from api.common import Person, Region, person_by_id, region_by_code
from api.context import Info
from api.history import HISTORY_NOTE, VERSION_NOTE, RecordChange, record_history
from api.row_node import RowNode, rows_from
from governance.facilities.insurance import INSURANCE_ENTITY
from governance.facilities.models import FacilityKind as FacilityKindValue
from governance.facilities.models import InsuranceParticipation as InsuranceRow
from governance.facilities.models import ServiceFacility as FacilityRow
from governance.facilities.models import ServicePost as PostRow
from governance.facilities.models import ServicePostKind as PostKindValue
from governance.facilities.posts import POST_ENTITY
from governance.facilities.repository import FacilityFilter as FacilityFilterValue
from governance.facilities.repository import InsuranceFilter as InsuranceFilterValue
from governance.facilities.repository import ServicePostFilter as PostFilterValue
from governance.facilities.service import FACILITY_ENTITY


@strawberry.enum(description="Kind of service facility a township or village runs.")
class FacilityKind(Enum):
    PSYCHOLOGICAL_COUNSELING_ROOM = strawberry.enum_value(
        FacilityKindValue.PSYCHOLOGICAL_COUNSELING_ROOM,
        description="Psychological counseling room or station (心理咨询室).",
    )
    POLICE_POST = strawberry.enum_value(
        FacilityKindValue.POLICE_POST, description="Central police station (中心派出所)."
    )
    COMPREHENSIVE_SERVICE_STATION = strawberry.enum_value(
        FacilityKindValue.COMPREHENSIVE_SERVICE_STATION,
        description="Comprehensive service station (综合服务站/设施).",
    )
    GOVERNMENT_SERVICE_POINT = strawberry.enum_value(
        FacilityKindValue.GOVERNMENT_SERVICE_POINT,
        description="Point handling or proxying government service items (便民服务点).",
    )
    CULTURAL_STATION = strawberry.enum_value(
        FacilityKindValue.CULTURAL_STATION,
        description="Comprehensive cultural station (综合文化站).",
    )
    CULTURAL_SQUARE = strawberry.enum_value(
        FacilityKindValue.CULTURAL_SQUARE, description="Cultural square (文化广场)."
    )
    LIBRARY = strawberry.enum_value(FacilityKindValue.LIBRARY, description="Library (图书室).")
    MEDIATION_ROOM = strawberry.enum_value(
        FacilityKindValue.MEDIATION_ROOM, description="Mediation room (调解室)."
    )
    COURT = strawberry.enum_value(
        FacilityKindValue.COURT, description="People's tribunal (人民法庭, 一乡镇一法庭)."
    )


@strawberry.enum(description="Posts the plan wants filled for every village or community.")
class ServicePostKind(Enum):
    COMMUNITY_POLICE_OFFICER = strawberry.enum_value(
        PostKindValue.COMMUNITY_POLICE_OFFICER,
        description="Police officer or auxiliary for the village (一村一警).",
    )
    LEGAL_ADVISER = strawberry.enum_value(
        PostKindValue.LEGAL_ADVISER, description="Legal adviser (一村一法律顾问)."
    )
    RULE_OF_LAW_DEPUTY_HEAD = strawberry.enum_value(
        PostKindValue.RULE_OF_LAW_DEPUTY_HEAD, description="Rule-of-law deputy head (法治副主任)."
    )


@strawberry.input(description="Which facilities to list. All fields optional (AND).")
class ServiceFacilityFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only facilities of this region or regions below it."
    )
    kinds: list[FacilityKind] | None = strawberry.field(
        default=None, description="Only these kinds."
    )
    include_ended: bool = strawberry.field(
        default=False, description="Also closed facilities (`endedOn` set); default: open ones."
    )

    def to_domain(self) -> FacilityFilterValue:
        kinds = tuple(FacilityKindValue[kind.name] for kind in self.kinds or ())
        return FacilityFilterValue(self.under_region, kinds, self.include_ended)


@strawberry.input(description="Which service posts to list. All fields optional (AND).")
class ServicePostFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only posts serving this region or regions below it."
    )
    kinds: list[ServicePostKind] | None = strawberry.field(
        default=None, description="Only these kinds."
    )
    include_ended: bool = strawberry.field(
        default=False, description="Also ended appointments; default: running ones only."
    )

    def to_domain(self) -> PostFilterValue:
        kinds = tuple(PostKindValue[kind.name] for kind in self.kinds or ())
        return PostFilterValue(self.under_region, kinds, self.include_ended)


@strawberry.input(description="Which insurance records to list. All fields optional (AND).")
class InsuranceParticipationFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only villages at or below this region code."
    )
    year: int | None = strawberry.field(default=None, description="Only this year.")

    def to_domain(self) -> InsuranceFilterValue:
        return InsuranceFilterValue(self.under_region, self.year)


@strawberry.type(description="A service facility of a township or village.")
class ServiceFacility(RowNode):
    id: relay.NodeID[int]
    kind: FacilityKind = strawberry.field(description="What the facility is.")
    name: str = strawberry.field(description="Name, e.g. `大阁镇心理咨询室`.")
    opened_on: dt.date | None = strawberry.field(description="Opening day, if known.")
    ended_on: dt.date | None = strawberry.field(description="Last day open; null while open.")
    version: int = strawberry.field(description=VERSION_NOTE)
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: FacilityRow) -> ServiceFacility:
        return cls(
            id=row.id,
            kind=FacilityKind(row.kind),
            name=row.name,
            opened_on=row.opened_on,
            ended_on=row.ended_on,
            version=row.version,
            region_code=row.region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.facilities.facilities)

    @strawberry.field(description="The township or village it serves.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(description=HISTORY_NOTE)
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, FACILITY_ENTITY, self.id)


@strawberry.type(description="A person appointed to serve a village (police, legal, rule of law).")
class ServicePost(RowNode):
    id: relay.NodeID[int]
    kind: ServicePostKind = strawberry.field(description="The post.")
    organization: str = strawberry.field(
        description="Where the holder comes from: police station, law firm, court…"
    )
    started_on: dt.date = strawberry.field(description="First day of the appointment.")
    ended_on: dt.date | None = strawberry.field(description="Last day; null while serving.")
    version: int = strawberry.field(description=VERSION_NOTE)
    region_code: strawberry.Private[str]
    person_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: PostRow) -> ServicePost:
        return cls(
            id=row.id,
            kind=ServicePostKind(row.kind),
            organization=row.organization,
            started_on=row.started_on,
            ended_on=row.ended_on,
            version=row.version,
            region_code=row.region_code,
            person_id=row.person_id,
        )

    rows_by_id = rows_from(lambda loaders: loaders.facilities.posts)

    @strawberry.field(description="The township or village served.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(description="The holder of the post. Null when outside your scope.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id)

    @strawberry.field(description=HISTORY_NOTE)
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, POST_ENTITY, self.id)


@strawberry.type(description="Residents covered by public-safety insurance in a village, per year.")
class InsuranceParticipation:
    year: int = strawberry.field(description="Calendar year.")
    residents_total: int = strawberry.field(description="Residents of the village, persons.")
    residents_insured: int = strawberry.field(description="Insured residents, persons.")
    version: int = strawberry.field(description=VERSION_NOTE)
    region_code: strawberry.Private[str]
    id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: InsuranceRow) -> InsuranceParticipation:
        return cls(
            year=row.year,
            residents_total=row.residents_total,
            residents_insured=row.residents_insured,
            version=row.version,
            region_code=row.region_code,
            id=row.id,
        )

    @strawberry.field(description="Insured share in per mille (1000 = everyone; target 1000).")
    def insured_per_mille(self) -> int:
        if self.residents_total == 0:
            return 1000
        return self.residents_insured * 1000 // self.residents_total

    @strawberry.field(description="The village.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(description=HISTORY_NOTE)
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, INSURANCE_ENTITY, self.id)
