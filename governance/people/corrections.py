"""Correcting persons and households, and changing a household's head.

Every correction names the version it was made against (``STALE_VERSION`` otherwise) and is
recorded field by field (identifiers masked). A corrected person is checked again by the roster
importer's rules, as a whole row. The head (户主) changes only through ``change_head``, so a
household always has exactly one current head.

Who may: grid workers for their grid and admins for their subtree correct persons and
households (``ADMIN_AND_GRID_WORKER_ROLES``); admins only change a head (``ADMIN_ROLES``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_AND_GRID_WORKER_ROLES, ADMIN_ROLES
from governance.history.service import check_version
from governance.people import editing
from governance.people.models import (
    ADDRESS_LENGTH_MAX,
    Household,
    Person,
    PersonTag,
    RelationToHead,
)
from governance.people.requests import (
    KEEP,
    HeadChange,
    HouseholdCorrection,
    MemberDraft,
    PersonCorrection,
)
from governance.refusals import Refusal, RefusalCode
from kit.clock import local_day


async def correct_person(
    session: AsyncSession, viewer: Viewer, request: PersonCorrection, *, at: dt.datetime
) -> Person:
    """Correct a current person's name, phone, tags or relation to the head."""
    reason = editing.check_reason(request.reason)
    person = await editing.lock_person(
        session, viewer, request.person_id, ADMIN_AND_GRID_WORKER_ROLES
    )
    check_version(person, request.expected_version)
    _check_relation(person, request)
    draft = _draft(person, request)
    household = await session.get(Household, person.household_id)
    assert household is not None, "a person's household is in the caller's scope too"
    record = editing.checked_member(
        draft,
        household_number=household.number,
        region_code=person.region_code,
        address=None,
        today=local_day(at),
    )
    edits: dict[str, Any] = {
        "name": record.name,
        "phone": record.phone,
        "tags": [tag.value for tag in record.tags],
        "relation_to_head": record.relation_to_head,
    }
    await editing.edit(
        session, person, edits, viewer=viewer, at=at,
        expected_version=request.expected_version, reason=reason,
    )  # fmt: skip
    return person


def _check_relation(person: Person, request: PersonCorrection) -> None:
    if request.relation_to_head is KEEP or request.relation_to_head is person.relation_to_head:
        return
    if RelationToHead.HEAD in (request.relation_to_head, person.relation_to_head):
        message = "The head changes with changeHouseholdHead, not by correcting a relation."
        raise Refusal(RefusalCode.HEAD_CHANGE_REQUIRED, "relationToHead", message)


def _draft(person: Person, request: PersonCorrection) -> MemberDraft:
    def pick(value: Any, current: Any) -> Any:
        return current if value is KEEP else value

    return MemberDraft(
        name=pick(request.name, person.name),
        gender=person.gender,
        birth_date=person.birth_date,
        id_card_number=person.id_card_number,
        relation_to_head=pick(request.relation_to_head, person.relation_to_head),
        phone=pick(request.phone, person.phone),
        tags=tuple(PersonTag(tag) for tag in pick(request.tags, person.tags)),
    )


async def correct_household(
    session: AsyncSession, viewer: Viewer, request: HouseholdCorrection, *, at: dt.datetime
) -> Household:
    """Correct a current household's address (its place: ``moves.move_household``)."""
    reason = editing.check_reason(request.reason)
    household = await editing.lock_household(
        session, viewer, request.household_id, ADMIN_AND_GRID_WORKER_ROLES
    )
    check_version(household, request.expected_version)
    edits: dict[str, Any] = {}
    if request.address is not KEEP:
        address = (request.address or "").strip() or None
        if address is not None and len(address) > ADDRESS_LENGTH_MAX:
            message = f"An address has at most {ADDRESS_LENGTH_MAX} characters."
            raise Refusal(RefusalCode.TOO_LONG, "address", message)
        edits["address"] = address
    await editing.edit(
        session, household, edits, viewer=viewer, at=at,
        expected_version=request.expected_version, reason=reason,
    )  # fmt: skip
    return household


async def change_head(
    session: AsyncSession, viewer: Viewer, request: HeadChange, *, at: dt.datetime
) -> Household:
    """Make a current member the head; the former head takes ``former_head_relation``."""
    reason = editing.check_reason(request.reason)
    household = await editing.lock_household(session, viewer, request.household_id, ADMIN_ROLES)
    check_version(household, request.expected_version)
    members = {member.id: member for member in await editing.lock_members(session, household.id)}
    new_head = members.get(request.head_person_id)
    if new_head is None:
        message = "The new head must be a current member of the household."
        raise Refusal(RefusalCode.NOT_A_MEMBER, "headPersonId", message)
    if request.former_head_relation is RelationToHead.HEAD:
        message = "Give the former head's relation to the new head (not HEAD)."
        raise Refusal(RefusalCode.HEAD_CHANGE_REQUIRED, "formerHeadRelation", message)
    former = members.get(household.head_person_id or 0)
    if former is new_head:
        return household
    await editing.edit(
        session, household, {"head_person_id": new_head.id}, viewer=viewer, at=at,
        expected_version=request.expected_version, reason=reason,
    )  # fmt: skip
    if former is not None:
        relation = {"relation_to_head": request.former_head_relation}
        await editing.edit(session, former, relation, viewer=viewer, at=at, reason=reason)
    head = {"relation_to_head": RelationToHead.HEAD}
    await editing.edit(session, new_head, head, viewer=viewer, at=at, reason=reason)
    return household
