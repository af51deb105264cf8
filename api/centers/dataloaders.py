"""Batch loading of governance centers and staff."""

from __future__ import annotations

from typing import Any

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.principal import Viewer
from governance.centers.models import CenterStaffMember, GovernanceCenter


def _no_conditions(_filter: Any) -> list[Any]:
    return []


class CenterLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.centers = ByValues(read, GovernanceCenter.id, viewer)
        self.by_region = ByValues(read, GovernanceCenter.region_code, viewer)
        self.staff = ByValues(read, CenterStaffMember.id, viewer)
        self.staff_by_center = PartitionedPages(
            read, CenterStaffMember, CenterStaffMember.center_id, _no_conditions, viewer=viewer
        )
