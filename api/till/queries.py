"""Root query fields of the till: finding a household, and the day-end report."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.auth.types import DisclosurePurpose
from api.context import Info
from api.errors import BadUserInput
from api.listing import decode_global_id
from api.people.types import PURPOSE_DETAIL
from api.till.types import SupermarketDayReport, TillHousehold, TillSearchInput
from governance.access.models import Purpose
from governance.supermarkets import day_report, till


@strawberry.type
class TillQueries:
    @strawberry.field(
        description="At the till: the households your supermarket serves (its township or "
        "village and everything below) matching one key, by household number (at most "
        f"{till.TILL_HOUSEHOLDS_MAX}). For the supermarket's cashiers only, for "
        "SERVICE_DELIVERY or POVERTY_RELIEF: a search is a personal-data access, and every "
        "search is logged with its purpose, granted or not. Anyone else, or another purpose, "
        "finds nothing. A malformed search (no key, two keys, a suffix that is not 4 "
        "characters) is a `BAD_USER_INPUT` error."
    )
    async def till_households(
        self,
        info: Info,
        supermarket_id: Annotated[
            relay.GlobalID, strawberry.argument(description="Your Supermarket.")
        ],
        search: Annotated[TillSearchInput, strawberry.argument(description="One key.")],
        purpose: Annotated[
            DisclosurePurpose, strawberry.argument(description="Why you search (logged).")
        ],
        purpose_detail: Annotated[
            str | None, strawberry.argument(description=PURPOSE_DETAIL)
        ] = None,
    ) -> list[TillHousehold]:
        market = decode_global_id(supermarket_id, "Supermarket", "supermarketId")
        try:
            wanted = search.to_domain()
        except till.TillSearchInvalid as problem:
            raise BadUserInput(str(problem)) from None
        viewer, why = info.context.viewer, Purpose[purpose.name]
        lookup = await info.context.read(
            lambda s: till.find_households(
                s, viewer, market, wanted, purpose=why, purpose_detail=purpose_detail
            )
        )
        info.context.disclosures.keep(lookup.log)
        return [TillHousehold.from_view(found) for found in lookup.households]

    @strawberry.field(
        description="The day-end report (日结) of a supermarket for one county day: sales, "
        "returns, points taken, goods out, per cashier; null unless you are its cashier or an "
        "administrator over its region. `downloadPath` gives it as a printable .xlsx."
    )
    async def supermarket_day_report(
        self,
        info: Info,
        supermarket_id: Annotated[
            relay.GlobalID, strawberry.argument(description="The Supermarket.")
        ],
        day: Annotated[
            dt.date,
            strawberry.argument(
                description="The county day (China Standard Time), "
                f"{day_report.DAY_MIN} to {day_report.DAY_MAX}."
            ),
        ],
    ) -> SupermarketDayReport | None:
        market = decode_global_id(supermarket_id, "Supermarket", "supermarketId")
        if not day_report.reportable(day):
            raise BadUserInput(f"`day` must lie from {day_report.DAY_MIN} to {day_report.DAY_MAX}.")
        viewer = info.context.viewer
        report = await info.context.read(lambda s: day_report.day_report(s, viewer, market, day))
        return SupermarketDayReport.from_report(report) if report else None
