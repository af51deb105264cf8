"""Whom a supermarket serves: the one home of the till's rule.

A love supermarket belongs to a township or a village and serves the households living in its
region's subtree (a township's supermarket serves all its villages). Its cashiers see, of those
households, what the till needs: their points accounts and, through a logged search with a
purpose (``governance.supermarkets.till``), the households themselves. Everything a cashier
may read about a household goes through the functions here.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select

from governance.access.principal import Viewer
from governance.access.roles import Role
from governance.bank.permissions import cashier_of
from governance.regions.codes import covers, under_column
from governance.supermarkets.models import Supermarket

S = TypeVar("S", bound=Select[Any])


def serves(supermarket_region_code: str, region_code: str) -> bool:
    """Whether a supermarket of ``supermarket_region_code`` serves a household living at
    ``region_code`` (its region or below)."""
    return covers(supermarket_region_code, region_code)


def may_use_till(viewer: Viewer, supermarket_id: int) -> bool:
    """Who works the till: the supermarket's own cashiers."""
    return cashier_of(viewer, supermarket_id)


def with_serving_supermarket(
    statement: S, viewer: Viewer, region_code_column: Any
) -> tuple[S, ColumnElement[int] | None]:
    """``statement`` joined to the supermarkets serving each row's region, and the column of
    their ids for ``apply_region_scope``'s cashier grants; unchanged for viewers who are no
    cashier. The join may repeat a row (a township's and a village's supermarket both serve
    it): callers keep one row per key."""
    if Role.SUPERMARKET_CASHIER not in viewer.roles:
        return statement, None
    joined = statement.outerjoin(
        Supermarket, under_column(region_code_column, Supermarket.region_code)
    )
    return joined, Supermarket.id  # type: ignore[return-value]
