"""All DataLoaders of one request, created fresh per request (never shared across users)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.bank.dataloaders import BankLoaders
from api.centers.dataloaders import CenterLoaders
from api.facilities.dataloaders import FacilityLoaders
from api.grids.dataloaders import GridLoaders
from api.listing import ByValues
from api.mediation.dataloaders import MediationLoaders
from api.people.dataloaders import PeopleLoaders
from api.regions.dataloaders import RegionLoaders
from api.supermarkets.dataloaders import SupermarketLoaders
from governance.organizations.models import SocialOrganization

Reader = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]


class Loaders:
    def __init__(self, read: Reader) -> None:
        self.regions = RegionLoaders(read)
        self.people = PeopleLoaders(read)
        self.grids = GridLoaders(read)
        self.centers = CenterLoaders(read)
        self.facilities = FacilityLoaders(read)
        self.organizations = ByValues(read, SocialOrganization.id)
        self.mediation = MediationLoaders(read)
        self.bank = BankLoaders(read)
        self.supermarkets = SupermarketLoaders(read)
