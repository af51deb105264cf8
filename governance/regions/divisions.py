"""Reading the official division codes (NBS statistical codes) and allocating grids.

Pure functions only: the loader writes what these return.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from governance.regions.codes import CODE_LENGTH_BY_LEVEL, RegionLevel
from governance.regions.models import RegionKind

FENGNING_CSV = Path(__file__).resolve().parents[2] / "data" / "fengning.csv"
FENGNING_CODE = "130826"
# The county plan: 421 grids in 新丰路街道 (the county seat's subdistrict), 376 elsewhere.
FENGNING_GRIDS_BY_TOWNSHIP = {"130826001": 421}
FENGNING_GRIDS_OTHER_TOWNSHIPS = 376
GRIDS_PER_VILLAGE_MAX = 999


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: RegionLevel
    kind: RegionKind
    parent_code: str | None


def read_divisions(path: Path = FENGNING_CSV) -> list[Division]:
    """Rows of a ``code,name,level,parent_code`` file, parents before children."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    divisions = [_division_from_row(row) for row in rows]
    return sorted(divisions, key=lambda division: (len(division.code), division.code))


def _division_from_row(row: dict[str, str]) -> Division:
    level = RegionLevel(row["level"].upper())
    code = row["code"].strip()
    assert len(code) == CODE_LENGTH_BY_LEVEL[level], row
    parent_code = row["parent_code"].strip() if level is not RegionLevel.COUNTY else None
    name = row["name"].strip()
    return Division(code, name, level, kind_of(level, name), parent_code)


def kind_of(level: RegionLevel, name: str) -> RegionKind:
    """Kind from the official name's suffix (街道, 镇, 乡, 开发区; 社区 vs 村)."""
    if level is RegionLevel.COUNTY:
        return RegionKind.COUNTY
    if level is RegionLevel.GRID:
        return RegionKind.GRID
    if level is RegionLevel.VILLAGE:
        return RegionKind.COMMUNITY if "社区" in name else RegionKind.VILLAGE
    for suffix, kind in (
        ("街道", RegionKind.SUBDISTRICT),
        ("开发区", RegionKind.DEVELOPMENT_ZONE),
        ("镇", RegionKind.TOWN),
    ):
        if name.endswith(suffix) or suffix in name:
            return kind
    return RegionKind.TOWNSHIP


def allocate(total: int, keys: Sequence[str]) -> dict[str, int]:
    """Spread ``total`` over ``keys`` as evenly as possible, remainder by a stable hash order.

    Deterministic (no RNG): the same keys always get the same counts.
    """
    assert keys, "cannot allocate over no keys"
    base, remainder = divmod(total, len(keys))
    lucky = sorted(keys, key=lambda key: hashlib.sha256(key.encode()).hexdigest())[:remainder]
    counts = {key: base + (1 if key in lucky else 0) for key in keys}
    assert sum(counts.values()) == total
    return counts


def fengning_grids(divisions: Iterable[Division]) -> list[Division]:
    """The county's 797 grids spread over its villages and communities."""
    villages = [d for d in divisions if d.level is RegionLevel.VILLAGE]
    counts: dict[str, int] = {}
    for township_code, total in FENGNING_GRIDS_BY_TOWNSHIP.items():
        codes = [v.code for v in villages if v.parent_code == township_code]
        counts |= allocate(total, codes)
    other_codes = [v.code for v in villages if v.parent_code not in FENGNING_GRIDS_BY_TOWNSHIP]
    counts |= allocate(FENGNING_GRIDS_OTHER_TOWNSHIPS, other_codes)
    return [grid for village in villages for grid in grids_of(village, counts[village.code])]


def short_name(name: str) -> str:
    """A village's everyday name: ``大阁村民委员会`` → ``大阁``."""
    return name.removesuffix("居民委员会").removesuffix("村民委员会")


def grids_of(village: Division, count: int) -> list[Division]:
    assert 0 <= count <= GRIDS_PER_VILLAGE_MAX
    short = short_name(village.name)
    return [
        Division(
            code=f"{village.code}{number:03d}",
            name=f"{short}第{number}网格",
            level=RegionLevel.GRID,
            kind=RegionKind.GRID,
            parent_code=village.code,
        )
        for number in range(1, count + 1)
    ]
