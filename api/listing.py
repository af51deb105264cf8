"""Connections over governance lists: cursors, windows, root pages and per-parent batches.

Cursors carry the row's sort key as JSON, under the ordering's name (opaque to clients);
``governance.listing`` does the keyset SQL. Nested lists batch through ``PartitionedPages``:
every parent asking for the same page shape is answered by one query, whatever their number.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from functools import partial
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay
from strawberry.dataloader import DataLoader

from api.errors import BadUserInput
from api.global_ids import database_id
from api.pagination import Connection, PageRequest, build_connection
from governance import listing
from governance.access.principal import Viewer
from governance.listing import Window

Reader = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]
ConditionsOf = Callable[[Any], Sequence[Any]]
NodeType = TypeVar("NodeType")


def window_for(
    page: PageRequest, model: Any, sort: tuple[str, ...], *, descending: bool = False
) -> Window:
    """The keyset window of a validated page (fetching one extra row to detect more pages)."""
    return Window(
        sort=sort,
        limit=page.limit + 1,
        after=_sort_key(model, sort, page.after),
        before=_sort_key(model, sort, page.before),
        backwards=page.backwards,
        descending=descending,
    )


def _sort_key(model: Any, sort: tuple[str, ...], cursor: str | None) -> tuple[Any, ...] | None:
    if cursor is None:
        return None
    try:
        tagged = json.loads(cursor)
        if not isinstance(tagged, dict) or list(tagged) != [_ordering(sort)]:
            raise TypeError("cursor is not of this ordering")
        raw = tagged[_ordering(sort)]
        if not isinstance(raw, list):
            raise TypeError("cursor is not a list")
        return listing.coerce_sort_key(model, sort, raw)
    except (ValueError, TypeError):
        raise BadUserInput("Malformed cursor, or from another ordering.") from None


def cursor_key(sort: tuple[str, ...]) -> Callable[[Any], str]:
    def key(row: Any) -> str:
        values = listing.sort_key_of(row, sort)
        plain = [value.isoformat() if isinstance(value, dt.date) else value for value in values]
        return json.dumps({_ordering(sort): plain}, ensure_ascii=False, separators=(",", ":"))

    return key


def _ordering(sort: tuple[str, ...]) -> str:
    """The ordering a cursor belongs to, kept in it: a cursor of another ordering of the same
    list (same number and types of values) is refused rather than read as this one's."""
    return ",".join(sort)


async def root_connection(
    read: Reader,
    model: Any,
    conditions: Sequence[Any],
    window: Window,
    *,
    page: PageRequest,
    to_node: Callable[[Any], NodeType],
    viewer: Viewer,
    count: Callable[[AsyncSession], Awaitable[int]] | None = None,
) -> Connection[NodeType]:
    """One page of a top-level list of what ``viewer`` may read; ``totalCount`` (of the same
    rows) runs its query only when asked for: ``count`` when the domain keeps the number
    (``governance.people.counts``), else a count of the rows."""
    rows = await read(
        lambda session: listing.page(session, model, conditions, window, viewer=viewer)
    )

    async def count_total() -> int:
        if count is not None:
            return int(await read(count))
        total = await read(lambda session: listing.count(session, model, conditions, viewer=viewer))
        return int(total)

    return build_connection(rows, page, cursor_key(window.sort), to_node, count_total)


async def id_ordered_connection(
    read: Reader,
    model: Any,
    conditions: Sequence[Any],
    page: PageRequest,
    to_node: Callable[[Any], NodeType],
    *,
    viewer: Viewer,
) -> Connection[NodeType]:
    """A top-level list in the order rows were recorded."""
    window = window_for(page, model, ("id",))
    return await root_connection(
        read, model, conditions, window, page=page, to_node=to_node, viewer=viewer
    )


def decode_global_id(value: relay.GlobalID | str, type_name: str, argument: str) -> int:
    """The database id inside a global id of ``type_name``; ``BadUserInput`` otherwise."""
    try:
        global_id = value if isinstance(value, relay.GlobalID) else relay.GlobalID.from_id(value)
    except (ValueError, TypeError):
        raise BadUserInput(f"`{argument}` is not a valid id.", argument=argument) from None
    node_id = database_id(global_id.node_id)
    if node_id is None:
        raise BadUserInput(f"`{argument}` is not a valid id.", argument=argument)
    if global_id.type_name != type_name:
        raise BadUserInput(f"`{argument}` must be the id of a {type_name}.", argument=argument)
    return node_id


class ByValues:
    """Rows by a unique column (id, code…), batched: one query per tick of the event loop.

    Only rows ``viewer`` may read are found; any other comes back as None, exactly like an id
    that does not exist (guessing global ids tells nothing)."""

    def __init__(
        self, read: Reader, column: Any, viewer: Viewer, where: Sequence[Any] = ()
    ) -> None:
        self._read = read
        self._column = column
        self._viewer = viewer
        self._where = where
        self.loader: DataLoader[Hashable, Any] = DataLoader(self._load)

    async def _load(self, values: Sequence[Hashable]) -> list[Any]:
        rows = await self._read(
            lambda session: listing.by_values(
                session, self._column, values, viewer=self._viewer, where=self._where
            )
        )
        found = {getattr(row, self._column.key): row for row in rows}
        return [found.get(value) for value in values]

    async def load(self, value: Hashable) -> Any:
        return await self.loader.load(value)

    async def load_many(self, values: Sequence[Hashable]) -> list[Any]:
        return list(await self.loader.load_many(values))


class PartitionedPages:
    """Pages and counts of a child list per parent (grid → workers, household → members…)."""

    def __init__(
        self,
        read: Reader,
        model: Any,
        partition: Any,
        conditions_of: ConditionsOf,
        *,
        viewer: Viewer,
    ) -> None:
        self._read = read
        self._viewer = viewer
        self._model = model
        self._partition = partition
        self._conditions_of = conditions_of
        self.pages: DataLoader[tuple[Hashable, Hashable, Window], list[Any]] = DataLoader(
            self._load_pages
        )
        self.counts: DataLoader[tuple[Hashable, Hashable], int] = DataLoader(self._load_counts)

    async def _load_pages(self, keys: Sequence[tuple[Hashable, Hashable, Window]]) -> list[Any]:
        """One query per distinct (filter, window): usually one for the whole request."""
        parents: dict[tuple[Hashable, Window], list[Hashable]] = defaultdict(list)
        for parent, child_filter, window in keys:
            parents[(child_filter, window)].append(parent)
        pages: dict[tuple[Hashable, Hashable, Window], list[Any]] = {}
        for (child_filter, window), parent_keys in parents.items():
            query = partial(
                listing.partitioned_page,
                model=self._model,
                partition=self._partition,
                keys=parent_keys,
                conditions=self._conditions_of(child_filter),
                window=window,
                viewer=self._viewer,
            )
            rows = await self._read(query)
            for parent in parent_keys:
                pages[(parent, child_filter, window)] = []
            for row in rows:
                pages[(getattr(row, self._partition.key), child_filter, window)].append(row)
        return [pages[key] for key in keys]

    async def _load_counts(self, keys: Sequence[tuple[Hashable, Hashable]]) -> list[int]:
        parents: dict[Hashable, list[Hashable]] = defaultdict(list)
        for parent, child_filter in keys:
            parents[child_filter].append(parent)
        counts: dict[tuple[Hashable, Hashable], int] = {}
        for child_filter, parent_keys in parents.items():
            query = partial(
                listing.partitioned_count,
                partition=self._partition,
                keys=parent_keys,
                conditions=self._conditions_of(child_filter),
                viewer=self._viewer,
            )
            found = await self._read(query)
            counts |= {(parent, child_filter): found.get(parent, 0) for parent in parent_keys}
        return [counts[key] for key in keys]

    async def connection(
        self,
        parent: Hashable,
        child_filter: Hashable,
        window: Window,
        page: PageRequest,
        to_node: Callable[[Any], NodeType],
    ) -> Connection[NodeType]:
        rows = await self.pages.load((parent, child_filter, window))

        async def count_total() -> int:
            return await self.counts.load((parent, child_filter))

        return build_connection(rows, page, cursor_key(window.sort), to_node, count_total)
