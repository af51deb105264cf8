"""Who holds a grid assignment: a person of the roster, or a township official named in words.

The leader in charge of a grid (包联) is often a township official who is not on any village's
roster: such an assignment names the official (and post) instead of a person. Only the
township officials' roles may be held that way; village cadres and volunteers are residents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.access.principal import Viewer
from governance.grids import repository
from governance.grids.models import OFFICIAL_NAME_LENGTH_MAX, OFFICIAL_POST_LENGTH_MAX, GridRole
from governance.people.models import Person
from governance.refusals import Refusal, RefusalCode

OFFICIAL_ROLES = frozenset(
    {
        GridRole.TOWNSHIP_PARTY_SECRETARY,
        GridRole.TOWNSHIP_HEAD,
        GridRole.POLITICAL_LEGAL_SECRETARY,
        GridRole.JUSTICE_OFFICE_HEAD,
    }
)


@dataclass(frozen=True, slots=True)
class Holder:
    """Exactly one of ``person_id`` and ``official_name`` is set (``holder``)."""

    person_id: int | None
    official_name: str | None = None
    official_post: str | None = None


def _text(value: str | None, field: str, length_max: int) -> str | None:
    text = (value or "").strip()
    if len(text) > length_max:
        raise Refusal(RefusalCode.TOO_LONG, field, f"At most {length_max} characters.")
    return text or None


def holder(
    person_id: int | None, official_name: str | None, official_post: str | None, role: GridRole
) -> Holder:
    """The checked holder: a person, or for a township official's role a named official."""
    name = _text(official_name, "officialName", OFFICIAL_NAME_LENGTH_MAX)
    post = _text(official_post, "officialPost", OFFICIAL_POST_LENGTH_MAX)
    if (person_id is None) == (name is None):
        message = "Name exactly one holder: a person (personId) or an official (officialName)."
        raise Refusal(RefusalCode.HOLDER_INVALID, "personId", message)
    if name is None and post is not None:
        message = "A post goes with a named official."
        raise Refusal(RefusalCode.HOLDER_INVALID, "officialPost", message)
    if name is not None and role not in OFFICIAL_ROLES:
        message = "Only the township officials' roles may be held by a named official."
        raise Refusal(RefusalCode.HOLDER_INVALID, "officialName", message)
    return Holder(person_id, name, post)


async def check_holder(
    session: AsyncSession,
    viewer: Viewer,
    *,
    grid_code: str,
    found: Holder,
    role: GridRole,
    day: dt.date,
    own: int | None,
) -> None:
    """The person is one the viewer may see; the holder has no other running assignment in
    this role on this grid."""
    if found.person_id is not None:
        visible = await listing.by_values(session, Person.id, [found.person_id], viewer=viewer)
        if not visible:
            raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person has this id.")
    duplicate = await repository.active_duplicate(
        session, grid_code, role, day, person_id=found.person_id, official=found.official_name
    )
    if duplicate is not None and duplicate.id != own:
        message = "This person already holds this role in this grid."
        raise Refusal(RefusalCode.ALREADY_ASSIGNED, "role", message)
