"""The one way master data changes: against a version, recorded field by field.

Every record staff keep (persons, households, institutions, the bank's catalog) carries a
``version`` (``governance.columns.version_column``). An edit names the version it was made
against; if the row moved on since, the edit is refused with ``STALE_VERSION`` instead of
silently overwriting someone else's change. Each accepted change bumps the version and writes
one ``record_history`` row: who, when, which fields from → to, and why.

Callers lock the row first (``locked``), so two edits against the same version serialize and
the second is refused. Identifiers (ID numbers, phones) are recorded masked: the history is
read by everyone who may read the record, not only those allowed to unmask.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from governance.access.models import User
from governance.access.principal import Viewer
from governance.access.roles import Role
from governance.access.scope import apply_region_scope
from governance.history.models import ChangeAction, RecordChange
from governance.refusals import Refusal, RefusalCode

Mask = Callable[[str], str]


class Versioned(Protocol):
    id: int
    version: int
    region_code: str


V = TypeVar("V", bound=Versioned)


def json_value(value: Any) -> Any:
    """A value as the history stores it: JSON scalars and lists; enums by value, dates ISO."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(item) for item in value]
    assert value is None or isinstance(value, str | int | float | bool), type(value)
    return value


def _recorded(field: str, value: Any, masks: Mapping[str, Mask]) -> Any:
    mask = masks.get(field)
    return mask(value) if mask is not None and value is not None else json_value(value)


async def locked(
    session: AsyncSession,
    model: type[V],
    row_id: int,
    viewer: Viewer,
    roles: frozenset[Role],
) -> V | None:
    """The row ``row_id`` locked for an edit, if ``viewer`` holds one of ``roles`` over it."""
    region_code: InstrumentedAttribute[str] = model.region_code  # type: ignore[assignment]
    statement = apply_region_scope(
        select(model).where(model.id == row_id),  # type: ignore[arg-type]
        region_code,
        viewer,
        roles=roles,
    ).with_for_update()
    return (await session.scalars(statement)).one_or_none()


def check_version(row: Versioned, expected_version: int) -> None:
    if row.version != expected_version:
        message = (
            f"This record changed since you loaded it (you edited version {expected_version}, "
            f"it is now at version {row.version}): reload it and make your change again."
        )
        raise Refusal(RefusalCode.STALE_VERSION, "expectedVersion", message)


async def record_created(
    session: AsyncSession,
    row: Versioned,
    *,
    entity: str,
    viewer: Viewer,
    at: dt.datetime,
    fields: Mapping[str, Any],
    masks: Mapping[str, Mask] | None = None,
) -> RecordChange:
    """Record a new row (already flushed, so it has an id) at version 1."""
    changes = {
        name: {"from": None, "to": _recorded(name, value, masks or {})}
        for name, value in fields.items()
        if value not in (None, [], ())
    }
    return await _write(
        session, row, entity, viewer, at, action=ChangeAction.CREATED, changes=changes
    )


async def apply_edit(
    session: AsyncSession,
    row: V,
    edits: Mapping[str, Any],
    *,
    entity: str,
    expected_version: int,
    viewer: Viewer,
    at: dt.datetime,
    action: ChangeAction = ChangeAction.CHANGED,
    reason: str | None = None,
    masks: Mapping[str, Mask] | None = None,
) -> RecordChange | None:
    """Set ``edits`` on the locked ``row`` if it is still at ``expected_version``.

    Fields whose value does not change are left out; an edit that changes nothing (and is not
    an END or REOPEN) records nothing and keeps the version. Returns the history row written.
    """
    check_version(row, expected_version)
    changes: dict[str, Any] = {}
    for name, new in edits.items():
        old = getattr(row, name)
        if json_value(old) == json_value(new):
            continue
        changes[name] = {
            "from": _recorded(name, old, masks or {}),
            "to": _recorded(name, new, masks or {}),
        }
        setattr(row, name, new)
    if not changes and action is ChangeAction.CHANGED:
        return None
    row.version += 1
    return await _write(
        session, row, entity, viewer, at, action=action, changes=changes, reason=reason
    )


async def record_change(
    session: AsyncSession,
    row: Versioned,
    changes: Mapping[str, tuple[Any, Any]],
    *,
    entity: str,
    expected_version: int,
    viewer: Viewer,
    at: dt.datetime,
    reason: str | None = None,
) -> RecordChange:
    """Record a change of something the row's columns do not hold (a household's members
    after a split or a merge) as ``{name: (from, to)}``, bumping the version like an edit."""
    check_version(row, expected_version)
    row.version += 1
    recorded = {
        name: {"from": json_value(old), "to": json_value(new)}
        for name, (old, new) in changes.items()
    }
    return await _write(
        session, row, entity, viewer, at, action=ChangeAction.CHANGED, changes=recorded,
        reason=reason,
    )  # fmt: skip


async def _write(
    session: AsyncSession,
    row: Versioned,
    entity: str,
    viewer: Viewer,
    at: dt.datetime,
    *,
    action: ChangeAction,
    changes: dict[str, Any],
    reason: str | None = None,
) -> RecordChange:
    record = RecordChange(
        entity=entity,
        entity_id=row.id,
        region_code=row.region_code,
        version=row.version,
        action=action,
        changes=changes,
        reason=reason,
        changed_by_user_id=viewer.user_id,
        occurred_at=at,
    )
    session.add(record)
    await session.flush()
    return record


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    record: RecordChange
    changed_by: str | None  # the username; None for a system import


async def history_of(
    session: AsyncSession, keys: Sequence[tuple[str, int]]
) -> list[list[HistoryEntry]]:
    """The changes of each ``(entity, id)``, oldest first (one statement for all keys).

    Callers pass only records the viewer may read: the history goes with the record.
    """
    if not keys:
        return []
    entities = sorted({entity for entity, _ in keys})
    ids = sorted({row_id for _, row_id in keys})
    statement = (
        select(RecordChange, User.username)
        .outerjoin(User, User.id == RecordChange.changed_by_user_id)
        .where(RecordChange.entity.in_(entities), RecordChange.entity_id.in_(ids))
        .order_by(RecordChange.entity_id, RecordChange.version, RecordChange.id)
    )
    grouped: dict[tuple[str, int], list[HistoryEntry]] = {key: [] for key in keys}
    for record, username in await session.execute(statement):
        bucket = grouped.get((record.entity, record.entity_id))
        if bucket is not None:
            bucket.append(HistoryEntry(record, username))
    return [grouped[key] for key in keys]
