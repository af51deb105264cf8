"""All DataLoaders of one request, created fresh per request (never shared across users)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.bank.dataloaders import BankLoaders
from api.centers.dataloaders import CenterLoaders
from api.deliberation.dataloaders import DeliberationLoaders
from api.disputes.dataloaders import DisputeLoaders
from api.events.dataloaders import EventLoaders
from api.facilities.dataloaders import FacilityLoaders
from api.grids.dataloaders import GridLoaders
from api.indicators.dataloaders import IndicatorLoaders
from api.listing import ByValues
from api.mediation.dataloaders import MediationLoaders
from api.people.dataloaders import PeopleLoaders
from api.petitions.dataloaders import PetitionLoaders
from api.regions.dataloaders import RegionLoaders
from api.supermarkets.dataloaders import SupermarketLoaders
from governance.access.principal import Viewer
from governance.organizations.models import SocialOrganization
from kit.clock import Clock

Reader = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]


class Loaders:
    def __init__(self, read: Reader, viewer: Viewer, clock: Clock) -> None:
        self.regions = RegionLoaders(read)
        self.people = PeopleLoaders(read, viewer)
        self.grids = GridLoaders(read, viewer)
        self.centers = CenterLoaders(read, viewer)
        self.facilities = FacilityLoaders(read, viewer)
        self.organizations = ByValues(read, SocialOrganization.id, viewer)
        self.mediation = MediationLoaders(read, viewer)
        self.events = EventLoaders(read, viewer)
        self.disputes = DisputeLoaders(read, viewer)
        self.petitions = PetitionLoaders(read, viewer)
        self.deliberation = DeliberationLoaders(read, viewer)
        self.indicators = IndicatorLoaders(read)
        self.bank = BankLoaders(read, viewer, clock)
        self.supermarkets = SupermarketLoaders(read, viewer)
