"""Filter and ordering inputs for grid assignments (no object types: importable anywhere)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from api.grids.enums import GridRole
from api.ordering import OrderDirection
from governance.grids.models import GridRole as RoleValue
from governance.grids.repository import AssignmentFilter


@strawberry.input(description="Which grid assignments to list. All fields are optional (AND).")
class GridAssignmentFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only grids at or below this region code (e.g. a township)."
    )
    roles: list[GridRole] | None = strawberry.field(default=None, description="Only these roles.")
    active_on: dt.date | None = strawberry.field(
        default=None, description="Only assignments running on this day (started, not ended)."
    )

    def to_domain(self) -> AssignmentFilter:
        return AssignmentFilter(
            under_region=self.under_region,
            roles=tuple(RoleValue[role.name] for role in self.roles or ()),
            active_on=self.active_on,
        )


@strawberry.enum(description="Fields grid assignments can be ordered by.")
class GridAssignmentOrderField(Enum):
    CREATED = strawberry.enum_value("CREATED", description="When the assignment was recorded.")
    STARTED_ON = strawberry.enum_value("STARTED_ON", description="First day of the assignment.")


@strawberry.input(description="Ordering of grid assignments.")
class GridAssignmentOrder:
    field: GridAssignmentOrderField = strawberry.field(description="Field to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Direction (default ascending)."
    )

    def sort(self) -> tuple[str, ...]:
        if self.field is GridAssignmentOrderField.STARTED_ON:
            return ("started_on", "id")
        return ("id",)
