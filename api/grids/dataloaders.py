"""Batch loading of grid assignments: by id, per grid and per person."""

from __future__ import annotations

from typing import Any

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.principal import Viewer
from governance.grids.models import GridAssignment
from governance.grids.repository import AssignmentFilter, assignment_conditions


def _conditions(assignment_filter: Any) -> list[Any]:
    assert isinstance(assignment_filter, AssignmentFilter)
    return list(assignment_conditions(assignment_filter))


class GridLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.assignments = ByValues(read, GridAssignment.id, viewer)
        self.by_grid = PartitionedPages(
            read, GridAssignment, GridAssignment.region_code, _conditions, viewer=viewer
        )
        self.by_person = PartitionedPages(
            read, GridAssignment, GridAssignment.person_id, _conditions, viewer=viewer
        )
