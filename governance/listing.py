"""Keyset pages, counts and batched lookups shared by every governance repository.

A page is ordered by a few columns ending with the primary key, so the sort key is unique
and a page is one index range scan however deep it is. ``partitioned_page`` returns a page
per parent (grid, household, committee…) in one query, numbering rows with a window function.

Every read here takes the viewer as a required argument and goes through
``governance.access.visibility.restrict``: this is where scoping is enforced, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    DateTime,
    Integer,
    SmallInteger,
    func,
    insert,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from governance.access.principal import Viewer
from governance.access.visibility import restrict

SortKey = tuple[Any, ...]
# Must not collide with any column name (center_staff has a ``position`` column).
POSITION_LABEL = "page_row_number"


@dataclass(frozen=True, slots=True)
class Window:
    """Up to ``limit`` rows strictly after ``after`` / before ``before`` in sort order.

    ``backwards`` fetches from the end (Relay ``last``); rows then come back reversed.
    """

    sort: tuple[str, ...]
    limit: int
    after: SortKey | None = None
    before: SortKey | None = None
    backwards: bool = False
    descending: bool = False

    def __post_init__(self) -> None:
        assert self.sort[-1:] == ("id",), "the sort key must end with the id"
        assert self.limit >= 0


def sort_key_of(row: Any, sort: Sequence[str]) -> SortKey:
    return tuple(getattr(row, name) for name in sort)


def coerce_sort_key(model: Any, sort: Sequence[str], raw: Sequence[Any]) -> SortKey:
    """Typed values of a sort key read back from a cursor; ``ValueError`` if it cannot be."""
    if len(raw) != len(sort):
        raise ValueError("cursor does not match the ordering")
    pairs = zip(sort, raw, strict=True)
    return tuple(_coerce(getattr(model, name), value) for name, value in pairs)


_INTEGER_BITS = {BigInteger: 64, SmallInteger: 16}


def _coerce(column: Any, value: Any) -> Any:
    column_type = column.type
    if isinstance(column_type, DateTime):
        return _instant(str(value))
    if isinstance(column_type, Date):
        return dt.date.fromisoformat(str(value))
    if isinstance(column_type, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("cursor value is not an integer")
        # Within the column's type: beyond, the driver refuses the parameter.
        bits = _INTEGER_BITS.get(type(column_type), 32)
        if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            raise ValueError("cursor value is out of range")
        return value
    if not isinstance(value, str):
        raise ValueError("cursor value is not a string")
    if "\x00" in value:
        raise ValueError("cursor value holds NUL")
    value.encode()  # UnicodeEncodeError (a ValueError) on a lone surrogate
    return value


def _instant(text: str) -> dt.datetime:
    """An instant from a cursor: with its offset, and one the driver can send (from year 1 UTC
    on; ``ValueError`` otherwise, which callers answer as a malformed cursor)."""
    instant = dt.datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise ValueError("cursor instant has no offset")
    try:
        instant.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("cursor instant is out of range") from None
    return instant


def _columns(model: Any, window: Window) -> list[Any]:
    return [getattr(model, name) for name in window.sort]


def _keyset_conditions(model: Any, window: Window) -> list[ColumnElement[bool]]:
    key = tuple_(*_columns(model, window))
    conditions = []
    if window.after is not None:
        after = tuple_(*window.after)
        conditions.append(key < after if window.descending else key > after)
    if window.before is not None:
        before = tuple_(*window.before)
        conditions.append(key > before if window.descending else key < before)
    return conditions


def _order(model: Any, window: Window) -> list[Any]:
    descending = window.descending != window.backwards
    return [column.desc() if descending else column.asc() for column in _columns(model, window)]


async def page(
    session: AsyncSession, model: Any, conditions: Sequence[Any], window: Window, *, viewer: Viewer
) -> list[Any]:
    statement = restrict(select(model), model, viewer)
    statement = (
        statement.where(*conditions, *_keyset_conditions(model, window))
        .order_by(*_order(model, window))
        .limit(window.limit)
    )
    return list((await session.execute(statement)).scalars())


async def count(
    session: AsyncSession, model: Any, conditions: Sequence[Any], *, viewer: Viewer
) -> int:
    statement = restrict(select(func.count()).select_from(model), model, viewer)
    return int(await session.scalar(statement.where(*conditions)) or 0)


async def partitioned_page(
    session: AsyncSession,
    model: Any,
    *,
    partition: InstrumentedAttribute[Any],
    keys: Sequence[Hashable],
    conditions: Sequence[Any],
    window: Window,
    viewer: Viewer,
) -> list[Any]:
    """Up to ``window.limit`` rows per ``partition`` value in ``keys``, by key: one query."""
    position = func.row_number().over(partition_by=partition, order_by=_order(model, window))
    ranked = (
        restrict(select(model, position.label(POSITION_LABEL)), model, viewer)
        .where(partition.in_(keys), *conditions, *_keyset_conditions(model, window))
        .subquery()
    )
    ranked_model = aliased(model, ranked)
    statement = (
        select(ranked_model)
        .where(ranked.c[POSITION_LABEL] <= window.limit)
        .order_by(ranked.c[partition.key], ranked.c[POSITION_LABEL])
    )
    return list((await session.execute(statement)).scalars())


async def partitioned_count(
    session: AsyncSession,
    partition: InstrumentedAttribute[Any],
    keys: Sequence[Hashable],
    conditions: Sequence[Any],
    *,
    viewer: Viewer,
) -> dict[Any, int]:
    statement = (
        restrict(select(partition, func.count()), _model_of(partition), viewer)
        .where(partition.in_(keys), *conditions)
        .group_by(partition)
    )
    return {key: int(total) for key, total in (await session.execute(statement)).all()}


async def by_values(
    session: AsyncSession,
    column: InstrumentedAttribute[Any],
    values: Sequence[Hashable],
    *,
    viewer: Viewer,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[Any]:
    """Rows ``viewer`` may read whose ``column`` is in ``values`` (any order; the caller maps
    them back, and a row out of scope is simply missing, like one that does not exist).
    ``where`` narrows further (e.g. open rows only, where ``column`` is unique among them)."""
    model = _model_of(column)
    statement = restrict(select(model), model, viewer).where(column.in_(values), *where)
    return list((await session.execute(statement)).scalars())


def _model_of(column: InstrumentedAttribute[Any]) -> type[Any]:
    model = column.class_
    assert isinstance(model, type), "a mapped class, never an alias"
    return model


async def insert_rows(session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]]) -> int:
    """Insert many rows in batches (executemany); return how many."""
    if rows:
        await session.execute(insert(model), list(rows))
    return len(rows)


async def any_row(session: AsyncSession, model: Any) -> bool:
    return (await session.scalar(select(model.id).limit(1))) is not None


async def insert_returning_ids(
    session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` and return their ids in the same order."""
    if not rows:
        return []
    result = await session.execute(
        insert(model).returning(model.id, sort_by_parameter_order=True), list(rows)
    )
    return [int(value) for value in result.scalars()]
