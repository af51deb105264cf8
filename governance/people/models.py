"""Households (一户一档) and the persons in them.

ID-card numbers and phones are stored in full and only ever shown through
``governance.people.masking``. Each person's ``region_code`` copies the household's (grid
code when the household is placed in a grid, otherwise the village code), so "everyone under
region X" is a range scan without a join. Every person of a household (ended ones too) carries
its code: a move rewrites them together (``governance.people.moves``).

Nobody is deleted: a death or a move away sets ``ended_on`` and ``end_reason``; a household
ends with its last member, or when merged into another. Lists leave ended rows out unless asked.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Identity,
    Index,
    SmallInteger,
    String,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from kit.models import Base

ID_CARD_LENGTH = 18
PHONE_LENGTH_MAX = 11
PERSON_NAME_LENGTH_MAX = 50
HOUSEHOLD_NUMBER_LENGTH_MAX = 32
ADDRESS_LENGTH_MAX = 200
TAG_LENGTH_MAX = 32


class Gender(enum.StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class RelationToHead(enum.StrEnum):
    HEAD = "HEAD"
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    PARENT = "PARENT"
    GRANDCHILD = "GRANDCHILD"
    GRANDPARENT = "GRANDPARENT"
    SIBLING = "SIBLING"
    OTHER = "OTHER"


class PersonTag(enum.StrEnum):
    """Labels the plan's services are counted by. Several are sensitive (PIPL): see domain.md."""

    EMPTY_NEST_ELDER = "EMPTY_NEST_ELDER"
    LEFT_BEHIND_CHILD = "LEFT_BEHIND_CHILD"
    LIFTED_OUT_OF_POVERTY = "LIFTED_OUT_OF_POVERTY"
    MINIMUM_LIVING_ALLOWANCE = "MINIMUM_LIVING_ALLOWANCE"
    DISABLED = "DISABLED"
    PARTY_MEMBER = "PARTY_MEMBER"
    VETERAN_PARTY_MEMBER = "VETERAN_PARTY_MEMBER"
    MILITARY_VETERAN = "MILITARY_VETERAN"
    RETIRED_CADRE_OR_WORKER = "RETIRED_CADRE_OR_WORKER"
    UNEMPLOYED = "UNEMPLOYED"


class EndReason(enum.StrEnum):
    """Why a person or a household stopped being current (the row is kept: 户籍 history)."""

    DIED = "DIED"
    MOVED_AWAY = "MOVED_AWAY"
    MERGED = "MERGED"  # a household absorbed into another
    OTHER = "OTHER"


ENDED_PAIR_CHECK = "(ended_on IS NULL) = (end_reason IS NULL)"


def _tags_check() -> str:
    allowed = ", ".join(f"'{tag.value}'" for tag in PersonTag)
    return f"tags <@ ARRAY[{allowed}]::varchar[]"


class Household(Base):
    __tablename__ = "households"
    __table_args__ = (
        code_length_check((12, 15)),
        CheckConstraint(ENDED_PAIR_CHECK, name="ended_with_reason"),
        # Keyset pages under a region in the default order (region, number): one range scan.
        Index("ix_households_region_code_number_id", "region_code", "number", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    number: Mapped[str] = mapped_column(
        String(HOUSEHOLD_NUMBER_LENGTH_MAX), unique=True, comment="Household number (户号)"
    )
    region_code: Mapped[str] = region_code_column(
        "Village code, or grid code once placed", index=False
    )
    address: Mapped[str | None] = mapped_column(String(ADDRESS_LENGTH_MAX))
    # Deferred: a household and its head are written in the same transaction, either first.
    head_person_id: Mapped[int | None] = mapped_column(
        BigInteger,
        ForeignKey(
            "persons.id",
            ondelete="SET NULL",
            use_alter=True,
            deferrable=True,
            initially="DEFERRED",
        ),
    )
    version: Mapped[int] = version_column()
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Last day the household was current (its last member ended, or merged)"
    )
    end_reason: Mapped[EndReason | None] = mapped_column(enum_type(EndReason, "end_reason"))


class Person(Base):
    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint("id_card_number ~ '^[0-9]{17}[0-9X]$'", name="id_card_number_format"),
        # Pairs the importer's check: the embedded birth date is the recorded one.
        CheckConstraint(
            "substring(id_card_number from 7 for 8) = to_char(birth_date, 'YYYYMMDD')",
            name="id_card_number_birth_date",
        ),
        CheckConstraint("phone ~ '^1[0-9]{10}$'", name="phone_mobile"),
        CheckConstraint(_tags_check(), name="tags_known"),
        code_length_check((12, 15)),
        Index("ix_persons_tags", "tags", postgresql_using="gin"),
        Index("ix_persons_household_id_id", "household_id", "id"),
        # Keyset pages under a region in the default order (region, id): one range scan.
        Index("ix_persons_region_code_id", "region_code", "id"),
        # Keyset pages in the orders the API offers (PersonOrderField).
        Index("ix_persons_birth_date_id", "birth_date", "id"),
        Index("ix_persons_name_id", "name", "id"),
        CheckConstraint(ENDED_PAIR_CHECK, name="ended_with_reason"),
        CheckConstraint("ended_on IS NULL OR ended_on >= birth_date", name="ended_after_birth"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(PERSON_NAME_LENGTH_MAX))
    gender: Mapped[Gender] = mapped_column(enum_type(Gender, "gender"))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    id_card_number: Mapped[str] = mapped_column(
        String(ID_CARD_LENGTH), unique=True, comment="Full GB 11643 number; shown masked"
    )
    phone: Mapped[str | None] = mapped_column(
        String(PHONE_LENGTH_MAX), comment="Mobile number; shown masked"
    )
    household_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("households.id", ondelete="RESTRICT")
    )
    relation_to_head: Mapped[RelationToHead] = mapped_column(
        enum_type(RelationToHead, "relation_to_head")
    )
    region_code: Mapped[str] = region_code_column(
        "The household's region code (copied)", index=False
    )
    tags: Mapped[list[str]] = mapped_column(
        ARRAY(String(TAG_LENGTH_MAX)), server_default="{}", comment="PersonTag values"
    )
    version: Mapped[int] = version_column()
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Day of death or moving away; null while current. Never deleted"
    )
    end_reason: Mapped[EndReason | None] = mapped_column(enum_type(EndReason, "end_reason"))


class RegionCount(Base):
    """Active persons and households at or below a region, kept by triggers (migration 0024)
    in the transaction that writes them: an unfiltered subtree count is one index read.

    A region's count is the sum of its slots (levels up to the county spread concurrent
    writers over several rows). Written only by the triggers; read by
    ``governance.people.counts``.
    """

    __tablename__ = "region_counts"
    __table_args__ = (
        {"comment": "Active persons and households per region subtree, kept by triggers"},
    )

    region_code: Mapped[str] = mapped_column(
        String(15, collation="C"),
        primary_key=True,
        comment="A region code of any level (a prefix of the counted rows' codes)",
    )
    slot: Mapped[int] = mapped_column(
        SmallInteger,
        primary_key=True,
        comment="Write slot (levels up to the county); a region's count sums its slots",
    )
    persons: Mapped[int] = mapped_column(BigInteger, comment="Active persons at or below")
    households: Mapped[int] = mapped_column(BigInteger, comment="Active households at or below")
