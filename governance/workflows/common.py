"""Refusals, administrative levels, scoping and acting rights shared by every workflow.

Events, disputes and petitions all move through states, are acted on by a viewer holding a
region grant over the row, and refuse invalid steps with a typed ``Refusal`` that the API
turns into a ``userError``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select, true

from governance.access.principal import Grant, Viewer
from governance.access.roles import ADMIN_AND_GRID_WORKER_ROLES, Role
from governance.access.scope import Target, apply_region_scope, grant_covers
from governance.refusals import Refusal, RefusalCode

NOTE_LENGTH_MAX = 2_000


class Level(enum.StrEnum):
    """Administrative level a matter is handled at, lowest first (网格 → 村 → 乡镇 → 县)."""

    GRID = "GRID"
    VILLAGE = "VILLAGE"
    TOWNSHIP = "TOWNSHIP"
    COUNTY = "COUNTY"


LEVELS = tuple(Level)


def level_above(level: Level) -> Level | None:
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def scope_condition(
    region_code_column: Any,
    viewer: Viewer,
    *,
    person_id_column: Any = None,
    roles: frozenset[Role] | None = None,
) -> ColumnElement[bool]:
    """The WHERE condition of ``apply_region_scope`` (THE scoping rule), for list builders."""
    scoped = apply_region_scope(
        select(true()), region_code_column, viewer, person_id_column=person_id_column, roles=roles
    )
    condition = scoped.whereclause
    assert condition is not None, "apply_region_scope always adds a condition"
    return condition


def acting_grant(viewer: Viewer, region_code: str, roles: frozenset[Role]) -> Grant | None:
    """The viewer's grant that covers ``region_code`` through ``roles``, broadest first."""
    target = Target(region_code=region_code)
    covering = [g for g in viewer.grants if g.role in roles and grant_covers(g, target)]
    return min(covering, key=lambda grant: len(grant.region_code or ""), default=None)


def require_actor(
    viewer: Viewer, region_code: str, roles: frozenset[Role] = ADMIN_AND_GRID_WORKER_ROLES
) -> Grant:
    """The grant a viewer acts through on a row of ``region_code``, or ``FORBIDDEN``."""
    grant = acting_grant(viewer, region_code, roles)
    if grant is None:
        raise Refusal(RefusalCode.FORBIDDEN, None, "You may not act on this record.")
    return grant


def check_note(note: str | None, field: str = "note") -> str | None:
    if note is not None and len(note) > NOTE_LENGTH_MAX:
        raise Refusal(
            RefusalCode.NOTE_TOO_LONG, field, f"Notes are limited to {NOTE_LENGTH_MAX} chars."
        )
    return note.strip() or None if note is not None else None


def require_text(value: str, field: str, length_max: int) -> str:
    text = value.strip()
    if not text:
        raise Refusal(RefusalCode.REQUIRED, field, "This field may not be empty.")
    if len(text) > length_max:
        raise Refusal(RefusalCode.TOO_LONG, field, f"At most {length_max} characters.")
    return text


def distinct(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def check_count(values: Sequence[Any], field: str, count_min: int, count_max: int) -> None:
    if not count_min <= len(values) <= count_max:
        message = f"Give between {count_min} and {count_max}."
        raise Refusal(RefusalCode.COUNT_OUT_OF_RANGE, field, message)
