"""governance structure: people, households, grid workers, centers, facilities, organizations, mediation

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:20:38.975992
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "governance_centers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="County, township or village code",
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "length(region_code) IN (6, 9, 12)",
            name=op.f("ck_governance_centers_region_code_level"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_governance_centers_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_centers")),
        sa.UniqueConstraint("region_code", name=op.f("uq_governance_centers_region_code")),
    )
    op.create_table(
        "households",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "number", sa.String(length=32), nullable=False, comment="Household number (户号)"
        ),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Village code, or grid code once placed",
        ),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("head_person_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "length(region_code) IN (12, 15)", name=op.f("ck_households_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_households_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
        sa.UniqueConstraint("number", name=op.f("uq_households_number")),
    )
    op.create_index(op.f("ix_households_region_code"), "households", ["region_code"], unique=False)
    op.create_table(
        "insurance_participation",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Village code",
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("residents_total", sa.Integer(), nullable=False, comment="Residents, persons"),
        sa.Column(
            "residents_insured", sa.Integer(), nullable=False, comment="Insured residents, persons"
        ),
        sa.CheckConstraint(
            "length(region_code) IN (12)", name=op.f("ck_insurance_participation_region_code_level")
        ),
        sa.CheckConstraint(
            "residents_insured <= residents_total",
            name=op.f("ck_insurance_participation_insured_at_most_total"),
        ),
        sa.CheckConstraint(
            "residents_insured >= 0", name=op.f("ck_insurance_participation_insured_not_negative")
        ),
        sa.CheckConstraint(
            "year BETWEEN 2000 AND 2100", name=op.f("ck_insurance_participation_year_plausible")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_insurance_participation_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insurance_participation")),
        sa.UniqueConstraint(
            "region_code", "year", name=op.f("uq_insurance_participation_region_code_year")
        ),
    )
    op.create_table(
        "mediation_committees",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Township or village code",
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "length(region_code) IN (9, 12)", name=op.f("ck_mediation_committees_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_mediation_committees_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_committees")),
        sa.UniqueConstraint("region_code", name=op.f("uq_mediation_committees_region_code")),
    )
    op.create_table(
        "service_facilities",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Township or village code",
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "PSYCHOLOGICAL_COUNSELING_ROOM",
                "POLICE_POST",
                "COMPREHENSIVE_SERVICE_STATION",
                "GOVERNMENT_SERVICE_POINT",
                "CULTURAL_STATION",
                "CULTURAL_SQUARE",
                "LIBRARY",
                "MEDIATION_ROOM",
                "COURT",
                name="facility_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "length(region_code) IN (9, 12)", name=op.f("ck_service_facilities_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_service_facilities_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_facilities")),
    )
    op.create_index(
        op.f("ix_service_facilities_region_code"),
        "service_facilities",
        ["region_code"],
        unique=False,
    )
    op.create_table(
        "social_organizations",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "VOLUNTEER_SERVICE",
                "ELDERLY_CARE",
                "CULTURE_AND_SPORTS",
                "CHARITY",
                "MUTUAL_AID",
                "PUBLIC_SAFETY",
                "PROFESSIONAL_COOPERATIVE",
                "OWNERS_COMMITTEE",
                name="organization_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Village or community code",
        ),
        sa.Column(
            "incubator_region_code",
            sa.String(length=15, collation="C"),
            nullable=True,
            comment="County or township whose incubation base (孵化基地) incubated it",
        ),
        sa.Column(
            "status",
            sa.Enum(
                "INCUBATING",
                "ACTIVE",
                "SUSPENDED",
                "DISSOLVED",
                name="organization_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "length(region_code) IN (12)", name=op.f("ck_social_organizations_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["incubator_region_code"],
            ["regions.code"],
            name=op.f("fk_social_organizations_incubator_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_social_organizations_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_social_organizations")),
    )
    op.create_index(
        op.f("ix_social_organizations_region_code"),
        "social_organizations",
        ["region_code"],
        unique=False,
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column(
            "gender",
            sa.Enum("MALE", "FEMALE", name="gender", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column(
            "id_card_number",
            sa.String(length=18),
            nullable=False,
            comment="Full GB 11643 number; shown masked",
        ),
        sa.Column(
            "phone", sa.String(length=11), nullable=True, comment="Mobile number; shown masked"
        ),
        sa.Column("household_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "relation_to_head",
            sa.Enum(
                "HEAD",
                "SPOUSE",
                "CHILD",
                "PARENT",
                "GRANDCHILD",
                "GRANDPARENT",
                "SIBLING",
                "OTHER",
                name="relation_to_head",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The household's region code (copied)",
        ),
        sa.Column(
            "tags",
            postgresql.ARRAY(sa.String(length=32)),
            server_default="{}",
            nullable=False,
            comment="PersonTag values",
        ),
        sa.CheckConstraint(
            "id_card_number ~ '^[0-9]{17}[0-9X]$'", name=op.f("ck_persons_id_card_number_format")
        ),
        sa.CheckConstraint("phone ~ '^1[0-9]{10}$'", name=op.f("ck_persons_phone_mobile")),
        sa.CheckConstraint(
            "substring(id_card_number from 7 for 8) = to_char(birth_date, 'YYYYMMDD')",
            name=op.f("ck_persons_id_card_number_birth_date"),
        ),
        sa.CheckConstraint(
            "tags <@ ARRAY['EMPTY_NEST_ELDER', 'LEFT_BEHIND_CHILD', 'LIFTED_OUT_OF_POVERTY', 'MINIMUM_LIVING_ALLOWANCE', 'DISABLED', 'PARTY_MEMBER', 'VETERAN_PARTY_MEMBER', 'MILITARY_VETERAN', 'RETIRED_CADRE_OR_WORKER', 'UNEMPLOYED']::varchar[]",
            name=op.f("ck_persons_tags_known"),
        ),
        sa.CheckConstraint(
            "length(region_code) IN (12, 15)", name=op.f("ck_persons_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_persons_household_id_households"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_persons_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
        sa.UniqueConstraint("id_card_number", name=op.f("uq_persons_id_card_number")),
    )
    # Households and persons point at each other; the head's key is added once both exist.
    op.create_foreign_key(
        op.f("fk_households_head_person_id_persons"),
        "households",
        "persons",
        ["head_person_id"],
        ["id"],
        ondelete="SET NULL",
        deferrable=True,
        initially="DEFERRED",
    )
    op.create_index("ix_persons_household_id_id", "persons", ["household_id", "id"], unique=False)
    op.create_index("ix_persons_birth_date_id", "persons", ["birth_date", "id"], unique=False)
    op.create_index("ix_persons_name_id", "persons", ["name", "id"], unique=False)
    op.create_index(op.f("ix_persons_region_code"), "persons", ["region_code"], unique=False)
    op.create_index("ix_persons_tags", "persons", ["tags"], unique=False, postgresql_using="gin")
    op.create_table(
        "center_staff",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("center_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The center's region code (copied)",
        ),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "position",
            sa.Enum(
                "DIRECTOR",
                "POLITICAL_LEGAL",
                "PETITION",
                "MEDIATION",
                "GRID_MANAGEMENT",
                "PSYCHOLOGICAL_SERVICE",
                name="center_staff_position",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_center_staff_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["center_id"],
            ["governance_centers.id"],
            name=op.f("fk_center_staff_center_id_governance_centers"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_center_staff_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_center_staff_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_center_staff")),
    )
    op.create_index(
        "ix_center_staff_center_id_id", "center_staff", ["center_id", "id"], unique=False
    )
    op.create_index(
        op.f("ix_center_staff_region_code"), "center_staff", ["region_code"], unique=False
    )
    op.create_table(
        "grid_assignments",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The grid's code",
        ),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "TOWNSHIP_PARTY_SECRETARY",
                "TOWNSHIP_HEAD",
                "POLITICAL_LEGAL_SECRETARY",
                "JUSTICE_OFFICE_HEAD",
                "VILLAGE_PARTY_SECRETARY",
                "VILLAGER_GROUP_LEADER",
                "VILLAGER_REPRESENTATIVE",
                "VOLUNTEER",
                name="grid_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "volunteer_source",
            sa.Enum(
                "VETERAN_PARTY_MEMBER",
                "RETIRED_CADRE_OR_WORKER",
                "UNEMPLOYED",
                name="volunteer_source",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "duties",
            postgresql.ARRAY(sa.String(length=32)),
            nullable=False,
            comment="GridDuty values",
        ),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True, comment="Last day; null while active"),
        sa.CheckConstraint(
            "(role = 'VOLUNTEER') = (volunteer_source IS NOT NULL)",
            name=op.f("ck_grid_assignments_volunteer_source_iff_volunteer"),
        ),
        sa.CheckConstraint(
            "duties <@ ARRAY['INFORMATION_AND_PUBLICITY', 'DISPUTE_MEDIATION', 'SAFETY_HAZARDS', 'POPULATION_INFORMATION', 'EPIDEMIC_PREVENTION']::varchar[] AND cardinality(duties) > 0",
            name=op.f("ck_grid_assignments_duties_known"),
        ),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_grid_assignments_ends_after_start"),
        ),
        sa.CheckConstraint(
            "length(region_code) IN (15)", name=op.f("ck_grid_assignments_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_grid_assignments_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_grid_assignments_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_assignments")),
    )
    op.create_index(
        "ix_grid_assignments_person_id_id", "grid_assignments", ["person_id", "id"], unique=False
    )
    op.create_index(
        op.f("ix_grid_assignments_region_code"), "grid_assignments", ["region_code"], unique=False
    )
    op.create_table(
        "mediators",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("committee_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The committee's region code (copied)",
        ),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "CHAIR",
                "VICE_CHAIR",
                "MEMBER",
                name="mediator_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("full_time", sa.Boolean(), nullable=False, comment="专职 (true) or 兼职 (false)"),
        sa.Column(
            "gold_medal",
            sa.Boolean(),
            server_default="false",
            nullable=False,
            comment="Recognised as 金牌调解员",
        ),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on", name=op.f("ck_mediators_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["mediation_committees.id"],
            name=op.f("fk_mediators_committee_id_mediation_committees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_mediators_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_mediators_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediators")),
    )
    op.create_index(
        "ix_mediators_committee_id_id", "mediators", ["committee_id", "id"], unique=False
    )
    op.create_index(op.f("ix_mediators_region_code"), "mediators", ["region_code"], unique=False)
    op.create_table(
        "service_posts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="Township or village served",
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "COMMUNITY_POLICE_OFFICER",
                "LEGAL_ADVISER",
                "RULE_OF_LAW_DEPUTY_HEAD",
                name="service_post_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "organization",
            sa.String(length=100),
            nullable=False,
            comment="Police station, law firm, court…",
        ),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_service_posts_ends_after_start"),
        ),
        sa.CheckConstraint(
            "length(region_code) IN (9, 12)", name=op.f("ck_service_posts_region_code_level")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_service_posts_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_service_posts_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_posts")),
    )
    op.create_index(
        op.f("ix_service_posts_region_code"), "service_posts", ["region_code"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_service_posts_region_code"), table_name="service_posts")
    op.drop_table("service_posts")
    op.drop_index(op.f("ix_mediators_region_code"), table_name="mediators")
    op.drop_index("ix_mediators_committee_id_id", table_name="mediators")
    op.drop_table("mediators")
    op.drop_index(op.f("ix_grid_assignments_region_code"), table_name="grid_assignments")
    op.drop_index("ix_grid_assignments_person_id_id", table_name="grid_assignments")
    op.drop_table("grid_assignments")
    op.drop_index(op.f("ix_center_staff_region_code"), table_name="center_staff")
    op.drop_index("ix_center_staff_center_id_id", table_name="center_staff")
    op.drop_table("center_staff")
    op.drop_constraint(
        op.f("fk_households_head_person_id_persons"), "households", type_="foreignkey"
    )
    op.drop_index("ix_persons_tags", table_name="persons", postgresql_using="gin")
    op.drop_index(op.f("ix_persons_region_code"), table_name="persons")
    op.drop_index("ix_persons_name_id", table_name="persons")
    op.drop_index("ix_persons_birth_date_id", table_name="persons")
    op.drop_index("ix_persons_household_id_id", table_name="persons")
    op.drop_table("persons")
    op.drop_index(op.f("ix_social_organizations_region_code"), table_name="social_organizations")
    op.drop_table("social_organizations")
    op.drop_index(op.f("ix_service_facilities_region_code"), table_name="service_facilities")
    op.drop_table("service_facilities")
    op.drop_table("mediation_committees")
    op.drop_table("insurance_participation")
    op.drop_index(op.f("ix_households_region_code"), table_name="households")
    op.drop_table("households")
    op.drop_table("governance_centers")
