"""users.password_change_required: a reset password must be changed at the next sign-in

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

Set by an administrator's password reset (the account signs in with a one-time code); while set,
the account's sessions carry no role, so they can do nothing but change the password. A
constant default: adding the column rewrites no row (PostgreSQL 11+).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.add_column(
        "users",
        sa.Column(
            "password_change_required",
            sa.Boolean(),
            server_default="false",
            nullable=False,
            comment=(
                "Set by a password reset: its sessions hold no role until the password changes"
            ),
        ),
    )


def downgrade() -> None:
    op.drop_column("users", "password_change_required")
