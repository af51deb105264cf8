"""The notice board (公示) as the public sees it: an announcement's lines, names only as its
scheme's display policy allows (full, masked 王*明, or the household number), each holder's
notice code (``notice_codes``), and checking a code a villager types.

Announcements are public (``governance.access.visibility``): reading them here goes through
the one read rule with the viewer given. The lines name no more than the printed board does:
no evidence, no reviewer, no balance. Lines of any number of announcements cost a fixed number
of statements (GraphQL batches them per request).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.access.visibility import restrict
from governance.bank import queries
from governance.bank.models import (
    Announcement,
    Application,
    ApplicationStatus,
    Holder,
    Objection,
    Rule,
    RuleVersion,
    Scheme,
)
from governance.bank.notice_codes import CodedEntry, holder_code, parse
from governance.regions import repository as regions_repository
from governance.regions.models import Region

# One statement reads this many announcements' lines at most (a GraphQL page is ≤ 100).
NOTICE_ANNOUNCEMENTS_MAX = 100


@dataclass(frozen=True, slots=True)
class NoticeLine:
    """One entry as the notice board shows it."""

    application_id: int
    holder_id: int
    display_name: str  # as the scheme's display policy allows
    household_number: str
    rule_code: str
    rule_title: str
    points: int  # signed, as moved: a deduction stops at the balance
    status: ApplicationStatus  # as it stands now
    objected: bool  # an objection was lodged
    code: str  # the holder's notice code for this announcement


@dataclass(frozen=True, slots=True)
class Notice:
    """One announcement as printed: where, when, under which scheme, the chain head, the lines."""

    announcement: Announcement
    scheme: Scheme
    village: Region
    chain_head: ledger.ChainHead
    lines: list[NoticeLine]


async def visible_announcement(
    session: AsyncSession, viewer: Viewer, announcement_id: int
) -> Announcement | None:
    statement = select(Announcement).where(Announcement.id == announcement_id)
    return (await session.execute(restrict(statement, Announcement, viewer))).scalar_one_or_none()


async def notice(session: AsyncSession, viewer: Viewer, announcement_id: int) -> Notice | None:
    """The whole printed notice, if ``viewer`` may read the announcement."""
    announcement = await visible_announcement(session, viewer, announcement_id)
    if announcement is None:
        return None
    scheme = await session.get(Scheme, announcement.scheme_id)
    assert scheme is not None
    [village] = await regions_repository.by_codes(session, [announcement.region_code])
    head = await ledger.chain_head(session)
    lines = (await notice_lines(session, [announcement.id]))[announcement.id]
    return Notice(announcement, scheme, village, head, lines)


async def notice_lines(
    session: AsyncSession, announcement_ids: Sequence[int]
) -> dict[int, list[NoticeLine]]:
    """The lines of each announcement (readable by the caller: check first), in entry order."""
    ids = sorted(set(announcement_ids))
    assert len(ids) <= NOTICE_ANNOUNCEMENTS_MAX, len(ids)
    found: dict[int, list[NoticeLine]] = {announcement_id: [] for announcement_id in ids}
    if not ids:
        return found
    statement = (
        select(Application, Holder, Rule.code, RuleVersion.title, Scheme.name_display)
        .join(Holder, Holder.id == Application.holder_id)
        .join(Rule, Rule.id == Application.rule_id)
        # The title the entry was proposed under: a later version of the rule rewrites nothing.
        .join(RuleVersion, RuleVersion.id == Application.rule_version_id)
        .join(Scheme, Scheme.id == Application.scheme_id)
        .where(Application.announcement_id.in_(ids))
        .order_by(Application.announcement_id, Application.id)
    )
    rows = (await session.execute(statement)).all()
    if not rows:
        return found
    names = await queries.holder_names(session, list({row[1].id: row[1] for row in rows}.values()))
    objected = await _objected(session, [row[0].id for row in rows])
    digests = await ledger.transfer_digests(
        session, [row[0].transfer_id for row in rows if row[0].transfer_id is not None]
    )
    codes = _codes([row[0] for row in rows], digests)
    for application, holder, rule_code, rule_title, name_display in rows:
        name, household_number = names.get(holder.id, ("", ""))
        assert application.announcement_id is not None
        found[application.announcement_id].append(
            NoticeLine(
                application.id, holder.id,
                queries.display_name(name_display, name, household_number), household_number,
                rule_code, rule_title, _signed_points(application), application.status,
                application.id in objected, codes[application.announcement_id, holder.id],
            )
        )  # fmt: skip
    return found


async def _objected(session: AsyncSession, application_ids: list[int]) -> set[int]:
    statement = select(Objection.application_id).where(
        Objection.application_id.in_(application_ids)
    )
    return set((await session.execute(statement)).scalars())


def _signed_points(application: Application) -> int:
    moved = application.points_applied or 0
    return moved if application.points > 0 else -moved


def _codes(
    applications: Sequence[Application], digests: dict[Any, bytes]
) -> dict[tuple[int, int], str]:
    """Per (announcement, holder), the notice code of the holder's entries."""
    entries: dict[tuple[int, int], list[CodedEntry]] = defaultdict(list)
    for application in applications:
        assert application.announcement_id is not None
        digest = None
        if application.transfer_id is not None:
            # A transfer missing from the ledger hashes as empty: its code matches nothing.
            digest = digests.get(application.transfer_id, b"")
        entries[application.announcement_id, application.holder_id].append(
            CodedEntry(
                application.id, application.rule_id, application.points,
                application.points_applied, digest,
            )
        )  # fmt: skip
    return {
        key: holder_code(key[0], key[1], holder_entries) for key, holder_entries in entries.items()
    }


@dataclass(frozen=True, slots=True)
class Verification:
    """What checking a typed code found: the holder's lines when it matches, else none."""

    code: str | None  # the code as understood (normalised), None if the text is no code
    notice: Notice | None  # the announcement the code names, if it exists and is readable
    lines: list[NoticeLine]  # the entries the code covers; empty: the code is not valid

    @property
    def valid(self) -> bool:
        return bool(self.lines)


async def verify(session: AsyncSession, viewer: Viewer, text: str) -> Verification:
    """Check a notice code: valid when the announcement it names has a holder whose entries,
    as recorded now, yield exactly this code."""
    parsed = parse(text)
    if parsed is None:
        return Verification(None, None, [])
    announcement_id, code = parsed
    found = await notice(session, viewer, announcement_id)
    if found is None:
        return Verification(code, None, [])
    return Verification(code, found, [line for line in found.lines if line.code == code])
