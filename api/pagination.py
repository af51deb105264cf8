"""Cursor connections (Relay) with keyset cursors.

A cursor is the opaque base64 of the row's sort key, so pages stay stable while rows are added
and a page costs one index range scan however deep it is. ``first``/``last`` are capped at
``PAGE_SIZE_MAX``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.annotation import StrawberryAnnotation
from strawberry.extensions.field_extension import FieldExtension
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from api.errors import BadUserInput
from api.extensions.control_characters import first_forbidden

PAGE_SIZE_MAX = 100
PAGE_SIZE_DEFAULT = 20

# Argument descriptions shared by every connection field.
FIRST = f"Items after `after` (default {PAGE_SIZE_DEFAULT}, at most {PAGE_SIZE_MAX})."
AFTER = "Opaque cursor from a previous page: items after it."
LAST = f"Items before `before`, counted from the end (at most {PAGE_SIZE_MAX})."
BEFORE = "Opaque cursor from a previous page: items before it."
PAGE_SIZE_NOTE = f"Page size at most {PAGE_SIZE_MAX}."

NodeType = TypeVar("NodeType")
Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A validated page: ``limit`` rows after ``after`` (or before ``before`` going backwards)."""

    limit: int
    after: str | None = None
    before: str | None = None
    backwards: bool = False


def page_request(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> PageRequest:
    if first is not None and last is not None:
        raise BadUserInput("Pass either `first` or `last`, not both.")
    size = last if last is not None else first
    size = PAGE_SIZE_DEFAULT if size is None else size
    if not 0 <= size <= PAGE_SIZE_MAX:
        raise BadUserInput(f"Page size must be between 0 and {PAGE_SIZE_MAX}.", limit=size)
    return PageRequest(
        limit=size,
        after=decode_cursor(after) if after else None,
        before=decode_cursor(before) if before else None,
        backwards=last is not None,
    )


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(f"k:{key}".encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        decoded = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadUserInput("Malformed cursor.", cursor=cursor) from None
    if not decoded.startswith("k:") or first_forbidden(decoded):
        raise BadUserInput("Malformed cursor.", cursor=cursor)
    return decoded[2:]


@strawberry.type(description="Where a page sits in the whole list (Relay PageInfo).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="More items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge.")


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[NodeType]):
    cursor: str = strawberry.field(description="Opaque cursor: pass to `after`/`before`.")
    node: NodeType = strawberry.field(description="The item.")


class _KeyedEdge(Edge[NodeType]):
    """An edge whose cursor is encoded only when asked for (most reads never select it)."""

    def __init__(self, key: str, node: NodeType) -> None:
        self._key = key
        self.node = node

    @property
    def cursor(self) -> str:  # type: ignore[override]
        return encode_cursor(self._key)


@strawberry.type(description="A page of a list, with cursors (Relay connection).")
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Cursors and whether more pages exist.")
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="The items of this page without their cursors (the same as `edges.node`; "
        "as GitHub's API offers it)."
    )
    def nodes(self) -> list[NodeType]:
        # The edges' own objects: no query of its own.
        return [edge.node for edge in self.edges]

    @strawberry.field(description="Number of items in the whole list, across all pages.")
    async def total_count(self) -> int:
        return await self.count_total()


def build_connection(
    rows: Sequence[Row],
    page: PageRequest,
    key: Callable[[Row], str],
    to_node: Callable[[Row], NodeType],
    count_total: Callable[[], Awaitable[int]],
) -> Connection[NodeType]:
    """Rows fetched with ``limit + 1`` (in query order) become a connection page."""
    has_more = len(rows) > page.limit
    kept = list(rows[: page.limit])
    if page.backwards:
        kept.reverse()
    edges: list[Edge[NodeType]] = [_KeyedEdge(key(row), to_node(row)) for row in kept]
    page_info = PageInfo(
        has_next_page=(has_more and not page.backwards) or page.before is not None,
        has_previous_page=(has_more and page.backwards) or page.after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=page_info, count_total=count_total)


def listed_connection(
    items: Sequence[Row],
    page: PageRequest,
    key: Callable[[Row], str],
    to_node: Callable[[Row], NodeType],
) -> Connection[NodeType]:
    """A page of a list the domain keeps short and reads whole (a household's points accounts:
    one per scheme covering it), in the list's own order; cursors are keys, as in SQL pages."""
    keys = [key(item) for item in items]
    start = _position(keys, page.after) + 1 if page.after is not None else 0
    end = _position(keys, page.before) if page.before is not None else len(items)
    window = list(items[start:end])
    rows = list(reversed(window)) if page.backwards else window
    total = len(items)

    async def count_total() -> int:
        return total

    return build_connection(rows[: page.limit + 1], page, key, to_node, count_total)


def _position(keys: list[str], cursor: str) -> int:
    try:
        return keys.index(cursor)
    except ValueError:
        raise BadUserInput("Malformed cursor, or from another list.") from None


PAGING_ARGUMENTS = (
    ("first", int, FIRST),
    ("after", str, AFTER),
    ("last", int, LAST),
    ("before", str, BEFORE),
)


class PagingArguments(FieldExtension):
    """Adds ``first``/``after`` (and, unless forward only, ``last``/``before``) after the
    resolver's own arguments, and hands the resolver their validated ``page`` instead.

    The resolver declares ``page: PageRequest``; that parameter is not a GraphQL argument.
    """

    def __init__(self, *, forward_only: bool = False) -> None:
        self.names = ("first", "after") if forward_only else ("first", "after", "last", "before")

    def apply(self, field: StrawberryField) -> None:
        own = [argument for argument in field.arguments if argument.python_name != "page"]
        assert len(own) == len(field.arguments) - 1, "the resolver takes `page: PageRequest`"
        paging = [_argument(*spec) for spec in PAGING_ARGUMENTS if spec[0] in self.names]
        field.arguments = [*own, *paging]

    def map_arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        first, after, last, before = (kwargs.pop(name, None) for name, _, _ in PAGING_ARGUMENTS)
        return {**kwargs, "page": page_request(first, after, last, before)}


def _argument(name: str, python_type: type, description: str) -> StrawberryArgument:
    return StrawberryArgument(
        python_name=name,
        graphql_name=None,
        type_annotation=StrawberryAnnotation(python_type | None),
        description=description,
        default=None,
    )


def connection_field(
    description: str, *, forward_only: bool = False, extensions: Sequence[FieldExtension] = ()
) -> Any:
    """A connection field: the resolver takes ``page: PageRequest``; the paging arguments
    are added once, here."""
    return strawberry.field(
        description=description,
        extensions=[*extensions, PagingArguments(forward_only=forward_only)],
    )
