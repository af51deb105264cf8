"""region levels province and city: a province's divisions above its counties

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-03

A province (2 digits, e.g. 13 河北省) and its cities (4 digits) above the counties, so one
database can hold a whole province (``grassroots load-demo --divisions hebei``). The level and
kind CHECKs gain the new values and the code length CHECK their lengths. Role grants keep their
CHECK: no role is held over a province or a city.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS_BEFORE = ("COUNTY", "TOWNSHIP", "VILLAGE", "GRID")
LEVELS_AFTER = ("PROVINCE", "CITY", *LEVELS_BEFORE)
KINDS_BEFORE = (
    "COUNTY",
    "SUBDISTRICT",
    "TOWN",
    "TOWNSHIP",
    "DEVELOPMENT_ZONE",
    "VILLAGE",
    "COMMUNITY",
    "GRID",
)
KINDS_AFTER = ("PROVINCE", "CITY", *KINDS_BEFORE)
LENGTH_BEFORE = (
    "length(code) = CASE level WHEN 'COUNTY' THEN 6 WHEN 'TOWNSHIP' THEN 9 "
    "WHEN 'VILLAGE' THEN 12 ELSE 15 END"
)
LENGTH_AFTER = (
    "length(code) = CASE level WHEN 'PROVINCE' THEN 2 WHEN 'CITY' THEN 4 WHEN 'COUNTY' THEN 6 "
    "WHEN 'TOWNSHIP' THEN 9 WHEN 'VILLAGE' THEN 12 WHEN 'GRID' THEN 15 END"
)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _replace(levels: Sequence[str], kinds: Sequence[str], length: str) -> None:
    for name in ("region_level", "region_kind", "code_length_matches_level"):
        op.drop_constraint(op.f(f"ck_regions_{name}"), "regions", type_="check")
    op.create_check_constraint(op.f("ck_regions_region_level"), "regions", _in("level", levels))
    op.create_check_constraint(op.f("ck_regions_region_kind"), "regions", _in("kind", kinds))
    op.create_check_constraint(op.f("ck_regions_code_length_matches_level"), "regions", length)


def upgrade() -> None:
    _replace(LEVELS_AFTER, KINDS_AFTER, LENGTH_AFTER)


def downgrade() -> None:
    # Refused (by the CHECKs) while provinces or cities are loaded: delete those first.
    _replace(LEVELS_BEFORE, KINDS_BEFORE, LENGTH_BEFORE)
