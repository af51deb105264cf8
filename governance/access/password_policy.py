"""The minimum policy for a password a person chooses: at least ``PASSWORD_CHOSEN_LENGTH_MIN``
characters, not the username, not in the common-password list (``common_passwords.txt``).

One-time codes are random and never pass through here. A refusal never repeats the password.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from governance.access.passwords import PASSWORD_LENGTH_MAX
from governance.refusals import Refusal, RefusalCode

PASSWORD_CHOSEN_LENGTH_MIN = 10
FIELD = "newPassword"


@cache
def common_passwords() -> frozenset[str]:
    text = files("governance.access").joinpath("common_passwords.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line.casefold() for line in lines if line and not line.startswith("#"))


def check_new_password(password: str, username: str) -> None:
    """Refuse ``password`` for the account ``username`` unless it meets the policy."""
    if len(password) < PASSWORD_CHOSEN_LENGTH_MIN:
        raise Refusal(
            RefusalCode.PASSWORD_TOO_SHORT,
            FIELD,
            f"A password has at least {PASSWORD_CHOSEN_LENGTH_MIN} characters.",
        )
    if len(password) > PASSWORD_LENGTH_MAX:
        raise Refusal(
            RefusalCode.TOO_LONG, FIELD, f"A password has at most {PASSWORD_LENGTH_MAX} characters."
        )
    folded = password.strip().casefold()
    if folded == username.casefold():
        raise Refusal(RefusalCode.PASSWORD_IS_USERNAME, FIELD, "The password is the username.")
    if folded in common_passwords():
        raise Refusal(RefusalCode.PASSWORD_TOO_COMMON, FIELD, "The password is too common.")
