"""What staff ask of the roster, as plain values: one dataclass per change.

The GraphQL mutations convert their input into these, and so may an importer: every check is
made by the service functions that take them (``registration``, ``corrections``, ``moves``,
``endings``, ``restructuring``), never by the caller.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from governance.people.models import EndReason, Gender, PersonTag, RelationToHead


class Keep(enum.Enum):
    """A field a correction leaves as it is (``None`` clears an optional field instead)."""

    KEEP = "KEEP"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class MemberDraft:
    """A person to record, as the roster states one (checked exactly as ``import people``)."""

    name: str
    gender: Gender
    birth_date: dt.date
    id_card_number: str
    relation_to_head: RelationToHead
    phone: str | None = None
    tags: tuple[PersonTag, ...] = ()


@dataclass(frozen=True, slots=True)
class HouseholdRegistration:
    number: str
    region_code: str
    """The village's code, or the grid's."""
    members: Sequence[MemberDraft]
    """Exactly one HEAD among them (head first, by convention)."""
    address: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRegistration:
    """A person joining a household that exists: a birth, a marriage in, a move in."""

    household_id: int
    member: MemberDraft
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PersonCorrection:
    person_id: int
    expected_version: int
    name: str | Keep = KEEP
    phone: str | Keep | None = KEEP
    tags: tuple[PersonTag, ...] | Keep = KEEP
    relation_to_head: RelationToHead | Keep = KEEP
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class HouseholdCorrection:
    household_id: int
    expected_version: int
    address: str | Keep | None = KEEP
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class HouseholdMove:
    """A household placed in a grid, or moved to another grid or village, members with it."""

    household_id: int
    expected_version: int
    region_code: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PersonEnd:
    person_id: int
    expected_version: int
    ended_on: dt.date
    end_reason: EndReason
    note: str | None = None


@dataclass(frozen=True, slots=True)
class HeadChange:
    household_id: int
    expected_version: int
    head_person_id: int
    former_head_relation: RelationToHead
    """The former head's relation to the new one (not HEAD)."""
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class HouseholdSplit:
    """Members leaving household ``household_id`` for a new household ``number``."""

    household_id: int
    expected_version: int
    number: str
    member_ids: Sequence[int]
    head_person_id: int
    """One of ``member_ids``: the new household's head."""
    relations: Mapping[int, RelationToHead] = field(default_factory=dict)
    """Each other leaving member's relation to the new head (default OTHER)."""
    address: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class HouseholdMerge:
    """Household ``absorbed_household_id`` joins ``surviving_household_id`` and ends."""

    surviving_household_id: int
    surviving_expected_version: int
    absorbed_household_id: int
    absorbed_expected_version: int
    relations: Mapping[int, RelationToHead] = field(default_factory=dict)
    """Each joining member's relation to the surviving head (default OTHER)."""
    reason: str | None = None
