"""Ordering shared by every list: a direction, and each list's own field enum."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="Smallest (or earliest, or A) first.")
    DESC = strawberry.enum_value("DESC", description="Largest (or latest, or Z) first.")
