"""GraphQL enums of the morality bank, mirroring ``governance.bank.models``."""

from __future__ import annotations

from enum import Enum

import strawberry

from governance.bank import models as m


@strawberry.enum(description="Who a scheme credits.")
class HolderKind(Enum):
    HOUSEHOLD = strawberry.enum_value(
        m.HolderKind.HOUSEHOLD, description="The household (一户一档, the common practice)."
    )
    PERSON = strawberry.enum_value(m.HolderKind.PERSON, description="Each person.")


@strawberry.enum(description="What public lists (红榜, announcements) show of a holder's name.")
class NameDisplay(Enum):
    FULL = strawberry.enum_value(m.NameDisplay.FULL, description="The full name.")
    MASKED = strawberry.enum_value(
        m.NameDisplay.MASKED, description="Surname and last character: 王*明."
    )
    NONE = strawberry.enum_value(m.NameDisplay.NONE, description="No name: household number only.")


@strawberry.enum(description="Category of a rule (积分细则).")
class RuleCategory(Enum):
    FILIAL_PIETY = strawberry.enum_value(m.RuleCategory.FILIAL_PIETY, description="孝老爱亲.")
    SANITATION = strawberry.enum_value(m.RuleCategory.SANITATION, description="环境卫生.")
    VOLUNTEER_SERVICE = strawberry.enum_value(
        m.RuleCategory.VOLUNTEER_SERVICE, description="志愿服务."
    )
    NEIGHBOURLY_HELP = strawberry.enum_value(
        m.RuleCategory.NEIGHBOURLY_HELP, description="邻里互助."
    )
    REFORMED_CUSTOMS = strawberry.enum_value(
        m.RuleCategory.REFORMED_CUSTOMS, description="移风易俗."
    )
    LAW_ABIDING = strawberry.enum_value(m.RuleCategory.LAW_ABIDING, description="遵纪守法.")
    OTHER = strawberry.enum_value(m.RuleCategory.OTHER, description="Anything else.")


@strawberry.enum(description="The period a rule's cap counts over (calendar periods).")
class CapPeriod(Enum):
    MONTH = strawberry.enum_value(m.CapPeriod.MONTH, description="A calendar month.")
    QUARTER = strawberry.enum_value(m.CapPeriod.QUARTER, description="A calendar quarter.")
    YEAR = strawberry.enum_value(m.CapPeriod.YEAR, description="A calendar year.")


@strawberry.enum(description="Where an award or deduction stands.")
class ApplicationStatus(Enum):
    PROPOSED = strawberry.enum_value(m.ApplicationStatus.PROPOSED, description="Awaits review.")
    REJECTED = strawberry.enum_value(
        m.ApplicationStatus.REJECTED, description="Refused by the reviewer, with a reason."
    )
    APPROVED = strawberry.enum_value(
        m.ApplicationStatus.APPROVED, description="Awaits the next announcement."
    )
    ANNOUNCED = strawberry.enum_value(
        m.ApplicationStatus.ANNOUNCED,
        description="On the notice board (公示): the points are pending in the ledger, until "
        "the deadline or, when an objection is still undecided then, until its decision.",
    )
    POSTED = strawberry.enum_value(
        m.ApplicationStatus.POSTED, description="The deadline passed: the points posted."
    )
    VOIDED = strawberry.enum_value(
        m.ApplicationStatus.VOIDED,
        description="An objection was upheld, or still undecided at the deadline.",
    )


@strawberry.enum(description="Whether an announcement still takes objections.")
class AnnouncementStatus(Enum):
    OPEN = strawberry.enum_value(m.AnnouncementStatus.OPEN, description="Before the deadline.")
    SETTLED = strawberry.enum_value(
        m.AnnouncementStatus.SETTLED, description="Its entries posted or voided."
    )


@strawberry.enum(description="Where an objection stands.")
class ObjectionStatus(Enum):
    LODGED = strawberry.enum_value(m.ObjectionStatus.LODGED, description="Awaits a decision.")
    UPHELD = strawberry.enum_value(
        m.ObjectionStatus.UPHELD, description="Upheld: the entry was voided."
    )
    REJECTED = strawberry.enum_value(
        m.ObjectionStatus.REJECTED, description="Rejected: the entry posts at the deadline."
    )


@strawberry.enum(description="What a statement entry was for.")
class StatementReason(Enum):
    AWARD = strawberry.enum_value("AWARD", description="Points awarded for a deed.")
    DEDUCTION = strawberry.enum_value("DEDUCTION", description="Points deducted under a rule.")
    VOLUNTEER_POINTS = strawberry.enum_value(
        "VOLUNTEER_POINTS", description="Points for confirmed volunteer service."
    )
    REDEMPTION = strawberry.enum_value("REDEMPTION", description="Goods taken at a supermarket.")
    RETURN = strawberry.enum_value("RETURN", description="Goods brought back: points refunded.")
    CLEARING = strawberry.enum_value(
        "CLEARING", description="Periodic clearing: unspent points expired."
    )
    OTHER = strawberry.enum_value("OTHER", description="Any other movement.")


@strawberry.enum(description="The ledger state of a statement entry.")
class EntryState(Enum):
    PENDING = strawberry.enum_value("PENDING", description="Reserved while announced (公示).")
    POSTED = strawberry.enum_value("POSTED", description="Moved for good.")
    RELEASED = strawberry.enum_value(
        "RELEASED", description="A reservation voided or expired: nothing moved."
    )
