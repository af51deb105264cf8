"""Root query fields for social organizations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.listing import id_ordered_connection
from api.organizations.types import SocialOrganization, SocialOrganizationFilter
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
)
from governance.organizations.models import SocialOrganization as Row
from governance.organizations.repository import OrganizationFilter as FilterValue
from governance.organizations.repository import organization_conditions


@strawberry.type
class OrganizationQueries:
    @connection_field(
        description="Social organizations of villages and communities. " + PAGE_SIZE_NOTE
    )
    async def social_organizations(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            SocialOrganizationFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[SocialOrganization]:
        conditions = organization_conditions(filter.to_domain() if filter else FilterValue())
        return await id_ordered_connection(
            info.context.read,
            Row,
            conditions,
            page,
            SocialOrganization.from_row,
            viewer=info.context.viewer,
        )
