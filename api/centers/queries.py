"""Root query fields for governance centers."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.centers.types import GovernanceCenter, GovernanceCenterFilter
from api.context import Info
from api.listing import id_ordered_connection
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
)
from governance.centers.models import GovernanceCenter as Row
from governance.centers.repository import CenterFilter as FilterValue
from governance.centers.repository import center_conditions


@strawberry.type
class CenterQueries:
    @connection_field(
        description="Governance centers (综治中心) of the county, townships and villages. "
        + PAGE_SIZE_NOTE
    )
    async def governance_centers(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            GovernanceCenterFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[GovernanceCenter]:
        conditions = center_conditions(filter.to_domain() if filter else FilterValue())
        return await id_ordered_connection(
            info.context.read,
            Row,
            conditions,
            page,
            GovernanceCenter.from_row,
            viewer=info.context.viewer,
        )
