"""Fixed facts the demo region is built from: towns, school names, kinds of company.

Coordinates are the approximate town centres (WGS84); postcodes use each town's
real four-digit range. School and company names are made up, in the style of
the region, so that no real organisation is shown with invented data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Town:
    name: str
    latitude: float
    longitude: float
    postcodes: tuple[int, int]  # first and last four-digit postcode of the town
    weight: int  # relative number of companies (roughly the town's size)


ACHTERHOEK_TOWNS: tuple[Town, ...] = (
    Town("Doetinchem", 51.9650, 6.2890, (7001, 7009), 10),
    Town("Winterswijk", 51.9720, 6.7200, (7101, 7109), 6),
    Town("Groenlo", 52.0420, 6.6120, (7141, 7142), 3),
    Town("Lichtenvoorde", 51.9860, 6.5670, (7131, 7132), 4),
    Town("Aalten", 51.9250, 6.5810, (7121, 7122), 4),
    Town("Borculo", 52.1160, 6.5210, (7271, 7272), 3),
    Town("Eibergen", 52.1010, 6.6480, (7151, 7152), 3),
    Town("Neede", 52.1340, 6.6120, (7161, 7161), 2),
    Town("Ulft", 51.8930, 6.3830, (7071, 7071), 3),
    Town("Gendringen", 51.8730, 6.3760, (7081, 7081), 2),
    Town("Zelhem", 52.0060, 6.3480, (7021, 7021), 2),
    Town("Ruurlo", 52.0880, 6.4510, (7261, 7261), 2),
    Town("Vorden", 52.1050, 6.3140, (7251, 7251), 2),
    Town("Lochem", 52.1590, 6.4130, (7241, 7242), 3),
    Town("Zutphen", 52.1390, 6.1960, (7201, 7207), 7),
    Town("Terborg", 51.9200, 6.3560, (7061, 7061), 2),
    Town("Dinxperlo", 51.8620, 6.4890, (7091, 7091), 2),
    Town("Hengelo (Gld)", 52.0490, 6.3110, (7255, 7256), 2),
    Town("Doesburg", 52.0120, 6.1380, (6981, 6984), 2),
    Town("'s-Heerenberg", 51.8760, 6.2490, (7041, 7041), 2),
)

TWENTE_TOWNS: tuple[Town, ...] = (
    Town("Enschede", 52.2215, 6.8937, (7511, 7548), 6),
    Town("Hengelo (Ov)", 52.2658, 6.7931, (7550, 7559), 4),
    Town("Almelo", 52.3567, 6.6625, (7601, 7609), 3),
    Town("Borne", 52.2997, 6.7528, (7621, 7623), 1),
    Town("Oldenzaal", 52.3133, 6.9292, (7571, 7577), 1),
)

# (south, north, west, east): every location of the region lies inside.
ACHTERHOEK_BBOX = (51.80, 52.22, 6.05, 6.80)
TWENTE_BBOX = (52.15, 52.42, 6.55, 7.00)

# How far a location may lie from its town centre, in degrees (about 400 m).
JITTER = 0.0036

# (name, town): the first ten are the default demo region; the large region uses all.
ACHTERHOEK_SCHOOLS: tuple[tuple[str, str], ...] = (
    ("Vakcollege De Graafschap", "Doetinchem"),
    ("Slinge College", "Winterswijk"),
    ("Grolse Vakschool", "Groenlo"),
    ("Berkel College", "Borculo"),
    ("Oude IJssel College", "Ulft"),
    ("Christelijk Vmbo Aalten", "Aalten"),
    ("Montferland Vakcollege", "'s-Heerenberg"),
    ("Hanze Vmbo", "Zutphen"),
    ("Lochemse Berg College", "Lochem"),
    ("IJsselvallei Vakschool", "Doesburg"),
    ("Techniek College Lichtenvoorde", "Lichtenvoorde"),
    ("Het Wilgenhof", "Eibergen"),
    ("Scholengemeenschap Neede", "Neede"),
    ("Gendringse Praktijkschool", "Gendringen"),
    ("Zelhemse Vakschool", "Zelhem"),
    ("Ruurlo College", "Ruurlo"),
    ("Het Vordense Vmbo", "Vorden"),
    ("Terborg Techniekschool", "Terborg"),
    ("Grenslandcollege", "Dinxperlo"),
    ("Hengelose Vakschool", "Hengelo (Gld)"),
    ("Sint Ludgerus Vmbo", "Doetinchem"),
    ("Kottenseweg College", "Winterswijk"),
    ("Walburg Vakcollege", "Zutphen"),
    ("Achterhoeks Technasium Vmbo", "Doetinchem"),
    ("Baakse Beek College", "Vorden"),
    ("Marke College", "Lichtenvoorde"),
)

TWENTE_SCHOOLS: tuple[tuple[str, str], ...] = (
    ("Vakcollege Twickel", "Hengelo (Ov)"),
    ("Zuidkamp Techniek College", "Enschede"),
)

SCHOOL_STREETS = (
    "Schoolstraat",
    "Kerkstraat",
    "Julianalaan",
    "Burgemeester Galleestraat",
    "Van Heeckerenlaan",
    "Stationsweg",
    "Molenweg",
    "Ruurloseweg",
    "Prinses Irenestraat",
    "Het Hoge",
    "Ludgerusstraat",
    "Varsseveldseweg",
)

COMPANY_STREETS = (
    "Industrieweg",
    "Nijverheidsweg",
    "Edisonstraat",
    "Ambachtsweg",
    "Handelsweg",
    "Kelvinstraat",
    "Havenweg",
    "Zuivelweg",
    "Transportweg",
    "Bedrijvenpark Verheulsweide",
    "Innovatieweg",
    "Keppelseweg",
    "Energieweg",
    "Galvanistraat",
    "Ampèrestraat",
    "Hamalandweg",
)

# Surnames typical of the region, mixed with Faker's Dutch names.
ACHTERHOEK_SURNAMES = (
    "Wolters",
    "Hulshof",
    "te Brake",
    "Eppink",
    "Nijhof",
    "Klein Gunnewiek",
    "ter Haar",
    "Wissink",
    "Rouwhorst",
    "Heijink",
    "Lammers",
    "Stokkers",
    "ten Dam",
    "Bleumink",
    "Luesink",
    "Roerdink",
    "Tenbergen",
    "Hoitink",
    "Wiggers",
    "Kempers",
    "Esselink",
    "Gerritsen",
    "Hendriksen",
    "Reinders",
    "Lankhorst",
    "Schutten",
    "Navis",
    "Ormel",
    "Huinink",
    "Nijenhuis",
    "Rensink",
    "Onstenk",
    "Bruggink",
    "Wenting",
    "Harmsen",
    "Slütter",
    "Te Winkel",
    "Overkamp",
    "Krabbenborg",
    "Meenink",
)

TUSSENVOEGSELS = frozenset(
    {"van", "de", "der", "den", "ter", "te", "ten", "het", "'t", "in", "op", "van 't"}
)


@dataclass(frozen=True)
class CompanyKind:
    pattern: str  # "{name}" is a surname or a made-up house name
    sector: str
    profile: str  # catalogue profile code
    weight: int
    activities: str


COMPANY_KINDS: tuple[CompanyKind, ...] = (
    CompanyKind(
        "Installatiebedrijf {name}", "Installatietechniek", "PIE", 9, "verwarming en sanitair"
    ),
    CompanyKind("{name} Elektrotechniek", "Elektrotechniek", "PIE", 6, "elektrische installaties"),
    CompanyKind("Machinefabriek {name}", "Metaal", "PIE", 4, "verspanen en lassen"),
    CompanyKind("{name} Metaalbewerking", "Metaal", "PIE", 3, "plaatwerk en constructie"),
    CompanyKind("{name} Zonne-energie", "Energie", "PIE", 2, "zonnepanelen en warmtepompen"),
    CompanyKind("Bouwbedrijf {name}", "Bouw", "BWI", 8, "metselen, timmeren en renoveren"),
    CompanyKind("Timmerfabriek {name}", "Hout", "BWI", 3, "kozijnen en trappen maken"),
    CompanyKind("Schildersbedrijf {name}", "Afbouw", "BWI", 3, "schilderen en behangen"),
    CompanyKind("{name} Interieurbouw", "Interieur", "BWI", 2, "keukens en interieurs"),
    CompanyKind("Garage {name}", "Mobiliteit", "M&T", 7, "onderhoud en APK"),
    CompanyKind("Autobedrijf {name}", "Mobiliteit", "M&T", 4, "onderhoud en verkoop"),
    CompanyKind("{name} Tweewielers", "Mobiliteit", "M&T", 2, "fietsen en scooters"),
    CompanyKind(
        "Transportbedrijf {name}", "Transport en logistiek", "M&T", 3, "logistiek en transport"
    ),
    CompanyKind("Loonbedrijf {name}", "Agrarisch", "Groen", 3, "landbouwmechanisatie"),
    CompanyKind("Hoveniersbedrijf {name}", "Groen", "Groen", 4, "tuinaanleg en onderhoud"),
    CompanyKind("Boomkwekerij {name}", "Groen", "Groen", 2, "kweken en verzorgen van bomen"),
    CompanyKind("Drukkerij {name}", "Grafische media", "MVI", 3, "drukwerk en afwerking"),
    CompanyKind("{name} ICT", "ICT", "MVI", 4, "netwerken en werkplekbeheer"),
    CompanyKind("Reclamebureau {name}", "Media", "MVI", 2, "ontwerp en belettering"),
    CompanyKind("Jachtwerf {name}", "Maritiem", "MaT", 1, "onderhoud van boten"),
    CompanyKind("Zorgcentrum {name}", "Zorg", "Z&W", 4, "zorg voor ouderen"),
    CompanyKind("Kinderopvang {name}", "Welzijn", "Z&W", 2, "opvang van kinderen"),
    CompanyKind("Bakkerij {name}", "Bakkerij", "HBR", 3, "brood en banket bakken"),
    CompanyKind("Hotel-restaurant {name}", "Horeca", "HBR", 2, "keuken en bediening"),
    CompanyKind("Supermarkt {name}", "Detailhandel", "E&O", 2, "winkel en magazijn"),
    CompanyKind("Kapsalon {name}", "Uiterlijke verzorging", "D&P", 1, "knippen en verzorgen"),
)

# Names for care homes, restaurants and the like, which rarely carry a surname.
HOUSE_NAMES = (
    "De Beukenhof",
    "Het Hoge Veld",
    "De Slingeborgh",
    "De Wehme",
    "Den Bosch",
    "De Lindenhorst",
    "Het Kampje",
    "De Bleijke",
    "Avondrood",
    "De Ploeg",
    "Het Wooldrik",
    "Den Elshof",
    "De Kemnade",
    "'t Holtslag",
    "De Berkelhof",
    "De Sluitkoel",
)
HOUSE_NAME_KINDS = frozenset({"Zorg", "Welzijn", "Horeca", "Uiterlijke verzorging"})

COMPANY_SUFFIXES = ("", "", "", " B.V.", " B.V.", " & Zn.", " V.O.F.")

# Profiles of students in the vocational tracks: mostly technical (catalogue codes).
STUDENT_PROFILES: tuple[tuple[str, int], ...] = (
    ("PIE", 22),
    ("BWI", 18),
    ("M&T", 16),
    ("MVI", 10),
    ("MaT", 1),
    ("Z&W", 12),
    ("E&O", 8),
    ("HBR", 6),
    ("Groen", 5),
    ("D&P", 2),
)

# Share of each track (leerweg) among the students, roughly as in the region.
TRACKS: tuple[tuple[str, int], ...] = (("BB", 22), ("KB", 30), ("GL", 10), ("TL", 38))
TRACK_LETTER = {"BB": "B", "KB": "K", "GL": "G", "TL": "T"}

# Years: the hybrid programme is for the upper years, with a few year-2 taster groups.
YEARS: tuple[tuple[int, int], ...] = ((2, 8), (3, 47), (4, 45))

GUARDIAN_MAIL_DOMAINS = ("ziggo", "kpnmail", "gmail", "hotmail", "outlook", "live", "planet")

# The four blocks of the 2026-2027 school year (summer holiday region midden).
SCHOOL_YEAR = "2026-2027"
BLOCKS: tuple[tuple[str, str, str], ...] = (
    ("Blok 1", "2026-08-31", "2026-11-06"),
    ("Blok 2", "2026-11-09", "2027-01-29"),
    ("Blok 3", "2027-02-01", "2027-04-16"),
    ("Blok 4", "2027-04-19", "2027-07-09"),
)


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# First names of parents and staff (born roughly 1965-1995); Faker's Dutch first
# names are those of today's children and are used for the students.
ADULT_NAMES_MALE = _names(
    "Jan Peter Marco Erik Martin Rob Frank Dennis Richard Patrick Jeroen Bas Mark Arjan "
    "Wim Henk Gerrit Bert Johan André Ronald Edwin Marcel Sander Maarten Niels Wouter "
    "Hans Harm Gert-Jan Rik Vincent Remco Jochem Tom Roel Michiel Stefan Erwin Wilco Dirk "
    "Hendrik Bennie Ruben Thijs Mohamed Ahmet Tim Koen Jasper"
)
ADULT_NAMES_FEMALE = _names(
    "Linda Monique Ingrid Marieke Anja Sandra Esther Petra Marloes Miranda Wendy Karin "
    "Nicole Ilse Marjolein Annemiek Yvonne Saskia Mirjam Judith Femke Inge Renate Suzanne "
    "Jolanda Hanneke Daniëlle Manon Chantal Kim Eline Bianca Astrid Lieke Sanne Marit "
    "Janneke Ellen Gerda Hennie Mariska Evelien Fatima Ayşe Natasja Willemien Joyce Anne "
    "Carolien Ria"
)

# --- Offers and choices ----------------------------------------------------------------

# The electives (national catalogue codes) a kind of company offers, by sector.
SECTOR_ELECTIVES: dict[str, tuple[str, ...]] = {
    "Installatietechniek": ("1314", "1307", "1311", "PIE-duurzame-energie-in-en-rond-hu", "1318"),
    "Elektrotechniek": ("1310", "1318", "1320", "1315"),
    "Metaal": ("1305", "1306", "1313", "1317"),
    "Energie": ("1309", "PIE-duurzame-energie-in-en-rond-hu", "1307"),
    "Bouw": ("1206", "1209", "1211", "1205"),
    "Hout": ("1220", "1208", "1210"),
    "Afbouw": ("1207", "1218", "1216"),
    "Interieur": ("1208", "1223", "1220"),
    "Mobiliteit": ("1405", "1406", "1407", "1409", "1410", "1412"),
    "Transport en logistiek": ("1414", "1416", "1408"),
    "Agrarisch": ("2005", "1415", "2011"),
    "Groen": ("2006", "2007", "2017", "2011"),
    "Grafische media": ("1508", "1516"),
    "ICT": ("1507", "1513", "1514"),
    "Media": ("1515", "1516", "1506"),
    "Maritiem": ("1310", "1305"),
    "Zorg": (
        "Z&W-welzijn-volwassenen-en-ouderen",
        "Z&W-assisteren-in-de-gezondheidszo",
        "1610",
    ),
    "Welzijn": ("Z&W-welzijn-kind-en-jongere",),
    "Bakkerij": ("HBR-brood-en-banketspecialisatie", "1809"),
    "Horeca": ("HBR-keukenspecialisatie", "HBR-gastheerspecialisatie", "1810"),
    "Detailhandel": ("E&O-distributie", "E&O-presentatie-en-styling"),
    "Uiterlijke verzorging": ("1606", "Z&W-kennismaking-met-uiterlijke-ve"),
}

# A hazard some offers of a sector declare; they then provide expert supervision.
SECTOR_HAZARDS: dict[str, str] = {
    "Bouw": "heights",
    "Afbouw": "heights",
    "Energie": "heights",
    "Metaal": "corrosive_or_explosive",
    "Agrarisch": "vehicles",
    "Transport en logistiek": "vehicles",
    "Groen": "vehicles",
}

# Weekly schedules: (weekday, start, end, break minutes) per working day, with a weight.
# The short days suit students of 14 and 15; the full days need 16.
Shift = tuple[int, str, str, int]
WEEK_SCHEDULES: tuple[tuple[tuple[Shift, ...], int], ...] = (
    (((1, "08:30", "14:30", 30), (3, "08:30", "14:30", 30)), 30),
    (((0, "08:30", "15:00", 30), (2, "08:30", "15:00", 30)), 20),
    (((0, "08:30", "12:30", 0), (2, "08:30", "12:30", 0), (4, "08:30", "12:30", 0)), 10),
    (((3, "09:00", "15:30", 30),), 15),
    (((2, "08:00", "16:30", 30),), 12),
    (((1, "07:30", "16:00", 30), (4, "07:30", "16:00", 30)), 8),
)

# Restrictions some offers set: only these tracks (leerwegen).
OFFER_TRACKS: tuple[tuple[tuple[str, ...], int], ...] = (
    ((), 80),
    (("BB", "KB"), 12),
    (("KB", "GL", "TL"), 8),
)

ROUND_NAME = "Keuzeronde blok 3"
ROUND_PERIOD = "Blok 3"
ROUND_YEARS = (3, 4)

MENTOR_COMMENTS = (
    "Kies ook een bedrijf dichter bij huis: je eerste keuze is een flink eind fietsen.",
    "Je hebt alleen keuzevakken buiten je profiel gekozen. Bespreek dit even met mij.",
    "Zet het bedrijf waar je het liefst heen wilt bovenaan; nu staat het op de laatste plek.",
    "Kies nog een vierde bedrijf, dan is de kans groter dat je een plek krijgt.",
)
