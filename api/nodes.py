"""`Region` and `Person`, the nodes every area points at, composed from each area's fields the
way `Query` is composed from each area's queries (``api.schema``).

Areas reference them through the lazy aliases of ``api.common``; nothing in an area imports
this module.
"""

from __future__ import annotations

import strawberry

from api.centers.types import CenterRegionFields
from api.grids.types import GridPersonFields, GridRegionFields
from api.indicators.types import IndicatorRegionFields
from api.mediation.types import MediationRegionFields
from api.people.types import PersonFields
from api.regions.types import RegionFields


@strawberry.type(
    description=(
        "A county, township, village/community or grid, identified by its official "
        "statistical code (grids: the village code plus three digits)."
    )
)
class Region(
    RegionFields,
    GridRegionFields,
    CenterRegionFields,
    MediationRegionFields,
    IndicatorRegionFields,
):
    pass


@strawberry.type(description="A resident, as recorded in the village's roster (花名册).")
class Person(PersonFields, GridPersonFields):
    pass


# The names ``api.common``'s lazy references resolve.
RegionNode = Region
PersonNode = Person
