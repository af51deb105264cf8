"""Goal: the official divisions parse into the right tree and the grids follow the county plan.

Method: read the shipped Fengning file and check the counts the plan and the statistics give.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from governance.regions.codes import RegionLevel
from governance.regions.divisions import allocate, kind_of, plan_grids, read_divisions
from governance.regions.models import RegionKind


def test_fengning_has_27_townships_and_323_villages() -> None:
    levels = Counter(division.level for division in read_divisions())
    assert levels == {RegionLevel.COUNTY: 1, RegionLevel.TOWNSHIP: 27, RegionLevel.VILLAGE: 323}


def test_township_kinds_follow_the_official_names() -> None:
    kinds = Counter(d.kind for d in read_divisions() if d.level is RegionLevel.TOWNSHIP)
    assert kinds == {RegionKind.SUBDISTRICT: 1, RegionKind.TOWN: 11, RegionKind.TOWNSHIP: 15}
    villages = Counter(d.kind for d in read_divisions() if d.level is RegionLevel.VILLAGE)
    assert villages[RegionKind.COMMUNITY] == 14


def test_grids_match_the_plan() -> None:
    grids = plan_grids(read_divisions())
    assert len(grids) == 797
    in_subdistrict = [g for g in grids if g.code.startswith("130826001")]
    assert len(in_subdistrict) == 421
    assert len({g.code for g in grids}) == 797
    assert all(g.parent_code and g.code.startswith(g.parent_code) for g in grids)


def test_grids_are_deterministic() -> None:
    assert plan_grids(read_divisions()) == plan_grids(read_divisions())


def test_kind_of_development_zone() -> None:
    assert kind_of(RegionLevel.TOWNSHIP, "丰宁经济开发区") is RegionKind.DEVELOPMENT_ZONE


@given(total=st.integers(0, 5000), size=st.integers(1, 400))
def test_allocate_is_even_and_exact(total: int, size: int) -> None:
    keys = [f"{n:012d}" for n in range(size)]
    counts = allocate(total, keys)
    assert sum(counts.values()) == total
    assert max(counts.values()) - min(counts.values()) <= 1
