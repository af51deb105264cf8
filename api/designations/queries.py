"""Root query field for region designations (public, like the plan's indicators)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.designations.types import RegionDesignation, RegionDesignationFilter
from api.listing import id_ordered_connection
from api.pagination import PAGE_SIZE_NOTE, Connection, PageRequest, connection_field
from governance.indicators.models import RegionDesignation as Row
from governance.indicators.repository import DesignationFilter, designation_conditions


@strawberry.type
class DesignationQueries:
    @connection_field(
        description="Designations of townships and villages (current ones unless the filter "
        "says otherwise). Public. " + PAGE_SIZE_NOTE
    )
    async def region_designations(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            RegionDesignationFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[RegionDesignation]:
        conditions = designation_conditions(filter.to_domain() if filter else DesignationFilter())
        return await id_ordered_connection(
            info.context.read,
            Row,
            conditions,
            page,
            RegionDesignation.from_row,
            viewer=info.context.viewer,
        )
