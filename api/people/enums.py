"""GraphQL enums of the people domain, mirroring ``governance.people.models``."""

from __future__ import annotations

from enum import Enum

import strawberry

from governance.people.models import EndReason as EndReasonValue
from governance.people.models import Gender as GenderValue
from governance.people.models import PersonTag as TagValue
from governance.people.models import RelationToHead as RelationValue


@strawberry.enum(description="Gender as recorded on the ID card.")
class Gender(Enum):
    MALE = strawberry.enum_value(GenderValue.MALE, description="Male (男).")
    FEMALE = strawberry.enum_value(GenderValue.FEMALE, description="Female (女).")


@strawberry.enum(description="How a member is related to the head of the household (户主).")
class RelationToHead(Enum):
    HEAD = strawberry.enum_value(RelationValue.HEAD, description="The head (户主).")
    SPOUSE = strawberry.enum_value(RelationValue.SPOUSE, description="Spouse (配偶).")
    CHILD = strawberry.enum_value(RelationValue.CHILD, description="Child (子女).")
    PARENT = strawberry.enum_value(RelationValue.PARENT, description="Parent (父母).")
    GRANDCHILD = strawberry.enum_value(RelationValue.GRANDCHILD, description="Grandchild (孙子女).")
    GRANDPARENT = strawberry.enum_value(
        RelationValue.GRANDPARENT, description="Grandparent (祖父母)."
    )
    SIBLING = strawberry.enum_value(RelationValue.SIBLING, description="Sibling (兄弟姐妹).")
    OTHER = strawberry.enum_value(RelationValue.OTHER, description="Other (其他).")


@strawberry.enum(
    description=(
        "Labels services are counted by. Several are personal or sensitive information "
        "(poverty, disability, minors): show them only where the purpose requires."
    )
)
class PersonTag(Enum):
    EMPTY_NEST_ELDER = strawberry.enum_value(
        TagValue.EMPTY_NEST_ELDER, description="Elder living without children nearby (空巢老人)."
    )
    LEFT_BEHIND_CHILD = strawberry.enum_value(
        TagValue.LEFT_BEHIND_CHILD, description="Child whose parents work away (留守儿童)."
    )
    LIFTED_OUT_OF_POVERTY = strawberry.enum_value(
        TagValue.LIFTED_OUT_OF_POVERTY, description="Household lifted out of poverty (脱贫户)."
    )
    MINIMUM_LIVING_ALLOWANCE = strawberry.enum_value(
        TagValue.MINIMUM_LIVING_ALLOWANCE, description="Receives the minimum allowance (低保户)."
    )
    DISABLED = strawberry.enum_value(
        TagValue.DISABLED, description="Person with a disability (残疾人)."
    )
    PARTY_MEMBER = strawberry.enum_value(TagValue.PARTY_MEMBER, description="Party member (党员).")
    VETERAN_PARTY_MEMBER = strawberry.enum_value(
        TagValue.VETERAN_PARTY_MEMBER, description="Veteran Party member (老党员)."
    )
    MILITARY_VETERAN = strawberry.enum_value(
        TagValue.MILITARY_VETERAN, description="Retired serviceman or woman (退役军人)."
    )
    RETIRED_CADRE_OR_WORKER = strawberry.enum_value(
        TagValue.RETIRED_CADRE_OR_WORKER, description="Retired cadre or worker (退休干部职工)."
    )
    UNEMPLOYED = strawberry.enum_value(TagValue.UNEMPLOYED, description="Unemployed (待业人员).")


@strawberry.enum(description="Why a person's or a household's record ended (it is kept).")
class EndReason(Enum):
    DIED = strawberry.enum_value(EndReasonValue.DIED, description="Died (死亡).")
    MOVED_AWAY = strawberry.enum_value(
        EndReasonValue.MOVED_AWAY, description="Moved away from the county (迁出)."
    )
    MERGED = strawberry.enum_value(
        EndReasonValue.MERGED, description="A household merged into another (合户)."
    )
    OTHER = strawberry.enum_value(EndReasonValue.OTHER, description="Another reason (see history).")
