"""Refusing list arguments longer than their documented limit, before any resolver runs."""

from __future__ import annotations

from typing import Any

from strawberry.extensions.field_extension import (
    AsyncExtensionResolver,
    FieldExtension,
    SyncExtensionResolver,
)

from api.errors import BadUserInput


class ListArgumentLimit(FieldExtension):
    """``argument`` may hold at most ``length_max`` items (else BAD_USER_INPUT)."""

    def __init__(self, argument: str, length_max: int) -> None:
        self.argument = argument
        self.length_max = length_max

    def _check(self, arguments: dict[str, Any]) -> None:
        values = arguments.get(self.argument) or []
        if len(values) > self.length_max:
            raise BadUserInput(
                f"`{self.argument}` takes at most {self.length_max} items.",
                argument=self.argument,
                limit=self.length_max,
            )

    def resolve(self, next_: SyncExtensionResolver, source: Any, info: Any, **kwargs: Any) -> Any:
        self._check(kwargs)
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Any, **kwargs: Any
    ) -> Any:
        self._check(kwargs)
        return await next_(source, info, **kwargs)
