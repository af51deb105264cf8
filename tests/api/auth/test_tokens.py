"""Goal: only untampered, unexpired access tokens of live sessions get through; anything else
is a 401 with a GraphQL-style JSON body and a `WWW-Authenticate: Bearer` challenge.

Method: tokens issued by the app's own codec with shifted clocks, altered bytes, other keys and
algorithms, sent over HTTP; the body must never carry data.
"""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from api.auth.tokens import ALGORITHM, ISSUER, LEEWAY_SECONDS, AccessTokens, InvalidAccessToken
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from tests.support.auth import TEST_JWT_SECRET, VIEWER, bearer, credentials
from tests.support.graphql import GraphQLClient

CODEC = AccessTokens(TEST_JWT_SECRET.encode(), timedelta(minutes=15))


def assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer ")
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def viewer_request(client: GraphQLClient, authorization: str) -> httpx.Response:
    return await client.post(VIEWER, authorization=authorization)


async def live_viewer(client: GraphQLClient) -> Viewer:
    """The viewer inside a real session's access token (so only the alteration is wrong)."""
    token = (await credentials(client, "county.admin"))["accessToken"]
    return CODEC.read(token)


async def test_expired_token_is_refused(auth_client: GraphQLClient) -> None:
    viewer = await live_viewer(auth_client)
    expired = CODEC.issue(viewer, datetime.now(UTC) - timedelta(minutes=16)).token
    assert_unauthenticated(await viewer_request(auth_client, f"Bearer {expired}"))


async def test_fresh_token_of_the_same_session_is_accepted(auth_client: GraphQLClient) -> None:
    viewer = await live_viewer(auth_client)
    fresh = CODEC.issue(viewer, datetime.now(UTC)).token
    response = await viewer_request(auth_client, f"Bearer {fresh}")
    assert response.json()["data"]["viewer"]["authenticated"] is True


def _tamper_payload(token: str) -> str:
    """Raise the grant to the whole county without re-signing."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["grants"] = [{"role": "COUNTY_ADMIN", "region": "130826"}]
    encoded = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{encoded}.{signature}"


async def test_tampered_tokens_are_refused(auth_client: GraphQLClient) -> None:
    token = (await credentials(auth_client, "huashi.admin"))["accessToken"]
    viewer = CODEC.read(token)
    claims = {
        "iss": ISSUER,
        "sub": str(viewer.user_id),
        "sid": viewer.session_id,
        "jti": "x",
        "iat": int(datetime.now(UTC).timestamp()),
        "exp": int((datetime.now(UTC) + timedelta(minutes=5)).timestamp()),
        "grants": [{"role": "COUNTY_ADMIN", "region": "130826"}],
    }
    forgeries = [
        _tamper_payload(token),
        token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),
        jwt.encode(claims, "another-secret-of-sufficient-length-000000", algorithm=ALGORITHM),
        jwt.encode(claims, None, algorithm="none"),
        jwt.encode({**claims, "iss": "someone-else"}, TEST_JWT_SECRET, algorithm=ALGORITHM),
        jwt.encode({k: v for k, v in claims.items() if k != "exp"}, TEST_JWT_SECRET),
        "not.a.token",
        "x" * 5000,
    ]
    for forged in forgeries:
        assert_unauthenticated(await viewer_request(auth_client, f"Bearer {forged}"))


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "Token x"])
async def test_malformed_authorization_headers_are_refused(
    auth_client: GraphQLClient, authorization: str
) -> None:
    assert_unauthenticated(await viewer_request(auth_client, authorization))


async def test_token_for_a_session_that_never_existed_is_refused(
    auth_client: GraphQLClient,
) -> None:
    """Correctly signed (say, the key leaked) but naming no live session: still refused."""
    ghost = Viewer(user_id=1, session_id=999_999, grants=(Grant(Role.COUNTY_ADMIN, "130826"),))
    token = CODEC.issue(ghost, datetime.now(UTC)).token
    assert_unauthenticated(await viewer_request(auth_client, f"Bearer {token}"))


async def test_mutations_with_a_bad_token_do_not_run(auth_client: GraphQLClient) -> None:
    response = await auth_client.post(
        'mutation { logout(input: {refreshToken: "x"}) { ended } }', **bearer("garbage")
    )
    assert_unauthenticated(response)


def test_a_verified_token_is_remembered_until_it_expires() -> None:
    """Checked tokens are cached per process; the cache never outlives a token's expiry."""
    codec = AccessTokens(TEST_JWT_SECRET.encode(), timedelta(seconds=2))
    viewer = Viewer(7, 11, (Grant(Role.RESIDENT, None, None, 1, 1),))
    # Issued so that it expires, leeway included, 1–2 s from now (claims are whole seconds).
    issued_at = datetime.now(UTC) - timedelta(seconds=LEEWAY_SECONDS)
    token = codec.issue(viewer, issued_at).token
    assert codec.read(token) == viewer
    assert codec.read(token) == viewer  # from the cache
    time.sleep(2.2)
    with pytest.raises(InvalidAccessToken):
        codec.read(token)


def test_a_tampered_copy_of_a_cached_token_is_still_refused() -> None:
    codec = AccessTokens(TEST_JWT_SECRET.encode(), timedelta(minutes=15))
    token = codec.issue(Viewer(7, 11, ()), datetime.now(UTC)).token
    codec.read(token)
    header, payload, signature = token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged["sub"] = "8"
    body = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidAccessToken):
        codec.read(f"{header}.{body}.{signature}")


@pytest.mark.parametrize("claim", ["sub", "sid", "household"])
async def test_correctly_signed_token_with_an_integer_beyond_64_bits_is_refused(
    auth_client: GraphQLClient, claim: str
) -> None:
    """Goal: an integer claim no bigint can hold answers 401, not 500 (issue 15, F9).
    Method: sign, with the real secret, a live session's claims with one integer enlarged."""
    viewer = await live_viewer(auth_client)
    now = datetime.now(UTC)
    grant = {"role": "RESIDENT", "person": 1, "household": 1}
    claims = {
        "iss": ISSUER,
        "sub": str(viewer.user_id),
        "sid": viewer.session_id,
        "jti": "x",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "grants": [grant],
    }
    huge = 2**64 + 1
    if claim == "household":
        grant["household"] = huge
    else:
        claims[claim] = str(huge) if claim == "sub" else huge
    token = jwt.encode(claims, TEST_JWT_SECRET, algorithm=ALGORITHM)
    assert_unauthenticated(await viewer_request(auth_client, f"Bearer {token}"))
