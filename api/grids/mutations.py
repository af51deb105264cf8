"""Mutations on grid assignments: assigning a worker to a grid and ending an assignment."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.grids.enums import GridDuty, GridRole, VolunteerSource
from api.grids.types import GridAssignment
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from governance.grids import service
from governance.grids.models import GridDuty as DutyValue
from governance.grids.models import GridRole as RoleValue
from governance.grids.models import VolunteerSource as SourceValue


@strawberry.input(description="Who takes responsibility for which grid, in what role.")
class AssignGridWorkerInput:
    grid_code: str = strawberry.field(description="The grid's 15-digit code.")
    person_id: relay.GlobalID = strawberry.field(description="Global id of the Person.")
    role: GridRole = strawberry.field(description="Role in the grid.")
    volunteer_source: VolunteerSource | None = strawberry.field(
        default=None, description="Required for VOLUNTEER, forbidden otherwise."
    )
    duties: list[GridDuty] = strawberry.field(
        description="Duties carried (at least one; repeats ignored)."
    )
    started_on: dt.date = strawberry.field(description="First day of the assignment.")


@strawberry.type(description="Result of `assignGridWorker`.")
class AssignGridWorkerPayload:
    grid_assignment: GridAssignment | None = strawberry.field(
        description="The new assignment; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.input(description="Which assignment ends, and its last day.")
class EndGridAssignmentInput:
    assignment_id: relay.GlobalID = strawberry.field(description="Global id of the assignment.")
    ended_on: dt.date = strawberry.field(description="Last day (not before the first).")


@strawberry.type(description="Result of `endGridAssignment`.")
class EndGridAssignmentPayload:
    grid_assignment: GridAssignment | None = strawberry.field(
        description="The ended assignment; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.type
class GridMutations:
    @strawberry.mutation(
        description=(
            "Make a person responsible for a grid. County, township and village admins only, "
            "for grids in their region. Refusal codes: GRID_NOT_FOUND, NOT_A_GRID, "
            "FORBIDDEN, PERSON_NOT_FOUND (also: not one you may see), ALREADY_ASSIGNED, "
            "VOLUNTEER_SOURCE_REQUIRED, "
            "VOLUNTEER_SOURCE_NOT_ALLOWED, DUTIES_REQUIRED."
        )
    )
    async def assign_grid_worker(
        self,
        info: Info,
        input: Annotated[AssignGridWorkerInput, strawberry.argument(description="The assignment.")],
    ) -> AssignGridWorkerPayload:
        request = service.Assignment(
            grid_code=input.grid_code,
            person_id=decode_global_id(input.person_id, "Person", "personId"),
            role=RoleValue[input.role.name],
            volunteer_source=SourceValue[input.volunteer_source.name]
            if input.volunteer_source
            else None,
            duties=[DutyValue[duty.name] for duty in input.duties],
            started_on=input.started_on,
        )
        row, errors = await run_mutation(
            info,
            lambda session: service.assign_worker(session, info.context.viewer, request),
            noun="grid_assignment",
        )
        return AssignGridWorkerPayload(
            grid_assignment=GridAssignment.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "Record the last day of an assignment (it stays in the history). County, township "
            "and village admins only, for grids in their region. Refusal codes: "
            "ASSIGNMENT_NOT_FOUND (also: not one you may manage), ALREADY_ENDED, "
            "ENDS_BEFORE_START."
        )
    )
    async def end_grid_assignment(
        self,
        info: Info,
        input: Annotated[
            EndGridAssignmentInput, strawberry.argument(description="What ends, and when.")
        ],
    ) -> EndGridAssignmentPayload:
        assignment_id = decode_global_id(input.assignment_id, "GridAssignment", "assignmentId")
        row, errors = await run_mutation(
            info,
            lambda session: service.end_assignment(
                session, info.context.viewer, assignment_id, input.ended_on
            ),
            target=f"grid_assignment:{assignment_id}",
        )
        return EndGridAssignmentPayload(
            grid_assignment=GridAssignment.from_row(row) if row else None, user_errors=errors
        )
