"""Mutations of self-governance: record a deliberation meeting, publish a disclosure."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from api.context import Info
from api.deliberation.types import (
    DeliberationMeeting,
    DisclosureKind,
    MeetingForm,
    VillageDisclosure,
)
from api.mutations import UserError, run_mutation
from governance.deliberation import service
from governance.deliberation.models import DisclosureKind as KindValue
from governance.deliberation.models import MeetingForm as FormValue


@strawberry.input(description="A deliberation meeting that was held.")
class RecordDeliberationMeetingInput:
    region_code: str = strawberry.field(description="The village (or a grid of it).")
    form: MeetingForm = strawberry.field(description="Form of the meeting.")
    topic: str = strawberry.field(description="Topic (at most 200 characters).")
    held_on: dt.date = strawberry.field(description="Day held (not in the future).")
    participants_count: int = strawberry.field(description="Participants.")
    quorum_count: int = strawberry.field(description="Participants needed for decisions (≥ 1).")
    decisions: str | None = strawberry.field(
        default=None, description="Decisions taken (at most 4,000 characters)."
    )


@strawberry.type(description="Result of `recordDeliberationMeeting`.")
class DeliberationMeetingPayload:
    meeting: DeliberationMeeting | None = strawberry.field(description="Recorded; null if refused.")
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.input(description="A disclosure posted today.")
class PublishVillageDisclosureInput:
    village_code: str = strawberry.field(description="The village or community.")
    kind: DisclosureKind = strawberry.field(description="What it covers.")
    title: str = strawberry.field(description="Title (at most 200 characters).")
    summary: str = strawberry.field(description="What is disclosed (at most 4,000 characters).")
    period_start: dt.date = strawberry.field(description="First day covered (not in the future).")
    period_end: dt.date = strawberry.field(description="Last day covered.")
    includes_donations: bool = strawberry.field(
        default=False, description="FINANCES only: donations (supermarket included) are listed."
    )


@strawberry.type(description="Result of `publishVillageDisclosure`.")
class VillageDisclosurePayload:
    disclosure: VillageDisclosure | None = strawberry.field(description="Posted; null if refused.")
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.type
class DeliberationMutations:
    @strawberry.mutation(
        description=(
            "Record a deliberation meeting (grid workers and administrators in their subtree). "
            "Refusal codes: REGION_NOT_FOUND, FORBIDDEN, DATE_IN_FUTURE, "
            "COUNT_OUT_OF_RANGE, REQUIRED, TOO_LONG."
        )
    )
    async def record_deliberation_meeting(
        self,
        info: Info,
        input: Annotated[
            RecordDeliberationMeetingInput, strawberry.argument(description="The meeting.")
        ],
    ) -> DeliberationMeetingPayload:
        request = service.Meeting(
            region_code=input.region_code,
            form=FormValue[input.form.name],
            topic=input.topic,
            held_on=input.held_on,
            participants_count=input.participants_count,
            quorum_count=input.quorum_count,
            decisions=input.decisions,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: service.record_meeting(s, viewer, now, request),
            noun="deliberation_meeting",
        )
        return DeliberationMeetingPayload(
            meeting=DeliberationMeeting.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "Post a village-affairs disclosure today (village, township and county "
            "administrators). Refusal codes: REGION_NOT_FOUND, FORBIDDEN, PERIOD_INVALID, "
            "DONATIONS_IN_FINANCES_ONLY, REQUIRED, TOO_LONG."
        )
    )
    async def publish_village_disclosure(
        self,
        info: Info,
        input: Annotated[
            PublishVillageDisclosureInput, strawberry.argument(description="The disclosure.")
        ],
    ) -> VillageDisclosurePayload:
        request = service.Disclosure(
            village_code=input.village_code,
            kind=KindValue[input.kind.name],
            title=input.title,
            summary=input.summary,
            period_start=input.period_start,
            period_end=input.period_end,
            includes_donations=input.includes_donations,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: service.publish(s, viewer, now, request),
            noun="village_disclosure",
        )
        return VillageDisclosurePayload(
            disclosure=VillageDisclosure.from_row(row) if row else None, user_errors=errors
        )
