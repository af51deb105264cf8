"""Goal: audit and access-log rows can be deleted only when older than the retention period
(180 days at least), through the one controlled path; everything else stays append-only.

Method: rows inserted with old and recent ``occurred_at`` on a real migrated database; pruning
through ``prune_logs`` (the application's check), through the SQL function directly (the
database's floor), and by hand with the trigger's setting forged.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import (
    AuditEntry,
    Outcome,
    PersonalDataAccess,
    Purpose,
    SensitiveField,
)
from governance.access.retention import RetentionViolation, prune_logs
from kit.clock import local_day

TODAY = local_day(dt.datetime.now(dt.UTC))
OLD = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
RECENT = dt.datetime.now(dt.UTC) - dt.timedelta(days=179)


async def _log_rows(session: AsyncSession, *instants: dt.datetime) -> None:
    for at in instants:
        session.add(
            AuditEntry(
                occurred_at=at, operation="test", target_ids=[], outcome=Outcome.OK, request_id="r"
            )
        )
        session.add(
            PersonalDataAccess(
                occurred_at=at,
                entity_kind="Person",
                entity_id=1,
                field=SensitiveField.PHONE,
                purpose=Purpose.CONTACT,
                granted=False,
            )
        )
    await session.flush()


async def _counts(session: AsyncSession) -> tuple[int, int]:
    audit = await session.scalar(select(func.count()).select_from(AuditEntry))
    access = await session.scalar(select(func.count()).select_from(PersonalDataAccess))
    return int(audit or 0), int(access or 0)


async def test_prune_deletes_only_rows_before_the_date(demo_session: AsyncSession) -> None:
    await _log_rows(demo_session, OLD, RECENT)
    before = TODAY - dt.timedelta(days=200)
    deleted = await prune_logs(demo_session, before=before, today=TODAY, retention_days=180)
    assert deleted == {"audit_log": 1, "personal_data_access_log": 1}
    assert await _counts(demo_session) == (1, 1)


@pytest.mark.parametrize("days_ago", [0, 179])
async def test_prune_refuses_dates_within_retention(
    demo_session: AsyncSession, days_ago: int
) -> None:
    await _log_rows(demo_session, OLD)
    before = TODAY - dt.timedelta(days=days_ago)
    with pytest.raises(RetentionViolation):
        await prune_logs(demo_session, before=before, today=TODAY, retention_days=180)
    assert await _counts(demo_session) == (1, 1)


async def test_longer_retention_setting_is_honoured(demo_session: AsyncSession) -> None:
    before = TODAY - dt.timedelta(days=300)
    with pytest.raises(RetentionViolation):
        await prune_logs(demo_session, before=before, today=TODAY, retention_days=365)


async def test_database_refuses_a_late_cutoff_itself(demo_session: AsyncSession) -> None:
    """The application's check bypassed: the function holds the legal floor on its own."""
    await _log_rows(demo_session, RECENT)
    with pytest.raises(DBAPIError, match="at least 180 days"):
        await demo_session.execute(text("SELECT * FROM prune_append_only_logs(now())"))


@pytest.mark.parametrize("table", ["audit_log", "personal_data_access_log"])
async def test_forged_setting_deletes_nothing_recent(
    demo_session: AsyncSession, table: str
) -> None:
    """Setting the trigger's GUC by hand does not open the recent rows (or UPDATE at all)."""
    await _log_rows(demo_session, OLD, RECENT)
    await demo_session.execute(
        text("SELECT set_config('grassroots.log_prune_before', now()::text, true)")
    )
    for statement in (f"DELETE FROM {table}", f"UPDATE {table} SET occurred_at = now()"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with demo_session.begin_nested():
                await demo_session.execute(text(statement))
    assert await _counts(demo_session) == (2, 2)
