"""Component ids shared by layouts and callbacks: one class per page, one constant per id.

Layouts build components with these ids and callbacks wire them, so a misspelt name fails at import
and an id that no page layout contains fails when the app is created (``app.validation_layout``).
"""

from __future__ import annotations


class Shell:
    """The frame every page lives in: location, page content, browser title."""

    PAGE_CONTENT = "page-content"
    PAGE_TITLE_STORE = "page-title-store"
    TITLE_SINK = "title-sink"
    URL = "url"
    NOTES = "url-notes"
    APP_ERROR = "app-fehler"  # the app-wide alert an unexpected callback error is reported in
    NAVBAR_TOGGLER = "navbar-toggler"
    NAVBAR_COLLAPSE = "navbar-collapse"
    GRID_SKIP_LINKS = "grid-skip-links"
    PRESENT_LINK = "praesentieren-link"  # opens the presentation of the current view
    REPORT_LINK = "bericht-link"  # opens the A4 report of the current program, state and Stand


class Overview:
    """Übersicht (``/``)."""

    CHANGES = "overview-changes"
    KPIS = "overview-kpis"
    METRIC = "overview-metric"
    PERIOD = "overview-period"
    PRESET = "overview-preset"
    PROGRESS = "overview-progress"
    PROGRESS_TABLE = "overview-progress-table"
    PROGRESS_TABLE_TOGGLE = "overview-progress-table-toggle"


class Laender:
    """Länder (``/laender``); shares the Stand/metric filter card with :class:`Land`."""

    GRID = "laender-grid"
    NAV = "laender-nav"
    GROWTH = "laender-growth"
    GROWTH_TABLE = "laender-growth-table"
    GROWTH_TABLE_TOGGLE = "laender-growth-table-toggle"
    MAP = "laender-map"
    MAP_TABLE = "laender-map-table"
    MAP_TABLE_TOGGLE = "laender-map-table-toggle"
    MEDIANS = "laender-medians"
    MEDIANS_TABLE = "laender-medians-table"
    METRIC = "laender-metric"
    MILESTONES = "laender-milestones"
    MILESTONES_TABLE = "laender-milestones-table"
    MILESTONES_TABLE_TOGGLE = "laender-milestones-table-toggle"
    PIPELINE = "laender-pipeline"
    PIPELINE_TABLE = "laender-pipeline-table"
    PIPELINE_TABLE_TOGGLE = "laender-pipeline-table-toggle"
    PUBLISHED = "laender-published"
    STAND = "laender-stand"
    STAND_LABEL = "laender-stand-label"


class Land:
    """State page (``/laender/<code>``)."""

    CODE = "land-code"
    COHORTS = "land-cohorts"
    GROWTH = "land-growth"
    GROWTH_TABLE = "land-growth-table"
    GROWTH_TABLE_TOGGLE = "land-growth-table-toggle"
    KPIS = "land-kpis"
    MEASURES = "land-measures"
    MEASURES_TABLE = "land-measures-table"
    MEASURES_TABLE_TOGGLE = "land-measures-table-toggle"
    MEDIANS_TABLE = "land-medians-table"
    METRIC = "land-metric"
    MUNICIPALITIES = "land-municipalities"
    PIPELINE = "land-pipeline"
    SHOW_RETIRED = "land-show-retired"  # the municipality list includes retired ones
    REVISION = "land-revision"  # bumped by each save of an entry form: the page's figures reload
    STAND = "land-stand"
    STAND_LABEL = "land-stand-label"


class Kohorten:
    """Trainings & Kohorten (``/kohorten``); the filter controls are named by their URL keys."""

    ACHIEVEMENT = "kohorten-achievement"
    ACHIEVEMENT_TABLE = "kohorten-achievement-table"
    ACHIEVEMENT_TABLE_TOGGLE = "kohorten-achievement-table-toggle"
    COMPARE = "kohorten-compare"
    COMPARE_NOTE = "kohorten-compare-note"
    COMPARE_TABLE = "kohorten-compare-table"
    COMPARE_TABLE_TOGGLE = "kohorten-compare-table-toggle"
    FORMAT = "kohorten-format"
    GOALS = "kohorten-goals"
    GOALS_TABLE = "kohorten-goals-table"
    GOALS_TABLE_TOGGLE = "kohorten-goals-table-toggle"
    JAHR = "kohorten-jahr"
    NAV = "kohorten-nav"
    KPIS = "kohorten-kpis"
    ORT = "kohorten-ort"
    SIZES = "kohorten-sizes"
    SIZES_TABLE = "kohorten-sizes-table"
    SIZES_TABLE_TOGGLE = "kohorten-sizes-table-toggle"
    STATUS = "kohorten-status"
    TIMELINE = "kohorten-timeline"
    TIMELINE_TABLE = "kohorten-timeline-table"
    TIMELINE_TABLE_TOGGLE = "kohorten-timeline-table-toggle"


class Kohorte:
    """Cohort page (``/kohorten/<id>``)."""

    ATTENDANCE = "kohorte-attendance"
    ATTENDANCE_ALERT = "kohorte-attendance-alert"
    ATTENDANCE_BOX = "kohorte-attendance-box"  # holds the grid; rebuilt after a new session or enrollment
    ATTENDANCE_MESSAGE = "kohorte-attendance-message"
    FUNNEL = "kohorte-funnel"
    FUNNEL_TABLE = "kohorte-funnel-table"
    GOALS_ALERT = "kohorte-goals-alert"
    GOALS_BOX = "kohorte-goals-box"  # holds the goals grid; rebuilt after a new goal
    GOALS_FIGURE = "kohorte-goals-figure"
    GOALS_GRID = "kohorte-goals-grid"
    GOALS_MESSAGE = "kohorte-goals-message"
    GOALS_TABLE = "kohorte-goals-table"
    GROUPS = "kohorte-groups"
    HEADER = "kohorte-header"  # title and status; rebuilt after "Kohorte bearbeiten"
    ID = "kohorte-id"
    KPIS = "kohorte-kpis"
    RETIRE = "kohorte-retire"  # "Ausmustern" / "Wiederherstellen", by RETIRED
    RETIRED = "kohorte-retired"
    RETIRE_FEEDBACK = "kohorte-retire-feedback"
    RETIRED_NOTE = "kohorte-retired-note"
    REVISION = "kohorte-revision"
    RETIRED_PARTS = "kohorte-retired-parts"  # retired sessions, enrollments and goals, when asked for
    SESSIONS = "kohorte-sessions"
    SHOW_RETIRED = "kohorte-show-retired"
    SUMMARY = "kohorte-summary-box"


class Massnahmen:
    """Maßnahmen (``/massnahmen``); filter controls are ``control(<URL key>)``."""

    DIMENSION = "massnahmen-dimension"
    EXPORT_CSV = "massnahmen-export-csv"  # download links (streamed by callbacks/massnahmen_export.py)
    EXPORT_POLL = "massnahmen-export-poll"  # watches for the download's cookie while a file is prepared
    EXPORT_STATUS = "massnahmen-export-status"
    EXPORT_TOKEN = "massnahmen-export-token"  # the token the next download answers with
    EXPORT_XLSX = "massnahmen-export-xlsx"
    FILTER = "massnahmen-filter"
    FRESH_CHART = "massnahmen-fresh-chart"
    FRESH_TABLE = "massnahmen-fresh-table"
    FRESH_TABLE_TOGGLE = "massnahmen-fresh-table-toggle"
    GRID = "massnahmen-grid"
    GRID_REFRESHED = "massnahmen-grid-refreshed"
    GRID_SEEK = "massnahmen-grid-seek"  # where each grid block ended, for seek paging
    KPIS = "massnahmen-kpis"
    MONEY_CHART = "massnahmen-money-chart"
    MONEY_TABLE = "massnahmen-money-table"
    MONEY_TABLE_TOGGLE = "massnahmen-money-table-toggle"
    RESET = "massnahmen-reset"
    REVERT = "massnahmen-revert"  # cells to set back after a refused save
    REVISION = "massnahmen-revision"
    SAVE_MESSAGE = "massnahmen-save-message"
    STATUS_CHART = "massnahmen-status-chart"
    STATUS_TABLE = "massnahmen-status-table"
    STATUS_TABLE_TOGGLE = "massnahmen-status-table-toggle"
    UNDO = "massnahmen-undo"
    UNDO_STACK = "massnahmen-undo-stack"

    @staticmethod
    def control(key: str) -> str:
        """The filter control for a URL key of :class:`data.queries.measure_filters.MeasureFilter`
        (``flags``: the checklist of both flag fields)."""
        return f"massnahmen-{key}"


class Praesentation:
    """Presentation mode (``/praesentation``): one view per slide; keys and a clicker press the buttons."""

    COUNTER = "praesentation-zaehler"
    EXIT = "praesentation-beenden"
    FULLSCREEN = "praesentation-vollbild"
    NEXT = "praesentation-weiter"
    PREVIOUS = "praesentation-zurueck"
    SLIDE = "praesentation-folie"  # the slide's content
    SLIDE_INDEX = "praesentation-folie-nr"
    SLIDES = "praesentation-folien"  # the presenter's choice of slides


class Bericht:
    """A4 report (``/bericht``)."""

    PRINT = "bericht-drucken"
    PRINTED = "bericht-gedruckt"  # the clientside print callback's (unused) output


class Measure:
    """Measure page (``/massnahmen/<id>``)."""

    HEADER = "measure-header"  # code and title; rebuilt after "Code und Titel ändern"
    ID = "measure-id"
    REQUESTS = "measure-requests"
    REQUEST_BUTTON = "measure-request-button"
    REQUEST_COUNT = "measure-request-count"
    RETIRE = "measure-retire"  # "Ausmustern" / "Wiederherstellen", by RETIRED
    RETIRED = "measure-retired"  # whether the measure is retired now
    RETIRE_FEEDBACK = "measure-retire-feedback"
    RETIRED_NOTE = "measure-retired-note"
    REQUEST_FEEDBACK = "measure-request-feedback"
    REQUEST_MESSAGE = "measure-request-message"
    SUMMARY = "measure-summary-box"  # refreshed after an answer that updated status or progress
    VERSION = "measure-version"  # the version the answer form's status update expects
    ANSWERED = "measure-answered"
    ANSWER_TEXT = "measure-answer-text"
    ANSWER_STATUS = "measure-answer-status"
    ANSWER_PROGRESS = "measure-answer-progress"
    ANSWER_BUTTON = "measure-answer-button"
    ANSWER_FEEDBACK = "measure-answer-feedback"
    CONTACTS = "measure-contacts"  # the list of responsible people
    CONTACTS_EDITOR = "measure-contacts-editor"
    CONTACTS_SAVE = "measure-contacts-save"
    CONTACTS_FEEDBACK = "measure-contacts-feedback"


class Users:
    """Nutzerverwaltung (``/verwaltung/nutzer``, admins only)."""

    FEEDBACK = "users-feedback"
    LIST = "users-list"
    TABLE = "users-table"
    ADD_LOGIN = "users-add-login"
    ADD_NAME = "users-add-name"
    ADD_EMAIL = "users-add-email"
    ADD_ROLE = "users-add-role"
    ADD_SCOPE = "users-add-scope"
    ADD_PASSWORD = "users-add-password"
    ADD_BUTTON = "users-add-button"
    CHANGE_LOGIN = "users-change-login"
    CHANGE_ROLE = "users-change-role"
    CHANGE_SCOPE = "users-change-scope"
    CHANGE_PASSWORD = "users-change-password"
    ROLE_BUTTON = "users-role-button"
    PASSWORD_BUTTON = "users-password-button"
    DEACTIVATE_BUTTON = "users-deactivate-button"


class Import:
    """Import (``/import``): upload, preview with row report, confirm, progress, history."""

    ENTITY = "import-entity"
    SHEET = "import-sheet"
    UPLOAD = "import-upload"
    RUN = "import-run"  # the id of the import run the page follows
    POLL = "import-poll"
    STATUS = "import-status"
    CONFIRM = "import-confirm"
    FEEDBACK = "import-feedback"
    HISTORY = "import-history"


class Entry:
    """The entry forms of :mod:`layouts.entry_forms`: every id is ``entry-<form>-<part>``."""

    @staticmethod
    def open(form: str) -> str:
        return f"entry-{form}-open"

    @staticmethod
    def modal(form: str) -> str:
        return f"entry-{form}-modal"

    @staticmethod
    def title(form: str) -> str:
        return f"entry-{form}-title"

    @staticmethod
    def save(form: str) -> str:
        return f"entry-{form}-save"

    @staticmethod
    def cancel(form: str) -> str:
        return f"entry-{form}-cancel"

    @staticmethod
    def message(form: str) -> str:
        """Why the form was refused, inside the dialog."""
        return f"entry-{form}-message"

    @staticmethod
    def done(form: str) -> str:
        """What the last save did, on the page under the buttons."""
        return f"entry-{form}-done"

    @staticmethod
    def context(form: str) -> str:
        """What the form was opened with (e.g. the versions of the listed municipalities)."""
        return f"entry-{form}-context"

    @staticmethod
    def field(form: str, name: str) -> str:
        return f"entry-{form}-field-{name.replace('_', '-')}"

    @staticmethod
    def feedback(form: str, name: str) -> str:
        return f"entry-{form}-feedback-{name.replace('_', '-')}"
