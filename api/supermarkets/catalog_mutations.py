"""Mutations keeping supermarkets and goods current (rename, close, reopen, retire) and their
stock true (write-off, stocktake). Each converts its input to the request dataclass of
``governance.supermarkets.catalog`` or ``.stock`` and runs it through ``run_mutation``."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from api.supermarkets.enums import StockAdjustmentReason
from api.supermarkets.types import Goods, StockAdjustment, Supermarket
from governance.bank.catalog import REASON_LENGTH_MAX, Ending
from governance.supermarkets import adjustments, catalog
from governance.supermarkets import models as rows

ERRORS = "Why it was refused (empty on success); nothing was changed."
EXPECTED_VERSION = "The `version` you read: a stale one is refused (STALE_VERSION)."
REASON = f"Why (at most {REASON_LENGTH_MAX} characters); kept in the history."


@strawberry.input(description="A supermarket's name, corrected.")
class ChangeSupermarketInput:
    supermarket_id: relay.GlobalID = strawberry.field(description="The Supermarket.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    name: str = strawberry.field(description=f"Its name (≤ {rows.NAME_LENGTH_MAX}).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="A supermarket to close today.")
class CloseSupermarketInput:
    supermarket_id: relay.GlobalID = strawberry.field(description="The Supermarket.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str = strawberry.field(description=REASON + " Required.")


@strawberry.input(description="A closed supermarket to open again.")
class ReopenSupermarketInput:
    supermarket_id: relay.GlobalID = strawberry.field(description="The Supermarket.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str = strawberry.field(description=REASON + " Required.")


@strawberry.type(
    description="Result of `changeSupermarket`, `closeSupermarket` and `reopenSupermarket`."
)
class SupermarketPayload:
    supermarket: Supermarket | None = strawberry.field(description="The supermarket.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A goods' name and unit, corrected (prices: `setGoodsPrice`).")
class ChangeGoodsInput:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    name: str = strawberry.field(description="Name, unique in the supermarket.")
    unit_label: str = strawberry.field(description="Unit counted: 块, 袋, 桶…")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="Goods to retire today.")
class RetireGoodsInput:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str = strawberry.field(description=REASON + " Required.")


@strawberry.type(description="Result of `changeGoods` and `retireGoods`.")
class ChangedGoodsPayload:
    goods: Goods | None = strawberry.field(description="The goods.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="Items taken off the shelf, and why.")
class WriteOffStockInput:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    quantity: int = strawberry.field(
        description=f"Items (1–{rows.QUANTITY_MAX}), at most what the shelf holds."
    )
    reason: StockAdjustmentReason = strawberry.field(
        description="DAMAGED, EXPIRED, LOST or OTHER (then say what in `note`)."
    )
    note: str | None = strawberry.field(
        default=None, description=f"What happened (≤ {rows.NOTE_LENGTH_MAX})."
    )


@strawberry.input(description="A count of the shelf.")
class CountStockInput:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    counted_quantity: int = strawberry.field(description=f"Items counted (0–{rows.QUANTITY_MAX}).")
    note: str | None = strawberry.field(
        default=None, description=f"Remarks (≤ {rows.NOTE_LENGTH_MAX})."
    )


@strawberry.type(description="Result of `writeOffStock` and `countStock`.")
class StockAdjustmentPayload:
    adjustment: StockAdjustment | None = strawberry.field(description="What was recorded.")
    goods: Goods | None = strawberry.field(description="The goods, with their stock now.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _supermarket_ending(input: CloseSupermarketInput | ReopenSupermarketInput) -> Ending:
    supermarket_id = decode_global_id(input.supermarket_id, "Supermarket", "supermarketId")
    return Ending(supermarket_id, input.expected_version, input.reason)


@strawberry.type
class SupermarketCatalogMutations:
    @strawberry.mutation(
        description="Rename a supermarket (admins of its region). Codes: SUPERMARKET_NOT_FOUND "
        "(also: not in your regions), STALE_VERSION, NAME_REQUIRED, NOTE_TOO_LONG, "
        "UNAUTHENTICATED."
    )
    async def change_supermarket(
        self,
        info: Info,
        input: Annotated[ChangeSupermarketInput, strawberry.argument(description="The change.")],
    ) -> SupermarketPayload:
        change = catalog.SupermarketChange(
            decode_global_id(input.supermarket_id, "Supermarket", "supermarketId"),
            input.expected_version, input.name, input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.change_supermarket(s, viewer, change, now),
            target=f"supermarket:{change.supermarket_id}",
        )
        return SupermarketPayload(
            supermarket=Supermarket.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Close a supermarket today: it refuses sales and stock-ins "
        "(SUPERMARKET_CLOSED) until reopened; receipts, returns and stock counts go on "
        "(admins of its region). Codes: SUPERMARKET_NOT_FOUND (also: not in your regions), "
        "STALE_VERSION, SUPERMARKET_CLOSED, REASON_REQUIRED, NOTE_TOO_LONG, UNAUTHENTICATED."
    )
    async def close_supermarket(
        self,
        info: Info,
        input: Annotated[CloseSupermarketInput, strawberry.argument(description="What closes.")],
    ) -> SupermarketPayload:
        ending = _supermarket_ending(input)
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.close_supermarket(s, viewer, ending, now),
            target=f"supermarket:{ending.row_id}",
        )
        return SupermarketPayload(
            supermarket=Supermarket.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Reopen a closed supermarket; the closing stays in its history (admins of "
        "its region). Codes: SUPERMARKET_NOT_FOUND (also: not in your regions), "
        "STALE_VERSION, SUPERMARKET_OPEN, REASON_REQUIRED, NOTE_TOO_LONG, UNAUTHENTICATED."
    )
    async def reopen_supermarket(
        self,
        info: Info,
        input: Annotated[ReopenSupermarketInput, strawberry.argument(description="What opens.")],
    ) -> SupermarketPayload:
        ending = _supermarket_ending(input)
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.reopen_supermarket(s, viewer, ending, now),
            target=f"supermarket:{ending.row_id}",
        )
        return SupermarketPayload(
            supermarket=Supermarket.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Correct a goods' name or unit (admins of the supermarket's region). "
        "The unit changes only while the goods were never stocked. Codes: GOODS_NOT_FOUND "
        "(also: not in your regions), STALE_VERSION, NAME_REQUIRED, GOODS_EXISTS, "
        "UNIT_IN_USE, NOTE_TOO_LONG, UNAUTHENTICATED."
    )
    async def change_goods(
        self,
        info: Info,
        input: Annotated[ChangeGoodsInput, strawberry.argument(description="The change.")],
    ) -> ChangedGoodsPayload:
        change = catalog.GoodsChange(
            decode_global_id(input.goods_id, "Goods", "goodsId"), input.expected_version,
            input.name, input.unit_label, input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.change_goods(s, viewer, change, now),
            target=f"goods:{change.goods_id}",
        )
        return ChangedGoodsPayload(goods=Goods.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(
        description="Retire goods today: no new sales or stock-ins (GOODS_RETIRED); receipts "
        "keep them, returns of goods already sold are taken, the shelf can still be written "
        "off or counted (admins of the supermarket's region). Codes: GOODS_NOT_FOUND (also: "
        "not in your regions), STALE_VERSION, ALREADY_ENDED, REASON_REQUIRED, NOTE_TOO_LONG, "
        "UNAUTHENTICATED."
    )
    async def retire_goods(
        self,
        info: Info,
        input: Annotated[RetireGoodsInput, strawberry.argument(description="What retires.")],
    ) -> ChangedGoodsPayload:
        goods_id = decode_global_id(input.goods_id, "Goods", "goodsId")
        ending = Ending(goods_id, input.expected_version, input.reason)
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.retire_goods(s, viewer, ending, now),
            target=f"goods:{ending.row_id}",
        )
        return ChangedGoodsPayload(goods=Goods.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(
        description="Write stock off (damaged, expired, lost…): a ledger transfer from the "
        "shelf to the goods' adjusted account, never a deletion (admins of the supermarket's "
        "region, or its cashiers). Codes: GOODS_NOT_FOUND, FORBIDDEN, QUANTITY_INVALID, "
        "INSUFFICIENT_STOCK, REASON_REQUIRED, NOTE_TOO_LONG, UNAUTHENTICATED."
    )
    async def write_off_stock(
        self,
        info: Info,
        input: Annotated[WriteOffStockInput, strawberry.argument(description="The write-off.")],
    ) -> StockAdjustmentPayload:
        request = adjustments.WriteOff(
            decode_global_id(input.goods_id, "Goods", "goodsId"), input.quantity,
            rows.StockAdjustmentReason[input.reason.name], input.note,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: adjustments.write_off(s, viewer, request, now),
            target=f"goods:{request.goods_id}",
        )
        return await _adjusted(info, row, errors)

    @strawberry.mutation(
        description="Record a stocktake: the difference between the count and the shelf is "
        "written off (short) or found (over), as a ledger transfer; a matching count is "
        "recorded too (admins of the supermarket's region, or its cashiers). Codes: "
        "GOODS_NOT_FOUND, FORBIDDEN, QUANTITY_INVALID, INSUFFICIENT_STOCK, NOTE_TOO_LONG, "
        "UNAUTHENTICATED."
    )
    async def count_stock(
        self,
        info: Info,
        input: Annotated[CountStockInput, strawberry.argument(description="The count.")],
    ) -> StockAdjustmentPayload:
        request = adjustments.Stocktake(
            decode_global_id(input.goods_id, "Goods", "goodsId"), input.counted_quantity,
            input.note,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: adjustments.count_stock(s, viewer, request, now),
            target=f"goods:{request.goods_id}",
        )
        return await _adjusted(info, row, errors)


async def _adjusted(
    info: Info, row: rows.StockAdjustment | None, errors: list[UserError]
) -> StockAdjustmentPayload:
    if row is None:
        return StockAdjustmentPayload(adjustment=None, goods=None, user_errors=errors)
    goods = await info.context.loaders.supermarkets.goods.load(row.goods_id)
    return StockAdjustmentPayload(
        adjustment=StockAdjustment.from_row(row), goods=Goods.from_row(goods), user_errors=[]
    )
