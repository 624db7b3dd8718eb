"""Entry forms (add a municipality, change its stage, add a Pat:in, a measure, a session …) as dbc modals.

Each form is declared once as an :class:`EntryForm` whose fields are the write commands' own
:class:`~data.commands.fields.FieldSpec` s: the German label, the required mark, the choices and the
input kind come from the same declaration that validates the value, so a form never asks for something
the command refuses. A command's :class:`~data.commands.errors.FieldErrors` are shown next to their fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import dash_bootstrap_components as dbc
from dash import dcc, html

from data.commands.fields import FieldSpec, Kind
from data.commands.kohorten_entry import COHORT_FIELDS, ENROLLMENT_FIELDS, NEW_GOAL_FIELDS, SESSION_FIELDS
from data.commands.massnahmen_fields import MEASURE_NAME_FIELDS, NEW_MEASURE_FIELDS
from data.commands.municipalities import MUNICIPALITY_FIELDS, STAGE_DATE_FIELD, STAGE_FIELD
from data.commands.volunteers import VOLUNTEER_FIELDS
from layouts import format as fmt
from layouts import ids

REQUIRED_NOTE = "Pflichtfelder sind mit * markiert."
DATE_HINT = "TT.MM.JJJJ, z. B. 28.02.2025"


@dataclass(frozen=True)
class FormField:
    """One input of a form: the command's field spec, and where its choices come from if they are data."""

    spec: FieldSpec
    choices: str | None = None  # options loaded when the form opens (callbacks.entry.load_choices)
    hint: str | None = None
    today: bool = False  # a date field that starts with today's date

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class EntryForm:
    key: str  # part of every component id of the form
    title: str
    open_label: str
    fields: tuple[FormField, ...]
    submit_label: str = "Speichern"
    intro: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The field names in form order (the order of the callbacks' per-field outputs)."""
        return tuple(item.name for item in self.fields)


def _choice(name: str, label: str, required: bool = True) -> FieldSpec:
    """A field whose options are records (a municipality, a program …) rather than a vocabulary."""
    return FieldSpec(name, label, Kind.CHOICE, required=required)


def _dated(specs) -> tuple[FormField, ...]:
    """Form fields for ``specs``, date fields with the date hint."""
    return tuple(FormField(spec, hint=DATE_HINT if spec.kind is Kind.DATE else None) for spec in specs)


MUNICIPALITY_CHOICE = _choice("municipality_id", "Kommune")
SESSION_CHOICE = FormField(_choice("session_id", "Termin"), choices="sessions")
ENROLLMENT_CHOICE = FormField(_choice("enrollment_id", "Teilnahme"), choices="enrollments")
RETIRE_PART_NOTE = (
    "{what} bleibt mit {its} Geschichte gespeichert, zählt aber in Trichter, Zielen und Anwesenheit nicht mehr mit. "
    "Unter „Ausgemusterte zeigen“ ist {it} aufgeführt und kann wiederhergestellt werden."
)
EDIT_NOTE = "Die gespeicherten Angaben stehen in den Feldern; gespeichert wird, was Sie ändern."
FIRST_STAGE = FormField(STAGE_FIELD, hint="Die Stufe, in der die Kommune jetzt ist.")
FIRST_STAGE_DATE = FormField(STAGE_DATE_FIELD, hint=DATE_HINT, today=True)

FORMS: dict[str, EntryForm] = {
    form.key: form
    for form in (
        EntryForm(
            "kommune",
            "Kommune hinzufügen",
            "Kommune hinzufügen",
            (
                FormField(MUNICIPALITY_FIELDS["name"]),
                FormField(MUNICIPALITY_FIELDS["kind"]),
                FormField(MUNICIPALITY_FIELDS["ags"], hint="8 Ziffern, z. B. 05515000; ein Stadtteil braucht keinen."),
                FormField(MUNICIPALITY_FIELDS["population"], hint="z. B. 12.345"),
                FIRST_STAGE,
                FIRST_STAGE_DATE,
            ),
        ),
        EntryForm(
            "kommune-edit",
            "Kommune bearbeiten",
            "Kommune bearbeiten",
            (
                FormField(MUNICIPALITY_CHOICE, choices="municipalities"),
                *(FormField(spec) for spec in MUNICIPALITY_FIELDS.values()),
            ),
            intro="Nach der Wahl der Kommune stehen ihre gespeicherten Angaben in den Feldern.",
        ),
        EntryForm(
            "stufe",
            "Stufe ändern",
            "Stufe ändern",
            (
                FormField(MUNICIPALITY_CHOICE, choices="municipalities"),
                FormField(STAGE_FIELD),
                FormField(STAGE_DATE_FIELD, hint=f"{DATE_HINT}; nicht vor der vorigen Stufe.", today=True),
            ),
            intro="Jede Stufe wird mit ihrem Datum festgehalten; Pipeline und Mediane rechnen damit.",
        ),
        EntryForm(
            "pat",
            "Klimaschutzpat:in hinzufügen",
            "Pat:in hinzufügen",
            (
                FormField(MUNICIPALITY_CHOICE, choices="municipalities"),
                FormField(VOLUNTEER_FIELDS["code"], hint="Ein Pseudonym wie KP-NW-042, kein Name."),
                FormField(VOLUNTEER_FIELDS["joined_on"], hint=DATE_HINT, today=True),
                FormField(VOLUNTEER_FIELDS["trained_on"], hint=DATE_HINT),
            ),
        ),
        EntryForm(
            "pat-ende",
            "Ausscheiden einer Pat:in festhalten",
            "Pat:in ausgeschieden",
            (
                FormField(_choice("volunteer_id", "Klimaschutzpat:in"), choices="volunteers"),
                FormField(VOLUNTEER_FIELDS["left_on"], hint=DATE_HINT, today=True),
            ),
        ),
        EntryForm(
            "kommune-aus",
            "Kommune ausmustern",
            "Kommune ausmustern",
            (FormField(MUNICIPALITY_CHOICE, choices="municipalities"),),
            submit_label="Ausmustern",
            intro="Eine ausgemusterte Kommune bleibt mit ihrer Geschichte gespeichert, zählt aber nirgends mehr mit. "
            "Sie kann jederzeit wiederhergestellt werden.",
        ),
        EntryForm(
            "kommune-zurueck",
            "Kommune wiederherstellen",
            "Ausgemusterte wiederherstellen",
            (FormField(_choice("municipality_id", "Ausgemusterte Kommune"), choices="retired_municipalities"),),
            submit_label="Wiederherstellen",
        ),
        EntryForm(
            "massnahme",
            "Neue Maßnahme",
            "Neue Maßnahme",
            (
                FormField(_choice("program_id", "Programm"), choices="programs"),
                FormField(_choice("municipality_id", "Kommune", required=False), choices="municipalities"),
                FormField(
                    NEW_MEASURE_FIELDS["code"], hint="Eindeutig im Programm; leer lassen: der Code wird erzeugt."
                ),
                FormField(NEW_MEASURE_FIELDS["title"]),
                FormField(NEW_MEASURE_FIELDS["sector"], hint="z. B. Energie, Mobilität, Gebäude"),
                FormField(NEW_MEASURE_FIELDS["status"]),
                FormField(NEW_MEASURE_FIELDS["started_on"], hint=DATE_HINT),
                FormField(NEW_MEASURE_FIELDS["planned_completion_on"], hint=DATE_HINT),
                FormField(NEW_MEASURE_FIELDS["responsible"]),
                FormField(NEW_MEASURE_FIELDS["co2_t_per_year"], hint="t CO₂ pro Jahr, z. B. 12,5"),
                FormField(NEW_MEASURE_FIELDS["cost_eur"], hint="in €, z. B. 25.000"),
            ),
        ),
        EntryForm(
            "massnahme-edit",
            "Code und Titel ändern",
            "Code und Titel ändern",
            (
                FormField(MEASURE_NAME_FIELDS["code"], hint="Eindeutig im Programm, z. B. MS-KSV-01."),
                FormField(MEASURE_NAME_FIELDS["title"]),
            ),
            intro=EDIT_NOTE,
        ),
        EntryForm("termin", "Termin hinzufügen", "Termin hinzufügen", _dated(SESSION_FIELDS.values())),
        EntryForm(
            "termin-edit",
            "Termin bearbeiten",
            "Termin bearbeiten",
            (SESSION_CHOICE, *_dated(SESSION_FIELDS.values())),
            intro="Nach der Wahl des Termins stehen seine gespeicherten Angaben in den Feldern.",
        ),
        EntryForm(
            "kohorte-edit",
            "Kohorte bearbeiten",
            "Kohorte bearbeiten",
            _dated(COHORT_FIELDS.values()),
            intro=EDIT_NOTE,
        ),
        EntryForm(
            "termin-aus",
            "Termin ausmustern",
            "Termin ausmustern",
            (SESSION_CHOICE,),
            submit_label="Ausmustern",
            intro=RETIRE_PART_NOTE.format(what="Ein ausgemusterter Termin", its="seiner", it="er"),
        ),
        EntryForm(
            "teilnahme-aus",
            "Teilnahme ausmustern",
            "Teilnahme ausmustern",
            (ENROLLMENT_CHOICE,),
            submit_label="Ausmustern",
            intro=RETIRE_PART_NOTE.format(
                what="Eine ausgemusterte Teilnahme (mit ihren Zielen)", its="ihrer", it="sie"
            ),
        ),
        EntryForm(
            "ziel-aus",
            "Ziel ausmustern",
            "Ziel ausmustern",
            (FormField(_choice("goal_id", "Ziel"), choices="goals"),),
            submit_label="Ausmustern",
            intro=RETIRE_PART_NOTE.format(what="Ein ausgemustertes Ziel", its="seiner", it="es"),
        ),
        EntryForm(
            "kohorte-zurueck",
            "Ausgemustertes wiederherstellen",
            "Ausgemustertes wiederherstellen",
            (FormField(_choice("part", "Ausgemusterter Eintrag"), choices="retired_parts"),),
            submit_label="Wiederherstellen",
            intro="Termine, Teilnahmen und Ziele dieser Kohorte, die ausgemustert sind.",
        ),
        EntryForm(
            "teilnahme",
            "Teilnahme anmelden",
            "Teilnahme anmelden",
            (
                FormField(ENROLLMENT_FIELDS["participant_code"], hint="Ein Pseudonym wie TN-017, kein Name."),
                FormField(
                    ENROLLMENT_FIELDS["small_group"], hint="Name der Kleingruppe; neu, wenn es sie noch nicht gibt."
                ),
                FormField(ENROLLMENT_FIELDS["registered_on"], hint=DATE_HINT, today=True),
            ),
        ),
        EntryForm(
            "ziel",
            "Persönliches Ziel hinzufügen",
            "Ziel hinzufügen",
            (
                ENROLLMENT_CHOICE,
                FormField(NEW_GOAL_FIELDS["topic"]),
                FormField(NEW_GOAL_FIELDS["text"]),
                FormField(NEW_GOAL_FIELDS["status"]),
                FormField(NEW_GOAL_FIELDS["co2_t_per_year"], hint="t CO₂ pro Jahr, z. B. 0,5"),
            ),
        ),
        EntryForm(
            "kohorte",
            "Neue Kohorte",
            "Neue Kohorte",
            (
                FormField(_choice("program_id", "Programm"), choices="programs"),
                FormField(_choice("state_code", "Land", required=False), choices="states"),
                *_dated(COHORT_FIELDS.values()),
            ),
        ),
    )
}

DEFAULTS = {
    ("kommune", "stage"): "angesprochen",
    ("massnahme", "status"): "geplant",
    ("ziel", "status"): "geplant",
    ("kohorte", "status"): "geplant",
}


def form_text(spec: FieldSpec, value: object) -> str:
    """A stored value as the form shows it (and its field parses it back): German dates and numbers."""
    if value is None:
        return ""
    if spec.kind is Kind.DATE and isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if spec.kind in (Kind.INTEGER, Kind.DECIMAL) and isinstance(value, int | float | Decimal):
        return fmt.number(value, spec.decimals)
    return str(value)


def _label(spec: FieldSpec, element_id: str) -> dbc.Label:
    mark = [" ", html.Span("*", className="text-danger", **{"aria-hidden": "true"})] if spec.required else []
    return dbc.Label([spec.label, *mark], html_for=element_id)


def choice_options(spec: FieldSpec, choices: list[tuple] | None = None) -> list[dict]:
    """A select's options: a blank first ("bitte wählen" or "keine Angabe"), then ``choices`` (value, label, …)
    or the field's vocabulary."""
    listed = choices if choices is not None else list(spec.options.items())
    blank = "– bitte wählen –" if spec.required else "– keine Angabe –"
    return [{"label": blank, "value": ""}, *({"label": row[1], "value": str(row[0])} for row in listed)]


def _input(form: EntryForm, item: FormField, choices: dict[str, list] | None):
    element_id = ids.Entry.field(form.key, item.name)
    spec = item.spec
    common = {"id": element_id, "invalid": False, "required": spec.required}
    if spec.kind is Kind.CHOICE:
        listed = (choices or {}).get(item.choices) if item.choices else None
        value = DEFAULTS.get((form.key, item.name), "")
        return dbc.Select(options=choice_options(spec, listed), value=value, **common)
    if spec.kind is Kind.TEXT and spec.multiline:
        return dbc.Textarea(value="", **common)
    mode = {Kind.INTEGER: "numeric", Kind.DECIMAL: "decimal"}.get(spec.kind)
    extra = {"inputMode": mode} if mode else {}
    if spec.kind is Kind.DATE:
        extra["placeholder"] = "TT.MM.JJJJ"
    return dbc.Input(type="text", value="", maxLength=spec.max_length, autoComplete="off", **common, **extra)


def form_group(form: EntryForm, item: FormField, choices: dict[str, list] | None = None) -> html.Div:
    element_id = ids.Entry.field(form.key, item.name)
    parts = [_label(item.spec, element_id), _input(form, item, choices)]
    parts.append(dbc.FormFeedback(id=ids.Entry.feedback(form.key, item.name), type="invalid"))
    if item.hint:
        parts.append(dbc.FormText(item.hint))
    return html.Div(parts, className="mb-3")


def open_button(key: str) -> dbc.Button:
    form = FORMS[key]
    return dbc.Button(form.open_label, id=ids.Entry.open(key), color="primary", outline=True, size="sm")


def entry_modal(key: str) -> html.Div:
    """The form's dialog (closed), its result line on the page, and a store for what the form was opened with."""
    form = FORMS[key]
    body = [html.P(form.intro, className="text-muted")] if form.intro else []
    body += [html.P(REQUIRED_NOTE, className="small text-muted"), *(form_group(form, item) for item in form.fields)]
    body.append(html.Div(id=ids.Entry.message(key), role="alert"))
    modal = dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(form.title, id=ids.Entry.title(key))),
            dbc.ModalBody(body),
            dbc.ModalFooter(
                [
                    dbc.Button("Abbrechen", id=ids.Entry.cancel(key), color="secondary", outline=True),
                    dbc.Button(form.submit_label, id=ids.Entry.save(key), color="primary"),
                ]
            ),
        ],
        id=ids.Entry.modal(key),
        is_open=False,
        backdrop="static",
        labelledby=ids.Entry.title(key),
    )
    return html.Div([modal, dcc.Store(id=ids.Entry.context(key))])


def entry_toolbar(keys: tuple[str, ...], heading: str | None = None) -> html.Div:
    """The open buttons of ``keys`` in a row, the last result below them, and their (closed) dialogs."""
    buttons = [open_button(key) for key in keys]
    results = [html.Div(id=ids.Entry.done(key), role="status") for key in keys]
    label = [html.Span(heading, className="small text-muted me-1")] if heading else []
    return html.Div(
        [
            html.Div([*label, *buttons], className="d-flex flex-wrap gap-2 align-items-center"),
            *results,
            *(entry_modal(key) for key in keys),
        ],
        className="entry-toolbar mb-3",
    )


def field_errors(form: EntryForm, errors: dict[str, str]) -> list:
    """Per field: ``invalid`` and the feedback text, in the form's field order (as the callback's outputs)."""
    return [name in errors for name in form.names] + [errors.get(name, "") for name in form.names]


def result(message: str, ok: bool) -> dbc.Alert:
    return dbc.Alert(message, color="success" if ok else "danger", className="py-2 mt-2 mb-0", dismissable=True)
