"""Accounts for a staff roster: one row per staff member (name, ID-card number, role, region,
optionally a username), all created or none.

Each row is checked on its own (ID-card number, known role, duplicates within the file), then
created through ``accounts`` (``create_account`` and ``grant_role``) inside its own savepoint,
so the grant rules apply exactly as over GraphQL: a role above the acting administrator or a
region outside their subtree is refused there. Any refusal rejects the whole file with its
row numbers; the caller's transaction then writes nothing. A staff member the county already
knows by ID-card number gets their account linked to that person (the conflict-of-interest
rule reads the link). Usernames not given are the region code and a sequence number, the
first ones free: ``130826001001-01``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from governance.access.accounts import GrantRequest, NewAccount, create_account, grant_role
from governance.access.passwords import Passwords
from governance.access.principal import Viewer
from governance.access.roles import Role
from governance.people.id_card import InvalidIdCard, parse_id_card
from governance.people.models import Person
from governance.people.roster import RosterRejected, RowError
from governance.refusals import Refusal

STAFF_COLUMN_ALIASES = {
    "name": "name",
    "姓名": "name",
    "id_card_number": "id_card_number",
    "身份证号": "id_card_number",
    "role": "role",
    "角色": "role",
    "region_code": "region_code",
    "区划代码": "region_code",
    "username": "username",
    "用户名": "username",
}
STAFF_REQUIRED_COLUMNS = ("name", "id_card_number", "role", "region_code")
# The roster's words for the roles a region's staff hold (the enum's names work too).
ROLE_WORDS = {
    "县管理员": Role.COUNTY_ADMIN,
    "乡镇管理员": Role.TOWNSHIP_ADMIN,
    "村管理员": Role.VILLAGE_ADMIN,
    "网格员": Role.GRID_WORKER,
    "调解员": Role.MEDIATOR,
}


@dataclass(frozen=True, slots=True)
class StaffRow:
    row_number: int
    name: str
    id_card_number: str
    role: Role
    region_code: str
    username: str | None


@dataclass(frozen=True, slots=True)
class StaffAccount:
    """A created account, as printed for the township to hand out."""

    row_number: int
    name: str
    username: str
    one_time_code: str
    role: Role
    region_code: str
    person_id: int | None


def staff_columns(columns: Sequence[str]) -> None:
    """The header check for ``read_roster``: the four required columns, in either language."""
    present = {STAFF_COLUMN_ALIASES.get(column, column) for column in columns}
    missing = [column for column in STAFF_REQUIRED_COLUMNS if column not in present]
    if missing:
        raise RosterRejected([RowError(1, None, f"missing columns: {', '.join(missing)}")])


def _canonical(cells: Mapping[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for column, value in cells.items():
        name = STAFF_COLUMN_ALIASES.get(column)
        if name is not None and value not in (None, ""):
            values[name] = str(value).strip()
    return values


def _role(word: str) -> Role | None:
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    try:
        return Role(word.upper())
    except ValueError:
        return None


def parse_staff_rows(
    rows: Sequence[tuple[int, Mapping[str, Any]]], today: dt.date
) -> tuple[list[StaffRow], list[RowError]]:
    """The rows that read well, and an error for every one that does not (duplicate ID-card
    numbers or usernames within the file included)."""
    parsed: list[StaffRow] = []
    errors: list[RowError] = []
    seen_numbers: dict[str, int] = {}
    seen_usernames: dict[str, int] = {}
    for row_number, cells in rows:
        values = _canonical(cells)
        missing = [column for column in STAFF_REQUIRED_COLUMNS if column not in values]
        if missing:
            errors.append(RowError(row_number, missing[0], "required"))
            continue
        try:
            number = parse_id_card(values["id_card_number"], today).number
        except InvalidIdCard as invalid:
            errors.append(RowError(row_number, "id_card_number", invalid.reason))
            continue
        role = _role(values["role"])
        if role is None:
            errors.append(RowError(row_number, "role", f"unknown role {values['role']!r}"))
            continue
        username = values.get("username", "").lower() or None
        if number in seen_numbers:
            reason = f"the same ID-card number as row {seen_numbers[number]}"
            errors.append(RowError(row_number, "id_card_number", reason))
            continue
        if username is not None and username in seen_usernames:
            reason = f"the same username as row {seen_usernames[username]}"
            errors.append(RowError(row_number, "username", reason))
            continue
        seen_numbers[number] = row_number
        if username is not None:
            seen_usernames[username] = row_number
        parsed.append(
            StaffRow(row_number, values["name"], number, role, values["region_code"], username)
        )
    return parsed, errors


async def import_staff(
    session: AsyncSession,
    passwords: Passwords,
    viewer: Viewer,
    rows: Sequence[tuple[int, Mapping[str, Any]]],
    today: dt.date,
) -> list[StaffAccount]:
    """Create every row's account and grant, or raise ``RosterRejected`` naming every bad row
    (the caller rolls back: rows created before a bad one are not kept)."""
    parsed, errors = parse_staff_rows(rows, today)
    if errors:
        raise RosterRejected(errors)
    persons = await _persons_by_number(session, [row.id_card_number for row in parsed])
    taken: set[str] = set()
    created: list[StaffAccount] = []
    for row in parsed:
        username = row.username or await _free_username(session, row.region_code, taken)
        taken.add(username)
        person_id = persons.get(row.id_card_number)
        try:
            async with session.begin_nested():
                account = await create_account(
                    session, passwords, viewer, NewAccount(username, row.name, person_id)
                )
                await grant_role(
                    session, viewer, GrantRequest(username, row.role, region_code=row.region_code)
                )
        except Refusal as refusal:
            errors.append(RowError(row.row_number, refusal.field, _reason(refusal)))
            continue
        created.append(
            StaffAccount(
                row.row_number,
                row.name,
                account.user.username,
                account.one_time_code,
                row.role,
                row.region_code,
                person_id,
            )
        )
    if errors:
        raise RosterRejected(errors)
    return created


def _reason(refusal: Refusal) -> str:
    return f"{refusal.code.value}: {refusal.message}"


async def _persons_by_number(session: AsyncSession, numbers: list[str]) -> dict[str, int]:
    if not numbers:
        return {}
    statement = select(Person.id_card_number, Person.id).where(Person.id_card_number.in_(numbers))
    return {row[0]: row[1] for row in (await session.execute(statement)).all()}


async def _free_username(session: AsyncSession, region_code: str, taken: set[str]) -> str:
    """``<region code>-<nn>``, the lowest sequence number free in the file and the database."""
    sequence = 1
    while True:
        username = f"{region_code.lower()}-{sequence:02d}"
        if username not in taken and await repository.user_by_username(session, username) is None:
            return username
        sequence += 1
