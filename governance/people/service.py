"""Importing rosters and writing residents in bulk (COPY), households and heads together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.people import repository
from governance.people.models import RelationToHead
from governance.people.records import ResidentRecord
from governance.people.roster import (
    KnownState,
    RosterRejected,
    RowError,
    check_against,
    check_file,
    parse_row,
)
from governance.regions import repository as regions_repository

COPY_CHUNK_ROWS = 5_000
HOUSEHOLD_COLUMNS = ("id", "number", "region_code", "address", "head_person_id")
PERSON_COLUMNS = (
    "id",
    "name",
    "gender",
    "birth_date",
    "id_card_number",
    "phone",
    "household_id",
    "relation_to_head",
    "region_code",
    "tags",
)
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class WriteCounts:
    households: int
    persons: int


def _no_progress(_rows: int) -> None:
    return None


def validate_rows(
    rows: Sequence[tuple[int, dict[str, object]]], today: dt.date
) -> list[tuple[int, ResidentRecord]]:
    """Every row parsed; ``RosterRejected`` listing every bad row otherwise."""
    records: list[tuple[int, ResidentRecord]] = []
    errors: list[RowError] = []
    for row_number, cells in rows:
        try:
            records.append((row_number, parse_row(row_number, cells, today)))
        except RosterRejected as rejected:
            errors += rejected.errors
    errors += check_file(records)
    if errors:
        raise RosterRejected(sorted(errors, key=lambda error: error.row_number))
    return records


async def import_roster(
    session: AsyncSession,
    rows: Sequence[tuple[int, dict[str, object]]],
    today: dt.date,
    progress: Progress = _no_progress,
) -> WriteCounts:
    """Validate every row, then write them all; on any bad row write nothing.

    The caller's transaction makes the write all-or-nothing: we only flush.
    """
    records = validate_rows(rows, today)
    known = await known_state(session, [record for _, record in records])
    errors = check_against(records, known)
    if errors:
        raise RosterRejected(sorted(errors, key=lambda error: error.row_number))
    return await write_residents(session, [record for _, record in records], progress)


async def known_state(session: AsyncSession, records: Sequence[ResidentRecord]) -> KnownState:
    region_codes = {record.region_code for record in records}
    numbers = sorted({record.household_number for record in records})
    existing = await repository.households_by_number(session, numbers)
    found = await regions_repository.ids_by_code(session, region_codes)
    id_cards = [record.id_card_number for record in records]
    return KnownState(
        region_codes=frozenset(found),
        id_card_numbers=frozenset(await repository.existing_id_card_numbers(session, id_cards)),
        household_regions={number: row.region_code for number, row in existing.items()},
        households_with_head=frozenset(
            number for number, row in existing.items() if row.head_person_id is not None
        ),
    )


async def write_residents(
    session: AsyncSession, records: Sequence[ResidentRecord], progress: Progress = _no_progress
) -> WriteCounts:
    """COPY new households and all persons; heads are linked in the same transaction."""
    numbers = list(dict.fromkeys(record.household_number for record in records))
    existing = await repository.households_by_number(session, numbers)
    new_numbers = [number for number in numbers if number not in existing]
    household_ids = dict(
        zip(new_numbers, await _ids(session, "households", new_numbers), strict=True)
    )
    household_ids |= {number: row.id for number, row in existing.items()}
    person_ids = await _ids(session, "persons", records)
    heads = _heads(records, person_ids)
    first_of = {record.household_number: record for record in reversed(records)}
    household_rows = [
        (household_ids[n], n, first_of[n].region_code, first_of[n].address, heads.get(n))
        for n in new_numbers
    ]
    await repository.copy_rows(session, "households", HOUSEHOLD_COLUMNS, household_rows)
    await _copy_persons(session, records, person_ids, household_ids, progress)
    await repository.set_heads(
        session, {household_ids[n]: heads[n] for n in existing if n in heads}
    )
    return WriteCounts(households=len(new_numbers), persons=len(records))


async def _ids(session: AsyncSession, table: str, items: Sequence[object]) -> list[int]:
    return await repository.allocate_ids(session, table, len(items)) if items else []


def _heads(records: Sequence[ResidentRecord], person_ids: Sequence[int]) -> dict[str, int]:
    return {
        record.household_number: person_id
        for record, person_id in zip(records, person_ids, strict=True)
        if record.relation_to_head is RelationToHead.HEAD
    }


async def _copy_persons(
    session: AsyncSession,
    records: Sequence[ResidentRecord],
    person_ids: Sequence[int],
    household_ids: dict[str, int],
    progress: Progress,
) -> None:
    # Enum members as they are (StrEnums are str: the driver encodes them as text), not
    # ``.value``: that property costs more than the rest of the row (profiled at 10M rows).
    rows = [
        (
            person_id,
            record.name,
            record.gender,
            record.birth_date,
            record.id_card_number,
            record.phone,
            household_ids[record.household_number],
            record.relation_to_head,
            record.region_code,
            list(record.tags),
        )
        for record, person_id in zip(records, person_ids, strict=True)
    ]
    for start in range(0, len(rows), COPY_CHUNK_ROWS):
        chunk = rows[start : start + COPY_CHUNK_ROWS]
        await repository.copy_rows(session, "persons", PERSON_COLUMNS, chunk)
        progress(len(chunk))
