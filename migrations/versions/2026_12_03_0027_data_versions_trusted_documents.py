"""data_versions and trusted_documents: a data version only public writes move; registered
GraphQL documents

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03

``data_versions``: the public-answer cache's version (``governance.data_versions`` explains the
design). A statement-level trigger on every table an anonymous answer may read adds one to the
writing backend's row, once per transaction; the version is the sum of the rows, so it moves
exactly when such a transaction commits. One row per backend: concurrent transactions never
update the same row (no lock wait, no deadlock between writers). ``compact_data_versions()``
folds the rows of backends that have gone into row 0 without changing the sum.

``trusted_documents``: GraphQL documents registered by ``grassroots documents register``, by
their SHA-256 document identifier (the GraphQL-over-HTTP persisted-documents appendix).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table an anonymous answer may read, directly or through what it counts (indicators count
# persons, households, facilities…; goods' stock is the ledger's). governance.data_versions
# holds the same list; a test checks the database against it.
PUBLIC_TABLES = (
    "accounts", "bank_announcements", "bank_applications", "bank_conflict_refusals",
    "bank_holders", "bank_objections", "bank_rule_versions", "bank_rules", "bank_schemes",
    "bank_set_aside_entries", "center_staff", "deliberation_meetings", "dispute_case_mediators",
    "dispute_cases", "dispute_parties", "dispute_transitions", "event_deadline_rules", "goods",
    "goods_prices", "governance_centers", "grid_assignments", "grid_event_transitions",
    "grid_events", "households", "indicator_definitions", "indicator_snapshots",
    "insurance_participation", "mediation_committees", "mediation_sessions", "mediators",
    "pending_transfers", "persons", "petition_hearings", "petition_transitions", "petition_visits",
    "petitioners", "petitions", "receipt_lines", "receipt_return_lines", "receipt_returns",
    "receipts", "reception_days", "region_counts", "region_designations", "regions",
    "service_facilities", "service_posts", "social_organizations", "stock_adjustments",
    "stock_ins", "supermarkets", "transfers", "village_disclosures", "volunteer_activities",
    "volunteer_certificates", "volunteer_sign_ups", "volunteers",
)  # fmt: skip
BUMPED_SETTING = "grassroots.data_version_bumped"
BUMP_FUNCTION = f"""
CREATE FUNCTION bump_data_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    -- Once per transaction: the sum moves by one when it commits, whatever it wrote.
    IF current_setting('{BUMPED_SETTING}', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO data_versions AS kept (backend_pid, bumps) VALUES (pg_backend_pid(), 1)
        ON CONFLICT (backend_pid) DO UPDATE SET bumps = kept.bumps + 1;
        PERFORM set_config('{BUMPED_SETTING}', 'on', true);
    END IF;
    RETURN NULL;
END
$$
"""
# Rows of backends that have gone, folded into row 0 in one statement: the sum is unchanged.
COMPACT_FUNCTION = """
CREATE FUNCTION compact_data_versions() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH gone AS (
        DELETE FROM data_versions
        WHERE backend_pid <> 0
          AND backend_pid NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)
        RETURNING bumps
    ), folded AS (
        INSERT INTO data_versions AS kept (backend_pid, bumps)
        SELECT 0, coalesce(sum(bumps), 0) FROM gone
        ON CONFLICT (backend_pid) DO UPDATE SET bumps = kept.bumps + excluded.bumps
        RETURNING 1
    )
    SELECT count(*) FROM gone
$$
"""


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    _data_versions()
    _trusted_documents()


def _data_versions() -> None:
    op.create_table(
        "data_versions",
        sa.Column(
            "backend_pid",
            sa.Integer(),
            autoincrement=False,
            nullable=False,
            comment="The writing backend's process id; 0 holds the bumps of backends gone",
        ),
        sa.Column(
            "bumps",
            sa.BigInteger(),
            nullable=False,
            comment="Committed transactions that wrote a public table",
        ),
        sa.PrimaryKeyConstraint("backend_pid", name=op.f("pk_data_versions")),
        sa.CheckConstraint("bumps >= 0", name=op.f("ck_data_versions_bumps_not_negative")),
    )
    op.execute(BUMP_FUNCTION)
    op.execute(COMPACT_FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION compact_data_versions() FROM PUBLIC")
    for table in PUBLIC_TABLES:
        # ALWAYS: a load under session_replication_role = replica moves the version too.
        op.execute(
            f"CREATE TRIGGER {table}_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR "
            f"TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )
        op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_bump_data_version")


def _trusted_documents() -> None:
    op.create_table(
        "trusted_documents",
        sa.Column(
            "document_id",
            sa.String(length=71),
            nullable=False,
            comment="sha256:<64 lower-case hex digits> of the document's UTF-8 text",
        ),
        sa.Column("document", sa.Text(), nullable=False, comment="The GraphQL document's text"),
        sa.Column(
            "registered_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_trusted_documents")),
        sa.CheckConstraint(
            "document_id ~ '^sha256:[0-9a-f]{64}$'",
            name=op.f("ck_trusted_documents_document_id_sha256"),
        ),
    )


def downgrade() -> None:
    op.drop_table("trusted_documents")
    for table in PUBLIC_TABLES:
        op.execute(f"DROP TRIGGER {table}_bump_data_version ON {table}")
    op.execute("DROP FUNCTION compact_data_versions()")
    op.execute("DROP FUNCTION bump_data_version()")
    op.drop_table("data_versions")
