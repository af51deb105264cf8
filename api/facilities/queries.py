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
    AFTER,
    BEFORE,
    FIRST,
    LAST,
    PAGE_SIZE_NOTE,
    Connection,
    page_request,
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
    @strawberry.field(description="Service facilities of townships and villages. " + PAGE_SIZE_NOTE)
    async def service_facilities(
        self,
        info: Info,
        *,
        filter: Annotated[
            ServiceFacilityFilter | None, strawberry.argument(description="What to include.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[ServiceFacility]:
        page = page_request(first, after, last, before)
        conditions = facility_conditions(filter.to_domain() if filter else FilterValue())
        return await id_ordered_connection(
            info.context.read,
            Row,
            conditions,
            page,
            ServiceFacility.from_row,
            viewer=info.context.viewer,
        )

    @strawberry.field(
        description="Appointed service posts (一村一警, legal advisers, rule-of-law deputy heads). "
        + PAGE_SIZE_NOTE
    )
    async def service_posts(
        self,
        info: Info,
        *,
        filter: Annotated[
            ServicePostFilter | None, strawberry.argument(description="What to include.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[ServicePost]:
        page = page_request(first, after, last, before)
        conditions = post_conditions(filter.to_domain() if filter else PostFilterValue())
        return await id_ordered_connection(
            info.context.read,
            PostRow,
            conditions,
            page,
            ServicePost.from_row,
            viewer=info.context.viewer,
        )

    @strawberry.field(
        description="Insurance participation per village and year (target: 100%). " + PAGE_SIZE_NOTE
    )
    async def insurance_participation(
        self,
        info: Info,
        *,
        filter: Annotated[
            InsuranceParticipationFilter | None, strawberry.argument(description="What to include.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[InsuranceParticipation]:
        page = page_request(first, after, last, before)
        conditions = insurance_conditions(filter.to_domain() if filter else InsuranceFilterValue())
        return await id_ordered_connection(
            info.context.read,
            InsuranceRow,
            conditions,
            page,
            InsuranceParticipation.from_row,
            viewer=info.context.viewer,
        )
