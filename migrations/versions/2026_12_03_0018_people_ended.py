"""persons and households end-dated: ended_on and end_reason (death, moving away, merge)

Revision ID: 0018
Revises: 0020
Create Date: 2026-12-03

Nobody is deleted from the roster: a death or a move away sets ``ended_on`` (the last day the
person was current) and ``end_reason``; a household ends with its last member or when merged
into another. Both columns are null together. Nullable columns without a default rewrite no row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("persons", "households")
END_REASONS = ("DIED", "MOVED_AWAY", "MERGED", "OTHER")
ENDED_COMMENTS = {
    "persons": "Day of death or moving away; null while current. Never deleted",
    "households": "Last day the household was current (its last member ended, or merged)",
}


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    for table in TABLES:
        op.add_column(
            table, sa.Column("ended_on", sa.Date(), nullable=True, comment=ENDED_COMMENTS[table])
        )
        op.add_column(
            table,
            sa.Column(
                "end_reason",
                sa.Enum(
                    *END_REASONS,
                    name="end_reason",
                    native_enum=False,
                    length=10,
                    create_constraint=False,
                ),
                nullable=True,
            ),
        )
        # The model's enum CHECK, named as its metadata names it (add_column does not emit it).
        listed = ", ".join(f"'{reason}'" for reason in END_REASONS)
        op.create_check_constraint(
            op.f(f"ck_{table}_end_reason"), table, f"end_reason IN ({listed})"
        )
        op.create_check_constraint(
            op.f(f"ck_{table}_ended_with_reason"),
            table,
            "(ended_on IS NULL) = (end_reason IS NULL)",
        )
    op.create_check_constraint(
        op.f("ck_persons_ended_after_birth"),
        "persons",
        "ended_on IS NULL OR ended_on >= birth_date",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_persons_ended_after_birth"), "persons", type_="check")
    for table in TABLES:
        op.drop_constraint(op.f(f"ck_{table}_ended_with_reason"), table, type_="check")
        op.drop_constraint(op.f(f"ck_{table}_end_reason"), table, type_="check")
        op.drop_column(table, "end_reason")
        op.drop_column(table, "ended_on")
