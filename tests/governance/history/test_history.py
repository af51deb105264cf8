"""Goal: master-data edits are versioned and recorded — a stale edit changes nothing, every
accepted one leaves a history row from which the record's values can be replayed.

Method: edit a demo person's phone and tags through ``governance.history.service`` as the
county admin, against current and stale versions, and read the history back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import User
from governance.access.principal import Grant, Viewer
from governance.access.roles import ADMIN_ROLES, Role
from governance.history import service
from governance.history.models import ChangeAction
from governance.people.masking import mask_phone
from governance.people.models import Person, PersonTag
from governance.refusals import Refusal, RefusalCode
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

AT = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
MASKS = {"phone": mask_phone}
COUNTY = "130826"


@pytest.fixture
async def people(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def _admin(session: AsyncSession) -> Viewer:
    user_id = await session.scalar(select(User.id).where(User.username == "county.admin"))
    assert user_id is not None
    return Viewer(user_id=user_id, session_id=1, grants=(Grant(Role.COUNTY_ADMIN, COUNTY),))


async def _person(session: AsyncSession, viewer: Viewer) -> Person:
    person_id = await session.scalar(select(Person.id).order_by(Person.id).limit(1))
    assert person_id is not None
    person = await service.locked(session, Person, person_id, viewer, ADMIN_ROLES)
    assert person is not None
    return person


async def test_a_stale_edit_is_refused_and_changes_nothing(people: AsyncSession) -> None:
    viewer = await _admin(people)
    person = await _person(people, viewer)
    await service.apply_edit(
        people,
        person,
        {"phone": "13900000001"},
        entity="person",
        expected_version=1,
        viewer=viewer,
        at=AT,
        masks=MASKS,
    )
    assert person.version == 2
    with pytest.raises(Refusal) as refused:
        await service.apply_edit(
            people,
            person,
            {"phone": "13900000002"},
            entity="person",
            expected_version=1,
            viewer=viewer,
            at=AT,
            masks=MASKS,
        )
    assert refused.value.code is RefusalCode.STALE_VERSION
    assert refused.value.field == "expectedVersion"
    assert (person.phone, person.version) == ("13900000001", 2)
    [entries] = await service.history_of(people, [("person", person.id)])
    assert [entry.record.version for entry in entries] == [2]


async def test_the_history_masks_identifiers_and_names_the_editor(people: AsyncSession) -> None:
    viewer = await _admin(people)
    person = await _person(people, viewer)
    before = person.phone
    await service.apply_edit(
        people,
        person,
        {"phone": "13912345678", "tags": [PersonTag.EMPTY_NEST_ELDER.value]},
        entity="person",
        expected_version=1,
        viewer=viewer,
        at=AT,
        masks=MASKS,
        reason="人口信息采集",
    )
    [[entry]] = await service.history_of(people, [("person", person.id)])
    assert entry.changed_by == "county.admin"
    assert entry.record.action is ChangeAction.CHANGED
    assert entry.record.reason == "人口信息采集"
    assert entry.record.region_code == person.region_code
    assert entry.record.changes["phone"] == {
        "from": mask_phone(before) if before else None,
        "to": "139****5678",
    }
    assert entry.record.changes["tags"]["to"] == ["EMPTY_NEST_ELDER"]


async def test_an_edit_that_changes_nothing_records_nothing(people: AsyncSession) -> None:
    viewer = await _admin(people)
    person = await _person(people, viewer)
    written = await service.apply_edit(
        people,
        person,
        {"name": person.name},
        entity="person",
        expected_version=1,
        viewer=viewer,
        at=AT,
    )
    assert written is None
    assert person.version == 1
    assert await service.history_of(people, [("person", person.id)]) == [[]]


async def test_only_rows_in_the_viewers_roles_are_locked(people: AsyncSession) -> None:
    viewer = await _admin(people)
    person = await _person(people, viewer)
    other_county = Viewer(
        user_id=viewer.user_id, session_id=1, grants=(Grant(Role.COUNTY_ADMIN, "130825"),)
    )
    assert await service.locked(people, Person, person.id, other_county, ADMIN_ROLES) is None
    grid_worker_only = frozenset({Role.GRID_WORKER})
    assert await service.locked(people, Person, person.id, viewer, grid_worker_only) is None


async def test_the_history_is_append_only(people: AsyncSession) -> None:
    viewer = await _admin(people)
    person = await _person(people, viewer)
    await service.apply_edit(
        people,
        person,
        {"phone": "13900000003"},
        entity="person",
        expected_version=1,
        viewer=viewer,
        at=AT,
    )
    with pytest.raises(DBAPIError, match="append-only"):
        async with people.begin_nested():
            await people.execute(text("UPDATE record_history SET reason = 'rewritten'"))


PHONES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(st.tuples(st.one_of(st.none(), PHONES), st.booleans()), min_size=1, max_size=6)
)
async def test_versions_count_changes_and_history_replays_to_the_record(
    people: AsyncSession, edits: list[tuple[str | None, bool]]
) -> None:
    """Each edit against the current version (or, when the flag says so, the one before)."""
    viewer = await _admin(people)
    async with people.begin_nested() as savepoint:
        person = await _person(people, viewer)
        start_version, phone = person.version, person.phone
        accepted = 0
        for new_phone, stale in edits:
            expected = person.version - 1 if stale else person.version
            if stale:
                with pytest.raises(Refusal) as refused:
                    await service.apply_edit(
                        people,
                        person,
                        {"phone": new_phone},
                        entity="person",
                        expected_version=expected,
                        viewer=viewer,
                        at=AT,
                    )
                assert refused.value.code is RefusalCode.STALE_VERSION
                continue
            written = await service.apply_edit(
                people,
                person,
                {"phone": new_phone},
                entity="person",
                expected_version=expected,
                viewer=viewer,
                at=AT,
            )
            if written is not None:
                accepted += 1
                assert written.changes["phone"] == {"from": phone, "to": new_phone}
                phone = new_phone
            else:
                assert new_phone == phone
        assert person.version == start_version + accepted
        [entries] = await service.history_of(people, [("person", person.id)])
        assert len(entries) == accepted
        replayed = entries[-1].record.changes["phone"]["to"] if entries else person.phone
        assert replayed == person.phone
        await savepoint.rollback()
