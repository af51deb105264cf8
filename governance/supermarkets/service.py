"""Supermarkets, goods and their prices, and stock received (donations disclosed)."""

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
from governance.history.service import record_created
from governance.refusals import Refusal, RefusalCode, forbidden
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel
from governance.supermarkets import repository
from governance.supermarkets.models import (
    NAME_LENGTH_MAX,
    PRICE_POINTS_MAX,
    QUANTITY_MAX,
    UNIT_LABEL_LENGTH_MAX,
    DonorKind,
    Goods,
    GoodsPrice,
    StockIn,
    StockSource,
    Supermarket,
)

SUPERMARKET_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
SUPERMARKET_ENTITY = "supermarket"
GOODS_ENTITY = "goods"


async def create_supermarket(
    session: AsyncSession, viewer: Viewer, region_code: str, name: str, now: dt.datetime
) -> Supermarket:
    found = await regions_repository.by_codes(session, [region_code])
    if not found or found[0].level not in SUPERMARKET_LEVELS:
        raise Refusal(
            RefusalCode.REGION_NOT_FOUND, "regionCode", "No township or village has this code."
        )
    if not administers(viewer, region_code):
        raise forbidden("open a supermarket in this region")
    check_name(name, "Name the supermarket.")
    supermarket = Supermarket(
        region_code=region_code, name=name.strip(), open=True, till_account_id=0
    )
    session.add(supermarket)
    await session.flush()
    spec = ledger.AccountSpec(accounts.supermarket_till_code(supermarket.id), ledger.Unit.POINTS)
    [till] = await ledger.create_accounts(session, [spec])
    supermarket.till_account_id = till.account.id
    await session.flush()
    fields = {"region_code": supermarket.region_code, "name": supermarket.name}
    await record_created(
        session, supermarket, entity=SUPERMARKET_ENTITY, viewer=viewer, at=now, fields=fields
    )
    return supermarket


def check_name(name: str, message: str) -> None:
    if not name.strip() or len(name.strip()) > NAME_LENGTH_MAX:
        limit = f" (at most {NAME_LENGTH_MAX} characters)"
        raise Refusal(RefusalCode.NAME_REQUIRED, "name", message[:-1] + limit + ".")


def check_unit_label(unit_label: str) -> None:
    if not unit_label.strip() or len(unit_label.strip()) > UNIT_LABEL_LENGTH_MAX:
        message = f"Name the unit counted (块, 袋…; at most {UNIT_LABEL_LENGTH_MAX} characters)."
        raise Refusal(RefusalCode.NAME_REQUIRED, "unitLabel", message)


async def _managed(session: AsyncSession, viewer: Viewer, supermarket_id: int) -> Supermarket:
    supermarket = await session.get(Supermarket, supermarket_id)
    if supermarket is None:
        raise Refusal(
            RefusalCode.SUPERMARKET_NOT_FOUND, "supermarketId", "No supermarket has this id."
        )
    if not administers(viewer, supermarket.region_code):
        raise forbidden("manage this supermarket")
    return supermarket


async def managed_supermarket(
    session: AsyncSession, viewer: Viewer, supermarket_id: int
) -> Supermarket:
    """The supermarket ``viewer`` manages (imports check it before reading its goods)."""
    return await _managed(session, viewer, supermarket_id)


@dataclass(frozen=True, slots=True)
class GoodsDraft:
    supermarket_id: int
    name: str
    unit_label: str
    price_points: int


async def add_goods(
    session: AsyncSession, viewer: Viewer, draft: GoodsDraft, now: dt.datetime
) -> Goods:
    supermarket = await _managed(session, viewer, draft.supermarket_id)
    _check_price(draft.price_points)
    check_name(draft.name, "Name the goods.")
    check_unit_label(draft.unit_label)
    if await repository.goods_by_name(session, supermarket.id, draft.name.strip()) is not None:
        raise Refusal(
            RefusalCode.GOODS_EXISTS, "name", "This supermarket already sells goods of this name."
        )
    goods = Goods(
        supermarket_id=supermarket.id, region_code=supermarket.region_code,
        name=draft.name.strip(), unit_label=draft.unit_label.strip(),
        price_points=draft.price_points, active=True,
        shelf_account_id=0, received_account_id=0, issued_account_id=0,
    )  # fmt: skip
    session.add(goods)
    await session.flush()
    unit = ledger.stock_unit(goods.id)
    shelf, received, issued = await ledger.create_accounts(
        session,
        [
            ledger.AccountSpec(
                accounts.goods_account_code(goods.id, "shelf"), unit,
                debits_must_not_exceed_credits=True,
            ),
            ledger.AccountSpec(accounts.goods_account_code(goods.id, "received"), unit),
            ledger.AccountSpec(accounts.goods_account_code(goods.id, "issued"), unit),
        ],
    )  # fmt: skip
    goods.shelf_account_id = shelf.account.id
    goods.received_account_id = received.account.id
    goods.issued_account_id = issued.account.id
    session.add(GoodsPrice(goods_id=goods.id, price_points=draft.price_points, effective_at=now,
                           set_by_user_id=viewer.user_id))  # fmt: skip
    await session.flush()
    fields = {
        "name": goods.name,
        "unit_label": goods.unit_label,
        "price_points": goods.price_points,
    }
    await record_created(session, goods, entity=GOODS_ENTITY, viewer=viewer, at=now, fields=fields)
    return goods


def _check_price(price_points: int) -> None:
    if not 1 <= price_points <= PRICE_POINTS_MAX:
        message = f"Prices range from 1 to {PRICE_POINTS_MAX} points."
        raise Refusal(RefusalCode.PRICE_INVALID, "pricePoints", message)


async def set_price(
    session: AsyncSession, viewer: Viewer, goods_id: int, price_points: int, now: dt.datetime
) -> Goods:
    """Change a price from now on; the old one stays in the history."""
    goods = await repository.lock_goods(session, goods_id)
    if goods is None:
        raise Refusal(RefusalCode.GOODS_NOT_FOUND, "goodsId", "No goods have this id.")
    await _managed(session, viewer, goods.supermarket_id)
    _check_price(price_points)
    goods.price_points = price_points
    session.add(GoodsPrice(goods_id=goods.id, price_points=price_points, effective_at=now,
                           set_by_user_id=viewer.user_id))  # fmt: skip
    await session.flush()
    return goods


@dataclass(frozen=True, slots=True)
class Delivery:
    goods_id: int
    quantity: int
    source: StockSource
    received_on: dt.date
    donor_name: str | None = None
    donor_kind: DonorKind | None = None
    note: str | None = None


async def receive_stock(session: AsyncSession, viewer: Viewer, delivery: Delivery) -> StockIn:
    """Put goods on the shelf: a ledger transfer from the goods' receiving account."""
    goods = await session.get(Goods, delivery.goods_id)
    if goods is None:
        raise Refusal(RefusalCode.GOODS_NOT_FOUND, "goodsId", "No goods have this id.")
    supermarket = await session.get(Supermarket, goods.supermarket_id)
    assert supermarket is not None
    if not (administers(viewer, supermarket.region_code) or cashier_of(viewer, supermarket.id)):
        raise forbidden("receive stock at this supermarket")
    if not supermarket.open:
        raise Refusal(RefusalCode.SUPERMARKET_CLOSED, "goodsId", "This supermarket is closed.")
    if not goods.active:
        raise Refusal(RefusalCode.GOODS_RETIRED, "goodsId", "These goods are retired.")
    if not 1 <= delivery.quantity <= QUANTITY_MAX:
        raise Refusal(RefusalCode.QUANTITY_INVALID, "quantity", f"From 1 to {QUANTITY_MAX} items.")
    if delivery.source is StockSource.DONATION and not (delivery.donor_name or "").strip():
        raise Refusal(
            RefusalCode.DONOR_REQUIRED, "donorName", "Donations are disclosed: name the donor."
        )
    transfer_id = uuid.uuid4()
    [result] = await ledger.create_transfers(
        session,
        [
            ledger.TransferSpec(
                id=transfer_id, debit_account_id=goods.received_account_id,
                credit_account_id=goods.shelf_account_id, amount=delivery.quantity,
                unit=ledger.stock_unit(goods.id), code=Reason.STOCK_IN,
                reference=f"goods:{goods.id}",
            )
        ],
    )  # fmt: skip
    assert result.ok, result
    stock_in = StockIn(
        supermarket_id=supermarket.id, goods_id=goods.id, quantity=delivery.quantity,
        source=delivery.source, donor_name=(delivery.donor_name or "").strip() or None,
        donor_kind=delivery.donor_kind, received_on=delivery.received_on, note=delivery.note,
        transfer_id=transfer_id, recorded_by_user_id=viewer.user_id,
    )  # fmt: skip
    session.add(stock_in)
    await session.flush()
    return stock_in
