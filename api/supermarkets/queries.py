"""Root query fields of the supermarkets."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.supermarkets.types import LIST_SIZE_MAX, Supermarket
from governance.supermarkets import queries as market_queries


@strawberry.type
class SupermarketQueries:
    @strawberry.field(description=f"Supermarkets under a region (public; at most {LIST_SIZE_MAX}).")
    async def supermarkets(
        self,
        info: Info,
        region_code: Annotated[str, strawberry.argument(description="Any region code.")],
    ) -> list[Supermarket]:
        found = await info.context.read(
            lambda s: market_queries.supermarkets_under(s, region_code, LIST_SIZE_MAX)
        )
        return [Supermarket.from_row(row) for row in found]
