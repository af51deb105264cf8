"""Dispute cases handled by people's mediation committees (People's Mediation Law).

A case names its parties, type, the amount at stake, where it came from (possibly an
escalated grid event), its committee and mediators, and its sessions. It ends in a written
agreement signed by both parties and a mediator, in failure, in a referral (arbitration,
administrative ruling, litigation) or withdrawn (mediation is voluntary). An agreement may be
brought to court for judicial confirmation within 30 days of signing; its performance is
followed up. Referrals to litigation are the "lawsuits" of 无诉讼村 and the rate per 10,000.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column
from kit.models import Base

SUMMARY_LENGTH_MAX = 2_000
AGREEMENT_LENGTH_MAX = 4_000
PARTY_NAME_LENGTH_MAX = 100
SESSION_NOTES_LENGTH_MAX = 4_000
PARTIES_MIN = 2
PARTIES_MAX = 20
CASE_MEDIATORS_MIN = 1
CASE_MEDIATORS_MAX = 9
JUDICIAL_CONFIRMATION_WINDOW_DAYS = 30
# Bounds every case's lists (sessions, hence its timeline) so they are returned whole.
SESSIONS_MAX = 50
ROLE_LENGTH_MAX = 32


class DisputeType(enum.StrEnum):
    NEIGHBOURHOOD = "NEIGHBOURHOOD"  # 邻里纠纷
    MARRIAGE_FAMILY = "MARRIAGE_FAMILY"  # 婚姻家庭
    LAND_FOREST = "LAND_FOREST"  # 土地山林
    DEBT = "DEBT"  # 债务
    LABOUR = "LABOUR"  # 劳动争议
    DAMAGES = "DAMAGES"  # 损害赔偿
    CONTRACT = "CONTRACT"  # 合同
    OTHER = "OTHER"


class DisputeSource(enum.StrEnum):
    PARTY_APPLICATION = "PARTY_APPLICATION"  # 当事人申请
    COMMITTEE_INITIATIVE = "COMMITTEE_INITIATIVE"  # 主动调解
    GRID_EVENT = "GRID_EVENT"  # from a grid event
    REFERRAL = "REFERRAL"  # 委托移送 (court, police, petition office)


class DisputeStatus(enum.StrEnum):
    REGISTERED = "REGISTERED"
    MEDIATING = "MEDIATING"
    AGREED = "AGREED"
    FAILED = "FAILED"
    REFERRED = "REFERRED"
    WITHDRAWN = "WITHDRAWN"


class Referral(enum.StrEnum):
    ARBITRATION = "ARBITRATION"
    ADMINISTRATIVE_RULING = "ADMINISTRATIVE_RULING"
    LITIGATION = "LITIGATION"


class Performance(enum.StrEnum):
    PERFORMED = "PERFORMED"
    PARTIALLY_PERFORMED = "PARTIALLY_PERFORMED"
    NOT_PERFORMED = "NOT_PERFORMED"


class PartySide(enum.StrEnum):
    APPLICANT = "APPLICANT"
    RESPONDENT = "RESPONDENT"


class DisputeAction(enum.StrEnum):
    REGISTER = "REGISTER"
    HOLD_SESSION = "HOLD_SESSION"
    REACH_AGREEMENT = "REACH_AGREEMENT"
    FAIL = "FAIL"
    REFER = "REFER"
    WITHDRAW = "WITHDRAW"
    REQUEST_JUDICIAL_CONFIRMATION = "REQUEST_JUDICIAL_CONFIRMATION"
    RECORD_PERFORMANCE = "RECORD_PERFORMANCE"


CONCLUDED = "status IN ('AGREED', 'FAILED', 'REFERRED', 'WITHDRAWN')"


class DisputeCase(Base):
    __tablename__ = "dispute_cases"
    __table_args__ = (
        code_length_check((9, 12, 15)),
        CheckConstraint("amount_at_stake_fen >= 0", name="amount_non_negative"),
        CheckConstraint(
            "(source = 'GRID_EVENT') = (grid_event_id IS NOT NULL)", name="grid_event_iff_source"
        ),
        CheckConstraint(f"({CONCLUDED}) = (concluded_on IS NOT NULL)", name="concluded"),
        CheckConstraint("concluded_on IS NULL OR concluded_on >= registered_on", name="dates"),
        CheckConstraint("(status = 'REFERRED') = (referral IS NOT NULL)", name="referral"),
        CheckConstraint(
            "(status = 'AGREED') = (agreement_signed_on IS NOT NULL "
            "AND agreement_text IS NOT NULL AND signing_mediator_id IS NOT NULL)",
            name="signed_agreement",
        ),
        CheckConstraint(
            "judicial_confirmation_requested_on IS NULL OR "
            "judicial_confirmation_requested_on BETWEEN agreement_signed_on AND "
            f"agreement_signed_on + {JUDICIAL_CONFIRMATION_WINDOW_DAYS}",
            name="judicial_confirmation_window",
        ),
        CheckConstraint(
            "performance IS NULL OR status = 'AGREED'", name="performance_of_agreement"
        ),
        Index("ix_dispute_cases_committee_id_id", "committee_id", "id"),
        Index("ix_dispute_cases_grid_event_id", "grid_event_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column(
        "Where the dispute arose (township, village, grid)"
    )
    committee_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("mediation_committees.id", ondelete="RESTRICT")
    )
    dispute_type: Mapped[DisputeType] = mapped_column(enum_type(DisputeType, "dispute_type"))
    source: Mapped[DisputeSource] = mapped_column(enum_type(DisputeSource, "dispute_source"))
    grid_event_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("grid_events.id", ondelete="RESTRICT")
    )
    status: Mapped[DisputeStatus] = mapped_column(enum_type(DisputeStatus, "dispute_status"))
    summary: Mapped[str] = mapped_column(String(SUMMARY_LENGTH_MAX))
    amount_at_stake_fen: Mapped[int] = mapped_column(
        BigInteger, comment="Amount in dispute, in fen (1/100 yuan); 0 when none"
    )
    registered_on: Mapped[dt.date] = mapped_column(Date)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    concluded_on: Mapped[dt.date | None] = mapped_column(Date)
    referral: Mapped[Referral | None] = mapped_column(enum_type(Referral, "dispute_referral"))
    agreement_text: Mapped[str | None] = mapped_column(String(AGREEMENT_LENGTH_MAX))
    agreement_signed_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Signed by both parties and the signing mediator"
    )
    signing_mediator_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("mediators.id", ondelete="RESTRICT")
    )
    judicial_confirmation_requested_on: Mapped[dt.date | None] = mapped_column(Date)
    performance: Mapped[Performance | None] = mapped_column(
        enum_type(Performance, "dispute_performance")
    )
    followed_up_on: Mapped[dt.date | None] = mapped_column(Date)


class DisputeParty(Base):
    __tablename__ = "dispute_parties"
    __table_args__ = (Index("ix_dispute_parties_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("dispute_cases.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The case's region (copied)", index=False)
    side: Mapped[PartySide] = mapped_column(enum_type(PartySide, "party_side"))
    name: Mapped[str] = mapped_column(String(PARTY_NAME_LENGTH_MAX))
    person_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT"), comment="If a known resident"
    )
    organization: Mapped[bool] = mapped_column(Boolean, server_default="false")


class DisputeCaseMediator(Base):
    __tablename__ = "dispute_case_mediators"
    __table_args__ = (Index("ix_dispute_case_mediators_mediator_id", "mediator_id"),)

    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("dispute_cases.id", ondelete="RESTRICT"), primary_key=True
    )
    mediator_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("mediators.id", ondelete="RESTRICT"), primary_key=True
    )
    region_code: Mapped[str] = region_code_column("The case's region (copied)", index=False)
    lead: Mapped[bool] = mapped_column(Boolean, server_default="false")


class MediationSession(Base):
    __tablename__ = "mediation_sessions"
    __table_args__ = (Index("ix_mediation_sessions_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("dispute_cases.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The case's region (copied)", index=False)
    held_on: Mapped[dt.date] = mapped_column(Date)
    mediator_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("mediators.id", ondelete="RESTRICT"), comment="Who led it"
    )
    notes: Mapped[str | None] = mapped_column(
        String(SESSION_NOTES_LENGTH_MAX), comment="Case notes: sensitive (personal_data.reveal)"
    )


class DisputeTransition(Base):
    __tablename__ = "dispute_transitions"
    __table_args__ = (
        CheckConstraint("(action = 'REGISTER') = (from_status IS NULL)", name="register_starts"),
        Index("ix_dispute_transitions_case_id_id", "case_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("dispute_cases.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The case's region (copied)", index=False)
    action: Mapped[DisputeAction] = mapped_column(enum_type(DisputeAction, "dispute_action"))
    from_status: Mapped[DisputeStatus | None] = mapped_column(
        enum_type(DisputeStatus, "dispute_from_status")
    )
    to_status: Mapped[DisputeStatus] = mapped_column(enum_type(DisputeStatus, "dispute_to_status"))
    actor_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    actor_role: Mapped[str] = mapped_column(String(ROLE_LENGTH_MAX))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(String(2_000))
