"""users.grants_version: a role change reaches existing access tokens at once

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Access tokens carry their user's grants. Each change of a user's grants bumps this counter; a
token carries the counter it was issued with, and the session liveness check every signed-in
request makes (the same statement) compares the two, so a token issued before the change
stops working (401) and the client refreshes it with the new grants. A constant default:
adding the column rewrites no row (PostgreSQL 11+).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.add_column(
        "users",
        sa.Column(
            "grants_version",
            sa.BigInteger(),
            server_default="0",
            nullable=False,
            comment="Bumped by each change of the user's grants; access tokens carry it",
        ),
    )
    op.create_check_constraint(
        op.f("ck_users_grants_version_non_negative"), "users", "grants_version >= 0"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_users_grants_version_non_negative"), "users", type_="check")
    op.drop_column("users", "grants_version")
