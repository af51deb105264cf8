"""Keeping supermarkets and goods current: renamed, closed and reopened, retired.

Each function takes a plain request dataclass and does every check itself (the GraphQL
mutations and the goods import share them). Who may: the administrators whose region covers
the supermarket's; a supermarket or goods outside their regions reads as absent.

Closing a supermarket end-dates it (``ended_on`` = today, a county day): it refuses sales
and stock-ins (``SUPERMARKET_CLOSED``) until reopened; its receipts, stock and accounts stay,
returns of goods it sold are still taken (the household gets its points back), and its
stock can still be written off or counted. Reopening clears the day; both are recorded.
A goods' unit is fixed once it was
stocked (stock and receipts count in it: ``UNIT_IN_USE``, as the goods import says).
Retiring goods end-dates them the same way (``GOODS_RETIRED`` for sales and stock-ins); a
price change keeps its own history (``priceHistory``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.bank.catalog import Ending, check_reason, required_reason
from governance.history.models import ChangeAction
from governance.history.service import apply_edit, locked
from governance.refusals import Refusal, RefusalCode
from governance.supermarkets import repository
from governance.supermarkets.models import Goods, Supermarket
from governance.supermarkets.service import (
    GOODS_ENTITY,
    SUPERMARKET_ENTITY,
    check_name,
    check_unit_label,
)
from kit.clock import local_day


@dataclass(frozen=True, slots=True)
class SupermarketChange:
    supermarket_id: int
    expected_version: int
    name: str
    reason: str | None = None


async def change_supermarket(
    session: AsyncSession, viewer: Viewer, change: SupermarketChange, now: dt.datetime
) -> Supermarket:
    supermarket = await _supermarket(session, viewer, change.supermarket_id)
    check_name(change.name, "Name the supermarket.")
    await apply_edit(
        session, supermarket, {"name": change.name.strip()}, entity=SUPERMARKET_ENTITY,
        expected_version=change.expected_version, viewer=viewer, at=now,
        reason=check_reason(change.reason),
    )  # fmt: skip
    return supermarket


async def close_supermarket(
    session: AsyncSession, viewer: Viewer, ending: Ending, now: dt.datetime
) -> Supermarket:
    """Close today: no sales or stock-ins until reopened."""
    supermarket = await _supermarket(session, viewer, ending.row_id)
    if not supermarket.open:
        message = "This supermarket is closed already."
        raise Refusal(RefusalCode.SUPERMARKET_CLOSED, "supermarketId", message)
    await apply_edit(
        session, supermarket, {"open": False, "ended_on": local_day(now)},
        entity=SUPERMARKET_ENTITY, expected_version=ending.expected_version, viewer=viewer,
        at=now, action=ChangeAction.ENDED, reason=required_reason(ending.reason),
    )  # fmt: skip
    return supermarket


async def reopen_supermarket(
    session: AsyncSession, viewer: Viewer, ending: Ending, now: dt.datetime
) -> Supermarket:
    """Open a closed supermarket again; the closing stays in its history."""
    supermarket = await _supermarket(session, viewer, ending.row_id)
    if supermarket.open:
        message = "This supermarket is open already."
        raise Refusal(RefusalCode.SUPERMARKET_OPEN, "supermarketId", message)
    await apply_edit(
        session, supermarket, {"open": True, "ended_on": None}, entity=SUPERMARKET_ENTITY,
        expected_version=ending.expected_version, viewer=viewer, at=now,
        action=ChangeAction.REOPENED, reason=required_reason(ending.reason),
    )  # fmt: skip
    return supermarket


@dataclass(frozen=True, slots=True)
class GoodsChange:
    """A goods' name and unit, corrected (the price has ``set_price`` and its own history)."""

    goods_id: int
    expected_version: int
    name: str
    unit_label: str
    reason: str | None = None


async def change_goods(
    session: AsyncSession, viewer: Viewer, change: GoodsChange, now: dt.datetime
) -> Goods:
    goods = await _goods(session, viewer, change.goods_id)
    check_name(change.name, "Name the goods.")
    check_unit_label(change.unit_label)
    name = change.name.strip()
    same_name = await repository.goods_by_name(session, goods.supermarket_id, name)
    if same_name is not None and same_name.id != goods.id:
        message = "This supermarket already sells goods of this name."
        raise Refusal(RefusalCode.GOODS_EXISTS, "name", message)
    if change.unit_label.strip() != goods.unit_label and await _ever_stocked(session, goods):
        message = f"Goods already stocked keep their unit ({goods.unit_label}): add new goods."
        raise Refusal(RefusalCode.UNIT_IN_USE, "unitLabel", message)
    await apply_edit(
        session, goods, {"name": name, "unit_label": change.unit_label.strip()},
        entity=GOODS_ENTITY, expected_version=change.expected_version, viewer=viewer, at=now,
        reason=check_reason(change.reason),
    )  # fmt: skip
    return goods


async def _ever_stocked(session: AsyncSession, goods: Goods) -> bool:
    """Whether any stock was ever received (the receiving account moved)."""
    [received] = await ledger.lookup_accounts(session, [goods.received_account_id])
    return received.balances.debits_posted > 0


async def retire_goods(
    session: AsyncSession, viewer: Viewer, ending: Ending, now: dt.datetime
) -> Goods:
    """Retire goods today: no new sales or stock-ins; receipts and returns unaffected."""
    goods = await _goods(session, viewer, ending.row_id)
    if not goods.active:
        raise Refusal(RefusalCode.ALREADY_ENDED, "goodsId", "These goods are retired already.")
    await apply_edit(
        session, goods, {"active": False, "ended_on": local_day(now)}, entity=GOODS_ENTITY,
        expected_version=ending.expected_version, viewer=viewer, at=now,
        action=ChangeAction.ENDED, reason=required_reason(ending.reason),
    )  # fmt: skip
    return goods


async def _supermarket(session: AsyncSession, viewer: Viewer, supermarket_id: int) -> Supermarket:
    supermarket = await locked(session, Supermarket, supermarket_id, viewer, ADMIN_ROLES)
    if supermarket is None:
        message = "No supermarket of your regions has this id."
        raise Refusal(RefusalCode.SUPERMARKET_NOT_FOUND, "supermarketId", message)
    return supermarket


async def _goods(session: AsyncSession, viewer: Viewer, goods_id: int) -> Goods:
    goods = await locked(session, Goods, goods_id, viewer, ADMIN_ROLES)
    if goods is None:
        message = "No goods of your regions' supermarkets have this id."
        raise Refusal(RefusalCode.GOODS_NOT_FOUND, "goodsId", message)
    return goods
