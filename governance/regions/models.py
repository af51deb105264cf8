"""The region tree.

Codes are hierarchical: a village's 12-digit code begins with its township's 9 digits, which
begin with the county's 6; grid codes extend their village's code by 3 digits. So "everything
under region X" is a range scan on ``code`` (collation "C"), with no recursive query.
"""

from __future__ import annotations

import enum

from sqlalchemy import BigInteger, CheckConstraint, Enum, ForeignKey, Identity, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import Base

REGION_CODE_LENGTH_MAX = 15


class RegionLevel(enum.StrEnum):
    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"
    GRID = "GRID"


class RegionKind(enum.StrEnum):
    COUNTY = "COUNTY"
    SUBDISTRICT = "SUBDISTRICT"
    TOWN = "TOWN"
    TOWNSHIP = "TOWNSHIP"
    DEVELOPMENT_ZONE = "DEVELOPMENT_ZONE"
    VILLAGE = "VILLAGE"
    COMMUNITY = "COMMUNITY"
    GRID = "GRID"


CODE_LENGTH_BY_LEVEL = {
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
    RegionLevel.GRID: 15,
}


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (
        CheckConstraint("code ~ '^[0-9]+$'", name="code_digits"),
        CheckConstraint(
            "length(code) = CASE level WHEN 'COUNTY' THEN 6 WHEN 'TOWNSHIP' THEN 9 "
            "WHEN 'VILLAGE' THEN 12 ELSE 15 END",
            name="code_length_matches_level",
        ),
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
