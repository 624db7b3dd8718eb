"""Exports of a state's municipalities and Klimaschutzpat:innen in the import's columns: the file imports
back without changes (CSV and XLSX), two edited cells are exactly what is written and audited, formula-like
names stay neutralised, and the download routes answer by who is asking."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select, update

from data.exports.land_lists import MUNICIPALITY_COLUMNS, VOLUNTEER_COLUMNS, export_chunks
from data.imports.municipalities import COLUMNS as MUNICIPALITY_IMPORT
from data.imports.running import import_file
from data.models import AuditEntry, Municipality, Volunteer
from data.permissions import Actor
from layouts.laender_detail import list_downloads
from tests.support.accounts import DEMO_PASSWORD
from tests.support.http import same_origin_client
from tests.test_imports import dump

REGION_NW = Actor(name="Rita Region", role="region", state_code="DE-NW", scope_label="Nordrhein-Westfalen")
ENTITY = {"kommunen": "municipalities", "pat-innen": "volunteers"}


def exported(db, which: str, kind: str) -> bytes:
    return b"".join(export_chunks(db, which, "DE-NW", kind))


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def to_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def run(db, content: bytes, name: str, which: str):
    with db.session() as session:
        return import_file(session, REGION_NW, content, name, ENTITY[which])


def test_the_columns_are_the_import_s_columns():
    assert [header for header, _key, _kind in MUNICIPALITY_COLUMNS] == [c.header for c in MUNICIPALITY_IMPORT.columns]
    assert [header for header, _key, _kind in VOLUNTEER_COLUMNS][:3] == ["Code", "Kommune", "Land"]


@pytest.mark.parametrize("which", ["kommunen", "pat-innen"])
def test_an_export_imports_back_without_changes_as_csv_and_xlsx(demo_db, which):
    with demo_db.session() as session:  # a name a spreadsheet would run as a formula
        session.execute(update(Municipality).where(Municipality.ags == "05515000").values(name="=Münster"))
        session.commit()
    before = dump(demo_db)
    content = exported(demo_db, which, "csv")
    rows = csv_rows(content)
    assert len(rows) > 3
    if which == "kommunen":
        muenster = next(row for row in rows if row[0] == "05515000")
        assert muenster[:4] == ["05515000", "'=Münster", "Nordrhein-Westfalen", "Stadt"]
    for name, file in ((f"{which}.csv", content), (f"{which}.xlsx", exported(demo_db, which, "xlsx"))):
        plan = run(demo_db, file, name, which)
        assert plan.ok, plan.report_rows()
        assert plan.counts["neu"] == plan.counts["geändert"] == 0
        assert plan.counts["unverändert"] == plan.rows_total == len(rows) - 1
    assert dump(demo_db) == before


def _audited(db) -> list[tuple]:
    with db.session() as session:
        return sorted(
            session.execute(
                select(AuditEntry.table_name, AuditEntry.row_id, AuditEntry.field, AuditEntry.new_value).where(
                    AuditEntry.source == "import"
                )
            ).all()
        )


def test_two_edited_municipality_cells_are_exactly_the_audited_changes(demo_db):
    rows = csv_rows(exported(demo_db, "kommunen", "csv"))
    column = {header: index for index, header in enumerate(rows[0])}
    rows[1][column["Einwohner"]] = "12.345"
    rows[2][column["Name"]] = rows[2][column["Name"]] + " (neu)"
    plan = run(demo_db, to_bytes(rows), "kommunen.csv", "kommunen")
    assert plan.ok, plan.report_rows()
    assert (plan.counts["geändert"], plan.counts["neu"]) == (2, 0)
    with demo_db.session() as session:
        first = session.scalar(select(Municipality.id).where(Municipality.ags == rows[1][column["AGS"]]))
        second = session.scalar(select(Municipality.id).where(Municipality.ags == rows[2][column["AGS"]]))
    assert _audited(demo_db) == sorted(
        [
            ("municipalities", first, "population", "12345"),
            ("municipalities", second, "name", rows[2][column["Name"]]),
        ]
    )


def test_two_edited_volunteer_cells_are_exactly_the_audited_changes(demo_db):
    rows = csv_rows(exported(demo_db, "pat-innen", "csv"))
    column = {header: index for index, header in enumerate(rows[0])}
    rows[1][column["Ausgeschieden"]] = "31.12.2099"
    rows[2][column["Geschult am"]] = "01.03.2025"
    plan = run(demo_db, to_bytes(rows), "paten.csv", "pat-innen")
    assert plan.ok, plan.report_rows()
    assert (plan.counts["geändert"], plan.counts["neu"]) == (2, 0)
    with demo_db.session() as session:
        ids = dict(session.execute(select(Volunteer.code, Volunteer.id)).all())
        assert session.scalar(select(Volunteer.left_on).where(Volunteer.code == rows[1][0])) == date(2099, 12, 31)
    assert _audited(demo_db) == sorted(
        [
            ("volunteers", ids[rows[1][0]], "left_on", "2099-12-31"),
            ("volunteers", ids[rows[2][0]], "trained_on", "2025-03-01"),
        ]
    )


def test_download_routes_answer_by_who_asks(dash_app):
    anonymous = same_origin_client(dash_app)
    response = anonymous.get("/laender/DE-NW/kommunen.csv")
    assert response.status_code == 200 and response.is_streamed
    assert 'filename="kommunen-de-nw-' in response.headers["Content-Disposition"]
    assert csv_rows(response.get_data())[0] == [header for header, _key, _kind in MUNICIPALITY_COLUMNS]
    assert anonymous.get("/laender/DE-NW/pat-innen.csv").status_code == 403
    assert anonymous.get("/laender/DE-XX/kommunen.csv").status_code == 404
    region = same_origin_client(dash_app, "region-nw", DEMO_PASSWORD)
    response = region.get("/laender/DE-NW/pat-innen.xlsx")
    assert response.status_code == 200 and response.get_data()[:2] == b"PK"
    assert region.get("/laender/DE-BY/pat-innen.csv").status_code == 403


def test_the_state_page_offers_the_pat_innen_list_only_to_its_editors():
    def links(can_edit: bool) -> list[str]:
        return [button.href for button in list_downloads("DE-NW", can_edit).children[1:]]

    assert links(False) == ["/laender/DE-NW/kommunen.csv", "/laender/DE-NW/kommunen.xlsx"]
    assert links(True)[2:] == ["/laender/DE-NW/pat-innen.csv", "/laender/DE-NW/pat-innen.xlsx"]
