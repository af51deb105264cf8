"""GraphQL enums of the supermarkets, mirroring ``governance.supermarkets.models``."""

from __future__ import annotations

from enum import Enum

import strawberry

from governance.supermarkets import models as m


@strawberry.enum(description="Where stock came from.")
class StockSource(Enum):
    DONATION = strawberry.enum_value(
        m.StockSource.DONATION, description="Donated (the donor is disclosed)."
    )
    PURCHASE = strawberry.enum_value(m.StockSource.PURCHASE, description="Bought.")
    GOVERNMENT = strawberry.enum_value(
        m.StockSource.GOVERNMENT, description="Allocated by the government."
    )


@strawberry.enum(description="Who donated.")
class DonorKind(Enum):
    COMPANY = strawberry.enum_value(m.DonorKind.COMPANY, description="A company.")
    INDIVIDUAL = strawberry.enum_value(m.DonorKind.INDIVIDUAL, description="A person.")
    GOVERNMENT = strawberry.enum_value(m.DonorKind.GOVERNMENT, description="A government body.")
    ORGANIZATION = strawberry.enum_value(
        m.DonorKind.ORGANIZATION, description="A social organization."
    )


@strawberry.enum(description="What a stock adjustment was.")
class StockAdjustmentKind(Enum):
    WRITE_OFF = strawberry.enum_value(
        m.StockAdjustmentKind.WRITE_OFF, description="Items taken off the shelf for a reason."
    )
    STOCKTAKE = strawberry.enum_value(
        m.StockAdjustmentKind.STOCKTAKE,
        description="A count: the difference written off (short) or found (over).",
    )


@strawberry.enum(description="Why stock was adjusted.")
class StockAdjustmentReason(Enum):
    DAMAGED = strawberry.enum_value(m.StockAdjustmentReason.DAMAGED, description="损坏.")
    EXPIRED = strawberry.enum_value(m.StockAdjustmentReason.EXPIRED, description="过期.")
    LOST = strawberry.enum_value(m.StockAdjustmentReason.LOST, description="丢失.")
    COUNT_DIFFERENCE = strawberry.enum_value(
        m.StockAdjustmentReason.COUNT_DIFFERENCE, description="盘点差异 (stocktakes only)."
    )
    OTHER = strawberry.enum_value(
        m.StockAdjustmentReason.OTHER, description="Another reason, told in the note."
    )
