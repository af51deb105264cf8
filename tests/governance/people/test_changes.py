"""Goal: the roster is kept current through the service functions an importer also calls —
registration checked exactly as the roster import, corrections against a version and recorded
(identifiers masked), moves carrying members and points accounts, ends that never delete, and
points handled by the scheme's rules through the ledger (``ledger.verify`` stays clean).

Method: call ``governance.people`` services on the tiny demo as a county (or township, or
grid) viewer, each inside a savepoint as the mutation runner does; fund accounts straight from
a scheme's pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access import accounts
from governance.access.accounts import GrantRequest, NewAccount
from governance.access.models import RoleGrant
from governance.access.passwords import Passwords
from governance.access.roles import Role
from governance.bank.applications import Proposal, propose
from governance.bank.models import RuleCategory
from governance.bank.service import Owner, RuleDraft, add_rule
from governance.disputes.repository import lawsuits_by_township
from governance.history.models import ChangeAction, RecordChange
from governance.people import corrections, endings, moves, registration, restructuring
from governance.people.models import EndReason, Household, Person, PersonTag, RelationToHead
from governance.people.requests import (
    HeadChange,
    HouseholdMerge,
    HouseholdMove,
    HouseholdSplit,
    PersonCorrection,
    PersonEnd,
    PersonRegistration,
)
from governance.refusals import RefusalCode
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.governance.people.kit import (
    AT,
    NEAR_GRID,
    admin,
    balance,
    closed,
    fund,
    household,
    member,
    refused,
    scheme,
)

TODAY = dt.date(2026, 12, 3)
OTHER_GRID = "130826001001002"
OTHER_VILLAGE = "130826001002"  # same township (新丰路街道)
FAR_VILLAGE = "130826100201"  # 大阁镇


@pytest.fixture
async def people(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def _members(session: AsyncSession, household_id: int) -> list[Person]:
    statement = select(Person).where(Person.household_id == household_id).order_by(Person.id)
    return list((await session.execute(statement)).scalars())


async def _history(session: AsyncSession, entity: str, row_id: int) -> list[RecordChange]:
    statement = (
        select(RecordChange)
        .where(RecordChange.entity == entity, RecordChange.entity_id == row_id)
        .order_by(RecordChange.version)
    )
    return list((await session.execute(statement)).scalars())


async def test_registration_checks_rows_as_the_roster_import(people: AsyncSession) -> None:
    viewer = await admin(people)
    register = registration.register_household
    bad_check = member(1, RelationToHead.HEAD, id_card_number="130899198005170010")
    cases = {
        RefusalCode.ID_CARD_INVALID: [bad_check],
        RefusalCode.ID_CARD_MISMATCH: [member(1, RelationToHead.HEAD, birth_date=dt.date(1980, 5, 17), gender=member(2).gender)],
        RefusalCode.PHONE_INVALID: [member(1, RelationToHead.HEAD, phone="12345")],
        RefusalCode.MEMBERS_INVALID: [member(1, RelationToHead.HEAD), member(3, RelationToHead.HEAD)],
    }  # fmt: skip
    for code, members in cases.items():
        request = household("T-BAD", 1, 1)
        request = type(request)(request.number, request.region_code, members)
        assert await refused(people, lambda r=request: register(people, viewer, r, at=AT)) is code
    created = await register(people, viewer, household("T-1", 1, 2), at=AT)
    again = household("T-2", 1, 1)
    assert await refused(people, lambda: register(people, viewer, again, at=AT)) is (
        RefusalCode.PERSON_EXISTS
    )
    taken = household("T-1", 5, 1)
    assert await refused(people, lambda: register(people, viewer, taken, at=AT)) is (
        RefusalCode.HOUSEHOLD_NUMBER_TAKEN
    )
    grid_worker = await admin(people, OTHER_GRID)
    elsewhere = household("T-3", 7, 1)
    assert await refused(people, lambda: register(people, grid_worker, elsewhere, at=AT)) is (
        RefusalCode.FORBIDDEN
    )
    members = await _members(people, created.id)
    assert [m.relation_to_head for m in members] == [RelationToHead.HEAD, RelationToHead.CHILD]
    assert created.head_person_id == members[0].id
    assert all(m.region_code == NEAR_GRID for m in members)


async def test_a_correction_is_versioned_and_recorded_masked(people: AsyncSession) -> None:
    viewer = await admin(people, NEAR_GRID)  # a grid worker collects in their grid
    created = await registration.register_household(people, viewer, household("T-1", 1, 2), at=AT)
    child = (await _members(people, created.id))[1]
    change = PersonCorrection(
        child.id, 1, phone="13812345678", tags=(PersonTag.LEFT_BEHIND_CHILD,), reason="走访"
    )
    await corrections.correct_person(people, viewer, change, at=AT)
    assert (child.version, child.phone, child.tags) == (2, "13812345678", ["LEFT_BEHIND_CHILD"])
    stale = PersonCorrection(child.id, 1, name="改名")
    assert (
        await refused(people, lambda: corrections.correct_person(people, viewer, stale, at=AT))
        is RefusalCode.STALE_VERSION
    )
    assert child.name == "测试2"
    to_head = PersonCorrection(child.id, 2, relation_to_head=RelationToHead.HEAD)
    assert (
        await refused(people, lambda: corrections.correct_person(people, viewer, to_head, at=AT))
        is RefusalCode.HEAD_CHANGE_REQUIRED
    )
    history = await _history(people, "person", child.id)
    assert [h.action for h in history] == [ChangeAction.CREATED, ChangeAction.CHANGED]
    assert (
        history[0].changes["id_card_number"]["to"] == "130899********" + child.id_card_number[-4:]
    )
    assert history[1].changes["phone"] == {"from": None, "to": "138****5678"}
    assert history[1].reason == "走访"


async def test_ending_keeps_the_person_and_the_head_goes_last(people: AsyncSession) -> None:
    viewer = await admin(people)
    created = await registration.register_household(people, viewer, household("T-1", 1, 2), at=AT)
    head, child = await _members(people, created.id)
    end_head = PersonEnd(head.id, 1, TODAY, EndReason.DIED)
    assert (
        await refused(people, lambda: endings.end_person(people, viewer, end_head, at=AT))
        is RefusalCode.HEAD_CHANGE_REQUIRED
    )
    future = PersonEnd(child.id, 1, TODAY + dt.timedelta(days=1), EndReason.MOVED_AWAY)
    assert (
        await refused(people, lambda: endings.end_person(people, viewer, future, at=AT))
        is RefusalCode.DATE_IN_FUTURE
    )
    change = HeadChange(created.id, 1, child.id, RelationToHead.PARENT)
    await corrections.change_head(people, viewer, change, at=AT)
    assert (created.head_person_id, head.relation_to_head) == (child.id, RelationToHead.PARENT)
    await endings.end_person(people, viewer, PersonEnd(head.id, 2, TODAY, EndReason.DIED), at=AT)
    assert (head.ended_on, head.end_reason, created.ended_on) == (TODAY, EndReason.DIED, None)
    again = PersonCorrection(head.id, 3, name="x")
    assert (
        await refused(people, lambda: corrections.correct_person(people, viewer, again, at=AT))
        is RefusalCode.PERSON_ENDED
    )
    bank = await scheme(people, viewer, "130826001")
    account = await fund(people, bank, created.id, 17)
    last = PersonEnd(child.id, 2, TODAY, EndReason.MOVED_AWAY)
    await endings.end_person(people, viewer, last, at=AT)
    assert await closed(people, account.points_account_id), "the household's account settled"
    assert await balance(people, bank.expiry_account_id) == 17
    assert (created.ended_on, created.end_reason, created.head_person_id) == (
        TODAY, EndReason.MOVED_AWAY, None,
    )  # fmt: skip
    assert len(await _members(people, created.id)) == 2, "never deleted"


async def test_a_move_carries_members_and_accounts_follow_or_settle(people: AsyncSession) -> None:
    """A township scheme covers the move to another of its villages (the account follows);
    a village scheme does not (its account is settled into the scheme's expiry account)."""
    county = await admin(people)
    township_scheme = await scheme(people, county, "130826001")
    village_scheme = await scheme(people, county, NEAR_GRID[:12])
    created = await registration.register_household(people, county, household("T-1", 1, 3), at=AT)
    follows = await fund(people, township_scheme, created.id, 40)
    settles = await fund(people, village_scheme, created.id, 25)
    township = await admin(people, "130826001")
    far = HouseholdMove(created.id, 1, FAR_VILLAGE)
    assert (
        await refused(people, lambda: moves.move_household(people, township, far, at=AT))
        is RefusalCode.FORBIDDEN
    )
    move = HouseholdMove(created.id, 1, OTHER_VILLAGE, reason="搬迁")
    await moves.move_household(people, township, move, at=AT)
    members = await _members(people, created.id)
    assert {m.region_code for m in members} == {OTHER_VILLAGE} == {created.region_code}
    assert all(m.version == 2 for m in members)
    assert (follows.region_code, await balance(people, follows.points_account_id)) == (
        OTHER_VILLAGE, 40,
    )  # fmt: skip
    assert not await closed(people, follows.points_account_id)
    assert await closed(people, settles.points_account_id)
    assert await balance(people, settles.points_account_id) == 0
    assert await balance(people, village_scheme.expiry_account_id) == 25
    assert (await ledger.verify(people)).violations == []


async def test_a_split_keeps_the_account_and_a_merge_hands_it_over(people: AsyncSession) -> None:
    county = await admin(people)
    bank = await scheme(people, county, "130826001")
    first = await registration.register_household(people, county, household("T-1", 1, 3), at=AT)
    second = await registration.register_household(people, county, household("T-2", 7, 2), at=AT)
    kept = await fund(people, bank, first.id, 30)
    absorbed_account = await fund(people, bank, second.id, 12)
    _, leaving, staying = await _members(people, first.id)
    split = HouseholdSplit(first.id, 1, "T-1-2", [leaving.id], leaving.id)
    new = await restructuring.split_household(people, county, split, at=AT)
    assert (leaving.household_id, leaving.relation_to_head, new.head_person_id) == (
        new.id, RelationToHead.HEAD, leaving.id,
    )  # fmt: skip
    assert staying.household_id == first.id
    assert first.version == 2
    assert await balance(people, kept.points_account_id) == 30, "the balance stays"
    merge = HouseholdMerge(first.id, 2, second.id, 1, {})
    await restructuring.merge_households(people, county, merge, at=AT)
    joined = [m for m in await _members(people, first.id) if m.ended_on is None]
    assert len(joined) == 4
    assert [m.id for m in joined if m.relation_to_head is RelationToHead.HEAD] == [
        first.head_person_id
    ]
    assert (second.ended_on, second.end_reason) == (TODAY, EndReason.MERGED)
    assert await balance(people, kept.points_account_id) == 42
    assert await closed(people, absorbed_account.points_account_id)
    assert await balance(people, absorbed_account.points_account_id) == 0
    history = await _history(people, "household", first.id)
    assert history[-1].changes["members"]["to"] == [m.name for m in joined]
    assert (await ledger.verify(people)).violations == []


async def test_a_pending_entry_keeps_the_household_from_merging(people: AsyncSession) -> None:
    county = await admin(people)
    bank = await scheme(people, county, "130826001")
    draft = RuleDraft(bank.id, "T-1", RuleCategory.OTHER, "测试", 5)
    rule = await add_rule(people, county, draft, AT)
    first = await registration.register_household(people, county, household("T-1", 1, 1), at=AT)
    second = await registration.register_household(people, county, household("T-2", 3, 1), at=AT)
    await propose(people, county, Proposal(rule.id, Owner(household_id=second.id), TODAY), AT)
    merge = HouseholdMerge(first.id, 1, second.id, 1, {})
    assert (
        await refused(people, lambda: restructuring.merge_households(people, county, merge, at=AT))
        is RefusalCode.ACCOUNT_HAS_PENDING_ENTRIES
    )
    assert second.ended_on is None
    registered = PersonRegistration(second.id, member(5, RelationToHead.CHILD), "出生")
    born = await registration.register_person(people, county, registered, at=AT)
    assert (born.household_id, born.region_code) == (second.id, second.region_code)
    household_row = await people.get(Household, second.id)
    assert household_row is not None
    assert household_row.ended_on is None


async def test_resident_counts_leave_out_the_ended_from_their_end_date(
    people: AsyncSession,
) -> None:
    """The lawsuits-per-10,000-residents indicator counts residents in force on the period's
    last day: an ended person still counts up to their end date, not after it."""
    viewer = await admin(people)
    created = await registration.register_household(people, viewer, household("T-1", 1, 2), at=AT)
    child = (await _members(people, created.id))[1]
    ended_on = TODAY - dt.timedelta(days=10)

    async def residents(end: dt.date) -> int:
        rows = await lawsuits_by_township(people, "130826", end - dt.timedelta(days=30), end)
        return next(row.residents for row in rows if row.township.code == "130826001")

    before = {day: await residents(day) for day in (ended_on - dt.timedelta(days=1), TODAY)}
    end = PersonEnd(child.id, 1, ended_on, EndReason.DIED)
    await endings.end_person(people, viewer, end, at=AT)
    assert (
        await residents(ended_on - dt.timedelta(days=1)) == before[ended_on - dt.timedelta(days=1)]
    )
    assert await residents(ended_on) == before[TODAY], "in force on the day they ended"
    assert await residents(TODAY) == before[TODAY] - 1


async def test_ending_a_person_revokes_their_resident_grant(people: AsyncSession) -> None:
    """A resident who died or moved away no longer reads the household's members and points:
    the grant goes with the record's end, and tokens carrying it stop working."""
    viewer = await admin(people)
    created = await registration.register_household(people, viewer, household("T-G", 1, 2), at=AT)
    _head, child = await _members(people, created.id)
    passwords = Passwords.from_settings(Settings())
    new = NewAccount("child.resident", "户内成员", person_id=child.id)
    account = (await accounts.create_account(people, passwords, viewer, new)).user
    grant = GrantRequest("child.resident", Role.RESIDENT, person_id=child.id)
    await accounts.grant_role(people, viewer, grant)
    granted_version = account.grants_version
    await endings.end_person(people, viewer, PersonEnd(child.id, 1, TODAY, EndReason.DIED), at=AT)
    await people.refresh(account)
    grants = await people.scalars(select(RoleGrant.role).where(RoleGrant.user_id == account.id))
    assert list(grants) == []
    assert account.grants_version == granted_version + 1
