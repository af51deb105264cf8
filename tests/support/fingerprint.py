"""A digest of every table's rows, to prove that something changed nothing.

The logs are left out: a refused mutation still writes its audit row, the personal data it
showed is logged, and sign-in keeps its own bookkeeping (sessions, tokens, failure counters on
``users``), and so does the rate limit (``rate_limit_windows``: the requests every process let
through, shared once a second), and so does the public answers' data version (``data_versions``:
a cache key, not data; a refused mutation that commits its audit row may move it through a
statement that wrote no row, which costs a cache miss and never serves a stale answer; its own
tests are ``tests/governance/test_data_versions.py``). So is the ledger's hash chain: the server's background sealer links transfers
committed earlier into it at any moment; the transfers themselves are fingerprinted. A test
whose app runs no background tasks asks for the chain too (``with_chain``), e.g. to prove a
read does not seal.
"""

from __future__ import annotations

import asyncpg

from kit.database import to_libpq_url

LOGS = ("audit_log", "personal_data_access_log", "users", "auth_sessions", "refresh_tokens",
        "rate_limit_windows", "data_versions", "alembic_version")  # fmt: skip
CHAIN = ("ledger_chain", "chain_links")


async def fingerprint(database_url: str, *, with_chain: bool = False) -> dict[str, str]:
    """Table name → md5 over its rows (order-independent), for every table but the logs (and
    the chain, unless ``with_chain``)."""
    left_out = LOGS if with_chain else LOGS + CHAIN
    connection = await asyncpg.connect(to_libpq_url(database_url))
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        digests = {}
        for (table,) in tables:
            if table in left_out:
                continue
            digests[table] = await connection.fetchval(
                f"SELECT md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) "
                f'FROM "{table}" t'
            )
        return digests
    finally:
        await connection.close()
