"""bank set-aside entries: an announced entry that cannot settle fails no other household

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

Until now one entry the ledger refused at the deadline (an award to a wallet closed meanwhile)
failed the whole settlement run, every run. The settler now records such an entry here and
settles the rest; the table is new, so no existing row is touched. The request role gets its
privileges from the default privileges of migration 0009.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table(
        "bank_set_aside_entries",
        sa.Column("application_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The holder's region (copied, for scoping)",
        ),
        sa.Column(
            "reason",
            sa.String(length=64),
            nullable=False,
            comment="Why settlement failed: the ledger's result code, e.g. CREDIT_ACCOUNT_CLOSED",
        ),
        sa.Column("set_aside_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["bank_applications.id"],
            name=op.f("fk_bank_set_aside_entries_application_id_bank_applications"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_bank_set_aside_entries_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_bank_set_aside_entries")),
    )
    op.create_index(
        op.f("ix_bank_set_aside_entries_region_code"),
        "bank_set_aside_entries",
        ["region_code"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_bank_set_aside_entries_region_code"), table_name="bank_set_aside_entries"
    )
    op.drop_table("bank_set_aside_entries")
