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
from governance.facilities.models import InsuranceParticipation, ServiceFacility, ServicePost
from governance.grids.models import GridAssignment
from governance.indicators.models import IndicatorDefinition, IndicatorSnapshot, RegionDesignation
from governance.mediation.models import MediationCommittee, Mediator
from governance.organizations.models import SocialOrganization
from governance.people.models import Household, Person
from governance.regions.models import Region

__all__ = [
    "AuditEntry",
    "AuthSession",
    "CenterStaffMember",
    "GovernanceCenter",
    "GridAssignment",
    "Household",
    "IndicatorDefinition",
    "IndicatorSnapshot",
    "InsuranceParticipation",
    "MediationCommittee",
    "Mediator",
    "Person",
    "PersonalDataAccess",
    "RefreshToken",
    "Region",
    "RegionDesignation",
    "RoleGrant",
    "ServiceFacility",
    "ServicePost",
    "SocialOrganization",
    "User",
]
