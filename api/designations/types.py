"""GraphQL type of a region designation, and its list filter."""

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
from governance.access.visibility import is_staff
from governance.indicators.designations import ENTITY
from governance.indicators.models import DesignationKind as KindValue
from governance.indicators.models import RegionDesignation as Row
from governance.indicators.repository import DesignationFilter


@strawberry.enum(description="A title or capability awarded to a town or village.")
class DesignationKind(Enum):
    CIVILIZED = strawberry.enum_value(
        KindValue.CIVILIZED, description="Civilized village or town (文明村镇)."
    )
    GOVERNMENT_SERVICE_PROXY = strawberry.enum_value(
        KindValue.GOVERNMENT_SERVICE_PROXY,
        description="Handles government services by proxy (代办政务服务事项).",
    )
    DEMOCRATIC_RULE_OF_LAW_MODEL = strawberry.enum_value(
        KindValue.DEMOCRATIC_RULE_OF_LAW_MODEL,
        description="Democratic rule-of-law model village (民主法治示范村).",
    )


@strawberry.input(description="Which designations to list. All fields optional (AND).")
class RegionDesignationFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only designations of regions at or below this code."
    )
    kinds: list[DesignationKind] | None = strawberry.field(
        default=None, description="Only these kinds."
    )
    in_force_on: dt.date | None = strawberry.field(
        default=None, description="Only those in force on this day (awarded, not withdrawn)."
    )
    include_withdrawn: bool = strawberry.field(
        default=False,
        description="Also withdrawn ones (default: current ones only; ignored with inForceOn).",
    )

    def to_domain(self) -> DesignationFilter:
        return DesignationFilter(
            under_region=self.under_region,
            kinds=tuple(KindValue[kind.name] for kind in self.kinds or ()),
            in_force_on=self.in_force_on,
            include_withdrawn=self.include_withdrawn,
        )


@strawberry.type(
    description=(
        "A designation of a township or village (文明村镇, 民主法治示范村, service proxy): in "
        "force, and counted by the plan's indicators, from `awardedOn` until `withdrawnOn`."
    )
)
class RegionDesignation(RowNode):
    id: relay.NodeID[int]
    kind: DesignationKind = strawberry.field(description="What was awarded.")
    awarded_by: str = strawberry.field(description="The awarding body, e.g. 县文明委.")
    awarded_on: dt.date = strawberry.field(description="Day it was awarded (counts from then).")
    withdrawn_on: dt.date | None = strawberry.field(
        description="Day it was withdrawn (no longer counted from this day); null while held."
    )
    version: int = strawberry.field(description=VERSION)
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Row) -> RegionDesignation:
        return cls(
            id=row.id,
            kind=DesignationKind(row.kind),
            awarded_by=row.awarded_by,
            awarded_on=row.awarded_on,
            withdrawn_on=row.withdrawn_on,
            version=row.version,
            region_code=row.region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.designations)

    @strawberry.field(description="The township or village designated.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(
        description=HISTORY + " Staff only (null otherwise): designations are public, the "
        "accounts that changed them are not."
    )
    async def history(self, info: Info) -> list[RecordChange] | None:
        if not is_staff(info.context.viewer):
            return None
        return await record_history(info, ENTITY, self.id)
