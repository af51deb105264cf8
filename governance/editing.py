"""What the create / change / end services of the institutions' records share.

Who may write: administrators whose region covers the record's region (``ADMIN_ROLES``: a
county admin anywhere, a township admin its township and villages, a village admin its
village). A region given in an input and outside the caller's regions is ``FORBIDDEN``; a row
outside them reads as not found (``governance.history.service.locked``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.access.scope import Target, target_in_scope
from governance.history.models import REASON_LENGTH_MAX
from governance.people.models import Person
from governance.refusals import Refusal, RefusalCode
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel
from governance.regions.models import Region

# Who creates, changes and ends institutions' records, within their regions.
EDITOR_ROLES = ADMIN_ROLES


@dataclass(frozen=True, slots=True)
class Ending:
    """End a record (close, dissolve, withdraw): from ``ended_on`` on it no longer counts."""

    row_id: int
    expected_version: int
    ended_on: dt.date
    reason: str | None = None


async def region_to_write(
    session: AsyncSession,
    viewer: Viewer,
    code: str,
    levels: tuple[RegionLevel, ...],
    field: str,
) -> Region:
    """The region ``code`` at one of ``levels``, if the viewer may write records there."""
    found = await regions_repository.by_codes(session, [code])
    if not found or found[0].level not in levels:
        names = " or ".join(level.value.lower() for level in levels)
        message = f"No region has this code: give a {names} code."
        raise Refusal(RefusalCode.REGION_NOT_FOUND, field, message)
    region = found[0]
    if not target_in_scope(viewer, Target(region.code), EDITOR_ROLES):
        raise Refusal(RefusalCode.FORBIDDEN, field, "You may not write records of this region.")
    return region


async def require_person(session: AsyncSession, viewer: Viewer, person_id: int) -> None:
    """``PERSON_NOT_FOUND`` unless the person exists and the viewer may see them."""
    if not await listing.by_values(session, Person.id, [person_id], viewer=viewer):
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person has this id.")


def check_not_ended(ended_on: dt.date | None, field: str) -> None:
    if ended_on is not None:
        raise Refusal(RefusalCode.ALREADY_ENDED, field, "This record has ended already.")


def check_end(started_on: dt.date | None, ended_on: dt.date, field: str = "endedOn") -> None:
    if started_on is not None and ended_on < started_on:
        message = "A record cannot end before it starts."
        raise Refusal(RefusalCode.ENDS_BEFORE_START, field, message)


def check_reason(reason: str | None) -> str | None:
    text = (reason or "").strip()
    if len(text) > REASON_LENGTH_MAX:
        message = f"At most {REASON_LENGTH_MAX} characters."
        raise Refusal(RefusalCode.TOO_LONG, "reason", message)
    return text or None
