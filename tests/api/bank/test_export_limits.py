"""Goal: the announcement download is a read like any other: the sign-in session is checked
before anything is read or written, it never seals the ledger (nor writes anything), it draws
from the user's rate-limit bucket (429 with Retry-After), and it costs the same number of SQL
statements for one holder as for many.

Method: the real ASGI app over the demo with background tasks off (so transfers of a fresh
announcement stay unsealed) and a small rate-limit burst; fingerprints of every table around
the downloads; the statement count of ``announcement_sheet`` with the project's counter on an
engine of its own, for a one-holder list and the demo's many-holder list.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.bank.exports import announcement_sheet
from governance.bank.models import Announcement, Application
from kit import statement_counter
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from kit.statement_counter import StatementCounter, current_counter
from tests.api.bank.conftest import As, FakeClock
from tests.governance.bank.factories import announce, county_admin
from tests.support.auth import LOGOUT, auth_settings, bearer, credentials
from tests.support.fingerprint import fingerprint

BURST = 4


@pytest.fixture
def settings() -> Settings:
    return auth_settings(
        background_tasks=False, rate_limit_burst_requests=BURST, rate_limit_refill_per_second=0.001
    )


async def _fresh_announcement(db: AsyncSession, clock: FakeClock) -> int:
    [entry] = await announce(db, [1], 3, clock.now())
    await db.commit()
    assert entry.announcement_id is not None
    return entry.announcement_id


async def test_download_checks_the_session_first_and_writes_nothing(
    users: As, clock: FakeClock, db: AsyncSession, people_database_url: str
) -> None:
    announcement_id = await _fresh_announcement(db, clock)
    path = f"/exports/announcements/{announcement_id}.csv"
    ended = await credentials(users.client, "county.admin")
    logout = await users.client.data(LOGOUT, {"token": ended["refreshToken"]})
    assert logout["logout"]["ended"] is True
    headers = await users.headers("huashi.admin")

    tables = await fingerprint(people_database_url, with_chain=True)
    refused = await users.client.http.get(path, headers=bearer(ended["accessToken"]))
    assert refused.status_code == 401
    assert await fingerprint(people_database_url, with_chain=True) == tables, (
        "a refused download wrote"
    )

    answers = [await users.client.http.get(path, headers=headers) for _ in range(BURST)]
    assert [answer.status_code for answer in answers] == [200] * BURST
    assert "链头封存时间" in answers[0].content.decode("utf-8-sig")
    assert await fingerprint(people_database_url, with_chain=True) == tables, (
        "a download wrote (or sealed)"
    )

    limited = await users.client.http.get(path.replace(".csv", ".xlsx"), headers=headers)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1


async def _statements(database_url: str, announcement_id: int) -> int:
    engine = create_engine(database_url, Settings())
    statement_counter.install(engine)
    counter = StatementCounter()
    token = current_counter.set(counter)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            viewer = await county_admin(session)
            counter.count = 0
            assert await announcement_sheet(session, viewer, announcement_id) is not None
    finally:
        current_counter.reset(token)
        await engine.dispose()
    return counter.count


async def test_a_list_costs_the_same_for_one_holder_or_many(
    clock: FakeClock, db: AsyncSession, people_database_url: str
) -> None:
    one = await _fresh_announcement(db, clock)
    holders = (
        select(Application.announcement_id, Application.holder_id)
        .join(Announcement, Announcement.id == Application.announcement_id)
        .where(Announcement.id != one)
    )
    by_announcement: dict[int, set[int]] = {}
    for announcement_id, holder_id in (await db.execute(holders)).all():
        by_announcement.setdefault(announcement_id, set()).add(holder_id)
    many = max(by_announcement, key=lambda key: len(by_announcement[key]))
    assert len(by_announcement[many]) >= 3, "the demo announces several households at once"
    await db.commit()

    assert await _statements(people_database_url, one) == await _statements(
        people_database_url, many
    )
