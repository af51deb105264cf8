"""Batch loading of facilities and service posts."""

from __future__ import annotations

from api.listing import ByValues, Reader
from governance.facilities.models import ServiceFacility, ServicePost


class FacilityLoaders:
    def __init__(self, read: Reader) -> None:
        self.facilities = ByValues(read, ServiceFacility.id)
        self.posts = ByValues(read, ServicePost.id)
