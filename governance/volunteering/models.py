"""Tables of volunteer service: volunteers (their minutes account), activities, sign-ups and
certificates. Durations are integers counted in minutes."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column
from kit.models import Base

TITLE_LENGTH_MAX = 200
CERTIFICATE_NUMBER_LENGTH_MAX = 32
ACTIVITY_CAPACITY_MAX = 1_000
SERVICE_MINUTES_MAX = 24 * 60  # one activity, one volunteer: at most a day


class ActivityCategory(enum.StrEnum):
    NEIGHBOURHOOD_WATCH = "NEIGHBOURHOOD_WATCH"  # 邻里守望
    EMPTY_NEST_ELDERS = "EMPTY_NEST_ELDERS"  # 关爱空巢老人
    LEFT_BEHIND_CHILDREN = "LEFT_BEHIND_CHILDREN"  # 关爱留守儿童
    ORPHANS_AND_DISABLED = "ORPHANS_AND_DISABLED"  # 关爱孤残
    POVERTY_RELIEF = "POVERTY_RELIEF"  # 扶贫帮困
    OTHER = "OTHER"


class Volunteer(Base):
    """A person who has served, with the ledger account of their service minutes."""

    __tablename__ = "volunteers"

    person_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT"), primary_key=True
    )
    region_code: Mapped[str] = region_code_column("The person's region (copied)")
    minutes_account_id: Mapped[int] = mapped_column(
        BigInteger, unique=True, comment="Ledger VOLUNTEER_MINUTES account"
    )


class Activity(Base):
    __tablename__ = "volunteer_activities"
    __table_args__ = (
        code_length_check((12,)),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(f"capacity BETWEEN 1 AND {ACTIVITY_CAPACITY_MAX}", name="capacity_range"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_schemes.id", ondelete="RESTRICT"), comment="Converts hours"
    )
    region_code: Mapped[str] = region_code_column("The village where it happens")
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH_MAX))
    category: Mapped[ActivityCategory] = mapped_column(
        enum_type(ActivityCategory, "activity_category")
    )
    organizer_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    capacity: Mapped[int] = mapped_column(Integer, comment="Most volunteers signed up")


class SignUp(Base):
    """One volunteer in one activity: signed up, minutes recorded, then confirmed (posted)."""

    __tablename__ = "volunteer_sign_ups"
    __table_args__ = (
        CheckConstraint(
            f"service_minutes IS NULL OR service_minutes BETWEEN 1 AND {SERVICE_MINUTES_MAX}",
            name="service_minutes_range",
        ),
        CheckConstraint(
            "confirmed_at IS NULL OR service_minutes IS NOT NULL", name="confirmed_has_minutes"
        ),
        Index(
            "uq_volunteer_sign_ups_activity_id_person_id", "activity_id", "person_id", unique=True
        ),
        Index("ix_volunteer_sign_ups_person_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("volunteer_activities.id", ondelete="RESTRICT")
    )
    person_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The volunteer's region (copied)", index=False)
    signed_up_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    service_minutes: Mapped[int | None] = mapped_column(
        Integer, comment="Minutes of service, travel excluded, recorded by the organizer"
    )
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    minutes_transfer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    points_transfer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class Certificate(Base):
    """A numbered certificate of a volunteer's confirmed service, as issued."""

    __tablename__ = "volunteer_certificates"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    number: Mapped[str] = mapped_column(String(CERTIFICATE_NUMBER_LENGTH_MAX), unique=True)
    person_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    region_code: Mapped[str] = region_code_column("The volunteer's region (copied)", index=False)
    service_minutes: Mapped[int] = mapped_column(Integer, comment="Confirmed minutes, in total")
    activities: Mapped[int] = mapped_column(Integer, comment="Confirmed activities")
    issued_by_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    issued_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
