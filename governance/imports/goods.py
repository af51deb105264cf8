"""The goods list of love supermarkets (爱心超市商品): add goods, or change their price.

Keyed by supermarket and name: a row naming goods the supermarket already sells changes its
price (``setGoodsPrice``) when the price differs, and is left alone otherwise. The unit cannot
change on existing goods (receipts and stock are counted in it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.imports import cells
from governance.imports.runner import RowImporter, RowOutcome
from governance.imports.sheets import Column, Sheet
from governance.supermarkets import repository, service
from governance.supermarkets.models import NAME_LENGTH_MAX, UNIT_LABEL_LENGTH_MAX

GOODS = Sheet(
    name="goods",
    title="爱心超市商品",
    columns=(
        Column(
            "supermarket_id", "超市编号", "超市在系统中的编号（数字）", example="1",
            text=True, field="supermarketId",
        ),
        Column("name", "商品名称", "同一超市内不重名", example="食用油 5L"),
        Column("unit_label", "单位", "块、袋、桶……", example="桶"),
        Column("price_points", "兑换积分", "兑换一件所需积分（正整数）", example="50",
               field="pricePoints"),
    ),
    notes=("已有的商品（同一超市、同名）只更新兑换积分；单位不能修改。",),
    keys=("supermarket_id", "name"),
)  # fmt: skip


class GoodsImporter(RowImporter):
    sheet = GOODS

    async def apply_row(
        self, session: AsyncSession, viewer: Viewer, values: Mapping[str, Any], now: dt.datetime
    ) -> RowOutcome:
        draft = service.GoodsDraft(
            supermarket_id=cells.whole_number(values, "supermarket_id"),
            name=cells.text(values, "name", NAME_LENGTH_MAX),
            unit_label=cells.text(values, "unit_label", UNIT_LABEL_LENGTH_MAX),
            price_points=cells.whole_number(values, "price_points"),
        )
        await service.managed_supermarket(session, viewer, draft.supermarket_id)
        existing = await repository.goods_by_name(session, draft.supermarket_id, draft.name)
        if existing is None:
            await service.add_goods(session, viewer, draft, now)
            return RowOutcome.NEW
        if existing.unit_label != draft.unit_label:
            reason = f"the unit of existing goods stays {existing.unit_label!r}"
            raise cells.CellProblem("unit_label", reason)
        if existing.price_points == draft.price_points:
            return RowOutcome.UNCHANGED
        await service.set_price(session, viewer, existing.id, draft.price_points, now)
        return RowOutcome.CHANGED
