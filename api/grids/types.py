"""GraphQL type of a grid assignment, and the per-grid / per-person lists of them (the grid
fields of `Region` and `Person`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from api.common import Person, Region, person_by_id, region_by_code
from api.context import Info
from api.editing import HISTORY, VERSION
from api.grids.enums import GridDuty, GridRole, VolunteerSource
from api.grids.inputs import GridAssignmentFilter
from api.history import RecordChange, record_history
from api.listing import window_for
from api.pagination import PAGE_SIZE_MAX, Connection, PageRequest, connection_field
from api.row_node import RowNode, rows_from
from governance.grids.models import GridAssignment as AssignmentRow
from governance.grids.repository import AssignmentFilter
from governance.grids.service import ENTITY

NEWEST_FIRST = ("id",)


@strawberry.type(
    description="A person's responsibility for a grid, in a role, with duties (定格、定人、定责)."
)
class GridAssignment(RowNode):
    id: relay.NodeID[int]
    role: GridRole = strawberry.field(description="Role in the grid.")
    volunteer_source: VolunteerSource | None = strawberry.field(
        description="Where a volunteer was recruited from; null for other roles."
    )
    duties: list[GridDuty] = strawberry.field(description="Duties carried in this grid.")
    started_on: dt.date = strawberry.field(description="First day of the assignment.")
    ended_on: dt.date | None = strawberry.field(description="Last day; null while it runs.")
    official_name: str | None = strawberry.field(
        description="The township official in charge (包联) named in words when not on the "
        "roster; null when `person` holds it."
    )
    official_post: str | None = strawberry.field(description="The named official's post.")
    version: int = strawberry.field(description=VERSION)
    person_id: strawberry.Private[int | None]
    grid_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: AssignmentRow) -> GridAssignment:
        return cls(
            id=row.id,
            role=GridRole(row.role),
            volunteer_source=VolunteerSource(row.volunteer_source)
            if row.volunteer_source
            else None,
            duties=[GridDuty(duty) for duty in row.duties],
            started_on=row.started_on,
            ended_on=row.ended_on,
            official_name=row.official_name,
            official_post=row.official_post,
            version=row.version,
            person_id=row.person_id,
            grid_code=row.region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.grids.assignments)

    @strawberry.field(
        description="The grid worker. Null when outside your scope, or held by a named official."
    )
    async def person(self, info: Info) -> Person | None:
        if self.person_id is None:
            return None
        return await person_by_id(info, self.person_id)

    @strawberry.field(description="The grid covered.")
    async def grid(self, info: Info) -> Region:
        return await region_by_code(info, self.grid_code)

    @strawberry.field(description="Whether the assignment has not ended.")
    def active(self) -> bool:
        return self.ended_on is None

    @strawberry.field(
        description=HISTORY + " A change of `person` shows who was in charge (包联) when."
    )
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, ENTITY, self.id)


def _domain_filter(assignment_filter: GridAssignmentFilter | None) -> AssignmentFilter:
    return assignment_filter.to_domain() if assignment_filter else AssignmentFilter()


async def person_assignments(
    info: Info, person_id: int, assignment_filter: GridAssignmentFilter | None, page: PageRequest
) -> Connection[GridAssignment]:
    """Which grids does this person cover: newest assignment first."""
    window = window_for(page, AssignmentRow, NEWEST_FIRST, descending=True)
    pages = info.context.loaders.grids.by_person
    domain_filter = _domain_filter(assignment_filter)
    return await pages.connection(person_id, domain_filter, window, page, GridAssignment.from_row)


async def grid_workers(
    info: Info, grid_code: str, assignment_filter: GridAssignmentFilter | None, page: PageRequest
) -> Connection[GridAssignment]:
    """Who is responsible for this grid: in order of assignment."""
    window = window_for(page, AssignmentRow, NEWEST_FIRST)
    pages = info.context.loaders.grids.by_grid
    domain_filter = _domain_filter(assignment_filter)
    return await pages.connection(grid_code, domain_filter, window, page, GridAssignment.from_row)


ASSIGNMENT_FILTER = "Only assignments matching this filter."


@strawberry.type
class GridRegionFields:
    """The grid fields of `Region` (composed in ``api.nodes``)."""

    if TYPE_CHECKING:
        code: str

    @connection_field(
        description=(
            "Who is responsible for this grid: its workers in order of assignment "
            f"(empty above grid level). Page size at most {PAGE_SIZE_MAX}."
        )
    )
    async def grid_workers(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            GridAssignmentFilter | None, strawberry.argument(description=ASSIGNMENT_FILTER)
        ] = None,
    ) -> Connection[GridAssignment]:
        return await grid_workers(info, self.code, filter, page)


@strawberry.type
class GridPersonFields:
    """The grid fields of `Person` (composed in ``api.nodes``)."""

    if TYPE_CHECKING:
        id: int

    @connection_field(
        description="The grids this person covers as a grid worker (default: all, newest first)."
    )
    async def grid_assignments(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            GridAssignmentFilter | None, strawberry.argument(description=ASSIGNMENT_FILTER)
        ] = None,
    ) -> Connection[GridAssignment]:
        return await person_assignments(info, self.id, filter, page)
