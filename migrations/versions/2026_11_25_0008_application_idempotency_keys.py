"""application idempotency keys: a proposer's retry of ``proposePoints`` answers the same row

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

Both columns are nullable (proposals without a key, and every existing row); the partial
unique index scopes a key to its proposer, as receipts scope theirs to the supermarket.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.add_column(
        "bank_applications",
        sa.Column(
            "idempotency_key",
            sa.String(length=64),
            nullable=True,
            comment="The proposer's client key: a retry answers this row (unique per proposer)",
        ),
    )
    op.add_column(
        "bank_applications",
        sa.Column(
            "request_digest",
            sa.String(length=64),
            nullable=True,
            comment="sha256 hex of rule, holder, day and note, to tell retries apart",
        ),
    )
    op.create_check_constraint(
        op.f("ck_bank_applications_key_has_digest"),
        "bank_applications",
        "(idempotency_key IS NULL) = (request_digest IS NULL)",
    )
    op.create_index(
        "uq_bank_applications_proposed_by_user_id_idempotency_key",
        "bank_applications",
        ["proposed_by_user_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_bank_applications_proposed_by_user_id_idempotency_key",
        table_name="bank_applications",
    )
    op.drop_constraint(
        op.f("ck_bank_applications_key_has_digest"), "bank_applications", type_="check"
    )
    op.drop_column("bank_applications", "request_digest")
    op.drop_column("bank_applications", "idempotency_key")
