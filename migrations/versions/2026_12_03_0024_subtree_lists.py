"""subtree lists: keyset indexes by region, and active persons/households counted per region

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03

First pages. A list under a region is a range on ``region_code``; its default order now starts
with that column (persons: region, id; households: region, number, id), so one index range scan
returns a page in order and stops after it, over a village or a province alike. The composite
indexes replace the single-column ``region_code`` ones (their prefix).

Counts. ``region_counts`` holds, for every region code and each of its ancestors (codes are
prefixes: 2, 4, 6, 9, 12 and 15 digits), the active (not ended) persons and households at or
below it, so an unfiltered ``totalCount`` is one index read. Statement-level triggers with
transition tables keep it in the writing transaction: a bulk COPY or UPDATE costs one upsert per
touched region, not one per row. Rows of the province, city and county levels are split into
``SLOTS`` slots chosen by the writing backend (a read sums them): concurrent writers in a county
do not queue on one row. The trigger function is the table's only writer (SECURITY DEFINER; the
request role may only read, and only the regions its scope covers).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REQUEST_ROLE = "grassroots_request"
# Lengths of the codes of every level (province, city, county, township, village, grid):
# a row counts at each prefix of its region_code of these lengths.
LEVEL_LENGTHS = "ARRAY[2, 4, 6, 9, 12, 15]"
# Levels up to the county (6 digits) spread their writes over slots.
SLOTTED_LENGTH_MAX = 6
SLOTS = 16
COUNTED_TABLES = ("persons", "households")

ADDED = "SELECT region_code, 1 AS delta FROM new_rows WHERE ended_on IS NULL"
REMOVED = "SELECT region_code, -1 AS delta FROM old_rows WHERE ended_on IS NULL"


def _upsert(touched: str) -> str:
    """Add the net change of active rows of ``touched`` (region_code, delta) to every prefix of
    their codes, in key order (concurrent writers lock shared rows in the same order)."""
    return f"""
        INSERT INTO region_counts AS counted (region_code, slot, persons, households)
        SELECT prefix, slot, delta * is_person, delta * (1 - is_person)
        FROM (
            SELECT
                left(region_code, code_length) AS prefix,
                CASE WHEN code_length <= {SLOTTED_LENGTH_MAX}
                    THEN (pg_backend_pid() % {SLOTS})::smallint ELSE 0::smallint END AS slot,
                sum(delta) AS delta
            FROM (
                SELECT region_code, sum(delta) AS delta FROM ({touched}) AS touched
                GROUP BY region_code
            ) AS per_region CROSS JOIN unnest({LEVEL_LENGTHS}) AS code_length
            WHERE code_length <= length(region_code)
            GROUP BY 1, 2
        ) AS deltas
        WHERE delta <> 0
        ORDER BY prefix, slot
        ON CONFLICT (region_code, slot) DO UPDATE SET
            persons = counted.persons + excluded.persons,
            households = counted.households + excluded.households;"""


# One function for both tables and the three events (plpgsql resolves a transition table's
# name only when a statement using it first runs, so each branch names only its own).
COUNT_FUNCTION = f"""
CREATE FUNCTION maintain_region_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    is_person int := CASE WHEN TG_TABLE_NAME = 'persons' THEN 1 ELSE 0 END;
BEGIN
    IF TG_OP = 'INSERT' THEN{_upsert(ADDED)}
    ELSIF TG_OP = 'DELETE' THEN{_upsert(REMOVED)}
    ELSE{_upsert(f"{REMOVED} UNION ALL {ADDED}")}
    END IF;
    RETURN NULL;
END
$$
"""

RESET_FUNCTION = """
CREATE FUNCTION reset_region_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'persons' THEN
        UPDATE region_counts SET persons = 0 WHERE persons <> 0;
    ELSE
        UPDATE region_counts SET households = 0 WHERE households <> 0;
    END IF;
    RETURN NULL;
END
$$
"""

BACKFILL = f"""
INSERT INTO region_counts (region_code, slot, persons, households)
SELECT left(region_code, code_length), 0, sum(persons), sum(households)
FROM (
    SELECT region_code, count(*) AS persons, 0 AS households
    FROM persons WHERE ended_on IS NULL GROUP BY region_code
    UNION ALL
    SELECT region_code, 0, count(*) FROM households WHERE ended_on IS NULL GROUP BY region_code
) AS per_region CROSS JOIN unnest({LEVEL_LENGTHS}) AS code_length
WHERE code_length <= length(region_code)
GROUP BY 1
"""


# Row security on the counters: the viewer's regions and the codes below them. Each row is one
# prefix test against the setting's array, computed once per statement (for codes of digits,
# "starts with root" is exactly the collation-"C" range of migration 0009's policies).
def _in_subtrees(setting: str) -> str:
    roots = f"string_to_array(nullif(current_setting('{setting}', true), ''), ',')"
    return f"region_code::text ^@ ANY (CAST((SELECT {roots}) AS text[]))"


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_index("ix_persons_region_code", table_name="persons")
    op.create_index("ix_persons_region_code_id", "persons", ["region_code", "id"])
    op.drop_index("ix_households_region_code", table_name="households")
    op.create_index(
        "ix_households_region_code_number_id", "households", ["region_code", "number", "id"]
    )
    op.create_table(
        "region_counts",
        sa.Column(
            "region_code",
            sa.String(length=15, collation="C"),
            nullable=False,
            comment="A region code of any level (a prefix of the counted rows' codes)",
        ),
        sa.Column(
            "slot",
            sa.SmallInteger(),
            nullable=False,
            comment="Write slot (levels up to the county); a region's count sums its slots",
        ),
        sa.Column("persons", sa.BigInteger(), nullable=False, comment="Active persons at or below"),
        sa.Column(
            "households",
            sa.BigInteger(),
            nullable=False,
            comment="Active households at or below",
        ),
        sa.PrimaryKeyConstraint("region_code", "slot", name=op.f("pk_region_counts")),
        comment="Active persons and households per region subtree, kept by triggers",
    )
    op.execute(COUNT_FUNCTION)
    op.execute(RESET_FUNCTION)
    for table in COUNTED_TABLES:
        for event, transitions in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            op.execute(
                f"CREATE TRIGGER {table}_count_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transitions} FOR EACH STATEMENT "
                "EXECUTE FUNCTION maintain_region_counts()"
            )
        op.execute(
            f"CREATE TRIGGER {table}_count_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reset_region_counts()"
        )
    op.execute(BACKFILL)
    op.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON region_counts FROM {REQUEST_ROLE}")
    op.execute(f"GRANT SELECT ON region_counts TO {REQUEST_ROLE}")
    op.execute("ALTER TABLE region_counts ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY region_counts_request_scope ON region_counts FOR SELECT "
        f"TO {REQUEST_ROLE} USING ({_in_subtrees('grassroots.scope_regions')})"
    )


def downgrade() -> None:
    for table in COUNTED_TABLES:
        for event in ("insert", "update", "delete", "truncate"):
            op.execute(f"DROP TRIGGER {table}_count_{event} ON {table}")
    op.drop_table("region_counts")
    op.execute("DROP FUNCTION reset_region_counts()")
    op.execute("DROP FUNCTION maintain_region_counts()")
    op.drop_index("ix_households_region_code_number_id", table_name="households")
    op.create_index("ix_households_region_code", "households", ["region_code"])
    op.drop_index("ix_persons_region_code_id", table_name="persons")
    op.create_index("ix_persons_region_code", "persons", ["region_code"])
