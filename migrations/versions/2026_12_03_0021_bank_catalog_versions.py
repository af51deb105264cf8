"""bank catalog kept current: rule versions, retired rules and goods, closed supermarkets,
stock adjustments

Revision ID: 0021
Revises: 0014
Create Date: 2026-12-03

Schemes, rules, supermarkets and goods get their ``version`` (the history kernel's, 0013) and
an end day. A rule's terms move to ``bank_rule_versions`` (one row per adopted version, each
effective from a county day); every existing rule gets its version 1 from its current terms,
effective from its scheme's adoption day, and every existing application points at it, so
past awards keep their points and titles whatever later edits say. Rules and goods copy their
scheme's or supermarket's region for scoping (as applications and holders already do).
``stock_adjustments`` records write-offs and stocktakes; their ledger account per goods is
opened at the first one (``goods.adjusted_account_id``), so no ledger row is written here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("bank_schemes", "bank_rules", "supermarkets", "goods")
CATEGORIES = (
    "FILIAL_PIETY", "SANITATION", "VOLUNTEER_SERVICE", "NEIGHBOURLY_HELP", "REFORMED_CUSTOMS",
    "LAW_ABIDING", "OTHER",
)  # fmt: skip
RULE_POINTS_MAX = 10_000
QUANTITY_MAX = 10_000


def _version() -> sa.Column[int]:
    return sa.Column(
        "version",
        sa.Integer(),
        server_default="1",
        nullable=False,
        comment="Bumped by each recorded change",
    )


def _region(comment: str) -> sa.Column[str]:
    return sa.Column(
        "region_code", sa.String(length=15, collation="C"), nullable=True, comment=comment
    )


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    for table in VERSIONED:
        op.add_column(table, _version())
    _schemes_and_supermarkets()
    _rules()
    _rule_versions()
    _goods()
    _stock_adjustments()


def _schemes_and_supermarkets() -> None:
    op.add_column(
        "bank_schemes",
        sa.Column(
            "ended_on",
            sa.Date(),
            nullable=True,
            comment="Day the scheme ended: from then on it takes no new applications",
        ),
    )
    op.add_column(
        "supermarkets",
        sa.Column(
            "ended_on",
            sa.Date(),
            nullable=True,
            comment="Day it closed (null while open): no sales or stock-ins from then on",
        ),
    )
    # A supermarket closed before (``open`` false, no day kept) closed on its creation day at
    # the latest; none exists outside tests, the day only satisfies the new pairing.
    op.execute("UPDATE supermarkets SET ended_on = DATE '2000-01-01' WHERE NOT open")
    op.create_check_constraint(
        op.f("ck_supermarkets_open_iff_not_ended"), "supermarkets", "open = (ended_on IS NULL)"
    )


def _rules() -> None:
    op.add_column("bank_rules", _region("The scheme's region (copied, for scoping)"))
    op.add_column(
        "bank_rules",
        sa.Column(
            "effective_from",
            sa.Date(),
            nullable=True,
            comment="Day the newest version takes effect (copied from it)",
        ),
    )
    op.add_column(
        "bank_rules",
        sa.Column(
            "ended_on",
            sa.Date(),
            nullable=True,
            comment="Day the rule was retired: no new applications from then on",
        ),
    )
    op.execute(
        "UPDATE bank_rules AS r SET region_code = s.region_code, "
        "effective_from = (s.created_at AT TIME ZONE 'Asia/Shanghai')::date "
        "FROM bank_schemes AS s WHERE s.id = r.scheme_id"
    )
    op.execute("UPDATE bank_rules AS r SET ended_on = effective_from WHERE NOT active")
    op.alter_column("bank_rules", "region_code", nullable=False)
    op.alter_column("bank_rules", "effective_from", nullable=False)
    op.create_foreign_key(
        op.f("fk_bank_rules_region_code_regions"),
        "bank_rules",
        "regions",
        ["region_code"],
        ["code"],
        ondelete="RESTRICT",
    )
    op.create_index(op.f("ix_bank_rules_region_code"), "bank_rules", ["region_code"])
    op.create_check_constraint(
        op.f("ck_bank_rules_active_iff_not_ended"), "bank_rules", "active = (ended_on IS NULL)"
    )


def _rule_versions() -> None:
    op.create_table(
        "bank_rule_versions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("rule_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, comment="1, 2, … in order of adoption"),
        sa.Column("effective_from", sa.Date(), nullable=False, comment="First county day in force"),
        sa.Column(
            "category",
            sa.Enum(
                *CATEGORIES,
                name="rule_category",
                native_enum=False,
                length=17,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "points", sa.Integer(), nullable=False, comment="Points, signed: deductions negative"
        ),
        sa.Column(
            "cap_points",
            sa.Integer(),
            nullable=True,
            comment="Most points of this rule per holder per period (absolute value)",
        ),
        sa.Column(
            "cap_period",
            sa.Enum(
                "MONTH",
                "QUARTER",
                "YEAR",
                name="cap_period",
                native_enum=False,
                length=7,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("evidence_required", sa.Boolean(), nullable=False),
        sa.Column("adopted_by_user_id", sa.BigInteger(), nullable=True),
        sa.Column("adopted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            f"points <> 0 AND points BETWEEN -{RULE_POINTS_MAX} AND {RULE_POINTS_MAX}",
            name=op.f("ck_bank_rule_versions_points_range"),
        ),
        sa.CheckConstraint(
            "cap_points IS NULL OR cap_points > 0", name=op.f("ck_bank_rule_versions_cap_positive")
        ),
        sa.CheckConstraint(
            "(cap_points IS NULL) = (cap_period IS NULL)",
            name=op.f("ck_bank_rule_versions_cap_with_period"),
        ),
        sa.CheckConstraint("number >= 1", name=op.f("ck_bank_rule_versions_number_positive")),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["bank_rules.id"],
            name=op.f("fk_bank_rule_versions_rule_id_bank_rules"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["adopted_by_user_id"],
            ["users.id"],
            name=op.f("fk_bank_rule_versions_adopted_by_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_rule_versions")),
    )
    op.create_index(
        "uq_bank_rule_versions_rule_id_number",
        "bank_rule_versions",
        ["rule_id", "number"],
        unique=True,
    )
    op.execute(
        "INSERT INTO bank_rule_versions (rule_id, number, effective_from, category, title, "
        "points, cap_points, cap_period, evidence_required, adopted_at) "
        "SELECT r.id, 1, r.effective_from, r.category, r.title, r.points, r.cap_points, "
        "r.cap_period, r.evidence_required, s.created_at "
        "FROM bank_rules AS r JOIN bank_schemes AS s ON s.id = r.scheme_id"
    )
    op.add_column(
        "bank_applications",
        sa.Column(
            "rule_version_id",
            sa.BigInteger(),
            nullable=True,
            comment="The rule's terms it was proposed under (its points and title stay)",
        ),
    )
    op.execute(
        "UPDATE bank_applications AS a SET rule_version_id = v.id "
        "FROM bank_rule_versions AS v WHERE v.rule_id = a.rule_id AND v.number = 1"
    )
    op.alter_column("bank_applications", "rule_version_id", nullable=False)
    op.create_foreign_key(
        op.f("fk_bank_applications_rule_version_id_bank_rule_versions"),
        "bank_applications",
        "bank_rule_versions",
        ["rule_version_id"],
        ["id"],
        ondelete="RESTRICT",
    )


def _goods() -> None:
    op.add_column(
        "goods",
        sa.Column(
            "adjusted_account_id",
            sa.BigInteger(),
            nullable=True,
            comment="Ledger stock written off (credit) or found (debit); opened at the first one",
        ),
    )
    op.add_column("goods", _region("The supermarket's region (copied, for scoping)"))
    op.add_column(
        "goods",
        sa.Column(
            "ended_on",
            sa.Date(),
            nullable=True,
            comment="Day retired (null while offered): no new sales or stock-ins",
        ),
    )
    op.execute(
        "UPDATE goods AS g SET region_code = s.region_code FROM supermarkets AS s "
        "WHERE s.id = g.supermarket_id"
    )
    op.execute("UPDATE goods SET ended_on = DATE '2000-01-01' WHERE NOT active")
    op.alter_column("goods", "region_code", nullable=False)
    op.create_unique_constraint(
        op.f("uq_goods_adjusted_account_id"), "goods", ["adjusted_account_id"]
    )
    op.create_foreign_key(
        op.f("fk_goods_region_code_regions"),
        "goods",
        "regions",
        ["region_code"],
        ["code"],
        ondelete="RESTRICT",
    )
    op.create_index(op.f("ix_goods_region_code"), "goods", ["region_code"])
    op.create_check_constraint(
        op.f("ck_goods_active_iff_not_ended"), "goods", "active = (ended_on IS NULL)"
    )


def _stock_adjustments() -> None:
    op.create_table(
        "stock_adjustments",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("supermarket_id", sa.BigInteger(), nullable=False),
        sa.Column("goods_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="The supermarket's region (copied)",
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "WRITE_OFF",
                "STOCKTAKE",
                name="stock_adjustment_kind",
                native_enum=False,
                length=9,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "reason",
            sa.Enum(
                "DAMAGED",
                "EXPIRED",
                "LOST",
                "COUNT_DIFFERENCE",
                "OTHER",
                name="stock_adjustment_reason",
                native_enum=False,
                length=16,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "quantity",
            sa.Integer(),
            nullable=False,
            comment="Items onto (+, found) or off (−, written off) the shelf",
        ),
        sa.Column(
            "shelf_before", sa.Integer(), nullable=False, comment="Items on the shelf just before"
        ),
        sa.Column("counted_quantity", sa.Integer(), nullable=True, comment="Items counted"),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("transfer_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_by_user_id", sa.BigInteger(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            f"quantity BETWEEN -{QUANTITY_MAX} AND {QUANTITY_MAX}",
            name=op.f("ck_stock_adjustments_quantity_range"),
        ),
        sa.CheckConstraint(
            "kind <> 'WRITE_OFF' OR quantity < 0", name=op.f("ck_stock_adjustments_write_off_takes")
        ),
        sa.CheckConstraint(
            "(kind = 'STOCKTAKE') = (counted_quantity IS NOT NULL)",
            name=op.f("ck_stock_adjustments_count_iff_stocktake"),
        ),
        sa.CheckConstraint(
            "counted_quantity IS NULL OR counted_quantity >= 0",
            name=op.f("ck_stock_adjustments_count_range"),
        ),
        sa.CheckConstraint(
            "(quantity = 0) = (transfer_id IS NULL)",
            name=op.f("ck_stock_adjustments_transfer_iff_moved"),
        ),
        sa.ForeignKeyConstraint(
            ["supermarket_id"],
            ["supermarkets.id"],
            name=op.f("fk_stock_adjustments_supermarket_id_supermarkets"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["goods_id"],
            ["goods.id"],
            name=op.f("fk_stock_adjustments_goods_id_goods"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_stock_adjustments_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"],
            ["users.id"],
            name=op.f("fk_stock_adjustments_recorded_by_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_adjustments")),
        sa.UniqueConstraint("transfer_id", name=op.f("uq_stock_adjustments_transfer_id")),
    )
    op.create_index("ix_stock_adjustments_goods_id_id", "stock_adjustments", ["goods_id", "id"])


def downgrade() -> None:
    op.drop_table("stock_adjustments")
    op.drop_constraint(op.f("ck_goods_active_iff_not_ended"), "goods", type_="check")
    op.drop_index(op.f("ix_goods_region_code"), table_name="goods")
    op.drop_constraint(op.f("fk_goods_region_code_regions"), "goods", type_="foreignkey")
    op.drop_constraint(op.f("uq_goods_adjusted_account_id"), "goods", type_="unique")
    for column in ("ended_on", "region_code", "adjusted_account_id"):
        op.drop_column("goods", column)
    op.drop_constraint(
        op.f("fk_bank_applications_rule_version_id_bank_rule_versions"),
        "bank_applications",
        type_="foreignkey",
    )
    op.drop_column("bank_applications", "rule_version_id")
    op.drop_table("bank_rule_versions")
    op.drop_constraint(op.f("ck_bank_rules_active_iff_not_ended"), "bank_rules", type_="check")
    op.drop_index(op.f("ix_bank_rules_region_code"), table_name="bank_rules")
    op.drop_constraint(op.f("fk_bank_rules_region_code_regions"), "bank_rules", type_="foreignkey")
    for column in ("ended_on", "effective_from", "region_code"):
        op.drop_column("bank_rules", column)
    op.drop_constraint(op.f("ck_supermarkets_open_iff_not_ended"), "supermarkets", type_="check")
    op.drop_column("supermarkets", "ended_on")
    op.drop_column("bank_schemes", "ended_on")
    for table in VERSIONED:
        op.drop_column(table, "version")
