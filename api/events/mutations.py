"""Mutations on grid events: report, take a step, sweep overdue ones, set deadlines.

The actor is always the signed-in viewer; refusals (including invalid transitions) are
``userErrors`` and change nothing.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.events.enums import GridEventCategory, GridEventStep
from api.events.queries import GridEventDeadline
from api.events.types import GridEvent
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from api.workflows.common import GovernanceLevel
from governance.events import service
from governance.events.models import ATTACHMENTS_MAX, SATISFACTION_MAX, SATISFACTION_MIN
from governance.events.models import EventAction as ActionValue
from governance.events.models import EventCategory as CategoryValue
from governance.events.repository import SWEEP_BATCH_MAX
from governance.workflows.common import Level

ESCALATED_LIST_MAX = 100


@strawberry.input(description="A new grid event. The reporter is the signed-in user.")
class ReportGridEventInput:
    grid_code: str = strawberry.field(description="The grid's 15-digit code.")
    category: GridEventCategory = strawberry.field(description="Kind of matter.")
    title: str = strawberry.field(description="Short title (at most 100 characters).")
    description: str = strawberry.field(description="What happened (at most 2,000 characters).")
    attachment_refs: list[str] = strawberry.field(
        default_factory=list,
        description=f"References to uploaded files (at most {ATTACHMENTS_MAX}).",
    )


@strawberry.type(description="Result of a grid-event mutation.")
class GridEventPayload:
    grid_event: GridEvent | None = strawberry.field(
        description="The event as changed; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.input(description="One step on a grid event.")
class TransitionGridEventInput:
    event_id: relay.GlobalID = strawberry.field(description="Global id of the GridEvent.")
    step: GridEventStep = strawberry.field(description="The step to take.")
    note: str | None = strawberry.field(
        default=None, description="Note for the timeline (at most 2,000 characters)."
    )
    assignee_person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="ASSIGN only: the Person to assign (or a department)."
    )
    assignee_department: str | None = strawberry.field(
        default=None, description="ASSIGN only: the department to assign (or a person)."
    )
    satisfaction: int | None = strawberry.field(
        default=None,
        description=f"EVALUATE only: rating {SATISFACTION_MIN} (poor) to {SATISFACTION_MAX}.",
    )


@strawberry.input(description="Which overdue events to escalate now.")
class EscalateOverdueGridEventsInput:
    under_region: str | None = strawberry.field(
        default=None, description="Only events at or below this region (within your scope)."
    )


@strawberry.type(description="Result of `escalateOverdueGridEvents`.")
class EscalateOverdueGridEventsPayload:
    escalated: list[GridEvent] = strawberry.field(
        description=f"Events escalated (at most {ESCALATED_LIST_MAX} listed)."
    )
    escalated_count: int = strawberry.field(description="How many events were escalated.")
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.input(description="A county's deadline for a category at a level.")
class SetGridEventDeadlineInput:
    county_code: str = strawberry.field(description="The county's 6-digit code.")
    category: GridEventCategory = strawberry.field(description="Event category.")
    level: GovernanceLevel = strawberry.field(description="Handling level.")
    hours: int = strawberry.field(description="Hours allowed (1 to 2,160, i.e. 90 days).")


@strawberry.type(description="Result of `setGridEventDeadline`.")
class SetGridEventDeadlinePayload:
    deadline: GridEventDeadline | None = strawberry.field(
        description="The deadline now in force; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


def _step_of(input: TransitionGridEventInput) -> service.Step:
    person = input.assignee_person_id
    return service.Step(
        event_id=decode_global_id(input.event_id, "GridEvent", "eventId"),
        action=ActionValue[input.step.name],
        note=input.note,
        assignee_person_id=decode_global_id(person, "Person", "assigneePersonId")
        if person
        else None,
        assignee_department=input.assignee_department,
        satisfaction=input.satisfaction,
    )


@strawberry.type
class EventMutations:
    @strawberry.mutation(
        description=(
            "Report an event in a grid: grid workers and staff in their subtree, residents in "
            "their own village. Refusal codes: FORBIDDEN, GRID_NOT_FOUND, NOT_A_GRID, "
            "REQUIRED, TOO_LONG, TOO_MANY_ATTACHMENTS."
        )
    )
    async def report_grid_event(
        self,
        info: Info,
        input: Annotated[ReportGridEventInput, strawberry.argument(description="The report.")],
    ) -> GridEventPayload:
        request = service.Report(
            grid_code=input.grid_code,
            category=CategoryValue[input.category.name],
            title=input.title,
            description=input.description,
            attachment_refs=tuple(input.attachment_refs),
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda session: service.report(session, viewer, now, request),
            noun="grid_event",
        )
        return GridEventPayload(
            grid_event=GridEvent.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "Take one step on an event (overdue escalations are applied first). Managing steps "
            "(ACCEPT, REJECT, ASSIGN, ESCALATE, CLOSE, REOPEN) need a grant over the handling "
            "region; field steps (START_HANDLING, GIVE_FEEDBACK, VERIFY, RETURN_FOR_REWORK) a "
            "grant over the grid; EVALUATE the reporter or staff over the grid. Refusal codes: "
            "EVENT_NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, ALREADY_AT_TOP, "
            "ASSIGNEE_REQUIRED, ASSIGNEE_NOT_ALLOWED, PERSON_NOT_FOUND, SATISFACTION_OUT_OF_RANGE, "
            "SATISFACTION_NOT_ALLOWED, NOTE_TOO_LONG, REQUIRED, TOO_LONG."
        )
    )
    async def transition_grid_event(
        self,
        info: Info,
        input: Annotated[TransitionGridEventInput, strawberry.argument(description="The step.")],
    ) -> GridEventPayload:
        request = _step_of(input)
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda session: service.act(session, viewer, now, request),
            target=f"grid_event:{request.event_id}",
        )
        return GridEventPayload(
            grid_event=GridEvent.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "Escalate now every overdue event in your scope (the background sweep does the "
            f"same every interval), up to {SWEEP_BATCH_MAX} per call. Administrators only. "
            "Refusal codes: FORBIDDEN, REGION_NOT_FOUND."
        )
    )
    async def escalate_overdue_grid_events(
        self,
        info: Info,
        input: Annotated[EscalateOverdueGridEventsInput, strawberry.argument(description="Where.")],
    ) -> EscalateOverdueGridEventsPayload:
        viewer, now = info.context.viewer, info.context.clock.now()

        rows, errors = await run_mutation(
            info,
            lambda session: service.escalate_overdue_by_hand(
                session, now, viewer, SWEEP_BATCH_MAX, input.under_region
            ),
        )
        return EscalateOverdueGridEventsPayload(
            escalated=[GridEvent.from_row(row) for row in (rows or [])[:ESCALATED_LIST_MAX]],
            escalated_count=len(rows or []),
            user_errors=errors,
        )

    @strawberry.mutation(
        description=(
            "Set the hours a level has for a category in a county (county administrators). "
            "Applies to deadlines started from now on. Refusal codes: NOT_A_COUNTY, "
            "FORBIDDEN, HOURS_OUT_OF_RANGE."
        )
    )
    async def set_grid_event_deadline(
        self,
        info: Info,
        input: Annotated[SetGridEventDeadlineInput, strawberry.argument(description="The rule.")],
    ) -> SetGridEventDeadlinePayload:
        viewer = info.context.viewer
        row, errors = await run_mutation(
            info,
            lambda session: service.set_deadline(
                session,
                viewer,
                county_code=input.county_code,
                category=CategoryValue[input.category.name],
                level=Level[input.level.name],
                hours=input.hours,
            ),
            noun="event_deadline_rule",
        )
        if row is None:
            return SetGridEventDeadlinePayload(deadline=None, user_errors=errors)
        deadline = GridEventDeadline(
            category=input.category, level=input.level, hours=row.hours, configured=True
        )
        return SetGridEventDeadlinePayload(deadline=deadline, user_errors=[])
