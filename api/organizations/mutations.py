"""Mutations on social organizations: register, change (incubation included), dissolve.

Each converts its input to the request of ``governance.organizations.service``, where every
rule is.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.editing import ERRORS, EXPECTED_VERSION, REASON, WHO, Edit, run_edit
from api.listing import decode_global_id
from api.mutations import UserError
from api.organizations.types import OrganizationKind, OrganizationStatus, SocialOrganization
from governance.editing import Ending
from governance.organizations import service
from governance.organizations.models import OrganizationKind as KindValue
from governance.organizations.models import OrganizationStatus as StatusValue
from governance.organizations.models import SocialOrganization as Row

INCUBATOR = (
    "Code of the county or of the township above the village whose incubation base incubates "
    "or incubated it; null if none."
)


@strawberry.input(description="A social organization of a village or community.")
class RegisterSocialOrganizationInput:
    village_code: str = strawberry.field(description="The village's or community's code.")
    name: str = strawberry.field(description="Name.")
    kind: OrganizationKind = strawberry.field(description="What it does.")
    status: OrganizationStatus = strawberry.field(
        default=OrganizationStatus.ACTIVE,
        description="INCUBATING while an incubation base incubates it, else ACTIVE (default).",
    )
    incubator_region_code: str | None = strawberry.field(default=None, description=INCUBATOR)
    founded_on: dt.date | None = strawberry.field(default=None, description="Founding day.")


@strawberry.input(description="An organization's fields as they should now be (all of them).")
class ChangeSocialOrganizationInput:
    organization_id: relay.GlobalID = strawberry.field(description="The SocialOrganization.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    name: str = strawberry.field(description="Name.")
    kind: OrganizationKind = strawberry.field(description="What it does.")
    status: OrganizationStatus = strawberry.field(
        description="INCUBATING, ACTIVE (e.g. once incubated and registered) or SUSPENDED."
    )
    incubator_region_code: str | None = strawberry.field(default=None, description=INCUBATOR)
    founded_on: dt.date | None = strawberry.field(default=None, description="Founding day.")


@strawberry.input(description="Which organization is dissolved, and on which day.")
class EndSocialOrganizationInput:
    organization_id: relay.GlobalID = strawberry.field(description="The SocialOrganization.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="The day it is dissolved (counts no more).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a social organization.")
class SocialOrganizationPayload:
    organization: SocialOrganization | None = strawberry.field(
        description="The organization as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _organization_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "SocialOrganization", "organizationId")


async def _run(info: Info, edit: Edit[Row]) -> SocialOrganizationPayload:
    row, errors = await run_edit(info, edit, "social_organization")
    return SocialOrganizationPayload(
        organization=SocialOrganization.from_row(row) if row else None, user_errors=errors
    )


@strawberry.type
class OrganizationMutations:
    @strawberry.mutation(
        description=(
            f"Register a social organization of a village or community. {WHO} Refusal codes: "
            "REQUIRED, TOO_LONG, STATUS_INVALID (DISSOLVED), REGION_NOT_FOUND (not a village), "
            "FORBIDDEN, INCUBATOR_INVALID."
        )
    )
    async def register_social_organization(
        self,
        info: Info,
        input: Annotated[
            RegisterSocialOrganizationInput, strawberry.argument(description="The organization.")
        ],
    ) -> SocialOrganizationPayload:
        draft = service.OrganizationDraft(
            village_code=input.village_code,
            name=input.name,
            kind=KindValue[input.kind.name],
            status=StatusValue[input.status.name],
            incubator_region_code=input.incubator_region_code,
            founded_on=input.founded_on,
        )
        return await _run(info, lambda s, v, at: service.register_organization(s, v, at, draft))

    @strawberry.mutation(
        description=(
            "Correct an organization or move it through incubation (INCUBATING → ACTIVE, "
            f"ACTIVE ↔ SUSPENDED). {WHO} Refusal codes: ORGANIZATION_NOT_FOUND (also: not one "
            "you may manage), ALREADY_ENDED, STALE_VERSION, REQUIRED, TOO_LONG, STATUS_INVALID, "
            "INCUBATOR_INVALID."
        )
    )
    async def change_social_organization(
        self,
        info: Info,
        input: Annotated[
            ChangeSocialOrganizationInput, strawberry.argument(description="The new fields.")
        ],
    ) -> SocialOrganizationPayload:
        edit = service.OrganizationEdit(
            organization_id=_organization_id(input.organization_id),
            expected_version=input.expected_version,
            name=input.name,
            kind=KindValue[input.kind.name],
            status=StatusValue[input.status.name],
            incubator_region_code=input.incubator_region_code,
            founded_on=input.founded_on,
        )
        return await _run(info, lambda s, v, at: service.change_organization(s, v, at, edit))

    @strawberry.mutation(
        description=(
            "Dissolve an organization (status DISSOLVED; kept on record, not counted from "
            f"`endedOn`). {WHO} Refusal codes: ORGANIZATION_NOT_FOUND (also: not one you may "
            "manage), ALREADY_ENDED, STALE_VERSION, ENDS_BEFORE_START, TOO_LONG."
        )
    )
    async def end_social_organization(
        self,
        info: Info,
        input: Annotated[
            EndSocialOrganizationInput, strawberry.argument(description="What ends, when.")
        ],
    ) -> SocialOrganizationPayload:
        ending = Ending(
            _organization_id(input.organization_id),
            input.expected_version,
            input.ended_on,
            input.reason,
        )
        return await _run(info, lambda s, v, at: service.dissolve_organization(s, v, at, ending))
