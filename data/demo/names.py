"""Fictitious names for demo data: places, people and project titles.

Place names are composed from common German name parts, so they sound right without claiming
that a real municipality took part. People are invented; contact data uses example.org.
"""

from __future__ import annotations

import random

from data import vocab

PLACE_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "DE-BW": (
        (
            "Ober",
            "Unter",
            "Alt",
            "Neu",
            "Hohen",
            "Wald",
            "Berg",
            "Eich",
            "Linden",
            "Buch",
            "Tann",
            "Stein",
            "Rosen",
            "Sonnen",
        ),
        ("hausen", "ingen", "weiler", "bronn", "stetten", "heim", "bach", "hofen"),
    ),
    "DE-MV": (
        ("Wend", "Lüb", "Kar", "Bor", "Gnoi", "Dam", "Pries", "Wus", "Zar", "Pen", "Kum", "Ral"),
        ("hagen", "ow", "itz", "in", "kow", "dorf", "stedt", "zin"),
    ),
    "DE-NI": (
        ("Ahl", "Bor", "Del", "Hol", "Lan", "Ried", "Sche", "Wes", "Bü", "Hem", "Wil", "Rot", "Har", "Moor"),
        ("stedt", "beck", "hausen", "ingen", "dorf", "loh", "horst", "büttel"),
    ),
    "DE-NW": (
        ("Alten", "Nieder", "Hoch", "Lind", "Wester", "Oster", "Bergen", "Holz", "Brock", "Wester"),
        ("kirchen", "feld", "hagen", "horst", "beck", "rath", "loh", "dorf"),
    ),
    "DE-RP": (
        (
            "Ober",
            "Nieder",
            "Wald",
            "Hahn",
            "Kirch",
            "Stein",
            "Hunds",
            "Bären",
            "Mühl",
            "Wein",
            "Eich",
            "Rhein",
            "Mosel",
            "Hoch",
        ),
        ("bach", "heim", "weiler", "born", "hausen", "scheid", "ingen", "roth"),
    ),
    "DE-SL": (
        ("Ober", "Nieder", "Wald", "Kirch", "Neun", "Bliest", "Saar", "Heus", "Ill", "Mett"),
        ("weiler", "bach", "kirchen", "ingen", "hausen", "dorf"),
    ),
    "DE-TH": (
        ("Ober", "Nieder", "Gold", "Ilm", "Saal", "Wart", "Ro", "Ger", "Schwarz", "Eichs"),
        ("rode", "feld", "leben", "dorf", "stedt", "au", "hausen", "bach"),
    ),
}

BERLIN_NEIGHBOURHOODS = (
    "Reinickendorf-Ost",
    "Rixdorf",
    "Wittenau",
    "Tegel-Süd",
    "Britz",
    "Buckow",
    "Rudow",
    "Lichtenrade",
    "Marienfelde",
    "Hakenfelde",
    "Kladow",
    "Gatow",
    "Mahlsdorf",
    "Kaulsdorf",
    "Biesdorf",
    "Friedrichshagen",
    "Rahnsdorf",
    "Französisch Buchholz",
    "Heiligensee",
    "Frohnau",
    "Hermsdorf",
    "Lübars",
    "Staaken",
    "Zehlendorf-Süd",
)

LAND_KEYS = {code: key for key, code in vocab.STATE_KEYS.items()}  # state → first two digits of its AGS

FIRST_NAMES = (
    "Anna",
    "Jonas",
    "Lea",
    "Felix",
    "Marie",
    "Lukas",
    "Sophie",
    "Paul",
    "Clara",
    "Tim",
    "Hannah",
    "David",
    "Lena",
    "Jan",
    "Miriam",
    "Tobias",
    "Katrin",
    "Stefan",
    "Julia",
    "Markus",
    "Sabine",
    "Henrik",
    "Nora",
    "Ole",
    "Greta",
    "Malte",
    "Ines",
    "Yusuf",
    "Aylin",
    "Piotr",
    "Elif",
    "Mats",
)
LAST_NAMES = (
    "Albers",
    "Brandt",
    "Claßen",
    "Dörr",
    "Engel",
    "Fuchs",
    "Gärtner",
    "Hoffmann",
    "Imhof",
    "Jäger",
    "Krüger",
    "Lorenz",
    "Möller",
    "Nowak",
    "Oswald",
    "Petersen",
    "Quast",
    "Reuter",
    "Schäfer",
    "Thiel",
    "Ulrich",
    "Vogt",
    "Wendt",
    "Yilmaz",
    "Zöllner",
    "Bauer",
    "Kühn",
    "Lange",
    "Sommer",
    "Winter",
)


def place_names(state_code: str, count: int, rng: random.Random) -> list[str]:
    """``count`` distinct fictitious place names that sound like the state's region."""
    if state_code == "DE-BE":
        names = list(BERLIN_NEIGHBOURHOODS)
        rng.shuffle(names)
        if count > len(names):
            raise ValueError("not enough Berlin neighbourhood names")
        return names[:count]
    prefixes, suffixes = PLACE_PARTS[state_code]
    combos = sorted({(p + s).replace("  ", " ") for p in prefixes for s in suffixes})
    rng.shuffle(combos)
    if count > len(combos):
        raise ValueError(f"not enough name parts for {state_code}")
    names = combos[:count]
    if state_code == "DE-MV":  # "Groß Wendhagen", "Alt Lübow": a typical pattern in Mecklenburg-Vorpommern
        names = [f"{rng.choice(('Groß', 'Klein', 'Alt', 'Neu'))} {n}" if rng.random() < 0.3 else n for n in names]
    return names


def person_names(count: int, rng: random.Random) -> list[str]:
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    return [f"{f} {last}" for f, last in pairs[:count]]


def email_for(name: str) -> str:
    local = name.lower().replace(" ", ".")
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        local = local.replace(a, b)
    return f"{local}@example.org"
