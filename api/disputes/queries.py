"""Root query fields for dispute cases and mediation statistics."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.common import Region, region_by_code
from api.context import Info
from api.disputes.types import DisputeCase, DisputeSource, DisputeStatus, DisputeType
from api.listing import decode_global_id, id_ordered_connection
from api.mediation.types import Mediator
from api.pagination import (
    PAGE_SIZE_MAX,
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
    page_request,
)
from api.workflows.common import values_of
from governance.access.roles import REGION_ROLES
from governance.disputes import repository
from governance.disputes.models import DisputeCase as CaseRow
from governance.disputes.models import DisputeSource as SourceValue
from governance.disputes.models import DisputeStatus as StatusValue
from governance.disputes.models import DisputeType as TypeValue
from governance.disputes.repository import CaseFilter
from governance.regions.codes import RegionLevel as LevelValue
from governance.regions.codes import is_level
from governance.workflows.common import acting_grant

LAWSUITS_PER = 10_000


@strawberry.input(description="Which dispute cases to list. All fields are optional (AND).")
class DisputeCaseFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only disputes arising at or below this region code."
    )
    statuses: list[DisputeStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    types: list[DisputeType] | None = strawberry.field(default=None, description="Only these.")
    sources: list[DisputeSource] | None = strawberry.field(default=None, description="Only these.")
    registered_from: dt.date | None = strawberry.field(
        default=None, description="Registered on or after this day."
    )
    registered_to: dt.date | None = strawberry.field(
        default=None, description="Registered on or before this day."
    )
    committee_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Only cases of this MediationCommittee."
    )

    def to_domain(self) -> CaseFilter:
        committee = self.committee_id
        return CaseFilter(
            under_region=self.under_region,
            statuses=values_of(StatusValue, self.statuses),
            types=values_of(TypeValue, self.types),
            sources=values_of(SourceValue, self.sources),
            registered_from=self.registered_from,
            registered_to=self.registered_to,
            committee_id=decode_global_id(committee, "MediationCommittee", "committeeId")
            if committee
            else None,
        )


@strawberry.type(description="A mediator's cases, to recognise gold-medal mediators (金牌调解员).")
class MediatorCaseStatistics:
    cases: int = strawberry.field(description="Cases the mediator is on.")
    concluded: int = strawberry.field(description="Of which concluded (any outcome).")
    agreements: int = strawberry.field(description="Of which ended in a signed agreement.")
    mediator_id: strawberry.Private[int]

    @strawberry.field(description="Agreements per concluded case (0–1); null before any ends.")
    def success_rate(self) -> float | None:
        return self.agreements / self.concluded if self.concluded else None

    @strawberry.field(description="The mediator.")
    async def mediator(self, info: Info) -> Mediator:
        row = await info.context.loaders.mediation.mediators.load(self.mediator_id)
        assert row is not None, "a foreign key"
        return Mediator.from_row(row)


@strawberry.type(description="Lawsuits referred from a village's disputes in a period.")
class VillageLawsuits:
    lawsuits: int = strawberry.field(description="Cases referred to litigation.")
    village_code: strawberry.Private[str]

    @strawberry.field(description="No lawsuit in the period (无诉讼村).")
    def lawsuit_free(self) -> bool:
        return self.lawsuits == 0

    @strawberry.field(description="The village or community.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, self.village_code)


@strawberry.type(description="Lawsuits referred per 10,000 registered residents of a township.")
class TownshipLawsuitRate:
    lawsuits: int = strawberry.field(description="Cases referred to litigation in the period.")
    residents: int = strawberry.field(description="Residents registered in the township.")
    township_code: strawberry.Private[str]

    @strawberry.field(description="Lawsuits per 10,000 residents; null without residents.")
    def per_ten_thousand(self) -> float | None:
        return self.lawsuits * LAWSUITS_PER / self.residents if self.residents else None

    @strawberry.field(description="The township.")
    async def township(self, info: Info) -> Region:
        return await region_by_code(info, self.township_code)


@strawberry.type
class DisputeQueries:
    @connection_field(description="Dispute cases in your subtree, filtered. " + PAGE_SIZE_NOTE)
    async def dispute_cases(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            DisputeCaseFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[DisputeCase]:
        domain_filter = filter.to_domain() if filter else CaseFilter()
        conditions = [
            *repository.case_conditions(domain_filter),
        ]
        return await id_ordered_connection(
            info.context.read,
            CaseRow,
            conditions,
            page,
            DisputeCase.from_row,
            viewer=info.context.viewer,
        )

    @strawberry.field(
        description=(
            "Mediators ranked by agreements, then cases, over cases in your subtree registered "
            f"in the period (at most {PAGE_SIZE_MAX})."
        )
    )
    async def mediator_ranking(
        self,
        info: Info,
        registered_from: Annotated[
            dt.date | None, strawberry.argument(description="From this day (inclusive).")
        ] = None,
        registered_to: Annotated[
            dt.date | None, strawberry.argument(description="To this day (inclusive).")
        ] = None,
        first: Annotated[
            int, strawberry.argument(description=f"How many (at most {PAGE_SIZE_MAX}).")
        ] = 20,
    ) -> list[MediatorCaseStatistics]:
        limit = page_request(first, None, None, None).limit
        scope = repository.visible_to(info.context.viewer)
        tallies = await info.context.read(
            lambda session: repository.mediator_tallies(
                session, scope, registered_from, registered_to, limit
            )
        )
        return [
            MediatorCaseStatistics(
                cases=t.cases,
                concluded=t.concluded,
                agreements=t.agreements,
                mediator_id=t.mediator_id,
            )
            for t in tallies
        ]

    @strawberry.field(
        description=(
            "Each village under a township (or one village) with its lawsuits in the period; "
            "`lawsuitFree` marks 无诉讼村. Empty outside your scope."
        )
    )
    async def village_lawsuits(
        self,
        info: Info,
        under_region: Annotated[
            str, strawberry.argument(description="A township's or a village's code.")
        ],
        start: Annotated[dt.date, strawberry.argument(description="First day of the period.")],
        end: Annotated[dt.date, strawberry.argument(description="Last day of the period.")],
    ) -> list[VillageLawsuits]:
        viewer = info.context.viewer
        if not is_level(under_region, LevelValue.TOWNSHIP, LevelValue.VILLAGE) or not acting_grant(
            viewer, under_region, REGION_ROLES
        ):
            return []
        rows = await info.context.read(
            lambda session: repository.lawsuits_by_village(session, under_region, start, end)
        )
        return [VillageLawsuits(lawsuits=total, village_code=region.code) for region, total in rows]

    @strawberry.field(
        description=(
            "Each township of a county: lawsuits referred in the period per 10,000 registered "
            "residents (the plan wants it falling). Empty unless you cover the county."
        )
    )
    async def township_lawsuit_rates(
        self,
        info: Info,
        county_code: Annotated[str, strawberry.argument(description="The county's code.")],
        start: Annotated[dt.date, strawberry.argument(description="First day of the period.")],
        end: Annotated[dt.date, strawberry.argument(description="Last day of the period.")],
    ) -> list[TownshipLawsuitRate]:
        viewer = info.context.viewer
        if not is_level(county_code, LevelValue.COUNTY) or not acting_grant(
            viewer, county_code, REGION_ROLES
        ):
            return []
        rows = await info.context.read(
            lambda session: repository.lawsuits_by_township(session, county_code, start, end)
        )
        return [
            TownshipLawsuitRate(
                lawsuits=row.lawsuits, residents=row.residents, township_code=row.township.code
            )
            for row in rows
        ]
