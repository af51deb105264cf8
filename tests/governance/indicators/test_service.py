"""Goal: every indicator of the plan computes, from the records, the value worked out by hand,
for the county and for each township; snapshots store those values and replace them within
a month; every definition names a known calculator and quotes the plan.

Method: a hand-built county (``tests.support.indicators``) written through the ORM into a
freshly migrated database; ``service.evaluate`` per region against ``EXPECTED``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from governance.indicators import repository, service
from governance.indicators.calculators import CALCULATORS
from governance.indicators.models import IndicatorDefinition, IndicatorSnapshot
from governance.petitions.models import HearingKind, PetitionHearing
from tests.support import indicators as fixture

PLAN = Path(__file__).resolve().parents[3] / "data" / "plan" / "fengning_2020_plan_reply.txt"


async def _values(session: AsyncSession, code: str) -> dict[str, service.Evaluation]:
    region = await service.region_by_code(session, code)
    assert region is not None
    return {e.definition.key: e for e in await service.evaluate(session, region, fixture.AS_OF)}


async def test_definitions_quote_the_plan_and_name_known_calculators(
    session: AsyncSession,
) -> None:
    definitions = await repository.definitions(session)
    plan = PLAN.read_text(encoding="utf-8")
    keys = {definition.key for definition in definitions}
    assert keys == set(fixture.EXPECTED) | fixture.UNAVAILABLE
    for definition in definitions:
        assert definition.formula_key in CALCULATORS, definition.key
        assert definition.plan_sentence in plan, definition.key


async def test_each_indicator_matches_the_hand_computed_fixture(session: AsyncSession) -> None:
    await fixture.build(session)
    by_region = {
        code: await _values(session, code) for code in (fixture.COUNTY, fixture.T1, fixture.T2)
    }
    for key, expected in fixture.EXPECTED.items():
        for code, values in by_region.items():
            if code not in expected:
                assert key not in values, (key, code)
                continue
            region_tally = values[key].region.tally
            assert region_tally is not None, (key, code)
            assert (region_tally.numerator, region_tally.denominator) == expected[code], (key, code)


async def test_met_and_ranking_by_township(session: AsyncSession) -> None:
    await fixture.build(session)
    county = await _values(session, fixture.COUNTY)
    police = county["village_police"]
    assert police.region.value == Decimal("0.6000")
    assert police.region.met is False
    assert [child.region.code for child in police.children] == [fixture.T1, fixture.T2]
    assert [child.met for child in police.children] == [True, False]
    civilized = county["civilized_towns"]
    assert civilized.region.met is True  # 1 of 2 meets "≥ 50%" exactly
    assert [child.region.code for child in civilized.children] == [fixture.T2, fixture.T1]
    # A township with no communities has no value (null), ranked last, never "met".
    communities = county["community_service_facilities"]
    assert communities.children[-1].region.code == fixture.T2
    assert communities.children[-1].value is None
    assert communities.children[-1].met is None
    assert county["central_police_stations"].children == []


async def test_no_hearing_means_no_month_met(session: AsyncSession) -> None:
    await fixture.build(session)
    hearings = (await _values(session, fixture.COUNTY))["major_petition_hearings"]
    assert hearings.region.tally is not None
    assert (hearings.region.tally.numerator, hearings.region.tally.denominator) == (0, 12)
    assert hearings.region.met is False


async def test_snapshot_stores_county_and_townships_and_replaces_within_a_month(
    session: AsyncSession,
) -> None:
    await fixture.build(session)
    stored = await service.take_snapshot(session, fixture.AS_OF)
    # All 18 indicators have data for the county; 16 apply to townships.
    assert stored == 18 + 16 * 2
    again = await service.take_snapshot(session, fixture.AS_OF + dt.timedelta(days=1))
    assert again == stored
    total = await session.scalar(select(func.count()).select_from(IndicatorSnapshot))
    assert total == stored
    history = await repository.history(session, [("village_police", fixture.T1)])
    assert [(h.period, h.numerator, h.denominator, h.value) for h in history] == [
        (dt.date(2026, 11, 1), 3, 3, Decimal("1.0000"))
    ]


async def test_an_edited_target_changes_met(session: AsyncSession) -> None:
    """Definitions are data: lowering a target in the row is enough."""
    await fixture.build(session)
    before = (await _values(session, fixture.COUNTY))["village_police"]
    assert before.region.met is False
    await session.execute(
        update(IndicatorDefinition)
        .where(IndicatorDefinition.key == "village_police")
        .values(target=Decimal("0.6"))
    )
    after = (await _values(session, fixture.COUNTY))["village_police"]
    assert after.region.met is True


async def test_hearings_count_distinct_months_of_the_last_twelve(session: AsyncSession) -> None:
    """Hearings in the county or below: two in November count once; February counts; a
    hearing 12 months back and one after the as-of month do not: 2 of 12."""
    await fixture.build(session)
    days = ["2026-11-03", "2026-11-20", "2026-02-10", "2025-11-30", "2026-12-01"]
    for number, day in enumerate(days):
        session.add(
            PetitionHearing(
                region_code=fixture.COUNTY if number % 2 else fixture.T1,
                kind=HearingKind.HEARING,
                held_on=dt.date.fromisoformat(day),
                chair_name="县信访局局长",
                chair_post="COUNTY_LEADER",
                participants_count=5,
                summary="重大信访案件听证",
            )
        )
    await session.flush()
    hearings = (await _values(session, fixture.COUNTY))["major_petition_hearings"]
    assert hearings.region.tally is not None
    assert (hearings.region.tally.numerator, hearings.region.tally.denominator) == (2, 12)
    assert hearings.region.met is False
    assert hearings.children == []
