"""All SQL over the region tree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import String, any_, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from governance.regions.codes import SUBTREE_END, RegionLevel, subtree_range
from governance.regions.divisions import Division
from governance.regions.models import Region, RegionKind
from kit.driver import driver_connection


async def insert_divisions(session: AsyncSession, divisions: Sequence[Division]) -> int:
    """Insert regions missing by code, parents first; return how many were new.

    A region found without a parent (a county loaded as the root) is hung under the parent a
    division now names (its city, once a province is loaded)."""
    inserted = 0
    for level in RegionLevel:
        rows = [d for d in divisions if d.level is level]
        if rows:
            inserted += await _insert_level(session, rows)
            await _adopt_orphans(session, rows)
    return inserted


ADOPT_SQL = text(
    """
    UPDATE regions AS child SET parent_id = parent.id
    FROM unnest(CAST(:codes AS text[]), CAST(:parents AS text[])) AS link(code, parent_code)
    JOIN regions AS parent ON parent.code = link.parent_code COLLATE "C"
    WHERE child.code = link.code COLLATE "C" AND child.parent_id IS NULL
    """
)


async def _adopt_orphans(session: AsyncSession, rows: Sequence[Division]) -> None:
    links = [(row.code, row.parent_code) for row in rows if row.parent_code]
    if links:
        codes, parents = zip(*links, strict=True)
        await session.execute(ADOPT_SQL, {"codes": list(codes), "parents": list(parents)})


async def _insert_level(session: AsyncSession, rows: Sequence[Division]) -> int:
    parent_codes = {row.parent_code for row in rows if row.parent_code}
    parent_ids = await ids_by_code(session, parent_codes)
    values = [
        {
            "code": row.code,
            "name": row.name,
            "level": row.level,
            "kind": row.kind,
            "parent_id": parent_ids.get(row.parent_code) if row.parent_code else None,
        }
        for row in rows
    ]
    statement = insert(Region).on_conflict_do_nothing(index_elements=["code"])
    result = await session.execute(statement.returning(Region.id), values)
    return len(result.all())


async def ids_by_code(session: AsyncSession, codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    # One array parameter: a province's villages exceed the 32,767 parameters of IN (…).
    wanted = any_(bindparam("codes", sorted(codes), type_=ARRAY(String)))
    result = await session.execute(select(Region.code, Region.id).where(Region.code == wanted))
    return dict(result.all())


async def by_codes(session: AsyncSession, codes: Sequence[str]) -> list[Region]:
    result = await session.execute(select(Region).where(Region.code.in_(codes)))
    return list(result.scalars())


async def by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Region]:
    result = await session.execute(select(Region).where(Region.id.in_(ids)))
    return list(result.scalars())


class RegionRecord(NamedTuple):
    """A region as read for display: a plain tuple, not an ORM entity (building 331 entities
    was a sixth of a county → townships → villages read)."""

    id: int
    code: str
    name: str
    level: RegionLevel
    kind: RegionKind
    parent_id: int | None


# Either, where only the columns are read.
RegionRead = Region | RegionRecord

# Reads for every region a screen shows: plain SQL on the driver (see ``kit.driver``), each
# statement prepared once per connection. Enums are stored by name (``models.Region``).
RECORD_COLUMNS = "id, code, name, level, kind, parent_id"
RECORDS_BY_CODES_SQL = f"SELECT {RECORD_COLUMNS} FROM regions WHERE code = ANY($1::text[])"
RECORDS_BY_IDS_SQL = f"SELECT {RECORD_COLUMNS} FROM regions WHERE id = ANY($1::bigint[])"
# Up to $4 children per parent of $1, after $2 / before $3 (when given), in code order: one
# statement for a whole level of a tree read. Codes compare in the column's collation "C".
CHILDREN_PAGES_SQL = f"""
SELECT {RECORD_COLUMNS} FROM (
  SELECT {RECORD_COLUMNS},
         row_number() OVER (PARTITION BY parent_id ORDER BY code {{order}}) AS position
  FROM regions
  WHERE parent_id = ANY($1::bigint[])
    AND ($2::text IS NULL OR code > $2::text COLLATE "C")
    AND ($3::text IS NULL OR code < $3::text COLLATE "C")
) AS ranked
WHERE position <= $4
ORDER BY parent_id, position
"""
CHILDREN_PAGES_FORWARD_SQL = CHILDREN_PAGES_SQL.format(order="ASC")
CHILDREN_PAGES_BACKWARD_SQL = CHILDREN_PAGES_SQL.format(order="DESC")
LEVELS = {level.name: level for level in RegionLevel}
KINDS = {kind.name: kind for kind in RegionKind}


def _records(rows: Sequence[Any]) -> list[RegionRecord]:
    # ``tuple.__new__`` (as ``_make`` does): a NamedTuple's own constructor costs twice as much.
    new, levels, kinds = tuple.__new__, LEVELS, KINDS
    return [
        new(RegionRecord, (row[0], row[1], row[2], levels[row[3]], kinds[row[4]], row[5]))
        for row in rows
    ]


async def records_by_codes(session: AsyncSession, codes: Sequence[str]) -> list[RegionRecord]:
    connection = await driver_connection(session, begin=False)
    return _records(await connection.fetch(RECORDS_BY_CODES_SQL, list(codes)))


async def records_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[RegionRecord]:
    connection = await driver_connection(session, begin=False)
    return _records(await connection.fetch(RECORDS_BY_IDS_SQL, list(ids)))


async def child_counts(session: AsyncSession, parent_ids: Sequence[int]) -> dict[int, int]:
    statement = (
        select(Region.parent_id, func.count())
        .where(Region.parent_id.in_(parent_ids))
        .group_by(Region.parent_id)
    )
    result = await session.execute(statement)
    return {parent_id: count for parent_id, count in result.all() if parent_id is not None}


# Read for every region a screen shows: plain SQL on the driver (see ``kit.driver``); the
# statement is prepared once per connection. Codes compare in collation "C" (the column's).
DESCENDANT_COUNTS_SQL = """
SELECT roots.code, count(r.id)
FROM unnest($1::text[]) AS roots(code)
JOIN regions r
  ON r.level = $2
 AND r.code > roots.code COLLATE "C"
 AND r.code < (roots.code || $3) COLLATE "C"
GROUP BY roots.code
"""


async def descendant_counts(
    session: AsyncSession, level: RegionLevel, codes: Sequence[str]
) -> dict[str, int]:
    """How many regions of ``level`` lie under each code: one statement for all codes."""
    connection = await driver_connection(session, begin=False)
    rows = await connection.fetch(DESCENDANT_COUNTS_SQL, list(codes), level.name, SUBTREE_END)
    return {row[0]: row[1] for row in rows}


async def children_pages(
    session: AsyncSession,
    parent_ids: Sequence[int],
    *,
    after_code: str | None,
    before_code: str | None,
    limit: int,
    backwards: bool,
) -> list[RegionRecord]:
    """Up to ``limit`` children per parent in code order (reversed when ``backwards``): one query.

    A window function numbers each parent's children so a page per parent comes back at once.
    """
    sql = CHILDREN_PAGES_BACKWARD_SQL if backwards else CHILDREN_PAGES_FORWARD_SQL
    connection = await driver_connection(session, begin=False)
    rows = await connection.fetch(sql, list(parent_ids), after_code, before_code, limit)
    return _records(rows)


async def codes_and_names(
    session: AsyncSession, code: str, level: RegionLevel
) -> list[tuple[str, str]]:
    """Code and name of every region of ``level`` below ``code``, in code order (rows, not
    objects: a province has 260,000 regions)."""
    low, high = subtree_range(code)
    statement = (
        select(Region.code, Region.name)
        .where(Region.level == level, Region.code > low, Region.code < high)
        .order_by(Region.code)
    )
    return [(row.code, row.name) for row in await session.execute(statement)]


async def descendants(session: AsyncSession, code: str, level: RegionLevel) -> list[Region]:
    """Every region of ``level`` below ``code``, in code order."""
    low, high = subtree_range(code)
    statement = (
        select(Region)
        .where(Region.level == level, Region.code > low, Region.code < high)
        .order_by(Region.code)
    )
    return list((await session.execute(statement)).scalars())
