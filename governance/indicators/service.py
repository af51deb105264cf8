"""Evaluating indicators for a region and its children, and taking snapshots.

Services flush; the caller (request, command) commits. Used by the dashboard and the
``grassroots indicators snapshot`` command; GraphQL batches the same steps with DataLoaders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from governance.indicators import repository
from governance.indicators.calculators import CALCULATORS, UnitSpec
from governance.indicators.models import IndicatorDefinition
from governance.indicators.tallies import Tally, UnitTally, applies, met, rank_order, tally
from governance.regions import repository as regions_repository
from governance.regions.models import Region
from governance.regions.repository import RegionRead


@dataclass(frozen=True, slots=True)
class RegionValue:
    """An indicator's value for one region: null ``tally`` means no data."""

    region: RegionRead
    tally: Tally | None
    met: bool | None

    @property
    def value(self) -> Decimal | None:
        return self.tally.value if self.tally else None


@dataclass(frozen=True, slots=True)
class Evaluation:
    definition: IndicatorDefinition
    region: RegionValue
    children: list[RegionValue]  # best first


def unit_spec(definition: IndicatorDefinition) -> UnitSpec:
    return UnitSpec(definition.unit_level, definition.unit_kind)


async def unit_tallies(
    session: AsyncSession,
    definition: IndicatorDefinition,
    roots: Sequence[str],
    as_of: dt.date,
) -> list[UnitTally] | None:
    """The definition's calculator over ``roots``; None if no data (or an unknown formula key,
    which an edit of the row can cause: reported as no data rather than crashing the page)."""
    calculator = CALCULATORS.get(definition.formula_key)
    if calculator is None:
        return None
    return await calculator(session, roots, unit_spec(definition), as_of)


def region_value(
    definition: IndicatorDefinition, region: RegionRead, units: list[UnitTally] | None
) -> RegionValue:
    if units is None:
        return RegionValue(region, None, None)
    region_tally = tally(units, region.code)
    return RegionValue(
        region, region_tally, met(region_tally.value, definition.target, definition.comparison)
    )


def evaluation(
    definition: IndicatorDefinition,
    region: RegionRead,
    children: Sequence[RegionRead],
    units: list[UnitTally] | None,
) -> Evaluation:
    """Pure: the region's value and its children's, ranked (children only where they apply)."""
    counted = [child for child in children if applies(child.level, definition.unit_level)]
    values = [region_value(definition, child, units) for child in counted]
    order = rank_order([value.value for value in values], definition.comparison)
    ranked = [values[index] for index in order]
    return Evaluation(definition, region_value(definition, region, units), ranked)


async def evaluate(
    session: AsyncSession, region: Region, as_of: dt.date, keys: Sequence[str] | None = None
) -> list[Evaluation]:
    """Every (or each named) indicator that applies to ``region``, with its children ranked."""
    definitions = await repository.definitions(session)
    children = await repository.children(session, [region.code])
    evaluations = []
    for definition in definitions:
        if keys is not None and definition.key not in keys:
            continue
        if not applies(region.level, definition.unit_level):
            continue
        units = await unit_tallies(session, definition, [region.code], as_of)
        evaluations.append(evaluation(definition, region, children, units))
    return evaluations


async def take_snapshot(session: AsyncSession, as_of: dt.date) -> int:
    """Store this month's value of every indicator for each county and its townships (and, when
    a province is loaded, for the province and each city with their children).

    Re-taking within a month replaces that month's values. Indicators without data are skipped.
    """
    rows: dict[tuple[object, object], dict[str, object]] = {}
    for county in await repository.regions_down_to_county(session):
        for evaluated in await evaluate(session, county, as_of):
            # A county is its city's child too: one row per (indicator, region), the same value.
            rows |= {
                (row["indicator_key"], row["region_code"]): row
                for row in _snapshot_rows(evaluated, as_of)
            }
    count = await repository.upsert_snapshots(session, list(rows.values()))
    await session.flush()
    return count


def _snapshot_rows(evaluated: Evaluation, as_of: dt.date) -> list[dict[str, object]]:
    period = repository.month_start(as_of)
    return [
        {
            "indicator_key": evaluated.definition.key,
            "region_code": value.region.code,
            "period": period,
            "numerator": value.tally.numerator,
            "denominator": value.tally.denominator,
            "value": value.tally.value,
        }
        for value in (evaluated.region, *evaluated.children)
        if value.tally is not None
    ]


async def region_by_code(session: AsyncSession, code: str) -> Region | None:
    found = await regions_repository.by_codes(session, [code])
    return found[0] if found else None
