"""Comprehensive governance centers (综治中心): one per county, township or village at most."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Identity, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from kit.models import Base

CENTER_NAME_LENGTH_MAX = 100


class CenterStaffPosition(enum.StrEnum):
    DIRECTOR = "DIRECTOR"
    POLITICAL_LEGAL = "POLITICAL_LEGAL"
    PETITION = "PETITION"
    MEDIATION = "MEDIATION"
    GRID_MANAGEMENT = "GRID_MANAGEMENT"
    PSYCHOLOGICAL_SERVICE = "PSYCHOLOGICAL_SERVICE"


class GovernanceCenter(Base):
    __tablename__ = "governance_centers"
    __table_args__ = (
        code_length_check((6, 9, 12)),
        CheckConstraint(
            "ended_on IS NULL OR established_on IS NULL OR ended_on >= established_on",
            name="ends_after_establishment",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    # Unique: the plan has one center per county, township and village (a closed one is kept).
    region_code: Mapped[str] = region_code_column("County, township or village code", unique=True)
    name: Mapped[str] = mapped_column(String(CENTER_NAME_LENGTH_MAX))
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, comment="Last day open; null: open")
    version: Mapped[int] = version_column()


class CenterStaffMember(Base):
    __tablename__ = "center_staff"
    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
        Index("ix_center_staff_center_id_id", "center_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    center_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("governance_centers.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The center's region code (copied)")
    person_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT")
    )
    position: Mapped[CenterStaffPosition] = mapped_column(
        enum_type(CenterStaffPosition, "center_staff_position")
    )
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = version_column()
