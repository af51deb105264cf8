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
from governance.facilities.models import InsuranceParticipation, ServiceFacility, ServicePost
from governance.grids.models import GridAssignment
from governance.mediation.models import MediationCommittee, Mediator
from governance.organizations.models import SocialOrganization
from governance.people.models import Household, Person
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
    "Goods",
    "GoodsPrice",
    "GovernanceCenter",
    "GridAssignment",
    "Holder",
    "Household",
    "InsuranceParticipation",
    "MediationCommittee",
    "Mediator",
    "Objection",
    "Person",
    "PersonalDataAccess",
    "Receipt",
    "ReceiptLine",
    "ReceiptReturn",
    "ReceiptReturnLine",
    "RefreshToken",
    "Region",
    "RoleGrant",
    "Rule",
    "Scheme",
    "ServiceFacility",
    "ServicePost",
    "SignUp",
    "SocialOrganization",
    "StockIn",
    "Supermarket",
    "User",
    "Volunteer",
]
