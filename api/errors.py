"""Errors a client may see. Anything else is masked (see ``api.extensions.masking``)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class PublicError(GraphQLError):
    """A request-level error whose message is safe and useful to show the client."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadUserInput(PublicError):
    """An argument is outside its documented limits (page size, list length…)."""

    code = "BAD_USER_INPUT"
