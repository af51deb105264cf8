"""Goal: whatever the sequence of transfers, pendings, posts, voids, timeouts, reversals and
replays, the ledger conserves every unit, never lets a member wallet go negative, keeps stored
balances equal to those recomputed from the log, and answers a replayed batch identically.

Method: hypothesis draws batches of operations against a fresh database per example (a clone
of the migrated template). Time is a logical offset added to the clock and passed as ``now``.
After every batch, the batch is replayed and its results compared with the originals; at the
end, the log is sealed (in small steps) and ``verify`` recomputes digests, every chain link
and all balances; conservation and available balances are checked on the accounts too.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ledger
from kit.database import create_engine, create_session_factory, session_scope, with_database
from kit.settings import Settings
from ledger import TransferKind, TransferResult, TransferSpec, TransferStatus
from tests.support import databases

S = TransferStatus
WALLETS = 3
STEPS_MAX = 12


@dataclass
class Model:
    pool: int
    wallets: list[int]
    ids: list[uuid.UUID] = field(default_factory=list)  # every id drawn so far
    offset_seconds: int = 0

    @property
    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset_seconds)

    def some_id(self, data: st.DataObject) -> uuid.UUID:
        if not self.ids:
            return uuid.uuid4()
        return self.ids[data.draw(st.integers(0, len(self.ids) - 1))]


def draw_spec(data: st.DataObject, model: Model) -> TransferSpec | None:
    operation = data.draw(
        st.sampled_from(["award", "spend", "hold", "post", "void", "reverse", "advance"])
    )
    amount = data.draw(st.integers(1, 25))
    wallet = data.draw(st.sampled_from(model.wallets))
    other = data.draw(st.sampled_from([model.pool, *model.wallets]))
    linked = data.draw(st.integers(0, 3)) == 0
    base = {"id": uuid.uuid4(), "linked": linked}
    if operation == "advance":
        model.offset_seconds += data.draw(st.integers(1, 120))
        return None
    if operation == "award":
        spec = TransferSpec(
            debit_account_id=model.pool,
            credit_account_id=wallet,
            amount=amount,
            unit="POINTS",
            **base,
        )
    elif operation == "spend":
        spec = TransferSpec(
            debit_account_id=wallet, credit_account_id=other, amount=amount, unit="POINTS", **base
        )
    elif operation == "hold":
        timeout = data.draw(st.none() | st.integers(1, 100))
        spec = TransferSpec(
            debit_account_id=wallet,
            credit_account_id=model.pool,
            amount=amount,
            unit="POINTS",
            kind=TransferKind.PENDING,
            timeout_seconds=timeout,
            **base,
        )
    elif operation in ("post", "void"):
        kind = TransferKind.POST_PENDING if operation == "post" else TransferKind.VOID_PENDING
        partial = amount if operation == "post" and data.draw(st.booleans()) else None
        spec = TransferSpec(
            debit_account_id=None,
            credit_account_id=None,
            amount=partial,
            unit=None,
            kind=kind,
            pending_id=model.some_id(data),
            **base,
        )
    else:
        spec = TransferSpec(
            debit_account_id=wallet,
            credit_account_id=model.pool,
            amount=amount,
            unit="POINTS",
            reverses_id=model.some_id(data),
            **base,
        )
    model.ids.append(spec.id)
    return spec


def same_answer(first: TransferResult, replay: TransferResult) -> bool:
    """A replay reports what the first attempt did, in its replay form."""
    if first.status in (S.CREATED, S.EXISTS):
        return replay.status is S.EXISTS and replay.transfer == first.transfer
    if first.status is S.ID_ALREADY_FAILED:
        return (replay.status, replay.failure) == (first.status, first.failure)
    if first.status in ledger.types.NOT_STORED:
        return replay.status is first.status
    return replay.status is S.ID_ALREADY_FAILED and replay.failure is first.status


async def scenario(url: str, data: st.DataObject) -> None:
    engine = create_engine(url, Settings())
    factory = create_session_factory(engine)
    try:
        async with session_scope(factory) as session:
            model = await setup(session)
        for _ in range(data.draw(st.integers(1, STEPS_MAX))):
            await step(factory, data, model)
        async with session_scope(factory) as session:
            await check(session, model)
        async with session_scope(factory) as session:
            report = await ledger.verify(session)
        assert report.ok, [str(v) for v in report.violations]
    finally:
        await engine.dispose()


async def setup(session) -> Model:  # type: ignore[no-untyped-def]
    pool = await create(session, "pool", no_negative=False)
    wallets = [await create(session, f"wallet:{i}", no_negative=True) for i in range(WALLETS)]
    return Model(pool, wallets)


async def create(session, code: str, *, no_negative: bool) -> int:  # type: ignore[no-untyped-def]
    spec = ledger.AccountSpec(code, "POINTS", debits_must_not_exceed_credits=no_negative)
    [result] = await ledger.create_accounts(session, [spec])
    return result.account.id


async def step(factory, data: st.DataObject, model: Model) -> None:  # type: ignore[no-untyped-def]
    if data.draw(st.integers(0, 5)) == 0:
        async with session_scope(factory) as session:
            await ledger.expire_pending(session, model.now)
        return
    batch = [s for s in (draw_spec(data, model) for _ in range(data.draw(st.integers(1, 3)))) if s]
    if not batch:
        return
    async with session_scope(factory) as session:
        first = await ledger.create_transfers(session, batch, now=model.now)
    async with session_scope(factory) as session:
        replay = await ledger.create_transfers(session, batch, now=model.now)
    for original, again in zip(first, replay, strict=True):
        assert same_answer(original, again), (original, again)


async def check(session, model: Model) -> None:  # type: ignore[no-untyped-def]
    while (await ledger.seal(session, limit=3)).linked:
        pass
    report = await ledger.verify(session)
    assert report.ok, [str(v) for v in report.violations]
    assert report.links_checked == report.transfers_checked
    accounts = await ledger.lookup_accounts(session, [model.pool, *model.wallets])
    assert sum(a.balances.credit_balance for a in accounts) == 0
    assert sum(a.balances.credits_pending - a.balances.debits_pending for a in accounts) == 0
    for wallet in accounts[1:]:
        assert wallet.balances.available_credit_balance >= 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_histories_keep_the_invariants(pg_url: str, migrated_template: str, data) -> None:  # type: ignore[no-untyped-def]
    name = databases.create_database_from(pg_url, migrated_template, prefix="prop_")
    try:
        asyncio.run(scenario(with_database(pg_url, name), data))
    finally:
        databases.drop_database(pg_url, name)
