"""indicators: the county plan's targets as definitions (rows), snapshots, designations

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

The definitions are data: a row may be edited (target, deadline, wording) without a release;
``formula_key`` names a calculator in ``governance.indicators.calculators`` (no SQL in rows).
Each ``plan_sentence`` quotes the county plan (``shared/seed/000_5f5bddbf000d03d8.txt``).
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


END_2020 = dt.date(2020, 12, 31)
END_2022 = dt.date(2022, 12, 31)
GOVERNMENT_SERVICES = "到2020年底,全县90%以上的村(社区)可直接办理或代办政务服务事项。"
SERVICE_FACILITIES = "城市社区综合服务设施全覆盖,村级综合服务设施覆盖率不低于50%。"
COUNSELING = (
    "在乡镇、村综治中心搭建心理咨询室或工作站,2020年底乡镇完成率达到100%,村级完成率达到20%。"
)
MEDIATORS = "充实基层人民调解力量,乡镇调委会应配备2名专兼职调解员。"
HEARINGS = (
    "由信访召集人和政法委书记主持,每月至少对一起重大信访案件进行听证和会商,力促案结事了“减存量”。"
)
POLICE_STATIONS = "推进11个中心派出所建设,完善管理制度,健全运行机制,确保高效运转,实现“一社区(村)一警(辅警)”全覆盖。"
INSURANCE = "按照县乡各50%比例参保,实现城乡居民参保率100%,增强保险业反哺平安建设和社会治理的能力。"
LEGAL = "加强公共法律服务,推广“一村一名法治副主任”“一乡镇一法庭”“一村(社区)一警(辅警)”“一村(社区)一法律顾问”“民主法治示范乡村”建设。"
CIVILIZED = "以文明村镇创建为重点,以“道德银行+扶贫爱心超市”为抓手,广泛开展文明村镇创建,确保全县文明村镇占比达到50%以上"
INCUBATION = "县、乡两级社会组织孵化培育和活动场所覆盖率不低于50%。"
ORGANIZATIONS = "通过设立社会组织孵化基地,落实各项财税政策,力争2022年实现社区不少于10个、农村不少于5个社会组织的目标。"

# (key, name, sentence, formula kind, formula key, unit level, unit kind, target, deadline)
DEFINITIONS = [
    (
        "government_services",
        "村（社区）可办理或代办政务服务",
        GOVERNMENT_SERVICES,
        "SHARE_OF_UNITS",
        "villages_with_government_services",
        "VILLAGE",
        None,
        "0.9",
        END_2020,
    ),
    (
        "community_service_facilities",
        "城市社区综合服务设施覆盖率",
        SERVICE_FACILITIES,
        "SHARE_OF_UNITS",
        "villages_with_service_station",
        "VILLAGE",
        "COMMUNITY",
        "1",
        END_2020,
    ),
    (
        "village_service_facilities",
        "村级综合服务设施覆盖率",
        SERVICE_FACILITIES,
        "SHARE_OF_UNITS",
        "villages_with_service_station",
        "VILLAGE",
        "VILLAGE",
        "0.5",
        END_2020,
    ),
    (
        "township_counseling_rooms",
        "乡镇心理咨询室完成率",
        COUNSELING,
        "SHARE_OF_UNITS",
        "units_with_counseling_room",
        "TOWNSHIP",
        None,
        "1",
        END_2020,
    ),
    (
        "village_counseling_rooms",
        "村级心理咨询室完成率",
        COUNSELING,
        "SHARE_OF_UNITS",
        "units_with_counseling_room",
        "VILLAGE",
        None,
        "0.2",
        END_2020,
    ),
    (
        "township_mediators",
        "乡镇调委会配备2名调解员",
        MEDIATORS,
        "SHARE_OF_UNITS",
        "townships_with_two_mediators",
        "TOWNSHIP",
        None,
        "1",
        None,
    ),
    (
        "major_petition_hearings",
        "每月重大信访案件听证",
        HEARINGS,
        "SHARE_OF_UNITS",
        "months_with_petition_hearing",
        "COUNTY",
        None,
        "1",
        None,
    ),
    (
        "central_police_stations",
        "中心派出所",
        POLICE_STATIONS,
        "COUNT_PER_UNIT",
        "central_police_stations",
        "COUNTY",
        None,
        "11",
        None,
    ),
    (
        "village_police",
        "一村（社区）一警（辅警）",
        POLICE_STATIONS,
        "SHARE_OF_UNITS",
        "villages_with_police_officer",
        "VILLAGE",
        None,
        "1",
        None,
    ),
    (
        "insurance_participation",
        "城乡居民参保率",
        INSURANCE,
        "RATIO",
        "residents_insured",
        "VILLAGE",
        None,
        "1",
        None,
    ),
    (
        "village_rule_of_law_deputy_heads",
        "一村一名法治副主任",
        LEGAL,
        "SHARE_OF_UNITS",
        "villages_with_rule_of_law_deputy_head",
        "VILLAGE",
        None,
        "1",
        None,
    ),
    (
        "township_courts",
        "一乡镇一法庭",
        LEGAL,
        "SHARE_OF_UNITS",
        "townships_with_court",
        "TOWNSHIP",
        None,
        "1",
        None,
    ),
    (
        "village_legal_advisers",
        "一村（社区）一法律顾问",
        LEGAL,
        "SHARE_OF_UNITS",
        "villages_with_legal_adviser",
        "VILLAGE",
        None,
        "1",
        None,
    ),
    (
        "civilized_villages",
        "文明村占比",
        CIVILIZED,
        "SHARE_OF_UNITS",
        "civilized_units",
        "VILLAGE",
        None,
        "0.5",
        None,
    ),
    (
        "civilized_towns",
        "文明乡镇占比",
        CIVILIZED,
        "SHARE_OF_UNITS",
        "civilized_units",
        "TOWNSHIP",
        None,
        "0.5",
        None,
    ),
    (
        "incubation_coverage",
        "乡级社会组织孵化覆盖率",
        INCUBATION,
        "SHARE_OF_UNITS",
        "townships_with_incubation_base",
        "TOWNSHIP",
        None,
        "0.5",
        None,
    ),
    (
        "community_social_organizations",
        "社区社会组织数（每社区）",
        ORGANIZATIONS,
        "COUNT_PER_UNIT",
        "social_organizations",
        "VILLAGE",
        "COMMUNITY",
        "10",
        END_2022,
    ),
    (
        "village_social_organizations",
        "农村社会组织数（每村）",
        ORGANIZATIONS,
        "COUNT_PER_UNIT",
        "social_organizations",
        "VILLAGE",
        "VILLAGE",
        "5",
        END_2022,
    ),
]


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table(
        "indicator_definitions",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "plan_sentence", sa.Text(), nullable=False, comment="Quoted from the county plan"
        ),
        sa.Column(
            "formula_kind",
            sa.Enum(
                "SHARE_OF_UNITS",
                "COUNT_PER_UNIT",
                "RATIO",
                name="formula_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "formula_key",
            sa.String(length=64),
            nullable=False,
            comment="A calculator of governance.indicators",
        ),
        sa.Column(
            "unit_level",
            sa.Enum(
                "COUNTY",
                "TOWNSHIP",
                "VILLAGE",
                name="indicator_unit_level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "unit_kind",
            sa.Enum(
                "VILLAGE",
                "COMMUNITY",
                name="indicator_unit_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "target",
            sa.Numeric(precision=12, scale=4),
            nullable=False,
            comment="A share (0..1) or a count per unit",
        ),
        sa.Column(
            "comparison",
            sa.Enum(
                "AT_LEAST",
                "AT_MOST",
                name="indicator_comparison",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("position", sa.BigInteger(), nullable=False, comment="Display order"),
        sa.CheckConstraint(
            "key ~ '^[a-z][a-z0-9_]*$'", name=op.f("ck_indicator_definitions_key_snake_case")
        ),
        sa.CheckConstraint(
            "unit_kind IS NULL OR unit_level = 'VILLAGE'",
            name=op.f("ck_indicator_definitions_unit_kind_only_for_villages"),
        ),
        sa.CheckConstraint(
            "target >= 0", name=op.f("ck_indicator_definitions_target_not_negative")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_indicator_definitions")),
    )
    op.create_table(
        "indicator_snapshots",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("indicator_key", sa.String(length=64), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="County, township or village",
        ),
        sa.Column("period", sa.Date(), nullable=False, comment="First day of the month"),
        sa.Column("numerator", sa.BigInteger(), nullable=False),
        sa.Column("denominator", sa.BigInteger(), nullable=False),
        sa.Column(
            "value",
            sa.Numeric(precision=12, scale=4),
            nullable=True,
            comment="numerator / denominator; null if 0 units",
        ),
        sa.Column(
            "taken_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "denominator >= 0", name=op.f("ck_indicator_snapshots_denominator_not_negative")
        ),
        sa.CheckConstraint(
            "extract(day FROM period) = 1", name=op.f("ck_indicator_snapshots_period_month_start")
        ),
        sa.CheckConstraint(
            "numerator >= 0", name=op.f("ck_indicator_snapshots_numerator_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_key"],
            ["indicator_definitions.key"],
            name=op.f("fk_indicator_snapshots_indicator_key_indicator_definitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_indicator_snapshots_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_snapshots")),
        sa.UniqueConstraint(
            "indicator_key",
            "region_code",
            "period",
            name=op.f("uq_indicator_snapshots_indicator_key_region_code_period"),
        ),
    )
    op.create_table(
        "region_designations",
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
                "CIVILIZED",
                "GOVERNMENT_SERVICE_PROXY",
                "DEMOCRATIC_RULE_OF_LAW_MODEL",
                name="designation_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "awarded_by",
            sa.String(length=100),
            nullable=False,
            comment="The awarding body, e.g. 县文明委",
        ),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "length(region_code) IN (9, 12)", name=op.f("ck_region_designations_region_code_level")
        ),
        sa.CheckConstraint(
            "withdrawn_on IS NULL OR withdrawn_on >= awarded_on",
            name=op.f("ck_region_designations_withdrawn_after_award"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_region_designations_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_designations")),
        sa.UniqueConstraint(
            "region_code",
            "kind",
            "awarded_on",
            name=op.f("uq_region_designations_region_code_kind_awarded_on"),
        ),
    )
    _insert_definitions()


def _insert_definitions() -> None:
    table = sa.table(
        "indicator_definitions",
        *(
            sa.column(name)
            for name in ("key", "name", "plan_sentence", "formula_kind", "formula_key")
        ),
        *(sa.column(name) for name in ("unit_level", "unit_kind", "comparison", "position")),
        sa.column("target", sa.Numeric(12, 4)),
        sa.column("deadline", sa.Date()),
    )
    rows = [
        {
            "key": key,
            "name": name,
            "plan_sentence": sentence,
            "formula_kind": kind,
            "formula_key": formula,
            "unit_level": level,
            "unit_kind": unit_kind,
            "target": target,
            "comparison": "AT_LEAST",
            "deadline": deadline,
            "position": position,
        }
        for position, (
            key,
            name,
            sentence,
            kind,
            formula,
            level,
            unit_kind,
            target,
            deadline,
        ) in enumerate(DEFINITIONS, 1)
    ]
    op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("region_designations")
    op.drop_table("indicator_snapshots")
    op.drop_table("indicator_definitions")
