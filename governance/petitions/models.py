"""Petition matters and what happens around them (Regulations on Letters and Visits).

A matter is received at a level (county, township, village), with a leader responsible for it
(包联). Acceptance is decided within 15 days; an accepted matter is handled within 60 days,
extendable once by 30, and ends in a written reply. The petitioner may request a review within
30 days of the reply, and a re-review within 30 days of the review; each is decided within 30
days. Every visit is recorded, so "at most one trip" (最多跑一次) is measurable. Joint visits
send at most 5 representatives.
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
    Integer,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column
from kit.models import Base

SUBJECT_LENGTH_MAX = 200
CONTENT_LENGTH_MAX = 4_000
REPLY_LENGTH_MAX = 4_000
NAME_LENGTH_MAX = 100
POST_LENGTH_MAX = 100
REPRESENTATIVES_MAX = 5
# Bounds every petition's lists (visits, hence its timeline) so they are returned whole.
VISITS_MAX = 100
PETITIONERS_MAX = 500
ACCEPTANCE_DAYS = 15
HANDLING_DAYS = 60
EXTENSION_DAYS = 30
REVIEW_REQUEST_DAYS = 30
REVIEW_DECISION_DAYS = 30
ROLE_LENGTH_MAX = 32


class PetitionStatus(enum.StrEnum):
    RECEIVED = "RECEIVED"
    ACCEPTED = "ACCEPTED"
    NOT_ACCEPTED = "NOT_ACCEPTED"
    REPLIED = "REPLIED"
    REVIEW_REQUESTED = "REVIEW_REQUESTED"
    REVIEWED = "REVIEWED"
    RE_REVIEW_REQUESTED = "RE_REVIEW_REQUESTED"
    RE_REVIEWED = "RE_REVIEWED"


class PetitionAction(enum.StrEnum):
    RECEIVE = "RECEIVE"
    ACCEPT = "ACCEPT"
    DECLINE = "DECLINE"
    EXTEND = "EXTEND"
    REPLY = "REPLY"
    REQUEST_REVIEW = "REQUEST_REVIEW"
    REVIEW = "REVIEW"
    REQUEST_RE_REVIEW = "REQUEST_RE_REVIEW"
    RE_REVIEW = "RE_REVIEW"
    RECORD_VISIT = "RECORD_VISIT"


class HearingKind(enum.StrEnum):
    HEARING = "HEARING"  # 听证
    CONSULTATION = "CONSULTATION"  # 会商


class Petition(Base):
    __tablename__ = "petitions"
    __table_args__ = (
        code_length_check((6, 9, 12)),
        CheckConstraint(
            f"representatives_count BETWEEN 0 AND {REPRESENTATIVES_MAX}", name="representatives"
        ),
        CheckConstraint(
            f"petitioners_count BETWEEN 1 AND {PETITIONERS_MAX}", name="petitioners_count_range"
        ),
        CheckConstraint("visits_count >= 1", name="visits_count_positive"),
        CheckConstraint("(status = 'RECEIVED') = (decided_on IS NULL)", name="decided"),
        CheckConstraint("decided_on IS NULL OR decided_on >= received_on", name="decided_after"),
        CheckConstraint(
            "(status IN ('RECEIVED', 'NOT_ACCEPTED', 'ACCEPTED')) = (replied_on IS NULL)",
            name="replied",
        ),
        CheckConstraint("(reply_text IS NULL) = (replied_on IS NULL)", name="written_reply"),
        CheckConstraint("NOT extended OR status <> 'RECEIVED'", name="extended_after_acceptance"),
        Index("ix_petitions_due_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("The receiving county, township or village")
    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH_MAX))
    content: Mapped[str] = mapped_column(String(CONTENT_LENGTH_MAX))
    major: Mapped[bool] = mapped_column(Boolean, comment="A major case (hearings, consultations)")
    status: Mapped[PetitionStatus] = mapped_column(enum_type(PetitionStatus, "petition_status"))
    responsible_leader_name: Mapped[str] = mapped_column(
        String(NAME_LENGTH_MAX), comment="Leader in charge of the case (包联)"
    )
    responsible_leader_post: Mapped[str] = mapped_column(String(POST_LENGTH_MAX))
    petitioners_count: Mapped[int] = mapped_column(Integer)
    representatives_count: Mapped[int] = mapped_column(
        SmallInteger, comment="Representatives of a joint visit (at most 5); 0 if not joint"
    )
    received_on: Mapped[dt.date] = mapped_column(Date)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, comment="Accepted or declined on")
    due_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Deadline of the current step; null when nothing is pending"
    )
    extended: Mapped[bool] = mapped_column(Boolean, server_default="false")
    replied_on: Mapped[dt.date | None] = mapped_column(Date)
    reply_text: Mapped[str | None] = mapped_column(String(REPLY_LENGTH_MAX))
    resolved: Mapped[bool | None] = mapped_column(
        Boolean, comment="The latest written answer settled the matter"
    )
    visits_count: Mapped[int] = mapped_column(Integer, server_default="1")
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Petitioner(Base):
    __tablename__ = "petitioners"
    __table_args__ = (Index("ix_petitioners_petition_id_id", "petition_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("petitions.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The petition's region (copied)", index=False)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH_MAX))
    person_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT")
    )
    representative: Mapped[bool] = mapped_column(Boolean, server_default="false")


class PetitionVisit(Base):
    __tablename__ = "petition_visits"
    __table_args__ = (
        CheckConstraint(
            f"visitors_count BETWEEN 1 AND {REPRESENTATIVES_MAX}", name="visitors_count_range"
        ),
        Index("ix_petition_visits_petition_id_id", "petition_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("petitions.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The petition's region (copied)", index=False)
    visited_on: Mapped[dt.date] = mapped_column(Date)
    visitors_count: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(String(2_000))


class PetitionTransition(Base):
    __tablename__ = "petition_transitions"
    __table_args__ = (
        CheckConstraint("(action = 'RECEIVE') = (from_status IS NULL)", name="receive_starts"),
        Index("ix_petition_transitions_petition_id_id", "petition_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("petitions.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The petition's region (copied)", index=False)
    action: Mapped[PetitionAction] = mapped_column(enum_type(PetitionAction, "petition_action"))
    from_status: Mapped[PetitionStatus | None] = mapped_column(
        enum_type(PetitionStatus, "petition_from_status")
    )
    to_status: Mapped[PetitionStatus] = mapped_column(
        enum_type(PetitionStatus, "petition_to_status")
    )
    actor_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    actor_role: Mapped[str] = mapped_column(String(ROLE_LENGTH_MAX))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(String(2_000))


class PetitionHearing(Base):
    """A hearing (听证) or consultation (会商) on a major case, and who chaired it."""

    __tablename__ = "petition_hearings"
    __table_args__ = (
        code_length_check((6, 9)),
        CheckConstraint("participants_count >= 1", name="participants_count_positive"),
        Index("ix_petition_hearings_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("County or township holding it")
    kind: Mapped[HearingKind] = mapped_column(enum_type(HearingKind, "hearing_kind"))
    petition_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("petitions.id", ondelete="RESTRICT")
    )
    held_on: Mapped[dt.date] = mapped_column(Date)
    chair_name: Mapped[str] = mapped_column(String(NAME_LENGTH_MAX))
    chair_post: Mapped[str] = mapped_column(
        String(POST_LENGTH_MAX), comment="e.g. 信访联席会议召集人, 政法委书记"
    )
    participants_count: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(CONTENT_LENGTH_MAX))


class ReceptionDay(Base):
    """A leader receiving petitioners in person (领导干部大接访)."""

    __tablename__ = "reception_days"
    __table_args__ = (
        code_length_check((6, 9, 12)),
        CheckConstraint(
            "petitioners_received >= 0 AND matters_resolved_on_site >= 0", name="counts"
        ),
        Index("ix_reception_days_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("Where it was held (county, township, village)")
    held_on: Mapped[dt.date] = mapped_column(Date)
    leader_name: Mapped[str] = mapped_column(String(NAME_LENGTH_MAX))
    leader_post: Mapped[str] = mapped_column(String(POST_LENGTH_MAX))
    location: Mapped[str] = mapped_column(String(POST_LENGTH_MAX))
    petitioners_received: Mapped[int] = mapped_column(Integer)
    matters_resolved_on_site: Mapped[int] = mapped_column(Integer)
