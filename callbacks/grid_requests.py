"""Typed AG Grid requests from the browser: ``getRowsRequest`` and the column ``filterModel``.

Like the save events in :mod:`callbacks.grid_saves`, what the grid sends is checked against a
pydantic model before it reaches a query; a malformed or forged request yields ``None``, never an
exception. Inside a well-shaped column filter, unknown columns, operators and values are still
ignored by the query (``data.queries.massnahmen_grid``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, TypeAdapter, ValidationError

from data.ids import ROW_ID_MAX

Short = Annotated[StrictStr, Field(max_length=200)]
RowIndex = Annotated[StrictInt, Field(ge=0, le=ROW_ID_MAX)]
FilterValue = StrictInt | StrictFloat | Short | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ColumnFilter(_Model):
    """One column's filter: a simple condition, or up to two joined by ``operator``."""

    filterType: Short | None = None
    type: Short | None = None
    filter: FilterValue = None
    filterTo: FilterValue = None
    dateFrom: Short | None = None
    dateTo: Short | None = None
    operator: Literal["AND", "OR"] | None = None
    conditions: Annotated[list[ColumnFilter], Field(max_length=10)] | None = None


FilterModel = Annotated[dict[Short, ColumnFilter], Field(max_length=50)]


class SortColumn(_Model):
    colId: Short
    sort: Literal["asc", "desc"] | None = None


class RowsRequest(_Model):
    """The block of rows the infinite row model asks for, with its sort and column filters."""

    startRow: RowIndex = 0
    endRow: RowIndex = 100
    sortModel: Annotated[list[SortColumn], Field(max_length=50)] = []
    filterModel: FilterModel = {}

    def sort_model(self) -> list[dict[str, Any]]:
        return [column.model_dump(exclude_none=True) for column in self.sortModel]

    def filter_model(self) -> dict[str, dict[str, Any]]:
        return _dumped(self.filterModel)


_FILTER_MODEL = TypeAdapter(FilterModel)


def parse_rows_request(raw: object) -> RowsRequest | None:
    """The checked ``getRowsRequest`` (none sent: the first block), or None for a malformed one."""
    try:
        return RowsRequest.model_validate(raw or {})
    except ValidationError:
        return None


def parse_filter_model(raw: object) -> dict[str, dict[str, Any]] | None:
    """The checked column ``filterModel`` as plain dicts (none set: ``{}``), or None for a malformed one."""
    try:
        return _dumped(_FILTER_MODEL.validate_python(raw or {}))
    except ValidationError:
        return None


def _dumped(model: dict[str, ColumnFilter]) -> dict[str, dict[str, Any]]:
    return {col_id: column.model_dump(exclude_none=True) for col_id, column in model.items()}
