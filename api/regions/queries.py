"""Root query fields for regions."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.regions.types import Region


@strawberry.type
class RegionQueries:
    @strawberry.field(description="A region by its official statistical code, or null.")
    async def region_by_code(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="Statistical code, e.g. `130826`.")],
    ) -> Region | None:
        row = await info.context.loaders.regions.by_code.load(code)
        return Region.from_row(row) if row else None
