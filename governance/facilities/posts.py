"""Keeping service posts (一村一警, legal adviser, 法治副主任): appoint, change and end.

One holder per post and region at a time: a new holder is appointed once the current
appointment has ended. One function per change, taking a plain request (the API and the .xlsx
imports both call these; all validation is here). Who may: ``governance.records``; the holder
must be a person the caller may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.facilities import repository
from governance.facilities.models import (
    ORGANIZATION_NAME_LENGTH_MAX,
    ServicePost,
    ServicePostKind,
)
from governance.history.service import apply_edit, check_version, locked, record_created
from governance.people.models import Person
from governance.records import (
    Ending,
    check_day,
    check_name,
    check_reason,
    end_record,
    kept_region,
)
from governance.refusals import Refusal, RefusalCode
from governance.regions.codes import RegionLevel

POST_ENTITY = "service_post"
POST_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


@dataclass(frozen=True, slots=True)
class PostAppointment:
    region_code: str
    kind: ServicePostKind
    person_id: int
    organization: str
    started_on: dt.date


@dataclass(frozen=True, slots=True)
class PostChange:
    """Fields left None stay as they are. A new holder is a new appointment."""

    id: int
    expected_version: int
    organization: str | None = None
    started_on: dt.date | None = None
    reason: str | None = None


async def appoint_post(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: PostAppointment
) -> ServicePost:
    await kept_region(session, viewer, request.region_code, POST_LEVELS, "a township or village")
    organization = check_name(request.organization, ORGANIZATION_NAME_LENGTH_MAX, "organization")
    check_day(request.started_on, "startedOn", now)
    if not await listing.by_values(session, Person.id, [request.person_id], viewer=viewer):
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person has this id.")
    if await repository.post_holders(session, request.region_code, request.kind):
        message = "This post is held here already: end that appointment first."
        raise Refusal(RefusalCode.POST_FILLED, "kind", message)
    row = ServicePost(
        region_code=request.region_code,
        kind=request.kind,
        person_id=request.person_id,
        organization=organization,
        started_on=request.started_on,
    )
    session.add(row)
    await session.flush()
    fields = {
        "region_code": row.region_code,
        "kind": row.kind,
        "person_id": row.person_id,
        "organization": organization,
        "started_on": row.started_on,
    }
    await record_created(session, row, entity=POST_ENTITY, viewer=viewer, at=now, fields=fields)
    return row


async def _post(session: AsyncSession, viewer: Viewer, post_id: int) -> ServicePost:
    row = await locked(session, ServicePost, post_id, viewer, ADMIN_ROLES)
    if row is None:
        message = "No service post has this id."
        raise Refusal(RefusalCode.SERVICE_POST_NOT_FOUND, "servicePostId", message)
    return row


async def change_post(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, change: PostChange
) -> ServicePost:
    """Correct a running appointment's organization or first day."""
    row = await _post(session, viewer, change.id)
    check_version(row, change.expected_version)
    if row.ended_on is not None:
        raise Refusal(RefusalCode.ALREADY_ENDED, "servicePostId", "This appointment has ended.")
    edits: dict[str, object] = {}
    if change.organization is not None:
        edits["organization"] = check_name(
            change.organization, ORGANIZATION_NAME_LENGTH_MAX, "organization"
        )
    if change.started_on is not None:
        check_day(change.started_on, "startedOn", now)
        edits["started_on"] = change.started_on
    await apply_edit(
        session, row, edits, entity=POST_ENTITY, expected_version=change.expected_version,
        viewer=viewer, at=now, reason=check_reason(change.reason),
    )  # fmt: skip
    return row


async def end_post(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, ending: Ending
) -> ServicePost:
    """The holder's last day in the post."""
    row = await _post(session, viewer, ending.id)
    return await end_record(
        session, row, ending, entity=POST_ENTITY, id_field="servicePostId",
        started_on=row.started_on, viewer=viewer, now=now,
    )  # fmt: skip
