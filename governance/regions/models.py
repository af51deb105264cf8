"""The region tree. Its codes' arithmetic (levels, ancestors, subtrees) is in ``codes``."""

from __future__ import annotations

import enum

from sqlalchemy import BigInteger, CheckConstraint, Enum, ForeignKey, Identity, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from governance.regions.codes import CODE_LENGTH_BY_LEVEL, REGION_CODE_LENGTH_MAX, RegionLevel
from kit.models import Base


class RegionKind(enum.StrEnum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"
    SUBDISTRICT = "SUBDISTRICT"
    TOWN = "TOWN"
    TOWNSHIP = "TOWNSHIP"
    DEVELOPMENT_ZONE = "DEVELOPMENT_ZONE"
    VILLAGE = "VILLAGE"
    COMMUNITY = "COMMUNITY"
    GRID = "GRID"


def _length_by_level_sql() -> str:
    cases = " ".join(
        f"WHEN '{level.value}' THEN {length}" for level, length in CODE_LENGTH_BY_LEVEL.items()
    )
    return f"length(code) = CASE level {cases} END"


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (
        CheckConstraint("code ~ '^[0-9]+$'", name="code_digits"),
        # codes.CODE_LENGTH_BY_LEVEL in the database (as migration 0023 writes it).
        CheckConstraint(_length_by_level_sql(), name="code_length_matches_level"),
        Index("ix_regions_parent_id_code", "parent_id", "code"),
        Index("ix_regions_level_code", "level", "code"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(
        String(REGION_CODE_LENGTH_MAX, collation="C"), unique=True, comment="Official code"
    )
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[RegionLevel] = mapped_column(
        Enum(RegionLevel, native_enum=False, length=16, name="region_level", create_constraint=True)
    )
    kind: Mapped[RegionKind] = mapped_column(
        Enum(RegionKind, native_enum=False, length=24, name="region_kind", create_constraint=True)
    )
    parent_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("regions.id", ondelete="RESTRICT")
    )
