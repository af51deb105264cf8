"""Stock written off (damaged, expired, lost…) and stocktakes, as ledger transfers.

Goods stock already lives in the double-entry ledger (``STOCK:<goods id>`` accounts: shelf,
received, issued). A write-off moves items from the shelf to a fourth account of the goods,
``goods:<id>:adjusted`` (opened at the first adjustment, so goods never adjusted cost no
account); items found by a stocktake move back from it to the shelf. Its credit balance is
the net stock lost. Nothing is deleted: each adjustment is a ``stock_adjustments`` row with
its reason, who and when, and its transfer, so ``grassroots ledger verify`` checks it like any
other movement, and received = shelf + issued + adjusted holds per goods.

Who may: the administrators whose region covers the supermarket, and its own cashiers (who
count the shelves). Every adjustment names who made it and why; admins read them all
(``Goods.stockAdjustments``). A stocktake compares the count with the shelf as the ledger
holds it when the count is recorded: count while the till is idle.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.bank import accounts
from governance.bank.accounts import Reason
from governance.bank.permissions import administers, cashier_of
from governance.refusals import Refusal, RefusalCode, forbidden
from governance.supermarkets import repository
from governance.supermarkets.models import (
    NOTE_LENGTH_MAX,
    QUANTITY_MAX,
    Goods,
    StockAdjustment,
    StockAdjustmentKind,
    StockAdjustmentReason,
    Supermarket,
)

WRITE_OFF_REASONS = frozenset(StockAdjustmentReason) - {StockAdjustmentReason.COUNT_DIFFERENCE}


@dataclass(frozen=True, slots=True)
class WriteOff:
    goods_id: int
    quantity: int
    reason: StockAdjustmentReason
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Stocktake:
    goods_id: int
    counted_quantity: int
    note: str | None = None


async def write_off(
    session: AsyncSession, viewer: Viewer, request: WriteOff, now: dt.datetime
) -> StockAdjustment:
    """Take ``quantity`` items off the shelf for ``reason``; never more than it holds."""
    if request.reason not in WRITE_OFF_REASONS:
        message = "Write-offs are damaged, expired, lost or other (a stocktake counts)."
        raise Refusal(RefusalCode.REASON_REQUIRED, "reason", message)
    goods, supermarket = await _counted_goods(session, viewer, request.goods_id)
    if not 1 <= request.quantity <= QUANTITY_MAX:
        raise Refusal(RefusalCode.QUANTITY_INVALID, "quantity", f"From 1 to {QUANTITY_MAX} items.")
    note = _note(request.note, required=request.reason is StockAdjustmentReason.OTHER)
    shelf = await _shelf(session, goods)
    if request.quantity > shelf:
        message = f"The shelf holds {shelf} items: not that many to write off."
        raise Refusal(RefusalCode.INSUFFICIENT_STOCK, "quantity", message)
    move = _Movement(StockAdjustmentKind.WRITE_OFF, request.reason, -request.quantity, shelf,
                     None, note)  # fmt: skip
    adjustment = _row(goods, supermarket, viewer, now, move)
    return await _record(session, goods, adjustment)


async def count_stock(
    session: AsyncSession, viewer: Viewer, request: Stocktake, now: dt.datetime
) -> StockAdjustment:
    """Record a count of the shelf: the difference is written off (short) or found (over)."""
    goods, supermarket = await _counted_goods(session, viewer, request.goods_id)
    if not 0 <= request.counted_quantity <= QUANTITY_MAX:
        message = f"A count is from 0 to {QUANTITY_MAX} items."
        raise Refusal(RefusalCode.QUANTITY_INVALID, "countedQuantity", message)
    note = _note(request.note, required=False)
    shelf = await _shelf(session, goods)
    difference = request.counted_quantity - shelf
    if abs(difference) > QUANTITY_MAX:
        message = f"The count differs from the shelf by more than {QUANTITY_MAX} items."
        raise Refusal(RefusalCode.QUANTITY_INVALID, "countedQuantity", message)
    move = _Movement(StockAdjustmentKind.STOCKTAKE, StockAdjustmentReason.COUNT_DIFFERENCE,
                     difference, shelf, request.counted_quantity, note)  # fmt: skip
    adjustment = _row(goods, supermarket, viewer, now, move)
    return await _record(session, goods, adjustment)


async def _counted_goods(
    session: AsyncSession, viewer: Viewer, goods_id: int
) -> tuple[Goods, Supermarket]:
    # The goods row is locked: two counts of the same goods serialize, each against the
    # shelf the other left.
    goods = await repository.lock_goods(session, goods_id)
    if goods is None:
        raise Refusal(RefusalCode.GOODS_NOT_FOUND, "goodsId", "No goods have this id.")
    supermarket = await session.get(Supermarket, goods.supermarket_id)
    assert supermarket is not None, "goods.supermarket_id is a foreign key"
    if not (administers(viewer, supermarket.region_code) or cashier_of(viewer, supermarket.id)):
        raise forbidden("adjust the stock of this supermarket")
    return goods, supermarket


def _note(note: str | None, *, required: bool) -> str | None:
    text = (note or "").strip()
    if len(text) > NOTE_LENGTH_MAX:
        raise Refusal(RefusalCode.NOTE_TOO_LONG, "note", f"At most {NOTE_LENGTH_MAX} characters.")
    if required and not text:
        raise Refusal(RefusalCode.REASON_REQUIRED, "note", "Say what happened to the stock.")
    return text or None


async def _shelf(session: AsyncSession, goods: Goods) -> int:
    [shelf] = await ledger.lookup_accounts(session, [goods.shelf_account_id])
    return shelf.balances.available_credit_balance


@dataclass(frozen=True, slots=True)
class _Movement:
    kind: StockAdjustmentKind
    reason: StockAdjustmentReason
    quantity: int  # onto (+) or off (−) the shelf
    shelf_before: int
    counted_quantity: int | None
    note: str | None


def _row(
    goods: Goods, supermarket: Supermarket, viewer: Viewer, now: dt.datetime, move: _Movement
) -> StockAdjustment:
    return StockAdjustment(
        supermarket_id=supermarket.id, goods_id=goods.id, region_code=supermarket.region_code,
        kind=move.kind, reason=move.reason, quantity=move.quantity,
        shelf_before=move.shelf_before, counted_quantity=move.counted_quantity, note=move.note,
        transfer_id=uuid.uuid4() if move.quantity else None,
        recorded_by_user_id=viewer.user_id, recorded_at=now,
    )  # fmt: skip


async def _record(
    session: AsyncSession, goods: Goods, adjustment: StockAdjustment
) -> StockAdjustment:
    if adjustment.quantity:
        await _transfer(session, goods, adjustment)
    session.add(adjustment)
    await session.flush()
    return adjustment


async def _transfer(session: AsyncSession, goods: Goods, adjustment: StockAdjustment) -> None:
    adjusted = await _adjusted_account(session, goods)
    lost = adjustment.quantity < 0
    assert adjustment.transfer_id is not None
    spec = ledger.TransferSpec(
        id=adjustment.transfer_id,
        debit_account_id=goods.shelf_account_id if lost else adjusted,
        credit_account_id=adjusted if lost else goods.shelf_account_id,
        amount=abs(adjustment.quantity), unit=ledger.stock_unit(goods.id),
        code=Reason.STOCK_WRITE_OFF if lost else Reason.STOCK_FOUND,
        reference=f"goods:{goods.id}",
    )  # fmt: skip
    [result] = await ledger.create_transfers(session, [spec])
    if not result.ok:
        # The shelf went below the amount since it was read (a sale at the same instant).
        message = "The shelf changed while counting: count again."
        raise Refusal(RefusalCode.INSUFFICIENT_STOCK, "goodsId", message)


async def _adjusted_account(session: AsyncSession, goods: Goods) -> int:
    """The goods' adjusted account, opened at its first use (idempotent by code)."""
    if goods.adjusted_account_id is None:
        spec = ledger.AccountSpec(
            accounts.goods_account_code(goods.id, "adjusted"), ledger.stock_unit(goods.id)
        )
        [opened] = await ledger.create_accounts(session, [spec])
        goods.adjusted_account_id = opened.account.id
    return goods.adjusted_account_id
