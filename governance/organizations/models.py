"""Social organizations of a village or community, and who incubated them."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Identity, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import BigInteger

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from governance.regions.codes import REGION_CODE_LENGTH_MAX
from kit.models import Base

ORGANIZATION_NAME_LENGTH_MAX = 100


class OrganizationKind(enum.StrEnum):
    VOLUNTEER_SERVICE = "VOLUNTEER_SERVICE"
    ELDERLY_CARE = "ELDERLY_CARE"
    CULTURE_AND_SPORTS = "CULTURE_AND_SPORTS"
    CHARITY = "CHARITY"
    MUTUAL_AID = "MUTUAL_AID"
    PUBLIC_SAFETY = "PUBLIC_SAFETY"
    PROFESSIONAL_COOPERATIVE = "PROFESSIONAL_COOPERATIVE"
    OWNERS_COMMITTEE = "OWNERS_COMMITTEE"


class OrganizationStatus(enum.StrEnum):
    INCUBATING = "INCUBATING"
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    DISSOLVED = "DISSOLVED"


class SocialOrganization(Base):
    __tablename__ = "social_organizations"
    __table_args__ = (
        code_length_check((12,)),
        CheckConstraint(
            "ended_on IS NULL OR founded_on IS NULL OR ended_on >= founded_on",
            name="ends_after_founding",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(ORGANIZATION_NAME_LENGTH_MAX))
    kind: Mapped[OrganizationKind] = mapped_column(enum_type(OrganizationKind, "organization_kind"))
    region_code: Mapped[str] = region_code_column("Village or community code")
    incubator_region_code: Mapped[str | None] = mapped_column(
        String(REGION_CODE_LENGTH_MAX, collation="C"),
        ForeignKey("regions.code", ondelete="RESTRICT"),
        comment="County or township whose incubation base (孵化基地) incubated it",
    )
    status: Mapped[OrganizationStatus] = mapped_column(
        enum_type(OrganizationStatus, "organization_status")
    )
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Day it stopped counting (dissolved); null while it exists"
    )
    version: Mapped[int] = version_column()
