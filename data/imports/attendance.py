"""Importing attendance: one row per participant code and session (the cohort by number or title, the
session by title or date). The participant must be enrolled in the cohort; each change raises the
enrollment's version, as a change in the attendance grid does."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import insert, select, update

from data.commands.fields import FieldSpec, Kind
from data.commands.unit_of_work import UnitOfWork
from data.imports.columns import Column, EntityColumns
from data.imports.planning import CHANGED, NEW, UNCHANGED, ParsedRow, Plan, RowAction
from data.models import Attendance, Cohort, CohortSession, Enrollment, Participant
from data.permissions import Scope

CHUNK = 900
COLUMNS = EntityColumns(
    columns=(
        Column(
            "Teilnehmer-Code",
            FieldSpec("participant", "Teilnehmer-Code", Kind.TEXT, required=True, max_length=20),
            key=True,
            required_column=True,
            aliases=("Teilnehmende", "Code"),
        ),
        Column(
            "Kohorte",
            FieldSpec("cohort", "Kohorte", Kind.TEXT, required=True, max_length=200),
            key=True,
            required_column=True,
            note="Nummer oder Titel der Kohorte",
        ),
        Column(
            "Termin",
            FieldSpec("session", "Termin", Kind.TEXT, required=True, max_length=200),
            key=True,
            required_column=True,
            note="Titel des Termins oder sein Datum (TT.MM.JJJJ)",
        ),
        Column(
            "Anwesend",
            FieldSpec("present", "Anwesend", Kind.BOOLEAN, required=True),
            required_column=True,
            note="ja oder nein",
        ),
    )
)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("ja" if value else "nein")


class AttendanceImport:
    key = "attendance"
    table = "attendance"  # the table the rows go to
    label = "Anwesenheiten"
    columns = COLUMNS

    def plan(self, session, rows: Iterable[ParsedRow], plan: Plan) -> None:
        rows = list(rows)  # two passes: the codes first, then each row
        cohorts = {}
        for record in session.execute(
            select(Cohort.id, Cohort.title, Cohort.status, Cohort.state_code, Cohort.municipality_id)
        ).mappings():
            cohorts[str(record["id"])] = record
            cohorts.setdefault(record["title"].casefold(), record)
        sessions: dict[tuple[int, str], int] = {}
        for session_id, cohort_id, title, held_on in session.execute(
            select(CohortSession.id, CohortSession.cohort_id, CohortSession.title, CohortSession.held_on)
        ):
            sessions[(cohort_id, title.casefold())] = session_id
            sessions.setdefault((cohort_id, f"{held_on:%d.%m.%Y}"), session_id)
            sessions.setdefault((cohort_id, held_on.isoformat()), session_id)
        codes = sorted({str(row.values["participant"]) for row in rows})
        enrollments: dict[tuple[str, int], int] = {}
        for start in range(0, len(codes), CHUNK):
            statement = (
                select(Participant.code, Enrollment.cohort_id, Enrollment.id)
                .join(Enrollment, Enrollment.participant_id == Participant.id)
                .where(Participant.code.in_(codes[start : start + CHUNK]))
            )
            for code, cohort_id, enrollment_id in session.execute(statement):
                enrollments[(code, cohort_id)] = enrollment_id
        ids = sorted(set(enrollments.values()))
        present: dict[tuple[int, int], tuple[int, bool]] = {}
        for start in range(0, len(ids), CHUNK):
            statement = select(Attendance.id, Attendance.enrollment_id, Attendance.session_id, Attendance.present)
            for attendance_id, enrollment_id, session_id, was in session.execute(
                statement.where(Attendance.enrollment_id.in_(ids[start : start + CHUNK]))
            ):
                present[(enrollment_id, session_id)] = (attendance_id, bool(was))
        for row in rows:
            values = row.values
            cohort = cohorts.get(str(values["cohort"]).casefold())
            if cohort is None:
                plan.add(row, "Kohorte", values["cohort"], f"Eine Kohorte „{row.shown['cohort']}“ gibt es nicht.")
                continue
            if cohort["status"] == "abgesagt":
                plan.add(row, "Kohorte", values["cohort"], "Die Kohorte ist abgesagt; Anwesenheit wird nicht erfasst.")
                continue
            session_id = sessions.get((cohort["id"], str(values["session"]).casefold()))
            if session_id is None:
                plan.add(row, "Termin", values["session"], f"Die Kohorte hat keinen Termin „{row.shown['session']}“.")
                continue
            enrollment_id = enrollments.get((values["participant"], cohort["id"]))
            if enrollment_id is None:
                plan.add(
                    row, "Teilnehmer-Code", values["participant"], "Diese Person ist in der Kohorte nicht angemeldet."
                )
                continue
            scope = (Scope(cohort["state_code"], cohort["municipality_id"]),)
            stored = present.get((enrollment_id, session_id))
            target = {"enrollment_id": enrollment_id, "session_id": session_id, "present": values["present"]}
            if stored is None:
                plan.actions.append(RowAction(row.number, NEW, None, target, scopes=scope))
            elif stored[1] == values["present"]:
                plan.actions.append(RowAction(row.number, UNCHANGED, stored[0], {}))
            else:
                plan.actions.append(
                    RowAction(row.number, CHANGED, stored[0], target, {"present": stored[1]}, None, scope)
                )

    def apply(self, work: UnitOfWork, actions: list[RowAction], audit: Callable[..., None]) -> None:
        session = work.session
        touched: set[int] = set()
        for action in actions:
            values = action.values
            if action.kind == NEW:
                record_id = session.execute(insert(Attendance).returning(Attendance.id), values).scalar_one()
                audit("attendance", record_id, "present", None, _yes_no(values["present"]))
            else:
                record_id = action.record_id
                session.execute(update(Attendance).where(Attendance.id == record_id).values(present=values["present"]))
                audit("attendance", record_id, "present", _yes_no(action.old["present"]), _yes_no(values["present"]))
            touched.add(values["enrollment_id"])
        ordered = sorted(touched)
        for start in range(0, len(ordered), CHUNK):
            session.execute(
                update(Enrollment)
                .where(Enrollment.id.in_(ordered[start : start + CHUNK]))
                .values(version=Enrollment.version + 1)
                .execution_options(synchronize_session=False)
            )
