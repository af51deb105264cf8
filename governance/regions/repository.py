"""All SQL over the region tree."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, String, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from governance.regions.divisions import Division
from governance.regions.models import Region, RegionLevel

# Any code below a region sorts between its code and its code followed by U+FFFF (collation C).
SUBTREE_END = "\uffff"


def subtree_bounds(code: str) -> tuple[str, str]:
    """(exclusive low, exclusive high) codes of every strict descendant of ``code``."""
    return code, code + SUBTREE_END


async def insert_divisions(session: AsyncSession, divisions: Sequence[Division]) -> int:
    """Insert regions missing by code, parents first; return how many were new."""
    inserted = 0
    for level in RegionLevel:
        rows = [d for d in divisions if d.level is level]
        if rows:
            inserted += await _insert_level(session, rows)
    return inserted


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
    result = await session.execute(select(Region.code, Region.id).where(Region.code.in_(codes)))
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


async def descendant_counts(
    session: AsyncSession, level: RegionLevel, codes: Sequence[str]
) -> dict[str, int]:
    """How many regions of ``level`` lie under each code: one query for all codes."""
    roots = select(func.unnest(bindparam("codes", type_=ARRAY(String))).label("code")).subquery(
        "roots"
    )
    statement = (
        select(roots.c.code, func.count(Region.id))
        .select_from(roots)
        .join(
            Region,
            (Region.level == level)
            & (Region.code > roots.c.code)
            & (Region.code < roots.c.code.op("||")(SUBTREE_END)),
        )
        .group_by(roots.c.code)
    )
    result = await session.execute(statement, {"codes": list(codes)})
    return dict(result.all())


async def children_pages(
    session: AsyncSession, parent_ids: Sequence[int], after_code: str | None, limit: int
) -> list[Region]:
    """Up to ``limit`` children per parent, by code after ``after_code``: one query.

    A window function numbers each parent's children so a page per parent comes back at once.
    """
    conditions: list[ColumnElement[bool]] = [Region.parent_id.in_(parent_ids)]
    if after_code is not None:
        conditions.append(Region.code > after_code)
    position = func.row_number().over(partition_by=Region.parent_id, order_by=Region.code)
    ranked = select(Region, position.label("position")).where(*conditions).subquery()
    page_region = aliased(Region, ranked)
    statement = (
        select(page_region)
        .where(ranked.c.position <= limit)
        .order_by(ranked.c.parent_id, ranked.c.code)
    )
    result = await session.execute(statement)
    return list(result.scalars())
