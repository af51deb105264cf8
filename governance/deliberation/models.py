"""Deliberation meetings (村民说事, 民情恳谈, 百姓议事) and village-affairs disclosures.

Disclosure is due at least quarterly for Party and village affairs and monthly for finances
(donations, including those to the love supermarket, are part of the finances).
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
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column
from kit.models import Base

TOPIC_LENGTH_MAX = 200
DECISIONS_LENGTH_MAX = 4_000
TITLE_LENGTH_MAX = 200
SUMMARY_LENGTH_MAX = 4_000


class MeetingForm(enum.StrEnum):
    VILLAGERS_TALK = "VILLAGERS_TALK"  # 村民说事
    PUBLIC_OPINION_TALK = "PUBLIC_OPINION_TALK"  # 民情恳谈
    PEOPLES_DELIBERATION = "PEOPLES_DELIBERATION"  # 百姓议事


class DisclosureKind(enum.StrEnum):
    PARTY_AFFAIRS = "PARTY_AFFAIRS"  # 党务公开
    VILLAGE_AFFAIRS = "VILLAGE_AFFAIRS"  # 村务公开
    FINANCES = "FINANCES"  # 财务公开


class DeliberationMeeting(Base):
    __tablename__ = "deliberation_meetings"
    __table_args__ = (
        code_length_check((12, 15)),
        CheckConstraint("participants_count >= 0 AND quorum_count >= 1", name="counts"),
        Index("ix_deliberation_meetings_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("Village (or a grid of it)")
    form: Mapped[MeetingForm] = mapped_column(enum_type(MeetingForm, "meeting_form"))
    topic: Mapped[str] = mapped_column(String(TOPIC_LENGTH_MAX))
    held_on: Mapped[dt.date] = mapped_column(Date)
    participants_count: Mapped[int] = mapped_column(Integer)
    quorum_count: Mapped[int] = mapped_column(
        Integer, comment="Participants needed for decisions to stand"
    )
    decisions: Mapped[str | None] = mapped_column(String(DECISIONS_LENGTH_MAX))
    recorded_by_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )


class VillageDisclosure(Base):
    __tablename__ = "village_disclosures"
    __table_args__ = (
        code_length_check((12,)),
        CheckConstraint("period_end >= period_start", name="period"),
        CheckConstraint("published_on >= period_start", name="published_after_start"),
        CheckConstraint(
            "kind = 'FINANCES' OR NOT includes_donations", name="donations_in_finances"
        ),
        Index(
            "ix_village_disclosures_region_code_kind_published_on",
            "region_code",
            "kind",
            "published_on",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("The village or community", index=False)
    kind: Mapped[DisclosureKind] = mapped_column(enum_type(DisclosureKind, "disclosure_kind"))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH_MAX))
    summary: Mapped[str] = mapped_column(String(SUMMARY_LENGTH_MAX))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    published_on: Mapped[dt.date] = mapped_column(Date)
    includes_donations: Mapped[bool] = mapped_column(
        Boolean, server_default="false", comment="Finances list donations (supermarket included)"
    )
    recorded_by_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
