"""Goal: internal errors reach the client as a stable code and request id, never as SQL or a trace.

Method: serve the real app against a database that does not exist, so every resolver that reads
fails inside asyncpg; check the response and that the original error was logged.
"""

from __future__ import annotations

import logging

import pytest

from api.extensions.masking import INTERNAL_ERROR_CODE
from kit.database import with_database
from kit.settings import Settings
from tests.support.graphql import graphql_client


async def test_internal_errors_are_masked(pg_url: str, caplog: pytest.LogCaptureFixture) -> None:
    async with graphql_client(Settings(), with_database(pg_url, "no_such_database")) as client:
        with caplog.at_level(logging.ERROR, logger="grassroots.errors"):
            response = await client.post(
                '{ regionByCode(code: "130826") { code } }', None, **{"x-request-id": "req-42"}
            )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"regionByCode": None}
    error = body["errors"][0]
    assert error["extensions"] == {"code": INTERNAL_ERROR_CODE, "requestId": "req-42"}
    assert "no_such_database" not in response.text
    assert "Traceback" not in response.text
    assert any("req-42" in record.getMessage() for record in caplog.records)
