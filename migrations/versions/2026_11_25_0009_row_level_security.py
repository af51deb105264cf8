"""row-level security and log retention: a second wall around personal data; logs kept >= 180 days

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25

Row-level security. ``persons`` and ``households`` (ID numbers, phones, poverty status) get
policies for the NOLOGIN role ``grassroots_request`` only; the owner (migrations, CLI,
background work) is unaffected (RLS is enabled, not forced). A transaction that switches to the
role (``governance.access.row_security``) sees the rows its transaction-local settings allow:
``grassroots.scope_regions`` (comma-separated region roots, subtrees by collation "C" ranges),
``grassroots.scope_household`` (a resident's household and its members) and
``grassroots.scope_served_regions`` (a cashier's supermarket regions: the households it serves,
whose members' volunteer minutes the till shows). No setting, no rows.

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
down_revision: str | None = "0008"
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


REQUEST_ROLE = "grassroots_request"
CREATE_REQUEST_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{REQUEST_ROLE}') THEN
        CREATE ROLE {REQUEST_ROLE} NOLOGIN;
    END IF;
END
$$
"""
PERSONAL_TABLES = ("persons", "households")
# Whether a row's region lies in one of the comma-separated roots of a setting.
IN_SUBTREES = """EXISTS (SELECT FROM unnest(string_to_array(
    nullif(current_setting('{setting}', true), ''), ',')) AS root
    WHERE region_code >= root AND region_code < root || U&'\\FFFF')"""
OWN_HOUSEHOLD = "{column} = nullif(current_setting('grassroots.scope_household', true), '')::bigint"
POLICY_CONDITIONS = {
    "persons": " OR ".join(
        (
            IN_SUBTREES.format(setting="grassroots.scope_regions"),
            IN_SUBTREES.format(setting="grassroots.scope_served_regions"),
            OWN_HOUSEHOLD.format(column="household_id"),
        )
    ),
    "households": " OR ".join(
        (
            IN_SUBTREES.format(setting="grassroots.scope_regions"),
            IN_SUBTREES.format(setting="grassroots.scope_served_regions"),
            OWN_HOUSEHOLD.format(column="id"),
        )
    ),
}


# The 红榜 and notice boards are public: they name holders (masked as each scheme says) to
# viewers whose scope hides persons and households. This one reading path crosses the policies:
# holder id -> (name of the person or household head, household number), nothing else.
HOLDER_NAMES_FUNCTION = """
CREATE FUNCTION holder_public_names(holder_ids bigint[])
RETURNS TABLE (holder_id bigint, name text, household_number text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT holder.id, coalesce(person.name, ''), coalesce(household.number, '')
    FROM bank_holders AS holder
    LEFT JOIN households AS household ON household.id = coalesce(
        holder.household_id,
        (SELECT member.household_id FROM persons AS member WHERE member.id = holder.person_id))
    LEFT JOIN persons AS person
        ON person.id = coalesce(holder.person_id, household.head_person_id)
    WHERE holder.id = ANY(holder_ids)
$$
"""


def upgrade() -> None:
    _row_level_security()
    op.execute(HOLDER_NAMES_FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION holder_public_names(bigint[]) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION holder_public_names(bigint[]) TO {REQUEST_ROLE}")
    _log_retention()


def _row_level_security() -> None:
    op.execute(CREATE_REQUEST_ROLE)
    # The application's login may switch to the role (SET LOCAL ROLE needs membership).
    op.execute(f"GRANT {REQUEST_ROLE} TO CURRENT_USER")
    op.execute(f"GRANT ledger_writer TO {REQUEST_ROLE}")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {REQUEST_ROLE}")
    op.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {REQUEST_ROLE}"
    )
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {REQUEST_ROLE}")
    # Tables of later migrations (made by the same owner) are granted as they are created.
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {REQUEST_ROLE}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {REQUEST_ROLE}"
    )
    # Append-only tables stay append-only for the role too (the ledger's, the logs).
    op.execute(
        f"REVOKE UPDATE, DELETE ON transfers, transfer_failures, chain_links, {', '.join(LOG_TABLES)} "
        f"FROM {REQUEST_ROLE}"
    )
    for table in PERSONAL_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_request_scope ON {table} FOR ALL TO {REQUEST_ROLE} "
            f"USING ({POLICY_CONDITIONS[table]})"
        )


def _log_retention() -> None:
    op.execute(REJECT_CHANGE_FUNCTION)
    op.execute(PRUNE_FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION prune_append_only_logs(timestamptz) FROM PUBLIC")
    for table in LOG_TABLES:
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")
        # As for the ledger: session_replication_role = replica must not bypass them either.
        op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_append_only")
        op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_no_truncate")


def downgrade() -> None:
    op.execute("DROP FUNCTION holder_public_names(bigint[])")
    for table in PERSONAL_TABLES:
        op.execute(f"DROP POLICY {table}_request_scope ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    # The role is cluster-wide and may serve other databases: only this database's grants go.
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {REQUEST_ROLE}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM {REQUEST_ROLE}"
    )
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {REQUEST_ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {REQUEST_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {REQUEST_ROLE}")
    for table in LOG_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_truncate")
    op.execute("DROP FUNCTION prune_append_only_logs(timestamptz)")
    op.execute(ORIGINAL_REJECT_CHANGE_FUNCTION)
