"""Batch loading of deliberation meetings and disclosures by id."""

from __future__ import annotations

from api.listing import ByValues, Reader
from governance.access.principal import Viewer
from governance.deliberation.models import DeliberationMeeting, VillageDisclosure


class DeliberationLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.meetings = ByValues(read, DeliberationMeeting.id, viewer)
        self.disclosures = ByValues(read, VillageDisclosure.id, viewer)
