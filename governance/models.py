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
from governance.events.models import EventDeadlineRule, GridEvent, GridEventTransition
from governance.facilities.models import InsuranceParticipation, ServiceFacility, ServicePost
from governance.grids.models import GridAssignment
from governance.mediation.models import MediationCommittee, Mediator
from governance.organizations.models import SocialOrganization
from governance.people.models import Household, Person
from governance.regions.models import Region

__all__ = [
    "AuditEntry",
    "AuthSession",
    "CenterStaffMember",
    "EventDeadlineRule",
    "GovernanceCenter",
    "GridAssignment",
    "GridEvent",
    "GridEventTransition",
    "Household",
    "InsuranceParticipation",
    "MediationCommittee",
    "Mediator",
    "Person",
    "PersonalDataAccess",
    "RefreshToken",
    "Region",
    "RoleGrant",
    "ServiceFacility",
    "ServicePost",
    "SocialOrganization",
    "User",
]
