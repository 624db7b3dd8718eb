"""One page of the Maßnahmen grid, paged, sorted and filtered by the database.

The grid asks for rows ``start``–``end`` with AG Grid's sort and filter models; both are translated
here against a whitelist of columns, so nothing from the browser ever reaches SQL as text.
Unknown columns or malformed conditions are ignored rather than failing the page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Select, and_, func, not_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from data.models import Measure, Municipality, State
from data.queries import measure_rollups
from data.queries.data_version import ResultCache, cached
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


def _joined(query: Select) -> Select:
    """``query`` with the names of Land and Kommune joined (outer: a measure may have neither)."""
    return query.outerjoin(Municipality, Municipality.id == Measure.municipality_id).outerjoin(
        State, State.code == Measure.state_code
    )


def _matching(columns: list, flt: MeasureFilter, filter_model: dict, names: set[str]) -> Select:
    """The measures the page filter and the column filters select; the names of Land and Kommune are
    joined only when ``names`` (the columns sorted or filtered on) include them."""
    query = select(*columns).select_from(Measure)
    if {"state", "municipality"} & names:
        query = _joined(query)
    return apply_filter(query, flt).where(*grid_conditions(filter_model))


def grid_page(
    session: Session,
    flt: MeasureFilter,
    start: int = 0,
    end: int = 100,
    sort_model: list[dict] | None = None,
    filter_model: dict | None = None,
    after: dict | None = None,
    cache: ResultCache | None = None,
) -> GridPage:
    """Rows [start, end) of the filtered, sorted measures, and how many there are in all.

    ``after`` is the seek key of row ``start - 1`` (see :mod:`data.queries.grid_seek`); where the sort
    allows it, the page starts after that key instead of skipping ``start`` rows.

    The page's ids are chosen first, from an index of the sort column that also holds the filter's
    columns (0011_grid_indexes), and only those rows are read whole: skipped and filtered-out rows
    cost an index entry, not a table row.
    """
    flt = with_default_stand(session, flt)
    filter_model = filter_model or {}
    start = max(0, int(start or 0))
    limit = max(1, min(MAX_PAGE, int(end or start + 100) - start))
    row_count = grid_row_count(session, flt, filter_model, cache)
    sort = effective_sort(sort_model, set(COLUMNS))
    ordering = order_by(sort, session.get_bind().dialect.name)
    chosen = _matching([Measure.id], flt, filter_model, {item["colId"] for item in sort} | set(filter_model))
    chosen = chosen.order_by(*ordering)
    seek = seek_condition(sort, after) if after is not None and start > 0 else None
    chosen = chosen.where(seek).limit(limit) if seek is not None else chosen.offset(start).limit(limit)
    page = chosen.subquery("page")
    scope = [
        Measure.state_code.label("state_code"),
        Measure.municipality_id.label("municipality_id"),
        Measure.retired_at.is_not(None).label("retired"),
    ]
    columns = [Measure.id, Measure.version, *scope, *[c.label(k) for k, c in COLUMNS.items()]]
    query = _joined(select(*columns).select_from(page).join(Measure, Measure.id == page.c.id)).order_by(*ordering)
    found = session.execute(query).all()
    column = seek_column(sort)
    last_key = key_of(found[-1]._mapping, column) if found and column is not None else None
    return GridPage([_json_row(row._mapping, flt.day) for row in found], row_count, last_key)


def grid_row_count(session: Session, flt: MeasureFilter, filter_model: dict, cache: ResultCache | None = None) -> int:
    """How many measures the grid shows for this filter.

    Without column filters the rollups answer whenever they answer the overview (a sum over a few
    thousand small rows instead of a count over the measures), "Nur überfällige" or "Nur veraltete"
    included (:func:`measure_rollups.measure_count`); otherwise the measures are counted.
    Either way the result is cached under the data version: the grid asks for it with every block."""

    def compute() -> int:
        if not grid_conditions(filter_model) and (counted := measure_rollups.measure_count(session, flt)) is not None:
            return counted
        return session.execute(_matching([func.count()], flt, filter_model, set(filter_model))).scalar_one()

    key = f"massnahmen-grid-count:{flt!r}:{json.dumps(filter_model, sort_keys=True, default=str)}"
    return cached(session, cache, key, compute)


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
