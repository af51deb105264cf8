"""Strawberry's name converter, remembering its conversions.

Strawberry converts each argument's Python name to its GraphQL name on every call of a field
with arguments (``convert_arguments``), not only when the schema is built: a tree read calls
``children(first: …)`` once per parent, four paging arguments each. The names are few and
fixed, so each conversion is done once.
"""

from __future__ import annotations

from functools import lru_cache

from strawberry.schema.name_converter import NameConverter

# More than the schema's distinct Python names (a few hundred); a bound all the same.
NAMES_MAX = 4_096


class RememberingNameConverter(NameConverter):
    def __init__(self, auto_camel_case: bool = True) -> None:
        super().__init__(auto_camel_case)
        self._convert = lru_cache(maxsize=NAMES_MAX)(super().apply_naming_config)

    def apply_naming_config(self, name: str) -> str:
        return self._convert(name)
