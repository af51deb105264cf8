"""Service facilities and appointed service posts per township or village; insurance per village."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Identity,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from kit.models import Base

FACILITY_NAME_LENGTH_MAX = 100
ORGANIZATION_NAME_LENGTH_MAX = 100


class FacilityKind(enum.StrEnum):
    PSYCHOLOGICAL_COUNSELING_ROOM = "PSYCHOLOGICAL_COUNSELING_ROOM"
    POLICE_POST = "POLICE_POST"
    COMPREHENSIVE_SERVICE_STATION = "COMPREHENSIVE_SERVICE_STATION"
    GOVERNMENT_SERVICE_POINT = "GOVERNMENT_SERVICE_POINT"
    CULTURAL_STATION = "CULTURAL_STATION"
    CULTURAL_SQUARE = "CULTURAL_SQUARE"
    LIBRARY = "LIBRARY"
    MEDIATION_ROOM = "MEDIATION_ROOM"
    COURT = "COURT"


class ServicePostKind(enum.StrEnum):
    """Posts the plan wants filled in every village: a person appointed from an organization."""

    COMMUNITY_POLICE_OFFICER = "COMMUNITY_POLICE_OFFICER"
    LEGAL_ADVISER = "LEGAL_ADVISER"
    RULE_OF_LAW_DEPUTY_HEAD = "RULE_OF_LAW_DEPUTY_HEAD"


class ServiceFacility(Base):
    __tablename__ = "service_facilities"
    __table_args__ = (
        code_length_check((9, 12)),
        CheckConstraint(
            "ended_on IS NULL OR opened_on IS NULL OR ended_on >= opened_on",
            name="ends_after_opening",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("Township or village code")
    kind: Mapped[FacilityKind] = mapped_column(enum_type(FacilityKind, "facility_kind"))
    name: Mapped[str] = mapped_column(String(FACILITY_NAME_LENGTH_MAX))
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, comment="Last day open; null: open")
    version: Mapped[int] = version_column()


class ServicePost(Base):
    __tablename__ = "service_posts"
    __table_args__ = (
        code_length_check((9, 12)),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("Township or village served")
    kind: Mapped[ServicePostKind] = mapped_column(enum_type(ServicePostKind, "service_post_kind"))
    person_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT")
    )
    organization: Mapped[str] = mapped_column(
        String(ORGANIZATION_NAME_LENGTH_MAX), comment="Police station, law firm, court…"
    )
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = version_column()


class InsuranceParticipation(Base):
    """Residents covered by the county's public-safety insurance, per village and year."""

    __tablename__ = "insurance_participation"
    __table_args__ = (
        code_length_check((12,)),
        CheckConstraint("residents_insured >= 0", name="insured_not_negative"),
        CheckConstraint("residents_insured <= residents_total", name="insured_at_most_total"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_plausible"),
        UniqueConstraint("region_code", "year"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("Village code", index=False)
    year: Mapped[int] = mapped_column(Integer)
    residents_total: Mapped[int] = mapped_column(Integer, comment="Residents, persons")
    residents_insured: Mapped[int] = mapped_column(Integer, comment="Insured residents, persons")
    version: Mapped[int] = version_column()
