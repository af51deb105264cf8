"""Mutations on dispute cases: register, record a session, conclude, judicial confirmation,
performance follow-up. Mediators of the case's region and administrators act."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from api.context import Info
from api.disputes.types import (
    DisputeCase,
    DisputePartySide,
    DisputePerformance,
    DisputeSource,
    DisputeType,
)
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from governance.disputes import service
from governance.disputes.models import DisputeCase as CaseRow
from governance.disputes.models import DisputeSource as SourceValue
from governance.disputes.models import DisputeType as TypeValue
from governance.disputes.models import PartySide as SideValue
from governance.disputes.models import Performance as PerformanceValue
from governance.disputes.models import Referral


@strawberry.input(description="A party to a new dispute.")
class DisputePartyInput:
    side: DisputePartySide = strawberry.field(description="Applicant or respondent.")
    name: str = strawberry.field(description="Name (at most 100 characters).")
    person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The Person, when a known resident."
    )
    organization: bool = strawberry.field(default=False, description="An organization.")


@strawberry.input(description="A new dispute case.")
class RegisterDisputeInput:
    committee_id: relay.GlobalID = strawberry.field(description="The MediationCommittee.")
    region_code: str = strawberry.field(
        description="Where it arose: the committee's region or below (township, village, grid)."
    )
    dispute_type: DisputeType = strawberry.field(description="Kind of dispute.")
    source: DisputeSource = strawberry.field(description="How it came.")
    grid_event_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The GridEvent it came from: exactly when source is GRID_EVENT."
    )
    summary: str = strawberry.field(description="What it is about (at most 2,000 characters).")
    amount_at_stake_fen: int = strawberry.field(
        default=0, description="Amount in dispute in fen, 0 to 2,147,483,647."
    )
    parties: list[DisputePartyInput] = strawberry.field(
        description="2 to 20 parties, on both sides."
    )
    mediator_ids: list[relay.GlobalID] = strawberry.field(
        description="1 to 9 Mediators of the committee; the first leads."
    )


@strawberry.type(description="Result of a dispute-case mutation.")
class DisputeCasePayload:
    dispute_case: DisputeCase | None = strawberry.field(
        description="The case as changed; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.input(description="A session held on a case.")
class RecordMediationSessionInput:
    case_id: relay.GlobalID = strawberry.field(description="The DisputeCase.")
    held_on: dt.date = strawberry.field(description="Day held: from registration to today.")
    mediator_id: relay.GlobalID = strawberry.field(description="The case's Mediator who led it.")
    notes: str | None = strawberry.field(
        default=None, description="Case notes (sensitive; at most 4,000 characters)."
    )


@strawberry.enum(description="How mediation ended.")
class DisputeOutcome(Enum):
    AGREEMENT = strawberry.enum_value(
        service.Outcome.AGREEMENT,
        description="Written agreement signed by both parties and a mediator.",
    )
    FAILED = strawberry.enum_value(service.Outcome.FAILED, description="No agreement.")
    WITHDRAWN = strawberry.enum_value(service.Outcome.WITHDRAWN, description="A party withdrew.")
    ARBITRATION = strawberry.enum_value(
        Referral.ARBITRATION.value, description="Referred to arbitration."
    )
    ADMINISTRATIVE_RULING = strawberry.enum_value(
        Referral.ADMINISTRATIVE_RULING.value, description="Referred to an administrative ruling."
    )
    LITIGATION = strawberry.enum_value(
        Referral.LITIGATION.value, description="Referred to litigation (a lawsuit)."
    )


@strawberry.input(description="How a case's mediation ended.")
class ConcludeDisputeInput:
    case_id: relay.GlobalID = strawberry.field(description="The DisputeCase.")
    outcome: DisputeOutcome = strawberry.field(description="How it ended.")
    agreement_text: str | None = strawberry.field(
        default=None, description="AGREEMENT: the written agreement (at most 4,000 characters)."
    )
    signed_by_parties: bool = strawberry.field(
        default=False, description="AGREEMENT: both parties have signed it."
    )
    signing_mediator_id: relay.GlobalID | None = strawberry.field(
        default=None, description="AGREEMENT: the case's Mediator who signed it."
    )
    note: str | None = strawberry.field(default=None, description="Note for the timeline.")


@strawberry.input(description="A case whose agreement the parties brought to court.")
class RequestJudicialConfirmationInput:
    case_id: relay.GlobalID = strawberry.field(description="The DisputeCase (AGREED).")


@strawberry.input(description="A follow-up on an agreement's performance (回访).")
class RecordDisputePerformanceInput:
    case_id: relay.GlobalID = strawberry.field(description="The DisputeCase (AGREED).")
    performance: DisputePerformance = strawberry.field(description="What the follow-up found.")
    note: str | None = strawberry.field(default=None, description="Note for the timeline.")


def _case_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "DisputeCase", "caseId")


async def _run(
    info: Info, case_id: int | None, change: Callable[[AsyncSession], Awaitable[CaseRow]]
) -> DisputeCasePayload:
    target = f"dispute_case:{case_id}" if case_id is not None else None
    row, errors = await run_mutation(info, change, target=target, noun="dispute_case")
    return DisputeCasePayload(
        dispute_case=DisputeCase.from_row(row) if row else None, user_errors=errors
    )


def _registration(input: RegisterDisputeInput) -> service.Registration:
    event = input.grid_event_id
    return service.Registration(
        committee_id=decode_global_id(input.committee_id, "MediationCommittee", "committeeId"),
        region_code=input.region_code,
        dispute_type=TypeValue[input.dispute_type.name],
        source=SourceValue[input.source.name],
        summary=input.summary,
        amount_at_stake_fen=input.amount_at_stake_fen,
        parties=[
            service.Party(
                side=SideValue[party.side.name],
                name=party.name,
                person_id=decode_global_id(party.person_id, "Person", "parties")
                if party.person_id
                else None,
                organization=party.organization,
            )
            for party in input.parties
        ],
        mediator_ids=[decode_global_id(m, "Mediator", "mediatorIds") for m in input.mediator_ids],
        grid_event_id=decode_global_id(event, "GridEvent", "gridEventId") if event else None,
    )


@strawberry.type
class DisputeMutations:
    @strawberry.mutation(
        description=(
            "Register a dispute before a committee (mediators and administrators over its "
            "region). Refusal codes: COMMITTEE_NOT_FOUND, REGION_NOT_FOUND, "
            "OUTSIDE_COMMITTEE_REGION, FORBIDDEN, MEDIATOR_NOT_ON_COMMITTEE, "
            "EVENT_NOT_FOUND, GRID_EVENT_MISMATCH, PARTIES_ON_BOTH_SIDES, COUNT_OUT_OF_RANGE, "
            "AMOUNT_OUT_OF_RANGE, REQUIRED, TOO_LONG."
        )
    )
    async def register_dispute(
        self,
        info: Info,
        input: Annotated[RegisterDisputeInput, strawberry.argument(description="The case.")],
    ) -> DisputeCasePayload:
        request = _registration(input)
        viewer, now = info.context.viewer, info.context.clock.now()
        return await _run(info, None, lambda s: service.register(s, viewer, now, request))

    @strawberry.mutation(
        description=(
            "Record a session; the first one starts mediation. Refusal codes: CASE_NOT_FOUND, "
            "FORBIDDEN, INVALID_TRANSITION, DATE_OUT_OF_RANGE, NOT_A_CASE_MEDIATOR, "
            "SESSION_LIMIT_REACHED, TOO_LONG."
        )
    )
    async def record_mediation_session(
        self,
        info: Info,
        input: Annotated[
            RecordMediationSessionInput, strawberry.argument(description="The session.")
        ],
    ) -> DisputeCasePayload:
        request = service.SessionRequest(
            case_id=_case_id(input.case_id),
            held_on=input.held_on,
            mediator_id=decode_global_id(input.mediator_id, "Mediator", "mediatorId"),
            notes=input.notes,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        return await _run(
            info, request.case_id, lambda s: service.hold_session(s, viewer, now, request)
        )

    @strawberry.mutation(
        description=(
            "End mediation: agreement, failure, withdrawal or referral. Refusal codes: "
            "CASE_NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, AGREEMENT_TEXT_REQUIRED, "
            "AGREEMENT_UNSIGNED, SIGNING_MEDIATOR_REQUIRED, NOT_A_CASE_MEDIATOR, NOTE_TOO_LONG, "
            "REQUIRED, TOO_LONG."
        )
    )
    async def conclude_dispute(
        self,
        info: Info,
        input: Annotated[ConcludeDisputeInput, strawberry.argument(description="The outcome.")],
    ) -> DisputeCasePayload:
        signer = input.signing_mediator_id
        request = service.Conclusion(
            case_id=_case_id(input.case_id),
            outcome=input.outcome.name,
            note=input.note,
            agreement_text=input.agreement_text,
            signed_by_parties=input.signed_by_parties,
            signing_mediator_id=decode_global_id(signer, "Mediator", "signingMediatorId")
            if signer
            else None,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        return await _run(
            info, request.case_id, lambda s: service.conclude(s, viewer, now, request)
        )

    @strawberry.mutation(
        description=(
            "Record that the parties applied for judicial confirmation (within 30 days of "
            "signing, by the server's clock). Refusal codes: CASE_NOT_FOUND, FORBIDDEN, "
            "INVALID_TRANSITION, ALREADY_REQUESTED, JUDICIAL_CONFIRMATION_WINDOW_CLOSED."
        )
    )
    async def request_judicial_confirmation(
        self,
        info: Info,
        input: Annotated[
            RequestJudicialConfirmationInput, strawberry.argument(description="The case.")
        ],
    ) -> DisputeCasePayload:
        case_id = _case_id(input.case_id)
        viewer, now = info.context.viewer, info.context.clock.now()
        return await _run(
            info,
            case_id,
            lambda s: service.request_judicial_confirmation(s, viewer, now, case_id),
        )

    @strawberry.mutation(
        description=(
            "Record a follow-up on an agreement's performance. Refusal codes: CASE_NOT_FOUND, "
            "FORBIDDEN, INVALID_TRANSITION, NOTE_TOO_LONG."
        )
    )
    async def record_dispute_performance(
        self,
        info: Info,
        input: Annotated[
            RecordDisputePerformanceInput, strawberry.argument(description="The follow-up.")
        ],
    ) -> DisputeCasePayload:
        case_id = _case_id(input.case_id)
        performance = PerformanceValue[input.performance.name]
        viewer, now = info.context.viewer, info.context.clock.now()
        return await _run(
            info,
            case_id,
            lambda s: service.record_performance(
                s, viewer, now, case_id, performance=performance, note=input.note
            ),
        )
