"""Goal: `apply_region_scope` is the one scoping rule: a region role sees its region and
everything below it, nothing else; cashiers and residents see only their own rows; anonymous
viewers see nothing; and the SQL filter agrees with its Python twin `target_in_scope`.

Method: the filter applied to SELECTs over all 1,148 Fengning regions for every demo viewer,
compared with the Python predicate row by row; synthetic rows (a VALUES list) for the
supermarket and own-person scopes; hypothesis for containment over generated codes.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import BigInteger, String, column, select, values
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.demo import DEMO_USERS
from governance.access.principal import ANONYMOUS, Grant, Viewer
from governance.access.roles import Role
from governance.access.scope import Target, apply_region_scope, target_in_scope
from governance.regions.models import Region

VIEWERS = {
    user.username: Viewer(user_id=index + 1, session_id=1, grants=(user.grant,))
    for index, user in enumerate(DEMO_USERS)
}
VIEWERS["anonymous"] = ANONYMOUS
VIEWERS["two.townships"] = Viewer(
    user_id=99,
    session_id=1,
    grants=(Grant(Role.TOWNSHIP_ADMIN, "130826001"), Grant(Role.MEDIATOR, "130826100")),
)


async def visible_codes(session: AsyncSession, viewer: Viewer) -> set[str]:
    statement = apply_region_scope(select(Region.code), Region.code, viewer)
    return set((await session.execute(statement)).scalars())


async def all_codes(session: AsyncSession) -> list[str]:
    return list((await session.execute(select(Region.code))).scalars())


@pytest.mark.parametrize("name", sorted(VIEWERS))
async def test_sql_filter_matches_python_predicate(demo_session: AsyncSession, name: str) -> None:
    viewer = VIEWERS[name]
    codes = await all_codes(demo_session)
    assert len(codes) == 1 + 27 + 323 + 797
    expected = {code for code in codes if target_in_scope(viewer, Target(code))}
    assert await visible_codes(demo_session, viewer) == expected


async def test_township_admin_sees_exactly_their_subtree(demo_session: AsyncSession) -> None:
    visible = await visible_codes(demo_session, VIEWERS["xinfenglu.admin"])
    assert all(code.startswith("130826001") for code in visible)
    levels = await demo_session.execute(
        select(Region.level).where(Region.code.in_(visible)).order_by(Region.level)
    )
    counts = {str(level): 0 for level in ("TOWNSHIP", "VILLAGE", "GRID")}
    for (level,) in levels:
        counts[str(level)] += 1
    assert counts["TOWNSHIP"] == 1
    assert counts["GRID"] == 421  # the county plan's grids in 新丰路街道
    assert "130826" not in visible
    assert not visible & await visible_codes(demo_session, VIEWERS["dage.admin"])


@pytest.mark.parametrize(
    ("name", "count"),
    [("county.admin", 1148), ("anonymous", 0), ("supermarket1.cashier", 0), ("resident.demo", 0)],
)
async def test_counts_for_whole_county_and_for_non_region_roles(
    demo_session: AsyncSession, name: str, count: int
) -> None:
    assert len(await visible_codes(demo_session, VIEWERS[name])) == count


async def test_scope_containment_down_the_tree(demo_session: AsyncSession) -> None:
    """Whatever a grid worker sees, their village admin sees; whatever the village admin
    sees, their township admin sees; whatever the township admin sees, the county sees."""
    chain = ["huashi.grid1", "huashi.admin", "xinfenglu.admin", "county.admin"]
    seen = [await visible_codes(demo_session, VIEWERS[name]) for name in chain]
    for lower, upper in itertools.pairwise(seen):
        assert lower
        assert lower < upper


async def test_roles_argument_narrows_to_those_roles(demo_session: AsyncSession) -> None:
    viewer = VIEWERS["two.townships"]
    statement = apply_region_scope(
        select(Region.code), Region.code, viewer, roles=frozenset({Role.MEDIATOR})
    )
    codes = set((await demo_session.execute(statement)).scalars())
    assert codes
    assert all(code.startswith("130826100") for code in codes)


ROWS = [
    ("130826001001", 1, 1, 1),
    ("130826001001", 2, 2, 1),
    ("130826100201", 1, 3, 2),
    ("130826100201", 3, 4, 3),
]


async def test_supermarket_and_own_scopes(demo_session: AsyncSession) -> None:
    table = values(
        column("region_code", String),
        column("supermarket_id", BigInteger),
        column("person_id", BigInteger),
        column("household_id", BigInteger),
        name="rows",
    ).data(ROWS)
    rows = table.alias("rows")
    for name, viewer in VIEWERS.items():
        statement = apply_region_scope(
            select(rows.c.person_id),
            rows.c.region_code,
            viewer,
            supermarket_id_column=rows.c.supermarket_id,
            person_id_column=rows.c.person_id,
            household_id_column=rows.c.household_id,
        )
        got = set((await demo_session.execute(statement)).scalars())
        expected = {row[2] for row in ROWS if target_in_scope(viewer, Target(*row))}
        assert got == expected, name
    cashier = set(
        (
            await demo_session.execute(
                apply_region_scope(
                    select(rows.c.person_id),
                    rows.c.region_code,
                    VIEWERS["supermarket1.cashier"],
                    supermarket_id_column=rows.c.supermarket_id,
                )
            )
        ).scalars()
    )
    assert cashier == {1, 3}


DIGITS = st.text(alphabet="0123456789", min_size=0, max_size=9)


@given(st.lists(st.sampled_from(sorted(VIEWERS)), min_size=1, max_size=3), DIGITS)
def test_more_grants_never_see_less(names: list[str], suffix: str) -> None:
    grants = tuple(grant for name in names for grant in VIEWERS[name].grants)
    if not grants:
        return
    combined = Viewer(user_id=1, session_id=1, grants=grants)
    target = Target("130826001001" + suffix[:3], 1, 1, 1)
    for name in names:
        if target_in_scope(VIEWERS[name], target):
            assert target_in_scope(combined, target)


async def test_household_rows_without_a_person_column(demo_session: AsyncSession) -> None:
    """A household row has no person column: a resident still sees their own household (and
    no other), and the SQL agrees with the Python twin given the same columns."""
    table = values(
        column("region_code", String), column("household_id", BigInteger), name="households"
    ).data([(region_code, household_id) for region_code, _, _, household_id in ROWS])
    rows = table.alias("households")
    for name, viewer in VIEWERS.items():
        statement = apply_region_scope(
            select(rows.c.household_id),
            rows.c.region_code,
            viewer,
            household_id_column=rows.c.household_id,
        )
        got = set((await demo_session.execute(statement)).scalars())
        expected = {
            household_id
            for region_code, _, _, household_id in ROWS
            if target_in_scope(viewer, Target(region_code, household_id=household_id))
        }
        assert got == expected, name
    resident = VIEWERS["resident.demo"]
    statement = apply_region_scope(
        select(rows.c.household_id),
        rows.c.region_code,
        resident,
        household_id_column=rows.c.household_id,
    )
    assert set((await demo_session.execute(statement)).scalars()) == {1}
