"""Demo data: the real divisions of Fengning and what later work adds on top of them.

``divisions=HEBEI`` loads the whole province around Fengning instead (every division, grids
and residents at the same scale in every village) with the rest of the demo (users, centers,
workflows, bank, indicators) exactly as for Fengning alone: a province-sized database on
which the county's requests can be measured.

Every step is idempotent (a step that finds its table filled adds nothing), so ``load-demo``
(and ``serve --demo``) may run any number of times. Everything random is seeded.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from collections import Counter
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.access.demo import load_demo_users
from governance.access.passwords import Passwords
from governance.bank.demo import load_bank
from governance.centers.demo import load_centers
from governance.centers.models import GovernanceCenter
from governance.demo_people import Pool
from governance.facilities.demo import load_facilities, load_insurance, load_service_posts
from governance.facilities.models import InsuranceParticipation, ServiceFacility, ServicePost
from governance.grids.demo import load_grid_workers
from governance.indicators.demo import load_designations, take_first_snapshot
from governance.mediation.demo import load_mediation
from governance.mediation.models import MediationCommittee
from governance.organizations.demo import load_organizations
from governance.organizations.models import SocialOrganization
from governance.people import repository as people_repository
from governance.people.demo import DEMO_SEED, load_residents, load_residents_under
from governance.people.generator import COUNTY_RESIDENTS
from governance.people.service import Progress
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor
from governance.regions.divisions import FENGNING_CODE, HEBEI_CSV
from governance.regions.service import load_fengning, load_province
from governance.workflows.demo import load_workflows
from kit.settings import get_settings

STRUCTURE_TABLES = (
    GovernanceCenter,
    ServiceFacility,
    ServicePost,
    InsuranceParticipation,
    SocialOrganization,
    MediationCommittee,
)
STRUCTURE_COUNTS = (
    "governance_centers",
    "service_facilities",
    "service_posts",
    "insurance_participation",
    "social_organizations",
    "mediation_committees",
)
DEMO_SCALE_DEFAULT = 0.01
# Below this some villages would be left without adults to staff their grids.
SCALE_MIN = 0.001
# Demo "today": fixed so ages, tags and dates do not drift between runs.
DEMO_TODAY = dt.date(2026, 11, 25)
HEBEI_CODE = "13"
# Hebei's resident population (2023: 74 million), shared by the counties at scale 1.
HEBEI_RESIDENTS = 74_000_000


class Divisions(enum.StrEnum):
    """Which divisions the demo loads: Fengning alone, or all of Hebei around it."""

    FENGNING = "fengning"
    HEBEI = "hebei"


def expected_residents(divisions: Divisions, scale: float) -> int:
    """About how many residents a load at ``scale`` writes (for progress bars)."""
    total = HEBEI_RESIDENTS if divisions is Divisions.HEBEI else COUNTY_RESIDENTS
    return round(total * scale)


def _no_progress(_rows: int) -> None:
    return None


async def load_demo(
    session: AsyncSession,
    scale: float = DEMO_SCALE_DEFAULT,
    progress: Progress = _no_progress,
    divisions: Divisions = Divisions.FENGNING,
    *,
    province_csv: Path = HEBEI_CSV,
) -> dict[str, int]:
    """Load every demo step; return how many rows each step added.

    ``province_csv`` (with ``HEBEI``): another villages file of the same columns, e.g. a few
    counties cut from Hebei's for tests; Fengning's demo needs Fengning among them."""
    assert SCALE_MIN <= scale <= 1
    if divisions is Divisions.HEBEI:
        counts = {"regions": await load_province(session, province_csv)}
        counts["persons"] = await load_residents_under(
            session,
            HEBEI_CODE,
            HEBEI_RESIDENTS,
            scale,
            DEMO_TODAY,
            progress=progress,
            first=FENGNING_CODE,
        )
    else:
        counts = {"regions": await load_fengning(session)}
        counts["persons"] = await load_residents(
            session, FENGNING_CODE, scale, DEMO_TODAY, progress
        )
    counts["grid_assignments"] = await load_grid_workers(
        session, FENGNING_CODE, DEMO_SEED, DEMO_TODAY
    )
    counts |= await _load_structure(session)
    counts["users"] = await load_demo_users(session, Passwords.from_settings(get_settings()))
    counts |= await _load_workflows(session)
    counts |= await load_bank(session)
    counts |= await _load_indicators(session)
    return counts


async def _load_workflows(session: AsyncSession) -> dict[str, int]:
    """Events, disputes, petitions, meetings and disclosures (after users: they act)."""
    grids = await regions_repository.descendants(session, FENGNING_CODE, RegionLevel.GRID)
    villages = await regions_repository.descendants(session, FENGNING_CODE, RegionLevel.VILLAGE)
    return await load_workflows(session, grids, villages, DEMO_TODAY, DEMO_SEED + 3)


async def _load_indicators(session: AsyncSession) -> dict[str, int]:
    """Designations the plan's targets count, then one snapshot so history exists."""
    rng = random.Random(DEMO_SEED + 4)  # noqa: S311  (demo data must be reproducible)
    townships = await regions_repository.descendants(session, FENGNING_CODE, RegionLevel.TOWNSHIP)
    villages = await regions_repository.descendants(session, FENGNING_CODE, RegionLevel.VILLAGE)
    designations = await load_designations(session, [*townships, *villages], rng)
    await session.flush()
    return {
        "region_designations": designations,
        "indicator_snapshots": await take_first_snapshot(session, DEMO_TODAY),
    }


async def _load_structure(session: AsyncSession) -> dict[str, int]:
    """Centers, facilities, posts, insurance, organizations, mediation: one seeded stream."""
    if all([await listing.any_row(session, model) for model in STRUCTURE_TABLES]):
        return dict.fromkeys(STRUCTURE_COUNTS, 0)  # loaded before: skip reading the residents
    # Two streams: what exists (facilities, organizations…) must not depend on the scale;
    # who staffs it (picked from the residents) may.
    rng = random.Random(DEMO_SEED + 1)  # noqa: S311  (demo data must be reproducible)
    picks = random.Random(DEMO_SEED + 2)  # noqa: S311
    residents = await people_repository.residents(session, FENGNING_CODE)
    pool = Pool(residents, DEMO_TODAY, picks)
    county = await regions_repository.by_codes(session, [FENGNING_CODE])
    townships = await regions_repository.descendants(session, FENGNING_CODE, RegionLevel.TOWNSHIP)
    villages = await regions_repository.descendants(session, FENGNING_CODE, RegionLevel.VILLAGE)
    per_village = Counter(
        ancestor(resident.region_code, RegionLevel.VILLAGE) for resident in residents
    )
    regions = [*county, *townships, *villages]
    return {
        "governance_centers": await load_centers(session, regions, pool, rng),
        "service_facilities": await load_facilities(session, regions, rng),
        "service_posts": await load_service_posts(session, villages, pool, rng),
        "insurance_participation": await load_insurance(session, per_village, villages, rng),
        "social_organizations": await load_organizations(session, villages, rng),
        "mediation_committees": await load_mediation(session, regions, pool, rng),
    }
