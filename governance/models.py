"""Every governance table, imported in one place so Alembic sees the whole metadata."""

from governance.access.models import (
    AuditEntry,
    AuthSession,
    PersonalDataAccess,
    RefreshToken,
    RoleGrant,
    User,
)
from governance.centers.models import CenterStaffMember, GovernanceCenter
from governance.deliberation.models import DeliberationMeeting, VillageDisclosure
from governance.disputes.models import (
    DisputeCase,
    DisputeCaseMediator,
    DisputeParty,
    DisputeTransition,
    MediationSession,
)
from governance.events.models import EventDeadlineRule, GridEvent, GridEventTransition
from governance.facilities.models import InsuranceParticipation, ServiceFacility, ServicePost
from governance.grids.models import GridAssignment
from governance.indicators.models import IndicatorDefinition, IndicatorSnapshot, RegionDesignation
from governance.mediation.models import MediationCommittee, Mediator
from governance.organizations.models import SocialOrganization
from governance.people.models import Household, Person
from governance.petitions.models import (
    Petition,
    Petitioner,
    PetitionHearing,
    PetitionTransition,
    PetitionVisit,
    ReceptionDay,
)
from governance.regions.models import Region

__all__ = [
    "AuditEntry",
    "AuthSession",
    "CenterStaffMember",
    "DeliberationMeeting",
    "DisputeCase",
    "DisputeCaseMediator",
    "DisputeParty",
    "DisputeTransition",
    "EventDeadlineRule",
    "GovernanceCenter",
    "GridAssignment",
    "GridEvent",
    "GridEventTransition",
    "Household",
    "IndicatorDefinition",
    "IndicatorSnapshot",
    "InsuranceParticipation",
    "MediationCommittee",
    "MediationSession",
    "Mediator",
    "Person",
    "PersonalDataAccess",
    "Petition",
    "PetitionHearing",
    "PetitionTransition",
    "PetitionVisit",
    "Petitioner",
    "ReceptionDay",
    "RefreshToken",
    "Region",
    "RegionDesignation",
    "RoleGrant",
    "ServiceFacility",
    "ServicePost",
    "SocialOrganization",
    "User",
    "VillageDisclosure",
]
