"""Root query fields for regions."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.common import Region, region_from_row
from api.context import Info


@strawberry.type
class RegionQueries:
    @strawberry.field(description="A region by its official statistical code, or null.")
    async def region_by_code(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="Statistical code, e.g. `130826`.")],
    ) -> Region | None:
        row = await info.context.loaders.regions.by_code.load(code)
        return region_from_row(row) if row else None
