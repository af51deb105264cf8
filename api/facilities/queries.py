"""Root query fields for facilities, service posts and insurance."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.facilities.types import (
    InsuranceParticipation,
    InsuranceParticipationFilter,
    ServiceFacility,
    ServiceFacilityFilter,
    ServicePost,
    ServicePostFilter,
)
from api.listing import id_ordered_connection
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
)
from governance.facilities.models import InsuranceParticipation as InsuranceRow
from governance.facilities.models import ServiceFacility as Row
from governance.facilities.models import ServicePost as PostRow
from governance.facilities.repository import FacilityFilter as FilterValue
from governance.facilities.repository import InsuranceFilter as InsuranceFilterValue
from governance.facilities.repository import ServicePostFilter as PostFilterValue
from governance.facilities.repository import (
    facility_conditions,
    insurance_conditions,
    post_conditions,
)


@strawberry.type
class FacilityQueries:
    @connection_field(description="Service facilities of townships and villages. " + PAGE_SIZE_NOTE)
    async def service_facilities(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            ServiceFacilityFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[ServiceFacility]:
        conditions = facility_conditions(filter.to_domain() if filter else FilterValue())
        return await id_ordered_connection(
            info.context.read,
            Row,
            conditions,
            page,
            ServiceFacility.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description="Appointed service posts (一村一警, legal advisers, rule-of-law deputy heads). "
        + PAGE_SIZE_NOTE
    )
    async def service_posts(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            ServicePostFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[ServicePost]:
        conditions = post_conditions(filter.to_domain() if filter else PostFilterValue())
        return await id_ordered_connection(
            info.context.read,
            PostRow,
            conditions,
            page,
            ServicePost.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description="Insurance participation per village and year (target: 100%). " + PAGE_SIZE_NOTE
    )
    async def insurance_participation(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            InsuranceParticipationFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[InsuranceParticipation]:
        conditions = insurance_conditions(filter.to_domain() if filter else InsuranceFilterValue())
        return await id_ordered_connection(
            info.context.read,
            InsuranceRow,
            conditions,
            page,
            InsuranceParticipation.from_row,
            viewer=info.context.viewer,
        )
