"""Keyset ("seek") paging for the Maßnahmen grid: the next block starts after the last row's sort key
instead of skipping ``OFFSET`` rows, so a deep page costs what the first page costs.

It applies where the sort allows it: no sort (by id) or one sort column that is never NULL (code,
title, status, Handlungsfeld, last update), always followed by the id, as :func:`order_by` sorts.
Every other sort, and any block without a known predecessor, is paged by offset.

The grid remembers, per view (filter + sort + column filters), the key after which each block it has
seen ends (:func:`remember`); the key comes from the browser, so it is validated here and ignored
(offset paging) when it does not fit the column.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import tuple_
from sqlalchemy.sql.elements import ColumnElement

from data.models import Measure

# Sortable columns that are NOT NULL, with the Python type their key value has.
SEEKABLE: dict[str, type] = {"code": str, "title": str, "status": str, "sector": str, "updated_at": datetime}
SEEK_COLUMNS = {"code": Measure.code, "title": Measure.title, "status": Measure.status, "sector": Measure.sector}
SEEK_COLUMNS["updated_at"] = Measure.updated_at
REMEMBERED_BLOCKS = 200


def effective_sort(sort_model: list[dict] | None, known: set[str]) -> list[dict]:
    """The sort items :func:`order_by` actually uses (known columns only)."""
    return [item for item in sort_model or [] if isinstance(item, dict) and item.get("colId") in known]


def seek_column(sort_model: list[dict]) -> str | None:
    """``""`` when sorted by id only, the column when one seekable column sorts, else None (offset)."""
    if not sort_model:
        return ""
    if len(sort_model) == 1 and sort_model[0].get("colId") in SEEKABLE:
        return sort_model[0]["colId"]
    return None


def key_of(row, column: str) -> dict:
    """The JSON-safe seek key of a result row (its sort value and id)."""
    value = row[column] if column else None
    return {"value": value.isoformat() if isinstance(value, datetime) else value, "id": row["id"]}


def seek_condition(sort_model: list[dict], key: object) -> ColumnElement[bool] | None:
    """Rows after ``key`` in the sort order, or None if this sort or this key cannot be sought."""
    column = seek_column(sort_model)
    if column is None or not isinstance(key, dict):
        return None
    last_id = key.get("id")
    if not isinstance(last_id, int) or isinstance(last_id, bool) or not 0 < last_id < 2**63:
        return None
    descending = bool(sort_model) and sort_model[-1].get("sort") == "desc"
    if not column:
        return Measure.id < last_id if descending else Measure.id > last_id
    value = _typed(key.get("value"), SEEKABLE[column])
    if value is None:
        return None
    row, after = tuple_(SEEK_COLUMNS[column], Measure.id), tuple_(value, last_id)
    return row < after if descending else row > after


def _typed(value: object, kind: type) -> object | None:
    if kind is datetime:
        try:
            return datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None
    return value if isinstance(value, str) and "\x00" not in value else None


def view_signature(state: object, sort_model: object, filter_model: object) -> str:
    """Identifies one view of the grid: a remembered key is only valid for the same view."""
    return json.dumps([state, sort_model, filter_model], sort_keys=True, default=str)


def anchor(memory: object, signature: str, start: int) -> dict | None:
    """The remembered key of the row before ``start`` in this view, if any."""
    if not isinstance(memory, dict) or memory.get("view") != signature:
        return None
    keys = memory.get("after")
    return keys.get(str(start)) if isinstance(keys, dict) else None


def remember(memory: object, signature: str, end: int, key: dict | None) -> dict:
    """The memory after serving a block that ends before row ``end`` with the row of ``key``."""
    keys = dict(memory["after"]) if isinstance(memory, dict) and memory.get("view") == signature else {}
    if key is not None:
        keys[str(end)] = key
        while len(keys) > REMEMBERED_BLOCKS:
            keys.pop(next(iter(keys)))
    return {"view": signature, "after": keys}
