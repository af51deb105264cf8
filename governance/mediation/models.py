"""People's mediation committees (人民调解委员会) per township and village, and their mediators.

The People's Mediation Law sets 3–9 members; the county plan asks for at least 2 full- or
part-time mediators per township committee. Both are measured, not enforced: a committee
being staffed is a normal state.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Identity,
    Index,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from kit.models import Base

COMMITTEE_NAME_LENGTH_MAX = 100
COMMITTEE_MEMBERS_MIN = 3
COMMITTEE_MEMBERS_MAX = 9
TOWNSHIP_MEDIATORS_MIN = 2


class MediatorRole(enum.StrEnum):
    CHAIR = "CHAIR"
    VICE_CHAIR = "VICE_CHAIR"
    MEMBER = "MEMBER"


class MediationCommittee(Base):
    __tablename__ = "mediation_committees"
    __table_args__ = (
        code_length_check((9, 12)),
        CheckConstraint(
            "ended_on IS NULL OR established_on IS NULL OR ended_on >= established_on",
            name="ends_after_establishment",
        ),
        # One open committee per region; closed ones stay on record beside their successor.
        Index(
            "uq_mediation_committees_open_region_code",
            "region_code",
            unique=True,
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("Township or village code")
    name: Mapped[str] = mapped_column(String(COMMITTEE_NAME_LENGTH_MAX))
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Day it closed (no longer counts); null while open"
    )
    version: Mapped[int] = version_column()


class Mediator(Base):
    __tablename__ = "mediators"
    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
        Index("ix_mediators_committee_id_id", "committee_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("mediation_committees.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The committee's region code (copied)")
    person_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT")
    )
    role: Mapped[MediatorRole] = mapped_column(enum_type(MediatorRole, "mediator_role"))
    full_time: Mapped[bool] = mapped_column(Boolean, comment="专职 (true) or 兼职 (false)")
    gold_medal: Mapped[bool] = mapped_column(
        Boolean, server_default="false", comment="Recognised as 金牌调解员"
    )
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = version_column()
