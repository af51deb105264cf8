"""Mutations on petitions: receive, take a step (visits included), record hearings and
reception days. Administrators over the receiving region act."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from api.petitions.types import HearingKind, Petition, PetitionHearing, ReceptionDay
from governance.petitions import service
from governance.petitions.models import HearingKind as KindValue
from governance.petitions.models import PetitionAction as ActionValue


@strawberry.input(description="A petitioner of a new matter.")
class PetitionerInput:
    name: str = strawberry.field(description="Name (at most 100 characters).")
    person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The Person, when a known resident."
    )
    representative: bool = strawberry.field(
        default=False, description="A representative of a joint visit (at most 5)."
    )


@strawberry.input(description="A matter received at a county, township or village.")
class ReceivePetitionInput:
    region_code: str = strawberry.field(description="The receiving county, township or village.")
    subject: str = strawberry.field(description="Subject (at most 200 characters).")
    content: str = strawberry.field(description="What is asked (at most 4,000 characters).")
    major: bool = strawberry.field(default=False, description="A major case.")
    leader_name: str = strawberry.field(description="Leader in charge (包联).")
    leader_post: str = strawberry.field(description="The leader's post.")
    petitioners: list[PetitionerInput] = strawberry.field(description="1 to 100 petitioners.")
    visitors_count: int = strawberry.field(
        default=1, description="People at this first visit (1 to 5)."
    )


@strawberry.type(description="Result of a petition mutation.")
class PetitionPayload:
    petition: Petition | None = strawberry.field(description="The petition; null when refused.")
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.enum(description="A step an administrator takes on a petition.")
class PetitionStep(Enum):
    ACCEPT = strawberry.enum_value(ActionValue.ACCEPT, description="Accept (from RECEIVED).")
    DECLINE = strawberry.enum_value(ActionValue.DECLINE, description="Decline (from RECEIVED).")
    EXTEND = strawberry.enum_value(
        ActionValue.EXTEND, description="Extend handling by 30 days, once (from ACCEPTED)."
    )
    REPLY = strawberry.enum_value(
        ActionValue.REPLY, description="Written reply (from ACCEPTED); needs replyText, resolved."
    )
    REQUEST_REVIEW = strawberry.enum_value(
        ActionValue.REQUEST_REVIEW, description="Review requested within 30 days of the reply."
    )
    REVIEW = strawberry.enum_value(
        ActionValue.REVIEW, description="Review decision; needs replyText and resolved."
    )
    REQUEST_RE_REVIEW = strawberry.enum_value(
        ActionValue.REQUEST_RE_REVIEW, description="Re-review requested within 30 days."
    )
    RE_REVIEW = strawberry.enum_value(
        ActionValue.RE_REVIEW, description="Final decision; needs replyText and resolved."
    )
    RECORD_VISIT = strawberry.enum_value(
        ActionValue.RECORD_VISIT, description="The petitioners came again (any status)."
    )


@strawberry.input(description="One step on a petition.")
class TransitionPetitionInput:
    petition_id: relay.GlobalID = strawberry.field(description="The Petition.")
    step: PetitionStep = strawberry.field(description="The step.")
    note: str | None = strawberry.field(default=None, description="Note for the timeline.")
    reply_text: str | None = strawberry.field(
        default=None, description="REPLY, REVIEW, RE_REVIEW: the written answer."
    )
    resolved: bool | None = strawberry.field(
        default=None, description="REPLY, REVIEW, RE_REVIEW: whether it settles the matter."
    )
    visitors_count: int = strawberry.field(
        default=1, description="RECORD_VISIT: people who came (1 to 5)."
    )


@strawberry.input(description="A hearing or consultation on a major case.")
class RecordPetitionHearingInput:
    region_code: str = strawberry.field(description="The county or township holding it.")
    kind: HearingKind = strawberry.field(description="Hearing or consultation.")
    held_on: dt.date = strawberry.field(description="Day held (not in the future).")
    chair_name: str = strawberry.field(description="Who chaired it.")
    chair_post: str = strawberry.field(description="The chair's post (e.g. 政法委书记).")
    participants_count: int = strawberry.field(description="Participants (at least 1).")
    summary: str = strawberry.field(description="What was heard or agreed.")
    petition_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The major Petition heard, if any."
    )


@strawberry.type(description="Result of `recordPetitionHearing`.")
class PetitionHearingPayload:
    hearing: PetitionHearing | None = strawberry.field(description="Recorded; null if refused.")
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.input(description="A leader's reception day.")
class RecordReceptionDayInput:
    region_code: str = strawberry.field(description="Where (county, township or village).")
    held_on: dt.date = strawberry.field(description="Day held (not in the future).")
    leader_name: str = strawberry.field(description="The receiving leader.")
    leader_post: str = strawberry.field(description="The leader's post.")
    location: str = strawberry.field(description="Where exactly.")
    petitioners_received: int = strawberry.field(description="Petitioners received.")
    matters_resolved_on_site: int = strawberry.field(
        description="Matters settled on the spot (at most those received)."
    )


@strawberry.type(description="Result of `recordReceptionDay`.")
class ReceptionDayPayload:
    reception_day: ReceptionDay | None = strawberry.field(description="Recorded; null if refused.")
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


def _reception(input: ReceivePetitionInput) -> service.Reception:
    return service.Reception(
        region_code=input.region_code,
        subject=input.subject,
        content=input.content,
        major=input.major,
        leader_name=input.leader_name,
        leader_post=input.leader_post,
        petitioners=[
            service.PetitionerEntry(
                name=p.name,
                person_id=decode_global_id(p.person_id, "Person", "petitioners")
                if p.person_id
                else None,
                representative=p.representative,
            )
            for p in input.petitioners
        ],
        visitors_count=input.visitors_count,
    )


@strawberry.type
class PetitionMutations:
    @strawberry.mutation(
        description=(
            "Receive a matter (its first visit); the 15-day acceptance clock starts. Refusal "
            "codes: NOT_A_RECEIVING_REGION, FORBIDDEN, TOO_MANY_REPRESENTATIVES, "
            "TOO_MANY_VISITORS, COUNT_OUT_OF_RANGE, REQUIRED, TOO_LONG."
        )
    )
    async def receive_petition(
        self,
        info: Info,
        input: Annotated[ReceivePetitionInput, strawberry.argument(description="The matter.")],
    ) -> PetitionPayload:
        request = _reception(input)
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: service.receive(s, viewer, now, request),
            noun="petition",
        )
        return PetitionPayload(petition=Petition.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(
        description=(
            "Take one step on a petition. Refusal codes: PETITION_NOT_FOUND, FORBIDDEN, "
            "INVALID_TRANSITION, ALREADY_EXTENDED, REPLY_REQUIRED, RESOLVED_REQUIRED, "
            "REVIEW_WINDOW_CLOSED, TOO_MANY_VISITORS, VISIT_LIMIT_REACHED, NOTE_TOO_LONG, "
            "REQUIRED, TOO_LONG."
        )
    )
    async def transition_petition(
        self,
        info: Info,
        input: Annotated[TransitionPetitionInput, strawberry.argument(description="The step.")],
    ) -> PetitionPayload:
        request = service.Step(
            petition_id=decode_global_id(input.petition_id, "Petition", "petitionId"),
            action=ActionValue[input.step.name],
            note=input.note,
            reply_text=input.reply_text,
            resolved=input.resolved,
            visitors_count=input.visitors_count,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: service.act(s, viewer, now, request),
            target=f"petition:{request.petition_id}",
        )
        return PetitionPayload(petition=Petition.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(
        description=(
            "Record a hearing or consultation. Refusal codes: NOT_A_COUNTY_OR_TOWNSHIP, "
            "NOT_A_RECEIVING_REGION, FORBIDDEN, DATE_IN_FUTURE, PETITION_NOT_FOUND, "
            "NOT_A_MAJOR_CASE, COUNT_OUT_OF_RANGE, REQUIRED, TOO_LONG."
        )
    )
    async def record_petition_hearing(
        self,
        info: Info,
        input: Annotated[RecordPetitionHearingInput, strawberry.argument(description="It.")],
    ) -> PetitionHearingPayload:
        petition = input.petition_id
        request = service.Hearing(
            region_code=input.region_code,
            kind=KindValue[input.kind.name],
            held_on=input.held_on,
            chair_name=input.chair_name,
            chair_post=input.chair_post,
            participants_count=input.participants_count,
            summary=input.summary,
            petition_id=decode_global_id(petition, "Petition", "petitionId") if petition else None,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: service.record_hearing(s, viewer, now, request),
            noun="petition_hearing",
        )
        return PetitionHearingPayload(
            hearing=PetitionHearing.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "Record a leader's reception day. Refusal codes: NOT_A_RECEIVING_REGION, "
            "FORBIDDEN, DATE_IN_FUTURE, COUNT_OUT_OF_RANGE, REQUIRED, TOO_LONG."
        )
    )
    async def record_reception_day(
        self,
        info: Info,
        input: Annotated[RecordReceptionDayInput, strawberry.argument(description="The day.")],
    ) -> ReceptionDayPayload:
        request = service.Receiving(
            region_code=input.region_code,
            held_on=input.held_on,
            leader_name=input.leader_name,
            leader_post=input.leader_post,
            location=input.location,
            petitioners_received=input.petitioners_received,
            matters_resolved_on_site=input.matters_resolved_on_site,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: service.record_reception_day(s, viewer, now, request),
            noun="reception_day",
        )
        return ReceptionDayPayload(
            reception_day=ReceptionDay.from_row(row) if row else None, user_errors=errors
        )
