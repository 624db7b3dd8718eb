"""The entry forms' callbacks: open a form (with fresh choices), save it through its command, report.

Thin: each form's :data:`SUBMIT` function turns the form's text values into one command call; the
command validates, checks role and scope, audits and commits — or raises a German error, shown next to
the field it names (:class:`FieldErrors`) or above the buttons. A save refreshes the page it was made on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dash import Dash, Input, Output, State, no_update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callbacks.grid_saves import next_revision
from callbacks.kohorten_detail import cohort_boxes
from callbacks.measure_detail import measure_header
from callbacks.session_user import current_actor
from callbacks.triggers import triggered_id
from data.commands.errors import CommandError, FieldErrors
from data.commands.fields import FieldSpec
from data.commands.kohorten_entry import (
    COHORT_FIELDS,
    SESSION_FIELDS,
    add_goal,
    add_session,
    create_cohort,
    enroll,
    update_cohort,
    update_session,
)
from data.commands.massnahmen import create_measure, update_measure
from data.commands.massnahmen_fields import MEASURE_NAME_FIELDS
from data.commands.municipalities import change_stage, create_municipality, update_municipality
from data.commands.records import restore, retire
from data.commands.unit_of_work import UNREACHABLE_MESSAGE, Actor
from data.commands.volunteers import create_volunteer, update_volunteer
from data.db import Database
from data.ids import parse_row_id, parse_state_code
from data.models import Cohort, CohortSession, Measure
from data.permissions import write_scope
from data.queries import entry_choices
from layouts import format as fmt
from layouts import ids
from layouts.entry_forms import DEFAULTS, FORMS, EntryForm, choice_options, field_errors, form_text, result

Values = dict[str, object]


@dataclass(frozen=True)
class Opened:
    """What a form was opened with: the page it is on (a state code, cohort or measure id), the listed
    versions, and the stored values an edit form showed (for records without a version number)."""

    page: object
    versions: dict[str, int]
    shown: dict[str, object] | None = None

    def version(self, raw_id: object) -> object:
        return self.versions.get(str(raw_id)) if isinstance(self.versions, dict) else None


def _state(page: object) -> str:
    code = parse_state_code(page)
    if code is None:
        raise CommandError("Das Land fehlt; bitte die Seite neu laden.")
    return code


def _cohort(page: object) -> int:
    cohort_id = parse_row_id(page)
    if cohort_id is None:
        raise CommandError("Die Kohorte fehlt; bitte die Seite neu laden.")
    return cohort_id


def _id(values: Values, name: str) -> int | None:
    return parse_row_id(values.get(name))


def _municipality(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    created = create_municipality(
        session,
        actor,
        _state(opened.page),
        {name: v[name] for name in ("name", "kind", "ags", "population")},
        stage=v["stage"],
        entered_on=v["entered_on"],
    )
    return (
        f"Gespeichert: Kommune „{str(v['name']).strip()}“ angelegt (Nr. {created.municipality_id}). Sie erscheint "
        f"in Pipeline und Liste, sobald der Stand den {str(v['entered_on']).strip()} erreicht."
    )


def _edit_municipality(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    municipality_id = _id(v, "municipality_id")
    changes = {name: v[name] for name in ("name", "kind", "ags", "population")}
    expected = opened.version(municipality_id)
    version = update_municipality(session, actor, municipality_id, changes, expected)
    return "Nichts geändert." if version == expected else "Gespeichert: Die Angaben der Kommune wurden geändert."


def _stage(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    municipality_id = _id(v, "municipality_id")
    change_stage(session, actor, municipality_id, v["stage"], v["entered_on"], opened.version(municipality_id))
    return f"Gespeichert: Die Stufe gilt ab dem {str(v['entered_on']).strip()}."


def _volunteer(session: Session, actor: Actor, _opened: Opened, v: Values) -> str:
    values = {name: v[name] for name in ("code", "joined_on", "trained_on")}
    create_volunteer(session, actor, _id(v, "municipality_id"), values)
    return f"Gespeichert: Pat:in {str(v['code']).strip().upper()} hinzugefügt."


def _volunteer_left(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    volunteer_id = _id(v, "volunteer_id")
    if volunteer_id is None:
        raise FieldErrors({"volunteer_id": "Bitte eine Pat:in wählen."})
    update_volunteer(session, actor, volunteer_id, {"left_on": v["left_on"]}, opened.version(volunteer_id))
    return "Gespeichert: Das Ausscheiden wurde festgehalten."


def _retire_municipality(session: Session, actor: Actor, _opened: Opened, v: Values) -> str:
    retire(session, actor, "municipalities", _id(v, "municipality_id"))
    return "Gespeichert: Die Kommune wurde ausgemustert."


def _restore_municipality(session: Session, actor: Actor, _opened: Opened, v: Values) -> str:
    restore(session, actor, "municipalities", _id(v, "municipality_id"))
    return "Gespeichert: Die Kommune wurde wiederhergestellt."


def _measure(session: Session, actor: Actor, _opened: Opened, v: Values) -> str:
    values = {name: value for name, value in v.items() if name not in ("program_id", "municipality_id")}
    # blank: no municipality; anything but an id is passed on for the command to refuse
    municipality_id = _id(v, "municipality_id") or v.get("municipality_id") or None
    created = create_measure(session, actor, _id(v, "program_id"), values, municipality_id=municipality_id)
    return f"Gespeichert: Maßnahme {created.code} „{str(v['title']).strip()}“ angelegt."


def _session(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    add_session(session, actor, _cohort(opened.page), v)
    return f"Gespeichert: Termin „{str(v['title']).strip()}“ hinzugefügt."


def _enrollment(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    enroll(session, actor, _cohort(opened.page), v)
    return f"Gespeichert: {str(v['participant_code']).strip().upper()} angemeldet."


def _goal(session: Session, actor: Actor, _opened: Opened, v: Values) -> str:
    add_goal(session, actor, _id(v, "enrollment_id"), {k: value for k, value in v.items() if k != "enrollment_id"})
    return "Gespeichert: Ziel hinzugefügt."


def _edit_cohort(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    cohort_id = _cohort(opened.page)
    version = opened.version(cohort_id)
    new_version = update_cohort(session, actor, cohort_id, v, version)
    return "Nichts geändert." if new_version == version else "Gespeichert: Die Angaben der Kohorte wurden geändert."


def _edit_session(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    session_id = _id(v, "session_id")
    changes = {name: v[name] for name in SESSION_FIELDS}
    changed = update_session(session, actor, session_id, changes, opened.shown or {})
    return f"Gespeichert: Termin „{str(v['title']).strip()}“ geändert." if changed else "Nichts geändert."


def _rename_measure(session: Session, actor: Actor, opened: Opened, v: Values) -> str:
    measure_id = parse_row_id(opened.page)
    if measure_id is None:
        raise CommandError("Die Maßnahme fehlt; bitte die Seite neu laden.")
    done = update_measure(
        session, actor, measure_id, v, opened.version(measure_id), source="ui", fields=MEASURE_NAME_FIELDS
    )
    return "Gespeichert: Code und Titel wurden geändert." if done.changed else "Nichts geändert."


# A cohort's parts that are retired and restored one by one, as the messages name them.
RESTORABLE_PARTS = {"cohort_sessions": "Der Termin", "enrollments": "Die Teilnahme", "goals": "Das Ziel"}


def _retire_part(table: str, field: str) -> Callable[[Session, Actor, Opened, Values], str]:
    def submit(session: Session, actor: Actor, _opened: Opened, v: Values) -> str:
        retire(session, actor, table, _id(v, field))
        return f"Gespeichert: {RESTORABLE_PARTS[table]} wurde ausgemustert."

    return submit


def _restore_part(session: Session, actor: Actor, _opened: Opened, v: Values) -> str:
    table, _sep, raw_id = str(v.get("part") or "").partition(":")
    if table not in RESTORABLE_PARTS or parse_row_id(raw_id) is None:
        raise FieldErrors({"part": "Bitte einen ausgemusterten Eintrag wählen."})
    restore(session, actor, table, parse_row_id(raw_id))
    return f"Gespeichert: {RESTORABLE_PARTS[table]} wurde wiederhergestellt."


def _new_cohort(session: Session, actor: Actor, _opened: Opened, v: Values) -> str:
    values = {name: value for name, value in v.items() if name not in ("program_id", "state_code")}
    cohort_id = create_cohort(session, actor, _id(v, "program_id"), values, state_code=v.get("state_code") or None)
    return f"Gespeichert: Kohorte „{str(v['title']).strip()}“ angelegt (Nr. {cohort_id})."


SUBMIT: dict[str, Callable[[Session, Actor, Opened, Values], str]] = {
    "kommune": _municipality,
    "kommune-edit": _edit_municipality,
    "stufe": _stage,
    "pat": _volunteer,
    "pat-ende": _volunteer_left,
    "kommune-aus": _retire_municipality,
    "kommune-zurueck": _restore_municipality,
    "massnahme": _measure,
    "termin": _session,
    "teilnahme": _enrollment,
    "ziel": _goal,
    "kohorte": _new_cohort,
    "kohorte-edit": _edit_cohort,
    "termin-edit": _edit_session,
    "massnahme-edit": _rename_measure,
    "termin-aus": _retire_part("cohort_sessions", "session_id"),
    "teilnahme-aus": _retire_part("enrollments", "enrollment_id"),
    "ziel-aus": _retire_part("goals", "goal_id"),
    "kohorte-zurueck": _restore_part,
}

# Edit forms of the record a page shows: opened with its stored values (model, fields).
PREFILLED: dict[str, tuple[type, dict[str, FieldSpec]]] = {
    "kohorte-edit": (Cohort, COHORT_FIELDS),
    "massnahme-edit": (Measure, MEASURE_NAME_FIELDS),
}


def load_choices(session: Session, actor: Actor | None, form: EntryForm, page: object) -> dict[str, list]:
    """Each record choice of ``form`` as (value, label, version) rows, narrowed to where ``actor`` may write."""
    scope = write_scope(actor)
    state_code = parse_state_code(page) if isinstance(page, str) else None
    loaders = {
        "municipalities": lambda: entry_choices.municipalities(session, scope, state_code),
        "retired_municipalities": lambda: entry_choices.municipalities(session, scope, state_code, retired=True),
        "volunteers": lambda: entry_choices.volunteers(session, scope, state_code),
        "programs": lambda: entry_choices.programs(session),
        "states": lambda: entry_choices.states(session, scope),
        "enrollments": lambda: entry_choices.enrollments(session, parse_row_id(page) or 0),
        "sessions": lambda: entry_choices.sessions(session, parse_row_id(page) or 0),
        "goals": lambda: entry_choices.goals(session, parse_row_id(page) or 0),
        "retired_parts": lambda: entry_choices.retired_part_choices(session, parse_row_id(page) or 0),
    }
    return {item.choices: loaders[item.choices]() for item in form.fields if item.choices}


def open_form(db: Database, actor: Actor | None, form: EntryForm, trigger: object, page: object, today: date):
    """Opening: fresh choices, blank fields (today in date fields that start with it) or, in an edit form
    of the page's record, its stored values; no old errors."""
    choice_fields = [item for item in form.fields if item.choices]
    if trigger != ids.Entry.open(form.key):
        return (False, *([no_update] * len(choice_fields)), *([no_update] * len(form.names)), no_update, "")
    stored: tuple[dict, int | None] | None = None
    try:
        with db.session() as session:
            choices = load_choices(session, actor, form, page)
            if form.key in PREFILLED and parse_row_id(page) is not None:
                model, fields = PREFILLED[form.key]
                stored = entry_choices.stored(session, model, parse_row_id(page), tuple(fields))
    except SQLAlchemyError:
        choices = {}
    versions = {str(value): version for rows in choices.values() for value, _label, version in rows if version}
    options = [choice_options(item.spec, choices.get(item.choices, [])) for item in choice_fields]
    values = [
        today.strftime("%d.%m.%Y") if item.today else DEFAULTS.get((form.key, item.name), "") for item in form.fields
    ]
    if stored is not None:
        record, version = stored
        values = [form_text(item.spec, record[item.name]) if item.name in record else "" for item in form.fields]
        if version is not None:
            versions[str(parse_row_id(page))] = version
    return (True, *options, *values, {"page": page, "versions": versions}, "")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def save_form(db: Database, actor: Actor | None, form: EntryForm, raw_values: tuple, context: object, page: object):
    """(dialog open?, per-field invalid and feedback, message in the dialog, result on the page, saved?)."""
    values: Values = dict(zip(form.names, raw_values, strict=True))
    values = {name: value if isinstance(value, str) or value is None else "" for name, value in values.items()}
    context = context if isinstance(context, dict) else {}
    opened = Opened(
        page,
        context.get("versions") if isinstance(context.get("versions"), dict) else {},
        context.get("shown") if isinstance(context.get("shown"), dict) else None,
    )
    missing = {
        item.name: f"„{item.spec.label}“ darf nicht leer sein."
        for item in form.fields
        if item.choices and item.spec.required and _blank(values[item.name])
    }
    try:
        if missing:
            raise FieldErrors(missing)
        with db.session() as session:
            message = SUBMIT[form.key](session, actor, opened, values)
    except FieldErrors as error:
        shown = {name: text for name, text in error.errors.items() if name in form.names}
        rest = " ".join(text for name, text in error.errors.items() if name not in form.names)
        note = rest or "Bitte die markierten Felder prüfen; nichts wurde gespeichert."
        return True, field_errors(form, shown), result(note, ok=False), no_update, False
    except CommandError as error:
        return True, field_errors(form, {}), result(error.message, ok=False), no_update, False
    except SQLAlchemyError:
        return True, field_errors(form, {}), result(UNREACHABLE_MESSAGE, ok=False), no_update, False
    return False, field_errors(form, {}), "", result(message, ok=True), True


@dataclass(frozen=True)
class PageBinding:
    """Where a form lives: the page's context (state code / cohort id) and the store a save bumps."""

    context: str | None
    revision: str | None
    rebuilt: tuple[str, ...] = ()  # containers whose children ``rebuild(db, page)`` returns after a save
    rebuild: Callable[[Database, object], tuple | None] | None = None


LAND = PageBinding(ids.Land.CODE, ids.Land.REVISION)
COHORT_PAGE = PageBinding(
    ids.Kohorte.ID,
    ids.Kohorte.REVISION,
    (ids.Kohorte.HEADER, ids.Kohorte.SUMMARY, ids.Kohorte.ATTENDANCE_BOX, ids.Kohorte.GOALS_BOX),
    cohort_boxes,
)
FORM_PAGES: dict[str, PageBinding] = {
    **dict.fromkeys(("kommune", "kommune-edit", "stufe", "pat", "pat-ende", "kommune-aus", "kommune-zurueck"), LAND),
    "massnahme": PageBinding(None, ids.Massnahmen.REVISION),
    "kohorte": PageBinding(None, None),
    **dict.fromkeys(
        (
            *("termin", "teilnahme", "ziel", "kohorte-edit", "termin-edit"),
            *("termin-aus", "teilnahme-aus", "ziel-aus", "kohorte-zurueck"),
        ),
        COHORT_PAGE,
    ),
    "massnahme-edit": PageBinding(ids.Measure.ID, None, (ids.Measure.HEADER,), measure_header),
}


def stored_values(db: Database, actor: Actor | None, raw_id: object) -> tuple:
    """ "Kommune bearbeiten": the chosen municipality's stored name, kind, AGS and population in the fields."""
    municipality_id = parse_row_id(raw_id)
    if municipality_id is None:
        return ("",) * 4
    try:
        values = db.read(entry_choices.municipality_values, write_scope(actor), municipality_id)
    except SQLAlchemyError:
        values = None
    if values is None:
        return ("",) * 4
    population = values["population"]
    return values["name"], values["kind"], values["ags"] or "", "" if population is None else fmt.number(population)


def chosen_session(db: Database, raw_id: object, context: object) -> tuple:
    """ "Termin bearbeiten": the chosen session's stored values in the fields, and kept as what was shown
    (the command refuses the save if the session changed since)."""
    names = tuple(SESSION_FIELDS)
    context = context if isinstance(context, dict) else {}
    session_id = parse_row_id(raw_id)
    stored = None
    if session_id is not None:
        try:
            stored = db.read(entry_choices.stored, CohortSession, session_id, names)
        except SQLAlchemyError:
            stored = None
    if stored is None:
        return (*[""] * len(names), {**context, "shown": None})
    shown = {name: form_text(SESSION_FIELDS[name], value) for name, value in stored[0].items()}
    return (*shown.values(), {**context, "shown": shown})


def register(app: Dash, db: Database) -> None:
    for form in FORMS.values():
        _register_form(app, db, form, FORM_PAGES[form.key])
    edit = "kommune-edit"

    @app.callback(
        *[Output(ids.Entry.field(edit, name), "value", allow_duplicate=True) for name in FORMS[edit].names[1:]],
        Input(ids.Entry.field(edit, "municipality_id"), "value"),
        prevent_initial_call=True,
    )
    def _stored(municipality_id):
        return stored_values(db, current_actor(), municipality_id)

    session_edit = "termin-edit"

    @app.callback(
        *[Output(ids.Entry.field(session_edit, name), "value", allow_duplicate=True) for name in SESSION_FIELDS],
        Output(ids.Entry.context(session_edit), "data", allow_duplicate=True),
        Input(ids.Entry.field(session_edit, "session_id"), "value"),
        State(ids.Entry.context(session_edit), "data"),
        prevent_initial_call=True,
    )
    def _chosen_session(session_id, context):
        return chosen_session(db, session_id, context)


def _register_form(app: Dash, db: Database, form: EntryForm, page: PageBinding) -> None:
    key = form.key
    page_state = [State(page.context, "data")] if page.context else []
    choice_fields = [item for item in form.fields if item.choices]

    @app.callback(
        Output(ids.Entry.modal(key), "is_open"),
        *[Output(ids.Entry.field(key, item.name), "options") for item in choice_fields],
        *[Output(ids.Entry.field(key, name), "value") for name in form.names],
        Output(ids.Entry.context(key), "data"),
        Output(ids.Entry.message(key), "children"),
        *[Output(ids.Entry.field(key, name), "invalid") for name in form.names],
        *[Output(ids.Entry.feedback(key, name), "children") for name in form.names],
        Input(ids.Entry.open(key), "n_clicks"),
        Input(ids.Entry.cancel(key), "n_clicks"),
        *page_state,
        prevent_initial_call=True,
    )
    def _open(_open_clicks, _cancel_clicks, *context):
        opened = open_form(db, current_actor(), form, triggered_id(), context[0] if context else None, date.today())
        return (*opened, *field_errors(form, {}))

    # the page reloads its figures; grids built from the data are rebuilt
    revision = [Output(page.revision, "data", allow_duplicate=True)] if page.revision else []
    revision += [Output(box, "children", allow_duplicate=True) for box in page.rebuilt]

    @app.callback(
        Output(ids.Entry.modal(key), "is_open", allow_duplicate=True),
        *[Output(ids.Entry.field(key, name), "invalid", allow_duplicate=True) for name in form.names],
        *[Output(ids.Entry.feedback(key, name), "children", allow_duplicate=True) for name in form.names],
        Output(ids.Entry.message(key), "children", allow_duplicate=True),
        Output(ids.Entry.done(key), "children"),
        *revision,
        Input(ids.Entry.save(key), "n_clicks"),
        *[State(ids.Entry.field(key, name), "value") for name in form.names],
        State(ids.Entry.context(key), "data"),
        *page_state,
        *([State(page.revision, "data")] if page.revision else []),
        prevent_initial_call=True,
    )
    def _save(n_clicks, *states):
        size = len(form.names)
        raw, context, rest = states[:size], states[size], states[size + 1 :]
        page_value = rest[0] if page.context else None
        current = rest[-1] if page.revision else None
        if not n_clicks:
            return (no_update,) * (3 + 2 * size + len(revision))
        is_open, errors, message, done, saved = save_form(db, current_actor(), form, raw, context, page_value)
        bump = [next_revision(current) if saved else no_update] if page.revision else []
        rebuilt = (page.rebuild(db, page_value) if saved and page.rebuild else None) or [no_update] * len(page.rebuilt)
        return (is_open, *errors, message, done, *bump, *rebuilt)
