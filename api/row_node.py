"""The base of Node types built from one database row each: ``resolve_nodes`` written once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Self, overload

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from api.context import Info
from api.global_ids import database_id
from api.loaders import Loaders
from governance.access.principal import Viewer


class RowNode(relay.Node):
    """A Node read by id: ``rows_by_id`` finds the rows the viewer may read (None for any other,
    exactly like an id that does not exist), ``from_row`` builds the object."""

    @classmethod
    def from_row(cls, row: Any) -> Self:
        raise NotImplementedError

    @classmethod
    async def rows_by_id(cls, info: Info, ids: list[int]) -> Sequence[Any]:
        """The rows of ``ids`` in order, None where missing or not readable by the viewer."""
        raise NotImplementedError

    @overload
    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: Literal[True]
    ) -> list[Self]: ...

    @overload
    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: Literal[False] = ...
    ) -> list[Self | None]: ...

    @overload
    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool
    ) -> list[Self] | list[Self | None]: ...

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self] | list[Self | None]:
        # Ids that name no row (api.global_ids) are not looked up: they are simply not found.
        ids = [database_id(node_id) for node_id in node_ids]
        rows = iter(await cls.rows_by_id(info, [id_ for id_ in ids if id_ is not None]))
        nodes: list[Self | None] = []
        for id_ in ids:
            row = None if id_ is None else next(rows)
            nodes.append(None if row is None else cls.from_row(row))
        return nodes


def in_order(ids: list[int], found: Mapping[int, Any]) -> list[Any]:
    """Rows found by id (a mapping), in the order of ``ids``; None where not found."""
    return [found.get(node_id) for node_id in ids]


def rows_from(
    loader_of: Callable[[Loaders], Any], readable: Callable[[Viewer, Any], bool] | None = None
) -> Any:
    """``rows_by_id`` of a type whose rows one per-request loader finds by id; ``readable``
    (the Python twin of a scoping rule) sets aside the rows the viewer may not read."""

    async def rows_by_id(cls: type[RowNode], info: Info, ids: list[int]) -> Sequence[Any]:
        rows = await loader_of(info.context.loaders).load_many(ids)
        if readable is None:
            return list(rows)
        viewer = info.context.viewer
        return [row if row is not None and readable(viewer, row) else None for row in rows]

    return classmethod(rows_by_id)


def rows_queried(query: Callable[[AsyncSession, Viewer, list[int]], Awaitable[Any]]) -> Any:
    """``rows_by_id`` of a type read by one scoped query of its ids, answering a mapping by id
    or rows that carry an ``id``."""

    async def rows_by_id(cls: type[RowNode], info: Info, ids: list[int]) -> Sequence[Any]:
        viewer = info.context.viewer
        found = await info.context.read(lambda session: query(session, viewer, ids))
        by_id = found if isinstance(found, Mapping) else {row.id: row for row in found}
        return in_order(ids, by_id)

    return classmethod(rows_by_id)
