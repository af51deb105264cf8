"""Registering households and persons (人口信息采集): a new household with its members, or a
person joining one (a birth, a marriage in).

Who may: grid workers for their grid, village, township and county admins for their subtree
(``ADMIN_AND_GRID_WORKER_ROLES``). Each person is checked by the roster importer's own rules
(``governance.people.roster``: ID-card checksum and embedded birth date and gender, phone,
lengths, one head per household); an ID number already recorded anywhere in the county is
refused, even one outside the caller's regions (the database's unique index says so).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_AND_GRID_WORKER_ROLES
from governance.history.service import record_change, record_created
from governance.people import editing, repository
from governance.people.models import HOUSEHOLD_NUMBER_LENGTH_MAX, Household, Person, RelationToHead
from governance.people.records import HOUSEHOLD_MEMBERS_MAX, ResidentRecord
from governance.people.requests import HouseholdRegistration, PersonRegistration
from governance.people.roster import KnownState, check_against, check_file
from governance.refusals import Refusal, RefusalCode
from governance.unique_rows import UniqueRefusals, insert_unique
from kit.clock import local_day

# The unique indexes a concurrent or out-of-scope duplicate runs into.
UNIQUE_REFUSALS: UniqueRefusals = {
    "uq_persons_id_card_number": (
        RefusalCode.PERSON_EXISTS,
        "idCardNumber",
        "A person with this ID-card number is already recorded.",
    ),
    "uq_households_number": (
        RefusalCode.HOUSEHOLD_NUMBER_TAKEN,
        "number",
        "Another household has this number.",
    ),
}


async def register_household(
    session: AsyncSession, viewer: Viewer, request: HouseholdRegistration, *, at: dt.datetime
) -> Household:
    """Record a new household and its members (exactly one of them the head)."""
    region_code = await editing.checked_region(
        session, viewer, request.region_code, ADMIN_AND_GRID_WORKER_ROLES
    )
    number = checked_number(request.number)
    if not 1 <= len(request.members) <= HOUSEHOLD_MEMBERS_MAX:
        message = f"A household has 1 to {HOUSEHOLD_MEMBERS_MAX} members."
        raise Refusal(RefusalCode.MEMBERS_INVALID, "members", message)
    if await repository.households_by_number(session, [number]):
        raise Refusal(*UNIQUE_REFUSALS["uq_households_number"])
    rows = _checked_members(request, number, region_code, local_day(at))
    await _check_against_roster(session, rows, region_code, "members[{}].")
    household = Household(number=number, region_code=region_code, address=request.address)
    persons = [_person(record, household) for _, record in rows]
    await insert(session, [household])
    for person in persons:
        person.household_id = household.id
    await insert(session, persons)
    household.head_person_id = next(
        p.id for p in persons if p.relation_to_head is RelationToHead.HEAD
    )
    await session.flush()
    await record_household(session, household, viewer, at)
    for person in persons:
        await record_created(
            session, person, entity=editing.PERSON, viewer=viewer, at=at,
            fields=editing.person_fields(person), masks=editing.MASKS,
        )  # fmt: skip
    return household


async def register_person(
    session: AsyncSession, viewer: Viewer, request: PersonRegistration, *, at: dt.datetime
) -> Person:
    """Record a person joining a household that exists (never as its head: change the head
    afterwards with ``change_head``). The household's history lists its members before and
    after, with the reason (出生, 婚入…)."""
    reason = editing.check_reason(request.reason)
    household = await editing.lock_household(
        session, viewer, request.household_id, ADMIN_AND_GRID_WORKER_ROLES
    )
    if request.member.relation_to_head is RelationToHead.HEAD:
        message = "The household has a head: record the person, then change the head."
        raise Refusal(RefusalCode.HEAD_CHANGE_REQUIRED, "relationToHead", message)
    members = await editing.lock_members(session, household.id)
    if len(members) >= HOUSEHOLD_MEMBERS_MAX:
        message = f"A household has at most {HOUSEHOLD_MEMBERS_MAX} members."
        raise Refusal(RefusalCode.MEMBERS_INVALID, "householdId", message)
    record = editing.checked_member(
        request.member,
        household_number=household.number,
        region_code=household.region_code,
        address=household.address,
        today=local_day(at),
        field_prefix="member.",
    )
    await _check_against_roster(session, [(1, record)], household.region_code, "member.", household)
    person = _person(record, household)
    person.household_id = household.id
    await insert(session, [person])
    await record_created(
        session, person, entity=editing.PERSON, viewer=viewer, at=at,
        fields=editing.person_fields(person), masks=editing.MASKS,
    )  # fmt: skip
    names = [member.name for member in members]
    await record_change(
        session, household, {"members": (names, [*names, person.name])},
        entity=editing.HOUSEHOLD, expected_version=household.version, viewer=viewer, at=at,
        reason=reason or "registered",
    )  # fmt: skip
    return person


def checked_number(number: str) -> str:
    text = number.strip()
    if not text:
        raise Refusal(RefusalCode.REQUIRED, "number", "Give the household number (户号).")
    if len(text) > HOUSEHOLD_NUMBER_LENGTH_MAX:
        message = f"A household number has at most {HOUSEHOLD_NUMBER_LENGTH_MAX} characters."
        raise Refusal(RefusalCode.TOO_LONG, "number", message)
    return text


def _checked_members(
    request: HouseholdRegistration, number: str, region_code: str, today: dt.date
) -> list[tuple[int, ResidentRecord]]:
    rows = [
        (
            index + 1,
            editing.checked_member(
                member,
                household_number=number,
                region_code=region_code,
                address=request.address,
                today=today,
                field_prefix=f"members[{index}].",
            ),
        )
        for index, member in enumerate(request.members)
    ]
    problems = check_file(rows)
    if problems:
        first = problems[0]
        raise editing.refusal_of(first, f"members[{first.row_number - 1}].")
    return rows


async def _check_against_roster(
    session: AsyncSession,
    rows: Sequence[tuple[int, ResidentRecord]],
    region_code: str,
    prefix: str,
    existing: Household | None = None,
) -> None:
    """The importer's checks against the database: a new household without a head, a person
    already recorded (among those the caller may see; the unique index catches the rest)."""
    numbers = [record.id_card_number for _, record in rows]
    joined = {existing.number: existing.region_code} if existing else {}
    known = KnownState(
        region_codes=frozenset({region_code}),
        id_card_numbers=frozenset(await repository.existing_id_card_numbers(session, numbers)),
        household_regions=joined,
        households_with_head=frozenset(joined),
    )
    problems = check_against(rows, known)
    if problems:
        first = problems[0]
        raise editing.refusal_of(first, prefix.format(first.row_number - 1))


def _person(record: ResidentRecord, household: Household) -> Person:
    return Person(
        name=record.name,
        gender=record.gender,
        birth_date=record.birth_date,
        id_card_number=record.id_card_number,
        phone=record.phone,
        relation_to_head=record.relation_to_head,
        region_code=household.region_code,
        tags=[tag.value for tag in record.tags],
    )


async def insert(session: AsyncSession, rows: Sequence[Household | Person]) -> None:
    """Insert ``rows``; a duplicate the caller could not see is refused like a visible one."""
    await insert_unique(session, rows, UNIQUE_REFUSALS)


async def record_household(
    session: AsyncSession, household: Household, viewer: Viewer, at: dt.datetime
) -> None:
    fields = {
        "number": household.number,
        "region_code": household.region_code,
        "address": household.address,
        "head_person_id": household.head_person_id,
    }
    await record_created(
        session, household, entity=editing.HOUSEHOLD, viewer=viewer, at=at, fields=fields
    )
