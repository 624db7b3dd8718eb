"""Import page (``/import``) and one import's page (``/import/<id>``): upload, progress, preview with counts
and the row report, confirmation, history."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data import vocab
from data.imports.history import RunSummary
from data.imports.planning import REPORT_HEADER
from data.imports.reading import Limits
from layouts import format as fmt
from layouts import ids
from layouts.components import page_header

REPORT_ROWS_SHOWN = 200
RUNNING = ("pruefung", "laeuft")
STATUS_COLOURS = {
    "pruefung": "info",
    "vorschau": "primary",
    "laeuft": "info",
    "importiert": "success",
    "abgelehnt": "danger",
    "verworfen": "secondary",
    "fehlgeschlagen": "danger",
}


def report_href(run_id: int) -> str:
    return f"/import/{run_id}/bericht.csv"


def template_href(entity: str) -> str:
    return f"/import/vorlage/{entity}.xlsx"


def writers_only() -> html.Div:
    return html.Div(
        [
            page_header("Import"),
            dbc.Alert("Bitte melden Sie sich mit einem Konto an, das Daten ändern darf.", color="warning"),
        ]
    )


def import_layout(history: list[RunSummary], limits: Limits) -> html.Div:
    entities = [{"label": label, "value": key} for key, label in vocab.IMPORT_ENTITIES.items()]
    templates = [
        html.A(f"Vorlage {label}", href=template_href(key), className="btn btn-outline-secondary btn-sm me-2 mb-2")
        for key, label in vocab.IMPORT_ENTITIES.items()
    ]
    return html.Div(
        [
            page_header(
                "Import",
                "CSV- oder XLSX-Datei hochladen → Vorschau mit Zeilenbericht prüfen → bestätigen. "
                "Es wird alles oder nichts gespeichert.",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Row(
                            [
                                dbc.Col(
                                    [
                                        dbc.Label("Was enthält die Datei?", html_for=ids.Import.ENTITY),
                                        dbc.Select(id=ids.Import.ENTITY, options=entities, value="measures"),
                                    ],
                                    md=4,
                                ),
                                dbc.Col(
                                    [
                                        dbc.Label("Blatt (nur XLSX, optional)", html_for=ids.Import.SHEET),
                                        dbc.Input(
                                            id=ids.Import.SHEET, maxLength=120, placeholder="erstes Blatt mit Daten"
                                        ),
                                    ],
                                    md=4,
                                ),
                            ],
                            className="mb-3",
                        ),
                        dbc.Label("Datei (CSV oder XLSX)", html_for=ids.Import.UPLOAD),
                        dcc.Upload(
                            html.Div(["Datei hierher ziehen oder ", html.U("auswählen"), " (CSV oder XLSX)"]),
                            id=ids.Import.UPLOAD,
                            accept=".csv,.txt,.xlsx,.xlsm",
                            max_size=limits.max_bytes,
                            className="import-upload border rounded p-4 text-center mb-2",
                        ),
                        html.P(
                            f"Höchstens {limits.megabytes} MB und {fmt.number(limits.max_rows)} Zeilen.",
                            className="text-muted small",
                        ),
                        html.Div(templates),
                    ]
                ),
                className="mb-4",
            ),
            dcc.Store(id=ids.Import.RUN),
            dcc.Interval(id=ids.Import.POLL, interval=1000, disabled=True),
            html.Div(id=ids.Import.STATUS, **{"aria-live": "polite"}),
            dbc.Button("Import bestätigen", id=ids.Import.CONFIRM, color="success", className="mb-3", disabled=True),
            html.Div(id=ids.Import.FEEDBACK, **{"aria-live": "polite"}),
            html.H2("Bisherige Importe", className="h5 mt-4"),
            html.Div(history_table(history), id=ids.Import.HISTORY),
        ]
    )


def progress(run: RunSummary) -> html.Div:
    """While a run reads, checks or writes: a progress bar with the rows done (and a text for screen readers)."""
    if run.status == "laeuft":
        label = f"Wird gespeichert … ({fmt.number(run.rows_total)} Zeilen)"
        bar = dbc.Progress(value=100, striped=True, animated=True, label="Speichern")
    else:
        share = round(100 * run.rows_done / run.rows_total) if run.rows_total else 0
        label = f"Datei wird geprüft … {fmt.number(run.rows_done)} von {fmt.number(run.rows_total)} Zeilen"
        bar = dbc.Progress(value=share, striped=True, animated=True, label=f"{share} %")
    return html.Div([html.P(label), bar], className="mb-3")


def counts(run: RunSummary) -> dbc.Row:
    numbers = (
        ("neu", run.new_count, "primary"),
        ("geändert", run.changed_count, "primary"),
        ("unverändert", run.unchanged_count, "secondary"),
        ("fehlerhaft", run.error_count, "danger"),
        ("Konflikte", run.conflict_count, "warning"),
    )
    return dbc.Row(
        [
            dbc.Col(
                dbc.Card(
                    dbc.CardBody([html.Div(fmt.number(number), className="h4 mb-0"), html.Div(label)]),
                    color=colour if number else None,
                    outline=True,
                ),
                xs=6,
                md=2,
            )
            for label, number, colour in numbers
        ],
        className="mb-3 g-2",
    )


def result(run: RunSummary, report: list[list[str]]) -> html.Div:
    """The preview or the outcome: status (colour and text), counts, the first rows of the report."""
    status = vocab.IMPORT_STATUSES.get(run.status, run.status)
    parts = [
        html.H2(f"{run.file_name} – {vocab.IMPORT_ENTITIES.get(run.entity, run.entity)}", className="h5"),
        dbc.Badge(status, color=STATUS_COLOURS.get(run.status, "secondary"), className="mb-2 import-run-status"),
    ]
    if run.message:
        parts.append(
            dbc.Alert(run.message, color="danger" if run.status in ("abgelehnt", "fehlgeschlagen") else "info")
        )
    if run.rows_total:
        parts.append(counts(run))
    if report:
        shown = report[:REPORT_ROWS_SHOWN]
        more = (
            f" (die ersten {REPORT_ROWS_SHOWN} von {fmt.number(len(report))})"
            if len(report) > REPORT_ROWS_SHOWN
            else ""
        )
        parts += [
            html.H3(f"Zeilenbericht{more}", className="h6"),
            html.A(
                "Zeilenbericht als CSV", href=report_href(run.id), className="btn btn-outline-secondary btn-sm mb-2"
            ),
            dbc.Table(
                [
                    html.Thead(html.Tr([html.Th(h) for h in REPORT_HEADER])),
                    html.Tbody([html.Tr([html.Td(c) for c in r]) for r in shown]),
                ],
                size="sm",
                striped=True,
                className="import-report",
            ),
        ]
    if run.status == "vorschau":
        parts.append(
            html.P("Nichts zu ändern." if not (run.new_count or run.changed_count) else "Bitte prüfen und bestätigen.")
        )
    if run.status == "importiert":
        parts.append(html.A("Geänderte Einträge ansehen", href=f"/import/{run.id}"))
    return html.Div(parts, className="mb-3")


def history_table(history: list[RunSummary]) -> html.Div:
    if not history:
        return html.P("Noch keine Importe.", className="text-muted")
    header = ("Wann", "Wer", "Datei", "Art", "Status", "neu", "geändert", "unverändert", "fehlerhaft", "Konflikte", "")
    body = [
        html.Tr(
            [
                html.Td(fmt.moment(run.created_at)),
                html.Td(run.actor),
                html.Td(run.file_name),
                html.Td(vocab.IMPORT_ENTITIES.get(run.entity, run.entity)),
                html.Td(vocab.IMPORT_STATUSES.get(run.status, run.status)),
                *[
                    html.Td(fmt.number(n))
                    for n in (
                        run.new_count,
                        run.changed_count,
                        run.unchanged_count,
                        run.error_count,
                        run.conflict_count,
                    )
                ],
                html.Td(html.A("Details", href=f"/import/{run.id}")),
            ]
        )
        for run in history
    ]
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)], size="sm", striped=True, hover=True
    )


def run_layout(run: RunSummary, report: list[list[str]], changes: pd.DataFrame) -> html.Div:
    """One import: its outcome, its row report and the audited changes it made."""
    rows = [
        html.Tr(
            [
                html.Td(r.table_name),
                html.Td(str(r.row_id)),
                html.Td(r.field),
                html.Td(r.old_value or "–"),
                html.Td(r.new_value or "–"),
            ]
        )
        for r in changes.itertuples()
    ]
    audited = (
        dbc.Table(
            [html.Thead(html.Tr([html.Th(h) for h in ("Eintrag", "Feld", "alt", "neu")])), html.Tbody(rows)],
            size="sm",
            striped=True,
        )
        if rows
        else html.P("Dieser Import hat nichts geändert.", className="text-muted")
    )
    more = f" (die ersten {len(rows)} von {fmt.number(run.audited)})" if run.audited > len(rows) else ""
    return html.Div(
        [
            page_header(f"Import Nr. {run.id}", f"{run.actor}, {fmt.moment(run.created_at)}"),
            result(run, report),
            html.H2(f"Protokollierte Änderungen{more}", className="h5"),
            audited,
            html.A("Zurück zum Import", href="/import"),
        ]
    )
