"""The region tree's own fields of `Region`; ``api.nodes`` adds the other areas' fields."""

from __future__ import annotations

from typing import Annotated, Any, Self

import strawberry
from strawberry import relay

from api.common import Region, region_by_id, region_from_row
from api.context import Info
from api.pagination import (
    PAGE_SIZE_MAX,
    Connection,
    PageRequest,
    build_connection,
    connection_field,
)
from api.regions.dataloaders import PageShape
from api.regions.enums import RegionKind, RegionLevel
from api.row_node import RowNode, rows_from
from governance.regions.codes import RegionLevel as RegionLevelValue
from governance.regions.models import Region as RegionRow
from governance.regions.repository import RegionRecord


@strawberry.type
class RegionFields(RowNode):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Official statistical code, e.g. `130826001`.")
    name: str = strawberry.field(description="Official name, e.g. `新丰路街道`.")
    level: RegionLevel = strawberry.field(description="Level in the tree.")
    kind: RegionKind = strawberry.field(description="Kind within the level.")
    parent_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: RegionRow | RegionRecord) -> Self:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            level=LEVELS[row.level],
            kind=KINDS[row.kind],
            parent_id=row.parent_id,
        )

    rows_by_id = rows_from(lambda loaders: loaders.regions.by_id)

    @strawberry.field(
        description=(
            "The region one level up; null for the root (the county, or the province when a"
            " whole province is loaded)."
        )
    )
    async def parent(self, info: Info) -> Region | None:
        return None if self.parent_id is None else await region_by_id(info, self.parent_id)

    @connection_field(
        description=f"The regions one level down, by code. Page size at most {PAGE_SIZE_MAX}."
    )
    async def children(self, info: Info, page: PageRequest) -> Connection[Region]:
        loaders = info.context.loaders.regions
        key = (self.id, PageShape(page.after, page.before, page.limit + 1, page.backwards))
        rows = await loaders.children_page.load(key)

        async def count_total() -> int:
            return int(await loaders.child_count.load(self.id))

        return build_connection(rows, page, _code_of, region_from_row, count_total)

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


# The schema's enums by the stored values (a dict lookup; calling the Enum costs ~1 µs).
LEVELS: dict[Any, RegionLevel] = {level.value: level for level in RegionLevel}
KINDS: dict[Any, RegionKind] = {kind.value: kind for kind in RegionKind}


def _code_of(row: Any) -> str:
    return str(row.code)
