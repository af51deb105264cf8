"""The notice code (公示核对码): one short code per holder per announcement, printed on the notice
board beside the holder's entries, as text and as a QR code.

It hashes that holder's entries of that announcement as they were announced — each entry's id,
rule, signed points, the points it moved, and the digest of the pending ledger transfer
publication wrote for it (the digest the ledger's hash chain links). Nothing written later
changes it: not the entries posting at the deadline, not the household spending its points.
So the code printed at publication still matches the records years on, unless an announced
entry or its transfer was altered. (A code over the account's whole history, as
``balances.statement_digest_code``, stops matching at the household's next purchase.)

The code leads with the announcement's id, so a villager types one string: ``12-K7QZP-M3XA2``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

CODE_HASH_LENGTH = 10  # base32 characters: 50 bits
CODE_TEXT_LENGTH_MAX = 40  # longer input is not a code (checked before any parsing)
_VERSION = "grassroots-notice-code-v1"
ANNOUNCEMENT_ID_MAX = 2**63 - 1  # a bigint: a larger number names nothing
_SHAPE = re.compile(r"^([0-9]{1,19})-?([0-9A-Z]{5})-?([0-9A-Z]{5})$")
_BASE32 = re.compile(r"^[A-Z2-7]+$")
# What people mistype when copying base32 from paper: the letters it lacks look like digits.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


@dataclass(frozen=True, slots=True)
class CodedEntry:
    """An announced entry as its code hashes it."""

    application_id: int
    rule_id: int
    points: int  # the rule's points when proposed, signed
    points_applied: int | None  # points the pending transfer moved (a deduction may stop short)
    transfer_digest: bytes | None  # None: nothing moved (a deduction from an empty wallet)


def holder_code(announcement_id: int, holder_id: int, entries: Sequence[CodedEntry]) -> str:
    """The code of ``holder_id``'s entries of ``announcement_id`` (any order given)."""
    assert entries, "a holder on a notice has entries"
    lines = [_VERSION, str(announcement_id), str(holder_id)]
    for entry in sorted(entries, key=lambda entry: entry.application_id):
        digest = entry.transfer_digest.hex() if entry.transfer_digest is not None else "-"
        lines.append(
            f"{entry.application_id}:{entry.rule_id}:{entry.points}:{entry.points_applied}:{digest}"
        )
    raw = hashlib.sha256("\n".join(lines).encode("ascii")).digest()
    text = base64.b32encode(raw).decode()[:CODE_HASH_LENGTH]
    return f"{announcement_id}-{text[:5]}-{text[5:]}"


def parse(text: str) -> tuple[int, str] | None:
    """The announcement id and the normalised code typed in ``text``, or None if it is not a
    code. Case, spaces and the look-alike digits 0, 1 and 8 in the letters are forgiven."""
    if len(text) > CODE_TEXT_LENGTH_MAX:
        return None
    match = _SHAPE.match("".join(text.split()).upper())
    if match is None:
        return None
    letters = (match.group(2) + match.group(3)).translate(_LOOKALIKES)
    if not _BASE32.match(letters):
        return None
    announcement_id = int(match.group(1))
    if not 0 < announcement_id <= ANNOUNCEMENT_ID_MAX:
        return None
    return announcement_id, f"{announcement_id}-{letters[:5]}-{letters[5:]}"
