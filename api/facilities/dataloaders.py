"""Batch loading of facilities and service posts."""

from __future__ import annotations

from api.listing import ByValues, Reader
from governance.access.principal import Viewer
from governance.facilities.models import ServiceFacility, ServicePost


class FacilityLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.facilities = ByValues(read, ServiceFacility.id, viewer)
        self.posts = ByValues(read, ServicePost.id, viewer)
