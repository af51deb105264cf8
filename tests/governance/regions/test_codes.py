"""Goal: the region-code arithmetic of ``governance.regions.codes`` keeps its invariants: a code
lies under each of its ancestors, "covers" is the prefix rule, and the subtree range
``[low, high)`` selects exactly the descendants, in Python and in PostgreSQL (collation "C").

Method: hypothesis draws codes of every level from a small digit alphabet (so prefixes are
shared often) and compares each function with the prefix definition; the SQL predicate ``under``
runs against a temporary table whose column has collation "C".
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, MetaData, String, Table, delete, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from governance.regions import codes
from governance.regions.codes import CODE_LENGTH_BY_LEVEL, RegionLevel

LENGTHS = tuple(CODE_LENGTH_BY_LEVEL.values())
DIGITS = "0189"  # few digits: codes share prefixes often; 0 and 9 are the range's edges


def region_codes() -> st.SearchStrategy[str]:
    """Codes of any level (province to grid)."""
    return st.sampled_from(LENGTHS).flatmap(
        lambda length: st.text(alphabet=DIGITS, min_size=length, max_size=length)
    )


def level_of(code: str) -> RegionLevel:
    [level] = [level for level in RegionLevel if codes.is_level(code, level)]
    return level


@given(region_codes())
def test_a_code_has_exactly_one_level(code: str) -> None:
    assert codes.code_length(level_of(code)) == len(code)
    assert not any(codes.is_level(code + "1", level) for level in RegionLevel)


@given(region_codes())
def test_a_code_is_under_each_of_its_ancestors(code: str) -> None:
    ancestors = codes.ancestors(code, RegionLevel.PROVINCE)
    assert [len(a) for a in ancestors] == [n for n in LENGTHS if n < len(code)]
    for ancestor in (*ancestors, code):
        assert codes.ancestor(code, level_of(ancestor)) == ancestor
        assert codes.covers(ancestor, code)
    for ancestor in ancestors:
        assert not codes.covers(code, ancestor)


@given(region_codes())
def test_governed_ancestors_start_at_the_county(code: str) -> None:
    county = codes.code_length(RegionLevel.COUNTY)
    everything = codes.ancestors(code, RegionLevel.PROVINCE)
    assert codes.ancestors(code) == tuple(a for a in everything if len(a) >= county)


@given(region_codes())
def test_parent_is_the_nearest_ancestor_and_level_of_the_length(code: str) -> None:
    everything = codes.ancestors(code, RegionLevel.PROVINCE)
    assert codes.parent_code(code) == (everything[-1] if everything else None)
    assert codes.level_of(code) == level_of(code)
    parent = codes.parent_code(code)
    if parent is not None:
        assert codes.covers(parent, code)
        assert list(RegionLevel).index(level_of(parent)) + 1 == list(RegionLevel).index(
            level_of(code)
        )


@given(region_codes(), region_codes())
def test_covers_is_the_prefix_rule(root: str, code: str) -> None:
    assert codes.covers(root, code) == code.startswith(root)
    low, high = codes.subtree_range(root)
    assert (low <= code < high) == code.startswith(root)


@given(region_codes(), region_codes(), region_codes())
def test_covering_nests(outer: str, middle: str, code: str) -> None:
    if codes.covers(outer, middle) and codes.covers(middle, code):
        assert codes.covers(outer, code)


def test_ancestor_of_a_grid_at_each_level() -> None:
    grid = "130826100001001"
    assert codes.ancestor(grid, RegionLevel.COUNTY) == "130826"
    assert codes.ancestor(grid, RegionLevel.TOWNSHIP) == "130826100"
    assert codes.ancestor(grid, RegionLevel.VILLAGE) == "130826100001"
    assert codes.ancestor(grid, RegionLevel.GRID) == grid
    assert codes.ancestors(grid) == ("130826", "130826100", "130826100001")
    assert codes.ancestor(grid, RegionLevel.PROVINCE) == "13"
    assert codes.ancestor(grid, RegionLevel.CITY) == "1308"
    assert codes.ancestors(grid, RegionLevel.CITY)[:2] == ("1308", "130826")
    assert codes.parent_code("130826") == "1308"
    assert codes.parent_code("1308") == "13"
    assert codes.parent_code("13") is None
    assert codes.level_of("1308") is RegionLevel.CITY
    assert codes.level_of("130") is None


CODES_UNDER_TEST = Table(
    "codes_under_test",
    MetaData(),
    Column("code", String(codes.REGION_CODE_LENGTH_MAX, collation="C")),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(root=region_codes(), others=st.lists(region_codes(), max_size=12), tails=st.data())
async def test_under_selects_exactly_the_descendants_in_postgresql(
    session: AsyncSession, root: str, others: list[str], tails: st.DataObject
) -> None:
    descendants = [
        root + tails.draw(st.text(alphabet=DIGITS, min_size=n - len(root), max_size=n - len(root)))
        for n in LENGTHS
        if n >= len(root)
    ]
    candidates = {*others, *descendants}
    await session.execute(
        text('CREATE TEMP TABLE IF NOT EXISTS codes_under_test (code varchar(15) COLLATE "C")')
    )
    await session.execute(delete(CODES_UNDER_TEST))
    await session.execute(insert(CODES_UNDER_TEST), [{"code": code} for code in candidates])
    found = await session.scalars(
        select(CODES_UNDER_TEST.c.code).where(codes.under(CODES_UNDER_TEST.c.code, root))
    )
    assert set(found) == {code for code in candidates if code.startswith(root)}


@given(st.text(max_size=16))
def test_is_code_accepts_ascii_digits_of_a_level_length_only(text: str) -> None:
    expected = all(c in "0123456789" for c in text) and len(text) in LENGTHS
    assert codes.is_code(text, *RegionLevel) == expected
    assert not codes.is_code("１３０８２６", RegionLevel.COUNTY)  # full-width digits
