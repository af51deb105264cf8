"""The data version of public data: it moves when, and only when, a transaction that wrote a table
an anonymous answer may read commits.

The public-answer cache (``api.http.public_answers``) keeps an anonymous answer under the
version read before it was computed, and only if the version read after is the same; it serves
the answer while the version stays. Before, the version was ``pg_current_snapshot()``, which
every commit in the cluster moves (a sign-in, the rate limit's once-a-second sync, the audit
log…): under steady traffic a kept answer lived about a second.

Now every table is classified (a test fails on a table in neither list): ``PUBLIC_TABLES``
carry a statement-level trigger (migration 0027) that adds one, once per transaction, to the
writing backend's row of ``data_versions``; ``PRIVATE_TABLES`` (sessions, logs, the rate
limit's windows, the ledger's hash chain, accounts and grants, history that only signed-in
viewers read) do not. The version is the sum of the rows.

Why this shape:

- Transactional, so "the version held while computed" means what it says. The bump is an
  ordinary row update, visible exactly when its transaction commits: an unchanged sum before
  and after a computation proves no public write committed in between. A sequence
  (``nextval``) is not transactional: a writer takes its number before it commits, a reader
  can see the new number, compute from data without the write, see the same number after, and
  keep a stale answer that the commit then never invalidates.
- No contention. One row for the whole group would make every writer of public data (every
  sale) wait for the previous one's commit on that row, and meet the others in deadlocks; a
  row per table still serialises all sales. A row per backend (``pg_backend_pid()``) is never
  updated by two transactions at once: a backend runs one transaction at a time.
- Cheap. The trigger fires per statement and writes once per transaction (a transaction-local
  setting remembers it did); a bulk import pays one upsert, not one per row.
- Bounded. Rows of backends that have gone are folded into row 0 by ``compact`` (a background
  task), which leaves the sum unchanged. The version also names the table's OID, so a database
  restored from a dump (a new table, an older sum) never reuses an old version.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Integer, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import Base

VERSION_SQL = (
    "SELECT coalesce(sum(bumps), 0)::text || '@' || 'data_versions'::regclass::oid::text "
    "FROM data_versions"
)
COMPACT_SQL = text("SELECT compact_data_versions()")

# Tables an anonymous answer may read, directly or through what it counts: regions,
# designations, indicators and what they count (persons, households, facilities, centers…), the
# bank's catalog, notice boards and 红榜 (announcements, applications, holders), goods' stock
# (the ledger's accounts and transfers), and every workflow table, kept public unless shown
# otherwise (a wrong "public" costs a recomputation, a wrong "private" a stale answer).
PUBLIC_TABLES = frozenset(
    {
        "accounts", "bank_announcements", "bank_applications", "bank_conflict_refusals",
        "bank_holders", "bank_objections", "bank_rule_versions", "bank_rules", "bank_schemes",
        "bank_set_aside_entries", "center_staff", "deliberation_meetings",
        "dispute_case_mediators", "dispute_cases", "dispute_parties", "dispute_transitions",
        "event_deadline_rules", "goods", "goods_prices", "governance_centers",
        "grid_assignments", "grid_event_transitions", "grid_events", "households",
        "indicator_definitions", "indicator_snapshots", "insurance_participation",
        "mediation_committees", "mediation_sessions", "mediators", "pending_transfers",
        "persons", "petition_hearings", "petition_transitions", "petition_visits",
        "petitioners", "petitions", "receipt_lines", "receipt_return_lines", "receipt_returns",
        "receipts", "reception_days", "region_counts", "region_designations", "regions",
        "service_facilities", "service_posts", "social_organizations", "stock_adjustments",
        "stock_ins", "supermarkets", "transfers", "village_disclosures", "volunteer_activities",
        "volunteer_certificates", "volunteer_sign_ups", "volunteers",
    }
)  # fmt: skip
# Tables no anonymous answer reads. Users and grants are shown to signed-in viewers only
# (``governance.access.visibility``), record history too (``api.catalog_history``); the
# ledger's failures and hash chain are read by ``grassroots ledger verify`` alone.
PRIVATE_TABLES = frozenset(
    {
        "alembic_version", "audit_log", "auth_sessions", "chain_links", "data_versions",
        "ledger_chain", "personal_data_access_log", "rate_limit_windows", "record_history",
        "refresh_tokens", "role_grants", "transfer_failures", "trusted_documents", "users",
    }
)  # fmt: skip
COMPACT_INTERVAL_SECONDS = 60.0


class DataVersion(Base):
    """One backend's count of committed transactions that wrote a public table (migration
    0027); the data version is the sum over all rows."""

    __tablename__ = "data_versions"
    __table_args__ = (CheckConstraint("bumps >= 0", name="bumps_not_negative"),)

    backend_pid: Mapped[int] = mapped_column(
        Integer,
        primary_key=True,
        autoincrement=False,
        comment="The writing backend's process id; 0 holds the bumps of backends gone",
    )
    bumps: Mapped[int] = mapped_column(
        BigInteger, comment="Committed transactions that wrote a public table"
    )


async def compact(session: AsyncSession) -> int:
    """Fold the rows of backends that have gone into row 0 (the sum, the version, unchanged);
    return how many rows went."""
    return int((await session.execute(COMPACT_SQL)).scalar_one())
