"""rate_limit_windows: one rate limit across API processes and hosts

Revision ID: 0022
Revises: 0013
Create Date: 2026-12-03

Each API process decides on its own (no round trip on a request's path) and, once a second,
adds the requests it let through to this table and reads the totals of every process: a client
over the limit is then refused everywhere until the window ends. UNLOGGED: the counters cost no
WAL and are worthless after a crash (an unlogged table is emptied by crash recovery and not
replicated, which is what a rate limit wants).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_windows",
        sa.Column("key", sa.String(length=80), nullable=False, comment="user:<id>, address:<ip>"),
        sa.Column(
            "window_start",
            sa.BigInteger(),
            nullable=False,
            comment="Epoch seconds the window starts at",
        ),
        sa.Column(
            "drawn", sa.Integer(), nullable=False, comment="Requests let through, all processes"
        ),
        sa.PrimaryKeyConstraint("key", "window_start", name=op.f("pk_rate_limit_windows")),
        prefixes=["UNLOGGED"],
    )


def downgrade() -> None:
    op.drop_table("rate_limit_windows")
