"""Imports: round trip with the export, German files, conflicts, scope, every kind of broken file (database
unchanged), the command line's exit codes and report, and the other entities."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
import xlsxwriter
from sqlalchemy import func, select, text

from dashboard import cli
from data.commands.errors import ConflictError
from data.commands.massnahmen import update_measure
from data.exports.massnahmen import COLUMNS, export_rows, to_csv, to_xlsx
from data.imports.planning import CONFLICT, SCOPE
from data.imports.reading import FileRefused, Limits
from data.imports.running import import_file, plan_file
from data.models import (
    Attendance,
    AuditEntry,
    Base,
    ImportRun,
    Measure,
    Municipality,
    MunicipalityStageEvent,
    Volunteer,
)
from data.permissions import Actor, PermissionDenied
from data.queries.measure_filters import MeasureFilter
from tests.support.accounts import as_coordinator

HEADER = [header for header, _key, _kind in COLUMNS]
COORDINATOR = as_coordinator("Kim Import")
REGION_NW = Actor(name="Rita Region", role="region", state_code="DE-NW", scope_label="Nordrhein-Westfalen")
NOT_DATA = {"import_runs"}  # the history of attempts, not program data


def dump(db) -> dict[str, list]:
    """Every row of every program-data table, for before/after comparisons."""
    with db.session() as session:
        return {
            name: sorted(map(repr, session.execute(select(table)).all()))
            for name, table in Base.metadata.tables.items()
            if name not in NOT_DATA
        }


def export_csv(db, flt: MeasureFilter | None = None) -> bytes:
    with db.session() as session:
        return to_csv(export_rows(session, flt or MeasureFilter()))


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def to_bytes(rows: list[list[str]], encoding: str = "utf-8-sig", separator: str = ";") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def run(db, content: bytes, name: str = "datei.csv", entity: str = "measures", actor=COORDINATOR, **kwargs):
    with db.session() as session:
        return import_file(session, actor, content, name, entity, **kwargs)


def test_export_reimports_without_changes_csv_and_xlsx(demo_db):
    before = dump(demo_db)
    flt = MeasureFilter(statuses=("in_umsetzung",))
    for name, content in (("m.csv", export_csv(demo_db, flt)), ("m.xlsx", _export_xlsx(demo_db, flt))):
        plan = run(demo_db, content, name)
        assert plan.ok, plan.report_rows()
        assert plan.counts["neu"] == plan.counts["geändert"] == 0
        assert plan.counts["unverändert"] == plan.rows_total > 10
    assert dump(demo_db) == before


def _export_xlsx(db, flt: MeasureFilter | None = None) -> bytes:
    with db.session() as session:
        return to_xlsx(export_rows(session, flt or MeasureFilter()))


def test_three_changed_cells_and_one_new_row_are_exactly_what_is_written_and_audited(demo_db):
    rows = csv_rows(export_csv(demo_db))
    column = {header: index for index, header in enumerate(rows[0])}
    rows[1][column["Status"]] = "Verzögert" if rows[1][column["Status"]] != "Verzögert" else "Geplant"
    rows[2][column["Kosten (€)"]] = "1.234,5"
    rows[3][column["Geplanter Abschluss"]] = "2026-03-31"
    new = [""] * len(rows[0])
    new[column["Nr."]], new[column["Titel"]], new[column["Programm"]] = (
        "NEU-1",
        "Neue Maßnahme",
        rows[1][column["Programm"]],
    )
    new[column["Handlungsfeld"]], new[column["Land"]], new[column["Status"]] = (
        "Mobilität",
        "Rheinland-Pfalz",
        "In Umsetzung",
    )
    rows.append(new)
    plan = run(demo_db, to_bytes(rows), "katalog.csv")
    assert plan.ok, plan.report_rows()
    assert (plan.counts["geändert"], plan.counts["neu"]) == (3, 1)
    with demo_db.session() as session:
        audits = session.execute(
            select(AuditEntry.field, AuditEntry.source, AuditEntry.comment, AuditEntry.actor).where(
                AuditEntry.source == "import"
            )
        ).all()
        assert sorted(a.field for a in audits) == sorted(["status", "cost_eur", "planned_completion_on", "angelegt"])
        assert {(a.comment, a.actor) for a in audits} == {("Import: katalog.csv", "Kim Import")}
        added = session.scalars(select(Measure).where(Measure.code == "NEU-1")).one()
        assert (added.status, added.state_code, added.updated_by) == ("in_umsetzung", "DE-RP", "Kim Import")
        assert session.scalar(select(Measure.cost_eur).where(Measure.code == rows[2][column["Nr."]])) == Decimal(
            "1234.5"
        )


def _german_rows() -> list[list[object]]:
    return [
        ["Nr.", "Titel", "Programm", "Handlungsfeld", "Land", "Status", "Kosten (€)", "Beginn", "Verantwortlich", "Schritte / Fortschritte"],
        ["UML-1", "Größere Wärmepumpe für Übach", "KlikKS", "Wärme", "Nordrhein-Westfalen", "in umsetzung", "12.345,67", "28.02.2024", "Jürgen Weiß", ""],
        ["UML-2", "Straßenbeleuchtung", "KlikKS", "Energie", "DE-NW", "Geplant", "0,5", "2024-03-01", "Bürgerverein Öhringen", "Angebote prüfen;\nAuftrag vergeben"],
    ]  # fmt: skip


def test_windows_1252_semicolons_decimal_commas_and_umlauts_import_like_the_same_xlsx(demo_db, tmp_path):
    plan = run(demo_db, to_bytes(_german_rows(), "cp1252"), "alt.csv", dry_run=True)
    assert plan.ok, plan.report_rows()
    assert plan.counts["neu"] == 2
    path = tmp_path / "gleich.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Hinweise").write(0, 0, "nur Text")
    sheet = workbook.add_worksheet("Daten")
    for r, row in enumerate(_german_rows()):
        for c, value in enumerate(row):
            if r and c == 6:
                sheet.write_number(r, c, float(str(value).replace(".", "").replace(",", ".")))
            elif r and c == 7:
                day = date(2024, 2, 28) if r == 1 else date(2024, 3, 1)
                sheet.write_datetime(r, c, day, workbook.add_format({"num_format": "DD.MM.YYYY"}))
            else:
                sheet.write(r, c, value)
    workbook.close()
    run(demo_db, to_bytes(_german_rows(), "cp1252"), "alt.csv")
    with demo_db.session() as session:
        stored = session.execute(
            select(
                Measure.code, Measure.title, Measure.cost_eur, Measure.started_on, Measure.responsible, Measure.steps
            )
            .where(Measure.code.in_(["UML-1", "UML-2"]))
            .order_by(Measure.code)
        ).all()
    assert stored[0] == (
        "UML-1",
        "Größere Wärmepumpe für Übach",
        Decimal("12345.67"),
        date(2024, 2, 28),
        "Jürgen Weiß",
        None,
    )
    assert stored[1].steps == "Angebote prüfen;\nAuftrag vergeben"
    again = run(demo_db, path.read_bytes(), "gleich.xlsx", sheet="Daten")
    assert again.ok and again.counts["unverändert"] == 2 and again.counts["neu"] == 0, again.report_rows()
    first_data_sheet = run(demo_db, path.read_bytes(), "gleich.xlsx")  # "Hinweise" has no data rows
    assert first_data_sheet.counts["unverändert"] == 2


def test_a_row_edited_in_the_grid_after_the_export_is_a_conflict_not_overwritten(demo_db):
    rows = csv_rows(export_csv(demo_db))
    column = {header: index for index, header in enumerate(rows[0])}
    code = rows[1][column["Nr."]]
    with demo_db.session() as session:
        measure_id, version = session.execute(select(Measure.id, Measure.version).where(Measure.code == code)).one()
        update_measure(session, COORDINATOR, measure_id, {"responsible": "Im Grid geändert"}, version)
    rows[1][column["Verantwortlich"]] = "Aus der Datei"
    before = dump(demo_db)
    plan = run(demo_db, to_bytes(rows))
    assert not plan.ok and plan.counts["Konflikte"] == 1
    assert [issue.row for issue in plan.issues if issue.kind == CONFLICT] == [2]
    assert dump(demo_db) == before


def test_a_measure_changed_between_the_check_and_the_write_refuses_the_whole_import(demo_db):
    rows = csv_rows(export_csv(demo_db))
    column = {header: index for index, header in enumerate(rows[0])}
    for row in rows[1:4]:
        row[column["Verantwortlich"]] = "Aus der Datei"
    code = rows[3][column["Nr."]]

    def edited_meanwhile(_plan) -> None:
        with demo_db.session() as other:
            measure_id, version = other.execute(select(Measure.id, Measure.version).where(Measure.code == code)).one()
            update_measure(other, COORDINATOR, measure_id, {"responsible": "Im Grid geändert"}, version)

    with pytest.raises(ConflictError, match="Zeilen 2–4: Eine Maßnahme wurde während des Imports geändert"):
        run(demo_db, to_bytes(rows), before_write=edited_meanwhile)
    with demo_db.session() as session:
        assert not session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.source == "import"))
        assert not session.scalar(
            select(func.count()).select_from(Measure).where(Measure.responsible == "Aus der Datei")
        )


def test_a_regional_manager_s_file_with_another_state_s_rows_is_refused_as_a_whole(demo_db):
    rows = [["Nr.", "Titel", "Programm", "Handlungsfeld", "Land"]]
    rows += [["NW-1", "In NRW", "KlikKS", "Energie", "DE-NW"], ["RP-1", "In RLP", "KlikKS", "Energie", "DE-RP"]]
    before = dump(demo_db)
    plan = run(demo_db, to_bytes(rows), actor=REGION_NW)
    assert not plan.ok
    refused = [issue for issue in plan.issues if issue.kind == SCOPE]
    assert [issue.row for issue in refused] == [3]
    assert "Nordrhein-Westfalen" in refused[0].message
    assert dump(demo_db) == before


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 200_000_000)
    return buffer.getvalue()


def _wide_sheet() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    for col in range(16_384):  # Excel's widest sheet; the importer takes at most 200 columns
        sheet.write_number(0, col, col)
    workbook.close()
    return buffer.getvalue()


BROKEN_FILES = {
    "leer": (b"", "datei.csv", "leer"),
    "nur Kopfzeile": (b"Nr.;Titel;Programm\r\n", "datei.csv", "nur die Kopfzeile"),
    "Binärdaten als CSV": (bytes(range(256)) * 40, "datei.csv", "keine Textdatei"),
    "ZIP-Bombe als XLSX": (_zip_bomb(), "datei.xlsx", "Vielfaches"),
    "keine XLSX": (b"PK\x03\x04 kaputt", "datei.xlsx", "keine gültige XLSX"),
    "fehlende Pflichtspalte": (b"Titel;Status\r\nX;Geplant\r\n", "datei.csv", "Pflichtspalten"),
    "falsche Endung": (b"Nr.;Programm\r\nA;KlikKS\r\n", "datei.pdf", "CSV- oder XLSX"),
}


@pytest.mark.parametrize("kind", list(BROKEN_FILES))
def test_unusable_files_are_refused_with_a_german_message_and_change_nothing(demo_db, kind):
    content, name, message = BROKEN_FILES[kind]
    before = dump(demo_db)
    with pytest.raises(FileRefused, match=message), demo_db.session() as session:
        import_file(session, COORDINATOR, content, name, "measures")
    assert dump(demo_db) == before


def test_a_sheet_of_16_384_columns_is_refused_before_its_rows_are_read(demo_db):
    with pytest.raises(FileRefused, match="Spalten"), demo_db.session() as session:
        plan_file(session, COORDINATOR, _wide_sheet(), "breit.xlsx", "measures")


def test_files_above_the_size_or_row_limit_are_refused(demo_db):
    rows = "Nr.;Programm;Titel;Handlungsfeld\r\n" + "".join(f"L-{i};KlikKS;T;E\r\n" for i in range(11))
    with demo_db.session() as session:
        with pytest.raises(FileRefused, match="mehr als 10 Datenzeilen"):
            plan_file(session, COORDINATOR, rows.encode(), "a.csv", "measures", limits=Limits(max_rows=10))
        with pytest.raises(FileRefused, match="zu groß"):
            plan_file(session, COORDINATOR, rows.encode(), "a.csv", "measures", limits=Limits(max_bytes=100))


ROW_ERRORS = {
    "doppelte Nr.": (["D-1", "KlikKS", "T", "E", "Geplant", "", ""], "steht schon in Zeile 2"),
    "unbekannter Status": (["S-1", "KlikKS", "T", "E", "Fast fertig", "", ""], "kein bekannter Status"),
    "30.02.2024": (["F-1", "KlikKS", "T", "E", "Geplant", "30.02.2024", ""], "kein gültiges Datum"),
    "1,2,3": (["Z-1", "KlikKS", "T", "E", "Geplant", "", "1,2,3"], "keine gültige Zahl"),
    "unbekanntes Programm": (["P-1", "Nirgendwo", "T", "E", "Geplant", "", ""], "Programm „Nirgendwo“"),
}


@pytest.mark.parametrize("kind", list(ROW_ERRORS))
def test_row_errors_are_reported_with_row_column_and_value_and_nothing_is_written(demo_db, kind):
    bad, message = ROW_ERRORS[kind]
    rows = [
        ["Nr.", "Programm", "Titel", "Handlungsfeld", "Status", "Geplanter Abschluss", "Kosten (€)"],
        ["D-1", "KlikKS", "Gute Zeile", "Energie", "Geplant", "31.12.2025", "100"],
        bad,
    ]
    before = dump(demo_db)
    plan = run(demo_db, to_bytes(rows))
    assert not plan.ok
    errors = [issue for issue in plan.issues if issue.kind == "Fehler"]
    assert [issue.row for issue in errors] == [3]
    assert message in errors[0].message
    assert plan.counts["fehlerhaft"] == 1
    assert "Zeile;Spalte;Wert;Art;Meldung" in plan.report_csv()
    assert dump(demo_db) == before


def test_html_and_formulas_stay_text_and_formulas_stay_neutralised_on_export(demo_db):
    rows = [
        ["Nr.", "Programm", "Titel", "Handlungsfeld", "Verantwortlich", "Beteiligt"],
        ["H-1", "KlikKS", "<script>alert(1)</script>", "Energie", '=HYPERLINK("http://x")', "'@SUMME(A1)"],
    ]
    plan = run(demo_db, to_bytes(rows))
    assert plan.ok, plan.report_rows()
    with demo_db.session() as session:
        stored = session.execute(
            select(Measure.title, Measure.responsible, Measure.involved).where(Measure.code == "H-1")
        ).one()
    assert tuple(stored) == ("<script>alert(1)</script>", '=HYPERLINK("http://x")', "@SUMME(A1)")
    exported = export_csv(demo_db).decode("utf-8-sig")
    assert "'=HYPERLINK" in exported and "'@SUMME(A1)" in exported
    assert run(demo_db, export_csv(demo_db)).counts["geändert"] == 0


def test_xlsx_formula_cells_give_their_cached_value_never_an_evaluation(demo_db, tmp_path):
    path = tmp_path / "formel.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Nr.", "Programm", "Titel", "Handlungsfeld", "Kosten (€)"])
    sheet.write_row(1, 0, ["FX-1", "KlikKS", "Formel", "Energie"])
    sheet.write_formula(1, 4, "=1000*2", None, 1234.5)  # Excel shows 1234,5 (the stored result)
    workbook.close()
    run(demo_db, path.read_bytes(), "formel.xlsx")
    with demo_db.session() as session:
        assert session.scalar(select(Measure.cost_eur).where(Measure.code == "FX-1")) == Decimal("1234.5")


def test_command_line_exit_codes_report_and_history(demo_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", demo_db.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KLIKKS_DEMO_DATA", "0")
    good, bad = tmp_path / "gut.csv", tmp_path / "schlecht.csv"
    good.write_bytes(
        to_bytes([["Nr.", "Programm", "Titel", "Handlungsfeld"], ["CLI-1", "KlikKS", "Per CLI", "Energie"]])
    )
    bad.write_bytes(
        to_bytes(
            [
                ["Nr.", "Programm", "Titel", "Handlungsfeld"],
                ["CLI-2", "KlikKS", "X", "E"],
                ["CLI-2", "KlikKS", "X", "E"],
            ]
        )
    )
    before = dump(demo_db)
    assert cli.main(["import", str(good), "--entity", "measures", "--dry-run"]) == 0
    assert "Probelauf" in capsys.readouterr().out
    assert dump(demo_db) == before
    assert cli.main(["import", str(bad), "--entity", "measures", "--as", "koordination"]) == 1
    out = capsys.readouterr().out
    assert "Abgelehnt" in out and "3\tNr.\tCLI-2" in out
    assert dump(demo_db) == before
    assert cli.main(["import", str(tmp_path / "fehlt.csv"), "--entity", "measures"]) == 2
    assert cli.main(["import", str(good), "--entity", "measures", "--as", "niemand"]) == 2
    assert cli.main(["import", str(good), "--entity", "measures", "--as", "region-nw"]) == 1  # no state: not NRW
    assert cli.main(["import", str(good), "--entity", "measures", "--as", "koordination"]) == 0
    with demo_db.session() as session:
        runs = session.execute(
            select(ImportRun.status, ImportRun.actor, ImportRun.new_count).order_by(ImportRun.id)
        ).all()
        assert runs[-1] == ("importiert", "Kim Koordination (Demo)", 1)
        assert [status for status, *_ in runs].count("abgelehnt") == 2
        run_id = session.scalar(select(func.max(ImportRun.id)))
        assert session.scalar(select(func.count()).where(AuditEntry.import_run_id == run_id)) == 1


def test_municipalities_with_stage_events_wrong_state_ags_and_stadtteile(demo_db):
    rows = [
        ["AGS", "Name", "Land", "Art", "Einwohner", "Stufe", "Stufe seit"],
        ["07999001", "Neudorf", "Rheinland-Pfalz", "Gemeinde", "1.234", "Interessiert", "01.03.2025"],
        ["", "Neustadt-Mitte", "Berlin", "Stadtteil", "", "Angesprochen", ""],
    ]
    plan = run(demo_db, to_bytes(rows), entity="municipalities")
    assert plan.ok and plan.counts["neu"] == 2, plan.report_rows()
    rows = [rows[0], ["07999001", "Neudorf", "Rheinland-Pfalz", "Gemeinde", "1.234", "Ratsbeschluss", "02.04.2025"]]
    plan = run(demo_db, to_bytes(rows), entity="municipalities")
    assert plan.ok and plan.counts["geändert"] == 1
    with demo_db.session() as session:
        neudorf = session.scalars(select(Municipality).where(Municipality.ags == "07999001")).one()
        events = session.execute(
            select(MunicipalityStageEvent.stage, MunicipalityStageEvent.entered_on)
            .where(MunicipalityStageEvent.municipality_id == neudorf.id)
            .order_by(MunicipalityStageEvent.entered_on)
        ).all()
    assert (neudorf.stage, neudorf.population, neudorf.version) == ("ratsbeschluss", 1234, 2)
    assert events == [("interessiert", date(2025, 3, 1)), ("ratsbeschluss", date(2025, 4, 2))]
    before = dump(demo_db)
    wrong = [rows[0], ["05999002", "Falschland", "Rheinland-Pfalz", "Gemeinde", "", "", ""]]
    plan = run(demo_db, to_bytes(wrong), entity="municipalities")
    assert "gehört zu Nordrhein-Westfalen, nicht zu Rheinland-Pfalz" in plan.issues[0].message
    back = [rows[0], ["07999001", "Neudorf", "Rheinland-Pfalz", "Gemeinde", "", "Onboarding", "01.01.2025"]]
    plan = run(demo_db, to_bytes(back), entity="municipalities")
    assert not plan.ok and "vor dem letzten" in plan.issues[-1].message
    assert dump(demo_db) == before


def test_volunteers_by_code_and_attendance_by_participant_and_session(demo_db):
    with demo_db.session() as session:
        ags = session.scalar(select(Municipality.ags).where(Municipality.ags.is_not(None)).limit(1))
        code, cohort_id, session_title, present = session.execute(
            text(
                "SELECT p.code, e.cohort_id, s.title, a.present FROM attendance a "
                "JOIN enrollments e ON e.id = a.enrollment_id JOIN participants p ON p.id = e.participant_id "
                "JOIN cohort_sessions s ON s.id = a.session_id JOIN cohorts c ON c.id = e.cohort_id "
                "WHERE c.status <> 'abgesagt' ORDER BY a.id LIMIT 1"
            )
        ).one()
    volunteers = [["Code", "Kommune", "Beigetreten", "Ausgeschieden"], ["KP-NEU-1", ags, "01.02.2024", ""]]
    assert run(demo_db, to_bytes(volunteers), entity="volunteers").counts["neu"] == 1
    volunteers[1][3] = "01.01.2024"
    plan = run(demo_db, to_bytes(volunteers), entity="volunteers")
    assert not plan.ok and "liegt vor" in plan.issues[0].message
    attendance = [
        ["Teilnehmer-Code", "Kohorte", "Termin", "Anwesend"],
        [code, str(cohort_id), session_title, "nein" if present else "ja"],
    ]
    plan = run(demo_db, to_bytes(attendance), entity="attendance")
    assert plan.ok and plan.counts["geändert"] == 1, plan.report_rows()
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Volunteer).where(Volunteer.code == "KP-NEU-1")) == 1
        changed = session.scalar(
            select(AuditEntry.new_value).where(AuditEntry.table_name == "attendance", AuditEntry.source == "import")
        )
        assert changed == ("nein" if present else "ja")
        assert session.scalar(select(func.count()).select_from(Attendance)) > 0


def test_nobody_signed_in_and_read_only_roles_cannot_import(demo_db):
    content = to_bytes([["Nr.", "Programm", "Titel", "Handlungsfeld"], ["R-1", "KlikKS", "T", "E"]])
    with pytest.raises(PermissionDenied):
        run(demo_db, content, actor=None)
    plan = run(demo_db, content, actor=Actor(name="Lea", role="lesen"))
    assert not plan.ok and "nur lesen" in plan.issues[-1].message


@pytest.mark.parametrize("entity", ["measures", "municipalities", "volunteers", "attendance"])
def test_templates_have_the_header_drop_down_lists_and_an_explanation(entity, demo_db):
    from python_calamine import CalamineWorkbook

    from data.imports.running import ENTITIES
    from data.imports.templates import template_xlsx

    content = template_xlsx(entity)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    header = workbook.get_sheet_by_index(0).to_python()[0]
    assert header == [column.header for column in ENTITIES[entity].columns.columns]
    explanation = workbook.get_sheet_by_name("Erläuterung").to_python()
    assert explanation[0][:2] == ["Spalte", "Pflicht"] and len(explanation) > len(header)
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    choices = [c for c in ENTITIES[entity].columns.columns if c.spec.options]
    assert sheet_xml.count('type="list"') == len(choices)
    with pytest.raises(FileRefused, match="nur die Kopfzeile"), demo_db.session() as session:
        plan_file(session, COORDINATOR, content, "vorlage.xlsx", entity)  # the empty template itself


def test_an_upload_above_the_limit_is_refused_before_it_is_decoded():
    from callbacks.import_page import decode_upload

    limits = Limits(max_bytes=1000)
    assert decode_upload("data:text/csv;base64,TnIu", limits) == b"Nr."
    with pytest.raises(FileRefused, match="zu groß"):
        decode_upload("data:text/csv;base64," + "A" * 2000, limits)
    with pytest.raises(FileRefused):
        decode_upload("data:text/csv;base64,@@@", limits)
    with pytest.raises(FileRefused):
        decode_upload(None, limits)


def test_a_run_whose_worker_went_away_is_closed_as_failed(demo_db):
    from datetime import timedelta

    from sqlalchemy import update

    from data.imports import history

    with demo_db.session() as session:
        run_id = history.start_run(session, COORDINATOR, "measures", "alt.csv", b"Nr.")
        fresh = history.run_summary(session, run_id)
        assert not history.close_if_stale(session, fresh)
        session.execute(
            update(ImportRun).where(ImportRun.id == run_id).values(created_at=fresh.created_at - timedelta(hours=2))
        )
        session.commit()
        assert history.close_if_stale(session, history.run_summary(session, run_id))
        closed = history.run_summary(session, run_id)
    assert (closed.status, closed.has_content) == ("fehlgeschlagen", False)
    assert "unterbrochen" in closed.message


def test_a_tiny_xlsx_with_one_cell_at_the_far_corner_is_refused_before_a_reader_builds_the_grid(demo_db):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Nr.", "Programm", "Titel", "Handlungsfeld"])
    sheet.write_number(1_048_575, 16_383, 1)  # XFD1048576: a dense grid of 17 billion cells
    workbook.close()
    assert len(buffer.getvalue()) < 10_000
    with pytest.raises(FileRefused, match="Spalten"), demo_db.session() as session:
        plan_file(session, COORDINATOR, buffer.getvalue(), "ecke.xlsx", "measures")
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Nr.", "Programm", "Titel", "Handlungsfeld"])
    sheet.write_number(1_048_575, 0, 1)
    workbook.close()
    with pytest.raises(FileRefused, match="Datenzeilen"), demo_db.session() as session:
        plan_file(session, COORDINATOR, buffer.getvalue(), "ecke.xlsx", "measures")


def test_a_run_and_its_report_are_seen_by_its_uploader_and_the_coordination_only(demo_db):
    from data.imports import history

    uploader = Actor(name="Rita", user_id=None, role="region", state_code="DE-NW")
    with demo_db.session() as session:
        user_ids = session.execute(text("SELECT id FROM users ORDER BY id LIMIT 2")).scalars().all()
        rita, other = (
            Actor(name=n, user_id=i, role="region", state_code="DE-NW")
            for n, i in zip(("Rita", "Ralf"), user_ids, strict=True)
        )
        run_id = history.start_run(session, rita, "measures", "nrw.csv", None)
        run = history.run_summary(session, run_id)
        assert history.may_see(rita, run) and history.may_see(COORDINATOR, run)
        assert not history.may_see(other, run) and not history.may_see(uploader, run) and not history.may_see(None, run)
        assert [r.id for r in history.recent_runs(session, rita)] == [run_id]
        assert history.recent_runs(session, other) == []
        assert run_id in [r.id for r in history.recent_runs(session, COORDINATOR)]


def test_a_number_names_a_measure_within_its_program_so_another_program_may_use_it(demo_db):
    """The natural key is the number within the program: a Münster row with a KlikKS number is a new
    Münster measure, and the KlikKS measure of that number is left as it was."""
    rows = csv_rows(export_csv(demo_db, MeasureFilter(program="klikks")))
    column = {header: index for index, header in enumerate(rows[0])}
    klikks_code = rows[1][column["Nr."]]
    with demo_db.session() as session:
        muenster = session.scalars(select(Measure).where(Measure.program.has(code="ksv-muenster"))).first()
        muenster_program = muenster.program.short_name
    new = [""] * len(rows[0])
    new[column["Nr."]], new[column["Programm"]], new[column["Titel"]] = klikks_code, muenster_program, "Gleiche Nr."
    new[column["Handlungsfeld"]], new[column["Land"]], new[column["Status"]] = (
        "Mobilität",
        "Nordrhein-Westfalen",
        "Geplant",
    )
    before = dump(demo_db)["measures"]
    plan = run(demo_db, to_bytes([rows[0], new]), "muenster.csv")
    assert plan.ok, plan.report_rows()
    assert (plan.counts["neu"], plan.counts["geändert"]) == (1, 0)
    with demo_db.session() as session:
        same_number = session.execute(
            select(Measure.title, Measure.program_id).where(Measure.code == klikks_code).order_by(Measure.id)
        ).all()
    assert len(same_number) == 2 and same_number[1] == ("Gleiche Nr.", muenster.program_id)
    assert set(before) <= set(dump(demo_db)["measures"])  # every stored measure unchanged
