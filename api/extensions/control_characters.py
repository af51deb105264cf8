"""Control characters and lone surrogates in string arguments, found before execution.

PostgreSQL text cannot hold NUL, the driver cannot encode a lone surrogate, and no name, code,
note or key of this domain needs a control character: tab, line feed and carriage return are
the only ones allowed. Literal arguments are read from the parsed document (the lexer already
refuses raw control characters, not escaped ones) and variables from their decoded JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, StringValueNode, Visitor, visit

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def first_forbidden(text: str) -> str | None:
    """The first forbidden character of ``text``, written ``U+XXXX``, or None."""
    match = FORBIDDEN.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def in_variables(variables: dict[str, Any] | None) -> tuple[str, str] | None:
    """(variable name, character) of the first forbidden character in any string, key or
    value, of the variables."""
    for name, value in (variables or {}).items():
        for text in strings_in(name, value):
            if found := first_forbidden(text):
                return name, found
    return None


def strings_in(*values: Any, keys: bool = True) -> Iterator[str]:
    """Every string value, and with ``keys`` every object key, in decoded JSON values
    (iterative: their depth is bounded, but not small)."""
    pending: list[Any] = list(values)
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            pending.extend(item.values())
            if keys:
                pending.extend(item.keys())
        elif isinstance(item, list):
            pending.extend(item)


class _Strings(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: str | None = None

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        self.found = first_forbidden(node.value)
        return Visitor.BREAK if self.found else None


def in_document(document: DocumentNode) -> str | None:
    """The first forbidden character in a string literal of the document, or None."""
    strings = _Strings()
    visit(document, strings)
    return strings.found
