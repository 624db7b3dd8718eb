"""Editable grid columns derived from the commands' field specs, and the message after a save.

The spec (:class:`data.commands.fields.FieldSpec`) says what a field accepts; this module turns it into
AG Grid column settings, so editable flags, editors, maximum lengths and options are declared once.
Numbers are edited as text (``GermanNumberEditor``, ``dashboard/assets/21-grid-editors.js``): AG Grid's
number editor drops a typed comma, while the server parses German input strictly. Choices use
``ChoiceEditor``: a list that opens at once, marks the current value and shows colour, icon and label.
"""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import html

from data.commands.fields import EARLIEST_DATE, LATEST_DATE, FieldSpec, Kind
from layouts.status import StatusStyle


def editable_column(
    spec: FieldSpec,
    *,
    editable: bool = True,
    styles: dict[str, StatusStyle] | None = None,
    by_label: bool = False,
    **column: object,
) -> dict:
    """Column settings for ``spec``: ``column`` adds display settings (header, width, formatter …).

    ``styles`` gives choice options their colour and icon; ``by_label`` makes the cell hold the German
    label instead of the key (the cohort grids show labels).
    """
    settings: dict[str, object] = {"field": spec.name, "headerName": spec.label, **column}
    settings["editable"] = bool(editable and spec.editable)
    match spec.kind:
        case Kind.CHOICE:
            options = [
                {
                    "value": label if by_label else key,
                    "label": label,
                    "colour": styles[key].colour if styles and key in styles else "#a1a1aa",
                    "icon": styles[key].icon if styles and key in styles else "",
                }
                for key, label in spec.options.items()
            ]
            settings |= {
                "cellEditor": {"function": "ChoiceEditor"},
                "cellEditorPopup": True,
                "cellEditorPopupPosition": "under",
                "cellEditorParams": {"options": options},
            }
        case Kind.INTEGER | Kind.DECIMAL:
            settings |= {
                "cellEditor": {"function": "GermanNumberEditor"},
                "cellEditorParams": {"decimals": spec.decimals},
            }
        case Kind.TEXT if spec.multiline:
            settings |= {
                "cellEditor": "agLargeTextCellEditor",
                "cellEditorPopup": True,
                "cellEditorParams": {"maxLength": spec.max_length, "rows": 8, "cols": 60},
            }
        case Kind.TEXT:
            settings |= {"cellEditor": "agTextCellEditor", "cellEditorParams": {"maxLength": spec.max_length}}
        case Kind.DATE:
            settings |= {
                "cellEditor": "agDateStringCellEditor",
                "cellEditorParams": {"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()},
            }
        case Kind.BOOLEAN:
            settings |= {"cellDataType": "boolean"}
    return settings


def save_alert(lines: Sequence[tuple[bool, str]], alert_id: str) -> dbc.Alert | None:
    """One message per saved or refused change; red as soon as one was refused."""
    if not lines:
        return None
    ok = all(success for success, _ in lines)
    return dbc.Alert(
        [html.Div(text) for _, text in lines],
        color="success" if ok else "danger",
        id=alert_id,
        dismissable=True,
        className="py-2",
    )
