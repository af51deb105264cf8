"""Filter and ordering inputs for grid events."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from api.events.enums import GridEventCategory, GridEventSource, GridEventStatus
from api.ordering import OrderDirection
from api.workflows.common import GovernanceLevel, values_of
from governance.events.models import EventCategory, EventSource, EventStatus
from governance.events.repository import EventFilter
from governance.workflows.common import Level


@strawberry.input(description="Which grid events to list. All fields are optional (AND).")
class GridEventFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only events in grids at or below this region code."
    )
    statuses: list[GridEventStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    categories: list[GridEventCategory] | None = strawberry.field(
        default=None, description="Only these categories."
    )
    levels: list[GovernanceLevel] | None = strawberry.field(
        default=None, description="Only events handled at these levels now."
    )
    sources: list[GridEventSource] | None = strawberry.field(
        default=None, description="Only events reported by these sources."
    )
    reported_from: dt.datetime | None = strawberry.field(
        default=None, description="Only events reported at or after this instant."
    )
    reported_before: dt.datetime | None = strawberry.field(
        default=None, description="Only events reported before this instant."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="Only open events past their deadline (true) or only the others (false).",
    )

    def to_domain(self, now: dt.datetime) -> EventFilter:
        return EventFilter(
            under_region=self.under_region,
            statuses=values_of(EventStatus, self.statuses),
            categories=values_of(EventCategory, self.categories),
            levels=values_of(Level, self.levels),
            sources=values_of(EventSource, self.sources),
            reported_from=self.reported_from,
            reported_before=self.reported_before,
            overdue=self.overdue,
            now=now,
        )


@strawberry.enum(description="Fields grid events can be ordered by.")
class GridEventOrderField(Enum):
    REPORTED_AT = strawberry.enum_value("REPORTED_AT", description="When reported.")
    DEADLINE_AT = strawberry.enum_value(
        "DEADLINE_AT", description="Deadline at the current level (most urgent first when ASC)."
    )


@strawberry.input(description="Ordering of grid events.")
class GridEventOrder:
    field: GridEventOrderField = strawberry.field(description="Field to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Direction (default ascending)."
    )

    def sort(self) -> tuple[str, ...]:
        if self.field is GridEventOrderField.DEADLINE_AT:
            return ("deadline_at", "id")
        return ("reported_at", "id")
