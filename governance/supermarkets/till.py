"""At the till: a cashier finds a household their supermarket serves, and sees what a sale
needs: its members (names and ID numbers masked), its points accounts and recent receipts.

A search is a personal-data access: it states a purpose, and it is decided and logged through
``governance.access.personal_data`` (field ``HOUSEHOLD_SEARCH``): one row for the search
(entity: the supermarket) and one per household shown, granted or not. Only the supermarket's
cashiers, for service delivery or poverty relief, find anything; anyone else gets no household
(as if none matched) and the refused request is logged all the same. Which households a
supermarket serves is ``governance.supermarkets.serving``'s rule.

A search costs a fixed number of statements whatever it finds: the households, their members,
their accounts, their receipts and the receipts' lines, each read for all households at once.
"""

from __future__ import annotations

import enum
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import personal_data
from governance.access.models import PersonalDataAccess, Purpose, SensitiveField
from governance.access.principal import Viewer
from governance.access.scope import Target
from governance.bank.models import Holder
from governance.people.masking import mask_id_card, mask_name
from governance.people.models import (
    HOUSEHOLD_NUMBER_LENGTH_MAX,
    PERSON_NAME_LENGTH_MAX,
    Household,
    Person,
    RelationToHead,
)
from governance.regions.codes import under
from governance.supermarkets.models import Receipt, Supermarket
from governance.supermarkets.receipt_views import receipt_views
from governance.supermarkets.redemption import ReceiptView
from governance.supermarkets.serving import may_use_till

TILL_HOUSEHOLDS_MAX = 20  # households one search shows at most
RECENT_RECEIPTS_MAX = 5  # receipts shown per household, newest first
ID_CARD_SUFFIX_LENGTH = 4
_ID_CARD_SUFFIX = re.compile(r"[0-9]{3}[0-9X]")


class SearchKey(enum.StrEnum):
    HOUSEHOLD_NUMBER = "HOUSEHOLD_NUMBER"
    HEAD_NAME = "HEAD_NAME"
    ID_CARD_SUFFIX = "ID_CARD_SUFFIX"


class TillSearchInvalid(ValueError):
    """A search the till cannot run (no key, two keys, a malformed value): the client's bug."""


@dataclass(frozen=True, slots=True)
class TillSearch:
    key: SearchKey
    value: str


def parse_search(
    *, household_number: str | None, head_name: str | None, id_card_last4: str | None
) -> TillSearch:
    """Exactly one key, well formed; ``TillSearchInvalid`` (with a message) otherwise."""
    given = {
        key: value
        for key, value in (
            (SearchKey.HOUSEHOLD_NUMBER, household_number),
            (SearchKey.HEAD_NAME, head_name),
            (SearchKey.ID_CARD_SUFFIX, id_card_last4),
        )
        if value is not None
    }
    if len(given) != 1:
        raise TillSearchInvalid("Search by exactly one of householdNumber, headName, idCardLast4.")
    [(key, raw)] = given.items()
    value = raw.strip().upper() if key is SearchKey.ID_CARD_SUFFIX else raw.strip()
    if key is SearchKey.ID_CARD_SUFFIX and not _ID_CARD_SUFFIX.fullmatch(value):
        raise TillSearchInvalid(
            f"idCardLast4 is the last {ID_CARD_SUFFIX_LENGTH} characters of an ID-card number: "
            "3 digits and a digit or X."
        )
    longest = {
        SearchKey.HOUSEHOLD_NUMBER: HOUSEHOLD_NUMBER_LENGTH_MAX,
        SearchKey.HEAD_NAME: PERSON_NAME_LENGTH_MAX,
    }.get(key, ID_CARD_SUFFIX_LENGTH)
    if not 0 < len(value) <= longest:
        raise TillSearchInvalid(f"Give 1 to {longest} characters to search by.")
    return TillSearch(key, value)


@dataclass(frozen=True, slots=True)
class TillMember:
    """A member as the till shows them: masked (``王*明``, ``130826********1234``)."""

    person_id: int
    masked_name: str
    relation_to_head: RelationToHead
    masked_id_card_number: str


@dataclass(frozen=True, slots=True)
class TillHousehold:
    household_id: int
    number: str
    region_code: str
    members: list[TillMember]
    holder_ids: list[int]
    recent_receipts: list[ReceiptView]


@dataclass(frozen=True, slots=True)
class TillLookup:
    households: list[TillHousehold]
    log: list[PersonalDataAccess] = field(default_factory=list)


async def find_households(
    session: AsyncSession,
    viewer: Viewer,
    supermarket_id: int,
    search: TillSearch,
    *,
    purpose: Purpose,
    purpose_detail: str | None = None,
) -> TillLookup:
    """The households ``supermarket_id`` serves that match ``search`` (by number), if
    ``viewer`` works its till and ``purpose`` allows; with the log rows to write (the caller
    writes them before the answer leaves, as for unmasked fields)."""
    supermarket = await session.get(Supermarket, supermarket_id)
    region_code = supermarket.region_code if supermarket else None
    target = Target(region_code, supermarket_id=supermarket_id)
    decide = _Decider(viewer, purpose, purpose_detail)
    decision = decide("Supermarket", supermarket_id, target)
    # The field rule (cashiers, in their supermarket's scope) is the till's own rule.
    assert not decision.granted or may_use_till(viewer, supermarket_id), decision
    if supermarket is None or not decision.granted:
        return TillLookup([], [decision])
    households = await _matching(session, supermarket, search)
    log = [decision] + [
        decide("Household", row.id, Target(row.region_code, supermarket_id=supermarket_id))
        for row in households
    ]
    assert all(row.granted for row in log), "the same rule over the supermarket's own area"
    return TillLookup(await _views(session, supermarket_id, households), log)


@dataclass(frozen=True, slots=True)
class _Decider:
    """The search's decisions, one per entity shown, as log rows (not yet written)."""

    viewer: Viewer
    purpose: Purpose
    purpose_detail: str | None

    def __call__(self, kind: str, entity_id: int, target: Target) -> PersonalDataAccess:
        return personal_data.decide(
            self.viewer, self.purpose, personal_data.Entity(kind, entity_id, target),
            SensitiveField.HOUSEHOLD_SEARCH, purpose_detail=self.purpose_detail,
        )  # fmt: skip


def _match_condition(search: TillSearch, region_code: str) -> ColumnElement[bool]:
    if search.key is SearchKey.HOUSEHOLD_NUMBER:
        return Household.number == search.value
    if search.key is SearchKey.HEAD_NAME:
        heads = select(Person.id).where(
            Person.name == search.value, under(Person.region_code, region_code)
        )
        return Household.head_person_id.in_(heads)
    suffix = func.right(Person.id_card_number, ID_CARD_SUFFIX_LENGTH)
    members = select(Person.household_id).where(
        suffix == search.value, under(Person.region_code, region_code)
    )
    return Household.id.in_(members)


async def _matching(
    session: AsyncSession, supermarket: Supermarket, search: TillSearch
) -> list[Household]:
    statement = (
        select(Household)
        .where(
            under(Household.region_code, supermarket.region_code),
            _match_condition(search, supermarket.region_code),
        )
        .order_by(Household.number, Household.id)
        .limit(TILL_HOUSEHOLDS_MAX)
    )
    return list((await session.execute(statement)).scalars())


async def _views(
    session: AsyncSession, supermarket_id: int, households: Sequence[Household]
) -> list[TillHousehold]:
    if not households:
        return []
    ids = [row.id for row in households]
    members = await _members(session, ids)
    holders = await _holders(session, ids)
    receipts = await recent_receipts(session, supermarket_id, holders)
    return [
        TillHousehold(
            row.id, row.number, row.region_code,
            _ordered(members.get(row.id, []), row.head_person_id),
            [holder_id for holder_id, _ in holders.get(row.id, [])],
            receipts.get(row.id, []),
        )
        for row in households
    ]  # fmt: skip


def _ordered(people: list[Person], head_person_id: int | None) -> list[TillMember]:
    ordered = sorted(people, key=lambda person: (person.id != head_person_id, person.id))
    return [
        TillMember(person.id, mask_name(person.name), person.relation_to_head,
                   mask_id_card(person.id_card_number))
        for person in ordered
    ]  # fmt: skip


async def _members(session: AsyncSession, household_ids: list[int]) -> dict[int, list[Person]]:
    statement = select(Person).where(Person.household_id.in_(household_ids)).order_by(Person.id)
    found: dict[int, list[Person]] = defaultdict(list)
    for person in (await session.execute(statement)).scalars():
        found[person.household_id].append(person)
    return found


async def _holders(
    session: AsyncSession, household_ids: list[int]
) -> dict[int, list[tuple[int, int]]]:
    """Household id → (holder id, scheme id) of its accounts: the household's own and its
    members' (schemes whose holders are persons), by scheme."""
    member_household = (
        select(Person.household_id).where(Person.id == Holder.person_id).scalar_subquery()
    )
    household = func.coalesce(Holder.household_id, member_household)
    columns: tuple[Any, ...] = (household.label("household_id"), Holder.id, Holder.scheme_id)
    statement = (
        select(*columns)
        .where(
            Holder.household_id.in_(household_ids)
            | Holder.person_id.in_(select(Person.id).where(Person.household_id.in_(household_ids)))
        )
        .order_by(Holder.scheme_id, Holder.id)
    )
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for household_id, holder_id, scheme_id in (await session.execute(statement)).all():
        found[household_id].append((holder_id, scheme_id))
    return found


async def recent_receipts(
    session: AsyncSession, supermarket_id: int, holders: dict[int, list[tuple[int, int]]]
) -> dict[int, list[ReceiptView]]:
    """Household id → its newest receipts at this supermarket (at most
    ``RECENT_RECEIPTS_MAX``), newest first: two statements for all households (the receipts,
    their lines)."""
    household_of = {holder: household for household, rows in holders.items() for holder, _ in rows}
    if not household_of:
        return {}
    position = func.row_number().over(partition_by=Receipt.holder_id, order_by=Receipt.id.desc())
    ranked = (
        select(Receipt.id, position.label("position"))
        .where(Receipt.supermarket_id == supermarket_id, Receipt.holder_id.in_(household_of))
        .subquery()
    )
    statement = (
        select(Receipt)
        .join(ranked, ranked.c.id == Receipt.id)
        .where(ranked.c.position <= RECENT_RECEIPTS_MAX)
        .order_by(Receipt.id.desc())
    )
    receipts = list((await session.execute(statement)).scalars())
    found: dict[int, list[ReceiptView]] = defaultdict(list)
    for view in await receipt_views(session, receipts):
        views = found[household_of[view.holder_id]]
        if len(views) < RECENT_RECEIPTS_MAX:
            views.append(view)
    return found
