"""Page filter models (:mod:`data.filters`): URL → model → URL is the identity for valid input; invalid
values become German notes that name the label; control values and store contents are validated too."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from callbacks.url_state import parse_query
from data import vocab
from data.filters import MAX_ID
from data.queries.kohorten import CohortFilter
from data.queries.laender import LaenderFilter
from data.queries.measure_filters import VIEW_LABELS, MeasureFilter
from data.queries.overview import OverviewFilter
from data.rules import stand_days

relaxed = settings(deadline=None, max_examples=60)  # a loaded 2-core machine is slow, not wrong

FIRST, LAST = date(2022, 3, 1), date(2025, 2, 28)
PERIOD = {"period": (FIRST, LAST)}
MEASURE_CHOICES = {
    "programs": {"klikks": "KlikKS", "ksv-muenster": "Klimastadt-Vertrag Münster"},
    "states": {"DE-NW": "Nordrhein-Westfalen", "DE-SL": "Saarland"},
    "municipalities": {7: "Musterstadt (NW)", 12: "Beispielingen (SL)"},
    "sectors": {"Energie": "Energie", "Mobilität & Verkehr": "Mobilität & Verkehr"},
    "responsibles": {"Amt für Klima": "Amt für Klima", "Stadtwerke, Netze & Co.": "Stadtwerke, Netze & Co."},
}
COHORT_CHOICES = {"places": {"bundesweit": "Bundesweit", "DE-RP": "Rheinland-Pfalz", "stadt-4": "M (Stadt)"}}
COHORT_CHOICES["years"] = {2022: "2022", 2023: "2023"}


def _round_trip(model, search: str, choices) -> None:
    flt, notes = model.from_query(parse_query(search), choices)
    assert notes == []
    assert flt.to_query() == search
    # the store and the controls carry the same values back into the same model
    assert model.from_values(flt.to_params(), choices) == flt
    assert model.from_values(flt.to_controls(), choices) == flt


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(params) if params else ""


def _sublist(values):
    return st.lists(st.sampled_from(list(values)), unique=True)


days = st.dates(FIRST, LAST)


@relaxed
@given(start=st.none() | days, end=st.none() | days, metric=st.sampled_from(list(vocab.OVERVIEW_METRICS)))
def test_overview_round_trip(start, end, metric):
    if start and end and start > end:
        start, end = end, start
    params = {
        "von": start.isoformat() if start and start != FIRST else None,
        "bis": end.isoformat() if end and end != LAST else None,
        "kennzahl": metric if metric != "kommunen" else None,
    }
    _round_trip(OverviewFilter, _query({k: v for k, v in params.items() if v}), PERIOD)


@relaxed
@given(
    stand=st.none() | st.sampled_from(stand_days(FIRST, LAST)[:-1]), metric=st.sampled_from(list(vocab.LAENDER_METRICS))
)
def test_laender_round_trip(stand, metric):
    params = {"stand": stand.isoformat() if stand else None, "kennzahl": metric if metric != "kommunen" else None}
    _round_trip(LaenderFilter, _query({k: v for k, v in params.items() if v}), PERIOD)


@relaxed
@given(
    kinds=_sublist(vocab.COHORT_KINDS),
    statuses=_sublist(vocab.COHORT_STATUSES),
    place=st.none() | st.sampled_from(list(COHORT_CHOICES["places"])),
    year=st.none() | st.sampled_from([2022, 2023]),
)
def test_kohorten_round_trip(kinds, statuses, place, year):
    params = {"format": ",".join(kinds), "status": ",".join(statuses), "ort": place, "jahr": year}
    _round_trip(CohortFilter, _query({k: v for k, v in params.items() if v}), COHORT_CHOICES)


text = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=","), min_size=1, max_size=200)


@relaxed
@given(
    program=st.none() | st.sampled_from(list(MEASURE_CHOICES["programs"])),
    state=st.none() | st.sampled_from(list(MEASURE_CHOICES["states"])),
    municipality=st.none() | st.sampled_from(list(MEASURE_CHOICES["municipalities"])),
    sector=st.none() | st.sampled_from(list(MEASURE_CHOICES["sectors"])),
    statuses=_sublist(vocab.MEASURE_STATUSES),
    responsible=st.none() | st.sampled_from(list(MEASURE_CHOICES["responsibles"])),
    overdue=st.booleans(),
    stale=st.booleans(),
    search=st.none() | text.filter(lambda t: t.strip() == t),
    view=st.sampled_from(list(VIEW_LABELS)),
)
def test_massnahmen_round_trip(
    program, state, municipality, sector, statuses, responsible, overdue, stale, search, view
):
    params = {
        "programm": program,
        "land": state,
        "kommune": municipality,
        "feld": sector,
        "status": ",".join(statuses),
        "verantwortlich": responsible,
        "ueberfaellig": "1" if overdue else None,
        "veraltet": "1" if stale else None,
        "suche": search,
        "ansicht": view if view != "handlungsfeld" else None,
    }
    _round_trip(MeasureFilter, _query({k: v for k, v in params.items() if v}), MEASURE_CHOICES)


def test_invalid_values_are_dropped_with_notes_that_name_the_label():
    flt, notes = MeasureFilter.from_query(
        {"status": "in_umsetzung,kaputt,verzoegert", "kommune": "99", "ueberfaellig": "vielleicht", "suche": "a\x00b"},
        MEASURE_CHOICES,
    )
    assert flt.statuses == ("in_umsetzung", "verzoegert")  # the valid entries of a list stay
    labels = {note.split(":")[0]: note for note in notes}
    assert labels["Status"].startswith("Status: „kaputt“ gibt es nicht (möglich: Geplant, In Umsetzung, Verzögert,")
    assert labels["Kommune"].startswith("Kommune: „99“ gibt es nicht")
    assert labels["Nur überfällige"].startswith("Nur überfällige: „vielleicht“ ist unbekannt")
    assert labels["Suche"].startswith("Suche: enthält Steuerzeichen")
    assert all(note.endswith("der Wert wurde ignoriert.") for note in notes) and len(notes) == 4
    assert "in_umsetzung" not in " ".join(notes)
    assert flt == MeasureFilter(statuses=("in_umsetzung", "verzoegert"), today=flt.today)


def test_dates_out_of_range_reversed_and_snapped():
    flt, notes = OverviewFilter.from_query({"von": "gestern", "bis": "2030-01-01"}, PERIOD)
    assert flt.period(FIRST, LAST) == (FIRST, LAST)
    assert notes[0].startswith("Von: „gestern“ ist kein Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)")
    assert notes[1].startswith("Bis: 01.01.2030 liegt außerhalb von 01.03.2022 – 28.02.2025")
    flt, notes = OverviewFilter.from_query({"von": "31.12.2024", "bis": "2023-01-01"}, PERIOD)
    assert (flt.start, flt.end) == (date(2023, 1, 1), date(2024, 12, 31)) and "getauscht" in notes[0]
    assert flt.to_query() == "?von=2023-01-01&bis=2024-12-31"
    flt, notes = LaenderFilter.from_query({"stand": "2023-05-15"}, PERIOD)
    assert flt.stand == date(2023, 5, 31) and "15.05.2023 wurde auf 31.05.2023 gesetzt" in notes[0]
    flt, notes = LaenderFilter.from_query({"stand": LAST.isoformat()}, PERIOD)
    assert flt.stand is None and flt.to_query() == "" and notes == []


def test_store_and_controls_are_validated_like_the_url():
    forged = {
        "programm": ["klikks"],
        "kommune": str(MAX_ID + 1),
        "status": ["geplant", {"x": 1}],
        "ueberfaellig": "DROP TABLE",
        "suche": "x" * 500,
        "ansicht": 3,
    }
    flt = MeasureFilter.from_values(forged)
    assert flt == MeasureFilter(statuses=("geplant",), text="x" * 200, today=flt.today)
    assert MeasureFilter.from_values("kein dict") == MeasureFilter(today=flt.today)
    assert MeasureFilter.from_values({"land": "DE-NW'; --"}).state is None  # shape checked without options
    assert CohortFilter.from_values({"ort": "stadt-abc", "jahr": True}) == CohortFilter()
    assert CohortFilter.from_values({"format": ["workshop"], "jahr": 2023}) == CohortFilter(("workshop",), year=2023)
