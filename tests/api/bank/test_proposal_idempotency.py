"""Goal: a proposal carrying a client key is idempotent per proposer: the same key with the same
fields answers the same application (once stored, even after review), with other fields it is
refused as ``IDEMPOTENCY_KEY_REUSED``; another proposer may use the same key; a key is 1–64
characters.

Method: the real ASGI app over the demo; ``proposePoints`` sent twice (and concurrently) under
one key by demo admins; rows counted with SQL.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bank.conftest import As
from tests.api.bank.test_end_to_end import PROPOSE
from tests.api.bank.test_review_and_scope import _approve, _codes, _rules, household


def _proposal(rule_id: str, household_id: int, key: str, note: str = "扫雪") -> dict[str, object]:
    return {"input": {"ruleId": rule_id, "householdId": household(household_id),
                      "eventOn": "2026-11-20", "evidenceNote": note, "idempotencyKey": key}}  # fmt: skip


async def _keyed_rows(db: AsyncSession, key: str) -> int:
    statement = text("SELECT count(*) FROM bank_applications WHERE idempotency_key = :key")
    return int((await db.execute(statement, {"key": key})).scalar_one())


async def test_same_key_same_fields_answers_the_same_application(
    users: As, db: AsyncSession
) -> None:
    _scheme, [rule_id] = await _rules(users, 10)
    first = await users.data("huashi.admin", PROPOSE, _proposal(rule_id, 1, "k-1"))
    application = first["proposePoints"]["application"]
    await _approve(users, application["id"], "xinfenglu.admin")
    again = await users.data("huashi.admin", PROPOSE, _proposal(rule_id, 1, "k-1"))
    assert again["proposePoints"]["userErrors"] == []
    assert again["proposePoints"]["application"]["id"] == application["id"]
    assert again["proposePoints"]["application"]["status"] == "APPROVED"
    assert await _keyed_rows(db, "k-1") == 1


async def test_same_key_other_fields_is_refused(users: As, db: AsyncSession) -> None:
    _scheme, [rule_id] = await _rules(users, 10)
    await users.data("huashi.admin", PROPOSE, _proposal(rule_id, 1, "k-2"))
    other_note = await users.data("huashi.admin", PROPOSE, _proposal(rule_id, 1, "k-2", "修路"))
    other_household = await users.data("huashi.admin", PROPOSE, _proposal(rule_id, 2, "k-2"))
    assert _codes(other_note["proposePoints"]) == ["IDEMPOTENCY_KEY_REUSED"]
    assert _codes(other_household["proposePoints"]) == ["IDEMPOTENCY_KEY_REUSED"]
    assert await _keyed_rows(db, "k-2") == 1


async def test_keys_are_scoped_to_the_proposer(users: As, db: AsyncSession) -> None:
    _scheme, [rule_id] = await _rules(users, 10)
    mine = await users.data("huashi.admin", PROPOSE, _proposal(rule_id, 1, "k-3"))
    theirs = await users.data("xinfenglu.admin", PROPOSE, _proposal(rule_id, 1, "k-3"))
    assert mine["proposePoints"]["userErrors"] == theirs["proposePoints"]["userErrors"] == []
    assert await _keyed_rows(db, "k-3") == 2


async def test_concurrent_retries_write_one_row(users: As, db: AsyncSession) -> None:
    _scheme, [rule_id] = await _rules(users, 10)
    # Opening the household's account first: concurrent first proposals for a new holder race
    # on opening it (a known limit, outside keys).
    await users.data("huashi.admin", PROPOSE, _proposal(rule_id, 1, "k-opens"))
    answers = await asyncio.gather(
        *(users.data("huashi.admin", PROPOSE, _proposal(rule_id, 1, "k-4")) for _ in range(4))
    )
    ids = {answer["proposePoints"]["application"]["id"] for answer in answers}
    assert len(ids) == 1
    assert await _keyed_rows(db, "k-4") == 1


@pytest.mark.parametrize("key", ["", "x" * 65])
async def test_key_length_is_limited(users: As, key: str) -> None:
    _scheme, [rule_id] = await _rules(users, 10)
    answer = await users.data("huashi.admin", PROPOSE, _proposal(rule_id, 1, key))
    assert _codes(answer["proposePoints"]) == ["IDEMPOTENCY_KEY_INVALID"]
