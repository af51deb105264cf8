"""GraphQL enums of grid work, mirroring ``governance.grids.models``."""

from __future__ import annotations

from enum import Enum

import strawberry

from governance.grids.models import GridDuty as DutyValue
from governance.grids.models import GridRole as RoleValue
from governance.grids.models import VolunteerSource as SourceValue


@strawberry.enum(
    description=(
        "Role of a grid worker. Towns and townships staff grids with officials and village "
        "cadres; the subdistrict (新丰路街道) with volunteers."
    )
)
class GridRole(Enum):
    TOWNSHIP_PARTY_SECRETARY = strawberry.enum_value(
        RoleValue.TOWNSHIP_PARTY_SECRETARY, description="Township Party secretary (乡镇党委书记)."
    )
    TOWNSHIP_HEAD = strawberry.enum_value(
        RoleValue.TOWNSHIP_HEAD, description="Head of the town or township (乡镇长)."
    )
    POLITICAL_LEGAL_SECRETARY = strawberry.enum_value(
        RoleValue.POLITICAL_LEGAL_SECRETARY, description="Political-legal secretary (政法书记)."
    )
    JUSTICE_OFFICE_HEAD = strawberry.enum_value(
        RoleValue.JUSTICE_OFFICE_HEAD, description="Head of the justice office (司法所长)."
    )
    VILLAGE_PARTY_SECRETARY = strawberry.enum_value(
        RoleValue.VILLAGE_PARTY_SECRETARY,
        description="Village Party branch secretary (村支部书记).",
    )
    VILLAGER_GROUP_LEADER = strawberry.enum_value(
        RoleValue.VILLAGER_GROUP_LEADER, description="Villager-group leader (村民小组长)."
    )
    VILLAGER_REPRESENTATIVE = strawberry.enum_value(
        RoleValue.VILLAGER_REPRESENTATIVE, description="Villager representative (村民代表)."
    )
    VOLUNTEER = strawberry.enum_value(
        RoleValue.VOLUNTEER, description="Volunteer grid worker (网格员志愿者); has a source."
    )


@strawberry.enum(description="Where a volunteer grid worker was recruited from.")
class VolunteerSource(Enum):
    VETERAN_PARTY_MEMBER = strawberry.enum_value(
        SourceValue.VETERAN_PARTY_MEMBER, description="Veteran Party member (老党员)."
    )
    RETIRED_CADRE_OR_WORKER = strawberry.enum_value(
        SourceValue.RETIRED_CADRE_OR_WORKER,
        description="Retired cadre or worker (退休老干部老工人).",
    )
    UNEMPLOYED = strawberry.enum_value(
        SourceValue.UNEMPLOYED, description="Unemployed resident (待业人员)."
    )


@strawberry.enum(description="Duties a grid worker carries (定责).")
class GridDuty(Enum):
    INFORMATION_AND_PUBLICITY = strawberry.enum_value(
        DutyValue.INFORMATION_AND_PUBLICITY, description="Information and publicity (信息宣传)."
    )
    DISPUTE_MEDIATION = strawberry.enum_value(
        DutyValue.DISPUTE_MEDIATION, description="Mediating disputes (矛盾调解)."
    )
    SAFETY_HAZARDS = strawberry.enum_value(
        DutyValue.SAFETY_HAZARDS,
        description="Finding and fixing safety hazards (安全隐患排查整治).",
    )
    POPULATION_INFORMATION = strawberry.enum_value(
        DutyValue.POPULATION_INFORMATION,
        description="Collecting population information (人口信息采集).",
    )
    EPIDEMIC_PREVENTION = strawberry.enum_value(
        DutyValue.EPIDEMIC_PREVENTION, description="Epidemic prevention (疫情防控)."
    )
