"""The data a chaos run starts from, written through the real code paths: the demo loader, then
the bank benchmark's supermarkets, cashiers, stock and funded households (``bench.bank``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from bench.bank import CASHIER_PASSWORD, prepare_bank
from governance.demo import load_demo
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

PROPOSER = ("xinfenglu.admin", "xinfenglu-admin-demo")  # township admin: proposes and reviews


@dataclass(frozen=True)
class Till:
    username: str
    supermarket_id: int
    village_code: str
    goods_ids: list[str]
    account_ids: list[str]
    household_ids: list[str]

    @property
    def supermarket_global_id(self) -> str:
        return relay.to_base64("Supermarket", self.supermarket_id)


@dataclass(frozen=True)
class ChaosFixture:
    tills: list[Till]
    scheme_id: str
    rule_id: str
    proposer_user_id: int

    def logins(self) -> dict[str, str]:
        return {
            **{till.username: CASHIER_PASSWORD for till in self.tills},
            PROPOSER[0]: PROPOSER[1],
        }


async def prepare(url: str, settings: Settings) -> ChaosFixture:
    engine = create_engine(url, settings.model_copy(update={"statement_timeout_ms": 0}))
    try:
        factory = create_session_factory(engine)
        async with session_scope(factory) as session:
            await load_demo(session)
        async with session_scope(factory) as session:
            bank = await prepare_bank(session, settings)
        async with session_scope(factory) as session:
            tills = [await _till(session, till.username, till.goods_ids, till.account_ids)
                     for till in bank.tills]  # fmt: skip
            return await _fixture(session, tills)
    finally:
        await engine.dispose()


async def _till(
    session: AsyncSession, username: str, goods_ids: list[str], account_ids: list[str]
) -> Till:
    supermarket = (
        await session.execute(
            text("""SELECT s.id, s.region_code FROM supermarkets s
                    JOIN role_grants g ON g.supermarket_id = s.id
                    JOIN users u ON u.id = g.user_id WHERE u.username = :username"""),
            {"username": username},
        )
    ).one()
    holder_ids = [int(relay.from_base64(account)[1]) for account in account_ids]
    households = await session.execute(
        text("SELECT household_id FROM bank_holders WHERE id = ANY(:ids) ORDER BY id"),
        {"ids": holder_ids},
    )
    household_ids = [relay.to_base64("Household", row[0]) for row in households]
    return Till(username, supermarket[0], supermarket[1], goods_ids, account_ids, household_ids)


async def _fixture(session: AsyncSession, tills: list[Till]) -> ChaosFixture:
    rule = (
        await session.execute(text("SELECT id, scheme_id FROM bank_rules WHERE code = 'BENCH'"))
    ).one()
    proposer = await session.execute(
        text("SELECT id FROM users WHERE username = :username"), {"username": PROPOSER[0]}
    )
    return ChaosFixture(
        tills,
        relay.to_base64("PointsScheme", rule[1]),
        relay.to_base64("PointsRule", rule[0]),
        proposer.scalar_one(),
    )
