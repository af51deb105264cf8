"""Goal: the official divisions parse into the right tree and the grids follow the county plan.

Method: read the shipped Fengning file and check the counts the plan and the statistics give.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from governance.people.demo import county_plans
from governance.people.generator import COUNTY_RESIDENTS, VillagePlan
from governance.regions.codes import RegionLevel
from governance.regions.divisions import (
    FENGNING_CODE,
    GRIDS_PER_VILLAGE_MAX,
    allocate,
    kind_of,
    plan_grids,
    read_divisions,
    read_province,
)
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


def test_the_province_file_has_every_level_of_hebei() -> None:
    levels = Counter(division.level for division in read_province())
    assert levels == {
        RegionLevel.PROVINCE: 1,
        RegionLevel.CITY: 11,
        RegionLevel.COUNTY: 190,
        RegionLevel.TOWNSHIP: 2365,
        RegionLevel.VILLAGE: 54145,
    }


def test_every_village_of_the_province_gets_grids_by_the_county_plan_rule() -> None:
    divisions = read_province()
    grids = plan_grids(divisions)
    per_village = Counter(grid.parent_code for grid in grids)
    villages = {d.code for d in divisions if d.level is RegionLevel.VILLAGE}
    assert set(per_village) == villages
    assert all(1 <= count <= GRIDS_PER_VILLAGE_MAX for count in per_village.values())
    assert len({grid.code for grid in grids}) == len(grids)
    fengning = [grid for grid in grids if grid.code.startswith(FENGNING_CODE)]
    assert fengning == plan_grids(read_divisions())  # the same grids as Fengning alone


@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12),
    st.integers(min_value=COUNTY_RESIDENTS, max_value=10**8),
    st.booleans(),
)
def test_county_plans_share_the_residents_by_grids(
    grids_per_county: list[int], residents: int, lead: bool
) -> None:
    villages = [
        VillagePlan(
            f"13{county:04d}001001",
            "村",
            tuple(f"13{county:04d}001001{g:03d}" for g in range(1, grids + 1)),
        )
        for county, grids in enumerate(grids_per_county, start=1)
    ]
    first = "130001" if lead else None
    plans = county_plans(villages, residents, first)
    assert sorted(plan.code for plan in plans) == [
        f"13{c:04d}" for c in range(1, len(villages) + 1)
    ]
    others = plans
    if lead:
        assert plans[0].code == "130001"
        assert plans[0].residents == COUNTY_RESIDENTS
        others = plans[1:]
    assert [plan.code for plan in others] == sorted(plan.code for plan in others)
    rest = residents - (COUNTY_RESIDENTS if lead else 0)
    if others:  # the counties other than the first share the rest, up to rounding
        assert abs(sum(plan.residents for plan in others) - rest) <= len(others)
    weights = [max(1, len(plan.villages[0].grid_codes)) for plan in others]
    for plan, weight in zip(others, weights, strict=True):
        assert abs(plan.residents - rest * weight / sum(weights)) <= 1
