"""regions

Revision ID: 0001
Revises:
Create Date: 2026-11-25 19:11:38.582549
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "code", sa.String(length=15, collation="C"), nullable=False, comment="Official code"
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "COUNTY",
                "TOWNSHIP",
                "VILLAGE",
                "GRID",
                name="region_level",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "COUNTY",
                "SUBDISTRICT",
                "TOWN",
                "TOWNSHIP",
                "DEVELOPMENT_ZONE",
                "VILLAGE",
                "COMMUNITY",
                "GRID",
                name="region_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("code ~ '^[0-9]+$'", name=op.f("ck_regions_code_digits")),
        sa.CheckConstraint(
            "length(code) = CASE level WHEN 'COUNTY' THEN 6 WHEN 'TOWNSHIP' THEN 9 WHEN 'VILLAGE' THEN 12 ELSE 15 END",
            name=op.f("ck_regions_code_length_matches_level"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["regions.id"],
            name=op.f("fk_regions_parent_id_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("code", name=op.f("uq_regions_code")),
    )
    op.create_index("ix_regions_level_code", "regions", ["level", "code"], unique=False)
    op.create_index("ix_regions_parent_id_code", "regions", ["parent_id", "code"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_regions_parent_id_code", table_name="regions")
    op.drop_index("ix_regions_level_code", table_name="regions")
    op.drop_table("regions")
