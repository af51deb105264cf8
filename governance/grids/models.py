"""Who is responsible for which grid, in which role, with which duties, and since when."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Identity, Index, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from kit.models import Base

DUTY_LENGTH_MAX = 32
OFFICIAL_NAME_LENGTH_MAX = 50
OFFICIAL_POST_LENGTH_MAX = 100


class GridRole(enum.StrEnum):
    TOWNSHIP_PARTY_SECRETARY = "TOWNSHIP_PARTY_SECRETARY"
    TOWNSHIP_HEAD = "TOWNSHIP_HEAD"
    POLITICAL_LEGAL_SECRETARY = "POLITICAL_LEGAL_SECRETARY"
    JUSTICE_OFFICE_HEAD = "JUSTICE_OFFICE_HEAD"
    VILLAGE_PARTY_SECRETARY = "VILLAGE_PARTY_SECRETARY"
    VILLAGER_GROUP_LEADER = "VILLAGER_GROUP_LEADER"
    VILLAGER_REPRESENTATIVE = "VILLAGER_REPRESENTATIVE"
    VOLUNTEER = "VOLUNTEER"


class VolunteerSource(enum.StrEnum):
    """Where the subdistrict's volunteer grid workers are drawn from."""

    VETERAN_PARTY_MEMBER = "VETERAN_PARTY_MEMBER"
    RETIRED_CADRE_OR_WORKER = "RETIRED_CADRE_OR_WORKER"
    UNEMPLOYED = "UNEMPLOYED"


class GridDuty(enum.StrEnum):
    INFORMATION_AND_PUBLICITY = "INFORMATION_AND_PUBLICITY"
    DISPUTE_MEDIATION = "DISPUTE_MEDIATION"
    SAFETY_HAZARDS = "SAFETY_HAZARDS"
    POPULATION_INFORMATION = "POPULATION_INFORMATION"
    EPIDEMIC_PREVENTION = "EPIDEMIC_PREVENTION"


def _duties_check() -> str:
    allowed = ", ".join(f"'{duty.value}'" for duty in GridDuty)
    return f"duties <@ ARRAY[{allowed}]::varchar[] AND cardinality(duties) > 0"


class GridAssignment(Base):
    __tablename__ = "grid_assignments"
    __table_args__ = (
        code_length_check((15,)),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
        # Pairs the service's rule: volunteers (and only they) say where they come from.
        CheckConstraint(
            "(role = 'VOLUNTEER') = (volunteer_source IS NOT NULL)",
            name="volunteer_source_iff_volunteer",
        ),
        CheckConstraint(_duties_check(), name="duties_known"),
        # Held by a person of the roster or by an official named in words, never both.
        CheckConstraint(
            "(person_id IS NULL) = (official_name IS NOT NULL)", name="person_or_official"
        ),
        CheckConstraint(
            "official_post IS NULL OR official_name IS NOT NULL", name="post_with_official"
        ),
        Index("ix_grid_assignments_person_id_id", "person_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("The grid's code")
    person_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT"), comment="Null: an official"
    )
    official_name: Mapped[str | None] = mapped_column(
        String(OFFICIAL_NAME_LENGTH_MAX),
        comment="A township official in charge (包联) not on the roster, by name",
    )
    official_post: Mapped[str | None] = mapped_column(
        String(OFFICIAL_POST_LENGTH_MAX), comment="The named official's post"
    )
    role: Mapped[GridRole] = mapped_column(enum_type(GridRole, "grid_role"))
    volunteer_source: Mapped[VolunteerSource | None] = mapped_column(
        enum_type(VolunteerSource, "volunteer_source")
    )
    duties: Mapped[list[str]] = mapped_column(
        ARRAY(String(DUTY_LENGTH_MAX)), comment="GridDuty values"
    )
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, comment="Last day; null while active")
    version: Mapped[int] = version_column()
