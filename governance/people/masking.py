"""The one place where personal identifiers become displayable.

Every read path (GraphQL, exports, announcements) shows ID-card numbers and phones through
``disclose``. Today it always masks. A later security issue passes an ``UnmaskGrant`` (a
permission checked for a stated purpose) and records the access; only this module changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

ID_CARD_VISIBLE_PREFIX = 6
ID_CARD_VISIBLE_SUFFIX = 4
PHONE_VISIBLE_PREFIX = 3
PHONE_VISIBLE_SUFFIX = 4
MASK = "*"


class UnmaskGrant(Protocol):
    """Hook for the security issue: who may see a person's full identifiers, and why."""

    def allows_unmasked(self, person_id: int) -> bool: ...


@dataclass(frozen=True, slots=True)
class Identifiers:
    id_card_number: str
    phone: str | None


def mask_middle(value: str, prefix: int, suffix: int) -> str:
    """Keep ``prefix`` and ``suffix`` characters; mask the rest (all of it if too short)."""
    if len(value) <= prefix + suffix:
        return MASK * len(value)
    return value[:prefix] + MASK * (len(value) - prefix - suffix) + value[-suffix:]


def mask_id_card(number: str) -> str:
    """``130826199001011234`` → ``130826********1234``: county visible, birth date hidden."""
    return mask_middle(number, ID_CARD_VISIBLE_PREFIX, ID_CARD_VISIBLE_SUFFIX)


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``."""
    return mask_middle(phone, PHONE_VISIBLE_PREFIX, PHONE_VISIBLE_SUFFIX)


def disclose(
    person_id: int, id_card_number: str, phone: str | None, grant: UnmaskGrant | None = None
) -> Identifiers:
    """A person's identifiers as the reader may see them: masked unless ``grant`` allows."""
    if grant is not None and grant.allows_unmasked(person_id):
        return Identifiers(id_card_number, phone)
    return Identifiers(mask_id_card(id_card_number), mask_phone(phone) if phone else None)


def mask_name(name: str) -> str:
    """``王小明`` → ``王*明``, ``王明`` → ``王*``: public lists (红榜, 公示) name nobody in full
    unless the scheme says so."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]
