"""Fuzz test of the app's whole request boundary, through the real Flask app.

A seeded generator sends malformed payloads to every server callback (listed by
``/_dash-dependencies``, so a new callback is fuzzed without touching this file), odd URLs and odd
requests. Every answer must be free of HTTP 500 and traceback text, and the database may change
only through a request whose answer reports a save.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from data.db import Database
from data.models import Base, CohortSession, Enrollment, Goal, Measure
from layouts.shell import APP_ERROR_ID
from tests.support.accounts import DEMO_PASSWORD
from tests.support.http import same_origin_client

SEED = 20250228
PAYLOADS_PER_CALLBACK = 25  # every server callback, also those that draw whole pages of charts
EVENT_PAYLOADS = 1_500  # more for the callbacks that take events, edits and ids: cheap, and where writes happen
EVENT_PROPERTIES = {"cellValueChanged", "pathname", "getRowsRequest", "clickData", "n_clicks"}
URL_REQUESTS = 300
SAVE_REPORTED = re.compile(
    r"Gespeichert:|Nachfrage gespeichert|Antwort gespeichert|Ansprechpersonen gespeichert|Keine eigene Ansprechperson mehr"
)
TRACEBACK = re.compile(r'Traceback \(most recent call last\)|File "[^"]+", line \d+')

# Values no well-behaved browser sends: wrong JSON shapes, strings for numbers, huge numbers, NUL
# bytes, SQL and HTML fragments.
MALFORMED: list[object] = [
    None,
    "",
    " ",
    "abc",
    "0",
    "-1",
    "12,5",
    "1.234,5",
    "1e308",
    "NaN",
    "Infinity",
    0,
    -1,
    1,
    7,
    2**31,
    2**63,
    -(2**63) - 1,
    10**30,
    1e308,
    -1e308,
    0.5,
    True,
    False,
    [],
    [None],
    [1, 2, 3],
    ["x", {"a": 1}],
    {},
    {"a": {"b": {"c": [None, 1, "x"]}}},
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "'; DROP TABLE measures; --",
    "1 OR 1=1",
    '" OR ""="',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "%00",
    "../../etc/passwd",
    "ä" * 5000,
    "2025-02-30",
    "31.02.2025",
    "9999-12-31",
    "0001-01-01",
    "DE-NW",
    "DE-XX",
    "in_umsetzung",
    "Umgesetzt",
]

ODD_PATHS = [
    "/",
    "/laender",
    "/laender/DE-NW",
    "/laender/de-rp",
    "/laender/DE-XX",
    "/laender/%00",
    "/laender/DE-NW%00",
    "/kohorten",
    "/kohorten/1",
    "/kohorten/999",
    "/kohorten/abc",
    "/kohorten/-1",
    "/kohorten/0",
    "/kohorten/2147483648",
    "/kohorten/%C2%B2",
    "/massnahmen",
    "/massnahmen/1",
    "/massnahmen/999",
    "/massnahmen/2147483647",
    "/massnahmen/2147483648",
    "/massnahmen/9223372036854775808",
    "/massnahmen/99999999999999999999",
    "/massnahmen/1.5",
    "/massnahmen/1e3",
    "/massnahmen/%00",
    "/massnahmen/%27%3B%20DROP%20TABLE%20measures%3B--",
    "/massnahmen/%3Cscript%3E",
    "/massnahmen/7/",
    "/massnahmen/7/extra",
    "/unbekannt",
    "/%00",
    "//",
    "/..%2F..%2Fetc%2Fpasswd",
    "/" + "x" * 3000,
]
ODD_QUERIES = [
    "",
    "?",
    "?suche=%00",
    "?suche=a%00b",
    "?status=verzoegert&status=%00",
    "?status=%3Cscript%3E",
    "?programm=999999999999999999999",
    "?land=DE-XX&land=DE-NW",
    "?von=2025-02-30&bis=1999-01-01",
    "?stand=99999999999999999999&kennzahl=%27",
    "?kennzahl=pat&stand=-1",
    "?format=%00&jahr=1e308",
    "?%00=%00",
    "?suche=" + "x" * 5000,
    "?a=1&&&b",
    "?suche=%27%3B%20DROP%20TABLE%20measures%3B--",
]


@dataclass(frozen=True)
class ServerCallback:
    """One server callback as ``/_dash-dependencies`` declares it."""

    output: str
    outputs: list[dict]
    inputs: list[dict]
    state: list[dict]

    @property
    def name(self) -> str:
        """The first output, e.g. ``massnahmen-save-message.children``."""
        return f"{self.outputs[0]['id']}.{self.outputs[0]['property'].split('@')[0]}"


def _split_output(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    specs = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        specs.append({"id": component, "property": prop})
    return specs


def server_callbacks(client) -> list[ServerCallback]:
    dependencies = client.get("/_dash-dependencies").get_json()
    return [
        ServerCallback(dep["output"], _split_output(dep["output"]), dep["inputs"], dep["state"])
        for dep in dependencies
        if not dep.get("clientside_function")
    ]


@dataclass(frozen=True)
class Rows:
    """Real keys of the demo data, so that some generated edits are valid enough to reach a write."""

    measures: list[tuple[int, int]]  # (id, version)
    enrollments: list[tuple[int, int, int]]  # (id, version, cohort id)
    goals: list[tuple[int, int]]
    sessions: list[int]

    @classmethod
    def sample(cls, db: Database) -> Rows:
        with db.session() as session:
            measures = session.execute(select(Measure.id, Measure.version).order_by(Measure.id).limit(5)).all()
            enrollments = session.execute(
                select(Enrollment.id, Enrollment.version, Enrollment.cohort_id).order_by(Enrollment.id).limit(5)
            ).all()
            goals = session.execute(select(Goal.id, Goal.version).order_by(Goal.id).limit(5)).all()
            sessions = session.scalars(
                select(CohortSession.id).where(CohortSession.cohort_id.in_({e[2] for e in enrollments}))
            ).all()
        return cls([tuple(m) for m in measures], [tuple(e) for e in enrollments], [tuple(g) for g in goals], sessions)


class PayloadGenerator:
    """Seeded: the same seed gives the same payloads, so a failure can be replayed."""

    def __init__(self, seed: int, rows: Rows) -> None:
        self.rng = random.Random(seed)
        self.rows = rows

    def malformed(self, depth: int = 0) -> object:
        roll = self.rng.random()
        if depth < 2 and roll < 0.1:
            return [self.malformed(depth + 1) for _ in range(self.rng.randint(1, 3))]
        if depth < 2 and roll < 0.2:
            keys = ["id", "value", "data", "points", "x", "y", "customdata", "startRow", "colId", "status"]
            return {self.rng.choice(keys): self.malformed(depth + 1) for _ in range(self.rng.randint(1, 3))}
        return self.rng.choice(MALFORMED)

    def either(self, plausible: object) -> object:
        return plausible if self.rng.random() < 0.8 else self.malformed()

    def cell_change(self) -> dict:
        """An AG Grid cellValueChanged entry with real keys and fuzzed parts."""
        kind = self.rng.choice(["measure", "enrollment", "goal"])
        if kind == "measure":
            row_id, version = self.rng.choice(self.rows.measures)
            column = self.rng.choice(["status", "progress_pct", "co2_t_per_year", "cost_eur", "steps", "title", "x"])
        elif kind == "enrollment":
            row_id, version, _cohort = self.rng.choice(self.rows.enrollments)
            column = self.rng.choice(["status", *(f"s{s}" for s in self.rows.sessions[:3]), "s", "s999999999999"])
        else:
            row_id, version = self.rng.choice(self.rows.goals)
            column = self.rng.choice(["status", "co2", "text"])
        data = {"id": self.either(row_id), "version": self.either(version), "code": "X", "title": "T"}
        change = {
            "rowIndex": self.either(0),
            "rowId": self.either(str(row_id)),
            "data": self.either(data),
            "oldValue": self.malformed(),
            "value": self.either(self.rng.choice(["umgesetzt", "Abgeschlossen", "erreicht", "12,5", 3, True])),
            "colId": self.either(column),
        }
        return {key: value for key, value in change.items() if self.rng.random() < 0.9}

    def plausible(self, component: str, prop: str) -> object:
        """A value of the right kind for the property, with odd content."""
        if prop == "pathname":
            return self.rng.choice(ODD_PATHS)
        if prop == "search":
            return self.rng.choice(ODD_QUERIES)
        if prop == "cellValueChanged":
            return [self.cell_change() for _ in range(self.rng.randint(1, 3))]
        if prop == "clickData":
            point = {"x": self.malformed(), "y": self.malformed(), "customdata": self.malformed()}
            return {"points": [point]}
        if prop == "getRowsRequest":
            return {"startRow": self.malformed(), "endRow": self.malformed(), "sortModel": self.malformed()}
        if component in ("measure-id", "kohorte-id"):
            return self.rng.choice([1, 7, 999, 2**31, 2**63, "7", "abc", None])
        if component == "land-code":
            return self.rng.choice(["DE-NW", "de-rp", "DE-XX", "\x00", 5])
        return self.malformed()

    def value(self, component: str, prop: str) -> object:
        return self.plausible(component, prop) if self.rng.random() < 0.5 else self.malformed()

    def body(self, callback: ServerCallback) -> dict:
        def values(specs: list[dict]) -> list[dict]:
            out = []
            for spec in specs:
                item = {"id": spec["id"], "property": spec["property"]}
                if self.rng.random() < 0.95:
                    item["value"] = self.value(spec["id"], spec["property"])
                out.append(item)
            return out

        inputs = values(callback.inputs)
        body = {
            "output": callback.output,
            "outputs": callback.outputs if len(callback.outputs) > 1 else callback.outputs[0],
            "inputs": inputs,
            "state": values(callback.state),
            "changedPropIds": [f"{self.rng.choice(inputs)['id']}.{self.rng.choice(inputs)['property']}"],
        }
        roll = self.rng.random()
        if roll < 0.03:  # a request whose structure itself is broken
            key = self.rng.choice(list(body))
            body[key] = self.malformed()
        elif roll < 0.05:
            del body[self.rng.choice(list(body))]
        return body


class ChangeWatch:
    """Exact database comparison, run only when a cheap signal says something may have been written:
    SQLite's ``data_version`` (changes on another connection's commit), PostgreSQL's WAL position
    (advances on every logged write, and now and then without one: then the checksum decides)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        if db.dialect == "sqlite":
            watcher = sqlite3.connect(db.engine.url.database)
            self.signal: Callable[[], object] = lambda: watcher.execute("PRAGMA data_version").fetchone()[0]
            self._close = watcher.close
        else:
            connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self.signal = lambda: connection.execute(text("SELECT pg_current_wal_insert_lsn()")).scalar()
            self._close = connection.close
        self.last_signal = self.signal()
        self.expected = self.checksum()

    def checksum(self) -> str:
        digest = hashlib.sha256()
        with self.db.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
                digest.update(table.name.encode() + repr(rows).encode())
        return digest.hexdigest()

    def unexpected_change(self, save_reported: bool) -> bool:
        """After a request: True if the data changed although the answer reported no save."""
        current_signal = self.signal()
        if current_signal == self.last_signal and not save_reported:
            return False
        self.last_signal = current_signal
        current = self.checksum()
        changed, self.expected = current != self.expected, current
        return changed and not save_reported

    def close(self) -> None:
        self._close()


@dataclass
class Findings:
    problems: list[str]
    answers: dict[int, int]

    def check(self, what: str, response) -> str:
        body = response.get_data(as_text=True)
        self.answers[response.status_code] = self.answers.get(response.status_code, 0) + 1
        if response.status_code >= 500:  # the database is up: a 503 would hide an unexpected error
            self.problems.append(f"HTTP {response.status_code}: {what}")
        if TRACEBACK.search(body):
            self.problems.append(f"Traceback im Text: {what}")
        return body


@pytest.fixture
def fuzz_app(dash_app):
    dash_app.server.config["PROPAGATE_EXCEPTIONS"] = False
    return dash_app


def _fuzz_plan(callbacks: list[ServerCallback]) -> list[ServerCallback]:
    """Every callback a fixed number of times, then the event-driven ones round-robin."""
    event_driven = [cb for cb in callbacks if any(i["property"] in EVENT_PROPERTIES for i in cb.inputs)]
    plan = [cb for cb in callbacks for _ in range(PAYLOADS_PER_CALLBACK)]
    plan += [event_driven[n % len(event_driven)] for n in range(EVENT_PAYLOADS)]
    return plan


def test_malformed_callback_payloads_get_no_500_and_change_nothing_unreported(fuzz_app, demo_db):
    # Signed in as a coordinator (who may write everywhere), so valid edits are saved and checked too.
    client = same_origin_client(fuzz_app, "koordination", DEMO_PASSWORD)
    callbacks = server_callbacks(client)
    assert len(callbacks) >= 20, "every server callback must be listed"
    plan = _fuzz_plan(callbacks)
    assert len(plan) >= 2_000
    generator = PayloadGenerator(SEED, Rows.sample(demo_db))
    watch = ChangeWatch(demo_db)
    findings = Findings([], {})
    saves = 0
    raising: dict[str, int] = {}
    try:
        for callback in plan:
            body = generator.body(callback)
            what = json.dumps(body, ensure_ascii=True, default=repr)[:600]
            response = client.post("/_dash-update-component", json=body)
            answer = findings.check(what, response)
            reported = response.status_code == 200 and bool(SAVE_REPORTED.search(answer))
            saves += reported
            if watch.unexpected_change(reported):
                findings.problems.append(f"Datenbank geändert ohne gemeldete Speicherung: {what}")
            if f'"{APP_ERROR_ID}"' in answer:  # the app-wide boundary caught an exception of the callback
                raising[callback.name] = raising.get(callback.name, 0) + 1
    finally:
        watch.close()
    assert findings.problems == [], f"{len(findings.problems)} Befunde, Antworten {findings.answers}"
    assert saves > 0, "some generated edits must be valid enough to be saved, or the writes go untested"
    # Each callback checks its own inputs: the app-wide boundary is for bugs, not for malformed input.
    assert raising == {}, f"Callbacks mit ungeprüften Eingaben (Anzahl Ausnahmen): {raising}"


def test_odd_urls_and_requests_get_german_answers_and_no_500(fuzz_app):
    client = same_origin_client(fuzz_app)
    rng = random.Random(SEED)
    findings = Findings([], {})
    for _ in range(URL_REQUESTS):
        path = rng.choice(ODD_PATHS) + rng.choice(ODD_QUERIES)
        response = client.get(path)
        findings.check(f"GET {path}", response)
        assert response.status_code in (200, 308, 404), path  # 308: Werkzeug merges "//" into "/"
    odd_requests = [
        ("POST", "/_dash-update-component", {"data": "{kein json", "content_type": "application/json"}),
        ("POST", "/_dash-update-component", {"data": "[]", "content_type": "application/json"}),
        ("POST", "/_dash-update-component", {"data": "null", "content_type": "application/json"}),
        ("POST", "/_dash-update-component", {"data": '"x"', "content_type": "application/json"}),
        ("POST", "/_dash-update-component", {"data": "a=b", "content_type": "application/x-www-form-urlencoded"}),
        ("POST", "/_dash-update-component", {"json": {"output": "gibt-es.nicht", "inputs": [], "state": []}}),
        ("PUT", "/_dash-update-component", {"json": {}}),
        ("GET", "/_dash-update-component", {}),
        ("POST", "/", {"data": "x"}),
        ("DELETE", "/massnahmen/7", {}),
        ("GET", "/_dash-component-suites/gibt_es_nicht/x.js", {}),
        ("GET", "/_dash-component-suites/dash/gibt-es-nicht.js", {}),
        ("GET", "/assets/gibt-es-nicht.css", {}),
        ("GET", "/healthz", {}),
    ]
    for method, path, options in odd_requests:
        response = client.open(path, method=method, **options)
        body = findings.check(f"{method} {path}", response)
        if response.status_code >= 400:
            assert re.search(r"[äöüÄÖÜß]|Anfrage|Adresse|Dienst", body), f"{method} {path}: {body[:200]}"
            assert "Internal Server Error" not in body and "Bad Request" not in body
    assert findings.problems == []
