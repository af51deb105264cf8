"""What every change to the roster shares: locking in scope, checking a person as the roster
import does, and recording the change in the history with identifiers masked.

Locks are taken households first, then persons, each in id order, so two changes touching the
same rows queue instead of deadlocking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import Role
from governance.access.scope import Target, target_in_scope
from governance.history.models import REASON_LENGTH_MAX, ChangeAction
from governance.history.service import Mask, apply_edit, locked
from governance.people.masking import mask_id_card, mask_phone
from governance.people.models import Household, Person
from governance.people.records import ResidentRecord
from governance.people.requests import MemberDraft
from governance.people.roster import RosterRejected, RowError, parse_row
from governance.refusals import Refusal, RefusalCode
from governance.regions import repository as regions_repository
from governance.regions.codes import GRID_CODE_LENGTH, RegionLevel, is_level

PERSON = "person"
HOUSEHOLD = "household"
MASKS: Mapping[str, Mask] = {"id_card_number": mask_id_card, "phone": mask_phone}
# The roster's column, as the API names the input field.
FIELD_NAMES = {
    "household_number": "number",
    "village_code": "regionCode",
    "grid_code": "regionCode",
    "id_card_number": "idCardNumber",
    "birth_date": "birthDate",
    "relation_to_head": "relationToHead",
}


async def lock_person(
    session: AsyncSession, viewer: Viewer, person_id: int, roles: frozenset[Role]
) -> Person:
    """The current person, locked, if a grant of ``roles`` covers them."""
    person = await locked(session, Person, person_id, viewer, roles)
    if person is None:
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person in reach has this id.")
    if person.ended_on is not None:
        message = f"This person's record ended on {person.ended_on.isoformat()}."
        raise Refusal(RefusalCode.PERSON_ENDED, "personId", message)
    return person


async def lock_household(
    session: AsyncSession,
    viewer: Viewer,
    household_id: int,
    roles: frozenset[Role],
    field: str = "householdId",
) -> Household:
    """The current household, locked, if a grant of ``roles`` covers it."""
    household = await locked(session, Household, household_id, viewer, roles)
    if household is None:
        message = "No household in reach has this id."
        raise Refusal(RefusalCode.HOUSEHOLD_NOT_FOUND, field, message)
    if household.ended_on is not None:
        message = f"This household ended on {household.ended_on.isoformat()}."
        raise Refusal(RefusalCode.HOUSEHOLD_ENDED, field, message)
    return household


async def lock_members(session: AsyncSession, household_id: int) -> list[Person]:
    """The household's current members, locked, in id order (the household is locked first)."""
    statement = (
        select(Person)
        .where(Person.household_id == household_id, Person.ended_on.is_(None))
        .order_by(Person.id)
        .with_for_update()
    )
    return list((await session.execute(statement)).scalars())


async def lock_all_members(session: AsyncSession, household_ids: Sequence[int]) -> list[Person]:
    """Every member of these households, ended ones too, locked in id order."""
    statement = (
        select(Person)
        .where(Person.household_id.in_(household_ids))
        .order_by(Person.id)
        .with_for_update()
    )
    return list((await session.execute(statement)).scalars())


async def checked_region(
    session: AsyncSession, viewer: Viewer, code: str, roles: frozenset[Role]
) -> str:
    """``code``, a village or grid the viewer may write under ``roles``."""
    found = await regions_repository.by_codes(session, [code])
    if not found or found[0].level not in (RegionLevel.VILLAGE, RegionLevel.GRID):
        message = "No village, community or grid has this code."
        raise Refusal(RefusalCode.REGION_NOT_FOUND, "regionCode", message)
    if not target_in_scope(viewer, Target(code), roles):
        message = "You may not record households in this region."
        raise Refusal(RefusalCode.FORBIDDEN, "regionCode", message)
    return code


def checked_member(
    draft: MemberDraft,
    *,
    household_number: str,
    region_code: str,
    address: str | None,
    today: dt.date,
    field_prefix: str = "",
) -> ResidentRecord:
    """The member as a roster row, checked by the importer's own rules (``parse_row``)."""
    assert is_level(region_code, RegionLevel.VILLAGE, RegionLevel.GRID)
    cells: dict[str, Any] = {
        "household_number": household_number,
        "village_code": region_code[:12],
        "grid_code": region_code if len(region_code) == GRID_CODE_LENGTH else "",
        "address": address or "",
        "name": draft.name,
        "gender": draft.gender.value,
        "birth_date": draft.birth_date,
        "id_card_number": draft.id_card_number,
        "phone": draft.phone or "",
        "relation_to_head": draft.relation_to_head.value,
        "tags": ",".join(tag.value for tag in draft.tags),
    }
    try:
        return parse_row(1, cells, today)
    except RosterRejected as rejected:
        raise refusal_of(rejected.errors[0], field_prefix) from None


def refusal_of(error: RowError, field_prefix: str = "") -> Refusal:
    """A roster row's first problem as the API's refusal for that field."""
    column = error.column or ""
    field = field_prefix + FIELD_NAMES.get(column, column)
    return Refusal(_code(column, error.reason), field or None, f"{field}: {error.reason}")


COLUMN_CODES = {
    "birth_date": RefusalCode.ID_CARD_MISMATCH,
    "gender": RefusalCode.ID_CARD_MISMATCH,
    "phone": RefusalCode.PHONE_INVALID,
    "village_code": RefusalCode.REGION_NOT_FOUND,
    "grid_code": RefusalCode.REGION_NOT_FOUND,
}


def _code(column: str, reason: str) -> RefusalCode:
    if column == "id_card_number":
        exists = "already recorded" in reason
        return RefusalCode.PERSON_EXISTS if exists else RefusalCode.ID_CARD_INVALID
    if column in COLUMN_CODES:
        return COLUMN_CODES[column]
    if "longer than" in reason:
        return RefusalCode.TOO_LONG
    if "is empty" in reason:
        return RefusalCode.REQUIRED
    return RefusalCode.MEMBERS_INVALID


def check_reason(reason: str | None, field: str = "reason") -> str | None:
    if reason is None or not reason.strip():
        return None
    if len(reason) > REASON_LENGTH_MAX:
        message = f"A reason has at most {REASON_LENGTH_MAX} characters."
        raise Refusal(RefusalCode.TOO_LONG, field, message)
    return reason.strip()


async def edit(
    session: AsyncSession,
    row: Person | Household,
    edits: Mapping[str, Any],
    *,
    viewer: Viewer,
    at: dt.datetime,
    expected_version: int | None = None,
    action: ChangeAction = ChangeAction.CHANGED,
    reason: str | None = None,
) -> None:
    """Apply ``edits`` through the history kernel; rows locked under a household the caller
    named by version are edited against their current version."""
    entity = PERSON if isinstance(row, Person) else HOUSEHOLD
    await apply_edit(
        session,
        row,
        edits,
        entity=entity,
        expected_version=row.version if expected_version is None else expected_version,
        viewer=viewer,
        at=at,
        action=action,
        reason=reason,
        masks=MASKS,
    )


def person_fields(person: Person) -> dict[str, Any]:
    """What a new person's CREATED history records."""
    return {
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date,
        "id_card_number": person.id_card_number,
        "phone": person.phone,
        "household_id": person.household_id,
        "relation_to_head": person.relation_to_head,
        "region_code": person.region_code,
        "tags": person.tags,
    }
