"""Goal: a client over its token bucket gets 429 with `Retry-After`, buckets are per user (or
per address when anonymous), and buckets refill with time.

Method: the limiter alone with a fake clock; then the app with a bucket of 3 requests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from api.auth.rate_limit import RateLimiter
from tests.support.auth import VIEWER, auth_settings, bearer, credentials
from tests.support.graphql import GraphQLClient, graphql_client


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self) -> float:
        return self.seconds


def test_bucket_allows_a_burst_then_refills() -> None:
    clock = FakeClock()
    limiter = RateLimiter(burst=3, refill_per_second=0.5, keys_max=10, clock=clock)
    assert [limiter.acquire("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.acquire("a") == 2  # one token takes 2 s at 0.5 per second
    assert limiter.acquire("b") == 0  # another key has its own bucket
    clock.seconds = 2.0
    assert limiter.acquire("a") == 0
    assert limiter.acquire("a") == 2


def test_forgotten_keys_start_full() -> None:
    limiter = RateLimiter(burst=1, refill_per_second=0.001, keys_max=2, clock=FakeClock())
    assert limiter.acquire("a") == 0
    assert limiter.acquire("a") > 0
    limiter.acquire("b")
    limiter.acquire("c")  # evicts "a", the least recently seen
    assert limiter.acquire("a") == 0


@pytest.fixture
async def limited_client(users_database_url: str) -> AsyncIterator[GraphQLClient]:
    settings = auth_settings(rate_limit_burst_requests=3, rate_limit_refill_per_second=0.01)
    async with graphql_client(settings, users_database_url) as client:
        yield client


async def test_over_the_limit_is_429_with_retry_after(limited_client: GraphQLClient) -> None:
    creds = await credentials(limited_client, "county.admin")  # anonymous request 1
    for _ in range(2):  # anonymous requests 2 and 3
        assert (await limited_client.post(VIEWER)).status_code == 200
    response = await limited_client.post(VIEWER)
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) >= 1
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "data" not in body
    # The signed-in user has a bucket of their own.
    signed_in = await limited_client.post(VIEWER, **bearer(creds["accessToken"]))
    assert signed_in.status_code == 200


async def test_invalid_bearer_tokens_draw_from_the_address_bucket(
    limited_client: GraphQLClient,
) -> None:
    """Issue 15, F8: requests with a made-up token were answered 401 without limit, so tokens
    could be guessed at full speed; they now count against the address like anonymous ones."""
    for _ in range(3):
        assert (await limited_client.post(VIEWER, **bearer("guess"))).status_code == 401
    response = await limited_client.post(VIEWER, **bearer("guess"))
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert (await limited_client.post(VIEWER)).status_code == 429  # the same address
    download = "/exports/announcements/1.csv"
    refused = await limited_client.http.get(download, headers=bearer("guess"))
    assert refused.status_code == 429  # downloads draw from the same bucket
