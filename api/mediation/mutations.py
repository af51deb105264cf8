"""Mutations on mediation committees and mediators: create, change, close / end.

Each converts its input to the request of ``governance.mediation.service``, where every rule is.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.editing import ERRORS, EXPECTED_VERSION, REASON, WHO, Edit, run_edit
from api.listing import decode_global_id
from api.mediation.types import MediationCommittee, Mediator, MediatorRole
from api.mutations import UserError
from governance.editing import Ending
from governance.mediation import service
from governance.mediation.models import MediationCommittee as CommitteeRow
from governance.mediation.models import Mediator as MediatorRow
from governance.mediation.models import MediatorRole as RoleValue


@strawberry.input(description="A new people's mediation committee.")
class CreateMediationCommitteeInput:
    region_code: str = strawberry.field(description="The township's or village's code.")
    name: str = strawberry.field(description="Name, e.g. 花石社区人民调解委员会.")
    established_on: dt.date | None = strawberry.field(
        default=None, description="Founding day, if known."
    )


@strawberry.input(description="A committee's fields as they should now be (all of them).")
class ChangeMediationCommitteeInput:
    committee_id: relay.GlobalID = strawberry.field(description="The MediationCommittee.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    name: str = strawberry.field(description="Name.")
    established_on: dt.date | None = strawberry.field(
        default=None, description="Founding day (null: unknown)."
    )


@strawberry.input(description="Which committee closes, and on which day.")
class CloseMediationCommitteeInput:
    committee_id: relay.GlobalID = strawberry.field(description="The MediationCommittee.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="The day it closes (counts no more).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a mediation committee.")
class MediationCommitteePayload:
    committee: MediationCommittee | None = strawberry.field(
        description="The committee as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A person joining a committee as a mediator.")
class AppointMediatorInput:
    committee_id: relay.GlobalID = strawberry.field(description="The MediationCommittee.")
    person_id: relay.GlobalID = strawberry.field(description="The Person.")
    role: MediatorRole = strawberry.field(description="Role in the committee.")
    full_time: bool = strawberry.field(description="Full-time (专职) rather than part-time.")
    gold_medal: bool = strawberry.field(
        default=False, description="Recognised as a gold-medal mediator (金牌调解员)."
    )
    started_on: dt.date = strawberry.field(description="First day on the committee.")


@strawberry.input(description="A mediator's fields as they should now be (all of them).")
class ChangeMediatorInput:
    mediator_id: relay.GlobalID = strawberry.field(description="The Mediator.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    role: MediatorRole = strawberry.field(description="Role in the committee.")
    full_time: bool = strawberry.field(description="Full-time (专职) rather than part-time.")
    gold_medal: bool = strawberry.field(description="Recognised as a gold-medal mediator.")
    started_on: dt.date = strawberry.field(description="First day on the committee.")


@strawberry.input(description="Which mediator's term ends, and on which day.")
class EndMediatorInput:
    mediator_id: relay.GlobalID = strawberry.field(description="The Mediator.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="The day the term ends (counts no more).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a mediator.")
class MediatorPayload:
    mediator: Mediator | None = strawberry.field(
        description="The mediator as they now are; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _committee_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "MediationCommittee", "committeeId")


def _mediator_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "Mediator", "mediatorId")


async def _committee(info: Info, edit: Edit[CommitteeRow]) -> MediationCommitteePayload:
    row, errors = await run_edit(info, edit, "mediation_committee")
    return MediationCommitteePayload(
        committee=MediationCommittee.from_row(row) if row else None, user_errors=errors
    )


async def _mediator(info: Info, edit: Edit[MediatorRow]) -> MediatorPayload:
    row, errors = await run_edit(info, edit, "mediator")
    return MediatorPayload(mediator=Mediator.from_row(row) if row else None, user_errors=errors)


@strawberry.type
class MediationMutations:
    @strawberry.mutation(
        description=(
            f"Create a township's or village's people's mediation committee (one open per "
            f"region). {WHO} Refusal codes: REQUIRED, TOO_LONG, REGION_NOT_FOUND, FORBIDDEN, "
            "COMMITTEE_OPEN."
        )
    )
    async def create_mediation_committee(
        self,
        info: Info,
        input: Annotated[
            CreateMediationCommitteeInput, strawberry.argument(description="The committee.")
        ],
    ) -> MediationCommitteePayload:
        draft = service.CommitteeDraft(input.region_code, input.name, input.established_on)
        return await _committee(info, lambda s, v, at: service.create_committee(s, v, at, draft))

    @strawberry.mutation(
        description=(
            f"Correct a committee's name or founding day. {WHO} Refusal codes: "
            "COMMITTEE_NOT_FOUND (also: not one you may manage), ALREADY_ENDED, STALE_VERSION, "
            "REQUIRED, TOO_LONG."
        )
    )
    async def change_mediation_committee(
        self,
        info: Info,
        input: Annotated[
            ChangeMediationCommitteeInput, strawberry.argument(description="The new fields.")
        ],
    ) -> MediationCommitteePayload:
        edit = service.CommitteeEdit(
            _committee_id(input.committee_id),
            input.expected_version,
            input.name,
            input.established_on,
        )
        return await _committee(info, lambda s, v, at: service.change_committee(s, v, at, edit))

    @strawberry.mutation(
        description=(
            "Close a committee (kept on record; a new one may then be created for the region). "
            "The terms of its serving mediators end the same day. New dispute cases are refused "
            f"before it. {WHO} Refusal codes: COMMITTEE_NOT_FOUND (also: not one you may "
            "manage), ALREADY_ENDED, STALE_VERSION, ENDS_BEFORE_START, TOO_LONG."
        )
    )
    async def close_mediation_committee(
        self,
        info: Info,
        input: Annotated[
            CloseMediationCommitteeInput, strawberry.argument(description="What closes, when.")
        ],
    ) -> MediationCommitteePayload:
        ending = Ending(
            _committee_id(input.committee_id), input.expected_version, input.ended_on, input.reason
        )
        return await _committee(info, lambda s, v, at: service.close_committee(s, v, at, ending))

    @strawberry.mutation(
        description=(
            f"Appoint a person as a mediator of an open committee. {WHO} Refusal codes: "
            "COMMITTEE_NOT_FOUND (also: not one you may manage), ALREADY_ENDED (the committee "
            "closed), PERSON_NOT_FOUND (also: not one you may see), ALREADY_ASSIGNED (serving "
            "already)."
        )
    )
    async def appoint_mediator(
        self,
        info: Info,
        input: Annotated[AppointMediatorInput, strawberry.argument(description="The mediator.")],
    ) -> MediatorPayload:
        draft = service.MediatorDraft(
            committee_id=_committee_id(input.committee_id),
            person_id=decode_global_id(input.person_id, "Person", "personId"),
            role=RoleValue[input.role.name],
            full_time=input.full_time,
            started_on=input.started_on,
            gold_medal=input.gold_medal,
        )
        return await _mediator(info, lambda s, v, at: service.appoint_mediator(s, v, at, draft))

    @strawberry.mutation(
        description=(
            f"Change a serving mediator's role, employment or recognition. {WHO} Refusal codes: "
            "MEDIATOR_NOT_FOUND (also: not one you may manage), ALREADY_ENDED, STALE_VERSION."
        )
    )
    async def change_mediator(
        self,
        info: Info,
        input: Annotated[ChangeMediatorInput, strawberry.argument(description="The new fields.")],
    ) -> MediatorPayload:
        edit = service.MediatorEdit(
            mediator_id=_mediator_id(input.mediator_id),
            expected_version=input.expected_version,
            role=RoleValue[input.role.name],
            full_time=input.full_time,
            gold_medal=input.gold_medal,
            started_on=input.started_on,
        )
        return await _mediator(info, lambda s, v, at: service.change_mediator(s, v, at, edit))

    @strawberry.mutation(
        description=(
            f"End a mediator's term (kept on record). {WHO} Refusal codes: MEDIATOR_NOT_FOUND "
            "(also: not one you may manage), ALREADY_ENDED, STALE_VERSION, ENDS_BEFORE_START, "
            "TOO_LONG."
        )
    )
    async def end_mediator(
        self,
        info: Info,
        input: Annotated[EndMediatorInput, strawberry.argument(description="What ends, when.")],
    ) -> MediatorPayload:
        ending = Ending(
            _mediator_id(input.mediator_id), input.expected_version, input.ended_on, input.reason
        )
        return await _mediator(info, lambda s, v, at: service.end_mediator(s, v, at, ending))
