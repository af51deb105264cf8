"""Mutations keeping persons and households current (人口信息采集): register, correct, move,
end, change the head, split and merge. Each converts its input into a request of
``governance.people.requests`` and calls the service, which decides everything (who may, what
is valid); ``docs``: README, "Persons and households"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from api.common import Person, person_from_row
from api.context import Info
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from api.people.enums import EndReason, Gender, PersonTag, RelationToHead
from api.people.types import Household
from governance.people import corrections, endings, moves, registration, restructuring
from governance.people import requests as req
from governance.people.models import EndReason as EndReasonValue
from governance.people.models import Gender as GenderValue
from governance.people.models import Household as HouseholdRow
from governance.people.models import Person as PersonRow
from governance.people.models import PersonTag as TagValue
from governance.people.models import RelationToHead as RelationValue
from governance.people.records import HOUSEHOLD_MEMBERS_MAX

R = TypeVar("R")
Action = Callable[[AsyncSession], Awaitable[R]]

EXPECTED_VERSION = "The `version` you read: a change made meanwhile refuses yours (STALE_VERSION)."
REASON = "Why (kept in the history; at most 500 characters)."
REFUSED = "Why it was refused (empty on success)."


@strawberry.input(description="A person as the roster records one (checked as `import people`).")
class MemberInput:
    name: str = strawberry.field(description="Full name (at most 50 characters).")
    gender: Gender = strawberry.field(description="As the ID-card number says.")
    birth_date: dt.date = strawberry.field(description="As the ID-card number says.")
    id_card_number: str = strawberry.field(description="18-character GB 11643 number.")
    relation_to_head: RelationToHead = strawberry.field(description="Relation to the head.")
    phone: str | None = strawberry.field(default=None, description="11-digit mobile number.")
    tags: list[PersonTag] = strawberry.field(default_factory=list, description="Labels.")

    def to_domain(self) -> req.MemberDraft:
        return req.MemberDraft(
            name=self.name,
            gender=GenderValue[self.gender.name],
            birth_date=self.birth_date,
            id_card_number=self.id_card_number,
            relation_to_head=RelationValue[self.relation_to_head.name],
            phone=self.phone,
            tags=tuple(TagValue[tag.name] for tag in self.tags),
        )


@strawberry.input(description="A new household and its members.")
class RegisterHouseholdInput:
    number: str = strawberry.field(description="Household number (户号), unique in the county.")
    region_code: str = strawberry.field(description="The village's code, or the grid's.")
    members: list[MemberInput] = strawberry.field(
        description=f"1 to {HOUSEHOLD_MEMBERS_MAX} members, exactly one of them HEAD."
    )
    address: str | None = strawberry.field(default=None, description="Street address.")


@strawberry.input(description="A person joining a household (a birth, a marriage in).")
class RegisterPersonInput:
    household_id: relay.GlobalID = strawberry.field(description="Global id of the Household.")
    member: MemberInput = strawberry.field(description="The person (not HEAD).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="Corrections to a person; omitted fields stay as they are.")
class CorrectPersonInput:
    person_id: relay.GlobalID = strawberry.field(description="Global id of the Person.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="New mobile number; null clears it."
    )
    tags: list[PersonTag] | None = strawberry.field(
        default=strawberry.UNSET, description="The labels, all of them (replaces the list)."
    )
    relation_to_head: RelationToHead | None = strawberry.field(
        default=strawberry.UNSET, description="New relation (not to or from HEAD)."
    )
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="Corrections to a household; omitted fields stay as they are.")
class CorrectHouseholdInput:
    household_id: relay.GlobalID = strawberry.field(description="Global id of the Household.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    address: str | None = strawberry.field(
        default=strawberry.UNSET, description="New address; null clears it."
    )
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="A household's new place, its members with it.")
class MoveHouseholdInput:
    household_id: relay.GlobalID = strawberry.field(description="Global id of the Household.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    region_code: str = strawberry.field(description="The new grid's or village's code.")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="A death or a move away.")
class EndPersonInput:
    person_id: relay.GlobalID = strawberry.field(description="Global id of the Person.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="Day of death or leaving (not future).")
    end_reason: EndReason = strawberry.field(description="Why (not MERGED).")
    note: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="A household's new head.")
class ChangeHouseholdHeadInput:
    household_id: relay.GlobalID = strawberry.field(description="Global id of the Household.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    head_person_id: relay.GlobalID = strawberry.field(description="A current member.")
    former_head_relation: RelationToHead = strawberry.field(
        description="The former head's relation to the new head (not HEAD)."
    )
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="A member's relation to the head of the household they join.")
class MemberRelationInput:
    person_id: relay.GlobalID = strawberry.field(description="Global id of the Person.")
    relation_to_head: RelationToHead = strawberry.field(description="Not HEAD.")


@strawberry.input(description="Members leaving a household for a new one (分户).")
class SplitHouseholdInput:
    household_id: relay.GlobalID = strawberry.field(description="The household they leave.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    number: str = strawberry.field(description="The new household's number (户号).")
    member_ids: list[relay.GlobalID] = strawberry.field(
        description="Current members leaving: some, not all, not the head."
    )
    head_person_id: relay.GlobalID = strawberry.field(description="The new head (leaving).")
    relations: list[MemberRelationInput] = strawberry.field(
        default_factory=list, description="Others' relation to the new head (default OTHER)."
    )
    address: str | None = strawberry.field(
        default=None, description="The new household's address (default: the old one's)."
    )
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="One household joining another, which it ends in (合户).")
class MergeHouseholdsInput:
    surviving_household_id: relay.GlobalID = strawberry.field(description="Who stays.")
    surviving_expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    absorbed_household_id: relay.GlobalID = strawberry.field(description="Who joins and ends.")
    absorbed_expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    relations: list[MemberRelationInput] = strawberry.field(
        default_factory=list,
        description="Joining members' relation to the surviving head (default OTHER).",
    )
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a household.")
class HouseholdPayload:
    household: Household | None = strawberry.field(description="The household; null if refused.")
    user_errors: list[UserError] = strawberry.field(description=REFUSED)


@strawberry.type(description="Result of a mutation on a person.")
class PersonPayload:
    person: Person | None = strawberry.field(description="The person; null if refused.")
    user_errors: list[UserError] = strawberry.field(description=REFUSED)


def _household_id(value: relay.GlobalID, field: str = "householdId") -> int:
    return decode_global_id(value, "Household", field)


def _person_id(value: relay.GlobalID, field: str = "personId") -> int:
    return decode_global_id(value, "Person", field)


def _given(value: object) -> bool:
    return value is not strawberry.UNSET and value is not None


def _tags(tags: list[PersonTag]) -> tuple[TagValue, ...]:
    return tuple(TagValue[tag.name] for tag in tags)


def _relations(rows: list[MemberRelationInput]) -> dict[int, RelationValue]:
    return {
        _person_id(row.person_id, "relations"): RelationValue[row.relation_to_head.name]
        for row in rows
    }


async def _household(
    info: Info, action: Action[HouseholdRow], target: str | None = None
) -> HouseholdPayload:
    row, errors = await run_mutation(info, action, target=target, noun="household")
    return HouseholdPayload(household=Household.from_row(row) if row else None, user_errors=errors)


async def _person(
    info: Info, action: Action[PersonRow], target: str | None = None
) -> PersonPayload:
    row, errors = await run_mutation(info, action, target=target, noun="person")
    return PersonPayload(person=person_from_row(row) if row else None, user_errors=errors)


FIELD_STAFF = "Grid workers for their grid, admins for their subtree."
ADMINS = "County, township and village admins, for households in their region."


@strawberry.type
class PeopleMutations:
    @strawberry.mutation(
        description=f"Record a new household with its members (人口信息采集). {FIELD_STAFF} "
        "Refusal codes: REGION_NOT_FOUND, FORBIDDEN, HOUSEHOLD_NUMBER_TAKEN, MEMBERS_INVALID, "
        "ID_CARD_INVALID, ID_CARD_MISMATCH, PHONE_INVALID, PERSON_EXISTS, REQUIRED, TOO_LONG."
    )
    async def register_household(
        self,
        info: Info,
        input: Annotated[RegisterHouseholdInput, strawberry.argument(description="The household.")],
    ) -> HouseholdPayload:
        request = req.HouseholdRegistration(
            number=input.number,
            region_code=input.region_code,
            members=[member.to_domain() for member in input.members],
            address=input.address,
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _household(
            info, lambda s: registration.register_household(s, viewer, request, at=at)
        )

    @strawberry.mutation(
        description=f"Record a person joining a household (a birth, a marriage in). {FIELD_STAFF} "
        "Refusal codes: HOUSEHOLD_NOT_FOUND, HOUSEHOLD_ENDED, HEAD_CHANGE_REQUIRED, "
        "MEMBERS_INVALID, ID_CARD_INVALID, ID_CARD_MISMATCH, PHONE_INVALID, PERSON_EXISTS, "
        "REQUIRED, TOO_LONG."
    )
    async def register_person(
        self,
        info: Info,
        input: Annotated[RegisterPersonInput, strawberry.argument(description="The person.")],
    ) -> PersonPayload:
        request = req.PersonRegistration(
            _household_id(input.household_id), input.member.to_domain(), input.reason
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _person(
            info, lambda s: registration.register_person(s, viewer, request, at=at)
        )

    @strawberry.mutation(
        description=f"Correct a person's name, phone, tags or relation to the head. {FIELD_STAFF} "
        "Refusal codes: PERSON_NOT_FOUND, PERSON_ENDED, STALE_VERSION, HEAD_CHANGE_REQUIRED, "
        "PHONE_INVALID, REQUIRED, TOO_LONG."
    )
    async def correct_person(
        self,
        info: Info,
        input: Annotated[CorrectPersonInput, strawberry.argument(description="The corrections.")],
    ) -> PersonPayload:
        person_id = _person_id(input.person_id)
        request = req.PersonCorrection(
            person_id=person_id,
            expected_version=input.expected_version,
            name=input.name if _given(input.name) and input.name is not None else req.KEEP,
            phone=req.KEEP if input.phone is strawberry.UNSET else input.phone,
            tags=req.KEEP if not _given(input.tags) else _tags(input.tags or []),
            relation_to_head=RelationValue[input.relation_to_head.name]
            if _given(input.relation_to_head) and input.relation_to_head is not None
            else req.KEEP,
            reason=input.reason,
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _person(
            info,
            lambda s: corrections.correct_person(s, viewer, request, at=at),
            f"person:{person_id}",
        )

    @strawberry.mutation(
        description=f"Correct a household's address. {FIELD_STAFF} Refusal codes: "
        "HOUSEHOLD_NOT_FOUND, HOUSEHOLD_ENDED, STALE_VERSION, TOO_LONG."
    )
    async def correct_household(
        self,
        info: Info,
        input: Annotated[
            CorrectHouseholdInput, strawberry.argument(description="The corrections.")
        ],
    ) -> HouseholdPayload:
        household_id = _household_id(input.household_id)
        request = req.HouseholdCorrection(
            household_id,
            input.expected_version,
            req.KEEP if input.address is strawberry.UNSET else input.address,
            input.reason,
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _household(
            info,
            lambda s: corrections.correct_household(s, viewer, request, at=at),
            f"household:{household_id}",
        )

    @strawberry.mutation(
        description=f"Place a household in a grid, or move it to another grid or village; its "
        f"members move with it. {ADMINS} (both places). Its points accounts follow when their "
        "scheme covers the new place, else they are settled (see README). Refusal codes: "
        "HOUSEHOLD_NOT_FOUND, HOUSEHOLD_ENDED, STALE_VERSION, REGION_NOT_FOUND, FORBIDDEN, "
        "ACCOUNT_HAS_PENDING_ENTRIES, BALANCE_CHANGED."
    )
    async def move_household(
        self,
        info: Info,
        input: Annotated[MoveHouseholdInput, strawberry.argument(description="The move.")],
    ) -> HouseholdPayload:
        household_id = _household_id(input.household_id)
        request = req.HouseholdMove(
            household_id, input.expected_version, input.region_code, input.reason
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _household(
            info,
            lambda s: moves.move_household(s, viewer, request, at=at),
            f"household:{household_id}",
        )

    @strawberry.mutation(
        description=f"Record a death or a move away (the person is kept, end-dated). {ADMINS} "
        "The household's last member ending ends the household. Refusal codes: "
        "PERSON_NOT_FOUND, PERSON_ENDED, STALE_VERSION, HEAD_CHANGE_REQUIRED, DATE_IN_FUTURE, "
        "DATE_OUT_OF_RANGE, ACCOUNT_HAS_PENDING_ENTRIES, BALANCE_CHANGED."
    )
    async def end_person(
        self,
        info: Info,
        input: Annotated[EndPersonInput, strawberry.argument(description="What ended, when.")],
    ) -> PersonPayload:
        person_id = _person_id(input.person_id)
        request = req.PersonEnd(
            person_id,
            input.expected_version,
            input.ended_on,
            EndReasonValue[input.end_reason.name],
            input.note,
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _person(
            info, lambda s: endings.end_person(s, viewer, request, at=at), f"person:{person_id}"
        )

    @strawberry.mutation(
        description=f"Make a current member the head of the household. {ADMINS} Refusal "
        "codes: HOUSEHOLD_NOT_FOUND, HOUSEHOLD_ENDED, STALE_VERSION, NOT_A_MEMBER, "
        "HEAD_CHANGE_REQUIRED."
    )
    async def change_household_head(
        self,
        info: Info,
        input: Annotated[ChangeHouseholdHeadInput, strawberry.argument(description="The head.")],
    ) -> HouseholdPayload:
        household_id = _household_id(input.household_id)
        request = req.HeadChange(
            household_id,
            input.expected_version,
            _person_id(input.head_person_id, "headPersonId"),
            RelationValue[input.former_head_relation.name],
            input.reason,
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _household(
            info,
            lambda s: corrections.change_head(s, viewer, request, at=at),
            f"household:{household_id}",
        )

    @strawberry.mutation(
        description=f"Split members off into a new household (分户); returns the new one. "
        f"{ADMINS} The old household keeps its points accounts. Refusal codes: "
        "HOUSEHOLD_NOT_FOUND, HOUSEHOLD_ENDED, STALE_VERSION, MEMBERS_INVALID, NOT_A_MEMBER, "
        "HEAD_CHANGE_REQUIRED, HOUSEHOLD_NUMBER_TAKEN, REQUIRED, TOO_LONG."
    )
    async def split_household(
        self,
        info: Info,
        input: Annotated[SplitHouseholdInput, strawberry.argument(description="The split.")],
    ) -> HouseholdPayload:
        household_id = _household_id(input.household_id)
        request = req.HouseholdSplit(
            household_id=household_id,
            expected_version=input.expected_version,
            number=input.number,
            member_ids=[_person_id(m, "memberIds") for m in input.member_ids],
            head_person_id=_person_id(input.head_person_id, "headPersonId"),
            relations=_relations(input.relations),
            address=input.address,
            reason=input.reason,
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _household(
            info,
            lambda s: restructuring.split_household(s, viewer, request, at=at),
            f"household:{household_id}",
        )

    @strawberry.mutation(
        description=f"Merge a household into another (合户); returns the surviving one. {ADMINS} "
        "The absorbed household's points move to the survivor's account through the ledger "
        "(see README). Refusal codes: HOUSEHOLD_NOT_FOUND, HOUSEHOLD_ENDED, STALE_VERSION, "
        "MEMBERS_INVALID, NOT_A_MEMBER, HEAD_CHANGE_REQUIRED, ACCOUNT_HAS_PENDING_ENTRIES, "
        "BALANCE_CHANGED."
    )
    async def merge_households(
        self,
        info: Info,
        input: Annotated[MergeHouseholdsInput, strawberry.argument(description="The merge.")],
    ) -> HouseholdPayload:
        request = req.HouseholdMerge(
            surviving_household_id=_household_id(
                input.surviving_household_id, "survivingHouseholdId"
            ),
            surviving_expected_version=input.surviving_expected_version,
            absorbed_household_id=_household_id(input.absorbed_household_id, "absorbedHouseholdId"),
            absorbed_expected_version=input.absorbed_expected_version,
            relations=_relations(input.relations),
            reason=input.reason,
        )
        viewer, at = info.context.viewer, info.context.clock.now()
        return await _household(
            info, lambda s: restructuring.merge_households(s, viewer, request, at=at)
        )
