"""The history of a record as GraphQL shows it: ``history`` on every type staff keep.

A type adds ``history`` with ``record_history(info, entity, id)``; the rows of every record in
one response load in one statement. Whoever may read the record reads its history; the
values of identifiers were masked when recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.utils.str_converters import to_camel_case

from governance.history import service
from governance.history.models import ChangeAction as ActionValue

if TYPE_CHECKING:
    from api.context import Info

# The descriptions of ``version`` and ``history`` on the types of institution records.
VERSION_NOTE = "Bumped by every recorded change: pass it back as `expectedVersion` to change it."
HISTORY_NOTE = "Its recorded changes (who, when, from → to, why), oldest first."
# What the mutations keeping institution records (``governance.records``) share.
WHO = "County admins anywhere, township admins in their township, village admins in their village."
EXPECTED_VERSION = "The `version` you read; a later change refuses this one (STALE_VERSION)."
REASON = "Why (kept in the history; at most 500 characters)."
END_CODES = "ALREADY_ENDED, DATE_IN_FUTURE, ENDS_BEFORE_START, STALE_VERSION, TOO_LONG"


@strawberry.enum(description="What a recorded change did to the record.")
class ChangeAction(Enum):
    CREATED = strawberry.enum_value(ActionValue.CREATED, description="The record was made.")
    CHANGED = strawberry.enum_value(ActionValue.CHANGED, description="Fields were corrected.")
    ENDED = strawberry.enum_value(
        ActionValue.ENDED, description="The record ended (closed, died, moved away…); kept."
    )
    REOPENED = strawberry.enum_value(ActionValue.REOPENED, description="An ended record reopened.")


@strawberry.type(description="One field of a recorded change, from → to, as text.")
class FieldChange:
    field: str = strawberry.field(description="The GraphQL name of the field that changed.")
    from_: str | None = strawberry.field(
        name="from", description="The value before (null: none); identifiers masked."
    )
    to: str | None = strawberry.field(
        description="The value after (null: none); identifiers masked."
    )


@strawberry.type(description="One recorded change to a record: who, when, what, why.")
class RecordChange:
    version: int = strawberry.field(description="The record's version after this change.")
    action: ChangeAction = strawberry.field(description="What the change did.")
    changed_at: dt.datetime = strawberry.field(description="When it was recorded.")
    changed_by: str | None = strawberry.field(
        description="Username of who made it; null for a system import."
    )
    reason: str | None = strawberry.field(description="The reason given, if any.")
    changes: list[FieldChange] = strawberry.field(
        description="The fields it changed (for CREATED: the values it started with)."
    )

    @classmethod
    def from_entry(cls, entry: service.HistoryEntry) -> RecordChange:
        record = entry.record
        return cls(
            version=record.version,
            action=ChangeAction(record.action),
            changed_at=record.occurred_at,
            changed_by=entry.changed_by,
            reason=record.reason,
            changes=[
                FieldChange(
                    field=to_camel_case(name), from_=_text(change["from"]), to=_text(change["to"])
                )
                for name, change in record.changes.items()
            ],
        )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class HistoryLoader:
    """``(entity, id)`` → its changes; one statement per tick of the event loop."""

    def __init__(self, read: Any) -> None:
        self._read = read
        self.loader: DataLoader[Hashable, list[service.HistoryEntry]] = DataLoader(self._load)

    async def _load(self, keys: Sequence[Hashable]) -> list[list[service.HistoryEntry]]:
        pairs: list[tuple[str, int]] = list(keys)  # type: ignore[arg-type]
        result: list[list[service.HistoryEntry]] = await self._read(
            lambda session: service.history_of(session, pairs)
        )
        return result


async def record_history(info: Info, entity: str, row_id: int) -> list[RecordChange]:
    """The history of a record the caller already may read (resolved it), oldest first."""
    entries = await info.context.loaders.history.loader.load((entity, row_id))
    return [RecordChange.from_entry(entry) for entry in entries]
