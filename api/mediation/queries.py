"""Root query fields for mediation committees and mediators."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.listing import id_ordered_connection
from api.mediation.types import (
    MediationCommittee,
    MediationCommitteeFilter,
    Mediator,
    MediatorFilter,
)
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
)
from governance.mediation.models import MediationCommittee as Row
from governance.mediation.models import Mediator as MediatorRow
from governance.mediation.repository import CommitteeFilter as FilterValue
from governance.mediation.repository import MediatorFilter as MediatorFilterValue
from governance.mediation.repository import committee_conditions, mediator_conditions


@strawberry.type
class MediationQueries:
    @connection_field(
        description="People's mediation committees of townships and villages. " + PAGE_SIZE_NOTE
    )
    async def mediation_committees(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            MediationCommitteeFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[MediationCommittee]:
        conditions = committee_conditions(filter.to_domain() if filter else FilterValue())
        return await id_ordered_connection(
            info.context.read,
            Row,
            conditions,
            page,
            MediationCommittee.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(description="Current mediators of every committee. " + PAGE_SIZE_NOTE)
    async def mediators(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            MediatorFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[Mediator]:
        conditions = mediator_conditions(filter.to_domain() if filter else MediatorFilterValue())
        return await id_ordered_connection(
            info.context.read,
            MediatorRow,
            conditions,
            page,
            Mediator.from_row,
            viewer=info.context.viewer,
        )
