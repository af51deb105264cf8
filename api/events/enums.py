"""GraphQL enums of grid events, mirroring ``governance.events.models``."""

from __future__ import annotations

from enum import Enum

import strawberry

from governance.events.models import EventAction as ActionValue
from governance.events.models import EventCategory as CategoryValue
from governance.events.models import EventSource as SourceValue
from governance.events.models import EventStatus as StatusValue


@strawberry.enum(description="What kind of matter a grid event is.")
class GridEventCategory(Enum):
    DISPUTE = strawberry.enum_value(CategoryValue.DISPUTE, description="Dispute (矛盾纠纷).")
    SAFETY_HAZARD = strawberry.enum_value(
        CategoryValue.SAFETY_HAZARD, description="Safety hazard (安全隐患); urgent deadlines."
    )
    PUBLIC_SECURITY = strawberry.enum_value(
        CategoryValue.PUBLIC_SECURITY, description="Public security (治安); urgent deadlines."
    )
    SANITATION = strawberry.enum_value(
        CategoryValue.SANITATION, description="Environment and sanitation (环境卫生)."
    )
    LIVELIHOOD = strawberry.enum_value(
        CategoryValue.LIVELIHOOD, description="Livelihood request (民生诉求)."
    )
    EPIDEMIC = strawberry.enum_value(
        CategoryValue.EPIDEMIC, description="Epidemic prevention (疫情防控); urgent deadlines."
    )


@strawberry.enum(description="Where a grid event is in its workflow.")
class GridEventStatus(Enum):
    REPORTED = strawberry.enum_value(
        StatusValue.REPORTED, description="Reported (or escalated): awaiting acceptance."
    )
    ACCEPTED = strawberry.enum_value(StatusValue.ACCEPTED, description="Accepted (受理).")
    REJECTED = strawberry.enum_value(
        StatusValue.REJECTED, description="Not accepted (不予受理); final."
    )
    ASSIGNED = strawberry.enum_value(
        StatusValue.ASSIGNED, description="Assigned to a person or department (分派)."
    )
    HANDLING = strawberry.enum_value(StatusValue.HANDLING, description="Being handled (处置).")
    FEEDBACK_GIVEN = strawberry.enum_value(
        StatusValue.FEEDBACK_GIVEN, description="Handler reported the result (反馈)."
    )
    VERIFIED = strawberry.enum_value(
        StatusValue.VERIFIED, description="Result checked on site (核查)."
    )
    CLOSED = strawberry.enum_value(StatusValue.CLOSED, description="Closed (办结).")
    EVALUATED = strawberry.enum_value(
        StatusValue.EVALUATED, description="Rated by the reporter or staff (评价)."
    )


@strawberry.enum(description="Who reported a grid event (derived from the reporter's role).")
class GridEventSource(Enum):
    GRID_WORKER = strawberry.enum_value(SourceValue.GRID_WORKER, description="A grid worker.")
    RESIDENT = strawberry.enum_value(SourceValue.RESIDENT, description="A resident.")
    CENTER = strawberry.enum_value(
        SourceValue.CENTER, description="A governance center (village, township or county staff)."
    )


@strawberry.enum(description="A step of a grid event's timeline.")
class GridEventAction(Enum):
    REPORT = strawberry.enum_value(ActionValue.REPORT, description="Reported (上报).")
    ACCEPT = strawberry.enum_value(ActionValue.ACCEPT, description="Accepted (受理).")
    REJECT = strawberry.enum_value(ActionValue.REJECT, description="Not accepted.")
    ASSIGN = strawberry.enum_value(
        ActionValue.ASSIGN, description="Assigned (or reassigned) to a person or department."
    )
    START_HANDLING = strawberry.enum_value(
        ActionValue.START_HANDLING, description="Handling started."
    )
    GIVE_FEEDBACK = strawberry.enum_value(
        ActionValue.GIVE_FEEDBACK, description="Result reported; the deadline stops."
    )
    VERIFY = strawberry.enum_value(ActionValue.VERIFY, description="Result verified.")
    RETURN_FOR_REWORK = strawberry.enum_value(
        ActionValue.RETURN_FOR_REWORK, description="Verification failed: back to handling."
    )
    CLOSE = strawberry.enum_value(ActionValue.CLOSE, description="Closed.")
    EVALUATE = strawberry.enum_value(ActionValue.EVALUATE, description="Satisfaction rated.")
    REOPEN = strawberry.enum_value(
        ActionValue.REOPEN, description="Reopened after closing: accepted again, to reassign."
    )
    ESCALATE = strawberry.enum_value(
        ActionValue.ESCALATE, description="Escalated one level by hand (beyond this level's power)."
    )
    AUTO_ESCALATE = strawberry.enum_value(
        ActionValue.AUTO_ESCALATE, description="Escalated one level by the clock: deadline passed."
    )


@strawberry.enum(description="A step a person may ask for (not REPORT, nor the clock's).")
class GridEventStep(Enum):
    ACCEPT = strawberry.enum_value(ActionValue.ACCEPT, description="Accept (from REPORTED).")
    REJECT = strawberry.enum_value(ActionValue.REJECT, description="Reject (from REPORTED).")
    ASSIGN = strawberry.enum_value(
        ActionValue.ASSIGN,
        description="Assign (from ACCEPTED or ASSIGNED); needs a person or a department.",
    )
    START_HANDLING = strawberry.enum_value(
        ActionValue.START_HANDLING, description="Start handling (from ASSIGNED)."
    )
    GIVE_FEEDBACK = strawberry.enum_value(
        ActionValue.GIVE_FEEDBACK, description="Report the result (from HANDLING)."
    )
    VERIFY = strawberry.enum_value(
        ActionValue.VERIFY, description="Confirm the result (from FEEDBACK_GIVEN)."
    )
    RETURN_FOR_REWORK = strawberry.enum_value(
        ActionValue.RETURN_FOR_REWORK, description="Send back to handling (from FEEDBACK_GIVEN)."
    )
    CLOSE = strawberry.enum_value(ActionValue.CLOSE, description="Close (from VERIFIED).")
    EVALUATE = strawberry.enum_value(
        ActionValue.EVALUATE, description="Rate satisfaction 1–5 (from CLOSED)."
    )
    REOPEN = strawberry.enum_value(
        ActionValue.REOPEN, description="Reopen (from CLOSED or EVALUATED)."
    )
    ESCALATE = strawberry.enum_value(
        ActionValue.ESCALATE,
        description="Hand up one level (from an open status; not at the county).",
    )
