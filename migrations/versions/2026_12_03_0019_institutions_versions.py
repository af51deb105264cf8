"""Institutions kept over the API: versions, and end dates on centers and facilities

Revision ID: 0019
Revises: 0022
Create Date: 2026-12-03

Governance centers, their staff, service facilities, service posts and insurance participation
become editable through ``governance.history.service``: each gets its ``version`` (an edit names
the version it was made against). Centers and facilities get ``ended_on`` (the last day open;
a closed one is kept, never deleted), paired with a CHECK that it does not precede the opening.
Staff and posts had ``ended_on`` already. Constant defaults and nullable columns: adding them
rewrites no row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = (
    "governance_centers",
    "center_staff",
    "service_facilities",
    "service_posts",
    "insurance_participation",
)
# table -> (the column the end may not precede, the CHECK's name)
ENDED = {
    "governance_centers": ("established_on", "ends_after_establishment"),
    "service_facilities": ("opened_on", "ends_after_opening"),
}


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
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
    for table, (opened, check) in ENDED.items():
        op.add_column(
            table,
            sa.Column("ended_on", sa.Date(), nullable=True, comment="Last day open; null: open"),
        )
        op.create_check_constraint(
            op.f(f"ck_{table}_{check}"),
            table,
            f"ended_on IS NULL OR {opened} IS NULL OR ended_on >= {opened}",
        )


def downgrade() -> None:
    for table, (_, check) in ENDED.items():
        op.drop_constraint(op.f(f"ck_{table}_{check}"), table, type_="check")
        op.drop_column(table, "ended_on")
    for table in VERSIONED:
        op.drop_column(table, "version")
