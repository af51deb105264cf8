"""Conditions of the bank's and supermarkets' root lists, paged by ``governance.listing``
(keyset pages under the models' read rules, ``governance.access.visibility``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_

from governance.access.principal import Viewer
from governance.bank.models import Announcement, Application, Holder, Scheme
from governance.bank.queries import ApplicationFilter
from governance.regions.codes import ancestors, under
from governance.supermarkets.models import Supermarket


def application_conditions(where: ApplicationFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.scheme_id is not None:
        conditions.append(Application.scheme_id == where.scheme_id)
    if where.status is not None:
        conditions.append(Application.status == where.status)
    if where.under_region is not None:
        conditions.append(under(Application.region_code, where.under_region))
    return conditions


def announcement_conditions(region_code: str, scheme_id: int | None) -> list[ColumnElement[bool]]:
    conditions = [under(Announcement.region_code, region_code)]
    if scheme_id is not None:
        conditions.append(Announcement.scheme_id == scheme_id)
    return conditions


def holder_conditions(household_id: int | None, person_id: int | None) -> list[ColumnElement[bool]]:
    """The points accounts of a household or of a person."""
    if household_id is not None:
        return [Holder.household_id == household_id]
    assert person_id is not None
    return [Holder.person_id == person_id]


def own_holder_conditions(viewer: Viewer) -> list[ColumnElement[bool]]:
    """The accounts of the viewer's own household and person (residents); none for others."""
    owned: list[ColumnElement[bool]] = []
    for grant in viewer.grants:
        if grant.person_id is None:
            continue
        owned.append(Holder.person_id == grant.person_id)
        if grant.household_id is not None:
            owned.append(Holder.household_id == grant.household_id)
    return [or_(*owned)] if owned else [false()]


def scheme_conditions(region_code: str) -> list[ColumnElement[bool]]:
    """Schemes covering ``region_code`` (adopted by it or an ancestor) or adopted below it."""
    return [
        or_(Scheme.region_code.in_(ancestors(region_code)), under(Scheme.region_code, region_code))
    ]


def supermarket_conditions(region_code: str) -> list[ColumnElement[bool]]:
    return [under(Supermarket.region_code, region_code)]
