"""Goal: an account's statement digest covers its whole history, however long (no silent cut at
10,000 entries), equals the hash of every page of its statement oldest first, and comes from one
statement for many accounts.

Method: 10,050 transfers into one wallet (two ledger batches), one into another account, and
an account without transfers; the digests compared with SHA-256 over the statement's pages.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from ledger import chain
from tests.ledger.factories import create_account, transfer

ENTRIES = 10_050
OLD_CUT = 10_000  # what the notice board's code used to cover


async def _paged_digests(session: AsyncSession, account_id: int) -> list[bytes]:
    """The account's transfer digests oldest first, read page by page."""
    digests: list[bytes] = []
    cursor = None
    while True:
        page = await ledger.statement(
            session, account_id, limit=ledger.STATEMENT_PAGE_SIZE_MAX, before=cursor
        )
        digests.extend(entry.transfer.digest for entry in page.entries)
        if page.next_cursor is None:
            return digests[::-1]
        cursor = page.next_cursor


async def test_digests_cover_whole_histories(session: AsyncSession) -> None:
    pool = await create_account(session, "pool")
    wallet = await create_account(session, "wallet")
    other = await create_account(session, "other")
    empty = await create_account(session, "empty")
    specs = [transfer(pool, wallet, 1 + n % 5) for n in range(ENTRIES)]
    for start in range(0, ENTRIES, ledger.BATCH_SIZE_MAX):
        results = await ledger.create_transfers(
            session, specs[start : start + ledger.BATCH_SIZE_MAX]
        )
        assert all(result.ok for result in results)
    await ledger.create_transfers(session, [transfer(pool, other, 9)])

    digests = await ledger.statement_digests(session, [wallet, other, empty, wallet])

    history = await _paged_digests(session, wallet)
    assert len(history) == ENTRIES
    assert digests[wallet] == hashlib.sha256(b"".join(history)).digest()
    assert digests[wallet] != hashlib.sha256(b"".join(history[-OLD_CUT:])).digest()
    assert digests[other] == hashlib.sha256(b"".join(await _paged_digests(session, other))).digest()
    assert digests[empty] == hashlib.sha256(b"").digest()
    assert set(digests) == {wallet, other, empty}


async def test_transfer_digests_are_the_stored_ones_and_later_transfers_change_none(
    session: AsyncSession,
) -> None:
    """The notice code hashes chosen transfers' digests: each is the digest the chain links
    (``ledger.chain.digest`` of the stored transfer), and a later transfer on the same account
    leaves it as it was; an unknown id is simply absent."""
    pool = await create_account(session, "pool")
    wallet = await create_account(session, "wallet")
    first, second = transfer(pool, wallet, 5), transfer(pool, wallet, 7)
    [created] = await ledger.create_transfers(session, [first])
    assert created.ok
    before = await ledger.transfer_digests(session, [first.id, ledger.new_transfer_id()])
    await ledger.create_transfers(session, [second, transfer(wallet, pool, 3)])
    after = await ledger.transfer_digests(session, [first.id, second.id])
    page = await ledger.statement(session, wallet, limit=10)
    stored = {entry.transfer.id: entry.transfer for entry in page.entries}
    assert set(before) == {first.id}
    assert before[first.id] == after[first.id] == chain.digest(stored[first.id])
    assert after[second.id] == chain.digest(stored[second.id])
