"""a resident's balance read as one statement: session check, scope switch and read

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03

``request_own_balances`` is what a signed-in resident's balance read costs in one round trip
instead of four (BEGIN, the scope switch, the read, COMMIT): it checks the sign-in session as
``governance.access.repository.live_session_exists`` defines it (raising SQLSTATE ``GR401``
when it has ended), enters the request scope as ``governance.access.row_security`` does for a
viewer whose only grant is their own person and household (``set_config(..., true)`` and the
role ``grassroots_request``, local to the statement's own transaction), and only then reads:
each PL/pgSQL statement is planned as it runs, so the read is under the row-security policies
of migration 0009. The read is ``governance.bank.balances``' statement for such a viewer
(holders among the ids that are the viewer's person or household, their wallets and volunteer
minutes); a test holds the two equal.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIGNATURE = "request_own_balances(bigint, bigint, bigint, bigint, bigint, bigint[])"

FUNCTION = """
CREATE FUNCTION request_own_balances(
    session_id bigint, user_id bigint, grants_version bigint,
    own_person bigint, own_household bigint, holder_ids bigint[]
)
RETURNS TABLE (
    id bigint, scheme_id bigint, household_id bigint, person_id bigint,
    region_code varchar, points_account_id bigint, closed boolean,
    debits_pending bigint, debits_posted bigint, credits_pending bigint, credits_posted bigint,
    minutes bigint
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = request_own_balances.session_id
            AND s.user_id = request_own_balances.user_id
            AND s.ended_at IS NULL AND u.active
            AND u.grants_version = request_own_balances.grants_version
    ) THEN
        RAISE EXCEPTION 'the sign-in session has ended' USING ERRCODE = 'GR401';
    END IF;
    PERFORM
        set_config('grassroots.scope_regions', '', true),
        set_config('grassroots.scope_household', coalesce(own_household::text, ''), true),
        set_config('grassroots.scope_served_regions', '', true),
        set_config('role', 'grassroots_request', true);
    RETURN QUERY
    SELECT holder.id, holder.scheme_id, holder.household_id, holder.person_id,
        holder.region_code, holder.points_account_id, wallet.closed,
        wallet.debits_pending, wallet.debits_posted, wallet.credits_pending, wallet.credits_posted,
        (SELECT coalesce(sum(minutes.credits_posted - minutes.debits_posted), 0)::bigint
            FROM volunteers JOIN accounts AS minutes ON minutes.id = volunteers.minutes_account_id
            WHERE volunteers.person_id IN (
                SELECT persons.id FROM persons
                WHERE persons.household_id = holder.household_id
                    OR persons.id = holder.person_id))
    FROM bank_holders AS holder JOIN accounts AS wallet ON wallet.id = holder.points_account_id
    WHERE holder.id = ANY(holder_ids)
        AND (holder.person_id = own_person OR holder.household_id = own_household)
    ORDER BY holder.id;
END
$$
"""


def upgrade() -> None:
    op.execute(FUNCTION)
    # Invoker's rights: it only ever lowers them (to the request role). The app's owner calls it.
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")


def downgrade() -> None:
    op.execute(f"DROP FUNCTION {SIGNATURE}")
