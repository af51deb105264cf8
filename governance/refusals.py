"""The one business refusal of the whole domain, and the codes it answers with.

A ``Refusal`` is a condition a user causes (insufficient points, a closed window, a step not
allowed from this state, a row outside the caller's reach); the API turns it into a
``userError`` whose ``code`` is a ``RefusalCode``. Programmer errors are assertions instead.
"""

from __future__ import annotations

import enum


class RefusalCode(enum.StrEnum):
    """Every reason a mutation may be refused for: stable, for clients to switch on.

    ``FORBIDDEN`` is the one "not allowed" code (wrong role, or a row outside the caller's
    regions where hiding it is not needed); ``UNAUTHENTICATED`` asks for a sign-in first.
    """

    ACCOUNT_CLOSED = "ACCOUNT_CLOSED"
    ACCOUNT_HAS_PENDING_ENTRIES = "ACCOUNT_HAS_PENDING_ENTRIES"
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    ACTIVITY_FULL = "ACTIVITY_FULL"
    ACTIVITY_NOT_FOUND = "ACTIVITY_NOT_FOUND"
    ACTIVITY_NOT_OVER = "ACTIVITY_NOT_OVER"
    AGREEMENT_TEXT_REQUIRED = "AGREEMENT_TEXT_REQUIRED"
    AGREEMENT_UNSIGNED = "AGREEMENT_UNSIGNED"
    ALREADY_ASSIGNED = "ALREADY_ASSIGNED"
    ALREADY_AT_TOP = "ALREADY_AT_TOP"
    ALREADY_CONFIRMED = "ALREADY_CONFIRMED"
    ALREADY_DECIDED = "ALREADY_DECIDED"
    ALREADY_ENDED = "ALREADY_ENDED"
    ALREADY_EXTENDED = "ALREADY_EXTENDED"
    ALREADY_GRANTED = "ALREADY_GRANTED"
    ALREADY_REQUESTED = "ALREADY_REQUESTED"
    ALREADY_REVIEWED = "ALREADY_REVIEWED"
    ALREADY_SIGNED_UP = "ALREADY_SIGNED_UP"
    AMOUNT_OUT_OF_RANGE = "AMOUNT_OUT_OF_RANGE"
    ANNOUNCEMENT_CLOSED = "ANNOUNCEMENT_CLOSED"
    ANNOUNCEMENT_DAYS_INVALID = "ANNOUNCEMENT_DAYS_INVALID"
    APPLICATION_NOT_FOUND = "APPLICATION_NOT_FOUND"
    ASSIGNEE_NOT_ALLOWED = "ASSIGNEE_NOT_ALLOWED"
    ASSIGNEE_REQUIRED = "ASSIGNEE_REQUIRED"
    ASSIGNMENT_NOT_FOUND = "ASSIGNMENT_NOT_FOUND"
    BALANCE_CHANGED = "BALANCE_CHANGED"
    CAPACITY_INVALID = "CAPACITY_INVALID"
    CAP_EXCEEDED = "CAP_EXCEEDED"
    CAP_INCOMPLETE = "CAP_INCOMPLETE"
    CAP_TOO_SMALL = "CAP_TOO_SMALL"
    CASE_NOT_FOUND = "CASE_NOT_FOUND"
    CENTER_EXISTS = "CENTER_EXISTS"
    CENTER_NOT_FOUND = "CENTER_NOT_FOUND"
    COMMITTEE_NOT_FOUND = "COMMITTEE_NOT_FOUND"
    COMMITTEE_OPEN = "COMMITTEE_OPEN"
    CONFLICT_OF_INTEREST = "CONFLICT_OF_INTEREST"
    COUNT_OUT_OF_RANGE = "COUNT_OUT_OF_RANGE"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_OUT_OF_RANGE = "DATE_OUT_OF_RANGE"
    DESIGNATION_IN_FORCE = "DESIGNATION_IN_FORCE"
    DESIGNATION_NOT_FOUND = "DESIGNATION_NOT_FOUND"
    DONATIONS_IN_FINANCES_ONLY = "DONATIONS_IN_FINANCES_ONLY"
    DONOR_REQUIRED = "DONOR_REQUIRED"
    DUPLICATE_GOODS = "DUPLICATE_GOODS"
    DUTIES_REQUIRED = "DUTIES_REQUIRED"
    EFFECTIVE_DAY_INVALID = "EFFECTIVE_DAY_INVALID"
    ENDS_BEFORE_START = "ENDS_BEFORE_START"
    EVENT_IN_FUTURE = "EVENT_IN_FUTURE"
    EVENT_NOT_FOUND = "EVENT_NOT_FOUND"
    EVIDENCE_REQUIRED = "EVIDENCE_REQUIRED"
    FACILITY_NOT_FOUND = "FACILITY_NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    GOODS_EXISTS = "GOODS_EXISTS"
    GOODS_NOT_FOUND = "GOODS_NOT_FOUND"
    GOODS_RETIRED = "GOODS_RETIRED"
    GRANT_NOT_FOUND = "GRANT_NOT_FOUND"
    GRID_EVENT_MISMATCH = "GRID_EVENT_MISMATCH"
    GRID_NOT_FOUND = "GRID_NOT_FOUND"
    HOLDER_INVALID = "HOLDER_INVALID"
    HOLDER_NOT_FOUND = "HOLDER_NOT_FOUND"
    HOLDER_NOT_SERVED = "HOLDER_NOT_SERVED"
    HOURS_OUT_OF_RANGE = "HOURS_OUT_OF_RANGE"
    HOUSEHOLD_REQUIRED = "HOUSEHOLD_REQUIRED"
    INSURANCE_EXISTS = "INSURANCE_EXISTS"
    INSURANCE_NOT_FOUND = "INSURANCE_NOT_FOUND"
    IDEMPOTENCY_KEY_INVALID = "IDEMPOTENCY_KEY_INVALID"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    INCUBATOR_INVALID = "INCUBATOR_INVALID"
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    JUDICIAL_CONFIRMATION_WINDOW_CLOSED = "JUDICIAL_CONFIRMATION_WINDOW_CLOSED"
    LAST_COUNTY_ADMIN = "LAST_COUNTY_ADMIN"
    LINES_INVALID = "LINES_INVALID"
    LINE_NOT_FOUND = "LINE_NOT_FOUND"
    MEDIATOR_NOT_FOUND = "MEDIATOR_NOT_FOUND"
    MEDIATOR_NOT_ON_COMMITTEE = "MEDIATOR_NOT_ON_COMMITTEE"
    MINUTES_INVALID = "MINUTES_INVALID"
    MINUTES_REQUIRED = "MINUTES_REQUIRED"
    NAME_REQUIRED = "NAME_REQUIRED"
    NOTE_TOO_LONG = "NOTE_TOO_LONG"
    NOTHING_TO_ANNOUNCE = "NOTHING_TO_ANNOUNCE"
    NOTHING_TO_RETURN = "NOTHING_TO_RETURN"
    NOT_ANNOUNCED = "NOT_ANNOUNCED"
    NOT_A_CASE_MEDIATOR = "NOT_A_CASE_MEDIATOR"
    NOT_A_COUNTY = "NOT_A_COUNTY"
    NOT_A_COUNTY_OR_TOWNSHIP = "NOT_A_COUNTY_OR_TOWNSHIP"
    NOT_A_GRID = "NOT_A_GRID"
    NOT_A_MAJOR_CASE = "NOT_A_MAJOR_CASE"
    NOT_A_RECEIVING_REGION = "NOT_A_RECEIVING_REGION"
    NO_SERVICE = "NO_SERVICE"
    OBJECTION_NOT_FOUND = "OBJECTION_NOT_FOUND"
    ORGANIZATION_NOT_FOUND = "ORGANIZATION_NOT_FOUND"
    OUTSIDE_COMMITTEE_REGION = "OUTSIDE_COMMITTEE_REGION"
    OUTSIDE_SCHEME = "OUTSIDE_SCHEME"
    OWN_ACCOUNT = "OWN_ACCOUNT"
    PARTIES_ON_BOTH_SIDES = "PARTIES_ON_BOTH_SIDES"
    PASSWORD_IS_USERNAME = "PASSWORD_IS_USERNAME"  # noqa: S105 (a code, not a secret)
    PASSWORD_TOO_COMMON = "PASSWORD_TOO_COMMON"  # noqa: S105 (a code, not a secret)
    PASSWORD_TOO_SHORT = "PASSWORD_TOO_SHORT"  # noqa: S105 (a code, not a secret)
    PERIOD_INVALID = "PERIOD_INVALID"
    PERSON_NOT_FOUND = "PERSON_NOT_FOUND"
    PERSON_REQUIRED = "PERSON_REQUIRED"
    PETITION_NOT_FOUND = "PETITION_NOT_FOUND"
    POINTS_INVALID = "POINTS_INVALID"
    POINTS_PER_HOUR_INVALID = "POINTS_PER_HOUR_INVALID"
    POST_FILLED = "POST_FILLED"
    PRICE_INVALID = "PRICE_INVALID"
    QUANTITY_INVALID = "QUANTITY_INVALID"
    REASON_REQUIRED = "REASON_REQUIRED"
    RECEIPT_NOT_FOUND = "RECEIPT_NOT_FOUND"
    REGION_NOT_FOUND = "REGION_NOT_FOUND"
    REPLY_REQUIRED = "REPLY_REQUIRED"
    REQUIRED = "REQUIRED"
    RESOLVED_REQUIRED = "RESOLVED_REQUIRED"
    REVIEW_WINDOW_CLOSED = "REVIEW_WINDOW_CLOSED"
    RULE_NOT_FOUND = "RULE_NOT_FOUND"
    RULE_RETIRED = "RULE_RETIRED"
    SATISFACTION_NOT_ALLOWED = "SATISFACTION_NOT_ALLOWED"
    SATISFACTION_OUT_OF_RANGE = "SATISFACTION_OUT_OF_RANGE"
    SCHEME_ENDED = "SCHEME_ENDED"
    SCHEME_NOT_FOUND = "SCHEME_NOT_FOUND"
    SCOPE_INVALID = "SCOPE_INVALID"
    SERVICE_POST_NOT_FOUND = "SERVICE_POST_NOT_FOUND"
    SESSION_LIMIT_REACHED = "SESSION_LIMIT_REACHED"
    SESSION_NOT_FOUND = "SESSION_NOT_FOUND"
    SETTLEMENT_REFUSED = "SETTLEMENT_REFUSED"
    SIGNING_MEDIATOR_REQUIRED = "SIGNING_MEDIATOR_REQUIRED"
    SIGN_UP_NOT_FOUND = "SIGN_UP_NOT_FOUND"
    STAFF_MEMBER_NOT_FOUND = "STAFF_MEMBER_NOT_FOUND"
    STALE_VERSION = "STALE_VERSION"
    STATUS_INVALID = "STATUS_INVALID"
    SUPERMARKET_CLOSED = "SUPERMARKET_CLOSED"
    SUPERMARKET_NOT_FOUND = "SUPERMARKET_NOT_FOUND"
    SUPERMARKET_OPEN = "SUPERMARKET_OPEN"
    TITLE_REQUIRED = "TITLE_REQUIRED"
    TOO_LONG = "TOO_LONG"
    TOO_MANY_ATTACHMENTS = "TOO_MANY_ATTACHMENTS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    TOO_MANY_REPRESENTATIVES = "TOO_MANY_REPRESENTATIVES"
    TOO_MANY_VISITORS = "TOO_MANY_VISITORS"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNIT_IN_USE = "UNIT_IN_USE"
    USERNAME_INVALID = "USERNAME_INVALID"
    USERNAME_TAKEN = "USERNAME_TAKEN"
    USER_NOT_FOUND = "USER_NOT_FOUND"
    VILLAGE_NOT_FOUND = "VILLAGE_NOT_FOUND"
    VISIT_LIMIT_REACHED = "VISIT_LIMIT_REACHED"
    VOLUNTEER_SOURCE_NOT_ALLOWED = "VOLUNTEER_SOURCE_NOT_ALLOWED"
    VOLUNTEER_SOURCE_REQUIRED = "VOLUNTEER_SOURCE_REQUIRED"
    WRONG_PASSWORD = "WRONG_PASSWORD"  # noqa: S105 (a code, not a secret)
    # Persons and households (issue 16).
    HEAD_CHANGE_REQUIRED = "HEAD_CHANGE_REQUIRED"
    HOUSEHOLD_ENDED = "HOUSEHOLD_ENDED"
    HOUSEHOLD_NOT_FOUND = "HOUSEHOLD_NOT_FOUND"
    HOUSEHOLD_NUMBER_TAKEN = "HOUSEHOLD_NUMBER_TAKEN"
    ID_CARD_INVALID = "ID_CARD_INVALID"
    ID_CARD_MISMATCH = "ID_CARD_MISMATCH"
    MEMBERS_INVALID = "MEMBERS_INVALID"
    NOT_A_MEMBER = "NOT_A_MEMBER"
    PERSON_ENDED = "PERSON_ENDED"
    PERSON_EXISTS = "PERSON_EXISTS"
    PHONE_INVALID = "PHONE_INVALID"


# What each code means, for the API's documentation of ``UserError.code``.
DESCRIPTIONS: dict[RefusalCode, str] = {
    RefusalCode.ACCOUNT_CLOSED: "A points account the change would move is closed.",
    RefusalCode.ACCOUNT_HAS_PENDING_ENTRIES: (
        "The account still has entries in review or on a notice board; close it once they settle."
    ),
    RefusalCode.ACCOUNT_NOT_FOUND: "No points account within your regions has this id.",
    RefusalCode.ACTIVITY_FULL: "The volunteer activity has no free place.",
    RefusalCode.ACTIVITY_NOT_FOUND: "No volunteer activity has this id.",
    RefusalCode.ACTIVITY_NOT_OVER: "Service is confirmed only once the activity has ended.",
    RefusalCode.AGREEMENT_TEXT_REQUIRED: "An agreement needs its written text.",
    RefusalCode.AGREEMENT_UNSIGNED: "An agreement needs the signatures of both parties.",
    RefusalCode.ALREADY_ASSIGNED: (
        "The person already holds this role on the grid, or serves on the committee."
    ),
    RefusalCode.ALREADY_AT_TOP: "The matter is at the county, the highest level.",
    RefusalCode.ALREADY_CONFIRMED: "The service was confirmed already.",
    RefusalCode.ALREADY_DECIDED: "The objection was decided already.",
    RefusalCode.ALREADY_ENDED: "The record (assignment, committee, mediator…) has ended already.",
    RefusalCode.ALREADY_EXTENDED: "The handling time may be extended only once.",
    RefusalCode.ALREADY_REQUESTED: "Judicial confirmation was requested already.",
    RefusalCode.ALREADY_REVIEWED: "The application was reviewed already.",
    RefusalCode.ALREADY_SIGNED_UP: "The person is signed up for the activity already.",
    RefusalCode.AMOUNT_OUT_OF_RANGE: "An amount lies outside its allowed range.",
    RefusalCode.ANNOUNCEMENT_CLOSED: "The objection window has closed, or the entry was settled.",
    RefusalCode.ANNOUNCEMENT_DAYS_INVALID: "The announcement period is out of range.",
    RefusalCode.APPLICATION_NOT_FOUND: "No points application has this id.",
    RefusalCode.ASSIGNEE_NOT_ALLOWED: "Only the ASSIGN step takes an assignee.",
    RefusalCode.ASSIGNEE_REQUIRED: "ASSIGN needs exactly one assignee: a person or a department.",
    RefusalCode.ASSIGNMENT_NOT_FOUND: "No grid assignment within your regions has this id.",
    RefusalCode.BALANCE_CHANGED: "A balance changed meanwhile; try again.",
    RefusalCode.CAPACITY_INVALID: "The activity's capacity lies outside its allowed range.",
    RefusalCode.CAP_EXCEEDED: "The award would exceed the rule's cap for its period.",
    RefusalCode.CAP_INCOMPLETE: "A cap needs both its points and its period.",
    RefusalCode.CAP_TOO_SMALL: "The cap is below one award of the rule.",
    RefusalCode.CASE_NOT_FOUND: "No dispute case within your regions has this id.",
    RefusalCode.CENTER_EXISTS: (
        "The region has its governance center already (one per county, township or village; "
        "a closed one is kept)."
    ),
    RefusalCode.CENTER_NOT_FOUND: "No governance center within your regions has this id.",
    RefusalCode.COMMITTEE_NOT_FOUND: "No mediation committee within your regions has this id.",
    RefusalCode.COMMITTEE_OPEN: "The region has an open mediation committee: close it first.",
    RefusalCode.CONFLICT_OF_INTEREST: "The decider belongs to the holder's household (recorded).",
    RefusalCode.COUNT_OUT_OF_RANGE: "A count or a list's length lies outside its allowed range.",
    RefusalCode.DATE_IN_FUTURE: "The day lies in the future; record what has happened.",
    RefusalCode.DATE_OUT_OF_RANGE: "The day lies outside its allowed range.",
    RefusalCode.DESIGNATION_IN_FORCE: (
        "The region holds this designation over that period already (withdraw it first)."
    ),
    RefusalCode.DESIGNATION_NOT_FOUND: "No region designation within your regions has this id.",
    RefusalCode.DONATIONS_IN_FINANCES_ONLY: "Donations are disclosed with the finances.",
    RefusalCode.DONOR_REQUIRED: "Donations are disclosed: name the donor.",
    RefusalCode.DUPLICATE_GOODS: "The same goods appear on two lines.",
    RefusalCode.DUTIES_REQUIRED: "An assignment names at least one duty.",
    RefusalCode.EFFECTIVE_DAY_INVALID: (
        "A new version takes effect from today on, not before the newest version."
    ),
    RefusalCode.ENDS_BEFORE_START: "The end lies before the start.",
    RefusalCode.EVENT_IN_FUTURE: "The deed's day lies in the future.",
    RefusalCode.EVENT_NOT_FOUND: "No grid event within your regions has this id.",
    RefusalCode.EVIDENCE_REQUIRED: "The rule requires evidence.",
    RefusalCode.FACILITY_NOT_FOUND: "No service facility within your regions has this id.",
    RefusalCode.FORBIDDEN: "You may not do this: your roles or regions do not allow it.",
    RefusalCode.GOODS_EXISTS: "The supermarket already sells goods of this name.",
    RefusalCode.GOODS_NOT_FOUND: "No goods have this id.",
    RefusalCode.GOODS_RETIRED: "The goods are retired: no new sales or stock-ins.",
    RefusalCode.GRID_EVENT_MISMATCH: "The grid event and the source do not agree.",
    RefusalCode.GRID_NOT_FOUND: "No grid has this code.",
    RefusalCode.HOLDER_INVALID: (
        "A grid assignment is held by a person or, for a township official's role, by an "
        "official named in words: exactly one."
    ),
    RefusalCode.HOLDER_NOT_FOUND: "No household, person or points account in reach has it.",
    RefusalCode.HOLDER_NOT_SERVED: "The supermarket does not serve this holder's region.",
    RefusalCode.HOURS_OUT_OF_RANGE: "The hours lie outside their allowed range.",
    RefusalCode.HOUSEHOLD_REQUIRED: "The scheme credits households: give one.",
    RefusalCode.IDEMPOTENCY_KEY_INVALID: "The idempotency key is empty or too long.",
    RefusalCode.IDEMPOTENCY_KEY_REUSED: "The idempotency key was used before with other content.",
    RefusalCode.INSURANCE_EXISTS: (
        "The village's insurance figures for this year are recorded already: correct them."
    ),
    RefusalCode.INSURANCE_NOT_FOUND: "No insurance figures are recorded for this village and year.",
    RefusalCode.INCUBATOR_INVALID: (
        "The incubator is the county or the township above the organization's village."
    ),
    RefusalCode.INSUFFICIENT_POINTS: "The holder has too few points available.",
    RefusalCode.INSUFFICIENT_STOCK: "Not enough of the goods are in stock.",
    RefusalCode.INVALID_TRANSITION: "The step is not allowed from the record's current state.",
    RefusalCode.JUDICIAL_CONFIRMATION_WINDOW_CLOSED: "The window after signing has closed.",
    RefusalCode.LINES_INVALID: "The number of lines lies outside its allowed range.",
    RefusalCode.LINE_NOT_FOUND: "The receipt has no such line, or it was given twice.",
    RefusalCode.MEDIATOR_NOT_FOUND: "No mediator within your regions has this id.",
    RefusalCode.MEDIATOR_NOT_ON_COMMITTEE: "A mediator does not sit on the committee.",
    RefusalCode.MINUTES_INVALID: "The service minutes lie outside their allowed range.",
    RefusalCode.MINUTES_REQUIRED: "Record the service minutes first.",
    RefusalCode.NAME_REQUIRED: "A name is required.",
    RefusalCode.NOTE_TOO_LONG: "The note is too long.",
    RefusalCode.NOTHING_TO_ANNOUNCE: "No approved entry waits for announcement.",
    RefusalCode.NOTHING_TO_RETURN: "Everything on the receipt was returned already.",
    RefusalCode.NOT_ANNOUNCED: "No announced entry has this id.",
    RefusalCode.NOT_A_CASE_MEDIATOR: "The mediator is not on the case.",
    RefusalCode.NOT_A_COUNTY: "The region is not a county.",
    RefusalCode.NOT_A_COUNTY_OR_TOWNSHIP: "The region is neither a county nor a township.",
    RefusalCode.NOT_A_GRID: "The region is not a grid.",
    RefusalCode.NOT_A_MAJOR_CASE: "The petition is not a major case.",
    RefusalCode.NOT_A_RECEIVING_REGION: "The region does not receive petitions.",
    RefusalCode.NO_SERVICE: "No confirmed service to certify.",
    RefusalCode.OBJECTION_NOT_FOUND: "No objection has this id.",
    RefusalCode.ORGANIZATION_NOT_FOUND: "No social organization within your regions has this id.",
    RefusalCode.OUTSIDE_COMMITTEE_REGION: "The region lies outside the committee's region.",
    RefusalCode.OUTSIDE_SCHEME: "The region or holder lies outside the scheme's region.",
    RefusalCode.PARTIES_ON_BOTH_SIDES: "A dispute needs parties on both sides.",
    RefusalCode.PERIOD_INVALID: "The period is not one of the allowed periods.",
    RefusalCode.PERSON_NOT_FOUND: "No person within your regions has this id.",
    RefusalCode.PERSON_REQUIRED: "The scheme credits persons: give one.",
    RefusalCode.PETITION_NOT_FOUND: "No petition within your regions has this id.",
    RefusalCode.POINTS_INVALID: "The points lie outside their allowed range.",
    RefusalCode.POINTS_PER_HOUR_INVALID: "The points per hour lie outside their allowed range.",
    RefusalCode.POST_FILLED: "The post is held in this region already: end that appointment first.",
    RefusalCode.PRICE_INVALID: "The price lies outside its allowed range.",
    RefusalCode.QUANTITY_INVALID: "The quantity lies outside its allowed range.",
    RefusalCode.REASON_REQUIRED: "Give a reason.",
    RefusalCode.RECEIPT_NOT_FOUND: "No receipt of your supermarket has this id.",
    RefusalCode.REGION_NOT_FOUND: "No region of the required level has this code.",
    RefusalCode.REPLY_REQUIRED: "Answer in writing.",
    RefusalCode.REQUIRED: "The field may not be empty.",
    RefusalCode.RESOLVED_REQUIRED: "Say whether the answer settles the matter.",
    RefusalCode.REVIEW_WINDOW_CLOSED: "The window for a review has closed.",
    RefusalCode.RULE_NOT_FOUND: "No active points rule has this id.",
    RefusalCode.RULE_RETIRED: "The points rule is retired: it takes no new applications.",
    RefusalCode.SATISFACTION_NOT_ALLOWED: "Only the EVALUATE step takes a rating.",
    RefusalCode.SATISFACTION_OUT_OF_RANGE: "The rating lies outside its allowed range.",
    RefusalCode.SCHEME_ENDED: "The points scheme has ended: it takes no new rules or applications.",
    RefusalCode.SCHEME_NOT_FOUND: "No points scheme has this id.",
    RefusalCode.SERVICE_POST_NOT_FOUND: "No service post within your regions has this id.",
    RefusalCode.SESSION_LIMIT_REACHED: "The case has the most sessions allowed.",
    RefusalCode.SETTLEMENT_REFUSED: (
        "The ledger refused to settle the entry (its reservation lapsed); nothing was changed."
    ),
    RefusalCode.SIGNING_MEDIATOR_REQUIRED: "An agreement names the mediator who signed it.",
    RefusalCode.SIGN_UP_NOT_FOUND: "No sign-up has this id.",
    RefusalCode.STAFF_MEMBER_NOT_FOUND: "No center staff member within your regions has this id.",
    RefusalCode.STALE_VERSION: (
        "The record changed since the version the edit was made against: reload and retry."
    ),
    RefusalCode.STATUS_INVALID: "Not settable here: an organization is dissolved by ending it.",
    RefusalCode.SUPERMARKET_CLOSED: "The supermarket is closed.",
    RefusalCode.SUPERMARKET_NOT_FOUND: "No supermarket has this id.",
    RefusalCode.SUPERMARKET_OPEN: "The supermarket is open already.",
    RefusalCode.TITLE_REQUIRED: "A title is required (within its length).",
    RefusalCode.TOO_LONG: "The text is too long.",
    RefusalCode.TOO_MANY_ATTACHMENTS: "Too many attachments.",
    RefusalCode.TOO_MANY_ATTEMPTS: (
        "Too many wrong passwords for the account recently (sign-ins count too): wait."
    ),
    RefusalCode.TOO_MANY_REPRESENTATIVES: "Too many representatives.",
    RefusalCode.TOO_MANY_VISITORS: "Too many visitors.",
    RefusalCode.UNAUTHENTICATED: "Sign in first.",
    RefusalCode.UNIT_IN_USE: (
        "Goods already stocked keep their unit: stock and receipts count in it."
    ),
    RefusalCode.VILLAGE_NOT_FOUND: "No village has this code.",
    RefusalCode.VISIT_LIMIT_REACHED: "The limit of visits was reached.",
    RefusalCode.VOLUNTEER_SOURCE_NOT_ALLOWED: "Only volunteers name where they come from.",
    RefusalCode.VOLUNTEER_SOURCE_REQUIRED: "Volunteers name where they come from.",
    RefusalCode.ALREADY_GRANTED: (
        "The user already holds this role over this scope (or a resident grant already)."
    ),
    RefusalCode.GRANT_NOT_FOUND: "The user holds no such role over this scope.",
    RefusalCode.LAST_COUNTY_ADMIN: "The county would be left without an active administrator.",
    RefusalCode.OWN_ACCOUNT: (
        "Nobody changes their own account or grants: another administrator does."
    ),
    RefusalCode.SCOPE_INVALID: (
        "The scope does not fit the role: a region of the role's level for staff, a "
        "supermarket for cashiers, a person for residents."
    ),
    RefusalCode.USERNAME_INVALID: (
        "A username is 3 to 64 lowercase letters, digits, dots, hyphens or underscores."
    ),
    RefusalCode.USERNAME_TAKEN: "Another account has this username.",
    RefusalCode.USER_NOT_FOUND: "No account within your scope has this username.",
    RefusalCode.SESSION_NOT_FOUND: "No live sign-in session of yours has this id.",
    RefusalCode.PASSWORD_IS_USERNAME: "The new password is the username.",
    RefusalCode.PASSWORD_TOO_COMMON: "The new password is on the list of common passwords.",
    RefusalCode.PASSWORD_TOO_SHORT: "A new password has at least 10 characters.",
    RefusalCode.WRONG_PASSWORD: "The current password is wrong.",
    # Persons and households (issue 16).
    RefusalCode.HEAD_CHANGE_REQUIRED: (
        "The head of a household changes only through `changeHouseholdHead`; "
        "an ended person cannot be the head: change the head first."
    ),
    RefusalCode.HOUSEHOLD_ENDED: (
        "The household has ended (its last member ended, or it was merged); it takes no change."
    ),
    RefusalCode.HOUSEHOLD_NOT_FOUND: ("No household within your regions has this id."),
    RefusalCode.HOUSEHOLD_NUMBER_TAKEN: ("Another household already has this number (户号)."),
    RefusalCode.ID_CARD_INVALID: (
        "The ID-card number is not a valid GB 11643 number (format, check character or birth date)."
    ),
    RefusalCode.ID_CARD_MISMATCH: (
        "The birth date or gender differs from the one the ID-card number embeds."
    ),
    RefusalCode.MEMBERS_INVALID: (
        "The members named do not fit: none, all of them, repeated, or too many for one household."
    ),
    RefusalCode.NOT_A_MEMBER: ("The person is not a current member of that household."),
    RefusalCode.PERSON_ENDED: (
        "The person's record has ended (died or moved away); it takes no change or new grant."
    ),
    RefusalCode.PERSON_EXISTS: ("A person with this ID-card number is already recorded."),
    RefusalCode.PHONE_INVALID: ("The phone is not an 11-digit mobile number."),
}
assert set(DESCRIPTIONS) == set(RefusalCode), "every code is described"


class Refusal(Exception):
    """A business rule refused the change; ``code`` and ``field`` are shown to the user."""

    def __init__(self, code: RefusalCode, field: str | None, message: str) -> None:
        super().__init__(message)
        self.code = RefusalCode(code)
        self.field = field
        self.message = message


class RecordedRefusal(Refusal):
    """A refusal that leaves a record behind (e.g. a conflict of interest): the mutation
    runner rolls the refused change back and writes ``records`` afterwards."""

    def __init__(
        self, code: RefusalCode, field: str | None, message: str, records: list[object]
    ) -> None:
        super().__init__(code, field, message)
        self.records = records


def forbidden(what: str) -> Refusal:
    """The one "not allowed" answer, e.g. ``forbidden("review this application")``."""
    return Refusal(RefusalCode.FORBIDDEN, None, f"You may not {what}.")
