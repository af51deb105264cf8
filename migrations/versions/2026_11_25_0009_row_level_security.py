"""row-level security and log retention: a second wall around personal data; logs kept >= 180 days

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-25

Log retention (Cybersecurity Law art. 21: network logs kept at least six months). ``audit_log``
and ``personal_data_access_log`` stay append-only, and now also lose UPDATE, DELETE and
TRUNCATE privileges for PUBLIC. The one way to delete is ``prune_append_only_logs(cutoff)``,
which refuses a cutoff later than 180 days ago and deletes only rows before it. It works
through a transaction-local setting that the append-only trigger honours; the trigger checks the
180-day floor itself, so setting that GUC by hand cannot delete anything younger either.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOG_TABLES = ("audit_log", "personal_data_access_log")
# The legal floor, in the database itself; the application may keep logs longer.
RETENTION_DAYS_MIN = 180
PRUNE_SETTING = "grassroots.log_prune_before"

REJECT_CHANGE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION reject_change_to_append_only_table() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    prune_before timestamptz := nullif(current_setting('{PRUNE_SETTING}', true), '');
BEGIN
    -- Nested: a statement-level (TRUNCATE) call has no OLD row to read.
    IF TG_OP = 'DELETE' AND prune_before IS NOT NULL
       AND prune_before <= now() - interval '{RETENTION_DAYS_MIN} days' THEN
        IF OLD.occurred_at < prune_before THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
ORIGINAL_REJECT_CHANGE_FUNCTION = """
CREATE OR REPLACE FUNCTION reject_change_to_append_only_table() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
PRUNE_FUNCTION = f"""
CREATE FUNCTION prune_append_only_logs(cutoff timestamptz)
RETURNS TABLE (table_name text, deleted_rows bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    deleted bigint;
BEGIN
    IF cutoff IS NULL OR cutoff > now() - interval '{RETENTION_DAYS_MIN} days' THEN
        RAISE EXCEPTION 'logs are kept at least {RETENTION_DAYS_MIN} days: cutoff % is too late',
            cutoff USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('{PRUNE_SETTING}', cutoff::text, true);
    DELETE FROM audit_log WHERE occurred_at < cutoff;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    table_name := 'audit_log'; deleted_rows := deleted; RETURN NEXT;
    DELETE FROM personal_data_access_log WHERE occurred_at < cutoff;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    table_name := 'personal_data_access_log'; deleted_rows := deleted; RETURN NEXT;
    PERFORM set_config('{PRUNE_SETTING}', '', true);
END
$$
"""


def upgrade() -> None:
    op.execute(REJECT_CHANGE_FUNCTION)
    op.execute(PRUNE_FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION prune_append_only_logs(timestamptz) FROM PUBLIC")
    for table in LOG_TABLES:
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")
        # As for the ledger: session_replication_role = replica must not bypass them either.
        op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_append_only")
        op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_no_truncate")


def downgrade() -> None:
    for table in LOG_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_truncate")
    op.execute("DROP FUNCTION prune_append_only_logs(timestamptz)")
    op.execute(ORIGINAL_REJECT_CHANGE_FUNCTION)
