"""Deterministic synthetic residents for the demo and for tests (seeded ``random.Random``).

Names, ages, household shapes and tags are plausible, not statistics: good enough to page,
filter and count. ID-card numbers are valid (checksum) and unique within one generation.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from governance.people.id_card import make_id_card
from governance.people.models import Gender, PersonTag, RelationToHead
from governance.people.records import ResidentRecord
from governance.regions.codes import RegionLevel, ancestor
from governance.regions.divisions import short_name

COUNTY_RESIDENTS = 400_000
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5)
HOUSEHOLD_SIZE_WEIGHTS = (20, 30, 25, 15, 10)
HOUSEHOLDS_PER_VILLAGE_MIN = 2
PHONE_SHARE = 0.8
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
GIVEN_CHARACTERS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文海燕"


@dataclass(frozen=True, slots=True)
class VillagePlan:
    code: str
    name: str
    grid_codes: tuple[str, ...]


@dataclass
class _Numbers:
    """ID-card numbers handed out so far (must stay unique across the whole generation)."""

    used: set[str] = field(default_factory=set)


def households_for(persons_total: int) -> int:
    mean_size = sum(s * w for s, w in zip(HOUSEHOLD_SIZES, HOUSEHOLD_SIZE_WEIGHTS, strict=True))
    return max(1, round(persons_total * sum(HOUSEHOLD_SIZE_WEIGHTS) / mean_size))


def generate_residents(
    villages: Sequence[VillagePlan],
    scale: float,
    seed: int,
    today: dt.date,
    residents: int = COUNTY_RESIDENTS,
) -> list[ResidentRecord]:
    """About ``residents * scale`` residents spread over ``villages`` (one county's: ID-card
    numbers are unique within one call, and carry the county's code).

    Households go to villages in proportion to their grids (grids were drawn by population),
    at least ``HOUSEHOLDS_PER_VILLAGE_MIN`` each, so every grid can be staffed.
    """
    assert 0 < scale <= 1
    rng = random.Random(seed)  # noqa: S311  (demo data must be reproducible, not secret)
    numbers = _Numbers()
    households_total = households_for(round(residents * scale))
    weights = [max(1, len(village.grid_codes)) for village in villages]
    weight_total = sum(weights)
    records: list[ResidentRecord] = []
    for village, weight in zip(villages, weights, strict=True):
        count = max(HOUSEHOLDS_PER_VILLAGE_MIN, round(households_total * weight / weight_total))
        for sequence in range(1, count + 1):
            records += _household(rng, numbers, village, sequence, today)
    return records


def _household(
    rng: random.Random, numbers: _Numbers, village: VillagePlan, sequence: int, today: dt.date
) -> list[ResidentRecord]:
    size = rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_SIZE_WEIGHTS)[0]
    region_code = rng.choice(village.grid_codes) if village.grid_codes else village.code
    number = f"{village.code}{sequence:04d}"
    address = f"{short_name(village.name)}{sequence}号"
    surname = rng.choice(SURNAMES)
    head_age = rng.randint(25, 85)
    members = [(RelationToHead.HEAD, head_age, rng.choice(list(Gender)))]
    if size >= 2:
        members.append(
            (RelationToHead.SPOUSE, head_age + rng.randint(-4, 4), _other(members[0][2]))
        )
    for _ in range(size - len(members)):
        child_age = max(0, head_age - rng.randint(20, 36))
        members.append((RelationToHead.CHILD, child_age, rng.choice(list(Gender))))
    shape = _Shape(number, region_code, address, surname, size, today, numbers)
    return [_person(rng, shape, member) for member in members]


def _other(gender: Gender) -> Gender:
    return Gender.FEMALE if gender is Gender.MALE else Gender.MALE


@dataclass(frozen=True, slots=True)
class _Shape:
    """What every member of one generated household shares."""

    number: str
    region_code: str
    address: str
    surname: str
    size: int
    today: dt.date
    numbers: _Numbers


def _person(
    rng: random.Random, shape: _Shape, member: tuple[RelationToHead, int, Gender]
) -> ResidentRecord:
    relation, age, gender = member
    today, numbers, surname = shape.today, shape.numbers, shape.surname
    number, region_code, address, household_size = (
        shape.number,
        shape.region_code,
        shape.address,
        shape.size,
    )
    birth_date = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    given = "".join(rng.choice(GIVEN_CHARACTERS) for _ in range(rng.choice((1, 2))))
    return ResidentRecord(
        household_number=number,
        region_code=region_code,
        address=address,
        name=(surname if relation is not RelationToHead.SPOUSE else rng.choice(SURNAMES)) + given,
        gender=gender,
        birth_date=birth_date,
        id_card_number=_id_card(
            rng, numbers, ancestor(region_code, RegionLevel.COUNTY), birth_date, gender
        ),
        phone=_phone(rng) if age >= 16 and rng.random() < PHONE_SHARE else None,
        relation_to_head=relation,
        tags=_tags(rng, age, household_size),
    )


def _id_card(
    rng: random.Random, numbers: _Numbers, county: str, birth_date: dt.date, gender: Gender
) -> str:
    parity = 1 if gender is Gender.MALE else 0
    while True:
        sequence = rng.randrange(parity, 1000, 2)
        number = make_id_card(county, birth_date, sequence)
        if number not in numbers.used:
            numbers.used.add(number)
            return number


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def _tags(rng: random.Random, age: int, household_size: int) -> tuple[PersonTag, ...]:
    candidates = (
        (PersonTag.EMPTY_NEST_ELDER, age >= 60 and household_size <= 2, 0.6),
        (PersonTag.LEFT_BEHIND_CHILD, age < 16, 0.3),
        (PersonTag.LIFTED_OUT_OF_POVERTY, True, 0.08),
        (PersonTag.MINIMUM_LIVING_ALLOWANCE, True, 0.04),
        (PersonTag.DISABLED, True, 0.03),
        (PersonTag.PARTY_MEMBER, age >= 18, 0.08),
        (PersonTag.VETERAN_PARTY_MEMBER, age >= 60, 0.1),
        (PersonTag.MILITARY_VETERAN, age >= 20, 0.03),
        (PersonTag.RETIRED_CADRE_OR_WORKER, age >= 60, 0.15),
        (PersonTag.UNEMPLOYED, 18 <= age < 60, 0.05),
    )
    return tuple(tag for tag, eligible, share in candidates if eligible and rng.random() < share)
