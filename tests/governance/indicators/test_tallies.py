"""Goal: the arithmetic every indicator shares is right at its boundaries: a value exactly at
the target meets it, nothing counted gives no value (never 0%), rounding is to 4 places,
ranking puts the best first for either comparison and unknown values last.

Method: pure functions, no database.
"""

from __future__ import annotations

from decimal import Decimal

from governance.indicators.models import Comparison, UnitLevel
from governance.indicators.tallies import Tally, UnitTally, applies, met, rank_order, tally
from governance.regions.codes import RegionLevel


def test_tally_sums_units_under_a_code() -> None:
    units = [UnitTally("130899001001", 1, 1), UnitTally("130899001002", 0, 1)]
    units.append(UnitTally("130899002001", 1, 1))
    assert tally(units, "130899001") == Tally(1, 2, 2)
    assert tally(units, "130899") == Tally(2, 3, 3)
    assert tally(units, "130899003") == Tally(0, 0, 0)


def test_value_rounds_to_four_places_and_is_null_without_units() -> None:
    assert Tally(2, 3, 3).value == Decimal("0.6667")
    assert Tally(0, 0, 0).value is None
    assert Tally(10, 1, 1).value == Decimal("10.0000")


def test_met_at_the_boundary() -> None:
    assert met(Decimal("0.5"), Decimal("0.5"), Comparison.AT_LEAST) is True
    assert met(Decimal("0.4999"), Decimal("0.5"), Comparison.AT_LEAST) is False
    assert met(Decimal("0.5"), Decimal("0.5"), Comparison.AT_MOST) is True
    assert met(None, Decimal("0.5"), Comparison.AT_LEAST) is None


def test_rank_order_best_first_unknown_last() -> None:
    values = [Decimal("0.2"), None, Decimal("0.9"), Decimal("0.2")]
    assert rank_order(values, Comparison.AT_LEAST) == [2, 0, 3, 1]
    assert rank_order(values, Comparison.AT_MOST) == [0, 3, 2, 1]


def test_applies_at_or_above_the_unit_level() -> None:
    assert applies(RegionLevel.COUNTY, UnitLevel.VILLAGE)
    assert applies(RegionLevel.VILLAGE, UnitLevel.VILLAGE)
    assert not applies(RegionLevel.VILLAGE, UnitLevel.TOWNSHIP)
    assert not applies(RegionLevel.GRID, UnitLevel.VILLAGE)
