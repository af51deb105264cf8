"""Splitting a household (分户) and merging two (合户).

**Split**: some current members leave household H for a new household (a new number, one of
them its head, in H's place). H's head stays: to split the head off, change H's head first.
H keeps its points accounts and their balance; the new household starts without any (its
first award opens one). Accounts of persons (schemes crediting persons) follow their person.

**Merge**: household B joins household A: B's current members become A's members (their
relation to A's head given, OTHER by default) in A's place, and B ends (``MERGED``), kept
with its history. B's points accounts are handed to A through the ledger, or settled where
the scheme does not cover A (``governance.bank.relocation.merge``); refused while B has entries
in review or on a notice board (``ACCOUNT_HAS_PENDING_ENTRIES``).

Either way no member is lost or doubled, each current household keeps exactly one head, and the
points of all accounts together are conserved (settlements aside, which move points to the
scheme's expiry account). Who may: admins covering the households (``ADMIN_ROLES``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.residents import follow_household
from governance.access.roles import ADMIN_ROLES
from governance.bank import relocation
from governance.history.models import ChangeAction
from governance.history.service import check_version, record_change
from governance.people import editing, registration, repository
from governance.people.models import EndReason, Household, Person, RelationToHead
from governance.people.records import HOUSEHOLD_MEMBERS_MAX
from governance.people.requests import HouseholdMerge, HouseholdSplit
from governance.refusals import Refusal, RefusalCode
from kit.clock import local_day


async def split_household(
    session: AsyncSession, viewer: Viewer, request: HouseholdSplit, *, at: dt.datetime
) -> Household:
    """Move ``member_ids`` out of the household into a new one; return the new household."""
    reason = editing.check_reason(request.reason)
    origin = await editing.lock_household(session, viewer, request.household_id, ADMIN_ROLES)
    check_version(origin, request.expected_version)
    number = registration.checked_number(request.number)
    members = await editing.lock_members(session, origin.id)
    leaving = _leaving(origin, members, request)
    _check_relations(request.relations, {person.id for person in leaving})
    if await repository.households_by_number(session, [number]):
        raise Refusal(*registration.UNIQUE_REFUSALS["uq_households_number"])
    address = request.address if request.address is not None else origin.address
    new = Household(number=number, region_code=origin.region_code, address=address)
    await registration.insert(session, [new])
    for person in leaving:
        relation = (
            RelationToHead.HEAD
            if person.id == request.head_person_id
            else request.relations.get(person.id, RelationToHead.OTHER)
        )
        edits = {"household_id": new.id, "relation_to_head": relation}
        await editing.edit(session, person, edits, viewer=viewer, at=at, reason=reason)
    new.head_person_id = request.head_person_id
    await session.flush()
    await registration.record_household(session, new, viewer, at)
    await follow_household(session, [person.id for person in leaving], new.id)
    remaining = [member for member in members if member not in leaving]
    await record_change(
        session, origin, {"members": (_names(members), _names(remaining))},
        entity=editing.HOUSEHOLD, expected_version=request.expected_version, viewer=viewer,
        at=at, reason=reason or f"split: to household {number}",
    )  # fmt: skip
    return new


def _leaving(origin: Household, members: Sequence[Person], request: HouseholdSplit) -> list[Person]:
    by_id = {member.id: member for member in members}
    ids = list(request.member_ids)
    if not ids or len(set(ids)) != len(ids) or len(ids) >= len(members):
        message = "Name some of the household's members, not all, each once."
        raise Refusal(RefusalCode.MEMBERS_INVALID, "memberIds", message)
    if any(person_id not in by_id for person_id in ids):
        message = "Every member named must be a current member of the household."
        raise Refusal(RefusalCode.NOT_A_MEMBER, "memberIds", message)
    if origin.head_person_id in ids:
        message = "The head stays: change the household's head first to split the head off."
        raise Refusal(RefusalCode.HEAD_CHANGE_REQUIRED, "memberIds", message)
    if request.head_person_id not in ids:
        message = "The new household's head must be one of the members leaving."
        raise Refusal(RefusalCode.NOT_A_MEMBER, "headPersonId", message)
    return [by_id[person_id] for person_id in sorted(ids)]


def _check_relations(relations: Mapping[int, RelationToHead], moving: set[int]) -> None:
    if not set(relations) <= moving:
        message = "Relations are given for members who move only."
        raise Refusal(RefusalCode.NOT_A_MEMBER, "relations", message)
    if RelationToHead.HEAD in relations.values():
        message = "A household has one head: give the others' relation to that head."
        raise Refusal(RefusalCode.HEAD_CHANGE_REQUIRED, "relations", message)


def _names(members: Sequence[Person]) -> list[str]:
    return [member.name for member in members]


async def merge_households(
    session: AsyncSession, viewer: Viewer, request: HouseholdMerge, *, at: dt.datetime
) -> Household:
    """Household ``absorbed`` joins ``surviving`` and ends; return the surviving household."""
    reason = editing.check_reason(request.reason)
    if request.surviving_household_id == request.absorbed_household_id:
        message = "A household cannot merge with itself."
        raise Refusal(RefusalCode.MEMBERS_INVALID, "absorbedHouseholdId", message)
    surviving, absorbed = await _lock_pair(session, viewer, request)
    members = await editing.lock_all_members(session, [surviving.id, absorbed.id])
    current = [member for member in members if member.ended_on is None]
    staying = [member for member in current if member.household_id == surviving.id]
    joining = [member for member in current if member.household_id == absorbed.id]
    if len(staying) + len(joining) > HOUSEHOLD_MEMBERS_MAX:
        message = f"A household has at most {HOUSEHOLD_MEMBERS_MAX} members."
        raise Refusal(RefusalCode.MEMBERS_INVALID, "absorbedHouseholdId", message)
    _check_relations(request.relations, {member.id for member in joining})
    holders = await relocation.lock_holders(
        session, [absorbed.id], [member.id for member in joining]
    )
    await relocation.merge(session, [h for h in holders if h.household_id], surviving.id)
    await relocation.relocate(session, [h for h in holders if h.person_id], surviving.region_code)
    why = reason or f"merged into household {surviving.number}"
    for member in joining:
        edits = {
            "household_id": surviving.id,
            "relation_to_head": request.relations.get(member.id, RelationToHead.OTHER),
            "region_code": surviving.region_code,
        }
        await editing.edit(session, member, edits, viewer=viewer, at=at, reason=why)
    await follow_household(session, [member.id for member in joining], surviving.id)
    ended = {"ended_on": local_day(at), "end_reason": EndReason.MERGED, "head_person_id": None}
    await editing.edit(
        session, absorbed, ended, viewer=viewer, at=at, action=ChangeAction.ENDED,
        expected_version=request.absorbed_expected_version, reason=why,
    )  # fmt: skip
    await record_change(
        session, surviving, {"members": (_names(staying), _names([*staying, *joining]))},
        entity=editing.HOUSEHOLD, expected_version=request.surviving_expected_version,
        viewer=viewer, at=at, reason=reason or f"merged with household {absorbed.number}",
    )  # fmt: skip
    return surviving


async def _lock_pair(
    session: AsyncSession, viewer: Viewer, request: HouseholdMerge
) -> tuple[Household, Household]:
    """Both households locked in id order (two merges of the same pair queue, not deadlock)."""
    fields = {
        request.surviving_household_id: (
            "survivingHouseholdId",
            request.surviving_expected_version,
        ),
        request.absorbed_household_id: ("absorbedHouseholdId", request.absorbed_expected_version),
    }
    locked: dict[int, Household] = {}
    for household_id in sorted(fields):
        field, version = fields[household_id]
        household = await editing.lock_household(session, viewer, household_id, ADMIN_ROLES, field)
        check_version(household, version)
        locked[household_id] = household
    return locked[request.surviving_household_id], locked[request.absorbed_household_id]
