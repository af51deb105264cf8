"""Goal: a notice code names its announcement, reads back however loosely a villager types it
(case, spaces, dashes, 0/1/8 for O/I/B), changes with any announced fact it covers (entry,
rule, points, points moved, transfer digest, holder, announcement) but not with the order the
entries come in, and anything that is not a code parses to nothing.

Method: Hypothesis over entries and typed variants; pure functions, no database.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from governance.bank.notice_codes import CODE_TEXT_LENGTH_MAX, CodedEntry, holder_code, parse

ids = st.integers(min_value=1, max_value=2**63 - 1)
entries = st.builds(
    CodedEntry,
    application_id=ids,
    rule_id=ids,
    points=st.integers(min_value=-10_000, max_value=10_000).filter(bool),
    points_applied=st.none() | st.integers(min_value=0, max_value=10_000),
    transfer_digest=st.none() | st.binary(min_size=32, max_size=32),
)
entry_lists = st.lists(entries, min_size=1, max_size=5, unique_by=lambda e: e.application_id)


@given(ids, ids, entry_lists, st.randoms())
def test_a_code_reads_back_and_ignores_entry_order(
    announcement_id: int, holder_id: int, listed: list[CodedEntry], random: object
) -> None:
    code = holder_code(announcement_id, holder_id, listed)
    assert parse(code) == (announcement_id, code)
    shuffled = list(listed)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert holder_code(announcement_id, holder_id, shuffled) == code
    typed = code.lower().replace("-", " ").replace("o", "0").replace("i", "1").replace("b", "8")
    assert parse(f"  {typed} ") == (announcement_id, code)


@given(ids, ids, entry_lists, st.sampled_from(["rule_id", "points", "points_applied", "digest"]))
def test_any_covered_fact_changes_the_code(
    announcement_id: int, holder_id: int, listed: list[CodedEntry], fact: str
) -> None:
    code = holder_code(announcement_id, holder_id, listed)
    first = listed[0]
    changed = {
        "rule_id": dataclasses.replace(first, rule_id=first.rule_id % (2**62) + 1),
        "points": dataclasses.replace(first, points=-first.points),
        "points_applied": dataclasses.replace(
            first, points_applied=(first.points_applied or 0) + 1
        ),
        "digest": dataclasses.replace(
            first, transfer_digest=None if first.transfer_digest else bytes(32)
        ),
    }[fact]
    assert holder_code(announcement_id, holder_id, [changed, *listed[1:]]) != code
    assert holder_code(announcement_id, holder_id % (2**62) + 1, listed) != code
    assert holder_code(announcement_id % (2**62) + 1, holder_id, listed) != code


@given(st.text(max_size=CODE_TEXT_LENGTH_MAX + 10))
def test_whatever_parses_is_a_canonical_code(text: str) -> None:
    parsed = parse(text)
    if parsed is not None:
        announcement_id, code = parsed
        assert parse(code) == parsed
        assert code.startswith(f"{announcement_id}-")
        assert len(code.split("-")[1] + code.split("-")[2]) == 10


def test_examples() -> None:
    assert parse("12-K7QZP-M3XA2") == (12, "12-K7QZP-M3XA2")
    assert parse("12K7QZPM3XA2") == (12, "12-K7QZP-M3XA2")
    assert parse("12-K7QZP-M3XA9") is None, "9 is no base32 letter"
    assert parse("K7QZP-M3XA2") is None, "no announcement"
    assert parse("1" * (CODE_TEXT_LENGTH_MAX + 1)) is None
    assert parse(f"{2**63}-AAAAA-AAAAA") is None, "beyond a bigint: never reaches the driver"
    assert parse("0-AAAAA-AAAAA") is None
