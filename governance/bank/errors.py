"""The user's reason for a refused ledger batch (the ledger knows nothing of refusals)."""

from __future__ import annotations

from governance.refusals import Refusal, RefusalCode


def ledger_refusal(statuses: set[str]) -> Refusal | None:
    """The user's reason for a refused ledger batch, for conditions users cause."""
    if statuses & {"DEBIT_ACCOUNT_CLOSED", "CREDIT_ACCOUNT_CLOSED"}:
        return Refusal(
            RefusalCode.ACCOUNT_CLOSED, None, "A points account of this change is closed."
        )
    if "EXCEEDS_CREDITS" in statuses:
        return Refusal(RefusalCode.BALANCE_CHANGED, None, "A balance changed meanwhile; try again.")
    return None
