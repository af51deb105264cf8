"""The GraphQL documents the chaos clients send, and how to read an acknowledgement."""

from __future__ import annotations

from typing import Any

import httpx

REDEEM = """mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) {
  receipt { number totalPoints } userErrors { code } } }"""
PROPOSE = """mutation($input: ProposePointsInput!) { proposePoints(input: $input) {
  application { id status } userErrors { code } } }"""
REVIEW = """mutation($input: ReviewPointsApplicationInput!) {
  reviewPointsApplication(input: $input) { application { id status } userErrors { code } } }"""
PUBLISH = """mutation($input: PublishPointsAnnouncementInput!) {
  publishPointsAnnouncement(input: $input) { announcement { id } userErrors { code } } }"""
BALANCE = "query($id: ID!) { pointsAccount(id: $id) { availablePoints pendingAwardPoints } }"
LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
  credentials { accessToken } userErrors { code } } }"""


def acknowledgement(response: httpx.Response, field: str) -> dict[str, Any] | None:
    """The field's payload if the server answered it; None when it did not (a 5xx, a masked
    internal error, a rate limit): the client must then retry under the same key."""
    if response.status_code != 200:
        return None
    data = response.json().get("data") or {}
    payload = data.get(field)
    return payload if isinstance(payload, dict) else None


def error_codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload.get("userErrors") or []]
