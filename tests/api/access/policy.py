"""The access policy restated for the authorization matrix, independently of the code under test.

The README's "Who sees what" and the mutation descriptions, as plain Python over demo usernames:
who holds which region subtree, which roles read or act on which kind of row. The matrix tests
compare every answer of the API with these functions.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from governance.access.demo import DEMO_HOUSEHOLD_ID, DEMO_PERSON_ID, DEMO_USERS
from tests.api.access.conftest import ANONYMOUS

USERS = [*(user.username for user in DEMO_USERS), ANONYMOUS]
REGION_OF_USER = {
    user.username: user.grant.region_code for user in DEMO_USERS if user.grant.region_code
}
ADMINS = frozenset({"county.admin", "xinfenglu.admin", "dage.admin", "huashi.admin"})
GRID_WORKERS = frozenset({"huashi.grid1"})
MEDIATORS = frozenset({"xinfenglu.mediator"})
# Region roles: everyone holding a region subtree.
STAFF_USERS = ADMINS | GRID_WORKERS | MEDIATORS
CASHIER_OF_SUPERMARKET = {"supermarket1.cashier": 1}
# A supermarket serves the households living under its region: supermarket 1 is 花石社区's.
SERVED_BY_CASHIER = {"supermarket1.cashier": "130826001001"}
RESIDENT = "resident.demo"
# The resident's village (household 1 lives in 花石社区): its volunteer board is theirs.
RESIDENT_VILLAGE = "130826001001"


def global_id(type_name: str, node_id: int) -> str:
    return base64.b64encode(f"{type_name}:{node_id}".encode()).decode()


def database_id(node_id: str) -> int:
    return int(base64.b64decode(node_id).decode().split(":")[1])


OWN_PERSON = global_id("Person", DEMO_PERSON_ID)
OWN_HOUSEHOLD = global_id("Household", DEMO_HOUSEHOLD_ID)


@dataclass(frozen=True)
class Target:
    """A row a client may ask for: its type, global id, the region it lies in, and for people
    the person and household it belongs to (what a resident's scope reads)."""

    type_name: str
    id: str
    grid: str
    person: str | None = None
    household: str | None = None


def covers(user: str, region_code: str, among: frozenset[str] = STAFF_USERS) -> bool:
    """Whether ``user`` (one of ``among``) holds a region subtree containing ``region_code``."""
    root = REGION_OF_USER.get(user)
    return user in among and root is not None and region_code.startswith(root)


def owns(user: str, target: Target) -> bool:
    """A resident's own person, or a row of their household."""
    own = target.person == OWN_PERSON or target.household == OWN_HOUSEHOLD
    return user == RESIDENT and own


# Who reads each kind of row (README "Who sees what", the bank and workflow sections).
PUBLIC, STAFF, SCOPED, ADMIN_SCOPED, REGION_SCOPED, ACCOUNT, BOARD = (
    "PUBLIC",
    "STAFF",
    "SCOPED",
    "ADMIN_SCOPED",
    "REGION_SCOPED",
    "ACCOUNT",
    "BOARD",
)
AUDIENCE_BY_NODE_TYPE = {
    "Region": PUBLIC,
    "Person": SCOPED,
    "Household": SCOPED,
    "GridAssignment": SCOPED,
    "GovernanceCenter": STAFF,
    "CenterStaffMember": STAFF,
    "MediationCommittee": STAFF,
    "Mediator": STAFF,
    "ServiceFacility": STAFF,
    "ServicePost": STAFF,
    "SocialOrganization": STAFF,
    # Designations of towns and villages are public notice, like the indicators they feed.
    "RegionDesignation": PUBLIC,
    # Workflows: staff of the subtree; a resident the grid events they reported.
    "GridEvent": SCOPED,
    "DisputeCase": REGION_SCOPED,
    "DeliberationMeeting": REGION_SCOPED,
    "VillageDisclosure": REGION_SCOPED,
    # Petitions are for administrators (petition staff sit in the governance centers).
    "Petition": ADMIN_SCOPED,
    "PetitionHearing": ADMIN_SCOPED,
    "ReceptionDay": ADMIN_SCOPED,
    # The bank's catalog is public notice; its records are scoped.
    "PointsScheme": PUBLIC,
    "PointsRule": PUBLIC,
    "Supermarket": PUBLIC,
    "Goods": PUBLIC,
    # Points accounts also to the cashiers of the supermarkets serving them (the till).
    "PointsAccount": ACCOUNT,
    "PointsApplication": REGION_SCOPED,
    "PointsObjection": REGION_SCOPED,
    # 公示 is public notice (issue 18): everyone reads announcements and their notice lines;
    # their entries as applications stay REGION_SCOPED.
    "PointsAnnouncement": PUBLIC,
    # The volunteer board: staff of the subtree, and the residents of the activity's village.
    "VolunteerActivity": BOARD,
    # Sign-ups and certificates: as the volunteer (a person); sign-ups also to the activity's
    # organizer and its village's administrators (in the matrix world the county admin
    # organizes, and the volunteers live in the activity's village).
    "VolunteerSignUp": SCOPED,
    "VolunteerCertificate": SCOPED,
}


def sees(user: str, audience: str, target: Target) -> bool:
    """The read policy: regions and the bank's catalog public; institutions to staff; rows of
    people and workflows by subtree (petitions: administrators only); residents their own."""
    if audience == PUBLIC:
        return True
    if audience == STAFF:
        return user in STAFF_USERS
    if audience == ADMIN_SCOPED:
        return covers(user, target.grid, ADMINS)
    if covers(user, target.grid):
        return True
    if audience == ACCOUNT and target.grid.startswith(SERVED_BY_CASHIER.get(user, "-")):
        return True
    # The volunteer board: residents read their own village's.
    board = audience == BOARD and user == RESIDENT and target.grid.startswith(RESIDENT_VILLAGE)
    return board or (audience in (SCOPED, ACCOUNT) and owns(user, target))
