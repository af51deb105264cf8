"""Root query fields for grid assignments."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.grids.inputs import GridAssignmentFilter, GridAssignmentOrder
from api.grids.types import GridAssignment
from api.listing import root_connection, window_for
from api.ordering import OrderDirection
from api.pagination import (
    PAGE_SIZE_MAX,
    Connection,
    PageRequest,
    connection_field,
)
from governance.grids.models import GridAssignment as AssignmentRow
from governance.grids.repository import AssignmentFilter, assignment_conditions


@strawberry.type
class GridQueries:
    @connection_field(
        description=(
            "Grid assignments anywhere in the county, filtered and ordered. "
            f"Page size at most {PAGE_SIZE_MAX}."
        )
    )
    async def grid_assignments(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            GridAssignmentFilter | None, strawberry.argument(description="What to include.")
        ] = None,
        order_by: Annotated[
            GridAssignmentOrder | None,
            strawberry.argument(description="Ordering (default: as recorded)."),
        ] = None,
    ) -> Connection[GridAssignment]:
        sort = order_by.sort() if order_by else ("id",)
        descending = order_by is not None and order_by.direction is OrderDirection.DESC
        window = window_for(page, AssignmentRow, sort, descending=descending)
        domain_filter = filter.to_domain() if filter else AssignmentFilter()
        conditions = assignment_conditions(domain_filter)
        return await root_connection(
            info.context.read,
            AssignmentRow,
            conditions,
            window,
            page=page,
            to_node=GridAssignment.from_row,
            viewer=info.context.viewer,
        )
