"""GraphQL types of the plan's indicators: definitions, values with rankings, history."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Info
from api.extensions.list_limit import ListArgumentLimit
from api.indicators.limits import AS_OF, INDICATOR_KEYS, INDICATOR_KEYS_MAX
from governance.indicators import service
from governance.indicators.models import Comparison as ComparisonValue
from governance.indicators.models import FormulaKind as FormulaKindValue
from governance.indicators.models import IndicatorDefinition
from governance.indicators.models import IndicatorSnapshot as SnapshotRow
from governance.indicators.models import UnitKind as UnitKindValue
from governance.indicators.models import UnitLevel as UnitLevelValue
from governance.indicators.repository import HISTORY_PERIODS_MAX
from governance.indicators.service import RegionValue
from governance.indicators.tallies import applies
from governance.regions.models import Region as RegionRow
from governance.regions.repository import RegionRecord
from kit.clock import local_day


@strawberry.enum(description="How an indicator's numerator and denominator are read.")
class FormulaKind(Enum):
    SHARE_OF_UNITS = strawberry.enum_value(
        FormulaKindValue.SHARE_OF_UNITS,
        description="Units meeting a condition over units counted (a share, 0 to 1).",
    )
    COUNT_PER_UNIT = strawberry.enum_value(
        FormulaKindValue.COUNT_PER_UNIT,
        description="Things counted over units counted (an average per unit).",
    )
    RATIO = strawberry.enum_value(
        FormulaKindValue.RATIO, description="One quantity over another, summed over units."
    )


@strawberry.enum(description="How a value is compared with its target.")
class Comparison(Enum):
    AT_LEAST = strawberry.enum_value(ComparisonValue.AT_LEAST, description="Met when ≥ target.")
    AT_MOST = strawberry.enum_value(ComparisonValue.AT_MOST, description="Met when ≤ target.")


@strawberry.enum(description="Level of the regions an indicator counts.")
class IndicatorUnitLevel(Enum):
    COUNTY = strawberry.enum_value(UnitLevelValue.COUNTY, description="The county itself.")
    TOWNSHIP = strawberry.enum_value(
        UnitLevelValue.TOWNSHIP, description="Township-level units (乡镇/街道/开发区)."
    )
    VILLAGE = strawberry.enum_value(
        UnitLevelValue.VILLAGE, description="Villages and communities (村/社区)."
    )


@strawberry.enum(description="Narrows village-level units where the plan separates them.")
class IndicatorUnitKind(Enum):
    VILLAGE = strawberry.enum_value(UnitKindValue.VILLAGE, description="Villages (村) only.")
    COMMUNITY = strawberry.enum_value(
        UnitKindValue.COMMUNITY, description="Communities (社区) only."
    )


@strawberry.type(description="A target of the county plan, computed from the records.")
class Indicator:
    key: str = strawberry.field(description="Stable key, e.g. `village_counseling_rooms`.")
    name: str = strawberry.field(description="Short name (Chinese).")
    plan_sentence: str = strawberry.field(description="The plan's sentence it comes from.")
    formula_kind: FormulaKind = strawberry.field(description="How the value is formed.")
    formula_key: str = strawberry.field(description="The calculator that computes it.")
    unit_level: IndicatorUnitLevel = strawberry.field(description="Level of units counted.")
    unit_kind: IndicatorUnitKind | None = strawberry.field(
        description="Only units of this kind; null: every unit of the level."
    )
    target: float = strawberry.field(description="Target value (a share 0–1 or a count).")
    comparison: Comparison = strawberry.field(description="How the value meets the target.")
    deadline: dt.date | None = strawberry.field(description="The plan's deadline, if any.")

    @classmethod
    def from_row(cls, row: IndicatorDefinition) -> Indicator:
        return cls(
            key=row.key,
            name=row.name,
            plan_sentence=row.plan_sentence,
            formula_kind=FormulaKind(row.formula_kind),
            formula_key=row.formula_key,
            unit_level=IndicatorUnitLevel(row.unit_level),
            unit_kind=IndicatorUnitKind(row.unit_kind) if row.unit_kind else None,
            target=float(row.target),
            comparison=Comparison(row.comparison),
            deadline=row.deadline,
        )


@strawberry.type(description="A stored value of an indicator for a region in one month.")
class IndicatorSnapshot:
    period: dt.date = strawberry.field(description="First day of the month.")
    numerator: int = strawberry.field(description="Numerator then.")
    denominator: int = strawberry.field(description="Denominator then.")
    value: float | None = strawberry.field(description="numerator / denominator; null if 0.")

    @classmethod
    def from_row(cls, row: SnapshotRow) -> IndicatorSnapshot:
        value = float(row.value) if row.value is not None else None
        return cls(
            period=row.period, numerator=row.numerator, denominator=row.denominator, value=value
        )


@strawberry.type(
    description=(
        "An indicator's value for one region, live from the records. Aggregates only: "
        "public, like the /dashboard page."
    )
)
class IndicatorValue:
    indicator: Indicator = strawberry.field(description="The definition.")
    region_code: str = strawberry.field(description="The region's statistical code.")
    region_name: str = strawberry.field(description="The region's name.")
    available: bool = strawberry.field(
        description="False when the records it needs do not exist yet (all values null)."
    )
    numerator: int | None = strawberry.field(description="Units meeting / things counted.")
    denominator: int | None = strawberry.field(description="Units counted (or total quantity).")
    units: int | None = strawberry.field(description="How many units were counted.")
    value: float | None = strawberry.field(description="numerator / denominator (4 places).")
    target: float = strawberry.field(description="The definition's target.")
    met: bool | None = strawberry.field(description="Whether the value meets the target.")
    deadline: dt.date | None = strawberry.field(description="The plan's deadline, if any.")
    rank: int | None = strawberry.field(
        description="1 = best among its siblings (in `children`); null for the region asked."
    )
    children: list[IndicatorValue] = strawberry.field(
        description="The value for each child region where the indicator applies, best first."
    )

    @strawberry.field(
        description=(
            f"Monthly snapshots for this region, oldest first (the last {HISTORY_PERIODS_MAX})."
        )
    )
    async def history(self, info: Info) -> list[IndicatorSnapshot]:
        loader = info.context.loaders.indicators.history
        rows = await loader.load((self.indicator.key, self.region_code))
        return [IndicatorSnapshot.from_row(row) for row in rows]


def _value(indicator: Indicator, value: RegionValue, rank: int | None) -> IndicatorValue:
    region_tally = value.tally
    number = value.value
    return IndicatorValue(
        indicator=indicator,
        region_code=value.region.code,
        region_name=value.region.name,
        available=region_tally is not None,
        numerator=region_tally.numerator if region_tally else None,
        denominator=region_tally.denominator if region_tally else None,
        units=region_tally.units if region_tally else None,
        value=float(number) if isinstance(number, Decimal) else None,
        target=indicator.target,
        met=value.met,
        deadline=indicator.deadline,
        rank=rank,
        children=[],
    )


async def indicator_values(
    info: Info, region: RegionRow | RegionRecord, keys: Sequence[str] | None, as_of: dt.date | None
) -> list[IndicatorValue]:
    """Each applicable indicator for ``region`` and its children: one query per indicator."""
    loaders = info.context.loaders.indicators
    definitions = [
        definition
        for definition in await loaders.definitions()
        if (keys is None or definition.key in keys) and applies(region.level, definition.unit_level)
    ]
    day = as_of or local_day(info.context.clock.now())
    children_load = loaders.children.load(region.code)
    units = await asyncio.gather(
        *(loaders.tallies.load((d.key, region.code, day)) for d in definitions)
    )
    children = await children_load
    return [
        _evaluated(service.evaluation(definition, region, children, found))
        for definition, found in zip(definitions, units, strict=True)
    ]


def _evaluated(evaluation: service.Evaluation) -> IndicatorValue:
    indicator = Indicator.from_row(evaluation.definition)
    value = _value(indicator, evaluation.region, None)
    value.children = [
        _value(indicator, child, rank) for rank, child in enumerate(evaluation.children, 1)
    ]
    return value


@strawberry.type
class IndicatorRegionFields:
    """The indicators field of `Region` (composed in ``api.nodes``)."""

    if TYPE_CHECKING:
        code: str

    @strawberry.field(
        description=(
            "The plan's indicators for this region and its children (ranked), live from the "
            "records; same as `indicatorValues(regionCode:)`. Public: aggregates only."
        ),
        extensions=[ListArgumentLimit("keys", INDICATOR_KEYS_MAX)],
    )
    async def indicators(
        self,
        info: Info,
        keys: Annotated[
            list[str] | None,
            strawberry.argument(description=INDICATOR_KEYS),
        ] = None,
        as_of: Annotated[dt.date | None, strawberry.argument(description=AS_OF)] = None,
    ) -> list[IndicatorValue]:
        row = await info.context.loaders.regions.by_code.load(self.code)
        assert row is not None, "a region resolved from a row"
        return await indicator_values(info, row, keys, as_of)
