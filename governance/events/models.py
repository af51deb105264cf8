"""Grid events, their timeline of transitions, and configurable deadlines per category and level.

An event belongs to the grid it happened in (``region_code``) for ever; the level handling it
moves up by escalation, and ``handling_region_code`` is the grid's ancestor at that level.
The deadline runs while the event is open at a level; passing it escalates the event.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column
from governance.regions.codes import REGION_CODE_LENGTH_MAX
from governance.workflows.common import NOTE_LENGTH_MAX, Level
from kit.models import Base

TITLE_LENGTH_MAX = 100
DESCRIPTION_LENGTH_MAX = 2_000
ATTACHMENTS_MAX = 10
ATTACHMENT_REF_LENGTH_MAX = 200
DEPARTMENT_LENGTH_MAX = 100
SATISFACTION_MIN = 1
SATISFACTION_MAX = 5
DEADLINE_HOURS_MAX = 24 * 90
ROLE_LENGTH_MAX = 32


class EventCategory(enum.StrEnum):
    DISPUTE = "DISPUTE"  # 矛盾纠纷
    SAFETY_HAZARD = "SAFETY_HAZARD"  # 安全隐患
    PUBLIC_SECURITY = "PUBLIC_SECURITY"  # 治安
    SANITATION = "SANITATION"  # 环境卫生
    LIVELIHOOD = "LIVELIHOOD"  # 民生诉求
    EPIDEMIC = "EPIDEMIC"  # 疫情防控


class EventStatus(enum.StrEnum):
    REPORTED = "REPORTED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    ASSIGNED = "ASSIGNED"
    HANDLING = "HANDLING"
    FEEDBACK_GIVEN = "FEEDBACK_GIVEN"
    VERIFIED = "VERIFIED"
    CLOSED = "CLOSED"
    EVALUATED = "EVALUATED"


class EventSource(enum.StrEnum):
    GRID_WORKER = "GRID_WORKER"
    RESIDENT = "RESIDENT"
    CENTER = "CENTER"


class EventAction(enum.StrEnum):
    REPORT = "REPORT"
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"
    ASSIGN = "ASSIGN"
    START_HANDLING = "START_HANDLING"
    GIVE_FEEDBACK = "GIVE_FEEDBACK"
    VERIFY = "VERIFY"
    RETURN_FOR_REWORK = "RETURN_FOR_REWORK"
    CLOSE = "CLOSE"
    EVALUATE = "EVALUATE"
    REOPEN = "REOPEN"
    ESCALATE = "ESCALATE"
    # Done by the clock, not a person: the deadline at the level passed.
    AUTO_ESCALATE = "AUTO_ESCALATE"


def _level_matches_region(column: str) -> str:
    return (
        f"length({column}) = CASE level WHEN 'GRID' THEN 15 WHEN 'VILLAGE' THEN 12 "
        "WHEN 'TOWNSHIP' THEN 9 ELSE 6 END"
    )


class GridEvent(Base):
    __tablename__ = "grid_events"
    __table_args__ = (
        code_length_check((15,)),
        CheckConstraint(_level_matches_region("handling_region_code"), name="handling_level"),
        CheckConstraint(
            "left(region_code, length(handling_region_code)) = handling_region_code",
            name="handled_above_grid",
        ),
        CheckConstraint(
            "assignee_person_id IS NULL OR assignee_department IS NULL", name="one_assignee"
        ),
        CheckConstraint(
            f"satisfaction BETWEEN {SATISFACTION_MIN} AND {SATISFACTION_MAX}",
            name="satisfaction_range",
        ),
        CheckConstraint("(satisfaction IS NOT NULL) = (status = 'EVALUATED')", name="evaluated"),
        CheckConstraint("reopen_count >= 0 AND escalation_count >= 0", name="counts"),
        CheckConstraint(f"cardinality(attachment_refs) <= {ATTACHMENTS_MAX}", name="attachments"),
        CheckConstraint("deadline_at > level_entered_at", name="deadline_after_entry"),
        Index("ix_grid_events_deadline_at", "deadline_at"),
        Index("ix_grid_events_reporter_person_id", "reporter_person_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("The grid the event happened in")
    handling_region_code: Mapped[str] = mapped_column(
        String(REGION_CODE_LENGTH_MAX, collation="C"),
        ForeignKey("regions.code", ondelete="RESTRICT"),
        comment="The grid's ancestor at the handling level",
    )
    level: Mapped[Level] = mapped_column(enum_type(Level, "event_level"))
    category: Mapped[EventCategory] = mapped_column(enum_type(EventCategory, "event_category"))
    status: Mapped[EventStatus] = mapped_column(enum_type(EventStatus, "event_status"))
    source: Mapped[EventSource] = mapped_column(enum_type(EventSource, "event_source"))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH_MAX))
    description: Mapped[str] = mapped_column(String(DESCRIPTION_LENGTH_MAX))
    attachment_refs: Mapped[list[str]] = mapped_column(
        ARRAY(String(ATTACHMENT_REF_LENGTH_MAX)), comment="References to stored files (not data)"
    )
    reporter_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    reporter_person_id: Mapped[int | None] = mapped_column(
        BigInteger,
        ForeignKey("persons.id", ondelete="RESTRICT"),
        comment="The resident who reported it (residents see their own reports)",
    )
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    level_entered_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), comment="When the current level took the event (or reopened it)"
    )
    deadline_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), comment="Passing it while open escalates the event"
    )
    assignee_person_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT")
    )
    assignee_department: Mapped[str | None] = mapped_column(String(DEPARTMENT_LENGTH_MAX))
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger, comment="1 (poor) to 5")
    reopen_count: Mapped[int] = mapped_column(Integer, server_default="0")
    escalation_count: Mapped[int] = mapped_column(Integer, server_default="0")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class GridEventTransition(Base):
    """One accepted step of an event (its timeline); refused steps leave no row."""

    __tablename__ = "grid_event_transitions"
    __table_args__ = (
        CheckConstraint(
            "(action = 'AUTO_ESCALATE') = (actor_user_id IS NULL)", name="automatic_has_no_actor"
        ),
        CheckConstraint("(action = 'REPORT') = (from_status IS NULL)", name="report_starts"),
        Index("ix_grid_event_transitions_event_id_id", "event_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    event_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("grid_events.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The event's grid (copied)", index=False)
    action: Mapped[EventAction] = mapped_column(enum_type(EventAction, "event_action"))
    from_status: Mapped[EventStatus | None] = mapped_column(
        enum_type(EventStatus, "event_transition_from_status")
    )
    to_status: Mapped[EventStatus] = mapped_column(
        enum_type(EventStatus, "event_transition_to_status")
    )
    from_level: Mapped[Level | None] = mapped_column(enum_type(Level, "event_from_level"))
    to_level: Mapped[Level] = mapped_column(enum_type(Level, "event_to_level"))
    actor_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT"), comment="Null: by the clock"
    )
    actor_role: Mapped[str | None] = mapped_column(
        String(ROLE_LENGTH_MAX), comment="Role the actor acted through"
    )
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH_MAX))


class EventDeadlineRule(Base):
    """A county's deadline for one category at one level; missing rules use the defaults."""

    __tablename__ = "event_deadline_rules"
    __table_args__ = (
        code_length_check((6,)),
        CheckConstraint(f"hours > 0 AND hours <= {DEADLINE_HOURS_MAX}", name="hours_range"),
        UniqueConstraint("region_code", "category", "level"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("The county", index=False)
    category: Mapped[EventCategory] = mapped_column(
        enum_type(EventCategory, "deadline_rule_category")
    )
    level: Mapped[Level] = mapped_column(enum_type(Level, "deadline_rule_level"))
    hours: Mapped[int] = mapped_column(Integer, comment="Hours allowed at the level")
