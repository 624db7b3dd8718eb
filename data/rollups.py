"""The SQL that keeps the measure rollups (:mod:`data.models.rollups`) exact: triggers and a full rebuild.

Why database triggers rather than the command framework: every write path counts — grid edits, forms,
the import, the CLI, the benchmark generator and plain SQL in a maintenance session — and the rollup
changes in the same transaction as the write, so a reader never sees measures and rollup disagree.

- SQLite: row triggers (AFTER INSERT, AFTER UPDATE OF the columns the rollups read, AFTER DELETE).
- PostgreSQL: statement triggers with transition tables, so a bulk INSERT/UPDATE/DELETE (or ``COPY``)
  applies one grouped upsert per rollup instead of one per row; TRUNCATE empties the rollups.

Every change is the same two steps: upsert the contributions of the old rows with a minus sign and of
the new rows with a plus sign, then delete groups that dropped to zero measures. Retired measures
(``retired_at`` set) contribute nothing, so retiring moves a measure out and restoring moves it back.
:func:`rebuild` recomputes every rollup from the measures (migration backfill, bulk loads that
bypass the triggers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from data.models.rollups import (
    NO_MUNICIPALITY,
    NO_STATE,
    MeasureMunicipalityRollup,
    MeasurePlannedRollup,
    MeasureResponsibleRollup,
    MeasureRollup,
)
from data.queries.measure_filters import OPEN_STATUSES

# An SQL expression over one measure row, given the row's alias (``new``, ``old``, ``r``) and the dialect.
Expression = Callable[[str, str], str]


def _column(name: str) -> Expression:
    return lambda row, _dialect: f"{row}.{name}"


def _or_else(name: str, fallback: str) -> Expression:
    return lambda row, _dialect: f"coalesce({row}.{name}, {fallback})"


def _month(name: str) -> Expression:
    """First day of the month of a date or UTC timestamp column (SQLite stores both as ISO text)."""

    def expression(row: str, dialect: str) -> str:
        if dialect == "sqlite":
            return f"substr({row}.{name}, 1, 7) || '-01'"
        zone = " AT TIME ZONE 'UTC'" if name == "updated_at" else ""
        return f"CAST(date_trunc('month', {row}.{name}{zone}) AS DATE)"

    return expression


def _hundredths(name: str) -> Expression:
    return lambda row, _dialect: f"coalesce(CAST(round({row}.{name} * 100) AS BIGINT), 0)"


def _unknown(name: str) -> Expression:
    return lambda row, _dialect: f"CASE WHEN {row}.{name} IS NULL THEN 1 ELSE 0 END"


ONE: Expression = lambda _row, _dialect: "1"  # noqa: E731
OPEN_LIST = ", ".join(f"'{status}'" for status in OPEN_STATUSES)


@dataclass(frozen=True)
class Rollup:
    """One rollup table: its group keys and summed values as expressions over a measure row, and
    which measures it holds (always only those in use)."""

    table: str
    keys: dict[str, Expression]
    sums: dict[str, Expression]
    holds: str = "TRUE"  # condition over ``{row}`` besides "not retired"

    def condition(self, row: str) -> str:
        return f"{row}.retired_at IS NULL AND " + self.holds.format(row=row)

    def contributions(self, row: str, dialect: str, sign: int, source: str | None) -> str:
        """SELECT of the (key, values) a row adds (sign +1) or removes (−1): one row when ``row`` is a
        trigger's NEW/OLD (``source`` None), grouped sums when reading a table or transition table."""
        keys = [key(row, dialect) for key in self.keys.values()]
        minus = "-" if sign < 0 else ""
        if source is None:
            values = [f"{minus}({value(row, dialect)})" for value in self.sums.values()]
            return f"SELECT {', '.join(keys + values)} WHERE {self.condition(row)}"
        values = [f"{minus}SUM({value(row, dialect)})" for value in self.sums.values()]
        grouped = ", ".join(keys)
        return (
            f"SELECT {', '.join(keys + values)} FROM {source} {row} WHERE {self.condition(row)} "
            f"GROUP BY {grouped} ORDER BY {grouped}"
        )

    def apply(self, row: str, dialect: str, sign: int, source: str | None = None) -> list[str]:
        """Statements adding (or removing) the rows' contributions; removing also deletes empty groups."""
        columns = [*self.keys, *self.sums]
        keys = ", ".join(self.keys)
        added = ", ".join(f"{name} = {self.table}.{name} + excluded.{name}" for name in self.sums)
        statements = [
            f"INSERT INTO {self.table} ({', '.join(columns)}) {self.contributions(row, dialect, sign, source)} "
            f"ON CONFLICT ({keys}) DO UPDATE SET {added}"
        ]
        if sign < 0:
            touched = [key(row, dialect) for key in self.keys.values()]
            origin = f" FROM {source} {row}" if source else ""
            statements.append(
                f"DELETE FROM {self.table} WHERE measures = 0 AND ({keys}) IN "
                f"(SELECT {', '.join(touched)}{origin} WHERE {self.condition(row)})"
            )
        return statements


FIGURES = {
    "measures": ONE,
    "co2_hundredths": _hundredths("co2_t_per_year"),
    "co2_unknown": _unknown("co2_t_per_year"),
    "cost_cents": _hundredths("cost_eur"),
    "cost_unknown": _unknown("cost_eur"),
}
STATE = _or_else("state_code", f"'{NO_STATE}'")
ROLLUPS = (
    Rollup(
        MeasureRollup.__tablename__,
        {
            "program_id": _column("program_id"),
            "state_code": STATE,
            "sector": _column("sector"),
            "status": _column("status"),
            "updated_month": _month("updated_at"),
        },
        FIGURES,
    ),
    Rollup(
        MeasurePlannedRollup.__tablename__,
        {
            "program_id": _column("program_id"),
            "state_code": STATE,
            "sector": _column("sector"),
            "status": _column("status"),
            "planned_month": _month("planned_completion_on"),
        },
        {"measures": ONE},
        f"{{row}}.planned_completion_on IS NOT NULL AND {{row}}.status IN ({OPEN_LIST})",
    ),
    Rollup(
        MeasureMunicipalityRollup.__tablename__,
        {
            "municipality_id": _or_else("municipality_id", str(NO_MUNICIPALITY)),
            "status": _column("status"),
            "program_id": _column("program_id"),
            "state_code": STATE,
        },
        {"measures": ONE},
    ),
    Rollup(
        MeasureResponsibleRollup.__tablename__,
        {"responsible": _column("responsible")},
        {"measures": ONE},
        "{row}.responsible IS NOT NULL",
    ),
)
# The measure columns any rollup reads: an UPDATE touching none of them leaves the rollups alone (SQLite).
READ_COLUMNS = (
    "program_id",
    "state_code",
    "sector",
    "status",
    "updated_at",
    "planned_completion_on",
    "municipality_id",
    "responsible",
    "co2_t_per_year",
    "cost_eur",
    "retired_at",
)
TABLES = tuple(rollup.table for rollup in ROLLUPS)


def create_triggers(dialect: str) -> list[str]:
    """DDL of the triggers (and on PostgreSQL their functions) that keep every rollup exact."""
    if dialect == "sqlite":
        insert = [s for rollup in ROLLUPS for s in rollup.apply("new", dialect, +1)]
        remove = [s for rollup in ROLLUPS for s in rollup.apply("old", dialect, -1)]
        columns = ", ".join(READ_COLUMNS)
        return [
            f"CREATE TRIGGER measure_rollups_insert AFTER INSERT ON measures BEGIN {_body(insert)} END",
            f"CREATE TRIGGER measure_rollups_update AFTER UPDATE OF {columns} ON measures "
            f"BEGIN {_body(remove + insert)} END",
            f"CREATE TRIGGER measure_rollups_delete AFTER DELETE ON measures BEGIN {_body(remove)} END",
        ]
    remove = [s for rollup in ROLLUPS for s in rollup.apply("r", dialect, -1, "old_rows")]
    insert = [s for rollup in ROLLUPS for s in rollup.apply("r", dialect, +1, "new_rows")]
    return [
        "CREATE FUNCTION measure_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_body(remove)} END IF; "
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_body(insert)} END IF; "
        "RETURN NULL; END $$",
        "CREATE FUNCTION measure_rollups_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"TRUNCATE {', '.join(TABLES)}; RETURN NULL; END $$",
        "CREATE TRIGGER measure_rollups_insert AFTER INSERT ON measures REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION measure_rollups_apply()",
        "CREATE TRIGGER measure_rollups_update AFTER UPDATE ON measures "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION measure_rollups_apply()",
        "CREATE TRIGGER measure_rollups_delete AFTER DELETE ON measures REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION measure_rollups_apply()",
        "CREATE TRIGGER measure_rollups_truncate AFTER TRUNCATE ON measures "
        "FOR EACH STATEMENT EXECUTE FUNCTION measure_rollups_truncate()",
    ]


def drop_triggers(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS measure_rollups_{event}" for event in ("insert", "update", "delete")]
    return [
        *[
            f"DROP TRIGGER IF EXISTS measure_rollups_{event} ON measures"
            for event in ("insert", "update", "delete", "truncate")
        ],
        "DROP FUNCTION IF EXISTS measure_rollups_apply()",
        "DROP FUNCTION IF EXISTS measure_rollups_truncate()",
    ]


def rebuild(connection: Connection) -> None:
    """Recompute every rollup from the measures, in the caller's transaction."""
    dialect = connection.dialect.name
    for rollup in ROLLUPS:
        connection.exec_driver_sql(f"DELETE FROM {rollup.table}")
        for statement in rollup.apply("r", dialect, +1, "measures"):
            connection.exec_driver_sql(statement)


def _body(statements: list[str]) -> str:
    return " ".join(f"{statement};" for statement in statements)
