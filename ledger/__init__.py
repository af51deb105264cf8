"""The double-entry points ledger. Knows nothing of GraphQL or of governance.

Every function takes the caller's ``AsyncSession`` and works inside the caller's database
transaction: it flushes, never commits. Wrap a unit of work in ``run_in_transaction`` to retry
serialization failures and deadlocks.

Accounts (``create_accounts``, ``lookup_accounts``, ``close_account``) hold one unit each —
``Unit.POINTS``, ``Unit.VOLUNTEER_MINUTES`` or ``stock_unit(goods_id)`` — and their debits and
credits, posted and pending, kept current with every transfer (O(1) reads).

``create_transfers(session, [TransferSpec…])`` applies a batch in order and returns one
``TransferResult`` per spec. Ids are chosen by the client: the same id with the same fields reports
EXISTS (with the stored transfer), with other fields EXISTS_WITH_DIFFERENT_FIELDS; an id whose
transfer failed on the ledger's state reports ID_ALREADY_FAILED with the original failure.
``linked`` specs succeed or fail together. A batch of new POSTED transfers the ledger accepts is one
statement (``ledger.posting``); ``post_transfers(session_factory, specs)`` sends such a batch as a
transaction of its own (one round trip), anything else in ``run_in_transaction``. Kinds: POSTED,
PENDING (optionally with a timeout), POST_PENDING (fully or partly), VOID_PENDING;
``expire_pending`` releases timed-out pendings (EXPIRE_PENDING transfers). A reversal is a POSTED
transfer with ``reverses_id``, swapping the accounts of the original, never more than its amount in
total.

History: ``statement`` (newest first, cursor-paginated, running balances), ``balance_as_of``
(by recording time, O(log n)), ``statement_digests`` (a hash of each account's whole history,
one statement), ``verify`` (recompute everything).

Tamper evidence: each transfer stores the SHA-256 ``digest`` of its canonical encoding;
``seal`` (run by a background task, and by ``grassroots ledger head``/``verify``) links
committed transfers into a hash chain after their commit, so writers never queue on a global
lock; ``chain_head`` returns the publishable head.
"""

from ledger.history import (
    STATEMENT_DIGEST_ACCOUNTS_MAX,
    ChainHead,
    StatementEntry,
    StatementPage,
    balance_as_of,
    chain_head,
    is_statement_cursor,
    statement,
    statement_digests,
    transfer_digests,
)
from ledger.retry import run_in_transaction
from ledger.sealing import SealResult, seal
from ledger.service import (
    close_account,
    create_accounts,
    create_transfers,
    expire_pending,
    expiry_id,
    lookup_accounts,
    post_transfers,
)
from ledger.types import (
    AMOUNT_MAX,
    BATCH_SIZE_MAX,
    STATEMENT_PAGE_SIZE_MAX,
    Account,
    AccountResult,
    AccountSpec,
    AccountStatus,
    Balances,
    Transfer,
    TransferKind,
    TransferResult,
    TransferSpec,
    TransferStatus,
    Unit,
    new_transfer_id,
    stock_unit,
)
from ledger.verify import VerifyReport, Violation, verify

__all__ = [
    "AMOUNT_MAX",
    "BATCH_SIZE_MAX",
    "STATEMENT_DIGEST_ACCOUNTS_MAX",
    "STATEMENT_PAGE_SIZE_MAX",
    "Account",
    "AccountResult",
    "AccountSpec",
    "AccountStatus",
    "Balances",
    "ChainHead",
    "SealResult",
    "StatementEntry",
    "StatementPage",
    "Transfer",
    "TransferKind",
    "TransferResult",
    "TransferSpec",
    "TransferStatus",
    "Unit",
    "VerifyReport",
    "Violation",
    "balance_as_of",
    "chain_head",
    "close_account",
    "create_accounts",
    "create_transfers",
    "expire_pending",
    "expiry_id",
    "is_statement_cursor",
    "lookup_accounts",
    "new_transfer_id",
    "post_transfers",
    "run_in_transaction",
    "seal",
    "statement",
    "statement_digests",
    "stock_unit",
    "transfer_digests",
    "verify",
]
