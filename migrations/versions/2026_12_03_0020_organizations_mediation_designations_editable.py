"""Social organizations, mediation committees and mediators, region designations and grid
assignments made editable: versions, end dates, one open committee per region

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03

Each table gets its ``version`` (an edit names the version it was made against; history in
``record_history``). Organizations get ``ended_on`` (the day they stopped counting: dissolved),
committees get ``ended_on`` (closed). A region keeps one open committee: the unique constraint
on ``region_code`` becomes a unique index over open committees, so a closed committee stays on
record beside its successor. A grid assignment (who is in charge of a grid, 包联) is held by a
person of the roster or, for the township officials' roles, by an official named in words
(``official_name``, ``official_post``): ``person_id`` becomes nullable, exactly one is set.
Existing rows all name a person and keep it. Constant defaults rewrite no row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = (
    "social_organizations",
    "mediation_committees",
    "mediators",
    "region_designations",
    "grid_assignments",
)
ENDED_ON_COMMENTS = {
    "social_organizations": "Day it stopped counting (dissolved); null while it exists",
    "mediation_committees": "Day it closed (no longer counts); null while open",
}


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    _grid_officials_up()
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
    for table, comment in ENDED_ON_COMMENTS.items():
        op.add_column(table, sa.Column("ended_on", sa.Date(), nullable=True, comment=comment))
    op.create_check_constraint(
        op.f("ck_social_organizations_ends_after_founding"),
        "social_organizations",
        "ended_on IS NULL OR founded_on IS NULL OR ended_on >= founded_on",
    )
    op.create_check_constraint(
        op.f("ck_mediation_committees_ends_after_establishment"),
        "mediation_committees",
        "ended_on IS NULL OR established_on IS NULL OR ended_on >= established_on",
    )
    op.drop_constraint(
        op.f("uq_mediation_committees_region_code"), "mediation_committees", type_="unique"
    )
    op.create_index(
        op.f("ix_mediation_committees_region_code"), "mediation_committees", ["region_code"]
    )
    op.create_index(
        "uq_mediation_committees_open_region_code",
        "mediation_committees",
        ["region_code"],
        unique=True,
        postgresql_where=sa.text("ended_on IS NULL"),
    )


def _grid_officials_up() -> None:
    op.add_column(
        "grid_assignments",
        sa.Column(
            "official_name",
            sa.String(length=50),
            nullable=True,
            comment="A township official in charge (包联) not on the roster, by name",
        ),
    )
    op.add_column(
        "grid_assignments",
        sa.Column(
            "official_post",
            sa.String(length=100),
            nullable=True,
            comment="The named official's post",
        ),
    )
    op.alter_column(
        "grid_assignments",
        "person_id",
        existing_type=sa.BigInteger(),
        nullable=True,
        comment="Null: an official",
    )
    op.create_check_constraint(
        op.f("ck_grid_assignments_person_or_official"),
        "grid_assignments",
        "(person_id IS NULL) = (official_name IS NOT NULL)",
    )
    op.create_check_constraint(
        op.f("ck_grid_assignments_post_with_official"),
        "grid_assignments",
        "official_post IS NULL OR official_name IS NOT NULL",
    )


def _grid_officials_down() -> None:
    """Refused (NOT NULL) while any assignment is held by a named official: nothing is lost."""
    op.drop_constraint(
        op.f("ck_grid_assignments_post_with_official"), "grid_assignments", type_="check"
    )
    op.drop_constraint(
        op.f("ck_grid_assignments_person_or_official"), "grid_assignments", type_="check"
    )
    op.alter_column(
        "grid_assignments",
        "person_id",
        existing_type=sa.BigInteger(),
        nullable=False,
        comment=None,
    )
    op.drop_column("grid_assignments", "official_post")
    op.drop_column("grid_assignments", "official_name")


def downgrade() -> None:
    _grid_officials_down()
    op.drop_index("uq_mediation_committees_open_region_code", table_name="mediation_committees")
    op.drop_index("ix_mediation_committees_region_code", table_name="mediation_committees")
    op.create_unique_constraint(
        "uq_mediation_committees_region_code", "mediation_committees", ["region_code"]
    )
    op.drop_constraint(
        op.f("ck_mediation_committees_ends_after_establishment"), "mediation_committees", "check"
    )
    op.drop_constraint(
        op.f("ck_social_organizations_ends_after_founding"), "social_organizations", "check"
    )
    for table in ENDED_ON_COMMENTS:
        op.drop_column(table, "ended_on")
    for table in VERSIONED:
        op.drop_column(table, "version")
