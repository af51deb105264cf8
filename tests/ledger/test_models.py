"""Goal: the migration creates exactly the models' schema, and the database itself enforces
the ledger's invariants (append-only transfers, no negative member balance, amounts > 0).

Method: alembic's compare_metadata between migration head and ``Base.metadata``; then raw SQL
that a buggy program (or a careless superuser) might send, expecting PostgreSQL to refuse it.
"""

from __future__ import annotations

import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import governance.models
import ledger
import ledger.models
from kit.database import session_scope, with_database
from kit.models import Base
from migrations import alembic_config
from tests.ledger.factories import create_account, transfer
from tests.support import databases

assert governance.models
assert ledger.models


async def test_migration_matches_models(engine: AsyncEngine) -> None:
    def diff(connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


@pytest.fixture
async def one_transfer(session_factory: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    async with session_scope(session_factory) as session:
        pool = await create_account(session, "pool")
        wallet = await create_account(session, "wallet", no_negative=True)
        spec = transfer(pool, wallet, 5)
        overdraft = transfer(wallet, pool, 6)
        await ledger.create_transfers(session, [spec, overdraft])
    return spec.id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE transfers SET amount = 6",
        "DELETE FROM transfers",
        "TRUNCATE transfers CASCADE",
        "UPDATE transfer_failures SET code = 1",
    ],
)
async def test_transfers_are_append_only(
    session_factory: async_sessionmaker[AsyncSession], one_transfer: uuid.UUID, statement: str
) -> None:
    async with session_factory() as session:
        await session.execute(text("SET session_replication_role = replica"))
        with pytest.raises(DBAPIError, match="append-only"):
            await session.execute(text(statement))


async def test_public_has_no_update_privilege(session: AsyncSession) -> None:
    for table in ("transfers", "transfer_failures"):
        for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
            allowed = await session.scalar(
                text("SELECT has_table_privilege('ledger_writer', :table, :privilege)"),
                {"table": table, "privilege": privilege},
            )
            assert allowed is False, (table, privilege)


@pytest.mark.parametrize(
    ("statement", "constraint"),
    [
        ("UPDATE accounts SET debits_posted = 6 WHERE code = 'wallet'", "debits_within_credits"),
        ("UPDATE accounts SET credits_posted = -1 WHERE code = 'pool'", "not_negative"),
    ],
)
async def test_checks_back_the_code(
    session_factory: async_sessionmaker[AsyncSession],
    one_transfer: uuid.UUID,
    statement: str,
    constraint: str,
) -> None:
    with pytest.raises(IntegrityError, match=constraint):
        async with session_scope(session_factory) as session:
            await session.execute(text(statement))


def test_downgrade_then_upgrade_again(pg_url: str, migrated_template: str) -> None:
    """The ledger migration undoes itself cleanly (the cluster-wide role stays)."""
    name = databases.create_database_from(pg_url, migrated_template, prefix="down_")
    try:
        config = alembic_config(with_database(pg_url, name))
        command.downgrade(config, "0001")
        command.upgrade(config, "head")
    finally:
        databases.drop_database(pg_url, name)
