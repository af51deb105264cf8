"""GraphQL types of people's mediation committees and their mediators."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING

import strawberry
from strawberry import relay

from api.common import Person, Region, person_by_id, region_by_code
from api.context import Info
from api.editing import HISTORY, VERSION
from api.history import RecordChange, record_history
from api.listing import window_for
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
)
from api.regions.enums import RegionLevel, level_values
from api.row_node import RowNode, rows_from
from governance.mediation.models import COMMITTEE_MEMBERS_MAX, COMMITTEE_MEMBERS_MIN
from governance.mediation.models import MediationCommittee as CommitteeRow
from governance.mediation.models import Mediator as MediatorRow
from governance.mediation.models import MediatorRole as RoleValue
from governance.mediation.repository import CommitteeFilter as CommitteeFilterValue
from governance.mediation.repository import MediatorFilter as MediatorFilterValue
from governance.mediation.service import COMMITTEE, MEDIATOR


@strawberry.enum(description="Role of a mediator in the committee.")
class MediatorRole(Enum):
    CHAIR = strawberry.enum_value(RoleValue.CHAIR, description="Chair (主任).")
    VICE_CHAIR = strawberry.enum_value(RoleValue.VICE_CHAIR, description="Vice chair (副主任).")
    MEMBER = strawberry.enum_value(RoleValue.MEMBER, description="Member (委员).")


@strawberry.input(description="Which mediation committees to list. All fields optional (AND).")
class MediationCommitteeFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only committees of this region or regions below it."
    )
    levels: list[RegionLevel] | None = strawberry.field(
        default=None, description="Only committees at these levels (TOWNSHIP, VILLAGE)."
    )
    include_closed: bool = strawberry.field(
        default=False, description="Also closed committees (default: open ones only)."
    )

    def to_domain(self) -> CommitteeFilterValue:
        return CommitteeFilterValue(
            self.under_region, level_values(self.levels), include_closed=self.include_closed
        )


@strawberry.input(description="Which current mediators to list. All fields optional (AND).")
class MediatorFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only mediators of committees at or below this region code."
    )
    roles: list[MediatorRole] | None = strawberry.field(
        default=None, description="Only these roles."
    )
    full_time: bool | None = strawberry.field(
        default=None, description="Only full-time (true) or only part-time (false) mediators."
    )
    gold_medal: bool | None = strawberry.field(
        default=None, description="Only (or never) recognised gold-medal mediators."
    )

    def to_domain(self) -> MediatorFilterValue:
        return MediatorFilterValue(
            under_region=self.under_region,
            roles=tuple(RoleValue[role.name] for role in self.roles or ()),
            full_time=self.full_time,
            gold_medal=self.gold_medal,
        )


@strawberry.type(description="A member of a people's mediation committee (人民调解员).")
class Mediator(RowNode):
    id: relay.NodeID[int]
    role: MediatorRole = strawberry.field(description="Role in the committee.")
    full_time: bool = strawberry.field(description="Full-time (专职) rather than part-time (兼职).")
    gold_medal: bool = strawberry.field(
        description="Recognised as a gold-medal mediator (金牌调解员)."
    )
    started_on: dt.date = strawberry.field(description="First day on the committee.")
    ended_on: dt.date | None = strawberry.field(
        description="Day the term ended (no longer counted from this day); null while serving."
    )
    version: int = strawberry.field(description=VERSION)
    person_id: strawberry.Private[int]
    committee_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: MediatorRow) -> Mediator:
        return cls(
            id=row.id,
            role=MediatorRole(row.role),
            full_time=row.full_time,
            gold_medal=row.gold_medal,
            started_on=row.started_on,
            ended_on=row.ended_on,
            version=row.version,
            person_id=row.person_id,
            committee_id=row.committee_id,
        )

    @strawberry.field(description=HISTORY)
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, MEDIATOR, self.id)

    rows_by_id = rows_from(lambda loaders: loaders.mediation.mediators)

    @strawberry.field(description="The mediator as a resident. Null when outside your scope.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id)

    @strawberry.field(description="The committee.")
    async def committee(self, info: Info) -> MediationCommittee:
        row = await info.context.loaders.mediation.committees.load(self.committee_id)
        assert row is not None, "mediators.committee_id is a foreign key"
        return MediationCommittee.from_row(row)


@strawberry.type(
    description=(
        "A people's mediation committee (人民调解委员会) of a township or village. The law sets "
        f"{COMMITTEE_MEMBERS_MIN}–{COMMITTEE_MEMBERS_MAX} members; the county plan at least 2 "
        "mediators per township committee."
    )
)
class MediationCommittee(RowNode):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name.")
    established_on: dt.date | None = strawberry.field(description="Founding day, if known.")
    ended_on: dt.date | None = strawberry.field(
        description="Day it closed (its mediators' terms ended with it); null while open."
    )
    version: int = strawberry.field(description=VERSION)
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: CommitteeRow) -> MediationCommittee:
        return cls(
            id=row.id,
            name=row.name,
            established_on=row.established_on,
            ended_on=row.ended_on,
            version=row.version,
            region_code=row.region_code,
        )

    @strawberry.field(description=HISTORY)
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, COMMITTEE, self.id)

    rows_by_id = rows_from(lambda loaders: loaders.mediation.committees)

    @strawberry.field(description="The township or village.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @connection_field(description="Current mediators, in order of appointment. " + PAGE_SIZE_NOTE)
    async def mediators(
        self,
        info: Info,
        page: PageRequest,
    ) -> Connection[Mediator]:
        window = window_for(page, MediatorRow, ("id",))
        pages = info.context.loaders.mediation.mediators_by_committee
        current = MediatorFilterValue()
        return await pages.connection(self.id, current, window, page, Mediator.from_row)


@strawberry.type
class MediationRegionFields:
    """The mediation-committee field of `Region` (composed in ``api.nodes``)."""

    if TYPE_CHECKING:
        code: str

    @strawberry.field(description="The region's open people's mediation committee; null if none.")
    async def mediation_committee(self, info: Info) -> MediationCommittee | None:
        row = await info.context.loaders.mediation.by_region.load(self.code)
        return MediationCommittee.from_row(row) if row else None
