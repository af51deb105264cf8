"""Registering, changing and dissolving social organizations, and their incubation.

An organization belongs to a village or community. It may be incubated (孵化) by the county's
or its township's incubation base: registered INCUBATING, it becomes ACTIVE (registered, 登记)
by a change of status; SUSPENDED marks it inactive for a while. It is dissolved by ending it
(status DISSOLVED, ``ended_on``): kept on record, no longer counted from that day.

Plain requests (the GraphQL mutations and the .xlsx imports build the same ones); every check
is here. Who may: administrators over the village (``governance.editing``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.editing import (
    EDITOR_ROLES,
    Ending,
    check_end,
    check_not_ended,
    check_reason,
    region_to_write,
)
from governance.history.models import ChangeAction
from governance.history.service import apply_edit, locked, record_created
from governance.organizations.models import (
    ORGANIZATION_NAME_LENGTH_MAX,
    OrganizationKind,
    OrganizationStatus,
    SocialOrganization,
)
from governance.refusals import Refusal, RefusalCode
from governance.regions.codes import RegionLevel, ancestors
from governance.workflows.common import require_text

ENTITY = "social_organization"
# Set by registering or changing; DISSOLVED only by ending.
SETTABLE_STATUSES = frozenset(
    {OrganizationStatus.INCUBATING, OrganizationStatus.ACTIVE, OrganizationStatus.SUSPENDED}
)


@dataclass(frozen=True, slots=True)
class OrganizationDraft:
    village_code: str
    name: str
    kind: OrganizationKind
    status: OrganizationStatus = OrganizationStatus.ACTIVE
    incubator_region_code: str | None = None
    founded_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class OrganizationEdit:
    """The organization's fields as they should now be (every field, changed or not)."""

    organization_id: int
    expected_version: int
    name: str
    kind: OrganizationKind
    status: OrganizationStatus
    incubator_region_code: str | None
    founded_on: dt.date | None


def _check_status(status: OrganizationStatus) -> None:
    if status not in SETTABLE_STATUSES:
        message = "An organization is dissolved by ending it (endSocialOrganization)."
        raise Refusal(RefusalCode.STATUS_INVALID, "status", message)


def _check_incubator(village_code: str, incubator: str | None) -> None:
    """The incubation base is the county's or the township's above the village."""
    if incubator is not None and incubator not in ancestors(village_code):
        message = "Give the code of the county or of the township above the village."
        raise Refusal(RefusalCode.INCUBATOR_INVALID, "incubatorRegionCode", message)


async def register_organization(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, draft: OrganizationDraft
) -> SocialOrganization:
    name = require_text(draft.name, "name", ORGANIZATION_NAME_LENGTH_MAX)
    _check_status(draft.status)
    levels = (RegionLevel.VILLAGE,)
    village = await region_to_write(session, viewer, draft.village_code, levels, "villageCode")
    _check_incubator(village.code, draft.incubator_region_code)
    organization = SocialOrganization(
        region_code=village.code,
        name=name,
        kind=draft.kind,
        status=draft.status,
        incubator_region_code=draft.incubator_region_code,
        founded_on=draft.founded_on,
    )
    session.add(organization)
    await session.flush()
    fields = {
        "region_code": village.code,
        "name": name,
        "kind": draft.kind,
        "status": draft.status,
        "incubator_region_code": draft.incubator_region_code,
        "founded_on": draft.founded_on,
    }
    await record_created(session, organization, entity=ENTITY, viewer=viewer, at=at, fields=fields)
    return organization


async def _organization(
    session: AsyncSession, viewer: Viewer, organization_id: int
) -> SocialOrganization:
    organization = await locked(session, SocialOrganization, organization_id, viewer, EDITOR_ROLES)
    if organization is None:
        message = "No social organization within your regions has this id."
        raise Refusal(RefusalCode.ORGANIZATION_NOT_FOUND, "organizationId", message)
    return organization


async def change_organization(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, edit: OrganizationEdit
) -> SocialOrganization:
    """Correct an organization, or move it through incubation (INCUBATING → ACTIVE)."""
    organization = await _organization(session, viewer, edit.organization_id)
    check_not_ended(organization.ended_on, "organizationId")
    name = require_text(edit.name, "name", ORGANIZATION_NAME_LENGTH_MAX)
    _check_status(edit.status)
    _check_incubator(organization.region_code, edit.incubator_region_code)
    edits = {
        "name": name,
        "kind": edit.kind,
        "status": edit.status,
        "incubator_region_code": edit.incubator_region_code,
        "founded_on": edit.founded_on,
    }
    await apply_edit(
        session, organization, edits, entity=ENTITY, expected_version=edit.expected_version,
        viewer=viewer, at=at,
    )  # fmt: skip
    return organization


async def dissolve_organization(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, ending: Ending
) -> SocialOrganization:
    """Dissolve (注销): from ``ended_on`` the organization no longer counts."""
    organization = await _organization(session, viewer, ending.row_id)
    check_not_ended(organization.ended_on, "organizationId")
    check_end(organization.founded_on, ending.ended_on)
    edits = {"status": OrganizationStatus.DISSOLVED, "ended_on": ending.ended_on}
    await apply_edit(
        session, organization, edits, entity=ENTITY, expected_version=ending.expected_version,
        viewer=viewer, at=at, action=ChangeAction.ENDED, reason=check_reason(ending.reason),
    )  # fmt: skip
    return organization
