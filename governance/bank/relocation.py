"""What points accounts do when their household or person moves, merges or ends.

A scheme belongs to a county, township or village; its holders live under that region. The
scheme's region decides what happens to an account when its owner changes place:

- **Moved inside the scheme's region** (another grid, or another village of a township or
  county scheme): the account follows. The holder's copied ``region_code`` is rewritten;
  balance and history are untouched.
- **Left the scheme's region, or ended** (a move to a village outside it, a death, a household
  ending with its last member): the account is *settled*. Its available points go to the
  scheme's expiry account through the ledger (``Reason.SETTLEMENT``, as a clearing would
  expire them), then the wallet is closed. The new village's scheme opens an account at the
  first award there, as for any household.
- **Merged** (household B absorbed into A): in each scheme where B has an account and which
  covers A, B's available points go to A's account in that scheme (opened if A had none)
  through the ledger (``Reason.MERGE``), and B's wallet is closed; in a scheme that does not
  cover A, B's account is settled as above. A's own account is untouched.

No points are created or lost: each move is one ledger transfer between wallets or into the
scheme's expiry account (``grassroots ledger verify`` holds). As ``closePointsAccount``, an
account with entries in review or on a notice board, or with a reservation in the ledger, is
not settled or merged (``ACCOUNT_HAS_PENDING_ENTRIES``): the 公示 procedure runs its course
first. Already closed wallets are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.bank import accounts, repository
from governance.bank.accounts import Reason
from governance.bank.models import Holder, Scheme
from governance.bank.service import Owner, open_holder
from governance.refusals import Refusal, RefusalCode
from governance.regions.codes import covers


async def lock_holders(
    session: AsyncSession, household_ids: Sequence[int], person_ids: Sequence[int]
) -> list[Holder]:
    """The accounts of these households and persons, locked in id order (no deadlock with
    another relocation taking the same accounts)."""
    if not household_ids and not person_ids:
        return []
    statement = (
        select(Holder)
        .where(or_(Holder.household_id.in_(household_ids), Holder.person_id.in_(person_ids)))
        .order_by(Holder.id)
        .with_for_update()
    )
    return list((await session.execute(statement)).scalars())


async def relocate(session: AsyncSession, holders: Sequence[Holder], region_code: str) -> int:
    """Each open account follows to ``region_code`` if its scheme covers it, else is settled.
    Returns the points settled."""
    settled = 0
    for holder, scheme, wallet in await _open_wallets(session, holders):
        if covers(scheme.region_code, region_code):
            holder.region_code = region_code
        else:
            settled += await _settle(session, holder, scheme, wallet)
    await session.flush()
    return settled


async def settle(session: AsyncSession, holders: Sequence[Holder]) -> int:
    """Settle every open account (its owner ended); return the points settled."""
    settled = 0
    for holder, scheme, wallet in await _open_wallets(session, holders):
        settled += await _settle(session, holder, scheme, wallet)
    return settled


async def merge(
    session: AsyncSession, absorbed: Sequence[Holder], surviving_household_id: int
) -> int:
    """Hand the absorbed household's accounts to the surviving one (see the module); return
    the points transferred."""
    moved = 0
    for holder, scheme, wallet in await _open_wallets(session, absorbed):
        survivor = await repository.household(session, surviving_household_id)
        assert survivor is not None
        if not covers(scheme.region_code, survivor.region_code):
            await _settle(session, holder, scheme, wallet)
            continue
        await _check_nothing_pending(session, holder, wallet)
        target = await open_holder(session, scheme, Owner(household_id=surviving_household_id))
        amount = wallet.balances.available_credit_balance
        spec = _spec(("merge", holder.id), wallet.id, target.points_account_id, amount)
        await _transfer(session, spec, Reason.MERGE)
        await ledger.close_account(session, wallet.id)
        moved += amount
    return moved


async def _open_wallets(
    session: AsyncSession, holders: Sequence[Holder]
) -> list[tuple[Holder, Scheme, ledger.Account]]:
    wallets = {
        w.id: w
        for w in await ledger.lookup_accounts(session, [h.points_account_id for h in holders])
    }
    found = []
    for holder in holders:
        wallet = wallets[holder.points_account_id]
        if wallet.closed:
            continue
        scheme = await repository.scheme(session, holder.scheme_id)
        assert scheme is not None
        found.append((holder, scheme, wallet))
    return found


async def _check_nothing_pending(
    session: AsyncSession, holder: Holder, wallet: ledger.Account
) -> None:
    waiting = await repository.entries_in_flight(session, holder.id)
    reserved = wallet.balances.debits_pending + wallet.balances.credits_pending
    if waiting or reserved:
        message = (
            f"A points account of this household or person has {waiting} entries in review or "
            "on a notice board, or points reserved: let them settle (or reject them), then "
            "make this change."
        )
        raise Refusal(RefusalCode.ACCOUNT_HAS_PENDING_ENTRIES, None, message)


async def _settle(
    session: AsyncSession, holder: Holder, scheme: Scheme, wallet: ledger.Account
) -> int:
    await _check_nothing_pending(session, holder, wallet)
    amount = wallet.balances.available_credit_balance
    spec = _spec(("settle", holder.id), wallet.id, scheme.expiry_account_id, amount)
    await _transfer(session, spec, Reason.SETTLEMENT)
    await ledger.close_account(session, wallet.id)
    return amount


def _spec(
    key: tuple[str, int], debit_account_id: int, credit_account_id: int, amount: int
) -> ledger.TransferSpec | None:
    if amount == 0:
        return None
    return ledger.TransferSpec(
        id=accounts.transfer_id(*key),
        debit_account_id=debit_account_id,
        credit_account_id=credit_account_id,
        amount=amount,
        unit=ledger.Unit.POINTS,
        reference=f"{key[0]}:holder:{key[1]}",
    )


async def _transfer(session: AsyncSession, spec: ledger.TransferSpec | None, code: Reason) -> None:
    if spec is None:
        return
    [result] = await ledger.create_transfers(session, [replace(spec, code=code)])
    if not result.ok:
        message = "The account's balance changed meanwhile (a purchase?): make the change again."
        raise Refusal(RefusalCode.BALANCE_CHANGED, None, message)
