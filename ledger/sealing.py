"""Sealing: linking committed transfers into the hash chain, after their commit.

Writers never touch the chain, so they never queue on a global lock. A sealer (a background
task every few seconds, ``grassroots ledger head`` or ``verify``; several may run, they queue
on the chain head) takes the chain head's row lock, reads the oldest transaction still running
(the snapshot's ``xmin``: every transfer inserted by an older transaction is committed or gone
for good), and links, in (transaction, position) order, every transfer of the transactions
between the last horizon and this one: ``hash = sha256(digest || previous hash)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession

from kit.driver import driver_connection
from ledger.chain import link_hash
from ledger.models import CHAIN_ROW_ID

SEAL_BATCH_SIZE_MAX = 50_000

_LOCK_HEAD = f"""
SELECT sequence, hash, horizon_xid, pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin
FROM ledger_chain WHERE id = {CHAIN_ROW_ID} FOR UPDATE
"""
_UNSEALED = """
SELECT id, digest, xid FROM transfers
WHERE xid >= $1 AND xid < $2 ORDER BY xid, position LIMIT $3
"""
_UNSEALED_OF_ONE_TRANSACTION = """
SELECT id, digest, xid FROM transfers WHERE xid = $1 ORDER BY position
"""
_WRITE_LINKS = f"""
WITH links AS (
    INSERT INTO chain_links (sequence, transfer_id, hash)
    SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::bytea[])
)
UPDATE ledger_chain SET sequence = $4, hash = $5, horizon_xid = $6, sealed_at = clock_timestamp()
WHERE id = {CHAIN_ROW_ID}
"""


@dataclass(frozen=True, slots=True)
class SealResult:
    linked: int  # transfers linked by this call
    sequence: int  # the head after it
    hash: bytes
    horizon_xid: int


async def seal(session: AsyncSession, limit: int = SEAL_BATCH_SIZE_MAX) -> SealResult:
    """Link up to about ``limit`` committed transfers (whole transactions); call again while
    ``linked`` is positive to catch up. Runs in the caller's database transaction."""
    assert 0 < limit <= SEAL_BATCH_SIZE_MAX
    connection = await driver_connection(session)
    head = await connection.fetchrow(_LOCK_HEAD)
    assert head is not None, "migration 0002 inserts the chain head"
    rows, horizon = await _unsealed(connection, head["horizon_xid"], head["xmin"], limit)
    sequence, previous = head["sequence"], bytes(head["hash"])
    sequences, ids, hashes = [], [], []
    for row in rows:
        sequence += 1
        previous = link_hash(bytes(row["digest"]), previous)
        sequences.append(sequence)
        ids.append(row["id"])
        hashes.append(previous)
    if rows or horizon != head["horizon_xid"]:
        await connection.execute(_WRITE_LINKS, sequences, ids, hashes, sequence, previous, horizon)
    return SealResult(len(rows), sequence, previous, horizon)


async def _unsealed(
    connection: asyncpg.Connection, since_xid: int, before_xid: int, limit: int
) -> tuple[list[asyncpg.Record], int]:
    """Transfers of whole transactions in [since, before), at most ``limit`` unless one
    transaction alone is larger; and the horizon reached."""
    rows = await connection.fetch(_UNSEALED, since_xid, before_xid, limit + 1)
    if len(rows) <= limit:
        return rows, max(since_xid, before_xid)
    cut_xid = rows[-1]["xid"]
    whole = [row for row in rows if row["xid"] < cut_xid]
    if whole:
        return whole, cut_xid
    # One transaction holds more than ``limit`` transfers: seal it whole.
    return await connection.fetch(_UNSEALED_OF_ONE_TRANSACTION, cut_xid), cut_xid + 1
