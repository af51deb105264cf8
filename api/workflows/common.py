"""Shared GraphQL pieces of the workflows: the level enum, refusals as userErrors, scoping."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from governance.workflows.common import Level as LevelValue


@strawberry.enum(description="Administrative level a matter is handled at, lowest first.")
class GovernanceLevel(Enum):
    GRID = strawberry.enum_value(LevelValue.GRID, description="The grid (网格).")
    VILLAGE = strawberry.enum_value(
        LevelValue.VILLAGE, description="The village or community (村/社区)."
    )
    TOWNSHIP = strawberry.enum_value(
        LevelValue.TOWNSHIP, description="The town, township or subdistrict (乡镇/街道)."
    )
    COUNTY = strawberry.enum_value(LevelValue.COUNTY, description="The county (县).")


def values_of(domain_enum: type[Any], members: list[Any] | None) -> tuple[Any, ...]:
    """GraphQL enum members → the domain enum's members (same names)."""
    return tuple(domain_enum[member.name] for member in members or ())
