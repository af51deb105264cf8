"""A resident as a roster states it: what the importer validates and the demo generates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from governance.people.models import Gender, PersonTag, RelationToHead

HOUSEHOLD_MEMBERS_MAX = 30


@dataclass(frozen=True, slots=True)
class ResidentRecord:
    household_number: str
    region_code: str
    """The village's code, or the grid's when the roster places the household in one."""
    address: str | None
    name: str
    gender: Gender
    birth_date: dt.date
    id_card_number: str
    phone: str | None
    relation_to_head: RelationToHead
    tags: tuple[PersonTag, ...]
