"""ledger: post a batch of new POSTED transfers in one statement (``ledger_post_batch``)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03

The ledger's fast path (``ledger.posting``): lock the batch's accounts in id order, check that
none of its ids is known, compute every transfer's balances after it set-wise (running sums
per account), check every rule the ledger applies to a POSTED transfer (accounts found, same
unit, open, no overdraft beyond the accounts' limit flags, no overflow), and only if all hold,
insert the transfers (positions in batch order, digests as ``ledger.chain.digest``) and update
the balances. When anything is off it writes nothing and returns no row: the caller then runs
the batch through the full rules (``ledger.rules``), which report the exact status of each.
The same lock order as ``ledger_lock_and_read`` (ascending account id), so batches of both
paths queue on each other without deadlocks.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Arguments, one element per transfer in batch order: ids, debit and credit account ids,
# amounts, units, event times, codes, references, linked flags, and the canonical payload cut
# around the two balance lists (head ends with "credit_balances_after":, middle with
# "debit_balances_after":, see ledger.chain.payload_parts).
POST_BATCH_FUNCTION = """
CREATE FUNCTION ledger_post_batch(
    ids uuid[], debits bigint[], credits bigint[], amounts bigint[], units varchar[],
    event_ats timestamptz[], codes integer[], refs varchar[], linkeds boolean[],
    heads text[], middles text[], tails text[]
) RETURNS SETOF transfers
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    ok boolean;
    d_dp bigint[]; d_dpo numeric[]; d_cp bigint[]; d_cpo numeric[];
    c_dp bigint[]; c_dpo numeric[]; c_cp bigint[]; c_cpo numeric[];
    final_ids bigint[]; final_dpo numeric[]; final_cpo numeric[];
BEGIN
    PERFORM 1 FROM accounts WHERE id = ANY(debits || credits) ORDER BY id FOR UPDATE;
    -- A new statement, so a new snapshot: what committed before the locks were granted.
    -- A join on the ids, not "id = ANY(ids)": with a generic plan the latter may scan the whole
    -- table (118 ms against 1 ms for 1,000 ids over a few thousand transfers, measured).
    IF EXISTS (SELECT 1 FROM unnest(ids) AS u(id) JOIN transfers AS t ON t.id = u.id)
       OR EXISTS (SELECT 1 FROM unnest(ids) AS u(id) JOIN transfer_failures AS f ON f.id = u.id)
    THEN
        RETURN;
    END IF;
    WITH s AS (
        SELECT * FROM unnest(ids, debits, credits, amounts, units)
            WITH ORDINALITY AS s(id, debit, credit, amount, unit, place)
    ), legs AS (
        SELECT place, unit, debit AS account_id, amount AS d, 0::bigint AS c, true AS is_debit
        FROM s
        UNION ALL
        SELECT place, unit, credit, 0::bigint, amount, false FROM s
    ), running AS (
        SELECT l.place, l.is_debit, l.account_id,
               a.unit = l.unit AND NOT a.closed AS usable,
               a.debits_pending AS dp, a.debits_posted + sum(l.d) OVER w AS dpo,
               a.credits_pending AS cp, a.credits_posted + sum(l.c) OVER w AS cpo,
               a.debits_must_not_exceed_credits AS dmnec,
               a.credits_must_not_exceed_debits AS cmned,
               row_number() OVER (PARTITION BY l.account_id ORDER BY l.place DESC) AS from_last
        FROM legs AS l JOIN accounts AS a ON a.id = l.account_id
        WINDOW w AS (PARTITION BY l.account_id ORDER BY l.place ROWS UNBOUNDED PRECEDING)
    )
    SELECT count(*) = 2 * cardinality(ids)
           AND bool_and(usable
                        AND dp + dpo <= 9223372036854775807
                        AND cp + cpo <= 9223372036854775807
                        AND (NOT dmnec OR dp + dpo <= cpo)
                        AND (NOT cmned OR cp + cpo <= dpo)),
           array_agg(dp ORDER BY place) FILTER (WHERE is_debit),
           array_agg(dpo ORDER BY place) FILTER (WHERE is_debit),
           array_agg(cp ORDER BY place) FILTER (WHERE is_debit),
           array_agg(cpo ORDER BY place) FILTER (WHERE is_debit),
           array_agg(dp ORDER BY place) FILTER (WHERE NOT is_debit),
           array_agg(dpo ORDER BY place) FILTER (WHERE NOT is_debit),
           array_agg(cp ORDER BY place) FILTER (WHERE NOT is_debit),
           array_agg(cpo ORDER BY place) FILTER (WHERE NOT is_debit),
           array_agg(account_id) FILTER (WHERE from_last = 1),
           array_agg(dpo) FILTER (WHERE from_last = 1),
           array_agg(cpo) FILTER (WHERE from_last = 1)
    INTO ok, d_dp, d_dpo, d_cp, d_cpo, c_dp, c_dpo, c_cp, c_cpo, final_ids, final_dpo, final_cpo
    FROM running;
    IF NOT coalesce(ok, false) THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH clock AS (
        SELECT clock_timestamp() AS recorded_at, pg_current_xact_id()::text::bigint AS xid
    ), drafts AS (
        SELECT * FROM unnest(
            ids, debits, credits, amounts, units, event_ats, codes, refs, linkeds,
            heads, middles, tails,
            d_dp, d_dpo::bigint[], d_cp, d_cpo::bigint[], c_dp, c_dpo::bigint[], c_cp,
            c_cpo::bigint[]
        ) WITH ORDINALITY AS d(
            id, debit_account_id, credit_account_id, amount, unit, event_at, code, reference,
            linked, head, middle, tail, d_dp, d_dpo, d_cp, d_cpo, c_dp, c_dpo, c_cp, c_cpo, place
        )
    ), placed AS (
        SELECT drafts.*, nextval('transfers_position_seq') AS position
        FROM drafts ORDER BY place
    ), written AS (
        INSERT INTO transfers (
            id, position, xid, debit_account_id, credit_account_id, amount, unit, kind,
            pending_id, timeout_seconds, reverses_id, event_at, recorded_at, code, reference,
            linked, debit_debits_pending_after, debit_debits_posted_after,
            debit_credits_pending_after, debit_credits_posted_after,
            credit_debits_pending_after, credit_debits_posted_after,
            credit_credits_pending_after, credit_credits_posted_after, digest
        )
        SELECT p.id, p.position, clock.xid, p.debit_account_id, p.credit_account_id, p.amount,
               p.unit, 'POSTED', NULL, NULL, NULL, p.event_at, clock.recorded_at, p.code,
               p.reference, p.linked, p.d_dp, p.d_dpo, p.d_cp, p.d_cpo,
               p.c_dp, p.c_dpo, p.c_cp, p.c_cpo,
               sha256(convert_to(
                   p.head || '[' || p.c_dp || ',' || p.c_dpo || ',' || p.c_cp || ','
                   || p.c_cpo || ']' || p.middle || '[' || p.d_dp || ',' || p.d_dpo || ','
                   || p.d_cp || ',' || p.d_cpo || ']' || p.tail
                   || ':' || p.position || ':'
                   || (extract(epoch FROM clock.recorded_at) * 1000000)::bigint,
                   'UTF8'
               ))
        FROM placed AS p CROSS JOIN clock
        RETURNING *
    )
    SELECT * FROM written ORDER BY position;
    UPDATE accounts AS a SET debits_posted = v.dpo, credits_posted = v.cpo
    FROM unnest(final_ids, final_dpo::bigint[], final_cpo::bigint[]) AS v(id, dpo, cpo)
    WHERE a.id = v.id;
END
$$
"""


def upgrade() -> None:
    op.execute(POST_BATCH_FUNCTION)
    op.execute("GRANT EXECUTE ON FUNCTION ledger_post_batch TO ledger_writer")


def downgrade() -> None:
    op.execute("DROP FUNCTION ledger_post_batch")
