"""the till: a low-stock threshold per goods; household searches in the personal-data log

Revision ID: 0014
Revises: 0018
Create Date: 2026-12-03

``goods.low_stock_threshold``: items at or below which the goods read as low on stock (null: no
warning). Nullable with no default: adding it rewrites no row.

``personal_data_access_log.field`` gains ``HOUSEHOLD_SEARCH``: a cashier finding the households
their supermarket serves (by household number, head's name or ID-card suffix) is a personal
data access, logged with its purpose like an unmasked field. The column is a VARCHAR with a
CHECK listing the values (no native enum), so only the CHECK is replaced (a downgrade fails while the log holds such rows: it is append-only).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUANTITY_MAX = 10_000
FIELD_CHECK = "ck_personal_data_access_log_sensitive_field"
FIELDS_BEFORE = ("ID_NUMBER", "PHONE", "POVERTY_STATUS", "HEALTH_NOTES", "CASE_NOTES")
FIELDS_AFTER = (*FIELDS_BEFORE, "HOUSEHOLD_SEARCH")


def _field_check(fields: Sequence[str]) -> None:
    op.drop_constraint(op.f(FIELD_CHECK), "personal_data_access_log", type_="check")
    allowed = ", ".join(f"'{name}'" for name in fields)
    # The table is append-only and may be large: NOT VALID skips the scan of old rows, which
    # all hold older values; VALIDATE then checks them without blocking writes.
    op.execute(
        f"ALTER TABLE personal_data_access_log ADD CONSTRAINT {FIELD_CHECK} "
        f"CHECK (field IN ({allowed})) NOT VALID"
    )
    op.execute(f"ALTER TABLE personal_data_access_log VALIDATE CONSTRAINT {FIELD_CHECK}")


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.add_column(
        "goods",
        sa.Column(
            "low_stock_threshold",
            sa.Integer(),
            nullable=True,
            comment="Items at or below which the goods read as low on stock; null: no warning",
        ),
    )
    op.create_check_constraint(
        op.f("ck_goods_low_stock_threshold_range"),
        "goods",
        f"low_stock_threshold BETWEEN 0 AND {QUANTITY_MAX}",
    )
    _field_check(FIELDS_AFTER)


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    _field_check(FIELDS_BEFORE)
    op.drop_constraint(op.f("ck_goods_low_stock_threshold_range"), "goods", type_="check")
    op.drop_column("goods", "low_stock_threshold")
