"""Root query fields for persons and households."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.common import Person, person_from_row
from api.context import Info
from api.listing import root_connection, window_for
from api.ordering import OrderDirection
from api.pagination import (
    PAGE_SIZE_MAX,
    Connection,
    PageRequest,
    connection_field,
)
from api.people.inputs import (
    PERSON_SORTS,
    HouseholdFilter,
    PersonFilter,
    PersonOrder,
    PersonOrderField,
)
from api.people.types import Household
from governance.people import counts
from governance.people.models import Household as HouseholdRow
from governance.people.models import Person as PersonRow
from governance.people.repository import HouseholdFilter as HouseholdFilterValue
from governance.people.repository import PersonFilter as PersonFilterValue
from governance.people.repository import household_conditions, person_conditions

# What `totalCount` costs: the frontend's docs are these descriptions.
COUNT_COST = (
    "`totalCount` of current {rows} with no filter but `underRegion` is kept per region (one "
    "read, any size); with any other filter, `includeEnded`, or for a resident, it counts the "
    "rows under row security (time grows with the rows scanned: milliseconds for a village, "
    "about 0.6 s for a tag over a county of 400,000): select it only when shown."
)


@strawberry.type
class PeopleQueries:
    @connection_field(
        description="Residents, filtered and ordered (by default by region, then as recorded). "
        f"Page size at most {PAGE_SIZE_MAX}. {COUNT_COST.format(rows='persons')}"
    )
    async def persons(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            PersonFilter | None, strawberry.argument(description="What to include.")
        ] = None,
        order_by: Annotated[
            PersonOrder | None,
            strawberry.argument(description="Ordering (default: by region, then as recorded)."),
        ] = None,
    ) -> Connection[Person]:
        sort = order_by.sort() if order_by else PERSON_SORTS[PersonOrderField.REGION]
        descending = order_by is not None and order_by.direction is OrderDirection.DESC
        window = window_for(page, PersonRow, sort, descending=descending)
        domain_filter = filter.to_domain() if filter else PersonFilterValue()
        viewer = info.context.viewer
        return await root_connection(
            info.context.read,
            PersonRow,
            person_conditions(domain_filter),
            window,
            page=page,
            to_node=person_from_row,
            viewer=viewer,
            count=counts.person_count(domain_filter, viewer),
        )

    @connection_field(
        description="Households, by region (village, then its grids), then number. "
        f"Page size at most {PAGE_SIZE_MAX}. {COUNT_COST.format(rows='households')}"
    )
    async def households(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            HouseholdFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[Household]:
        window = window_for(page, HouseholdRow, ("region_code", "number", "id"))
        domain_filter = filter.to_domain() if filter else HouseholdFilterValue()
        viewer = info.context.viewer
        return await root_connection(
            info.context.read,
            HouseholdRow,
            household_conditions(domain_filter),
            window,
            page=page,
            to_node=Household.from_row,
            viewer=viewer,
            count=counts.household_count(domain_filter, viewer),
        )
