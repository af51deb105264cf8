"""Mutations on grid assignments (包联: who is in charge of which grid): assigning a worker,
changing an assignment (another person, role or duties) and ending it, with history."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.editing import EXPECTED_VERSION, REASON
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
    person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Global id of the Person (or give `officialName`)."
    )
    official_name: str | None = strawberry.field(
        default=None,
        description="Instead of `personId`, for a township official's role: the official in "
        "charge (包联) by name, when not on the roster.",
    )
    official_post: str | None = strawberry.field(
        default=None, description="The named official's post, e.g. 乡镇党委副书记."
    )
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
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="Last day (not before the first).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(
    description="A running assignment as it should now be (all fields): hand the grid to "
    "another person (包联 changes hands), or change the role or duties."
)
class ChangeGridAssignmentInput:
    assignment_id: relay.GlobalID = strawberry.field(description="Global id of the assignment.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Global id of the Person in charge (or give `officialName`)."
    )
    official_name: str | None = strawberry.field(
        default=None,
        description="Instead of `personId`, for a township official's role: the official in "
        "charge (包联) by name, when not on the roster.",
    )
    official_post: str | None = strawberry.field(
        default=None, description="The named official's post, e.g. 乡镇党委副书记."
    )
    role: GridRole = strawberry.field(description="Role in the grid.")
    volunteer_source: VolunteerSource | None = strawberry.field(
        default=None, description="Required for VOLUNTEER, forbidden otherwise."
    )
    duties: list[GridDuty] = strawberry.field(
        description="Duties carried (at least one; repeats ignored)."
    )


@strawberry.type(description="Result of `changeGridAssignment`.")
class ChangeGridAssignmentPayload:
    grid_assignment: GridAssignment | None = strawberry.field(
        description="The assignment as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.type(description="Result of `endGridAssignment`.")
class EndGridAssignmentPayload:
    grid_assignment: GridAssignment | None = strawberry.field(
        description="The ended assignment; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


def _person_id(value: relay.GlobalID | None) -> int | None:
    return decode_global_id(value, "Person", "personId") if value is not None else None


@strawberry.type
class GridMutations:
    @strawberry.mutation(
        description=(
            "Make a person responsible for a grid (or, for a township official's role, an "
            "official named in words). County, township and village admins only, for grids in "
            "their region. Refusal codes: HOLDER_INVALID, TOO_LONG, GRID_NOT_FOUND, NOT_A_GRID, "
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
            person_id=_person_id(input.person_id),
            role=RoleValue[input.role.name],
            volunteer_source=SourceValue[input.volunteer_source.name]
            if input.volunteer_source
            else None,
            duties=[DutyValue[duty.name] for duty in input.duties],
            started_on=input.started_on,
            official_name=input.official_name,
            official_post=input.official_post,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda session: service.assign_worker(session, viewer, request, now),
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
            "ENDS_BEFORE_START, STALE_VERSION, TOO_LONG."
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
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda session: service.end_assignment(
                session,
                viewer,
                assignment_id,
                input.ended_on,
                expected_version=input.expected_version,
                at=now,
                reason=input.reason,
            ),
            target=f"grid_assignment:{assignment_id}",
        )
        return EndGridAssignmentPayload(
            grid_assignment=GridAssignment.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "Hand a running assignment to another person (the leader in charge, 包联, changes "
            "hands: the history keeps who was in charge when), or change its role or duties. "
            "County, township and village admins only, for grids in their region. Refusal "
            "codes: ASSIGNMENT_NOT_FOUND (also: not one you may manage), ALREADY_ENDED, "
            "STALE_VERSION, HOLDER_INVALID, TOO_LONG, PERSON_NOT_FOUND (also: not one you may "
            "see), ALREADY_ASSIGNED, "
            "VOLUNTEER_SOURCE_REQUIRED, VOLUNTEER_SOURCE_NOT_ALLOWED, DUTIES_REQUIRED."
        )
    )
    async def change_grid_assignment(
        self,
        info: Info,
        input: Annotated[
            ChangeGridAssignmentInput, strawberry.argument(description="The new fields.")
        ],
    ) -> ChangeGridAssignmentPayload:
        assignment_id = decode_global_id(input.assignment_id, "GridAssignment", "assignmentId")
        edit = service.AssignmentEdit(
            assignment_id=assignment_id,
            expected_version=input.expected_version,
            person_id=_person_id(input.person_id),
            role=RoleValue[input.role.name],
            volunteer_source=SourceValue[input.volunteer_source.name]
            if input.volunteer_source
            else None,
            duties=[DutyValue[duty.name] for duty in input.duties],
            official_name=input.official_name,
            official_post=input.official_post,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda session: service.change_assignment(session, viewer, edit, now),
            target=f"grid_assignment:{assignment_id}",
        )
        return ChangeGridAssignmentPayload(
            grid_assignment=GridAssignment.from_row(row) if row else None, user_errors=errors
        )
