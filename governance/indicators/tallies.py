"""Pure arithmetic over unit tallies: a region's value, whether it meets its target, rankings.

Every formula kind reduces to the same shape: per counted unit a numerator and a denominator;
a region's value is the sum of its units' numerators over the sum of their denominators.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from governance.indicators.models import VALUE_SCALE, Comparison, UnitLevel
from governance.regions.codes import RegionLevel, covers

VALUE_QUANTUM = Decimal(1).scaleb(-VALUE_SCALE)
# A province and its cities sum their counties' units like a county sums its townships'.
LEVEL_ORDER = {
    RegionLevel.PROVINCE: -2,
    RegionLevel.CITY: -1,
    RegionLevel.COUNTY: 0,
    RegionLevel.TOWNSHIP: 1,
    RegionLevel.VILLAGE: 2,
}
UNIT_LEVEL_ORDER = {UnitLevel.COUNTY: 0, UnitLevel.TOWNSHIP: 1, UnitLevel.VILLAGE: 2}


@dataclass(frozen=True, slots=True)
class UnitTally:
    """One counted unit (township or village): its code, numerator and denominator."""

    code: str
    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        assert self.numerator >= 0
        assert self.denominator >= 0


@dataclass(frozen=True, slots=True)
class Tally:
    """The sums over the units of one region."""

    numerator: int
    denominator: int
    units: int

    @property
    def value(self) -> Decimal | None:
        """numerator / denominator to 4 places; null when nothing was counted."""
        if self.denominator == 0:
            return None
        ratio = Decimal(self.numerator) / Decimal(self.denominator)
        return ratio.quantize(VALUE_QUANTUM, rounding=ROUND_HALF_EVEN)


def tally(units: Iterable[UnitTally], region_code: str) -> Tally:
    """Sum the units at or below ``region_code`` (codes are hierarchical prefixes)."""
    inside = [unit for unit in units if covers(region_code, unit.code)]
    return Tally(
        numerator=sum(unit.numerator for unit in inside),
        denominator=sum(unit.denominator for unit in inside),
        units=len(inside),
    )


def met(value: Decimal | None, target: Decimal, comparison: Comparison) -> bool | None:
    if value is None:
        return None
    if comparison is Comparison.AT_LEAST:
        return value >= target
    return value <= target


def applies(region_level: RegionLevel, unit_level: UnitLevel) -> bool:
    """An indicator counted over units of ``unit_level`` has a value at or above that level."""
    order = LEVEL_ORDER.get(region_level)
    return order is not None and order <= UNIT_LEVEL_ORDER[unit_level]


def rank_order(values: Sequence[Decimal | None], comparison: Comparison) -> list[int]:
    """Indexes of ``values`` best first (highest for AT_LEAST, lowest for AT_MOST); nulls last."""
    known = [(value, index) for index, value in enumerate(values) if value is not None]
    unknown = [index for index, value in enumerate(values) if value is None]
    known.sort(key=lambda pair: pair[0], reverse=comparison is Comparison.AT_LEAST)
    return [index for _value, index in known] + unknown
