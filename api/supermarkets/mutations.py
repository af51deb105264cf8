"""Mutations of the supermarkets: opening one, goods and prices, stock-in, redemption, return."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import BadUserInput
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from api.supermarkets.enums import DonorKind, StockSource
from api.supermarkets.types import Goods, Receipt, Supermarket
from governance.supermarkets import models as rows
from governance.supermarkets import redemption, returns, service, stock
from governance.supermarkets.redemption import LINES_MAX

ERRORS = "Why it was refused (empty on success); nothing was changed."


@strawberry.input(description="A supermarket to open.")
class CreateSupermarketInput:
    region_code: str = strawberry.field(description="The township or village it serves.")
    name: str = strawberry.field(description="Its name.")


@strawberry.type(description="Result of `createSupermarket`.")
class CreateSupermarketPayload:
    supermarket: Supermarket | None = strawberry.field(description="The new supermarket.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="Goods to offer.")
class AddGoodsInput:
    supermarket_id: relay.GlobalID = strawberry.field(description="The Supermarket.")
    name: str = strawberry.field(description="Name, unique in the supermarket.")
    unit_label: str = strawberry.field(description="Unit counted: 块, 袋, 桶…")
    price_points: int = strawberry.field(description="Price in points (1–100000).")


@strawberry.type(
    description="Result of `addGoods`, `setGoodsPrice` and `setGoodsLowStockThreshold`."
)
class GoodsPayload:
    goods: Goods | None = strawberry.field(description="The goods.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A new price, from now on (the old one stays in the history).")
class SetGoodsPriceInput:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    price_points: int = strawberry.field(description="Price in points (1–100000).")


@strawberry.input(description="The stock at or below which goods read as low (`Goods.lowStock`).")
class SetGoodsLowStockThresholdInput:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    low_stock_threshold: int | None = strawberry.field(
        description="Items (0–10000); null clears it (no warning)."
    )


@strawberry.input(description="Stock received.")
class ReceiveStockInput:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    quantity: int = strawberry.field(description="Items (1–10000).")
    source: StockSource = strawberry.field(description="Donation, purchase or government.")
    received_on: dt.date = strawberry.field(description="Day received.")
    donor_name: str | None = strawberry.field(default=None, description="Required for donations.")
    donor_kind: DonorKind | None = strawberry.field(default=None, description="Kind of donor.")
    note: str | None = strawberry.field(default=None, description="Free note (≤ 500).")


@strawberry.type(description="Result of `receiveStock`.")
class ReceiveStockPayload:
    goods: Goods | None = strawberry.field(description="The goods, with its new stock.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="One line of a sale.")
class RedeemLineInput:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    quantity: int = strawberry.field(description="Items (1–10000).")


@strawberry.input(description="A sale at the till.")
class RedeemPointsInput:
    supermarket_id: relay.GlobalID = strawberry.field(description="Your Supermarket.")
    account_id: relay.GlobalID = strawberry.field(description="The PointsAccount paying.")
    lines: list[RedeemLineInput] = strawberry.field(
        description=f"Goods and quantities (1–{LINES_MAX} lines, each goods once)."
    )
    idempotency_key: str = strawberry.field(
        description="Chosen by the till, new per sale (≤ 64 characters): a retry with the "
        "same key and lines returns the same receipt and never charges twice."
    )


@strawberry.type(description="Result of `redeemPoints`.")
class RedeemPointsPayload:
    receipt: Receipt | None = strawberry.field(description="The receipt; null if refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="One receipt line brought back.")
class ReturnLineInput:
    line_number: int = strawberry.field(description="The receipt line.")
    quantity: int = strawberry.field(description="Items brought back.")


@strawberry.input(description="Goods brought back, wholly or by lines.")
class ReturnGoodsInput:
    receipt_id: relay.GlobalID = strawberry.field(description="The Receipt.")
    lines: list[ReturnLineInput] | None = strawberry.field(
        default=None, description="Lines and quantities; null returns everything remaining."
    )
    idempotency_key: str = strawberry.field(
        description="Chosen by the till, new per return (≤ 64 characters)."
    )


@strawberry.type(description="Result of `returnGoods`.")
class ReturnGoodsPayload:
    receipt: Receipt | None = strawberry.field(description="The receipt as it now stands.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _sale(input: RedeemPointsInput) -> redemption.Sale:
    if len(input.lines) > LINES_MAX:
        raise BadUserInput(f"At most {LINES_MAX} lines.")
    return redemption.Sale(
        supermarket_id=decode_global_id(input.supermarket_id, "Supermarket", "supermarketId"),
        holder_id=decode_global_id(input.account_id, "PointsAccount", "accountId"),
        lines=[
            redemption.SaleLine(decode_global_id(line.goods_id, "Goods", "goodsId"), line.quantity)
            for line in input.lines
        ],
        idempotency_key=input.idempotency_key,
    )


@strawberry.type
class SupermarketMutations:
    @strawberry.mutation(
        description="Open a supermarket (admins of its region). Codes: REGION_NOT_FOUND, "
        "FORBIDDEN, NAME_REQUIRED, UNAUTHENTICATED."
    )
    async def create_supermarket(
        self,
        info: Info,
        input: Annotated[
            CreateSupermarketInput, strawberry.argument(description="The supermarket.")
        ],
    ) -> CreateSupermarketPayload:
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: service.create_supermarket(s, viewer, input.region_code, input.name, now),
        )
        return CreateSupermarketPayload(
            supermarket=Supermarket.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Offer goods (admins of the supermarket's region). Codes: "
        "SUPERMARKET_NOT_FOUND, FORBIDDEN, PRICE_INVALID, NAME_REQUIRED, GOODS_EXISTS, "
        "UNAUTHENTICATED."
    )
    async def add_goods(
        self,
        info: Info,
        input: Annotated[AddGoodsInput, strawberry.argument(description="The goods.")],
    ) -> GoodsPayload:
        draft = service.GoodsDraft(
            decode_global_id(input.supermarket_id, "Supermarket", "supermarketId"),
            input.name, input.unit_label, input.price_points,
        )  # fmt: skip
        context = info.context
        row, errors = await run_mutation(
            info, lambda s: service.add_goods(s, context.viewer, draft, context.clock.now())
        )
        return GoodsPayload(goods=Goods.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(
        description="Change a price (admins). Codes: GOODS_NOT_FOUND, FORBIDDEN, PRICE_INVALID, "
        "UNAUTHENTICATED."
    )
    async def set_goods_price(
        self,
        info: Info,
        input: Annotated[SetGoodsPriceInput, strawberry.argument(description="The price.")],
    ) -> GoodsPayload:
        goods_id = decode_global_id(input.goods_id, "Goods", "goodsId")
        context = info.context
        row, errors = await run_mutation(
            info,
            lambda s: service.set_price(
                s, context.viewer, goods_id, input.price_points, context.clock.now()
            ),
        )
        return GoodsPayload(goods=Goods.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(
        description="Set or clear the low-stock threshold of goods (admins of the supermarket's "
        "region, or its cashiers). Codes: GOODS_NOT_FOUND, FORBIDDEN, QUANTITY_INVALID, "
        "UNAUTHENTICATED."
    )
    async def set_goods_low_stock_threshold(
        self,
        info: Info,
        input: Annotated[
            SetGoodsLowStockThresholdInput, strawberry.argument(description="The threshold.")
        ],
    ) -> GoodsPayload:
        goods_id = decode_global_id(input.goods_id, "Goods", "goodsId")
        viewer, threshold = info.context.viewer, input.low_stock_threshold
        row, errors = await run_mutation(
            info,
            lambda s: stock.set_low_stock_threshold(s, viewer, goods_id, threshold),
            target=f"Goods:{goods_id}",
        )
        return GoodsPayload(goods=Goods.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(
        description="Put received stock on the shelf (admins, or the supermarket's cashier). "
        "Codes: GOODS_NOT_FOUND, FORBIDDEN, SUPERMARKET_CLOSED, GOODS_RETIRED, QUANTITY_INVALID, "
        "DONOR_REQUIRED, UNAUTHENTICATED."
    )
    async def receive_stock(
        self,
        info: Info,
        input: Annotated[ReceiveStockInput, strawberry.argument(description="The delivery.")],
    ) -> ReceiveStockPayload:
        delivery = service.Delivery(
            goods_id=decode_global_id(input.goods_id, "Goods", "goodsId"),
            quantity=input.quantity, source=rows.StockSource[input.source.name],
            received_on=input.received_on, donor_name=input.donor_name,
            donor_kind=rows.DonorKind[input.donor_kind.name] if input.donor_kind else None,
            note=input.note,
        )  # fmt: skip
        viewer = info.context.viewer
        row, errors = await run_mutation(info, lambda s: service.receive_stock(s, viewer, delivery))
        if row is None:
            return ReceiveStockPayload(goods=None, user_errors=errors)
        goods = await info.context.loaders.supermarkets.goods.load(row.goods_id)
        return ReceiveStockPayload(goods=Goods.from_row(goods), user_errors=[])

    @strawberry.mutation(
        description="Redeem points for goods (cashiers of this supermarket): the points and the "
        "stock move together, or nothing changes. Codes: IDEMPOTENCY_KEY_INVALID, "
        "IDEMPOTENCY_KEY_REUSED, LINES_INVALID, DUPLICATE_GOODS, QUANTITY_INVALID, FORBIDDEN, "
        "SUPERMARKET_NOT_FOUND, SUPERMARKET_CLOSED, HOLDER_NOT_FOUND, HOLDER_NOT_SERVED, "
        "ACCOUNT_CLOSED, GOODS_NOT_FOUND, GOODS_RETIRED, INSUFFICIENT_POINTS, INSUFFICIENT_STOCK, "
        "UNAUTHENTICATED."
    )
    async def redeem_points(
        self,
        info: Info,
        input: Annotated[RedeemPointsInput, strawberry.argument(description="The sale.")],
    ) -> RedeemPointsPayload:
        sale = _sale(input)
        viewer, now = info.context.viewer, info.context.clock.now()
        view, errors = await run_mutation(
            info, lambda s: redemption.redeem(s, viewer, sale, now), savepoint=False
        )
        return RedeemPointsPayload(
            receipt=Receipt.from_view(view) if view else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Take goods back and refund their points (cashiers of the receipt's "
        "supermarket). Codes: IDEMPOTENCY_KEY_INVALID, RECEIPT_NOT_FOUND, LINE_NOT_FOUND, "
        "QUANTITY_INVALID, NOTHING_TO_RETURN, ACCOUNT_CLOSED, UNAUTHENTICATED."
    )
    async def return_goods(
        self,
        info: Info,
        input: Annotated[ReturnGoodsInput, strawberry.argument(description="The return.")],
    ) -> ReturnGoodsPayload:
        request = returns.ReturnRequest(
            receipt_id=decode_global_id(input.receipt_id, "Receipt", "receiptId"),
            idempotency_key=input.idempotency_key,
            lines=[returns.ReturnLine(line.line_number, line.quantity) for line in input.lines]
            if input.lines is not None
            else None,
        )
        viewer = info.context.viewer
        view, errors = await run_mutation(info, lambda s: returns.return_goods(s, viewer, request))
        return ReturnGoodsPayload(
            receipt=Receipt.from_view(view) if view else None, user_errors=errors
        )
