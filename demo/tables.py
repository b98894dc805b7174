"""Fixed tables of the demo dataset: the seed, the password, the calibration targets, rough
geography and names. Everything the generator varies comes from these and one random.Random."""

import datetime

SEED = 20120627  # the day the covenant was signed
DEMO_PASSWORD = "kantorentop-demo-2012"  # noqa: S105 (public, documented demo password)

HISTORY_START = datetime.date(2008, 3, 31)
CALIBRATION_DATE = datetime.date(2012, 6, 30)
WITHDRAWALS_FROM = datetime.date(2013, 1, 1)
WITHDRAWALS_UNTIL = datetime.date(2025, 12, 31)

# The covenant's figures on 30 June 2012 (domain spec, "Background"), hit by construction.
STOCK_BUILDINGS_2012 = 15_300
NEW_BUILDINGS_AFTER_2012 = 560
FULLY_VACANT_2012 = 875
PARTLY_VACANT_2012 = 1_900
FOUR_BIG_REGIONS_SHARE_OF_VACANCY = 0.375
FOUR_BIG_REGIONS = ("amsterdam", "rotterdam", "den-haag", "utrecht")

# Calibration groups: (key, target vacancy rate on the calibration date). Every building belongs
# to exactly one group; "other" gets the rate that makes the four big regions hold
# FOUR_BIG_REGIONS_SHARE_OF_VACANCY of the country's vacant m2.
GROUP_RATES = {
    "GM0363": 0.180,  # Amsterdam municipality: the highest vacancy in 2012
    "amsterdam": 0.130,  # the rest of the Amsterdam office region
    "rotterdam": 0.128,
    "den-haag": 0.122,
    "utrecht": 0.126,
    "eindhoven": 0.124,
    "PV29": 0.020,  # Zeeland
}

# Buildings in the 2012 stock per municipality, as relative weights. Unlisted municipalities
# weigh IN_REGION_WEIGHT inside an office region and OUTSIDE_WEIGHT elsewhere.
MUNICIPALITY_WEIGHTS = {
    "GM0363": 1250,  # Amsterdam
    "GM0599": 800,  # Rotterdam
    "GM0518": 680,  # Den Haag
    "GM0344": 600,  # Utrecht
    "GM0772": 380,  # Eindhoven
    "GM0014": 300,  # Groningen
    "GM0394": 280,  # Haarlemmermeer
    "GM0202": 250,  # Arnhem
    "GM0307": 230,  # Amersfoort
    "GM0796": 230,  # 's-Hertogenbosch
    "GM0268": 220,  # Nijmegen
    "GM0758": 220,  # Breda
    "GM0193": 200,  # Zwolle
    "GM0855": 200,  # Tilburg
    "GM0362": 190,  # Amstelveen
    "GM0034": 180,  # Almere
    "GM0200": 170,  # Apeldoorn
    "GM0392": 170,  # Haarlem
    "GM0935": 170,  # Maastricht
    "GM0546": 160,  # Leiden
    "GM0153": 160,  # Enschede
    "GM0080": 150,  # Leeuwarden
    "GM0637": 150,  # Zoetermeer
    "GM0505": 130,  # Dordrecht
    "GM0356": 120,  # Nieuwegein
    "GM0603": 110,  # Rijswijk
    "GM0502": 100,  # Capelle aan den IJssel
    "GM0917": 90,  # Heerlen
    "GM1916": 90,  # Leidschendam-Voorburg
    "GM0402": 90,  # Hilversum
    "GM0228": 80,  # Ede
    "GM0106": 70,  # Assen
    "GM0995": 70,  # Lelystad
    "GM0150": 70,  # Deventer
    "GM0861": 70,  # Veldhoven
    "GM0606": 70,  # Schiedam
    "GM0361": 70,  # Alkmaar
    "GM0479": 70,  # Zaanstad
    "GM0983": 60,  # Venlo
    "GM0687": 45,  # Middelburg
    "GM0718": 35,  # Vlissingen
    "GM0664": 35,  # Goes
    "GM0715": 30,  # Terneuzen
}
IN_REGION_WEIGHT = 28
OUTSIDE_WEIGHT = 40

# Lognormal lettable area: (median m2, sigma) by kind of place; clipped to the range below.
AREA_BIG_CITY = (1800, 1.1)
AREA_OFFICE_CITY = (1500, 1.05)
AREA_ELSEWHERE = (850, 0.9)
AREA_MIN_M2 = 300
AREA_MAX_M2 = 60_000
BIG_CITIES = ("GM0363", "GM0599", "GM0518", "GM0344", "GM0772")

# Rough centres (WGS84) of the office cities; other municipalities lie near the centre of their
# office region's main city, or near their province's centre.
CITY_CENTRES = {
    "GM0363": (52.3676, 4.9041),
    "GM0599": (51.9225, 4.4792),
    "GM0518": (52.0705, 4.3007),
    "GM0344": (52.0907, 5.1214),
    "GM0772": (51.4416, 5.4697),
    "GM0014": (53.2194, 6.5665),
    "GM0202": (51.9851, 5.8987),
    "GM0268": (51.8126, 5.8372),
    "GM0193": (52.5168, 6.0830),
    "GM0307": (52.1561, 5.3878),
    "GM0034": (52.3508, 5.2647),
    "GM0546": (52.1601, 4.4970),
    "GM0392": (52.3874, 4.6462),
    "GM0758": (51.5719, 4.7683),
    "GM0855": (51.5555, 5.0913),
    "GM0796": (51.6978, 5.3037),
    "GM0935": (50.8514, 5.6910),
    "GM0917": (50.8882, 5.9795),
    "GM0200": (52.2112, 5.9699),
    "GM0080": (53.2012, 5.7999),
    "GM0153": (52.2215, 6.8937),
    "GM0505": (51.8133, 4.6901),
    "GM0362": (52.3114, 4.8701),
    "GM0394": (52.3025, 4.6889),
    "GM0637": (52.0575, 4.4931),
    "GM0603": (52.0363, 4.3250),
    "GM0356": (52.0297, 5.0810),
    "GM0502": (51.9292, 4.5779),
    "GM1916": (52.0833, 4.3833),
    "GM0402": (52.2292, 5.1669),
    "GM0228": (52.0402, 5.6649),
    "GM0106": (52.9925, 6.5649),
    "GM0995": (52.5185, 5.4714),
    "GM0150": (52.2550, 6.1639),
    "GM0861": (51.4180, 5.4040),
    "GM0606": (51.9192, 4.3989),
    "GM0361": (52.6324, 4.7534),
    "GM0479": (52.4391, 4.8275),
    "GM0983": (51.3704, 6.1724),
    "GM0687": (51.4988, 3.6110),
    "GM0718": (51.4425, 3.5736),
    "GM0664": (51.5040, 3.8887),
    "GM0715": (51.3353, 3.8278),
}
REGION_CORE_CITY = {
    "amsterdam": "GM0363",
    "rotterdam": "GM0599",
    "den-haag": "GM0518",
    "utrecht": "GM0344",
    "eindhoven": "GM0772",
    "almere": "GM0034",
    "amersfoort": "GM0307",
    "apeldoorn": "GM0200",
    "arnhem-nijmegen": "GM0202",
    "breda": "GM0758",
    "drechtsteden": "GM0505",
    "groningen": "GM0014",
    "haarlem": "GM0392",
    "leeuwarden": "GM0080",
    "leiden": "GM0546",
    "s-hertogenbosch": "GM0796",
    "tilburg": "GM0855",
    "twente": "GM0153",
    "zuid-limburg": "GM0935",
    "zwolle": "GM0193",
}
# Province centre and half-widths (lat, lon) of the jitter around it.
PROVINCE_CENTRES = {
    "PV20": (53.22, 6.70, 0.10, 0.25),
    "PV21": (53.08, 5.80, 0.12, 0.30),
    "PV22": (52.86, 6.60, 0.12, 0.20),
    "PV23": (52.42, 6.45, 0.12, 0.30),
    "PV24": (52.52, 5.55, 0.08, 0.15),
    "PV25": (52.06, 5.90, 0.12, 0.35),
    "PV26": (52.08, 5.25, 0.07, 0.15),
    "PV27": (52.55, 4.85, 0.15, 0.10),
    "PV28": (51.95, 4.55, 0.10, 0.20),
    "PV29": (51.48, 3.85, 0.08, 0.20),
    "PV30": (51.58, 5.20, 0.10, 0.40),
    "PV31": (51.15, 5.92, 0.25, 0.08),
}
# Postcode digit ranges by province (first four digits; the first is never 0).
POSTCODE_RANGES = {
    "PV20": (9700, 9999),
    "PV21": (8400, 9299),
    "PV22": (9400, 9499),
    "PV23": (7400, 7799),
    "PV24": (1300, 1399),
    "PV25": (6500, 7399),
    "PV26": (3400, 3999),
    "PV27": (1000, 1999),
    "PV28": (2200, 3299),
    "PV29": (4300, 4599),
    "PV30": (4600, 5799),
    "PV31": (5800, 6499),
}
CITY_POSTCODE_RANGES = {
    "GM0363": (1011, 1109),
    "GM0599": (3011, 3089),
    "GM0518": (2491, 2597),
    "GM0344": (3511, 3585),
    "GM0772": (5611, 5658),
}
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # PostNL does not issue F, I, O, Q, U, Y

STREETS = (
    "Stationsplein",
    "Stationsweg",
    "Kanaalweg",
    "Prinses Beatrixlaan",
    "Koningin Julianaplein",
    "Europalaan",
    "Marktstraat",
    "Nieuwe Stationsstraat",
    "Parklaan",
    "Havenstraat",
    "Leidseweg",
    "Beukenlaan",
    "Kennedylaan",
    "Churchilllaan",
    "Professor Cobbenhagenlaan",
    "Laan van Kronenburg",
    "Wilhelminasingel",
    "Spoorlaan",
    "Handelsweg",
    "Kantorenpark",
    "Rijnkade",
    "Dokweg",
    "Zuiderpark",
    "Lange Voorhout",
    "Oostsingel",
    "Westblaak",
    "Weena",
    "Parnassusweg",
    "Croeselaan",
    "Vestdijk",
)
BUILDING_NAME_PARTS = (
    "Toren",
    "Huis",
    "Poort",
    "Plaza",
    "Hof",
    "Park",
    "Centrum",
    "Atrium",
    "Forum",
    "Paviljoen",
)

# National course of vacancy relative to 30 June 2012, for buildings that were vacant then:
# rising to a peak in 2014-2016, then falling as the market recovers and offices are withdrawn.
VACANCY_COURSE = (
    (datetime.date(2008, 3, 31), 0.70),
    (datetime.date(2010, 12, 31), 0.88),
    (CALIBRATION_DATE, 1.00),
    (datetime.date(2014, 12, 31), 1.16),
    (datetime.date(2016, 6, 30), 1.12),
    (datetime.date(2018, 12, 31), 0.86),
    (datetime.date(2021, 12, 31), 0.72),
    (datetime.date(2026, 12, 31), 0.62),
)
# Relative weight of each year for withdrawals (transformation, demolition).
WITHDRAWAL_YEAR_WEIGHTS = {
    2013: 4,
    2014: 6,
    2015: 8,
    2016: 10,
    2017: 11,
    2018: 11,
    2019: 10,
    2020: 8,
    2021: 8,
    2022: 7,
    2023: 6,
    2024: 5,
    2025: 4,
}
WITHDRAWN_BUILDINGS = 2_700

# Investor organisations (fictional): (name, covenant investor).
INVESTORS = (
    ("Aurora Vastgoedbeleggingen N.V.", True),
    ("Brugwachter Kantoren B.V.", False),
    ("Dijkstaete Pensioenvastgoed", True),
    ("Kade & Gracht Real Estate", True),
    ("Polderland Beleggingen B.V.", False),
    ("Meridiaan Office Fund", True),
    ("Nederlandse Kantorenmaatschappij", True),
    ("Oranjewoud Vastgoed", False),
    ("Lindenhof Investments B.V.", False),
    ("Zuidwal Property Partners", True),
    ("Hanzestad Vastgoed", False),
    ("De Waal Beleggingsgroep", False),
    ("Noorderlicht Real Estate Fund", True),
    ("Randstad Kantorenfonds", True),
    ("Veluwezoom Vastgoed B.V.", False),
    ("Maasoever Properties", False),
    ("Staalkade Beheer B.V.", False),
    ("Groenmarkt Belegging", False),
)
# The persona municipal officers by municipality (personas.py).
OFFICER_USERNAMES = {"GM0344": "utrecht.ambtenaar", "GM0363": "amsterdam.ambtenaar"}
# The flagged buildings of each persona investor (an index into INVESTORS): where they lie and
# the state of their plans ("none": no plan yet). They lie in a persona officer's municipality,
# so the demo shows both sides of a plan: the investor writes it, that officer reviews it.
NO_PLAN = "none"
PERSONA_FLAGGED = {
    0: ("GM0344", ("submitted", NO_PLAN, "draft", NO_PLAN)),
    1: ("GM0363", ("under_review", NO_PLAN, "approved")),
}

FUND_ORGANISATION = "Stichting Regionale Kantorenfondsen"

# Designated areas per city: (name, policy kind, centre offset in degrees lat, lon).
DESIGNATED_AREAS = {
    "GM0363": (
        ("Zuidas", "growth", -0.029, -0.030),
        ("Centrum", "consolidation", 0.006, -0.010),
        ("Amstel III", "transformation", -0.060, 0.045),
        ("Sloterdijk", "restriction", 0.020, -0.065),
    ),
    "GM0599": (
        ("Kop van Zuid", "growth", -0.017, 0.010),
        ("Centraal District", "consolidation", 0.002, -0.010),
        ("Brainpark", "restriction", -0.010, 0.050),
        ("Spaanse Polder", "transformation", 0.020, -0.040),
    ),
    "GM0518": (
        ("Beatrixkwartier", "growth", 0.010, 0.025),
        ("Centrum", "consolidation", 0.006, 0.010),
        ("Binckhorst", "transformation", -0.005, 0.040),
        ("Mariahoeve", "restriction", 0.020, 0.060),
    ),
    "GM0344": (
        ("Stationsgebied", "growth", 0.000, -0.012),
        ("Papendorp", "consolidation", -0.020, -0.040),
        ("Rijnsweerd", "restriction", 0.000, 0.045),
        ("Kanaleneiland", "transformation", -0.020, -0.020),
    ),
    "GM0772": (
        ("Fellenoord", "growth", 0.006, -0.005),
        ("Flight Forum", "consolidation", 0.010, -0.060),
        ("Kronehoef", "transformation", 0.015, -0.020),
        ("Airportzone Oost", "restriction", 0.000, -0.080),
    ),
    "GM0307": (
        ("De Brand", "restriction", 0.020, 0.030),
        ("Stationsgebied", "growth", 0.000, -0.010),
    ),
    "GM0202": (("Kronenburg", "transformation", -0.020, -0.030),),
}

# Regional visions: slug -> (status, adopted on, target vacancy %, withdrawal m2, max new m2).
# The priority regions owed theirs by 27 June 2013; Den Haag adopted late.
VISION_DUE = datetime.date(2013, 6, 27)
VISIONS = {
    "amsterdam": ("adopted", datetime.date(2013, 3, 14), 8.0, 1_000_000, 250_000),
    "rotterdam": ("adopted", datetime.date(2013, 5, 30), 8.0, 600_000, 150_000),
    "den-haag": ("adopted", datetime.date(2013, 10, 3), 8.0, 500_000, 120_000),
    "utrecht": ("adopted", datetime.date(2013, 6, 20), 7.0, 450_000, 140_000),
    "eindhoven": ("adopted", datetime.date(2013, 4, 18), 7.0, 200_000, 80_000),
    "arnhem-nijmegen": ("adopted", datetime.date(2014, 2, 11), 8.0, 150_000, 40_000),
    "groningen": ("adopted", datetime.date(2014, 6, 2), 6.0, 80_000, 30_000),
    "amersfoort": ("adopted", datetime.date(2015, 1, 22), 8.0, 120_000, 30_000),
    "zwolle": ("draft", None, 6.0, 60_000, 25_000),
    "haarlem": ("draft", None, 7.0, 70_000, 20_000),
}

# Market rent (EUR per m2 per year, 2012 level) by office region; others use the default.
RENT_2012 = {
    "amsterdam": 245,
    "utrecht": 175,
    "den-haag": 165,
    "rotterdam": 160,
    "eindhoven": 145,
}
RENT_2012_DEFAULT = 125
RENT_INDEX = {  # year -> index against 2012
    2008: 1.05,
    2010: 1.02,
    2012: 1.00,
    2014: 0.95,
    2016: 0.95,
    2018: 1.02,
    2020: 1.10,
    2022: 1.20,
    2024: 1.30,
    2026: 1.36,
}
