"""All SQL over governance centers and their staff."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func

from governance.centers.models import GovernanceCenter
from governance.regions.codes import CODE_LENGTH_BY_LEVEL, RegionLevel, under


@dataclass(frozen=True, slots=True)
class CenterFilter:
    under_region: str | None = None
    levels: tuple[RegionLevel, ...] = ()


def center_conditions(center_filter: CenterFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if center_filter.under_region is not None:
        conditions.append(under(GovernanceCenter.region_code, center_filter.under_region))
    if center_filter.levels:
        lengths = [CODE_LENGTH_BY_LEVEL[level] for level in center_filter.levels]
        conditions.append(func.length(GovernanceCenter.region_code).in_(lengths))
    return conditions
