"""Reading the official division codes (NBS statistical codes) and allocating grids.

Pure functions only: the loader writes what these return.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from governance.regions.codes import CODE_LENGTH_BY_LEVEL, RegionLevel, ancestor
from governance.regions.models import RegionKind

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
FENGNING_CSV = DATA_DIR / "fengning.csv"
FENGNING_CODE = "130826"
# Every village of Hebei with its township, county and city (see data/README.md).
HEBEI_CSV = DATA_DIR / "hebei-villages.csv"
# The villages file names no province: the provinces it may hold, by code.
PROVINCE_NAMES = {"13": "河北省"}
# The county plan: 421 grids in 新丰路街道 (the county seat's subdistrict), 376 elsewhere.
FENGNING_GRIDS_BY_TOWNSHIP = {"130826001": 421}
FENGNING_GRIDS_OTHER_TOWNSHIPS = 376
# The same plan as densities, the rule for any county: a subdistrict's (街道, urban) villages
# get 421 grids per its 12 communities, every other village of the county 376 per 311.
SUBDISTRICT_GRIDS_PER_VILLAGE = Fraction(421, 12)
OTHER_GRIDS_PER_VILLAGE = Fraction(FENGNING_GRIDS_OTHER_TOWNSHIPS, 311)
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
    if level in (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY):
        return RegionKind(level.value)
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


def plan_grids(divisions: Iterable[Division]) -> list[Division]:
    """Every county's grids spread over its villages by the county plan's rule (Fengning: 797).

    Each subdistrict gets ``SUBDISTRICT_GRIDS_PER_VILLAGE`` times its villages, each county's
    other townships together ``OTHER_GRIDS_PER_VILLAGE`` times theirs; ``allocate`` spreads
    each total over the villages. Needs the townships among ``divisions`` (for their kind).
    """
    divisions = list(divisions)
    subdistricts = {
        d.code
        for d in divisions
        if d.level is RegionLevel.TOWNSHIP and d.kind is RegionKind.SUBDISTRICT
    }
    villages = [d for d in divisions if d.level is RegionLevel.VILLAGE]
    groups: dict[tuple[str, Fraction], list[str]] = defaultdict(list)
    for village in villages:
        township = ancestor(village.code, RegionLevel.TOWNSHIP)
        if township in subdistricts:
            groups[township, SUBDISTRICT_GRIDS_PER_VILLAGE].append(village.code)
        else:
            county = ancestor(village.code, RegionLevel.COUNTY)
            groups[county, OTHER_GRIDS_PER_VILLAGE].append(village.code)
    counts: dict[str, int] = {}
    for (_, density), codes in groups.items():
        counts |= allocate(round(density * len(codes)), codes)
    return [grid for village in villages for grid in grids_of(village, counts[village.code])]


def read_province(path: Path = HEBEI_CSV) -> list[Division]:
    """The province, its cities, counties, townships and villages from a villages file (columns
    ``code,name,township_code,township_name,county_code,county_name,city_code,city_name``),
    parents before children. A file cut to a few counties gives just their branch."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, Division] = {}
    for row in rows:
        province = row["code"][: CODE_LENGTH_BY_LEVEL[RegionLevel.PROVINCE]]
        chain = (
            (province, PROVINCE_NAMES[province], RegionLevel.PROVINCE),
            (row["city_code"], row["city_name"], RegionLevel.CITY),
            (row["county_code"], row["county_name"], RegionLevel.COUNTY),
            (row["township_code"], row["township_name"], RegionLevel.TOWNSHIP),
            (row["code"], row["name"], RegionLevel.VILLAGE),
        )
        parent: str | None = None
        for raw_code, raw_name, level in chain:
            code, name = raw_code.strip(), raw_name.strip()
            assert len(code) == CODE_LENGTH_BY_LEVEL[level], row
            assert code.startswith(parent or ""), row
            found.setdefault(code, Division(code, name, level, kind_of(level, name), parent))
            parent = code
    return sorted(found.values(), key=lambda division: (len(division.code), division.code))


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
