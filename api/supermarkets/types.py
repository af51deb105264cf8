"""GraphQL types of the supermarkets."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.catalog_history import HISTORY_DESCRIPTION, VERSION_DESCRIPTION, catalog_history
from api.common import Region, region_by_code
from api.context import Info
from api.history import RecordChange
from api.listing import window_for
from api.pagination import PAGE_SIZE_MAX, Connection, PageRequest, connection_field
from api.row_node import RowNode, rows_from
from api.supermarkets.enums import (
    DonorKind,
    StockAdjustmentKind,
    StockAdjustmentReason,
    StockSource,
)
from governance.supermarkets import models as rows
from governance.supermarkets import stock as stock_rules
from governance.supermarkets.redemption import ReceiptView, receipt_number
from governance.supermarkets.service import GOODS_ENTITY, SUPERMARKET_ENTITY

ADJUSTMENTS_PER_GOODS_MAX = 100  # as api.supermarkets.dataloaders reads them
IN_ORDER = ("id",)
BY_EFFECTIVE_AT = ("effective_at", "id")


@strawberry.type(description="A price a goods had, from an instant on.")
class GoodsPrice:
    price_points: int = strawberry.field(description="Price in points.")
    effective_at: dt.datetime = strawberry.field(description="From when.")

    @classmethod
    def from_row(cls, row: rows.GoodsPrice) -> GoodsPrice:
        return cls(price_points=row.price_points, effective_at=row.effective_at)


@strawberry.type(
    description="Stock written off or found by a stocktake: a ledger transfer between the "
    "shelf and the goods' adjusted account, never a deletion."
)
class StockAdjustment:
    id: relay.GlobalID = strawberry.field(description="Global id.")
    kind: StockAdjustmentKind = strawberry.field(description="Write-off or stocktake.")
    reason: StockAdjustmentReason = strawberry.field(description="Why.")
    quantity: int = strawberry.field(
        description="Items onto (+, found) or off (−, written off) the shelf; 0: the count matched."
    )
    shelf_before: int = strawberry.field(description="Items on the shelf just before.")
    counted_quantity: int | None = strawberry.field(description="Items counted (stocktakes).")
    note: str | None = strawberry.field(description="What happened.")
    recorded_at: dt.datetime = strawberry.field(description="When it was recorded.")

    @classmethod
    def from_row(cls, row: rows.StockAdjustment) -> StockAdjustment:
        return cls(
            id=relay.GlobalID("StockAdjustment", str(row.id)),
            kind=StockAdjustmentKind(row.kind), reason=StockAdjustmentReason(row.reason),
            quantity=row.quantity, shelf_before=row.shelf_before,
            counted_quantity=row.counted_quantity, note=row.note, recorded_at=row.recorded_at,
        )  # fmt: skip


@strawberry.type(description="Goods a supermarket gives for points.")
class Goods(RowNode):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name, e.g. 大米 10斤.")
    unit_label: str = strawberry.field(description="Unit counted: 块, 袋, 桶…")
    price_points: int = strawberry.field(description="Current price in points.")
    active: bool = strawberry.field(
        description="Whether it can be redeemed and restocked (false: retired)."
    )
    ended_on: dt.date | None = strawberry.field(
        description="The county day it was retired; null while offered."
    )
    version: int = strawberry.field(description=VERSION_DESCRIPTION)
    low_stock_threshold: int | None = strawberry.field(
        description="Items at or below which it reads as low on stock (`lowStock`); null: no "
        "warning. Set with `setGoodsLowStockThreshold`."
    )
    shelf_account_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: rows.Goods) -> Goods:
        return cls(
            id=row.id, name=row.name, unit_label=row.unit_label, price_points=row.price_points,
            active=row.active, low_stock_threshold=row.low_stock_threshold,
            ended_on=row.ended_on, version=row.version,
            shelf_account_id=row.shelf_account_id,
        )  # fmt: skip

    rows_by_id = rows_from(lambda loaders: loaders.supermarkets.goods)

    @strawberry.field(description=HISTORY_DESCRIPTION)
    async def history(self, info: Info) -> list[RecordChange]:
        return await catalog_history(info, GOODS_ENTITY, self.id)

    @strawberry.field(
        description="Write-offs and stocktakes, newest first "
        f"(at most {ADJUSTMENTS_PER_GOODS_MAX})."
    )
    async def stock_adjustments(self, info: Info) -> list[StockAdjustment]:
        found = await info.context.loaders.supermarkets.adjustments.load(self.id)
        return [StockAdjustment.from_row(row) for row in found]

    @strawberry.field(description="Items on the shelf (the ledger's stock account).")
    async def stock(self, info: Info) -> int:
        return await info.context.loaders.supermarkets.stock.load(self.id)

    @strawberry.field(
        description="Whether the stock is at or below `lowStockThreshold` (false without one)."
    )
    async def low_stock(self, info: Info) -> bool:
        on_shelf = await info.context.loaders.supermarkets.stock.load(self.id)
        return stock_rules.is_low(on_shelf, self.low_stock_threshold)

    @connection_field(
        description=f"Price history, newest first. Page size at most {PAGE_SIZE_MAX}."
    )
    async def price_history(self, info: Info, page: PageRequest) -> Connection[GoodsPrice]:
        window = window_for(page, rows.GoodsPrice, BY_EFFECTIVE_AT, descending=True)
        pages = info.context.loaders.supermarkets.prices_of
        return await pages.connection(self.id, None, window, page, GoodsPrice.from_row)


@strawberry.type(description="Stock received: a donation (donor disclosed) or a purchase.")
class StockIn:
    quantity: int = strawberry.field(description="Items received.")
    source: StockSource = strawberry.field(description="Donation, purchase or government.")
    donor_name: str | None = strawberry.field(description="The donor (donations).")
    donor_kind: DonorKind | None = strawberry.field(description="What kind of donor.")
    received_on: dt.date = strawberry.field(description="Day received.")
    goods_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: rows.StockIn) -> StockIn:
        return cls(
            quantity=row.quantity, source=StockSource(row.source), donor_name=row.donor_name,
            donor_kind=DonorKind(row.donor_kind) if row.donor_kind else None,
            received_on=row.received_on, goods_id=row.goods_id,
        )  # fmt: skip

    @strawberry.field(description="The goods received.")
    async def goods_name(self, info: Info) -> str:
        goods = await info.context.loaders.supermarkets.goods.load(self.goods_id)
        return goods.name if goods else ""


@strawberry.type(description="A poverty-relief love supermarket (爱心超市).")
class Supermarket(RowNode):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name.")
    open: bool = strawberry.field(
        description="Whether it redeems points and takes stock now (false: closed)."
    )
    ended_on: dt.date | None = strawberry.field(
        description="The county day it closed; null while open."
    )
    version: int = strawberry.field(description=VERSION_DESCRIPTION)
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: rows.Supermarket) -> Supermarket:
        return cls(
            id=row.id, name=row.name, open=row.open, ended_on=row.ended_on, version=row.version,
            region_code=row.region_code,
        )  # fmt: skip

    rows_by_id = rows_from(lambda loaders: loaders.supermarkets.supermarkets)

    @strawberry.field(description=HISTORY_DESCRIPTION)
    async def history(self, info: Info) -> list[RecordChange]:
        return await catalog_history(info, SUPERMARKET_ENTITY, self.id)

    @strawberry.field(description="The township or village it belongs to (and serves).")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @connection_field(description=f"Its goods, as added. Page size at most {PAGE_SIZE_MAX}.")
    async def goods(self, info: Info, page: PageRequest) -> Connection[Goods]:
        window = window_for(page, rows.Goods, IN_ORDER)
        pages = info.context.loaders.supermarkets.goods_of
        return await pages.connection(self.id, None, window, page, Goods.from_row)

    @strawberry.field(
        description="Its goods with their stock, by id, for the shelf and the order book "
        f"(public, like the goods; at most {stock_rules.STOCK_LEVELS_MAX}). `lowStockOnly`: "
        "only goods at or below their `lowStockThreshold`."
    )
    async def stock_levels(
        self,
        info: Info,
        low_stock_only: Annotated[
            bool, strawberry.argument(description="Only goods low on stock.")
        ] = False,
    ) -> list[Goods]:
        limit = stock_rules.STOCK_LEVELS_MAX
        found = await info.context.read(
            lambda s: stock_rules.stock_levels(s, self.id, low_only=low_stock_only, limit=limit)
        )
        loader = info.context.loaders.supermarkets.stock
        for level in found:
            loader.prime(level.goods.id, level.stock)
        return [Goods.from_row(level.goods) for level in found]

    @connection_field(
        description="Stock received, newest first: donations are public. Page size at most "
        f"{PAGE_SIZE_MAX}."
    )
    async def stock_ins(self, info: Info, page: PageRequest) -> Connection[StockIn]:
        window = window_for(page, rows.StockIn, IN_ORDER, descending=True)
        pages = info.context.loaders.supermarkets.stock_ins_of
        return await pages.connection(self.id, None, window, page, StockIn.from_row)


@strawberry.type(description="One line of a receipt.")
class ReceiptLine:
    line_number: int = strawberry.field(description="From 1, in the order given.")
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    goods_name: str = strawberry.field(description="Its name at the time.")
    quantity: int = strawberry.field(description="Items taken.")
    unit_price_points: int = strawberry.field(description="Price per item when sold.")
    amount_points: int = strawberry.field(description="quantity × unitPricePoints.")
    returned_quantity: int = strawberry.field(description="Items brought back since.")


@strawberry.type(description="A redemption receipt (兑换小票).")
class Receipt:
    id: relay.GlobalID = strawberry.field(description="Global id (for `returnGoods`).")
    number: str = strawberry.field(description="Printed number: supermarket-sequence.")
    total_points: int = strawberry.field(description="Points paid.")
    balance_after_points: int = strawberry.field(
        description="The account's available points just after the sale."
    )
    returned_points: int = strawberry.field(description="Points given back by returns.")
    created_at: dt.datetime = strawberry.field(description="When it was sold.")
    lines: list[ReceiptLine] = strawberry.field(description="What was taken.")

    @classmethod
    def from_view(cls, view: ReceiptView) -> Receipt:
        lines = [
            ReceiptLine(
                line_number=line.line_number, goods_id=relay.GlobalID("Goods", str(line.goods_id)),
                goods_name=line.goods_name, quantity=line.quantity,
                unit_price_points=line.unit_price_points, amount_points=line.amount_points,
                returned_quantity=line.returned_quantity,
            )
            for line in view.lines
        ]  # fmt: skip
        return cls(
            id=relay.GlobalID("Receipt", str(view.id)),
            number=receipt_number(view.supermarket_id, view.id),
            total_points=view.total_points, balance_after_points=view.balance_after_points,
            returned_points=view.returned_points, created_at=view.created_at, lines=lines,
        )  # fmt: skip
