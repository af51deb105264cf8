"""What a holder sees: available and pending points, volunteer minutes, the statement with
running balances, and the short digest code of the whole statement.

The balance read is the hot path of the cashier's screen and the resident's app: one query
(holder, wallet and minutes, scoped), and a second only when a wallet holds pendings. It never
writes: an entry whose announcement has closed reads as posted (``announcements.
posts_at_deadline``) until the background settler writes that down, so nothing is shown pending
past its deadline but what is truly pending: an entry held by an undecided objection, and an
entry settlement set aside (as the ledger holds it).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ScalarSelect,
    Select,
    any_,
    bindparam,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access import row_security
from governance.access.principal import ANONYMOUS, Grant, Viewer
from governance.bank.announcements import posts_at_deadline
from governance.bank.models import Holder
from governance.bank.repository import DueEntry, due_entries, scoped
from governance.people.models import Person
from governance.supermarkets.serving import with_serving_supermarket
from governance.volunteering.models import Volunteer
from kit.driver import driver_connection
from ledger.models import LedgerAccount

DIGEST_CODE_LENGTH = 10
COMPILED_STATEMENTS_MAX = 1_024  # distinct grant sets: one per user at most


@dataclass(frozen=True, slots=True)
class HolderBalance:
    holder_id: int
    scheme_id: int
    household_id: int | None
    person_id: int | None
    region_code: str
    points_account_id: int
    closed: bool
    balances: ledger.Balances
    volunteer_minutes: int

    @property
    def available_points(self) -> int:
        return self.balances.available_credit_balance

    @property
    def pending_award_points(self) -> int:
        return self.balances.credits_pending

    @property
    def pending_deduction_points(self) -> int:
        return self.balances.debits_pending


def _minutes_of(holder: type[Holder]) -> ScalarSelect[Any]:
    """Confirmed volunteer minutes of the holder's person, or of its household's members.

    Correlated explicitly: auto-correlation stops at the enclosing subquery, which would join a
    second, unrelated holders table and count every household's members."""
    minutes = LedgerAccount.credits_posted - LedgerAccount.debits_posted
    people = (
        select(Person.id)
        .where((Person.household_id == holder.household_id) | (Person.id == holder.person_id))
        .correlate(holder)
    )
    return (
        select(func.coalesce(func.sum(minutes), 0))
        .select_from(Volunteer)
        .join(LedgerAccount, LedgerAccount.id == Volunteer.minutes_account_id)
        .where(Volunteer.person_id.in_(people))
        .correlate(holder)
        .scalar_subquery()
    )


def _balance_statement(viewer: Viewer, holder_ids: BindParameter[list[int]]) -> Select[Any]:
    wallet = LedgerAccount
    columns = (
        Holder.id, Holder.scheme_id, Holder.household_id, Holder.person_id, Holder.region_code,
        Holder.points_account_id, wallet.closed, wallet.debits_pending, wallet.debits_posted,
        wallet.credits_pending, wallet.credits_posted,
        _minutes_of(Holder).label("minutes"),
    )  # fmt: skip
    statement: Select[Any] = (
        select(*columns)
        .join(wallet, wallet.id == Holder.points_account_id)
        .where(Holder.id == any_(holder_ids))
        # A cashier's join may match several supermarkets: one row per holder.
        .ext(distinct_on(Holder.id))
        .order_by(Holder.id)
    )
    # A cashier sees the holders their supermarket serves: those living under its region.
    statement, supermarket_column = with_serving_supermarket(statement, viewer, Holder.region_code)
    return scoped(
        statement,
        Holder.region_code,
        viewer,
        supermarket_id=supermarket_column,
        person_id=Holder.person_id,
        household_id=Holder.household_id,
    )


async def holder_balances(
    session: AsyncSession, viewer: Viewer, holder_ids: list[int], now: dt.datetime
) -> dict[int, HolderBalance]:
    """Balances of the holders ``viewer`` may see, in one round trip (a page of accounts costs
    what one does), and one more when some hold pendings: entries past their deadline count as
    settled. Writes nothing."""
    found = await _read_balances(session, viewer, holder_ids)
    pending = [
        holder_id
        for holder_id, balance in found.items()
        if balance.pending_award_points or balance.pending_deduction_points
    ]
    if not pending:
        return found
    for entry in await due_entries(session, pending, now):
        found[entry.holder_id] = _as_settled(found[entry.holder_id], entry)
    return found


def _as_settled(balance: HolderBalance, entry: DueEntry) -> HolderBalance:
    """The balance once ``entry`` is posted, as the settler will write it. A held entry stays
    pending, and so does one into a closed wallet (the settler will set it aside)."""
    amount = entry.amount_points
    if not posts_at_deadline(entry.objection_undecided) or balance.closed:
        return balance
    before = balance.balances
    if entry.award:
        after = ledger.Balances(
            before.debits_pending, before.debits_posted,
            before.credits_pending - amount, before.credits_posted + amount,
        )  # fmt: skip
    else:
        after = ledger.Balances(
            before.debits_pending - amount, before.debits_posted + amount,
            before.credits_pending, before.credits_posted,
        )  # fmt: skip
    assert min(after.debits_pending, after.credits_pending) >= 0, (balance, entry)
    return replace(balance, balances=after)


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A scoped balance statement compiled once per set of grants, for asyncpg ($n params)."""

    sql: str
    names: tuple[str, ...]
    values: dict[str, Any]

    def arguments(self, holder_ids: list[int]) -> list[Any]:
        return [holder_ids if name == _HOLDER_IDS.key else self.values[name] for name in self.names]


_HOLDER_IDS: BindParameter[list[int]] = bindparam("holder_ids", type_=ARRAY(BigInteger))  # type: ignore[arg-type]
_DIALECT = asyncpg_dialect.dialect()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=COMPILED_STATEMENTS_MAX)
def _compiled(grants: tuple[Grant, ...]) -> _Compiled:
    """Building and compiling the statement costs ~1 ms of Python: once per grant set."""
    viewer = Viewer(-1, -1, grants) if grants else ANONYMOUS
    compiled = _balance_statement(viewer, _HOLDER_IDS).compile(dialect=_DIALECT)
    assert compiled.positiontup is not None
    return _Compiled(str(compiled), tuple(compiled.positiontup), dict(compiled.params))


# Migration 0026: the session check, the scope switch and ``_balance_statement``'s read for a
# viewer whose one grant is their own person and household, as one statement.
OWN_BALANCES_SQL = "SELECT * FROM request_own_balances($1, $2, $3, $4, $5, $6)"


async def _read_balances(
    session: AsyncSession, viewer: Viewer, holder_ids: list[int]
) -> dict[int, HolderBalance]:
    """One round trip, on the session's own connection (the read is the hot path); a
    resident's first read of the request folds the session check and scope switch into it."""
    own = _own_grant(viewer)
    if own is not None and row_security.folds(session, viewer):
        rows = await row_security.fetch_folded(
            session, OWN_BALANCES_SQL, viewer.session_id, viewer.user_id,
            viewer.grants_version, own.person_id, own.household_id, holder_ids,
        )  # fmt: skip
        return {row["id"]: _balance_of(row) for row in rows}
    statement = _compiled(viewer.grants)
    connection = await driver_connection(session, begin=False)
    rows = await connection.fetch(statement.sql, *statement.arguments(holder_ids))
    return {row["id"]: _balance_of(row) for row in rows}


def _own_grant(viewer: Viewer) -> Grant | None:
    """The viewer's grant when it is their only one and covers their own person/household."""
    if len(viewer.grants) == 1 and viewer.grants[0].person_id is not None:
        return viewer.grants[0]
    return None


def _balance_of(row: Any) -> HolderBalance:
    balances = ledger.Balances(
        row["debits_pending"], row["debits_posted"], row["credits_pending"], row["credits_posted"]
    )
    return HolderBalance(
        row["id"], row["scheme_id"], row["household_id"], row["person_id"], row["region_code"],
        row["points_account_id"], row["closed"], balances, int(row["minutes"]),
    )  # fmt: skip


async def statement_digest_code(session: AsyncSession, account_id: int) -> str:
    """A short code of every transfer on the account so far (their digests, oldest first).

    It changes with every movement, so the notice board prints a code per announcement instead
    (``governance.bank.notice_codes``), which stays valid after the holder spends.
    """
    return (await statement_digest_codes(session, [account_id]))[account_id]


async def statement_digest_codes(session: AsyncSession, account_ids: list[int]) -> dict[int, str]:
    """``statement_digest_code`` of many accounts, one statement per
    ``ledger.STATEMENT_DIGEST_ACCOUNTS_MAX`` of them, over their whole histories."""
    codes: dict[int, str] = {}
    step = ledger.STATEMENT_DIGEST_ACCOUNTS_MAX
    for start in range(0, len(account_ids), step):
        digests = await ledger.statement_digests(session, account_ids[start : start + step])
        codes |= {account_id: format_code(raw) for account_id, raw in digests.items()}
    return codes


def format_code(raw: bytes) -> str:
    code = base64.b32encode(raw).decode()[:DIGEST_CODE_LENGTH]
    return f"{code[:5]}-{code[5:]}"
