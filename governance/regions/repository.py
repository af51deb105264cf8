"""All SQL over the region tree."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, String, any_, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from governance.regions.codes import SUBTREE_END, RegionLevel, subtree_range
from governance.regions.divisions import Division
from governance.regions.models import Region
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
) -> list[Region]:
    """Up to ``limit`` children per parent in code order (reversed when ``backwards``): one query.

    A window function numbers each parent's children so a page per parent comes back at once.
    """
    conditions: list[ColumnElement[bool]] = [Region.parent_id.in_(parent_ids)]
    if after_code is not None:
        conditions.append(Region.code > after_code)
    if before_code is not None:
        conditions.append(Region.code < before_code)
    order = Region.code.desc() if backwards else Region.code.asc()
    position = func.row_number().over(partition_by=Region.parent_id, order_by=order)
    ranked = select(Region, position.label("position")).where(*conditions).subquery()
    page_region = aliased(Region, ranked)
    statement = (
        select(page_region)
        .where(ranked.c.position <= limit)
        .order_by(ranked.c.parent_id, ranked.c.position)
    )
    result = await session.execute(statement)
    return list(result.scalars())


async def descendants(session: AsyncSession, code: str, level: RegionLevel) -> list[Region]:
    """Every region of ``level`` below ``code``, in code order."""
    low, high = subtree_range(code)
    statement = (
        select(Region)
        .where(Region.level == level, Region.code > low, Region.code < high)
        .order_by(Region.code)
    )
    return list((await session.execute(statement)).scalars())
