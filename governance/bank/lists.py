"""Conditions of the bank's and supermarkets' root lists, paged by ``governance.listing``
(keyset pages under the models' read rules, ``governance.access.visibility``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from governance.bank.models import Announcement, Application, Scheme
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


def scheme_conditions(region_code: str) -> list[ColumnElement[bool]]:
    """Schemes covering ``region_code`` (adopted by it or an ancestor) or adopted below it."""
    return [
        or_(Scheme.region_code.in_(ancestors(region_code)), under(Scheme.region_code, region_code))
    ]


def supermarket_conditions(region_code: str) -> list[ColumnElement[bool]]:
    return [under(Supermarket.region_code, region_code)]
