"""Enums of the region tree, shared by every area that filters by level."""

from __future__ import annotations

from enum import Enum

import strawberry

from governance.regions.codes import RegionLevel as RegionLevelValue
from governance.regions.models import RegionKind as RegionKindValue


@strawberry.enum(description="Level of a region in the tree (a county's, or a province's).")
class RegionLevel(Enum):
    PROVINCE = strawberry.enum_value(
        RegionLevelValue.PROVINCE,
        description="Province (省), 2 digits: the root when a whole province is loaded.",
    )
    CITY = strawberry.enum_value(
        RegionLevelValue.CITY, description="City (地级市), 4 digits: between province and county."
    )
    COUNTY = strawberry.enum_value(RegionLevelValue.COUNTY, description="County (县), 6 digits.")
    TOWNSHIP = strawberry.enum_value(
        RegionLevelValue.TOWNSHIP, description="Township-level unit (镇/乡/街道/开发区), 9 digits."
    )
    VILLAGE = strawberry.enum_value(
        RegionLevelValue.VILLAGE, description="Village or community committee (村/社区), 12 digits."
    )
    GRID = strawberry.enum_value(
        RegionLevelValue.GRID, description="Grid (网格): the village code and 3 more digits."
    )


@strawberry.enum(description="Kind of a region within its level.")
class RegionKind(Enum):
    PROVINCE = strawberry.enum_value(RegionKindValue.PROVINCE, description="Province (省).")
    CITY = strawberry.enum_value(RegionKindValue.CITY, description="City (地级市).")
    COUNTY = strawberry.enum_value(RegionKindValue.COUNTY, description="County (县).")
    SUBDISTRICT = strawberry.enum_value(RegionKindValue.SUBDISTRICT, description="街道.")
    TOWN = strawberry.enum_value(RegionKindValue.TOWN, description="Town (镇).")
    TOWNSHIP = strawberry.enum_value(RegionKindValue.TOWNSHIP, description="Township (乡).")
    DEVELOPMENT_ZONE = strawberry.enum_value(
        RegionKindValue.DEVELOPMENT_ZONE, description="Development zone (开发区)."
    )
    VILLAGE = strawberry.enum_value(RegionKindValue.VILLAGE, description="Village (村).")
    COMMUNITY = strawberry.enum_value(RegionKindValue.COMMUNITY, description="Community (社区).")
    GRID = strawberry.enum_value(RegionKindValue.GRID, description="Grid (网格).")


def level_values(levels: list[RegionLevel] | None) -> tuple[RegionLevelValue, ...]:
    return tuple(RegionLevelValue[level.name] for level in levels or ())
