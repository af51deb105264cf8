"""Rules every kept institution record shares (centers, staff, facilities, posts, insurance).

Who may write: administrators whose region subtree covers the record's region
(``ADMIN_ROLES``): the county's anywhere, a township's in the township and its villages, a
village's in the village. A region code named in the input outside that reach is ``FORBIDDEN``;
an existing row outside it reads as not found (``governance.history.service.locked``).

Days are the county's (``kit.clock.local_day``) and record what has happened: none lies after
today. Ending sets the last day the record was in force; it is kept, never deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.access.scope import Target, target_in_scope
from governance.history.models import REASON_LENGTH_MAX, ChangeAction
from governance.history.service import V, apply_edit, check_version
from governance.refusals import Refusal, RefusalCode
from governance.regions import repository as regions_repository
from governance.regions.codes import is_level
from governance.regions.models import Region
from kit.clock import local_day


@dataclass(frozen=True, slots=True)
class Ending:
    """End a record: its id, the version seen, the last day it was in force, and why."""

    id: int
    expected_version: int
    ended_on: dt.date
    reason: str | None = None


async def kept_region(
    session: AsyncSession,
    viewer: Viewer,
    code: str,
    levels: tuple[str, ...],
    what: str,
    *,
    field: str = "regionCode",
) -> Region:
    """The region ``code`` of one of ``levels``, if ``viewer`` keeps records there."""
    found = await regions_repository.by_codes(session, [code]) if is_level(code, *levels) else []
    if not found:
        raise Refusal(RefusalCode.REGION_NOT_FOUND, field, f"Give the code of {what}.")
    if not target_in_scope(viewer, Target(code), ADMIN_ROLES):
        message = "You keep the records of your own region and the regions below it only."
        raise Refusal(RefusalCode.FORBIDDEN, field, message)
    return found[0]


def check_day(day: dt.date | None, field: str, now: dt.datetime) -> None:
    if day is not None and day > local_day(now):
        raise Refusal(RefusalCode.DATE_IN_FUTURE, field, "Record what has happened.")


def check_name(name: str, length_max: int, field: str = "name") -> str:
    text = name.strip()
    if not text:
        raise Refusal(RefusalCode.NAME_REQUIRED, field, "Give a name.")
    if len(text) > length_max:
        raise Refusal(RefusalCode.TOO_LONG, field, f"At most {length_max} characters.")
    return text


def check_reason(reason: str | None) -> str | None:
    text = reason.strip() if reason else None
    if text and len(text) > REASON_LENGTH_MAX:
        message = f"At most {REASON_LENGTH_MAX} characters."
        raise Refusal(RefusalCode.TOO_LONG, "reason", message)
    return text or None


def check_order(started_on: dt.date | None, ended_on: dt.date | None, field: str) -> None:
    if started_on is not None and ended_on is not None and ended_on < started_on:
        message = "A record cannot end before it starts."
        raise Refusal(RefusalCode.ENDS_BEFORE_START, field, message)


async def end_record(
    session: AsyncSession,
    row: V,
    ending: Ending,
    *,
    entity: str,
    id_field: str,
    started_on: dt.date | None,
    viewer: Viewer,
    now: dt.datetime,
) -> V:
    """Set the last day of the locked ``row`` (an ENDED change in its history)."""
    check_version(row, ending.expected_version)
    if getattr(row, "ended_on", None) is not None:
        raise Refusal(RefusalCode.ALREADY_ENDED, id_field, "This record has ended already.")
    check_day(ending.ended_on, "endedOn", now)
    check_order(started_on, ending.ended_on, "endedOn")
    await apply_edit(
        session,
        row,
        {"ended_on": ending.ended_on},
        entity=entity,
        expected_version=ending.expected_version,
        viewer=viewer,
        at=now,
        action=ChangeAction.ENDED,
        reason=check_reason(ending.reason),
    )
    return row
