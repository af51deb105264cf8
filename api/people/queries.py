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
from api.people.inputs import HouseholdFilter, PersonFilter, PersonOrder
from api.people.types import Household
from governance.people.models import Household as HouseholdRow
from governance.people.models import Person as PersonRow
from governance.people.repository import HouseholdFilter as HouseholdFilterValue
from governance.people.repository import PersonFilter as PersonFilterValue
from governance.people.repository import household_conditions, person_conditions


@strawberry.type
class PeopleQueries:
    @connection_field(
        description=f"Residents, filtered and ordered. Page size at most {PAGE_SIZE_MAX}."
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
            PersonOrder | None, strawberry.argument(description="Ordering (default: as recorded).")
        ] = None,
    ) -> Connection[Person]:
        sort = order_by.sort() if order_by else ("id",)
        descending = order_by is not None and order_by.direction is OrderDirection.DESC
        window = window_for(page, PersonRow, sort, descending=descending)
        conditions = person_conditions(filter.to_domain() if filter else PersonFilterValue())
        return await root_connection(
            info.context.read,
            PersonRow,
            conditions,
            window,
            page=page,
            to_node=person_from_row,
            viewer=info.context.viewer,
        )

    @connection_field(description=f"Households, by number. Page size at most {PAGE_SIZE_MAX}.")
    async def households(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            HouseholdFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[Household]:
        window = window_for(page, HouseholdRow, ("number", "id"))
        domain_filter = filter.to_domain() if filter else HouseholdFilterValue()
        return await root_connection(
            info.context.read,
            HouseholdRow,
            household_conditions(domain_filter),
            window,
            page=page,
            to_node=Household.from_row,
            viewer=info.context.viewer,
        )
