"""GraphQL types of the region tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from api.context import Info
from api.extensions.list_limit import ListArgumentLimit
from api.grids.inputs import GridAssignmentFilter
from api.indicators.limits import AS_OF, INDICATOR_KEYS, INDICATOR_KEYS_MAX
from api.pagination import (
    AFTER,
    BEFORE,
    FIRST,
    LAST,
    PAGE_SIZE_MAX,
    Connection,
    build_connection,
    page_request,
)
from api.regions.dataloaders import PageShape
from governance.regions.codes import RegionLevel as RegionLevelValue
from governance.regions.models import Region as RegionRow
from governance.regions.models import RegionKind as RegionKindValue

if TYPE_CHECKING:
    from api.centers.types import GovernanceCenter
    from api.grids.types import GridAssignment
    from api.indicators.types import IndicatorValue
    from api.mediation.types import MediationCommittee


@strawberry.enum(description="Level of a region in the county's tree.")
class RegionLevel(Enum):
    COUNTY = strawberry.enum_value(RegionLevelValue.COUNTY, description="County (县), 6 digits.")
    TOWNSHIP = strawberry.enum_value(
        RegionLevelValue.TOWNSHIP, description="Township-level unit (镇/乡/街道/开发区), 9 digits."
    )
    VILLAGE = strawberry.enum_value(
        RegionLevelValue.VILLAGE, description="Village or community committee (村/社区), 12 digits."
    )
    GRID = strawberry.enum_value(
        RegionLevelValue.GRID, description="Grid (网格): the village code and 3 more digits."
    )


@strawberry.enum(description="Kind of a region within its level.")
class RegionKind(Enum):
    COUNTY = strawberry.enum_value(RegionKindValue.COUNTY, description="County (县).")
    SUBDISTRICT = strawberry.enum_value(RegionKindValue.SUBDISTRICT, description="街道.")
    TOWN = strawberry.enum_value(RegionKindValue.TOWN, description="Town (镇).")
    TOWNSHIP = strawberry.enum_value(RegionKindValue.TOWNSHIP, description="Township (乡).")
    DEVELOPMENT_ZONE = strawberry.enum_value(
        RegionKindValue.DEVELOPMENT_ZONE, description="Development zone (开发区)."
    )
    VILLAGE = strawberry.enum_value(RegionKindValue.VILLAGE, description="Village (村).")
    COMMUNITY = strawberry.enum_value(RegionKindValue.COMMUNITY, description="Community (社区).")
    GRID = strawberry.enum_value(RegionKindValue.GRID, description="Grid (网格).")


@strawberry.type(
    description=(
        "A county, township, village/community or grid, identified by its official "
        "statistical code (grids: the village code plus three digits)."
    )
)
class Region(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Official statistical code, e.g. `130826001`.")
    name: str = strawberry.field(description="Official name, e.g. `新丰路街道`.")
    level: RegionLevel = strawberry.field(description="Level in the tree.")
    kind: RegionKind = strawberry.field(description="Kind within the level.")
    parent_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: RegionRow) -> Region:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            level=RegionLevel(row.level),
            kind=RegionKind(row.kind),
            parent_id=row.parent_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Region | None]:
        rows = await info.context.loaders.regions.by_id.load_many([int(i) for i in node_ids])
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="The region one level up; null for the county.")
    async def parent(self, info: Info) -> Region | None:
        if self.parent_id is None:
            return None
        row = await info.context.loaders.regions.by_id.load(self.parent_id)
        return Region.from_row(row) if row else None

    @strawberry.field(
        description=f"The regions one level down, by code. Page size at most {PAGE_SIZE_MAX}."
    )
    async def children(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[Region]:
        page = page_request(first, after, last, before)
        loaders = info.context.loaders.regions
        key = (self.id, PageShape(page.after, page.before, page.limit + 1, page.backwards))
        rows = await loaders.children_page.load(key)

        async def count_total() -> int:
            return int(await loaders.child_count.load(self.id))

        return build_connection(rows, page, _code_of, Region.from_row, count_total)

    @strawberry.field(
        description=(
            "How many regions of the given level lie anywhere below this one "
            "(e.g. grids of a county: 797 for Fengning)."
        )
    )
    async def descendant_count(
        self,
        info: Info,
        level: Annotated[RegionLevel, strawberry.argument(description="Level to count.")],
    ) -> int:
        value = RegionLevelValue[level.name]
        return int(await info.context.loaders.regions.descendant_count.load((self.code, value)))

    @strawberry.field(
        description=(
            "Who is responsible for this grid: its workers in order of assignment "
            f"(empty above grid level). Page size at most {PAGE_SIZE_MAX}."
        )
    )
    async def grid_workers(
        self,
        info: Info,
        *,
        filter: Annotated[
            GridAssignmentFilter | None,
            strawberry.argument(description="Only assignments matching this filter."),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[Annotated[GridAssignment, strawberry.lazy("api.grids.types")]]:
        from api.grids.types import grid_workers

        page = page_request(first, after, last, before)
        return await grid_workers(info, self.code, filter, page)

    @strawberry.field(description="The region's governance center (综治中心); null if none.")
    async def governance_center(
        self, info: Info
    ) -> Annotated[GovernanceCenter, strawberry.lazy("api.centers.types")] | None:
        from api.centers.types import GovernanceCenter

        row = await info.context.loaders.centers.by_region.load(self.code)
        return GovernanceCenter.from_row(row) if row else None

    @strawberry.field(description="The region's people's mediation committee; null if none.")
    async def mediation_committee(
        self, info: Info
    ) -> Annotated[MediationCommittee, strawberry.lazy("api.mediation.types")] | None:
        from api.mediation.types import MediationCommittee

        row = await info.context.loaders.mediation.by_region.load(self.code)
        return MediationCommittee.from_row(row) if row else None

    @strawberry.field(
        description=(
            "The plan's indicators for this region and its children (ranked), live from the "
            "records; same as `indicatorValues(regionCode:)`. Public: aggregates only."
        ),
        extensions=[ListArgumentLimit("keys", INDICATOR_KEYS_MAX)],
    )
    async def indicators(
        self,
        info: Info,
        keys: Annotated[
            list[str] | None,
            strawberry.argument(description=INDICATOR_KEYS),
        ] = None,
        as_of: Annotated[dt.date | None, strawberry.argument(description=AS_OF)] = None,
    ) -> list[Annotated[IndicatorValue, strawberry.lazy("api.indicators.types")]]:
        from api.indicators.types import indicator_values

        row = await info.context.loaders.regions.by_code.load(self.code)
        assert row is not None, "a region resolved from a row"
        return await indicator_values(info, row, keys, as_of)


def _code_of(row: Any) -> str:
    return str(row.code)
