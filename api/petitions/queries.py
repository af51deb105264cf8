"""Root query fields for petitions, hearings, reception days and their measures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.common import Region, region_by_code
from api.context import Info
from api.listing import id_ordered_connection
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    connection_field,
)
from api.petitions.types import HearingKind, Petition, PetitionHearing, PetitionStatus, ReceptionDay
from api.workflows.common import values_of
from governance.petitions import repository
from governance.petitions.models import HearingKind as KindValue
from governance.petitions.models import Petition as PetitionRow
from governance.petitions.models import PetitionHearing as HearingRow
from governance.petitions.models import PetitionStatus as StatusValue
from governance.petitions.models import ReceptionDay as ReceptionRow
from governance.petitions.repository import HeldFilter, PetitionFilter
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor
from kit.clock import local_day

MONTHS_MAX = 36
HearingCounts = dict[tuple[str, dt.date], dict[KindValue, int]]


@strawberry.input(description="Which petitions to list. All fields are optional (AND).")
class PetitionFilterInput:
    under_region: str | None = strawberry.field(
        default=None, description="Only petitions received at or below this region code."
    )
    statuses: list[PetitionStatus] | None = strawberry.field(
        default=None, description="Only these."
    )
    major: bool | None = strawberry.field(default=None, description="Only (or never) major cases.")
    received_from: dt.date | None = strawberry.field(
        default=None, description="Received on or after."
    )
    received_to: dt.date | None = strawberry.field(
        default=None, description="Received on or before."
    )
    overdue: bool | None = strawberry.field(
        default=None, description="Only petitions whose pending decision or answer is past due."
    )

    def to_domain(self, today: dt.date) -> PetitionFilter:
        return PetitionFilter(
            under_region=self.under_region,
            statuses=values_of(StatusValue, self.statuses),
            major=self.major,
            received_from=self.received_from,
            received_to=self.received_to,
            overdue=self.overdue,
            today=today,
        )


@strawberry.input(description="Which hearings, consultations or reception days to list (AND).")
class HeldFilterInput:
    under_region: str | None = strawberry.field(
        default=None, description="Only those held at or below this region code."
    )
    kinds: list[HearingKind] | None = strawberry.field(
        default=None, description="Hearings only: only these kinds."
    )
    held_from: dt.date | None = strawberry.field(default=None, description="Held on or after.")
    held_to: dt.date | None = strawberry.field(default=None, description="Held on or before.")

    def to_domain(self) -> HeldFilter:
        return HeldFilter(
            self.under_region, values_of(KindValue, self.kinds), self.held_from, self.held_to
        )


@strawberry.type(description="Whether a county held its monthly hearing and consultation.")
class MonthlyHearings:
    month: dt.date = strawberry.field(description="First day of the month.")
    hearings: int = strawberry.field(description="Hearings held in the county that month.")
    consultations: int = strawberry.field(description="Consultations held that month.")
    county_code: strawberry.Private[str]

    @strawberry.field(description="At least one hearing and one consultation were held.")
    def met(self) -> bool:
        return self.hearings > 0 and self.consultations > 0

    @strawberry.field(description="The county.")
    async def county(self, info: Info) -> Region:
        return await region_by_code(info, self.county_code)


@strawberry.type(description="At most one trip (最多跑一次): matters settled with a single visit.")
class OneTripMeasure:
    resolved: int = strawberry.field(
        description="Matters settled by a written answer in the period."
    )
    resolved_with_one_visit: int = strawberry.field(description="Of which after one visit.")

    @strawberry.field(description="Share settled in one visit (0–1); null when none settled.")
    def share(self) -> float | None:
        return self.resolved_with_one_visit / self.resolved if self.resolved else None


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months: list[dt.date] = []
    month = start.replace(day=1)
    while month <= end and len(months) < MONTHS_MAX:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


@strawberry.type
class PetitionQueries:
    @connection_field(
        description=(
            "Petitions received in your subtree (administrators), filtered; `overdue: true` "
            "lists decisions and answers past their statutory day. " + PAGE_SIZE_NOTE
        )
    )
    async def petitions(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            PetitionFilterInput | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[Petition]:
        today = local_day(info.context.clock.now())
        domain_filter = filter.to_domain(today) if filter else PetitionFilter()
        conditions = [
            *repository.petition_conditions(domain_filter),
        ]
        return await id_ordered_connection(
            info.context.read,
            PetitionRow,
            conditions,
            page,
            Petition.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(description="Hearings and consultations in your subtree. " + PAGE_SIZE_NOTE)
    async def petition_hearings(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            HeldFilterInput | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[PetitionHearing]:
        conditions = [
            *repository.hearing_conditions(filter.to_domain() if filter else HeldFilter()),
        ]
        return await id_ordered_connection(
            info.context.read,
            HearingRow,
            conditions,
            page,
            PetitionHearing.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(description="Leaders' reception days in your subtree. " + PAGE_SIZE_NOTE)
    async def reception_days(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            HeldFilterInput | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[ReceptionDay]:
        conditions = [
            *repository.reception_conditions(filter.to_domain() if filter else HeldFilter()),
        ]
        return await id_ordered_connection(
            info.context.read,
            ReceptionRow,
            conditions,
            page,
            ReceptionDay.from_row,
            viewer=info.context.viewer,
        )

    @strawberry.field(
        description=(
            "For each county you hold a grant in and each month of the period (at most "
            f"{MONTHS_MAX}), whether at least one hearing and one consultation were held, "
            "counting those in your scope (a township administrator sees their township's)."
        )
    )
    async def monthly_hearings(
        self,
        info: Info,
        start: Annotated[dt.date, strawberry.argument(description="A day of the first month.")],
        end: Annotated[dt.date, strawberry.argument(description="A day of the last month.")],
    ) -> list[MonthlyHearings]:
        viewer = info.context.viewer
        months = _months(start, end)
        if not months:
            return []
        last_day = (months[-1] + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        scope = repository.visible_to(viewer, HearingRow.region_code)
        counties = sorted({ancestor(code, RegionLevel.COUNTY) for code in viewer.region_codes()})

        async def load(session: AsyncSession) -> tuple[list[str], HearingCounts]:
            known = await regions_repository.by_codes(session, counties)
            found = await repository.hearings_by_county_month(session, scope, months[0], last_day)
            return [r.code for r in known if r.level is RegionLevel.COUNTY], found

        codes, found = await info.context.read(load)
        return [
            MonthlyHearings(
                month=month,
                hearings=found.get((code, month), {}).get(KindValue.HEARING, 0),
                consultations=found.get((code, month), {}).get(KindValue.CONSULTATION, 0),
                county_code=code,
            )
            for code in codes
            for month in months
        ]

    @strawberry.field(
        description=(
            "At most one trip: of the matters in your subtree settled by a written answer in "
            "the period, how many took a single visit."
        )
    )
    async def petition_one_trip(
        self,
        info: Info,
        start: Annotated[dt.date, strawberry.argument(description="First day of the period.")],
        end: Annotated[dt.date, strawberry.argument(description="Last day of the period.")],
        under_region: Annotated[
            str | None, strawberry.argument(description="Only at or below this region code.")
        ] = None,
    ) -> OneTripMeasure:
        conditions = [
            *repository.petition_conditions(PetitionFilter(under_region=under_region)),
            repository.visible_to(info.context.viewer, PetitionRow.region_code),
        ]
        measure = await info.context.read(
            lambda session: repository.one_trip(session, conditions, start, end)
        )
        return OneTripMeasure(
            resolved=measure.resolved, resolved_with_one_visit=measure.resolved_with_one_visit
        )
