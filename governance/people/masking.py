"""The one place where personal identifiers become displayable, and how names are masked.

ID-card numbers and phones leave only through ``disclose`` (GraphQL's ``Person``): masked,
unless the caller passes an ``UnmaskGrant``. The API grants one only for a stated purpose that
``governance.access.personal_data`` allows, and logs every request to unmask, granted or not
(``api.auth.disclosure``). Public lists (红榜, 公示) show names through ``mask_name``.
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
    """Permission to see one person's full identifiers (granted for a purpose, and logged)."""

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
