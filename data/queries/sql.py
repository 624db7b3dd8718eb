"""Small SQL building blocks that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, String, and_, literal, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class month_key(FunctionElement):
    """``'YYYY-MM'`` of a date column, computed by the database."""

    type = String()
    inherit_cache = True
    name = "month_key"


@compiles(month_key, "sqlite")
def _month_key_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(month_key, "postgresql")
def _month_key_postgresql(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


class days_between(FunctionElement):
    """Whole days from the first date to the second, computed by the database."""

    type = Date()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"CAST(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"({compiler.process(end, **kw)} - {compiler.process(start, **kw)})"


def active_on(joined: ColumnElement, left: ColumnElement, day: date) -> ColumnElement[bool]:
    """Rows that had joined by ``day`` and not yet left (leaving on ``day`` ends membership)."""
    return and_(joined.is_not(None), joined <= day, or_(left.is_(None), left > day))


class ci_like(FunctionElement):
    """Case-insensitive ``column LIKE pattern ESCAPE '\\'`` without wrapping every row in lower().

    SQLite's LIKE already ignores case (for ASCII letters, as its lower() does); PostgreSQL has ILIKE.
    The pattern must be lower-case and escaped with a backslash.
    """

    type = Boolean()
    inherit_cache = True
    name = "ci_like"


@compiles(ci_like, "sqlite")
def _ci_like_sqlite(element, compiler, **kw):
    column, pattern = list(element.clauses)
    return f"({compiler.process(column, **kw)} LIKE {compiler.process(pattern, **kw)} ESCAPE '\\')"


@compiles(ci_like, "postgresql")
def _ci_like_postgresql(element, compiler, **kw):
    column, pattern = list(element.clauses)
    return f"({compiler.process(column, **kw)} ILIKE {compiler.process(pattern, **kw)} ESCAPE '\\')"


# The text the free-text filter searches; PostgreSQL's trigram index (migration 0003) is built on exactly
# this expression.
MEASURE_SEARCH_EXPRESSION = (
    "(coalesce(measures.title, '') || ' ' || coalesce(measures.teaser, '') || ' ' || "
    "coalesce(measures.description_what, '') || ' ' || coalesce(measures.description_plan, ''))"
)
MIN_INDEXED_SEARCH = 3  # trigram indexes need at least three characters


class measure_text_search(FunctionElement):
    """Case-insensitive substring search over a measure's title, teaser and descriptions.

    SQLite: the FTS5 trigram table ``measures_search``; PostgreSQL: ``ILIKE`` on the indexed expression.
    Both give the same rows as ``LIKE '%text%'`` on each column (no wildcards: ``%`` and ``_`` are literal).
    """

    inherit_cache = False  # the SQL depends on the text's length, so statements must not share a cache entry
    name = "measure_text_search"

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(literal(_fts_phrase(text)), literal(_like_substring(text)))


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _like_substring(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@compiles(measure_text_search, "sqlite")
def _measure_text_search_sqlite(element, compiler, **kw):
    phrase, pattern = list(element.clauses)
    if len(element.text) >= MIN_INDEXED_SEARCH:
        return f"measures.id IN (SELECT rowid FROM measures_search WHERE measures_search MATCH {compiler.process(phrase, **kw)})"
    like = compiler.process(pattern, **kw)
    columns = ("measures.title", "measures.teaser", "measures.description_what", "measures.description_plan")
    return "(" + " OR ".join(f"{column} LIKE {like} ESCAPE '\\'" for column in columns) + ")"


@compiles(measure_text_search, "postgresql")
def _measure_text_search_postgresql(element, compiler, **kw):
    _phrase, pattern = list(element.clauses)
    return f"({MEASURE_SEARCH_EXPRESSION} ILIKE {compiler.process(pattern, **kw)} ESCAPE '\\')"


def in_use(*models: type) -> ColumnElement[bool]:
    """WHERE clause: none of ``models``' rows is retired (retired records drop out of every default view)."""
    return and_(*(model.retired_at.is_(None) for model in models))
