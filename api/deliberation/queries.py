"""Root query fields for deliberation meetings and disclosures, and overdue villages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import strawberry

from api.context import Info
from api.deliberation.types import (
    DeliberationMeeting,
    DisclosureKind,
    MeetingForm,
    OverdueDisclosure,
    VillageDisclosure,
)
from api.errors import BadUserInput
from api.extensions.control_characters import first_forbidden
from api.listing import id_ordered_connection
from api.pagination import (
    PAGE_SIZE_NOTE,
    Connection,
    PageRequest,
    build_connection,
    connection_field,
)
from api.workflows.common import values_of
from governance.deliberation import repository
from governance.deliberation.models import DeliberationMeeting as MeetingRow
from governance.deliberation.models import DisclosureKind as KindValue
from governance.deliberation.models import MeetingForm as FormValue
from governance.deliberation.models import VillageDisclosure as DisclosureRow
from governance.deliberation.repository import DisclosureFilter, LastDisclosure, MeetingFilter
from governance.deliberation.service import INTERVAL_DAYS_BY_KIND, due_before
from governance.regions.models import Region as RegionRow
from governance.workflows.common import scope_condition
from kit.clock import local_day


@strawberry.input(description="Which deliberation meetings to list. All optional (AND).")
class DeliberationMeetingFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only meetings at or below this region code."
    )
    forms: list[MeetingForm] | None = strawberry.field(default=None, description="Only these.")
    held_from: dt.date | None = strawberry.field(default=None, description="Held on or after.")
    held_to: dt.date | None = strawberry.field(default=None, description="Held on or before.")

    def to_domain(self) -> MeetingFilter:
        forms = values_of(FormValue, self.forms)
        return MeetingFilter(self.under_region, forms, self.held_from, self.held_to)


@strawberry.input(description="Which disclosures to list. All optional (AND).")
class VillageDisclosureFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only villages at or below this region code."
    )
    kinds: list[DisclosureKind] | None = strawberry.field(default=None, description="Only these.")
    published_from: dt.date | None = strawberry.field(
        default=None, description="Posted on or after."
    )
    published_to: dt.date | None = strawberry.field(
        default=None, description="Posted on or before."
    )

    def to_domain(self) -> DisclosureFilter:
        kinds = values_of(KindValue, self.kinds)
        return DisclosureFilter(self.under_region, kinds, self.published_from, self.published_to)


def _overdue_key(row: LastDisclosure) -> str:
    return json.dumps([row.village.code, row.kind.value])


def _after_key(after: str | None) -> tuple[str, str] | None:
    if after is None:
        return None
    try:
        code, kind = json.loads(after)
    except (ValueError, TypeError):
        raise BadUserInput("Malformed cursor.") from None
    key = str(code), str(kind)
    if any(first_forbidden(part) for part in key):  # "\u0000" decodes to what text refuses
        raise BadUserInput("Malformed cursor.")
    return key


def _overdue_node(row: LastDisclosure) -> OverdueDisclosure:
    last = row.last_published_on
    days = INTERVAL_DAYS_BY_KIND[row.kind]
    return OverdueDisclosure(
        kind=DisclosureKind(row.kind),
        last_published_on=last,
        due_on=last + dt.timedelta(days=days) if last else None,
        village_code=row.village.code,
    )


@strawberry.type
class DeliberationQueries:
    @connection_field(
        description="Deliberation meetings in your subtree. " + PAGE_SIZE_NOTE, forward_only=True
    )
    async def deliberation_meetings(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            DeliberationMeetingFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[DeliberationMeeting]:
        conditions = [
            *repository.meeting_conditions(filter.to_domain() if filter else MeetingFilter()),
        ]
        return await id_ordered_connection(
            info.context.read,
            MeetingRow,
            conditions,
            page,
            DeliberationMeeting.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description="Village-affairs disclosures in your subtree. " + PAGE_SIZE_NOTE,
        forward_only=True,
    )
    async def village_disclosures(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            VillageDisclosureFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[VillageDisclosure]:
        domain_filter = filter.to_domain() if filter else DisclosureFilter()
        conditions = [
            *repository.disclosure_conditions(domain_filter),
        ]
        return await id_ordered_connection(
            info.context.read,
            DisclosureRow,
            conditions,
            page,
            VillageDisclosure.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description=(
            "Villages late with a kind of disclosure on `asOf` (default: today): none posted "
            "in the last 92 days for Party or village affairs, 31 days for finances. By village "
            "code, then kind. " + PAGE_SIZE_NOTE
        ),
        forward_only=True,
    )
    async def overdue_disclosures(
        self,
        info: Info,
        page: PageRequest,
        under_region: Annotated[str, strawberry.argument(description="A region code.")],
        as_of: Annotated[
            dt.date | None, strawberry.argument(description="The day to judge on.")
        ] = None,
    ) -> Connection[OverdueDisclosure]:
        day = as_of or local_day(info.context.clock.now())
        scope = scope_condition(RegionRow.code, info.context.viewer)
        after_key = _after_key(page.after)
        rows = await info.context.read(
            lambda session: repository.overdue_disclosures(
                session,
                scope=scope,
                under_region_code=under_region,
                due_before=due_before(day),
                after=after_key,
                limit=page.limit + 1,
            )
        )

        async def count_total() -> int:
            return int(
                await info.context.read(
                    lambda session: repository.count_overdue_disclosures(
                        session,
                        scope=scope,
                        under_region_code=under_region,
                        due_before=due_before(day),
                    )
                )
            )

        return build_connection(rows, page, _overdue_key, _overdue_node, count_total)
