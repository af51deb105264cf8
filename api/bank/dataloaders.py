"""Batch loading of schemes and rules (public catalog data), of points accounts (scoped,
entries past their deadline read as settled, nothing written): a page of applications or
`nodes(ids:)` reads every account in one query; and of announcements' notice lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.principal import Viewer
from governance.bank import balances, catalog, notice
from governance.bank.models import Rule, RuleVersion, Scheme
from kit.clock import Clock


def _no_conditions(_child_filter: Any) -> list[Any]:
    return []


class BankLoaders:
    def __init__(self, read: Reader, viewer: Viewer, clock: Clock) -> None:
        self.schemes = ByValues(read, Scheme.id, viewer)
        self.rules = ByValues(read, Rule.id, viewer)
        self.rule_version_by_id = ByValues(read, RuleVersion.id, viewer)
        self.rule_versions: DataLoader[int, list[RuleVersion]] = DataLoader(
            self._load_rule_versions
        )
        self.rules_of = PartitionedPages(read, Rule, Rule.scheme_id, _no_conditions, viewer=viewer)
        self._read = read
        self._viewer = viewer
        self._clock = clock
        self.accounts: DataLoader[int, balances.HolderBalance | None] = DataLoader(
            self._load_accounts
        )
        self.notice_lines: DataLoader[int, list[notice.NoticeLine]] = DataLoader(
            self._load_notice_lines, max_batch_size=notice.NOTICE_ANNOUNCEMENTS_MAX
        )

    async def _load_rule_versions(self, rule_ids: Sequence[int]) -> list[list[RuleVersion]]:
        ids = list(rule_ids)
        found = await self._read(lambda session: catalog.versions_of_rules(session, ids))
        return [found.get(rule_id, []) for rule_id in ids]

    async def _load_accounts(
        self, holder_ids: Sequence[int]
    ) -> list[balances.HolderBalance | None]:
        ids, viewer, now = list(holder_ids), self._viewer, self._clock.now()

        async def query(session: AsyncSession) -> dict[int, balances.HolderBalance]:
            return await balances.holder_balances(session, viewer, ids, now)

        found = await self._read(query)
        return [found.get(holder_id) for holder_id in ids]

    async def _load_notice_lines(
        self, announcement_ids: Sequence[int]
    ) -> list[list[notice.NoticeLine]]:
        """The public lines of announcements the viewer already holds (announcements are
        public notice): a page of announcements costs what one does."""
        ids = list(announcement_ids)
        found = await self._read(lambda session: notice.notice_lines(session, ids))
        return [found[announcement_id] for announcement_id in ids]
