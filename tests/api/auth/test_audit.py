"""Goal: every mutation leaves an append-only audit row (actor, operation, targets, outcome,
request id), failed mutations leave nothing else behind, and the database refuses to change or
delete audit rows.

Method: mutations over GraphQL, then the rows read with SQL; UPDATE/DELETE/TRUNCATE attempted
directly; the schema's Mutation fields inspected for the audit extension.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.audit import Audited
from api.schema import schema
from governance.access.models import AuditEntry, Outcome
from kit.database import create_engine, create_session_factory
from kit.settings import Settings
from tests.support.auth import LOGIN, LOGOUT, VIEWER, bearer, credentials, login
from tests.support.graphql import GraphQLClient

# The package re-exports the resolver under the module's name; patch the module itself.
login_mutation = importlib.import_module("api.auth.mutations.login")


@pytest.fixture
async def db(users_database_url: str, settings: Settings) -> AsyncIterator[AsyncSession]:
    engine = create_engine(users_database_url, settings)
    async with create_session_factory(engine)() as session:
        yield session
    await engine.dispose()


async def audit_rows(db: AsyncSession) -> list[AuditEntry]:
    result = await db.execute(select(AuditEntry).order_by(AuditEntry.id))
    rows = list(result.scalars())
    db.expunge_all()  # keep the loaded values; rollback would expire them
    await db.rollback()
    return rows


def test_every_mutation_field_is_audited() -> None:
    mutation = schema.schema_converter.type_map["Mutation"].definition
    for field in mutation.fields:
        assert any(isinstance(e, Audited) for e in field.extensions), field.name


async def test_successful_and_refused_mutations_are_recorded(
    auth_client: GraphQLClient, db: AsyncSession
) -> None:
    creds = await credentials(auth_client, "county.admin")
    await login(auth_client, "county.admin", "wrong-password")
    response = await auth_client.post(
        "mutation SignOut($t: String!) { first: logout(input: {refreshToken: $t}) { ended } }",
        {"t": creds["refreshToken"]},
        **bearer(creds["accessToken"]),
        **{"x-request-id": "req-audit-1"},
    )
    assert response.status_code == 200
    ok_login, refused_login, logout = await audit_rows(db)
    assert (ok_login.operation, ok_login.outcome, ok_login.actor_user_id) == (
        "login",
        Outcome.OK,
        None,
    )
    assert ok_login.operation_name == "Login"
    assert ok_login.target_ids[0].startswith("user:")
    assert ok_login.target_ids[1].startswith("session:")
    assert (refused_login.outcome, refused_login.target_ids) == (Outcome.REJECTED, [])
    # The outcome is known even though the client did not select userErrors.
    assert logout.operation == "logout"
    assert logout.operation_name == "SignOut"
    assert logout.outcome is Outcome.OK
    assert logout.actor_user_id == int(ok_login.target_ids[0].removeprefix("user:"))
    assert logout.request_id == "req-audit-1"
    assert logout.target_ids == [ok_login.target_ids[1]]
    assert logout.client_address


async def test_failed_mutation_is_rolled_back_but_recorded(
    auth_client: GraphQLClient, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two mutations in one request and the second fails internally: the first one's logout
    is undone, both are recorded as errors, and the client sees only a masked error."""
    creds = await credentials(auth_client, "huashi.admin")

    async def broken_sign_in(*args: object, **kwargs: object) -> None:
        raise RuntimeError("SELECT secret FROM somewhere")

    monkeypatch.setattr(login_mutation, "sign_in", broken_sign_in)
    document = """mutation($t: String!) {
      a: logout(input: {refreshToken: $t}) { ended }
      b: login(input: {username: "x", password: "y"}) { userErrors { code } }
    }"""
    response = await auth_client.post(document, {"t": creds["refreshToken"]})
    body = response.json()
    assert body["data"] is None  # payloads are non-null: the error reaches the root
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "SELECT" not in response.text
    assert [(row.operation, row.outcome) for row in (await audit_rows(db))[-2:]] == [
        ("logout", Outcome.ERROR),
        ("login", Outcome.ERROR),
    ]
    # The logout was rolled back: the session still works.
    viewer = await auth_client.post(VIEWER, **bearer(creds["accessToken"]))
    assert viewer.status_code == 200


async def test_nul_in_username_is_refused_before_execution(
    auth_client: GraphQLClient, db: AsyncSession
) -> None:
    """Control characters are refused at one boundary, for every argument (issue 15, F5)."""
    variables = {"username": "county\x00admin", "password": "whatever-password"}
    response = await auth_client.post(LOGIN, variables)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await audit_rows(db) == []


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET outcome = 'OK'", "DELETE FROM audit_log", "TRUNCATE audit_log"],
)
async def test_audit_log_is_append_only(
    auth_client: GraphQLClient, db: AsyncSession, statement: str
) -> None:
    await login(auth_client, "county.admin", "wrong-password")
    with pytest.raises(DBAPIError, match="append-only"):
        await db.execute(text(statement))
    await db.rollback()
    assert len(await audit_rows(db)) == 1


async def test_logout_of_unknown_token_is_rejected_in_the_log(
    auth_client: GraphQLClient, db: AsyncSession
) -> None:
    await auth_client.data(LOGOUT, {"token": "nope"})
    (row,) = await audit_rows(db)
    assert (row.operation, row.outcome) == ("logout", Outcome.REJECTED)
