"""Root query fields for grid events and their deadline rules."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.events.enums import GridEventCategory
from api.events.inputs import GridEventFilter, GridEventOrder
from api.events.types import GridEvent
from api.listing import root_connection, window_for
from api.ordering import OrderDirection
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
)
from api.workflows.common import GovernanceLevel
from governance.events import repository, service
from governance.events.models import EventCategory
from governance.events.models import GridEvent as EventRow
from governance.events.repository import EventFilter
from governance.workflows.common import LEVELS


@strawberry.type(description="Hours a level has to resolve events of a category in a county.")
class GridEventDeadline:
    category: GridEventCategory = strawberry.field(description="Event category.")
    level: GovernanceLevel = strawberry.field(description="Handling level.")
    hours: int = strawberry.field(description="Hours allowed before automatic escalation.")
    configured: bool = strawberry.field(
        description="Set by the county (true) or the built-in default (false)."
    )


@strawberry.type
class EventQueries:
    @connection_field(
        description=(
            "Grid events you may see (staff: your subtree; residents: your own reports), "
            "filtered and ordered; `overdue: true` answers “what is late here”. " + PAGE_SIZE_NOTE
        )
    )
    async def grid_events(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            GridEventFilter | None, strawberry.argument(description="What to include.")
        ] = None,
        order_by: Annotated[
            GridEventOrder | None,
            strawberry.argument(description="Ordering (default: as reported, oldest first)."),
        ] = None,
    ) -> Connection[GridEvent]:
        sort = order_by.sort() if order_by else ("id",)
        descending = order_by is not None and order_by.direction is OrderDirection.DESC
        window = window_for(page, EventRow, sort, descending=descending)
        now = info.context.clock.now()
        domain_filter = filter.to_domain(now) if filter else EventFilter(now=now)
        conditions = [
            *repository.event_conditions(domain_filter),
        ]
        return await root_connection(
            info.context.read,
            EventRow,
            conditions,
            window,
            page=page,
            to_node=GridEvent.from_row,
            viewer=info.context.viewer,
        )

    @strawberry.field(
        description="Deadlines in force in a county, for every category and level (24 rows); "
        "staff only (empty for anyone else)."
    )
    async def grid_event_deadlines(
        self,
        info: Info,
        county_code: Annotated[str, strawberry.argument(description="The county's code.")],
    ) -> list[GridEventDeadline]:
        viewer = info.context.viewer
        rules = await info.context.read(
            lambda session: service.deadlines_in_force(session, viewer, county_code)
        )
        if rules is None:
            return []
        return [
            GridEventDeadline(
                category=GridEventCategory(category),
                level=GovernanceLevel(level),
                hours=rules.hours(county_code, category, level),
                configured=(county_code, category, level) in rules.hours_by_key,
            )
            for category in EventCategory
            for level in LEVELS
        ]
