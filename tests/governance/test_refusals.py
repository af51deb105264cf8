"""Goal: ``RefusalCode`` lists exactly the codes in use: none missing (a typo crashes where it
is raised), none dead (the schema documents each code to frontends as a possible answer).

Method: collect every ``RefusalCode.<NAME>`` in the sources of ``governance`` and ``api``
(this module's home excepted) and compare with the enum; prove a made-up code is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from governance.refusals import DESCRIPTIONS, Refusal, RefusalCode

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "governance" / "refusals.py"


def _codes_raised() -> set[str]:
    found: set[str] = set()
    for package in ("governance", "api"):
        for path in (ROOT / package).rglob("*.py"):
            if path != HOME:
                found.update(re.findall(r"RefusalCode\.([A-Z_]+)", path.read_text()))
    return found


def test_the_enum_lists_exactly_the_codes_in_use() -> None:
    assert _codes_raised() == {code.name for code in RefusalCode}
    assert set(DESCRIPTIONS) == set(RefusalCode)


def test_a_code_outside_the_enum_is_a_bug() -> None:
    with pytest.raises(ValueError, match="NOT_A_CODE"):
        Refusal("NOT_A_CODE", None, "never")  # type: ignore[arg-type]
