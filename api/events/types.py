"""GraphQL types of a grid event and its timeline."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay

from api.auth.types import Role, User
from api.common import Person, Region, person_by_id, region_by_code
from api.context import Info
from api.events.enums import GridEventAction, GridEventCategory, GridEventSource, GridEventStatus
from api.listing import window_for
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
)
from api.row_node import RowNode, rows_from
from api.workflows.actors import user_by_id
from api.workflows.common import GovernanceLevel
from governance.access.principal import Viewer
from governance.access.scope import Target, target_in_scope
from governance.events import machine
from governance.events.models import GridEvent as EventRow
from governance.events.models import GridEventTransition as TransitionRow


def _visible(viewer: Viewer, row: EventRow) -> bool:
    """Single rows go through the Python twin of the scoping rule."""
    target = Target(region_code=row.region_code, person_id=row.reporter_person_id)
    return target_in_scope(viewer, target)


@strawberry.type(description="One accepted step of a grid event, with who, when and why.")
class GridEventTransition:
    action: GridEventAction = strawberry.field(description="What happened.")
    from_status: GridEventStatus | None = strawberry.field(
        description="Status before; null for the report."
    )
    to_status: GridEventStatus = strawberry.field(description="Status after.")
    from_level: GovernanceLevel | None = strawberry.field(
        description="Handling level before; null for the report."
    )
    to_level: GovernanceLevel = strawberry.field(description="Handling level after.")
    occurred_at: dt.datetime = strawberry.field(
        description="When (for AUTO_ESCALATE: the instant the deadline passed)."
    )
    note: str | None = strawberry.field(description="The actor's note, if any.")
    actor_role: Role | None = strawberry.field(
        description="Role the actor acted through; null when done by the clock."
    )
    actor_user_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: TransitionRow) -> GridEventTransition:
        return cls(
            action=GridEventAction(row.action),
            from_status=GridEventStatus(row.from_status) if row.from_status else None,
            to_status=GridEventStatus(row.to_status),
            from_level=GovernanceLevel(row.from_level) if row.from_level else None,
            to_level=GovernanceLevel(row.to_level),
            occurred_at=row.occurred_at,
            note=row.note,
            actor_role=Role(row.actor_role) if row.actor_role else None,
            actor_user_id=row.actor_user_id,
        )

    @strawberry.field(description="Whether the clock took this step (no person did).")
    def automatic(self) -> bool:
        return self.actor_user_id is None

    @strawberry.field(description="Who took the step; null when done by the clock.")
    async def actor(self, info: Info) -> User | None:
        return await user_by_id(info, self.actor_user_id)


@strawberry.type(
    description=(
        "A matter reported in a grid (事件), handled at the lowest level able to: grid → village "
        "→ township → county. Escalated by hand, or automatically when the deadline of its "
        "category at its level passes while it is open."
    )
)
class GridEvent(RowNode):
    id: relay.NodeID[int]
    category: GridEventCategory = strawberry.field(description="Kind of matter.")
    status: GridEventStatus = strawberry.field(description="Where it is in the workflow.")
    level: GovernanceLevel = strawberry.field(description="Level handling it now.")
    source: GridEventSource = strawberry.field(description="Who reported it.")
    title: str = strawberry.field(description="Short title.")
    description: str = strawberry.field(description="What was reported.")
    attachment_refs: list[str] = strawberry.field(
        description="References to attached files (photos…), as the file store names them."
    )
    reported_at: dt.datetime = strawberry.field(description="When it was reported.")
    level_entered_at: dt.datetime = strawberry.field(
        description="When the current level took it (escalation or reopening restarts it)."
    )
    deadline_at: dt.datetime = strawberry.field(
        description="Deadline at the current level; counts only while the event is open."
    )
    closed_at: dt.datetime | None = strawberry.field(description="When it was closed.")
    assignee_department: str | None = strawberry.field(
        description="Department it is assigned to, if not a person."
    )
    satisfaction: int | None = strawberry.field(description="Rating 1 (poor) to 5, once rated.")
    reopen_count: int = strawberry.field(description="Times reopened.")
    escalation_count: int = strawberry.field(description="Levels climbed (by hand or clock).")
    grid_code: strawberry.Private[str]
    handling_region_code: strawberry.Private[str]
    assignee_person_id: strawberry.Private[int | None]
    reporter_person_id: strawberry.Private[int | None]
    state: strawberry.Private[machine.State]

    @classmethod
    def from_row(cls, row: EventRow) -> GridEvent:
        return cls(
            id=row.id,
            category=GridEventCategory(row.category),
            status=GridEventStatus(row.status),
            level=GovernanceLevel(row.level),
            source=GridEventSource(row.source),
            title=row.title,
            description=row.description,
            attachment_refs=list(row.attachment_refs),
            reported_at=row.reported_at,
            level_entered_at=row.level_entered_at,
            deadline_at=row.deadline_at,
            closed_at=row.closed_at,
            assignee_department=row.assignee_department,
            satisfaction=row.satisfaction,
            reopen_count=row.reopen_count,
            escalation_count=row.escalation_count,
            grid_code=row.region_code,
            handling_region_code=row.handling_region_code,
            assignee_person_id=row.assignee_person_id,
            reporter_person_id=row.reporter_person_id,
            state=machine.State(row.status, row.level),
        )

    rows_by_id = rows_from(lambda loaders: loaders.events.events, _visible)

    @strawberry.field(description="The grid it happened in.")
    async def grid(self, info: Info) -> Region:
        return await region_by_code(info, self.grid_code)

    @strawberry.field(description="The region handling it now (the grid's ancestor at `level`).")
    async def handling_region(self, info: Info) -> Region:
        return await region_by_code(info, self.handling_region_code)

    @strawberry.field(description="Person it is assigned to, if any.")
    async def assignee(self, info: Info) -> Person | None:
        if self.assignee_person_id is None:
            return None
        return await person_by_id(info, self.assignee_person_id)

    @strawberry.field(
        description="Open and past its deadline, by the server's clock (escalation is due)."
    )
    def overdue(self, info: Info) -> bool:
        return self.state.open and self.deadline_at < info.context.clock.now()

    @strawberry.field(
        description="Steps the workflow allows from here; your role may still be refused."
    )
    def available_steps(self) -> list[GridEventAction]:
        allowed = machine.allowed_actions(self.state) - {machine.A.AUTO_ESCALATE}
        return [GridEventAction(action) for action in machine.A if action in allowed]

    @connection_field(description="Every accepted step, oldest first. " + PAGE_SIZE_NOTE)
    async def timeline(
        self,
        info: Info,
        page: PageRequest,
    ) -> Connection[GridEventTransition]:
        window = window_for(page, TransitionRow, ("id",))
        pages = info.context.loaders.events.timelines
        return await pages.connection(self.id, None, window, page, GridEventTransition.from_row)
