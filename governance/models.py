"""Every governance table, imported in one place so Alembic sees the whole metadata."""

from governance.access.models import (
    AuditEntry,
    AuthSession,
    PersonalDataAccess,
    RefreshToken,
    RoleGrant,
    User,
)
from governance.bank.models import (
    Announcement,
    Application,
    ConflictRefusal,
    Holder,
    Objection,
    Rule,
    Scheme,
)
from governance.centers.models import CenterStaffMember, GovernanceCenter
from governance.data_versions import DataVersion
from governance.deliberation.models import DeliberationMeeting, VillageDisclosure
from governance.disputes.models import (
    DisputeCase,
    DisputeCaseMediator,
    DisputeParty,
    DisputeTransition,
    MediationSession,
)
from governance.documents import TrustedDocument
from governance.events.models import EventDeadlineRule, GridEvent, GridEventTransition
from governance.facilities.models import InsuranceParticipation, ServiceFacility, ServicePost
from governance.grids.models import GridAssignment
from governance.history.models import RecordChange
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
from governance.supermarkets.models import (
    Goods,
    GoodsPrice,
    Receipt,
    ReceiptLine,
    ReceiptReturn,
    ReceiptReturnLine,
    StockIn,
    Supermarket,
)
from governance.volunteering.models import Activity, Certificate, SignUp, Volunteer

__all__ = [
    "Activity",
    "Announcement",
    "Application",
    "AuditEntry",
    "AuthSession",
    "CenterStaffMember",
    "Certificate",
    "ConflictRefusal",
    "DataVersion",
    "DeliberationMeeting",
    "DisputeCase",
    "DisputeCaseMediator",
    "DisputeParty",
    "DisputeTransition",
    "EventDeadlineRule",
    "Goods",
    "GoodsPrice",
    "GovernanceCenter",
    "GridAssignment",
    "GridEvent",
    "GridEventTransition",
    "Holder",
    "Household",
    "IndicatorDefinition",
    "IndicatorSnapshot",
    "InsuranceParticipation",
    "MediationCommittee",
    "MediationSession",
    "Mediator",
    "Objection",
    "Person",
    "PersonalDataAccess",
    "Petition",
    "PetitionHearing",
    "PetitionTransition",
    "PetitionVisit",
    "Petitioner",
    "Receipt",
    "ReceiptLine",
    "ReceiptReturn",
    "ReceiptReturnLine",
    "ReceptionDay",
    "RecordChange",
    "RefreshToken",
    "Region",
    "RegionDesignation",
    "RoleGrant",
    "Rule",
    "Scheme",
    "ServiceFacility",
    "ServicePost",
    "SignUp",
    "SocialOrganization",
    "StockIn",
    "Supermarket",
    "TrustedDocument",
    "User",
    "VillageDisclosure",
    "Volunteer",
]
