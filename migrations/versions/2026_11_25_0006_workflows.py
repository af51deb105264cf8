"""workflows: grid events and their timeline, deadline rules, dispute cases (parties,
mediators, sessions, timeline), petitions (petitioners, visits, timeline), hearings and
consultations, reception days, deliberation meetings and village-affairs disclosures

Generated from the models, then reviewed: every workflow table carries ``region_code``
(collation "C", FK to regions) for subtree range scans; CHECK constraints pair the services'
rules (levels match region codes, signed agreements, the 30-day confirmation window, at most
5 representatives or visitors, written replies, donations only in finances).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 20:19:09.403660
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deliberation_meetings",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Village (or a grid of it)",
        ),
        sa.Column(
            "form",
            sa.Enum(
                "VILLAGERS_TALK",
                "PUBLIC_OPINION_TALK",
                "PEOPLES_DELIBERATION",
                name="meeting_form",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("participants_count", sa.Integer(), nullable=False),
        sa.Column(
            "quorum_count",
            sa.Integer(),
            nullable=False,
            comment="Participants needed for decisions to stand",
        ),
        sa.Column("decisions", sa.String(length=4000), nullable=True),
        sa.Column("recorded_by_user_id", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "length(region_code) IN (12, 15)",
            name=op.f("ck_deliberation_meetings_region_code_level"),
        ),
        sa.CheckConstraint(
            "participants_count >= 0 AND quorum_count >= 1",
            name=op.f("ck_deliberation_meetings_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"],
            ["users.id"],
            name=op.f("fk_deliberation_meetings_recorded_by_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_deliberation_meetings_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliberation_meetings")),
    )
    op.create_index(
        "ix_deliberation_meetings_held_on", "deliberation_meetings", ["held_on"], unique=False
    )
    op.create_index(
        op.f("ix_deliberation_meetings_region_code"),
        "deliberation_meetings",
        ["region_code"],
        unique=False,
    )
    op.create_table(
        "event_deadline_rules",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code", sa.String(length=15, collation="C"), nullable=False, comment="The county"
        ),
        sa.Column(
            "category",
            sa.Enum(
                "DISPUTE",
                "SAFETY_HAZARD",
                "PUBLIC_SECURITY",
                "SANITATION",
                "LIVELIHOOD",
                "EPIDEMIC",
                name="deadline_rule_category",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "level",
            sa.Enum(
                "GRID",
                "VILLAGE",
                "TOWNSHIP",
                "COUNTY",
                name="deadline_rule_level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("hours", sa.Integer(), nullable=False, comment="Hours allowed at the level"),
        sa.CheckConstraint(
            "hours > 0 AND hours <= 2160", name=op.f("ck_event_deadline_rules_hours_range")
        ),
        sa.CheckConstraint(
            "length(region_code) IN (6)", name=op.f("ck_event_deadline_rules_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_event_deadline_rules_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_deadline_rules")),
        sa.UniqueConstraint(
            "region_code",
            "category",
            "level",
            name=op.f("uq_event_deadline_rules_region_code_category_level"),
        ),
    )
    op.create_table(
        "petitions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The receiving county, township or village",
        ),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("content", sa.String(length=4000), nullable=False),
        sa.Column(
            "major", sa.Boolean(), nullable=False, comment="A major case (hearings, consultations)"
        ),
        sa.Column(
            "status",
            sa.Enum(
                "RECEIVED",
                "ACCEPTED",
                "NOT_ACCEPTED",
                "REPLIED",
                "REVIEW_REQUESTED",
                "REVIEWED",
                "RE_REVIEW_REQUESTED",
                "RE_REVIEWED",
                name="petition_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "responsible_leader_name",
            sa.String(length=100),
            nullable=False,
            comment="Leader in charge of the case (包联)",
        ),
        sa.Column("responsible_leader_post", sa.String(length=100), nullable=False),
        sa.Column("petitioners_count", sa.Integer(), nullable=False),
        sa.Column(
            "representatives_count",
            sa.SmallInteger(),
            nullable=False,
            comment="Representatives of a joint visit (at most 5); 0 if not joint",
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True, comment="Accepted or declined on"),
        sa.Column(
            "due_on",
            sa.Date(),
            nullable=True,
            comment="Deadline of the current step; null when nothing is pending",
        ),
        sa.Column("extended", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply_text", sa.String(length=4000), nullable=True),
        sa.Column(
            "resolved",
            sa.Boolean(),
            nullable=True,
            comment="The latest written answer settled the matter",
        ),
        sa.Column("visits_count", sa.Integer(), server_default="1", nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'RECEIVED') = (decided_on IS NULL)", name=op.f("ck_petitions_decided")
        ),
        sa.CheckConstraint(
            "(status IN ('RECEIVED', 'NOT_ACCEPTED', 'ACCEPTED')) = (replied_on IS NULL)",
            name=op.f("ck_petitions_replied"),
        ),
        sa.CheckConstraint(
            "NOT extended OR status <> 'RECEIVED'",
            name=op.f("ck_petitions_extended_after_acceptance"),
        ),
        sa.CheckConstraint(
            "(reply_text IS NULL) = (replied_on IS NULL)", name=op.f("ck_petitions_written_reply")
        ),
        sa.CheckConstraint(
            "decided_on IS NULL OR decided_on >= received_on",
            name=op.f("ck_petitions_decided_after"),
        ),
        sa.CheckConstraint(
            "length(region_code) IN (6, 9, 12)", name=op.f("ck_petitions_region_code_level")
        ),
        sa.CheckConstraint(
            "petitioners_count BETWEEN 1 AND 500", name=op.f("ck_petitions_petitioners_count_range")
        ),
        sa.CheckConstraint(
            "representatives_count BETWEEN 0 AND 5", name=op.f("ck_petitions_representatives")
        ),
        sa.CheckConstraint("visits_count >= 1", name=op.f("ck_petitions_visits_count_positive")),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_petitions_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions")),
    )
    op.create_index("ix_petitions_due_on", "petitions", ["due_on"], unique=False)
    op.create_index(op.f("ix_petitions_region_code"), "petitions", ["region_code"], unique=False)
    op.create_table(
        "reception_days",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Where it was held (county, township, village)",
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("leader_name", sa.String(length=100), nullable=False),
        sa.Column("leader_post", sa.String(length=100), nullable=False),
        sa.Column("location", sa.String(length=100), nullable=False),
        sa.Column("petitioners_received", sa.Integer(), nullable=False),
        sa.Column("matters_resolved_on_site", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(region_code) IN (6, 9, 12)", name=op.f("ck_reception_days_region_code_level")
        ),
        sa.CheckConstraint(
            "petitioners_received >= 0 AND matters_resolved_on_site >= 0",
            name=op.f("ck_reception_days_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_reception_days_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reception_days")),
    )
    op.create_index("ix_reception_days_held_on", "reception_days", ["held_on"], unique=False)
    op.create_index(
        op.f("ix_reception_days_region_code"), "reception_days", ["region_code"], unique=False
    )
    op.create_table(
        "village_disclosures",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The village or community",
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "PARTY_AFFAIRS",
                "VILLAGE_AFFAIRS",
                "FINANCES",
                name="disclosure_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=4000), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column(
            "includes_donations",
            sa.Boolean(),
            server_default="false",
            nullable=False,
            comment="Finances list donations (supermarket included)",
        ),
        sa.Column("recorded_by_user_id", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "kind = 'FINANCES' OR NOT includes_donations",
            name=op.f("ck_village_disclosures_donations_in_finances"),
        ),
        sa.CheckConstraint(
            "length(region_code) IN (12)", name=op.f("ck_village_disclosures_region_code_level")
        ),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_village_disclosures_period")
        ),
        sa.CheckConstraint(
            "published_on >= period_start",
            name=op.f("ck_village_disclosures_published_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"],
            ["users.id"],
            name=op.f("fk_village_disclosures_recorded_by_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_village_disclosures_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_village_disclosures")),
    )
    op.create_index(
        "ix_village_disclosures_region_code_kind_published_on",
        "village_disclosures",
        ["region_code", "kind", "published_on"],
        unique=False,
    )
    op.create_table(
        "petition_hearings",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="County or township holding it",
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "HEARING",
                "CONSULTATION",
                name="hearing_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("petition_id", sa.BigInteger(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("chair_name", sa.String(length=100), nullable=False),
        sa.Column(
            "chair_post",
            sa.String(length=100),
            nullable=False,
            comment="e.g. 信访联席会议召集人, 政法委书记",
        ),
        sa.Column("participants_count", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(length=4000), nullable=False),
        sa.CheckConstraint(
            "length(region_code) IN (6, 9)", name=op.f("ck_petition_hearings_region_code_level")
        ),
        sa.CheckConstraint(
            "participants_count >= 1", name=op.f("ck_petition_hearings_participants_count_positive")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_hearings_petition_id_petitions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_petition_hearings_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_hearings")),
    )
    op.create_index("ix_petition_hearings_held_on", "petition_hearings", ["held_on"], unique=False)
    op.create_index(
        op.f("ix_petition_hearings_region_code"), "petition_hearings", ["region_code"], unique=False
    )
    op.create_table(
        "petition_transitions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("petition_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The petition's region (copied)",
        ),
        sa.Column(
            "action",
            sa.Enum(
                "RECEIVE",
                "ACCEPT",
                "DECLINE",
                "EXTEND",
                "REPLY",
                "REQUEST_REVIEW",
                "REVIEW",
                "REQUEST_RE_REVIEW",
                "RE_REVIEW",
                "RECORD_VISIT",
                name="petition_action",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "RECEIVED",
                "ACCEPTED",
                "NOT_ACCEPTED",
                "REPLIED",
                "REVIEW_REQUESTED",
                "REVIEWED",
                "RE_REVIEW_REQUESTED",
                "RE_REVIEWED",
                name="petition_from_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "RECEIVED",
                "ACCEPTED",
                "NOT_ACCEPTED",
                "REPLIED",
                "REVIEW_REQUESTED",
                "REVIEWED",
                "RE_REVIEW_REQUESTED",
                "RE_REVIEWED",
                name="petition_to_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("actor_user_id", sa.BigInteger(), nullable=False),
        sa.Column("actor_role", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            "(action = 'RECEIVE') = (from_status IS NULL)",
            name=op.f("ck_petition_transitions_receive_starts"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_petition_transitions_actor_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_transitions_petition_id_petitions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_petition_transitions_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_transitions")),
    )
    op.create_index(
        "ix_petition_transitions_petition_id_id",
        "petition_transitions",
        ["petition_id", "id"],
        unique=False,
    )
    op.create_table(
        "petition_visits",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("petition_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The petition's region (copied)",
        ),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("visitors_count", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            "visitors_count BETWEEN 1 AND 5", name=op.f("ck_petition_visits_visitors_count_range")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_visits_petition_id_petitions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_petition_visits_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_visits")),
    )
    op.create_index(
        "ix_petition_visits_petition_id_id", "petition_visits", ["petition_id", "id"], unique=False
    )
    op.create_table(
        "grid_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The grid the event happened in",
        ),
        sa.Column(
            "handling_region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The grid's ancestor at the handling level",
        ),
        sa.Column(
            "level",
            sa.Enum(
                "GRID",
                "VILLAGE",
                "TOWNSHIP",
                "COUNTY",
                name="event_level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "category",
            sa.Enum(
                "DISPUTE",
                "SAFETY_HAZARD",
                "PUBLIC_SECURITY",
                "SANITATION",
                "LIVELIHOOD",
                "EPIDEMIC",
                name="event_category",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "REPORTED",
                "ACCEPTED",
                "REJECTED",
                "ASSIGNED",
                "HANDLING",
                "FEEDBACK_GIVEN",
                "VERIFIED",
                "CLOSED",
                "EVALUATED",
                name="event_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum(
                "GRID_WORKER",
                "RESIDENT",
                "CENTER",
                name="event_source",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column(
            "attachment_refs",
            postgresql.ARRAY(sa.String(length=200)),
            nullable=False,
            comment="References to stored files (not data)",
        ),
        sa.Column("reporter_user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "reporter_person_id",
            sa.BigInteger(),
            nullable=True,
            comment="The resident who reported it (residents see their own reports)",
        ),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "level_entered_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the current level took the event (or reopened it)",
        ),
        sa.Column(
            "deadline_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Passing it while open escalates the event",
        ),
        sa.Column("assignee_person_id", sa.BigInteger(), nullable=True),
        sa.Column("assignee_department", sa.String(length=100), nullable=True),
        sa.Column("satisfaction", sa.SmallInteger(), nullable=True, comment="1 (poor) to 5"),
        sa.Column("reopen_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("escalation_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(satisfaction IS NOT NULL) = (status = 'EVALUATED')",
            name=op.f("ck_grid_events_evaluated"),
        ),
        sa.CheckConstraint(
            "length(handling_region_code) = CASE level WHEN 'GRID' THEN 15 WHEN 'VILLAGE' THEN 12 WHEN 'TOWNSHIP' THEN 9 ELSE 6 END",
            name=op.f("ck_grid_events_handling_level"),
        ),
        sa.CheckConstraint(
            "assignee_person_id IS NULL OR assignee_department IS NULL",
            name=op.f("ck_grid_events_one_assignee"),
        ),
        sa.CheckConstraint(
            "cardinality(attachment_refs) <= 10", name=op.f("ck_grid_events_attachments")
        ),
        sa.CheckConstraint(
            "deadline_at > level_entered_at", name=op.f("ck_grid_events_deadline_after_entry")
        ),
        sa.CheckConstraint(
            "left(region_code, length(handling_region_code)) = handling_region_code",
            name=op.f("ck_grid_events_handled_above_grid"),
        ),
        sa.CheckConstraint(
            "length(region_code) IN (15)", name=op.f("ck_grid_events_region_code_level")
        ),
        sa.CheckConstraint(
            "reopen_count >= 0 AND escalation_count >= 0", name=op.f("ck_grid_events_counts")
        ),
        sa.CheckConstraint(
            "satisfaction BETWEEN 1 AND 5", name=op.f("ck_grid_events_satisfaction_range")
        ),
        sa.ForeignKeyConstraint(
            ["assignee_person_id"],
            ["persons.id"],
            name=op.f("fk_grid_events_assignee_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["handling_region_code"],
            ["regions.code"],
            name=op.f("fk_grid_events_handling_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_grid_events_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_person_id"],
            ["persons.id"],
            name=op.f("fk_grid_events_reporter_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_user_id"],
            ["users.id"],
            name=op.f("fk_grid_events_reporter_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_events")),
    )
    op.create_index("ix_grid_events_deadline_at", "grid_events", ["deadline_at"], unique=False)
    op.create_index(
        op.f("ix_grid_events_region_code"), "grid_events", ["region_code"], unique=False
    )
    op.create_index(
        "ix_grid_events_reporter_person_id", "grid_events", ["reporter_person_id"], unique=False
    )
    op.create_table(
        "petitioners",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("petition_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The petition's region (copied)",
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("representative", sa.Boolean(), server_default="false", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_petitioners_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petitioners_petition_id_petitions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_petitioners_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitioners")),
    )
    op.create_index(
        "ix_petitioners_petition_id_id", "petitioners", ["petition_id", "id"], unique=False
    )
    op.create_table(
        "dispute_cases",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Where the dispute arose (township, village, grid)",
        ),
        sa.Column("committee_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "dispute_type",
            sa.Enum(
                "NEIGHBOURHOOD",
                "MARRIAGE_FAMILY",
                "LAND_FOREST",
                "DEBT",
                "LABOUR",
                "DAMAGES",
                "CONTRACT",
                "OTHER",
                name="dispute_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum(
                "PARTY_APPLICATION",
                "COMMITTEE_INITIATIVE",
                "GRID_EVENT",
                "REFERRAL",
                name="dispute_source",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("grid_event_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "REGISTERED",
                "MEDIATING",
                "AGREED",
                "FAILED",
                "REFERRED",
                "WITHDRAWN",
                name="dispute_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("summary", sa.String(length=2000), nullable=False),
        sa.Column(
            "amount_at_stake_fen",
            sa.BigInteger(),
            nullable=False,
            comment="Amount in dispute, in fen (1/100 yuan); 0 when none",
        ),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column(
            "referral",
            sa.Enum(
                "ARBITRATION",
                "ADMINISTRATIVE_RULING",
                "LITIGATION",
                name="dispute_referral",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("agreement_text", sa.String(length=4000), nullable=True),
        sa.Column(
            "agreement_signed_on",
            sa.Date(),
            nullable=True,
            comment="Signed by both parties and the signing mediator",
        ),
        sa.Column("signing_mediator_id", sa.BigInteger(), nullable=True),
        sa.Column("judicial_confirmation_requested_on", sa.Date(), nullable=True),
        sa.Column(
            "performance",
            sa.Enum(
                "PERFORMED",
                "PARTIALLY_PERFORMED",
                "NOT_PERFORMED",
                name="dispute_performance",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("followed_up_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "(source = 'GRID_EVENT') = (grid_event_id IS NOT NULL)",
            name=op.f("ck_dispute_cases_grid_event_iff_source"),
        ),
        sa.CheckConstraint(
            "(status = 'AGREED') = (agreement_signed_on IS NOT NULL AND agreement_text IS NOT NULL AND signing_mediator_id IS NOT NULL)",
            name=op.f("ck_dispute_cases_signed_agreement"),
        ),
        sa.CheckConstraint(
            "(status = 'REFERRED') = (referral IS NOT NULL)", name=op.f("ck_dispute_cases_referral")
        ),
        sa.CheckConstraint(
            "(status IN ('AGREED', 'FAILED', 'REFERRED', 'WITHDRAWN')) = (concluded_on IS NOT NULL)",
            name=op.f("ck_dispute_cases_concluded"),
        ),
        sa.CheckConstraint(
            "performance IS NULL OR status = 'AGREED'",
            name=op.f("ck_dispute_cases_performance_of_agreement"),
        ),
        sa.CheckConstraint(
            "amount_at_stake_fen >= 0", name=op.f("ck_dispute_cases_amount_non_negative")
        ),
        sa.CheckConstraint(
            "concluded_on IS NULL OR concluded_on >= registered_on",
            name=op.f("ck_dispute_cases_dates"),
        ),
        sa.CheckConstraint(
            "judicial_confirmation_requested_on IS NULL OR judicial_confirmation_requested_on BETWEEN agreement_signed_on AND agreement_signed_on + 30",
            name=op.f("ck_dispute_cases_judicial_confirmation_window"),
        ),
        sa.CheckConstraint(
            "length(region_code) IN (9, 12, 15)", name=op.f("ck_dispute_cases_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["mediation_committees.id"],
            name=op.f("fk_dispute_cases_committee_id_mediation_committees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["grid_event_id"],
            ["grid_events.id"],
            name=op.f("fk_dispute_cases_grid_event_id_grid_events"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_dispute_cases_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["signing_mediator_id"],
            ["mediators.id"],
            name=op.f("fk_dispute_cases_signing_mediator_id_mediators"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_cases")),
    )
    op.create_index(
        "ix_dispute_cases_committee_id_id", "dispute_cases", ["committee_id", "id"], unique=False
    )
    op.create_index(
        "ix_dispute_cases_grid_event_id", "dispute_cases", ["grid_event_id"], unique=False
    )
    op.create_index(
        op.f("ix_dispute_cases_region_code"), "dispute_cases", ["region_code"], unique=False
    )
    op.create_table(
        "grid_event_transitions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The event's grid (copied)",
        ),
        sa.Column(
            "action",
            sa.Enum(
                "REPORT",
                "ACCEPT",
                "REJECT",
                "ASSIGN",
                "START_HANDLING",
                "GIVE_FEEDBACK",
                "VERIFY",
                "RETURN_FOR_REWORK",
                "CLOSE",
                "EVALUATE",
                "REOPEN",
                "ESCALATE",
                "AUTO_ESCALATE",
                name="event_action",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "REPORTED",
                "ACCEPTED",
                "REJECTED",
                "ASSIGNED",
                "HANDLING",
                "FEEDBACK_GIVEN",
                "VERIFIED",
                "CLOSED",
                "EVALUATED",
                name="event_transition_from_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "REPORTED",
                "ACCEPTED",
                "REJECTED",
                "ASSIGNED",
                "HANDLING",
                "FEEDBACK_GIVEN",
                "VERIFIED",
                "CLOSED",
                "EVALUATED",
                name="event_transition_to_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_level",
            sa.Enum(
                "GRID",
                "VILLAGE",
                "TOWNSHIP",
                "COUNTY",
                name="event_from_level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_level",
            sa.Enum(
                "GRID",
                "VILLAGE",
                "TOWNSHIP",
                "COUNTY",
                name="event_to_level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("actor_user_id", sa.BigInteger(), nullable=True, comment="Null: by the clock"),
        sa.Column(
            "actor_role",
            sa.String(length=32),
            nullable=True,
            comment="Role the actor acted through",
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            "(action = 'AUTO_ESCALATE') = (actor_user_id IS NULL)",
            name=op.f("ck_grid_event_transitions_automatic_has_no_actor"),
        ),
        sa.CheckConstraint(
            "(action = 'REPORT') = (from_status IS NULL)",
            name=op.f("ck_grid_event_transitions_report_starts"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_grid_event_transitions_actor_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["grid_events.id"],
            name=op.f("fk_grid_event_transitions_event_id_grid_events"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_grid_event_transitions_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_event_transitions")),
    )
    op.create_index(
        "ix_grid_event_transitions_event_id_id",
        "grid_event_transitions",
        ["event_id", "id"],
        unique=False,
    )
    op.create_table(
        "dispute_case_mediators",
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("mediator_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The case's region (copied)",
        ),
        sa.Column("lead", sa.Boolean(), server_default="false", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_cases.id"],
            name=op.f("fk_dispute_case_mediators_case_id_dispute_cases"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_dispute_case_mediators_mediator_id_mediators"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_dispute_case_mediators_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("case_id", "mediator_id", name=op.f("pk_dispute_case_mediators")),
    )
    op.create_index(
        "ix_dispute_case_mediators_mediator_id",
        "dispute_case_mediators",
        ["mediator_id"],
        unique=False,
    )
    op.create_table(
        "dispute_parties",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The case's region (copied)",
        ),
        sa.Column(
            "side",
            sa.Enum(
                "APPLICANT",
                "RESPONDENT",
                name="party_side",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=True, comment="If a known resident"),
        sa.Column("organization", sa.Boolean(), server_default="false", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_cases.id"],
            name=op.f("fk_dispute_parties_case_id_dispute_cases"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_dispute_parties_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_dispute_parties_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_parties")),
    )
    op.create_index(
        "ix_dispute_parties_case_id_id", "dispute_parties", ["case_id", "id"], unique=False
    )
    op.create_table(
        "dispute_transitions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The case's region (copied)",
        ),
        sa.Column(
            "action",
            sa.Enum(
                "REGISTER",
                "HOLD_SESSION",
                "REACH_AGREEMENT",
                "FAIL",
                "REFER",
                "WITHDRAW",
                "REQUEST_JUDICIAL_CONFIRMATION",
                "RECORD_PERFORMANCE",
                name="dispute_action",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "REGISTERED",
                "MEDIATING",
                "AGREED",
                "FAILED",
                "REFERRED",
                "WITHDRAWN",
                name="dispute_from_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "REGISTERED",
                "MEDIATING",
                "AGREED",
                "FAILED",
                "REFERRED",
                "WITHDRAWN",
                name="dispute_to_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("actor_user_id", sa.BigInteger(), nullable=False),
        sa.Column("actor_role", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            "(action = 'REGISTER') = (from_status IS NULL)",
            name=op.f("ck_dispute_transitions_register_starts"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_dispute_transitions_actor_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_cases.id"],
            name=op.f("fk_dispute_transitions_case_id_dispute_cases"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_dispute_transitions_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_transitions")),
    )
    op.create_index(
        "ix_dispute_transitions_case_id_id", "dispute_transitions", ["case_id", "id"], unique=False
    )
    op.create_table(
        "mediation_sessions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The case's region (copied)",
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("mediator_id", sa.BigInteger(), nullable=False, comment="Who led it"),
        sa.Column(
            "notes",
            sa.String(length=4000),
            nullable=True,
            comment="Case notes: sensitive (personal_data.reveal)",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_cases.id"],
            name=op.f("fk_mediation_sessions_case_id_dispute_cases"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_mediation_sessions_mediator_id_mediators"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_mediation_sessions_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_sessions")),
    )
    op.create_index(
        "ix_mediation_sessions_case_id_id", "mediation_sessions", ["case_id", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_mediation_sessions_case_id_id", table_name="mediation_sessions")
    op.drop_table("mediation_sessions")
    op.drop_index("ix_dispute_transitions_case_id_id", table_name="dispute_transitions")
    op.drop_table("dispute_transitions")
    op.drop_index("ix_dispute_parties_case_id_id", table_name="dispute_parties")
    op.drop_table("dispute_parties")
    op.drop_index("ix_dispute_case_mediators_mediator_id", table_name="dispute_case_mediators")
    op.drop_table("dispute_case_mediators")
    op.drop_index("ix_grid_event_transitions_event_id_id", table_name="grid_event_transitions")
    op.drop_table("grid_event_transitions")
    op.drop_index(op.f("ix_dispute_cases_region_code"), table_name="dispute_cases")
    op.drop_index("ix_dispute_cases_grid_event_id", table_name="dispute_cases")
    op.drop_index("ix_dispute_cases_committee_id_id", table_name="dispute_cases")
    op.drop_table("dispute_cases")
    op.drop_index("ix_petitioners_petition_id_id", table_name="petitioners")
    op.drop_table("petitioners")
    op.drop_index("ix_grid_events_reporter_person_id", table_name="grid_events")
    op.drop_index(op.f("ix_grid_events_region_code"), table_name="grid_events")
    op.drop_index("ix_grid_events_deadline_at", table_name="grid_events")
    op.drop_table("grid_events")
    op.drop_index("ix_petition_visits_petition_id_id", table_name="petition_visits")
    op.drop_table("petition_visits")
    op.drop_index("ix_petition_transitions_petition_id_id", table_name="petition_transitions")
    op.drop_table("petition_transitions")
    op.drop_index(op.f("ix_petition_hearings_region_code"), table_name="petition_hearings")
    op.drop_index("ix_petition_hearings_held_on", table_name="petition_hearings")
    op.drop_table("petition_hearings")
    op.drop_index(
        "ix_village_disclosures_region_code_kind_published_on", table_name="village_disclosures"
    )
    op.drop_table("village_disclosures")
    op.drop_index(op.f("ix_reception_days_region_code"), table_name="reception_days")
    op.drop_index("ix_reception_days_held_on", table_name="reception_days")
    op.drop_table("reception_days")
    op.drop_index(op.f("ix_petitions_region_code"), table_name="petitions")
    op.drop_index("ix_petitions_due_on", table_name="petitions")
    op.drop_table("petitions")
    op.drop_table("event_deadline_rules")
    op.drop_index(op.f("ix_deliberation_meetings_region_code"), table_name="deliberation_meetings")
    op.drop_index("ix_deliberation_meetings_held_on", table_name="deliberation_meetings")
    op.drop_table("deliberation_meetings")
