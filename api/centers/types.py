"""GraphQL types of governance centers and their staff."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING

import strawberry
from strawberry import relay

from api.common import Person, Region, person_by_id, region_by_code
from api.context import Info
from api.history import HISTORY_NOTE, VERSION_NOTE, RecordChange, record_history
from api.listing import window_for
from api.pagination import (
    PAGE_SIZE_MAX,
    Connection,
    PageRequest,
    connection_field,
)
from api.regions.enums import RegionLevel, level_values
from api.row_node import RowNode, rows_from
from governance.centers.models import CenterStaffMember as StaffRow
from governance.centers.models import CenterStaffPosition as PositionValue
from governance.centers.models import GovernanceCenter as CenterRow
from governance.centers.repository import CenterFilter as CenterFilterValue
from governance.centers.service import CENTER_ENTITY, STAFF_ENTITY


@strawberry.enum(description="Position of a staff member in a governance center.")
class CenterStaffPosition(Enum):
    DIRECTOR = strawberry.enum_value(
        PositionValue.DIRECTOR, description="Director; by rule the local Party head (负责人)."
    )
    POLITICAL_LEGAL = strawberry.enum_value(
        PositionValue.POLITICAL_LEGAL, description="Political-legal staff (政法)."
    )
    PETITION = strawberry.enum_value(PositionValue.PETITION, description="Petitions staff (信访).")
    MEDIATION = strawberry.enum_value(
        PositionValue.MEDIATION, description="Mediation staff (调解)."
    )
    GRID_MANAGEMENT = strawberry.enum_value(
        PositionValue.GRID_MANAGEMENT, description="Grid management staff (网格化管理)."
    )
    PSYCHOLOGICAL_SERVICE = strawberry.enum_value(
        PositionValue.PSYCHOLOGICAL_SERVICE, description="Psychological service staff (心理服务)."
    )


@strawberry.input(description="Which governance centers to list. All fields optional (AND).")
class GovernanceCenterFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only centers of this region or regions below it."
    )
    levels: list[RegionLevel] | None = strawberry.field(
        default=None, description="Only centers at these levels (COUNTY, TOWNSHIP, VILLAGE)."
    )
    include_ended: bool = strawberry.field(
        default=False, description="Also closed centers (`endedOn` set); default: open ones only."
    )

    def to_domain(self) -> CenterFilterValue:
        return CenterFilterValue(self.under_region, level_values(self.levels), self.include_ended)


@strawberry.type(description="A person working in a governance center.")
class CenterStaffMember(RowNode):
    id: relay.NodeID[int]
    position: CenterStaffPosition = strawberry.field(description="Position in the center.")
    started_on: dt.date = strawberry.field(description="First day in the position.")
    ended_on: dt.date | None = strawberry.field(description="Last day; null while serving.")
    version: int = strawberry.field(description=VERSION_NOTE)
    person_id: strawberry.Private[int]
    center_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: StaffRow) -> CenterStaffMember:
        return cls(
            id=row.id,
            position=CenterStaffPosition(row.position),
            started_on=row.started_on,
            ended_on=row.ended_on,
            version=row.version,
            person_id=row.person_id,
            center_id=row.center_id,
        )

    rows_by_id = rows_from(lambda loaders: loaders.centers.staff)

    @strawberry.field(description="The staff member as a resident. Null when outside your scope.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id)

    @strawberry.field(description="The center they work in.")
    async def center(self, info: Info) -> GovernanceCenter:
        row = await info.context.loaders.centers.centers.load(self.center_id)
        assert row is not None, "center_staff.center_id is a foreign key"
        return GovernanceCenter.from_row(row)

    @strawberry.field(description=HISTORY_NOTE)
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, STAFF_ENTITY, self.id)


@strawberry.type(
    description=(
        "A comprehensive governance center (综治中心) of the county, a township or a village, "
        "where political-legal, petition and mediation work sit together."
    )
)
class GovernanceCenter(RowNode):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name, e.g. `大阁镇综治中心`.")
    established_on: dt.date | None = strawberry.field(description="Opening day, if known.")
    ended_on: dt.date | None = strawberry.field(description="Last day open; null while open.")
    version: int = strawberry.field(description=VERSION_NOTE)
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: CenterRow) -> GovernanceCenter:
        return cls(
            id=row.id,
            name=row.name,
            established_on=row.established_on,
            ended_on=row.ended_on,
            version=row.version,
            region_code=row.region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.centers.centers)

    @strawberry.field(description="The county, township or village it serves.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(description=HISTORY_NOTE)
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, CENTER_ENTITY, self.id)

    @connection_field(
        description=f"Its staff, current and former. Page size at most {PAGE_SIZE_MAX}."
    )
    async def staff(
        self,
        info: Info,
        page: PageRequest,
    ) -> Connection[CenterStaffMember]:
        window = window_for(page, StaffRow, ("id",))
        pages = info.context.loaders.centers.staff_by_center
        return await pages.connection(self.id, None, window, page, CenterStaffMember.from_row)


@strawberry.type
class CenterRegionFields:
    """The governance-center field of `Region` (composed in ``api.nodes``)."""

    if TYPE_CHECKING:
        code: str

    @strawberry.field(description="The region's governance center (综治中心); null if none.")
    async def governance_center(self, info: Info) -> GovernanceCenter | None:
        row = await info.context.loaders.centers.by_region.load(self.code)
        return GovernanceCenter.from_row(row) if row else None
