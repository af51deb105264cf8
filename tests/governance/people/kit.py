"""Shared pieces of the roster-change tests: a county admin, members with valid ID numbers
that no demo resident has, a scheme with funded household accounts, and the ledger's view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.models import User
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.bank import accounts
from governance.bank.models import Holder, Scheme
from governance.bank.service import Owner, SchemeDraft, create_scheme, open_holder
from governance.people.id_card import make_id_card
from governance.people.models import Gender, RelationToHead
from governance.people.requests import HouseholdRegistration, MemberDraft
from governance.refusals import Refusal, RefusalCode

AT = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
COUNTY = "130826"
NEAR_GRID = "130826001001001"
# Not Fengning's code: no demo resident has these ID numbers.
ID_REGION = "130899"
T = TypeVar("T")


async def admin(session: AsyncSession, region_code: str = COUNTY) -> Viewer:
    user_id = await session.scalar(select(User.id).where(User.username == "county.admin"))
    assert user_id is not None
    role = {6: Role.COUNTY_ADMIN, 9: Role.TOWNSHIP_ADMIN, 12: Role.VILLAGE_ADMIN}
    grant = Grant(role.get(len(region_code), Role.GRID_WORKER), region_code)
    return Viewer(user_id=user_id, session_id=1, grants=(grant,))


def member(
    sequence: int,
    relation: RelationToHead = RelationToHead.OTHER,
    birth_date: dt.date = dt.date(1980, 5, 17),
    **values: object,
) -> MemberDraft:
    gender = Gender.MALE if sequence % 2 else Gender.FEMALE
    fields: dict[str, object] = {
        "name": f"测试{sequence}",
        "gender": gender,
        "birth_date": birth_date,
        "id_card_number": make_id_card(ID_REGION, birth_date, sequence),
        "relation_to_head": relation,
    }
    return MemberDraft(**(fields | values))  # type: ignore[arg-type]


def household(number: str, first: int, size: int, region: str = NEAR_GRID) -> HouseholdRegistration:
    members = [member(first, RelationToHead.HEAD)]
    members += [member(first + i, RelationToHead.CHILD) for i in range(1, size)]
    return HouseholdRegistration(number=number, region_code=region, members=members)


async def refused(session: AsyncSession, action: Callable[[], Awaitable[T]]) -> RefusalCode:
    """Run ``action`` as a mutation does (in a savepoint); return the code it was refused with."""
    try:
        async with session.begin_nested():
            await action()
    except Refusal as refusal:
        return refusal.code
    raise AssertionError("not refused")


async def scheme(session: AsyncSession, viewer: Viewer, region_code: str) -> Scheme:
    draft = SchemeDraft(region_code, f"测试方案{region_code}")
    return await create_scheme(session, viewer, draft, AT)


async def fund(session: AsyncSession, scheme: Scheme, household_id: int, points: int) -> Holder:
    """Open the household's account and award it ``points`` straight from the scheme's pool."""
    holder = await open_holder(session, scheme, Owner(household_id=household_id))
    spec = ledger.TransferSpec(
        id=ledger.new_transfer_id(),
        debit_account_id=scheme.pool_account_id,
        credit_account_id=holder.points_account_id,
        amount=points,
        unit=ledger.Unit.POINTS,
        code=accounts.Reason.AWARD,
    )
    [result] = await ledger.create_transfers(session, [spec])
    assert result.ok, result
    return holder


async def balance(session: AsyncSession, account_id: int) -> int:
    [account] = await ledger.lookup_accounts(session, [account_id])
    return account.balances.credit_balance


async def closed(session: AsyncSession, account_id: int) -> bool:
    [account] = await ledger.lookup_accounts(session, [account_id])
    return account.closed


async def holders(session: AsyncSession, scheme_id: int) -> list[Holder]:
    statement = select(Holder).where(Holder.scheme_id == scheme_id).order_by(Holder.id)
    return list((await session.execute(statement)).scalars())
