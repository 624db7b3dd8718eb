"""One page of the Maßnahmen grid, paged, sorted and filtered by the database.

The grid asks for rows ``start``–``end`` with AG Grid's sort and filter models; both are translated
here against a whitelist of columns, so nothing from the browser ever reaches SQL as text.
Unknown columns or malformed conditions are ignored rather than failing the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Select, and_, func, not_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from data.models import Measure, Municipality, State
from data.queries.grid_seek import effective_sort, key_of, seek_column, seek_condition
from data.queries.measure_filters import OPEN_STATUSES, MeasureFilter, apply_filter, with_default_stand
from data.queries.sql import ci_like

MAX_PAGE = 500

COLUMNS: dict[str, ColumnElement] = {
    "code": Measure.code,
    "title": Measure.title,
    "sector": Measure.sector,
    "state": State.name,
    "municipality": Municipality.name,
    "status": Measure.status,
    "progress_pct": Measure.progress_pct,
    "responsible": Measure.responsible,
    "involved": Measure.involved,
    "planned_completion_on": Measure.planned_completion_on,
    "co2_t_per_year": Measure.co2_t_per_year,
    "cost_eur": Measure.cost_eur,
    "steps": Measure.steps,
    "updated_at": Measure.updated_at,
}
TEXT = {"code", "title", "sector", "state", "municipality", "status", "responsible", "involved", "steps"}
NUMBER = {"progress_pct", "co2_t_per_year", "cost_eur"}
DATE = {"planned_completion_on", "updated_at"}


@dataclass(frozen=True)
class GridPage:
    rows: list[dict]
    row_count: int
    last_key: dict | None = None  # seek key of the last row, when the sort allows seeking


def _base(columns: list, joins: bool = True) -> Select:
    query = select(*columns).select_from(Measure)
    if joins:
        query = query.outerjoin(Municipality, Municipality.id == Measure.municipality_id).outerjoin(
            State, State.code == Measure.state_code
        )
    return query


def grid_page(
    session: Session,
    flt: MeasureFilter,
    start: int = 0,
    end: int = 100,
    sort_model: list[dict] | None = None,
    filter_model: dict | None = None,
    after: dict | None = None,
) -> GridPage:
    """Rows [start, end) of the filtered, sorted measures, and how many there are in all.

    ``after`` is the seek key of row ``start - 1`` (see :mod:`data.queries.grid_seek`); where the sort
    allows it, the page starts after that key instead of skipping ``start`` rows.
    """
    flt = with_default_stand(session, flt)
    start = max(0, int(start or 0))
    limit = max(1, min(MAX_PAGE, int(end or start + 100) - start))
    conditions = grid_conditions(filter_model or {})
    # Counting needs the joined names only when a column filter looks at them.
    joins = bool({"state", "municipality"} & set(filter_model or {}))
    counted = apply_filter(_base([func.count()], joins), flt).where(*conditions)
    row_count = session.execute(counted).scalar_one()
    sort = effective_sort(sort_model, set(COLUMNS))
    scope = [
        Measure.state_code.label("state_code"),
        Measure.municipality_id.label("municipality_id"),
        Measure.retired_at.is_not(None).label("retired"),
    ]
    query = apply_filter(_base([Measure.id, Measure.version, *scope, *[c.label(k) for k, c in COLUMNS.items()]]), flt)
    query = query.where(*conditions).order_by(*order_by(sort, session.get_bind().dialect.name))
    seek = seek_condition(sort, after) if after is not None and start > 0 else None
    query = query.where(seek).limit(limit) if seek is not None else query.offset(start).limit(limit)
    found = session.execute(query).all()
    column = seek_column(sort)
    last_key = key_of(found[-1]._mapping, column) if found and column is not None else None
    return GridPage([_json_row(row._mapping, flt.day) for row in found], row_count, last_key)


def order_by(sort_model: list[dict], dialect: str = "sqlite") -> list:
    """ORDER BY from AG Grid's sort model (whitelisted columns), always ending on the id for stable pages."""
    clauses = []
    descending = False
    for item in sort_model:
        column = COLUMNS.get(item.get("colId", ""))
        if column is None:
            continue
        descending = item.get("sort") == "desc"
        clause = column.desc() if descending else column.asc()
        if dialect == "postgresql":  # SQLite's default: NULL (keine Angabe) counts as the smallest value
            clause = clause.nulls_last() if descending else clause.nulls_first()
        clauses.append(clause)
    # The id breaks ties in the direction of the (last) sort key, so an index on the sort column
    # (which ends on the row id) serves the whole ORDER BY.
    return [*clauses, Measure.id.desc() if descending else Measure.id.asc()]


def grid_conditions(filter_model: dict) -> list[ColumnElement[bool]]:
    conditions = []
    for col_id, model in filter_model.items():
        column = COLUMNS.get(col_id)
        if column is None or not isinstance(model, dict):
            continue
        condition = _combined(column, col_id, model)
        if condition is not None:
            conditions.append(condition)
    return conditions


def _combined(column, col_id: str, model: dict):
    if "conditions" in model:
        parts = [_condition(column, col_id, part) for part in model.get("conditions") or [] if isinstance(part, dict)]
        parts = [part for part in parts if part is not None]
        if not parts:
            return None
        return or_(*parts) if model.get("operator") == "OR" else and_(*parts)
    return _condition(column, col_id, model)


def _condition(column, col_id: str, model: dict):
    kind = model.get("type")
    if kind == "blank":
        return column.is_(None) if col_id not in TEXT else or_(column.is_(None), column == "")
    if kind == "notBlank":
        return column.is_not(None) if col_id not in TEXT else and_(column.is_not(None), column != "")
    try:
        if col_id in TEXT:
            return _text_condition(column, kind, model.get("filter"))
        if col_id in NUMBER:
            return _compare(column, kind, _number(model.get("filter")), _number(model.get("filterTo")))
        if col_id in DATE:
            return _compare(column, kind, _day(model.get("dateFrom")), _day(model.get("dateTo")))
    except (TypeError, ValueError, ArithmeticError):
        return None
    return None


def _text_condition(column, kind: str | None, value: object):
    if not isinstance(value, str) or not value:
        return None
    text = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    lowered = func.lower(column)
    patterns = {"contains": f"%{text}%", "notContains": f"%{text}%", "startsWith": f"{text}%", "endsWith": f"%{text}"}
    if kind == "equals":
        return lowered == value.lower()
    if kind == "notEqual":
        return or_(column.is_(None), lowered != value.lower())
    if kind not in patterns:
        return None
    match = ci_like(column, patterns[kind])
    return or_(column.is_(None), not_(match)) if kind == "notContains" else match


def _compare(column, kind: str | None, value, value_to):
    if value is None:
        return None
    operations = {
        "equals": lambda: column == value,
        "notEqual": lambda: or_(column.is_(None), column != value),
        "lessThan": lambda: column < value,
        "lessThanOrEqual": lambda: column <= value,
        "greaterThan": lambda: column > value,
        "greaterThanOrEqual": lambda: column >= value,
        "inRange": lambda: column.between(value, value_to) if value_to is not None else None,
    }
    operation = operations.get(kind or "")
    return operation() if operation else None


def _number(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    number = Decimal(str(value))
    return number if number.is_finite() else None


def _day(value: object) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _json_row(row, today: date) -> dict:
    """A grid row with JSON-friendly values: ISO dates, floats, and the computed overdue flag."""
    out = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            value = float(value)
        elif isinstance(value, datetime):
            value = value.date().isoformat()
        elif isinstance(value, date):
            value = value.isoformat()
        out[key] = value
    planned = row["planned_completion_on"]
    out["overdue"] = bool(planned is not None and planned < today and row["status"] in OPEN_STATUSES)
    return out
