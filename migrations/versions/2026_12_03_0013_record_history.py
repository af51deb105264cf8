"""record_history: every change to master data, with versions on persons and households

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

One append-only table for the history of every record staff keep (who, when, fields from → to,
why), written only through ``governance.history.service``. It is protected by the same trigger
as the logs (migration 0009): no UPDATE, DELETE or TRUNCATE. ``persons`` and ``households``
get their ``version`` (an edit names the version it was made against); the other master tables
get theirs in the migration that makes them editable. A constant default rewrites no row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("persons", "households")


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table(
        "record_history",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "entity",
            sa.String(length=40),
            nullable=False,
            comment="Kind of record, e.g. person, household",
        ),
        sa.Column(
            "entity_id", sa.BigInteger(), nullable=False, comment="The record's id in its table"
        ),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The record's region once changed",
        ),
        sa.Column("version", sa.Integer(), nullable=False, comment="The version this change made"),
        sa.Column(
            "action",
            sa.Enum(
                "CREATED",
                "CHANGED",
                "ENDED",
                "REOPENED",
                name="change_action",
                native_enum=False,
                length=8,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "changes",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment='{"field": {"from": old, "to": new}}; identifiers masked',
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "changed_by_user_id",
            sa.BigInteger(),
            nullable=True,
            comment="Null: a system import",
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_record_history_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_user_id"],
            ["users.id"],
            name=op.f("fk_record_history_changed_by_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_history")),
    )
    op.create_index(
        op.f("ix_record_history_entity_entity_id_version"),
        "record_history",
        ["entity", "entity_id", "version"],
    )
    op.create_index(op.f("ix_record_history_region_code"), "record_history", ["region_code"])
    op.execute(
        "CREATE TRIGGER record_history_append_only BEFORE UPDATE OR DELETE ON record_history "
        "FOR EACH ROW EXECUTE FUNCTION reject_change_to_append_only_table()"
    )
    op.execute(
        "CREATE TRIGGER record_history_no_truncate BEFORE TRUNCATE ON record_history "
        "FOR EACH STATEMENT EXECUTE FUNCTION reject_change_to_append_only_table()"
    )
    # As for the logs (0009): a restore or replica session does not bypass them.
    op.execute("ALTER TABLE record_history ENABLE ALWAYS TRIGGER record_history_append_only")
    op.execute("ALTER TABLE record_history ENABLE ALWAYS TRIGGER record_history_no_truncate")
    for table in VERSIONED:
        op.add_column(
            table,
            sa.Column(
                "version",
                sa.Integer(),
                server_default="1",
                nullable=False,
                comment="Bumped by each recorded change",
            ),
        )


def downgrade() -> None:
    for table in VERSIONED:
        op.drop_column(table, "version")
    op.drop_table("record_history")
