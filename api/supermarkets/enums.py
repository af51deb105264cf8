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
