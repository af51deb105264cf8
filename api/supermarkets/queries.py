"""Root query fields of the supermarkets."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.listing import id_ordered_connection
from api.pagination import PAGE_SIZE_MAX, Connection, PageRequest, connection_field
from api.supermarkets.types import Supermarket
from governance.bank import lists
from governance.supermarkets.models import Supermarket as SupermarketRow


@strawberry.type
class SupermarketQueries:
    @connection_field(
        description="Supermarkets under a region (public), as opened. Page size at most "
        f"{PAGE_SIZE_MAX}."
    )
    async def supermarkets(
        self,
        info: Info,
        page: PageRequest,
        *,
        region_code: Annotated[str, strawberry.argument(description="Any region code.")],
    ) -> Connection[Supermarket]:
        return await id_ordered_connection(
            info.context.read,
            SupermarketRow,
            lists.supermarket_conditions(region_code),
            page,
            Supermarket.from_row,
            viewer=info.context.viewer,
        )
