"""Business refusals of the morality bank, the supermarkets and volunteering.

A ``Refusal`` is a condition a user causes (insufficient points, a closed window…); the API
turns it into ``userErrors``. Programmer errors are assertions instead.
"""

from __future__ import annotations


class Refusal(Exception):
    """A business rule refused the change; ``code`` and ``field`` are shown to the user."""

    def __init__(self, code: str, field: str | None, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message


def forbidden(what: str) -> Refusal:
    return Refusal("FORBIDDEN", None, f"You may not {what}.")


class RecordedRefusal(Refusal):
    """A refusal that leaves a record behind (e.g. a conflict of interest): whoever rolls the
    refused change back writes ``records`` afterwards."""

    def __init__(self, code: str, field: str | None, message: str, records: list[object]) -> None:
        super().__init__(code, field, message)
        self.records = records


def ledger_refusal(statuses: set[str]) -> Refusal | None:
    """The user's reason for a refused ledger batch, for conditions users cause."""
    if statuses & {"DEBIT_ACCOUNT_CLOSED", "CREDIT_ACCOUNT_CLOSED"}:
        return Refusal("ACCOUNT_CLOSED", None, "A points account of this change is closed.")
    if "EXCEEDS_CREDITS" in statuses:
        return Refusal("BALANCE_CHANGED", None, "A balance changed meanwhile; try again.")
    return None
