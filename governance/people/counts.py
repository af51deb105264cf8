"""``totalCount`` of persons and households without counting rows, where the list allows it.

Triggers (migration 0024) keep ``region_counts``: the active persons and households at or
below every region, in the transaction that writes them. A list of active rows under a region
(no other filter), seen by a viewer whose grants are all region grants, is then the sum of the
counters of a few regions: one index read, whatever the size of the subtree. Any other list
(a search, tags, ended rows included, a resident or a cashier) is counted row by row, exactly.

The regions summed are the intersection of the viewer's subtrees with the filter's: codes are
prefixes, so two subtrees are nested or disjoint, and the intersection is a set of disjoint
roots. Row security on ``region_counts`` hides the counters outside the viewer's scope too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.people.models import RegionCount
from governance.people.repository import HouseholdFilter, PersonFilter
from governance.regions.codes import CODE_LENGTH_BY_LEVEL, covers

Counted = Literal["persons", "households"]
# The code lengths the triggers count at: every level's (migration 0024 freezes the same list).
COUNTED_CODE_LENGTHS = frozenset(CODE_LENGTH_BY_LEVEL.values())
Count = Callable[[AsyncSession], Awaitable[int]]


def counted_roots(viewer: Viewer, under_region: str | None) -> tuple[str, ...] | None:
    """Disjoint region roots whose subtrees hold exactly what ``viewer`` sees under
    ``under_region``; None when the viewer's scope is not made of regions alone."""
    if not viewer.grants or any(grant.region_code is None for grant in viewer.grants):
        return None
    scope = [grant.region_code for grant in viewer.grants if grant.region_code is not None]
    if under_region is not None:
        if any(covers(root, under_region) for root in scope):
            scope = [under_region]
        else:
            scope = [root for root in scope if covers(under_region, root)]
    roots = _outermost(scope)
    if not all(
        root.isascii() and root.isdigit() and len(root) in COUNTED_CODE_LENGTHS for root in roots
    ):
        return None  # not a region's code: counted row by row
    return roots


def _outermost(roots: Sequence[str]) -> tuple[str, ...]:
    """The roots not below another one (each once)."""
    unique = sorted(set(roots))
    return tuple(
        root
        for root in unique
        if not any(other != root and covers(other, root) for other in unique)
    )


def person_count(person_filter: PersonFilter, viewer: Viewer) -> Count | None:
    """The counters' answer for this list, or None when it must be counted row by row."""
    if person_filter != PersonFilter(under_region=person_filter.under_region):
        return None
    return _summed("persons", counted_roots(viewer, person_filter.under_region))


def household_count(household_filter: HouseholdFilter, viewer: Viewer) -> Count | None:
    if household_filter != HouseholdFilter(under_region=household_filter.under_region):
        return None
    return _summed("households", counted_roots(viewer, household_filter.under_region))


def _summed(counted: Counted, roots: tuple[str, ...] | None) -> Count | None:
    if roots is None:
        return None

    async def count(session: AsyncSession) -> int:
        return await region_total(session, counted, roots)

    return count


async def region_total(session: AsyncSession, counted: Counted, roots: Sequence[str]) -> int:
    """Active ``counted`` at or below any of ``roots`` (disjoint), from the counters."""
    if not roots:
        return 0
    column = getattr(RegionCount, counted)
    statement = select(func.coalesce(func.sum(column), 0)).where(
        RegionCount.region_code.in_(list(roots))
    )
    return int(await session.scalar(statement) or 0)
