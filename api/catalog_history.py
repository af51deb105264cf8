"""``version`` and ``history`` of the bank's public catalog (schemes, rules, supermarkets,
goods): anyone reads the catalog, its history goes to signed-in viewers only, since it names
the staff who made each change (usernames are for signed-in viewers, like ``User``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.history import RecordChange, record_history

if TYPE_CHECKING:
    from api.context import Info

VERSION_DESCRIPTION = "Bumped by each recorded change: pass it back as `expectedVersion`."
HISTORY_DESCRIPTION = (
    "Its recorded changes, oldest first: who, when, what from → to, why (signed-in viewers; "
    "empty for anonymous ones)."
)


async def catalog_history(info: Info, entity: str, row_id: int) -> list[RecordChange]:
    if not info.context.viewer.authenticated:
        return []
    return await record_history(info, entity, row_id)
