"""Resident identity card numbers (GB 11643-1999): 6-digit region, 8-digit birth date,
3-digit sequence (odd for men), and a check character (ISO 7064 MOD 11-2, ``X`` for 10).

Pure functions: the importer and the demo generator both go through ``parse_id_card``. The
checksum and the birth date come from ``python-stdnum``'s ``cn.ric``; its full ``validate`` is
not used: it also requires the region code to have existed in the birth year, which refuses
every Fengning resident born before 1993 (the county's code dates from then, the numbers were
issued later). The messages stay ours: each tells the clerk which part is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from governance.people.models import ID_CARD_LENGTH, Gender
from governance.regions.codes import RegionLevel, is_level

BIRTH_YEAR_MIN = 1900
_FORMAT = re.compile(r"^[0-9]{17}[0-9X]$")
CHECK_CHARACTER_WRONG = "ID-card number check character is wrong (typo?)"


class InvalidIdCard(ValueError):
    """The number is not a valid GB 11643 number; ``reason`` says why, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class IdCard:
    number: str
    region_code: str
    birth_date: dt.date
    gender: Gender


def check_character(first_17_digits: str) -> str:
    assert len(first_17_digits) == ID_CARD_LENGTH - 1
    assert first_17_digits.isdigit()
    # stdnum takes the whole number and ignores its last character.
    return str(ric.calc_check_digit(first_17_digits + "0"))


def parse_id_card(raw: str, today: dt.date) -> IdCard:
    """The parts of a valid number; ``InvalidIdCard`` naming the first problem otherwise."""
    number = raw.strip().upper()
    if not _FORMAT.match(number):
        raise InvalidIdCard("ID-card number must be 17 digits and a digit or X")
    if check_character(number[:17]) != number[17]:
        raise InvalidIdCard(CHECK_CHARACTER_WRONG)
    try:
        birth_date = ric.get_birth_date(number)
    except InvalidComponent:
        raise InvalidIdCard("ID-card number embeds an impossible birth date") from None
    if not birth_date.year >= BIRTH_YEAR_MIN or birth_date > today:
        raise InvalidIdCard("ID-card number embeds a birth date out of range")
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdCard(number, number[:6], birth_date, gender)


def make_id_card(region_code: str, birth_date: dt.date, sequence: int) -> str:
    """A valid number; ``sequence`` 0–999 (odd for men). For demo data and tests."""
    assert is_level(region_code, RegionLevel.COUNTY)
    assert region_code.isdigit()
    assert 0 <= sequence <= 999
    body = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
    return body + check_character(body)
