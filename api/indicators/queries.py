"""Root query fields for the plan's indicators (public: aggregates only, no personal data)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from api.context import Info
from api.errors import BadUserInput
from api.extensions.list_limit import ListArgumentLimit
from api.indicators.limits import AS_OF, INDICATOR_KEYS, INDICATOR_KEYS_MAX
from api.indicators.types import Indicator, IndicatorValue, indicator_values


@strawberry.type
class IndicatorQueries:
    @strawberry.field(description="Every indicator of the county plan, in display order.")
    async def indicators(self, info: Info) -> list[Indicator]:
        rows = await info.context.loaders.indicators.definitions()
        return [Indicator.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "Each indicator's live value for a region and for each of its children (ranked). "
            "Indicators counted over a level below the region's children still rank them; "
            "indicators of a higher level than the region are left out. Public: aggregates."
        ),
        extensions=[ListArgumentLimit("keys", INDICATOR_KEYS_MAX)],
    )
    async def indicator_values(
        self,
        info: Info,
        region_code: Annotated[
            str, strawberry.argument(description="Statistical code, e.g. `130826`.")
        ],
        keys: Annotated[list[str] | None, strawberry.argument(description=INDICATOR_KEYS)] = None,
        as_of: Annotated[dt.date | None, strawberry.argument(description=AS_OF)] = None,
    ) -> list[IndicatorValue]:
        region = await info.context.loaders.regions.by_code.load(region_code)
        if region is None:
            raise BadUserInput("No region has this code.", argument="regionCode")
        return await indicator_values(info, region, keys, as_of)
