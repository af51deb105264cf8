"""Region codes, the one home of their arithmetic: lengths per level, ancestors, subtrees.

Official codes are hierarchical: a province has 2 digits, a city (prefecture) 4, a county 6, a
township 9, a village or community 12, and a grid extends its village's code by 3 more. So a
region's ancestors are prefixes of its code, and its subtree (itself and everything below it)
is the range ``[code, code + U+FFFF)`` under collation "C" (byte order; code-point order in
Python): a range scan, no recursive query.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import ColumnElement, and_


class RegionLevel(enum.StrEnum):
    """Levels from the top down (iteration order is the tree's: parents before children)."""

    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"
    GRID = "GRID"


CODE_LENGTH_BY_LEVEL = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
    RegionLevel.GRID: 15,
}
TOWNSHIP_CODE_LENGTH = CODE_LENGTH_BY_LEVEL[RegionLevel.TOWNSHIP]
GRID_CODE_LENGTH = CODE_LENGTH_BY_LEVEL[RegionLevel.GRID]
REGION_CODE_LENGTH_MAX = GRID_CODE_LENGTH
# Governance (roles, schemes, centers, workflows) starts at the county: a province and its
# cities only contain counties, so the ancestors a county's records refer to stop there.
GOVERNED_TOP = RegionLevel.COUNTY

LEVEL_BY_CODE_LENGTH = {length: level for level, length in CODE_LENGTH_BY_LEVEL.items()}

# Sorts after every digit (collation "C"), so ``code + SUBTREE_END`` bounds the subtree of code.
SUBTREE_END = "\uffff"


def code_length(level: str) -> int:
    """The length of codes at ``level`` (a ``RegionLevel`` or any level enum of the same names)."""
    return CODE_LENGTH_BY_LEVEL[RegionLevel(level)]


def is_level(code: str, *levels: str) -> bool:
    """Whether ``code`` has the length of one of ``levels``."""
    return any(len(code) == code_length(level) for level in levels)


def is_code(text: str, *levels: str) -> bool:
    """Whether ``text`` is well formed as a code of one of ``levels``: ASCII digits, the length."""
    return text.isascii() and text.isdigit() and is_level(text, *levels)


def ancestor(code: str, level: str) -> str:
    """The code of ``code``'s region at ``level``, itself included (a prefix)."""
    length = code_length(level)
    assert len(code) >= length, (code, level)
    return code[:length]


def ancestors(code: str, top: str = GOVERNED_TOP) -> tuple[str, ...]:
    """The codes of the regions strictly above ``code`` from ``top`` down (the county unless
    asked: ``top=RegionLevel.PROVINCE`` gives the province and city too)."""
    low = code_length(top)
    return tuple(
        code[:length] for length in CODE_LENGTH_BY_LEVEL.values() if low <= length < len(code)
    )


def level_of(code: str) -> RegionLevel | None:
    """The level whose codes have ``code``'s length (None for a length no level has)."""
    return LEVEL_BY_CODE_LENGTH.get(len(code))


def parent_code(code: str) -> str | None:
    """The code of the region directly above ``code`` (None for a province: the root)."""
    lengths = [length for length in CODE_LENGTH_BY_LEVEL.values() if length < len(code)]
    return code[: lengths[-1]] if lengths else None


def subtree_range(code: str) -> tuple[str, str]:
    """``[low, high)``: under collation "C", exactly ``code`` and the codes below it."""
    return code, code + SUBTREE_END


def covers(root_code: str, code: str) -> bool:
    """Whether ``code`` is ``root_code`` or lies below it."""
    low, high = subtree_range(root_code)
    return low <= code < high


def under(column: Any, root_code: str) -> ColumnElement[bool]:
    """SQL: ``column`` (collation "C") is ``root_code`` or below it, as an index range scan."""
    low, high = subtree_range(root_code)
    return and_(column >= low, column < high)


def under_column(column: Any, root_column: Any) -> ColumnElement[bool]:
    """SQL: ``column`` is the code in ``root_column`` or below it (for joins)."""
    return and_(column >= root_column, column < root_column.op("||")(SUBTREE_END))
