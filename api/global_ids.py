"""Global ids (``base64("Type:id")``) read in one place.

An id that decodes to nothing — a type that is not a Node, a database id that is not a
positive bigint in plain digits — is, for ``node`` and ``nodes``, simply not found (null, as
for an id that does not exist or that the viewer may not read); other arguments refuse it as
``BAD_USER_INPUT`` (``api.listing.decode_global_id``). Never an internal error.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.relay.fields import NodeExtension
from strawberry.relay.types import GlobalIDValueError
from strawberry.types.field import StrawberryField

# Ids are PostgreSQL bigints.
DATABASE_ID_MAX = 2**63 - 1
DATABASE_ID_DIGITS_MAX = len(str(DATABASE_ID_MAX))


def database_id(node_id: str) -> int | None:
    """The database id a global id's node part names, or None if it can name none."""
    if not (node_id.isascii() and node_id.isdigit()) or len(node_id) > DATABASE_ID_DIGITS_MAX:
        return None
    number = int(node_id)
    return number if 0 < number <= DATABASE_ID_MAX else None


def node_type(info: strawberry.Info, global_id: relay.GlobalID) -> type[relay.Node] | None:
    """The Node type a global id names, or None if it names none."""
    try:
        return global_id.resolve_type(info)
    except GlobalIDValueError:
        return None


class NullForUnknownTypes(NodeExtension):
    """Strawberry's ``node``/``nodes`` resolvers, with ids of no Node type resolved to null
    (Strawberry raises, an internal error). Ids of a known type are left to ``resolve_nodes``."""

    def get_node_resolver(self, field: StrawberryField) -> Callable[..., Any]:
        resolve = super().get_node_resolver(field)

        def resolver(
            info: strawberry.Info,
            id: Annotated[relay.GlobalID, strawberry.argument(description="The ID of the object.")],
        ) -> Any:
            return None if node_type(info, id) is None else resolve(info, id)

        return resolver

    def get_node_list_resolver(self, field: StrawberryField) -> Callable[..., Any]:
        resolve = super().get_node_list_resolver(field)

        def resolver(
            info: strawberry.Info,
            ids: Annotated[
                list[relay.GlobalID], strawberry.argument(description="The IDs of the objects.")
            ],
        ) -> Any:
            known = [node_type(info, global_id) is not None for global_id in ids]
            found = resolve(
                info, [gid for gid, is_known in zip(ids, known, strict=True) if is_known]
            )

            async def merged() -> list[Any]:
                nodes = iter(await found if inspect.isawaitable(found) else found)
                return [next(nodes) if is_known else None for is_known in known]

            return merged()

        return resolver


def node_field(*, description: str, extensions: list[Any] | None = None) -> Any:
    """``relay.node()`` with ``NullForUnknownTypes``."""
    return strawberry.field(
        description=description, extensions=[*(extensions or []), NullForUnknownTypes()]
    )
