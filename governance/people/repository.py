"""All SQL over persons and households.

Reads for clients go through ``governance.listing`` (scoped by the viewer, see
``governance.access.visibility``); the functions here take no viewer because they serve the
roster importer and the demo loader (command boundary, whole county), never a resolver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, String, any_, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from governance.people.models import Gender, Household, Person, PersonTag
from governance.regions.codes import under
from kit.driver import driver_connection


@dataclass(frozen=True, slots=True)
class PersonFilter:
    under_region: str | None = None
    tags_all: tuple[PersonTag, ...] = ()
    tags_any: tuple[PersonTag, ...] = ()
    gender: Gender | None = None
    born_on_or_after: dt.date | None = None
    born_on_or_before: dt.date | None = None
    name_prefix: str | None = None
    household_ids: tuple[int, ...] = field(default=())
    include_ended: bool = False


@dataclass(frozen=True, slots=True)
class HouseholdFilter:
    under_region: str | None = None
    number_prefix: str | None = None
    member_tags_any: tuple[PersonTag, ...] = ()
    include_ended: bool = False


def person_conditions(person_filter: PersonFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not person_filter.include_ended:
        conditions.append(Person.ended_on.is_(None))
    if person_filter.under_region is not None:
        conditions.append(under(Person.region_code, person_filter.under_region))
    if person_filter.tags_all:
        conditions.append(Person.tags.contains([tag.value for tag in person_filter.tags_all]))
    if person_filter.tags_any:
        conditions.append(Person.tags.overlap([tag.value for tag in person_filter.tags_any]))
    if person_filter.gender is not None:
        conditions.append(Person.gender == person_filter.gender)
    if person_filter.born_on_or_after is not None:
        conditions.append(Person.birth_date >= person_filter.born_on_or_after)
    if person_filter.born_on_or_before is not None:
        conditions.append(Person.birth_date <= person_filter.born_on_or_before)
    if person_filter.name_prefix:
        conditions.append(Person.name.startswith(person_filter.name_prefix, autoescape=True))
    if person_filter.household_ids:
        conditions.append(Person.household_id.in_(person_filter.household_ids))
    return conditions


def household_conditions(household_filter: HouseholdFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not household_filter.include_ended:
        conditions.append(Household.ended_on.is_(None))
    if household_filter.under_region is not None:
        conditions.append(under(Household.region_code, household_filter.under_region))
    if household_filter.number_prefix:
        prefix = household_filter.number_prefix
        conditions.append(Household.number.startswith(prefix, autoescape=True))
    if household_filter.member_tags_any:
        tags = [tag.value for tag in household_filter.member_tags_any]
        member = select(Person.id).where(
            Person.household_id == Household.id,
            Person.tags.overlap(tags),
            Person.ended_on.is_(None),
        )
        conditions.append(member.exists())
    return conditions


def _any_of(values: Sequence[str]) -> Any:
    """``= ANY($1)`` with one array parameter: rosters exceed the 32,767 parameters of IN (…)."""
    return any_(bindparam("values", list(values), type_=ARRAY(String)))


async def existing_id_card_numbers(session: AsyncSession, numbers: Sequence[str]) -> set[str]:
    statement = select(Person.id_card_number).where(Person.id_card_number == _any_of(numbers))
    return set((await session.execute(statement)).scalars())


async def households_by_number(
    session: AsyncSession, numbers: Sequence[str]
) -> dict[str, Household]:
    statement = select(Household).where(Household.number == _any_of(numbers))
    return {row.number: row for row in (await session.execute(statement)).scalars()}


async def allocate_ids(session: AsyncSession, table: str, count: int) -> list[int]:
    """``count`` fresh ids from ``table``'s identity sequence, so rows can be COPYed with ids."""
    statement = text(
        "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"
    )
    result = await session.execute(statement, {"table": table, "count": count})
    return [int(value) for value in result.scalars()]


async def copy_rows(
    session: AsyncSession, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """COPY ``rows`` into ``table`` on the session's connection (inside its transaction)."""
    driver = await driver_connection(session)
    await driver.copy_records_to_table(table, records=rows, columns=list(columns))


async def set_heads(session: AsyncSession, head_by_household: dict[int, int]) -> None:
    if not head_by_household:
        return
    await session.execute(
        update(Household),
        [
            {"id": household, "head_person_id": head}
            for household, head in head_by_household.items()
        ],
    )


@dataclass(frozen=True, slots=True)
class Resident:
    """The little the demo needs to pick people for posts."""

    id: int
    region_code: str
    birth_date: dt.date
    tags: tuple[str, ...]


async def residents(session: AsyncSession, root_code: str | None = None) -> list[Resident]:
    """Every person (under ``root_code`` when given), by id."""
    statement = select(Person.id, Person.region_code, Person.birth_date, Person.tags).order_by(
        Person.id
    )
    if root_code is not None:
        statement = statement.where(under(Person.region_code, root_code))
    rows = (await session.execute(statement)).all()
    return [Resident(row.id, row.region_code, row.birth_date, tuple(row.tags)) for row in rows]


async def any_person(session: AsyncSession) -> bool:
    return (await session.scalar(select(Person.id).limit(1))) is not None


async def any_person_under(session: AsyncSession, root_code: str) -> bool:
    statement = select(Person.id).where(under(Person.region_code, root_code)).limit(1)
    return (await session.scalar(statement)) is not None
