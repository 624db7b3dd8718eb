"""Controlled vocabularies of the domain with their German labels.

Stored values are ASCII keys (stable in URLs, exports and check constraints); everything a user
reads goes through the label maps here, so a wording change happens in one place.
"""

from __future__ import annotations

STATE_NAMES: dict[str, str] = {
    "DE-BW": "Baden-Württemberg",
    "DE-BY": "Bayern",
    "DE-BE": "Berlin",
    "DE-BB": "Brandenburg",
    "DE-HB": "Bremen",
    "DE-HH": "Hamburg",
    "DE-HE": "Hessen",
    "DE-MV": "Mecklenburg-Vorpommern",
    "DE-NI": "Niedersachsen",
    "DE-NW": "Nordrhein-Westfalen",
    "DE-RP": "Rheinland-Pfalz",
    "DE-SL": "Saarland",
    "DE-SN": "Sachsen",
    "DE-ST": "Sachsen-Anhalt",
    "DE-SH": "Schleswig-Holstein",
    "DE-TH": "Thüringen",
}

# Länderschlüssel: the first two digits of every AGS (and Regionalschlüssel) name the state.
STATE_KEYS: dict[str, str] = {
    "01": "DE-SH",
    "02": "DE-HH",
    "03": "DE-NI",
    "04": "DE-HB",
    "05": "DE-NW",
    "06": "DE-HE",
    "07": "DE-RP",
    "08": "DE-BW",
    "09": "DE-BY",
    "10": "DE-SL",
    "11": "DE-BE",
    "12": "DE-BB",
    "13": "DE-MV",
    "14": "DE-SN",
    "15": "DE-ST",
    "16": "DE-TH",
}

ORGANISATION_KINDS = {
    "landesenergieagentur": "Landesenergieagentur",
    "verband": "Verband",
    "kommune": "Kommune",
    "verein": "Verein",
    "unternehmen": "Unternehmen",
}
PROGRAM_ROLES = {"lead": "Projektleitung", "partner": "Partner", "none": "—"}

PERSON_ROLES = {
    "koordination": "Koordination",
    "regionalmanagement": "Regionalmanagement",
    "klimatrainer": "KlimaTrainer:in",
    "klimaschutzmanagement": "Klimaschutzmanagement",
}

MUNICIPALITY_KINDS = {
    "gemeinde": "Gemeinde",
    "stadt": "Stadt",
    "stadtteil": "Stadtteil",
    "landkreis": "Landkreis",
}

# Order matters: the pipeline runs left to right; the last two are exits from it.
MUNICIPALITY_STAGES = {
    "angesprochen": "Angesprochen",
    "interessiert": "Interessiert",
    "ratsbeschluss": "Ratsbeschluss",
    "onboarding": "Onboarding",
    "aktiv": "Aktiv",
    "pausiert": "Pausiert",
    "ausgeschieden": "Ausgeschieden",
}

TARGET_METRICS = {
    "kommunen": "Kommunen",
    "paten": "Klimaschutzpat:innen",
    "projekte": "Projekte",
    "co2": "t CO₂/Jahr",
    "teilnehmende": "Teilnehmende",
}

COHORT_KINDS = {
    "coaching": "Coaching Regionalmanagement",
    "schulung": "Schulung Pat:innen",
    "workshop": "Workshop",
    "vernetzung": "Vernetzungstreffen",
    "klimatraining": "KlimaTraining",
}
COHORT_STATUSES = {
    "geplant": "Geplant",
    "laufend": "Laufend",
    "abgeschlossen": "Abgeschlossen",
    "abgesagt": "Abgesagt",
}

SESSION_KINDS = {
    "auftakt": "Auftakt",
    "workshop": "Workshop",
    "austausch": "Austauschtreffen",
    "ausprobierphase": "Ausprobierphase",
    "abschluss": "Abschluss",
}

ENROLLMENT_STATUSES = {
    "angemeldet": "Angemeldet",
    "abgeschlossen": "Abgeschlossen",
    "abgebrochen": "Abgebrochen",
}

GOAL_TOPICS = {
    "mobilitaet": "Mobilität",
    "wohnen_energie": "Wohnen & Energie",
    "konsum": "Konsum",
    "ernaehrung": "Ernährung",
    "abfall": "Abfall",
}
GOAL_STATUSES = {
    "geplant": "Geplant",
    "begonnen": "Begonnen",
    "erreicht": "Erreicht",
    "nicht_erreicht": "Nicht erreicht",
}

MEASURE_STATUSES = {
    "geplant": "Geplant",
    "in_umsetzung": "In Umsetzung",
    "verzoegert": "Verzögert",
    "umgesetzt": "Umgesetzt",
    "nicht_erreicht": "Nicht erreicht",
    "abgebrochen": "Abgebrochen",
    "unbekannt": "Unbekannt",
}

# Metrics a page can show (URL ``kennzahl``), with their German labels.
OVERVIEW_METRICS = {"kommunen": "Kommunen", "paten": "Klimaschutzpat:innen", "projekte": "Projekte"}
LAENDER_METRICS = {
    "kommunen": "Kommunen",
    "paten": "Klimaschutzpat:innen",
    "projekte": "Projekte",
    "co2": "t CO₂/Jahr",
    "ziel": "% des Ziels (Kommunen)",
}

# What a queued mail is about, and which reminders a digest holds.
MAIL_KINDS = {"nachfrage": "Nachfrage", "antwort": "Antwort", "erinnerung": "Erinnerung"}
REMINDER_KINDS = {"ueberfaellig": "Überfällig", "bald_faellig": "Bald fällig", "veraltet": "Veraltet"}

AUDIT_SOURCES = {"ui": "Oberfläche", "import": "Import", "cli": "Kommandozeile", "demo": "Demodaten"}

USER_ROLES = {
    "admin": "Administration",
    "koordination": "Koordination",
    "region": "Regionalmanagement",
    "kommune": "Kommune",
    "lesen": "Lesen",
}
# Roles whose writes are limited to one state / one municipality (their scope is required, others have none).
STATE_SCOPED_ROLES = frozenset({"region"})
MUNICIPALITY_SCOPED_ROLES = frozenset({"kommune"})

MILESTONE_KINDS = {
    "programm": "Programm",
    "kickoff_land": "Kick-off Land",
    "kickoff_bund": "Bundesweiter Kick-off",
    "coaching": "Coaching",
}

# Importable entities (``klikks-dashboard import --entity``, the import page) and what became of an import.
IMPORT_ENTITIES = {
    "measures": "Maßnahmen",
    "municipalities": "Kommunen",
    "volunteers": "Klimaschutzpat:innen",
    "attendance": "Anwesenheit",
}
IMPORT_STATUSES = {
    "pruefung": "wird geprüft",
    "vorschau": "Vorschau",
    "laeuft": "wird importiert",
    "importiert": "importiert",
    "abgelehnt": "abgelehnt",
    "verworfen": "verworfen",
    "fehlgeschlagen": "fehlgeschlagen",
}
