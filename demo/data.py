"""The facts of the demo, as plain data.

What the parliamentary question of 28 February 2019 states (DOMAIN.md) is reproduced exactly: the 17
structural partners, the six spearhead clusters and four research centres, the 15 account managers,
the partner day of 18 September 2018, the four formal consultations of 2019, the budget 2019 and the
ERDF project. Everything else (people, contacts, KPI figures, actions, enterprise numbers) is made up
to give the screens something plausible to show; the people are fictitious.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

# The agreements of "Vlaanderen versnelt!": signed on 3 October 2017, running 2017-2021, 50/50.
AGREEMENT_START = datetime.date(2017, 1, 1)
AGREEMENT_END = datetime.date(2021, 12, 31)
SIGNED_ON = datetime.date(2017, 10, 3)
ASSOCIATED_SINCE = datetime.date(2018, 9, 1)
FIT_SHARE = Decimal("50")

VERSNELLINGEN = [
    ("life-sciences", "Life Sciences"),
    ("food", "Food"),
    ("smart-logistics", "Smart Logistics"),
    ("solution-driven-engineering", "Solution Driven Engineering & Technologies"),
    ("sustainable-resources", "Sustainable Resources"),
]

BREXIT = "Brexit"
BREXIT_DESCRIPTION = (
    "De voorbereiding van Vlaamse bedrijven op het vertrek van het Verenigd Koninkrijk uit de Europese Unie; "
    "een prominenter onderdeel van verschillende structurele partnerschappen."
)


@dataclass(frozen=True)
class ContactFact:
    first_name: str
    last_name: str
    role: str
    language: str = "nl"


@dataclass(frozen=True)
class PartnerFact:
    slug: str
    name: str
    kind: str
    postal_code: str
    city: str
    website: str
    description: str
    # The first contact reports the KPIs and logs in as partner-<slug>; the second does neither.
    contacts: tuple[ContactFact, ContactFact]
    versnellingen: tuple[str, ...] = ()
    brexit: bool = False
    structural: bool = True
    associated: bool = False
    # FIT's part of the 2019 budget of the agreement: the budget line 2019 (the 17 sum to 905.000,00).
    commitment_2019: Decimal = Decimal("0.00")


def _c(first_name: str, last_name: str, role: str, language: str = "nl") -> ContactFact:
    return ContactFact(first_name, last_name, role, language)


STRUCTURAL_PARTNERS = [
    PartnerFact(
        "agoria",
        "Agoria",
        "federation",
        "1030",
        "Brussel",
        "https://www.agoria.be",
        "Sectorfederatie van de technologische industrie.",
        (
            _c("Katrien", "Van Looy", "Adviseur internationaal ondernemen"),
            _c("Geert", "Dewaele", "Directeur internationale zaken"),
        ),
        versnellingen=("solution-driven-engineering",),
        brexit=True,
        commitment_2019=Decimal("85000.00"),
    ),
    PartnerFact(
        "b-hive",
        "B-Hive",
        "other",
        "1000",
        "Brussel",
        "https://www.b-hive.eu",
        "Europees samenwerkingsplatform voor fintechinnovatie.",
        (
            _c("Charlotte", "Lemmens", "Partnership manager"),
            _c("Olivier", "Dumont", "Managing director", "en"),
        ),
        commitment_2019=Decimal("40000.00"),
    ),
    PartnerFact(
        "belgo-indian",
        "Belgo-Indian Chamber of Commerce & Industry",
        "chamber",
        "1000",
        "Brussel",
        "https://www.bicci.be",
        "Gemengde kamer van koophandel voor de handel tussen België en India.",
        (
            _c("Anita", "Rao", "Secretary general", "en"),
            _c("Vikram", "Mehta", "Board member", "en"),
        ),
        commitment_2019=Decimal("35000.00"),
    ),
    PartnerFact(
        "belgo-chinese",
        "Belgo-Chinese Chamber of Commerce",
        "chamber",
        "1000",
        "Brussel",
        "https://www.bccc.be",
        "Gemengde kamer van koophandel voor de handel tussen België en China.",
        (
            _c("Li", "Wei", "Executive director", "en"),
            _c("Hilde", "Vercammen", "Projectcoördinator"),
        ),
        commitment_2019=Decimal("30000.00"),
    ),
    PartnerFact(
        "dsp-valley",
        "DSP Valley",
        "cluster",
        "3001",
        "Leuven",
        "https://www.dspvalley.com",
        "Cluster van bedrijven in slimme elektronische systemen.",
        (
            _c("Bram", "Claessens", "Business developer internationaal"),
            _c("Inge", "Vanhove", "Managing director"),
        ),
        versnellingen=("solution-driven-engineering",),
        commitment_2019=Decimal("40000.00"),
    ),
    PartnerFact(
        "essenscia",
        "essenscia",
        "federation",
        "1030",
        "Brussel",
        "https://www.essenscia.be",
        "Sectorfederatie van de chemie en de life sciences.",
        (
            _c("Veerle", "De Backer", "Adviseur internationale handel"),
            _c("Luc", "Verhaegen", "Directeur economie"),
        ),
        versnellingen=("life-sciences", "sustainable-resources"),
        commitment_2019=Decimal("60000.00"),
    ),
    PartnerFact(
        "euka",
        "EUKA",
        "other",
        "3920",
        "Lommel",
        "https://euka.flandersmake.be",
        "Innovatief bedrijvennetwerk van de Vlaamse drone-industrie.",
        (
            _c("Jens", "Vandeputte", "Coördinator internationaal"),
            _c("Marijke", "Stevens", "Zakelijk leider"),
        ),
        versnellingen=("solution-driven-engineering",),
        commitment_2019=Decimal("45000.00"),
    ),
    PartnerFact(
        "fevia",
        "Fevia Vlaanderen",
        "federation",
        "1040",
        "Brussel",
        "https://www.fevia.be",
        "Sectorfederatie van de voedingsindustrie.",
        (
            _c("Ann", "Moens", "Adviseur export"),
            _c("Stijn", "De Cock", "Directeur"),
        ),
        versnellingen=("food",),
        brexit=True,
        commitment_2019=Decimal("55000.00"),
    ),
    PartnerFact(
        "fedustria",
        "Fedustria",
        "federation",
        "1030",
        "Brussel",
        "https://www.fedustria.be",
        "Sectorfederatie van de textiel-, hout- en meubelindustrie.",
        (
            _c("Tine", "Bogaert", "Adviseur export"),
            _c("Filip", "Van Hecke", "Directeur economische zaken"),
        ),
        brexit=True,
        commitment_2019=Decimal("50000.00"),
    ),
    PartnerFact(
        "flanders-cleantech",
        "Flanders Cleantech Association",
        "cluster",
        "2400",
        "Mol",
        "https://www.flanderscleantech.be",
        "Cluster van bedrijven in schone technologie.",
        (
            _c("Leen", "Smets", "Internationaal projectleider"),
            _c("Kris", "Van de Velde", "Managing director"),
        ),
        versnellingen=("sustainable-resources",),
        commitment_2019=Decimal("45000.00"),
    ),
    PartnerFact(
        "vckvk",
        "Vlaams-Chinese Kamer van Koophandel",
        "chamber",
        "9000",
        "Gent",
        "https://www.vckvk.be",
        "Kamer van koophandel voor Vlaamse bedrijven die zaken doen met China.",
        (
            _c("Ellen", "Wuyts", "Coördinator"),
            _c("Yves", "Baeten", "Voorzitter"),
        ),
        commitment_2019=Decimal("30000.00"),
    ),
    PartnerFact(
        "vil",
        "VIL",
        "spearhead",
        "2000",
        "Antwerpen",
        "https://www.vil.be",
        "Vlaams Instituut voor de Logistiek; ook speerpuntcluster logistiek.",
        (
            _c("Nele", "Cuypers", "Projectleider internationaal"),
            _c("Dries", "Geerts", "Algemeen directeur"),
        ),
        versnellingen=("smart-logistics",),
        brexit=True,
        associated=True,
        commitment_2019=Decimal("50000.00"),
    ),
    PartnerFact(
        "flandersbio",
        "flanders.bio",
        "cluster",
        "9052",
        "Zwijnaarde",
        "https://www.flanders.bio",
        "Cluster van de Vlaamse life-sciencesbedrijven.",
        (
            _c("Sofie", "Rombouts", "Manager internationaal"),
            _c("Tim", "Van Acker", "Algemeen directeur"),
        ),
        versnellingen=("life-sciences",),
        commitment_2019=Decimal("45000.00"),
    ),
    PartnerFact(
        "startups-be",
        "Startups.be",
        "other",
        "1000",
        "Brussel",
        "https://www.startups.be",
        "Netwerk en ondersteuning voor start-ups en scale-ups.",
        (
            _c("Laura", "Hendrickx", "Programme manager", "en"),
            _c("Ruben", "Pauwels", "Oprichter"),
        ),
        commitment_2019=Decimal("40000.00"),
    ),
    PartnerFact(
        "voka",
        "Voka",
        "employers",
        "1000",
        "Brussel",
        "https://www.voka.be",
        "Vlaams netwerk van ondernemingen; de Kamers van Koophandel.",
        (
            _c("Lies", "Peeters", "Adviseur internationaal ondernemen"),
            _c("Dirk", "Vandenbroucke", "Directeur internationaal ondernemen"),
        ),
        brexit=True,
        commitment_2019=Decimal("118750.00"),
    ),
    PartnerFact(
        "unizo",
        "UNIZO",
        "employers",
        "1000",
        "Brussel",
        "https://www.unizo.be",
        "Unie van Zelfstandige Ondernemers: de organisatie van de kmo's.",
        (
            _c("Griet", "Coppens", "Adviseur internationaal ondernemen"),
            _c("Hans", "Verlinden", "Directeur ondernemen"),
        ),
        brexit=True,
        commitment_2019=Decimal("96250.00"),
    ),
    PartnerFact(
        "vkw-limburg",
        "VKW Limburg",
        "employers",
        "3500",
        "Hasselt",
        "https://www.vkwlimburg.be",
        "Werkgeversorganisatie van Limburgse ondernemers en familiebedrijven.",
        (
            _c("Kim", "Vanderhoydonk", "Adviseur internationalisering"),
            _c("Wouter", "Cox", "Directeur"),
        ),
        brexit=True,
        commitment_2019=Decimal("40000.00"),
    ),
]

# Since September 2018 the six spearhead clusters (VIL is one of them, above) and the four strategic
# research centres are involved more closely; they have no structural agreement.
ASSOCIATED_PARTNERS = [
    PartnerFact(
        "catalisti",
        "Catalisti",
        "spearhead",
        "1030",
        "Brussel",
        "https://catalisti.be",
        "Speerpuntcluster chemie en kunststoffen.",
        (_c("Eva", "Deroo", "Innovatiemanager"), _c("Michiel", "Verschueren", "Algemeen directeur")),
        versnellingen=("sustainable-resources",),
        structural=False,
        associated=True,
    ),
    PartnerFact(
        "sim",
        "SIM",
        "spearhead",
        "9052",
        "Zwijnaarde",
        "https://www.sim-flanders.be",
        "Speerpuntcluster materialen.",
        (_c("Lotte", "Aerts", "Programmamanager"), _c("Pieter", "Boonen", "Algemeen directeur")),
        versnellingen=("solution-driven-engineering",),
        structural=False,
        associated=True,
    ),
    PartnerFact(
        "flux50",
        "Flux50",
        "spearhead",
        "1030",
        "Brussel",
        "https://www.flux50.com",
        "Speerpuntcluster energie.",
        (_c("Hanne", "Van Dyck", "Projectleider"), _c("Jeroen", "Segers", "Algemeen directeur")),
        versnellingen=("sustainable-resources",),
        structural=False,
        associated=True,
    ),
    PartnerFact(
        "flanders-food",
        "Flanders' FOOD",
        "spearhead",
        "1030",
        "Brussel",
        "https://www.flandersfood.com",
        "Speerpuntcluster agrovoeding.",
        (_c("Marie", "De Clercq", "Innovatieadviseur"), _c("Bart", "Leroy", "Algemeen directeur")),
        versnellingen=("food",),
        structural=False,
        associated=True,
    ),
    PartnerFact(
        "blauwe-cluster",
        "De Blauwe Cluster",
        "spearhead",
        "8400",
        "Oostende",
        "https://www.blauwecluster.be",
        "Speerpuntcluster blauwe economie.",
        (_c("Saskia", "Verhulst", "Projectleider"), _c("Koen", "Declercq", "Algemeen directeur")),
        versnellingen=("sustainable-resources", "smart-logistics"),
        structural=False,
        associated=True,
    ),
    PartnerFact(
        "imec",
        "imec",
        "research",
        "3001",
        "Leuven",
        "https://www.imec-int.com",
        "Strategisch onderzoekscentrum voor nano-elektronica en digitale technologie.",
        (_c("Julie", "Martens", "Business development manager", "en"), _c("Frank", "Dierickx", "Vicepresident")),
        versnellingen=("solution-driven-engineering",),
        structural=False,
        associated=True,
    ),
    PartnerFact(
        "vito",
        "VITO",
        "research",
        "2400",
        "Mol",
        "https://vito.be",
        "Strategisch onderzoekscentrum voor cleantech en duurzame ontwikkeling.",
        (_c("Isabel", "Van Gorp", "Accountmanager internationaal"), _c("Raf", "Luyten", "Directeur business")),
        versnellingen=("sustainable-resources",),
        structural=False,
        associated=True,
    ),
    PartnerFact(
        "vib",
        "VIB",
        "research",
        "9052",
        "Zwijnaarde",
        "https://vib.be",
        "Strategisch onderzoekscentrum voor life sciences.",
        (_c("Emma", "Schepers", "Tech transfer manager", "en"), _c("Joost", "Mertens", "Directeur")),
        versnellingen=("life-sciences",),
        structural=False,
        associated=True,
    ),
    PartnerFact(
        "flanders-make",
        "Flanders Make",
        "research",
        "3920",
        "Lommel",
        "https://www.flandersmake.be",
        "Strategisch onderzoekscentrum voor de maakindustrie.",
        (_c("Karen", "Thijs", "Projectleider"), _c("Sven", "Vermeulen", "Algemeen directeur")),
        versnellingen=("solution-driven-engineering",),
        structural=False,
        associated=True,
    ),
]

ALL_PARTNERS = STRUCTURAL_PARTNERS + ASSOCIATED_PARTNERS

# The partner network (issue 15). The countries and markets each partner's profile names (in Dutch, as the
# actions of the programme name them): the chambers of commerce their country, the federations and clusters
# the markets of their sectors, the employers' organisations their members' neighbouring and Brexit markets.
PARTNER_MARKETS = {
    "agoria": ("Verenigd Koninkrijk", "Duitsland", "Frankrijk", "Verenigde Staten"),
    "b-hive": ("Verenigd Koninkrijk", "Luxemburg", "Singapore"),
    "belgo-indian": ("India",),
    "belgo-chinese": ("China",),
    "dsp-valley": ("Duitsland", "Nederland", "Japan"),
    "essenscia": ("Duitsland", "Verenigde Staten", "China"),
    "euka": ("Verenigde Staten", "Verenigde Arabische Emiraten"),
    "fevia": ("Duitsland", "Frankrijk", "Verenigd Koninkrijk", "China"),
    "fedustria": ("Frankrijk", "Duitsland", "Verenigd Koninkrijk"),
    "flanders-cleantech": ("Nederland", "Scandinavië", "India"),
    "vckvk": ("China",),
    "vil": ("Nederland", "Duitsland", "China"),
    "flandersbio": ("Verenigde Staten", "Zwitserland", "Japan"),
    "startups-be": ("Verenigde Staten", "Israël", "Frankrijk"),
    "voka": ("Verenigd Koninkrijk", "Duitsland", "Nederland", "Frankrijk", "Sub-Saharaans Afrika"),
    "unizo": ("Nederland", "Frankrijk", "Verenigd Koninkrijk"),
    "vkw-limburg": ("Duitsland", "Nederland"),
    "catalisti": ("Duitsland", "Nederland"),
    "flux50": ("Nederland", "Scandinavië"),
    "flanders-food": ("Duitsland", "Frankrijk", "China"),
    "blauwe-cluster": ("Nederland", "Verenigd Koninkrijk", "Scandinavië"),
    "imec": ("Verenigde Staten", "Japan", "China"),
    "vib": ("Verenigde Staten",),
    "flanders-make": ("Duitsland",),
}
# The contacts who chose to be listed in the partner network, by their place in PartnerFact.contacts (0: the
# one who reports and logs in, 1: the other); the partners left out list nobody yet.
LISTED_CONTACTS = {
    "agoria": (0, 1),
    "belgo-indian": (0,),
    "belgo-chinese": (0,),
    "dsp-valley": (0,),
    "essenscia": (1,),
    "fevia": (0, 1),
    "flanders-cleantech": (0,),
    "vil": (0,),
    "flandersbio": (0,),
    "startups-be": (1,),
    "voka": (0, 1),
    "unizo": (0,),
    "catalisti": (0,),
    "imec": (1,),
}
# When they gave their consent: the day the partner network opened, after the first formal consultation of 2019.
LISTED_SINCE = datetime.datetime(2019, 3, 25, 10, 0)
# A partner that prefers not to be shown in the who-comes lists of consultation moments.
NOT_IN_ATTENDEE_LISTS = {"b-hive"}


def _profile_views() -> list[tuple[str, str, datetime.date]]:
    """Which partner read which other partner's profile when, 2019-2021: more every year, and Voka and UNIZO
    looking each other up after their trade missions to the United Kingdom overlapped (May 2019)."""
    slugs = [fact.slug for fact in STRUCTURAL_PARTNERS]
    views = [("voka", "unizo", datetime.date(2019, 5, 6)), ("unizo", "voka", datetime.date(2019, 5, 7))]
    for year, reads in ((2019, 2), (2020, 3), (2021, 4)):
        for index, viewer in enumerate(slugs):
            if (index + year) % 5 == 0:
                continue  # some partners did not use the directory that year
            for step in range(1, reads + 1):
                viewed = slugs[(index + step * 3) % len(slugs)]
                day = datetime.date(year, 1 + (index + step * 2) % 11, 1 + (index * 3 + step) % 27)
                views.append((viewer, viewed, day))
    return views


PROFILE_VIEWS = _profile_views()


@dataclass(frozen=True)
class PersonFact:
    username: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class AccountManagerFact:
    username: str
    first_name: str
    last_name: str
    time_share: Decimal
    partners: tuple[str, ...]


# 15 account managers for 17 partners: two of them look after two partners each.
ACCOUNT_MANAGERS = [
    AccountManagerFact("accountmanager", "Annelies", "Claes", Decimal("50"), ("voka", "unizo")),
    AccountManagerFact("pieter.wouters", "Pieter", "Wouters", Decimal("40"), ("belgo-chinese", "vckvk")),
    AccountManagerFact("sarah.maes", "Sarah", "Maes", Decimal("30"), ("agoria",)),
    AccountManagerFact("jan.willems", "Jan", "Willems", Decimal("20"), ("b-hive",)),
    AccountManagerFact("katrien.goossens", "Katrien", "Goossens", Decimal("20"), ("belgo-indian",)),
    AccountManagerFact("tom.dewilde", "Tom", "De Wilde", Decimal("20"), ("dsp-valley",)),
    AccountManagerFact("els.vermeulen", "Els", "Vermeulen", Decimal("30"), ("essenscia",)),
    AccountManagerFact("koen.jacobs", "Koen", "Jacobs", Decimal("20"), ("euka",)),
    AccountManagerFact("lien.mertens", "Lien", "Mertens", Decimal("30"), ("fevia",)),
    AccountManagerFact("wim.dubois", "Wim", "Dubois", Decimal("25"), ("fedustria",)),
    AccountManagerFact("hanne.verstraete", "Hanne", "Verstraete", Decimal("20"), ("flanders-cleantech",)),
    AccountManagerFact("bart.desmet", "Bart", "De Smet", Decimal("30"), ("vil",)),
    AccountManagerFact("nathalie.hermans", "Nathalie", "Hermans", Decimal("25"), ("flandersbio",)),
    AccountManagerFact("joris.vandamme", "Joris", "Van Damme", Decimal("20"), ("startups-be",)),
    AccountManagerFact("evelien.lambrechts", "Evelien", "Lambrechts", Decimal("35"), ("vkw-limburg",)),
]

ADMIN = PersonFact("admin", "Beheerder", "Demo")
MANAGER = PersonFact("manager", "Marleen", "Verhoeven")
STAFF = PersonFact("staff", "Sofie", "Martens")
FIT_EMAIL_DOMAIN = "fitagency.be"


@dataclass(frozen=True)
class KPIFact:
    code: str
    name: str
    name_en: str
    unit: str
    description: str
    # The 2019 target of a partner with a budget line of 50.000 euro; scaled by size and year.
    base_target: int
    is_volume: bool = True


KPIS = [
    KPIFact(
        "KPI01",
        "Aantal begeleide bedrijven",
        "Companies supported",
        "bedrijven",
        "Bedrijven die de partner in het jaar individueel begeleidde bij hun internationalisering.",
        120,
    ),
    KPIFact(
        "KPI02",
        "Startende exporteurs",
        "First-time exporters",
        "bedrijven",
        "Begeleide bedrijven die in het jaar voor het eerst exporteerden.",
        12,
    ),
    KPIFact(
        "KPI03",
        "Deelnemers aan handelsmissies en beurzen",
        "Participants in trade missions and fairs",
        "deelnemers",
        "Bedrijven die deelnamen aan een handelsmissie of beurs van de partner of van FIT.",
        60,
    ),
    KPIFact(
        "KPI04",
        "Uitgevoerde acties uit het actieprogramma",
        "Action-programme actions delivered",
        "acties",
        "Acties van de partner uit het actieprogramma die in het jaar uitgevoerd werden.",
        6,
    ),
    KPIFact(
        "KPI05",
        "B2B-matchmakinggesprekken",
        "B2B matchmaking meetings",
        "gesprekken",
        "Georganiseerde B2B-gesprekken tussen Vlaamse en buitenlandse bedrijven.",
        80,
    ),
    KPIFact(
        "KPI06",
        "Gegenereerde leads",
        "Leads generated",
        "leads",
        "Concrete handelsopportuniteiten die aan bedrijven of aan FIT doorgegeven werden.",
        40,
    ),
    KPIFact(
        "KPI07",
        "Tevredenheidsscore",
        "Satisfaction score",
        "%",
        "Gemiddelde tevredenheid van de begeleide bedrijven in de jaarlijkse bevraging.",
        80,
        is_volume=False,
    ),
    KPIFact(
        "KPI08",
        "Investerings- en retentiedossiers",
        "Investment and retention cases",
        "dossiers",
        "Dossiers van buitenlandse investeerders of van verankering die aan FIT aangebracht werden.",
        3,
    ),
]

# Targets grow with the partnership; the satisfaction score is a fixed percentage per year.
TARGET_GROWTH = {2017: Decimal("0.8"), 2018: Decimal("0.9"), 2019: Decimal("1.0"), 2020: Decimal("1.1")}
SATISFACTION_TARGET = {2017: 75, 2018: 75, 2019: 80, 2020: 80}
TARGET_YEARS = (2017, 2018, 2019, 2020)
REPORT_YEARS = (2017, 2018, 2019)
# Actual / target, picked deterministically per partner, KPI and year: two in thirteen miss the target
# (one amber, one red with the default thresholds).
ACHIEVEMENT_FACTORS = [
    Decimal(f)
    for f in ("1.08", "1.15", "1.03", "1.02", "1.21", "1.05", "0.72", "1.11", "1.00", "1.18", "0.88", "1.04", "1.26")
]
# The 2019 reports are still in the workflow; all earlier ones are validated.
REPORT_STATUS_2019 = {
    "startups-be": "draft",
    "euka": "returned",
    "b-hive": "submitted",
    "belgo-indian": "submitted",
    "dsp-valley": "submitted",
    "fedustria": "submitted",
    "flanders-cleantech": "submitted",
}
RETURN_COMMENT = (
    "KPI03 en KPI05 wijken sterk af van 2018: voeg de deelnemerslijsten van de missies en de matchmaking toe "
    "als bewijsstuk en dien opnieuw in."
)

# Budget: what may be committed and paid in a year (2019 from the answer; 2017 and 2018 made up), and the
# part of the 2019 commitment each earlier year committed.
BUDGET_ARTICLE = "CB0-1CBC2AA-WT"
BUDGET_YEARS = {
    2017: (Decimal("850000.00"), Decimal("500000.00")),
    2018: (Decimal("880000.00"), Decimal("900000.00")),
    2019: (Decimal("905000.00"), Decimal("1000000.00")),
}
COMMITMENT_SCALE = {2017: Decimal("0.90"), 2018: Decimal("0.95")}
# A commitment is paid as an advance of 60 % in its year and the balance in May of the next year.
ADVANCE_PERCENTAGE = Decimal("60")


@dataclass(frozen=True)
class OfficeFact:
    city: str
    country: str
    representative: str


FOREIGN_OFFICES = {
    "Londen": OfficeFact("Londen", "Verenigd Koninkrijk", "Lotte Vermeersch"),
    "New York": OfficeFact("New York", "Verenigde Staten", "Pieter-Jan Roels"),
    "São Paulo": OfficeFact("São Paulo", "Brazilië", "Ana Lima"),
    "Tokio": OfficeFact("Tokio", "Japan", "Sander Baert"),
    "Shanghai": OfficeFact("Shanghai", "China", "Wouter Lambert"),
    "Mumbai": OfficeFact("Mumbai", "India", "Priya Nair"),
    "Dubai": OfficeFact("Dubai", "Verenigde Arabische Emiraten", "Jonas Van Rompuy"),
}

FIT_ADDRESS = "Flanders Investment & Trade, Koning Albert II-laan 37, 1030 Brussel"

PARTNER_DAY_2018 = {
    "title": "Partnerdag 2018",
    "date": datetime.date(2018, 9, 18),
    "start": datetime.time(9, 30),
    "end": datetime.time(16, 30),
    "agenda": (
        "09:30 Onthaal\n"
        "10:00 Verwelkoming door de gedelegeerd bestuurder van FIT\n"
        "10:30 Eerste evaluatie van de structurele partnerschappen 2017-2021\n"
        "12:30 Lunch en netwerking\n"
        "13:30 Workshops: samenwerking tussen FIT en de partners, en tussen de partners onderling\n"
        "15:30 Verbeterpunten en ideeën voor 2019\n"
        "16:30 Einde"
    ),
    "minutes": (
        "Eerste partnerdag met de 17 structurele partners en een eerste evaluatie van de samenwerking.\n"
        "Verbeterpunten: (1) meer afstemming, communicatie en uitwisseling van informatie tussen de partners "
        "en FIT; (2) meer samenwerking tussen de partners onderling.\n"
        "De ideeën van de workshops worden geïmplementeerd in de werking van 2019."
    ),
}
# Who answered what for the partner day (everyone else: yes, and came).
PARTNER_DAY_DECLINED = ("euka", "belgo-chinese")
PARTNER_DAY_MAYBE = ("startups-be",)
PARTNER_DAY_NO_SHOW = ("fedustria",)


@dataclass(frozen=True)
class MomentFact:
    title: str
    date: datetime.date
    start: datetime.time
    end: datetime.time
    agenda: str
    minutes: str
    offices: tuple[str, ...] = ()


# The four formal consultation moments of 2019, in March, May, June and September (none on a holiday).
FORMAL_MOMENTS_2019 = [
    MomentFact(
        "Formeel overlegmoment maart 2019",
        datetime.date(2019, 3, 21),
        datetime.time(14, 0),
        datetime.time(17, 0),
        "1. Opvolging van de verbeterpunten van de partnerdag\n"
        "2. Actieprogramma 2019: de acties van de partners\n"
        "3. Brexit: stand van zaken en ondersteuning van de bedrijven, met het FIT-kantoor in Londen",
        "De partners kregen een stand van zaken over de Brexit van het kantoor in Londen. Voka, UNIZO, VIL en "
        "Fevia stemmen hun Brexit-infosessies af met FIT.",
        ("Londen",),
    ),
    MomentFact(
        "Formeel overlegmoment mei 2019",
        datetime.date(2019, 5, 16),
        datetime.time(9, 30),
        datetime.time(12, 30),
        "1. Kennismaking met het buitenlandse netwerk: Amerika's\n"
        "2. Gezamenlijke acties in de Verenigde Staten en Brazilië\n"
        "3. Webplatform 'verover de wereld'",
        "Kennismaking met de kantoren in New York en São Paulo; drie partners plannen een gezamenlijke missie.",
        ("New York", "São Paulo"),
    ),
    MomentFact(
        "Formeel overlegmoment juni 2019",
        datetime.date(2019, 6, 20),
        datetime.time(14, 0),
        datetime.time(17, 0),
        "1. KPI-rapportering 2018: lessen voor 2019\n"
        "2. Brandingtoolkit voor de vijf versnellingen\n"
        "3. Samenwerking tussen de partners onderling",
        "De brandingtoolkit werd voorgesteld; de partners gebruiken hem vanaf het najaar in hun eigen acties.",
    ),
    MomentFact(
        "Formeel overlegmoment september 2019",
        datetime.date(2019, 9, 19),
        datetime.time(9, 30),
        datetime.time(16, 0),
        "1. Voorbereiding van het actieprogramma 2020\n"
        "2. Kennismaking met het buitenlandse netwerk: Azië en het Midden-Oosten\n"
        "3. Brexit: scenario's na 31 oktober 2019",
        "De partners stellen hun acties voor 2020 voor; ontmoeting met de kantoren in Shanghai, Mumbai, Tokio "
        "en Dubai.",
        ("Shanghai", "Mumbai", "Tokio", "Dubai"),
    ),
]


@dataclass(frozen=True)
class BilateralFact:
    partner: str
    date: datetime.date
    start: datetime.time
    end: datetime.time
    agenda: str


# Account manager and partner consult regularly: a few of their bilateral meetings.
BILATERAL_MOMENTS_2019 = [
    BilateralFact(
        "voka",
        datetime.date(2019, 2, 12),
        datetime.time(10, 0),
        datetime.time(11, 30),
        "Jaarplan 2019 en de Brexit-workshops voor kmo's",
    ),
    BilateralFact(
        "unizo",
        datetime.date(2019, 2, 14),
        datetime.time(14, 0),
        datetime.time(15, 30),
        "Jaarplan 2019 en de opleiding douaneformaliteiten na de Brexit",
    ),
    BilateralFact(
        "vil",
        datetime.date(2019, 4, 9),
        datetime.time(10, 0),
        datetime.time(12, 0),
        "Brexit en logistiek: scenario's voor de Vlaamse havens",
    ),
    # Voka held the agreed four in 2019; UNIZO three of its four.
    BilateralFact(
        "voka",
        datetime.date(2019, 5, 7),
        datetime.time(10, 0),
        datetime.time(11, 30),
        "Opvolging van de Brexit-workshops en de KPI-rapportering 2018",
    ),
    BilateralFact(
        "unizo",
        datetime.date(2019, 6, 4),
        datetime.time(14, 0),
        datetime.time(15, 30),
        "Eerste resultaten van de opleiding douaneformaliteiten",
    ),
    BilateralFact(
        "voka",
        datetime.date(2019, 9, 10),
        datetime.time(10, 0),
        datetime.time(11, 30),
        "Acties van Voka in het actieprogramma 2020",
    ),
    BilateralFact(
        "unizo",
        datetime.date(2019, 10, 15),
        datetime.time(14, 0),
        datetime.time(15, 30),
        "Acties van UNIZO in het actieprogramma 2020",
    ),
    BilateralFact(
        "voka",
        datetime.date(2019, 11, 26),
        datetime.time(10, 0),
        datetime.time(11, 30),
        "Brexit na 31 oktober en de KPI-doelen voor 2020",
    ),
]

# "Tussen de accountmanager en de structurele partner vindt regelmatig overleg plaats": the agreed rhythm of
# bilateral meetings, four a year, two for the bilateral chambers of commerce.
BILATERALS_PER_YEAR = 4
BILATERALS_PER_YEAR_EXCEPTIONS = {"belgo-indian": 2, "belgo-chinese": 2, "vckvk": 2}

# A formal consultation still to come, planned on the staff pages but not yet published (no invitation has
# gone out): the structural partners and two offices of the foreign network are invited.
# Planned for March of next year (demo/load.py dates it from today, so it always lies ahead).
PLANNED_MOMENT = MomentFact(
    "Formeel overlegmoment maart",
    datetime.date(2027, 3, 18),
    datetime.time(14, 0),
    datetime.time(17, 0),
    "1. Voorbereiding van de nieuwe samenwerkingsovereenkomsten\n"
    "2. Kennismaking met het buitenlandse netwerk: Londen en New York\n"
    "3. Gezamenlijke acties van de partners",
    "",
    ("Londen", "New York"),
)

PROGRAMME_EVALUATION_2018 = {
    "score": 4,
    "conclusion": (
        "Eerste evaluatie van de structurele partnerschappen op de partnerdag van 18 september 2018. De "
        "partnerschappen overstijgen de projectmatige samenwerking en lopen goed. Twee verbeterpunten: meer "
        "afstemming, communicatie en informatie-uitwisseling tussen de partners en FIT, en meer samenwerking "
        "tussen de partners onderling. De ideeën van de partnerdag worden geïmplementeerd in de werking van 2019."
    ),
}


@dataclass(frozen=True)
class ImprovementFact:
    title: str
    description: str
    owner: str  # a username
    due_date: datetime.date
    status: str
    status_changed_on: datetime.date
    note: str
    note_on: datetime.date
    partner: str | None = None
    kpi: str | None = None


PROGRAMME_IMPROVEMENTS_2018 = [
    ImprovementFact(
        "Meer afstemming, communicatie en informatie-uitwisseling tussen de partners en FIT",
        "Er mag nog meer afstemming, communicatie en uitwisseling van informatie zijn tussen de partners en FIT.",
        MANAGER.username,
        datetime.date(2019, 6, 30),
        "done",
        datetime.date(2019, 9, 20),
        "In 2019 vier formele overlegmomenten (maart, mei, juni en september), telkens met vertegenwoordigers "
        "van het buitenlandse netwerk. De partners worden vroeger betrokken bij het actieprogramma; vanaf het "
        "Actieprogramma 2019 staan hun acties erin.",
        datetime.date(2019, 9, 20),
    ),
    ImprovementFact(
        "Meer samenwerking tussen de partners onderling",
        "Ook de samenwerking tussen de partners onderling mag worden geïntensifieerd, om versnippering van het "
        "aanbod tegen te gaan.",
        "accountmanager",
        datetime.date(2019, 12, 31),
        "in_progress",
        datetime.date(2019, 3, 21),
        "Op de overlegmomenten van 2019 worden gezamenlijke acties afgetoetst. In het actieprogramma 2019 "
        "organiseren partners al enkele acties samen, zoals de Brexit-infosessies van Voka, UNIZO en VKW "
        "Limburg.",
        datetime.date(2019, 6, 25),
    ),
]

PARTNER_IMPROVEMENTS_2018 = [
    ImprovementFact(
        "Brexit-scenario's voor logistieke bedrijven sneller delen met het kantoor in Londen",
        "De analyses van VIL bereiken het buitenlandse netwerk te laat.",
        "bart.desmet",
        datetime.date(2019, 10, 31),
        "done",
        datetime.date(2019, 4, 9),
        "Afgesproken op het bilateraal overleg van 9 april 2019: VIL deelt zijn scenario's maandelijks.",
        datetime.date(2019, 4, 9),
        partner="vil",
    ),
    ImprovementFact(
        "Deelnemerslijsten van missies en matchmaking bijhouden als bewijsstuk",
        "De aantallen van KPI03 en KPI05 waren in 2018 moeilijk na te gaan.",
        "koen.jacobs",
        datetime.date(2019, 6, 30),
        "in_progress",
        datetime.date(2019, 3, 1),
        "Sjabloon voor deelnemerslijsten bezorgd; EUKA gebruikt het vanaf de missies van het voorjaar.",
        datetime.date(2019, 3, 1),
        partner="euka",
        kpi="KPI05",
    ),
    ImprovementFact(
        "Meer startende exporteurs bereiken via gezamenlijke infosessies",
        "Startende exporteurs (KPI02) bleven in 2018 onder de doelstelling.",
        "joris.vandamme",
        datetime.date(2019, 12, 31),
        "open",
        datetime.date(2019, 5, 10),
        "Eerste infosessie samen met FIT gepland in het najaar.",
        datetime.date(2019, 5, 10),
        partner="startups-be",
        kpi="KPI02",
    ),
]


@dataclass(frozen=True)
class ActionFact:
    year: int
    partner: str | None  # None: an action of FIT itself
    title: str
    type: str
    start: datetime.date | None
    end: datetime.date | None
    country: str = ""
    versnelling: str | None = None
    brexit: bool = False
    status: str = "accepted"
    decision_reason: str = ""
    cancellation_reason: str = ""  # issue 15: FIT cancelled the action (status "cancelled"), see PROGRAMME_CHANGES


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


ACTIONS = [
    # FIT's own actions in the action programme 2019.
    ActionFact(
        2019,
        None,
        "Brexit-infosessies in de Vlaamse provincies",
        "seminar",
        _d(2019, 2, 4),
        _d(2019, 3, 29),
        "Verenigd Koninkrijk",
        brexit=True,
    ),
    ActionFact(
        2019,
        None,
        "Lancering van het webplatform 'verover de wereld'",
        "seminar",
        _d(2019, 5, 7),
        _d(2019, 5, 7),
    ),
    ActionFact(
        2019,
        None,
        "Brandingtoolkit van de versnellingen voor het buitenlandse netwerk",
        "training",
        _d(2019, 6, 20),
        _d(2019, 6, 20),
    ),
    ActionFact(
        2019,
        None,
        "Vlaams paviljoen op Anuga",
        "fair",
        _d(2019, 10, 5),
        _d(2019, 10, 9),
        "Duitsland",
        versnelling="food",
    ),
    ActionFact(
        2019,
        None,
        "Vlaams paviljoen op MEDICA",
        "fair",
        _d(2019, 11, 18),
        _d(2019, 11, 21),
        "Duitsland",
        versnelling="life-sciences",
    ),
    ActionFact(
        2019,
        None,
        "Prospectiemissie slimme logistiek naar Dubai",
        "mission",
        _d(2019, 11, 24),
        _d(2019, 11, 27),
        "Verenigde Arabische Emiraten",
        versnelling="smart-logistics",
    ),
    # The partners' actions, accepted into the action programme 2019.
    ActionFact(
        2019,
        "voka",
        "Brexit-workshops voor kmo's",
        "seminar",
        _d(2019, 3, 5),
        _d(2019, 6, 25),
        "Verenigd Koninkrijk",
        brexit=True,
    ),
    ActionFact(
        2019,
        "unizo",
        "Opleiding douaneformaliteiten na de Brexit",
        "training",
        _d(2019, 4, 2),
        _d(2019, 4, 30),
        "Verenigd Koninkrijk",
        brexit=True,
    ),
    ActionFact(
        2019,
        "vkw-limburg",
        "Brexit-rondetafel voor Limburgse familiebedrijven",
        "seminar",
        _d(2019, 3, 14),
        _d(2019, 3, 14),
        "Verenigd Koninkrijk",
        brexit=True,
    ),
    ActionFact(
        2019,
        "vil",
        "Brexit en logistiek: scenario's voor de Vlaamse havens",
        "seminar",
        _d(2019, 5, 9),
        _d(2019, 5, 9),
        "Verenigd Koninkrijk",
        versnelling="smart-logistics",
        brexit=True,
    ),
    ActionFact(
        2019,
        "fevia",
        "Matchmaking met Britse retailers",
        "matchmaking",
        _d(2019, 9, 10),
        _d(2019, 9, 11),
        "Verenigd Koninkrijk",
        versnelling="food",
        brexit=True,
    ),
    ActionFact(
        2019,
        "agoria",
        "Technologiemissie naar Japan",
        "mission",
        _d(2019, 10, 14),
        _d(2019, 10, 18),
        "Japan",
        versnelling="solution-driven-engineering",
    ),
    ActionFact(
        2019,
        "essenscia",
        "B2B-matchmaking op de BIO International Convention",
        "matchmaking",
        _d(2019, 6, 3),
        _d(2019, 6, 6),
        "Verenigde Staten",
        versnelling="life-sciences",
    ),
    ActionFact(
        2019,
        "flandersbio",
        "Vlaamse stand op BIO-Europe",
        "fair",
        _d(2019, 11, 11),
        _d(2019, 11, 13),
        "Duitsland",
        versnelling="life-sciences",
    ),
    ActionFact(
        2019,
        "dsp-valley",
        "Ontvangst van een Indiase delegatie slimme elektronica",
        "visit",
        _d(2019, 4, 24),
        _d(2019, 4, 25),
        "India",
        versnelling="solution-driven-engineering",
    ),
    ActionFact(2019, "belgo-indian", "India Business Day", "seminar", _d(2019, 10, 3), _d(2019, 10, 3), "India"),
    ActionFact(2019, "vckvk", "Seminarie zakendoen in China", "seminar", _d(2019, 3, 28), _d(2019, 3, 28), "China"),
    ActionFact(
        2019,
        "flanders-cleantech",
        "Cleantech-matchmaking in Dubai",
        "matchmaking",
        _d(2019, 11, 25),
        _d(2019, 11, 26),
        "Verenigde Arabische Emiraten",
        versnelling="sustainable-resources",
    ),
    ActionFact(
        2019,
        "startups-be",
        "Scale-up bootcamp New York",
        "training",
        _d(2019, 9, 23),
        _d(2019, 9, 27),
        "Verenigde Staten",
    ),
    ActionFact(
        2019,
        "b-hive",
        "Fintechreis naar Singapore",
        "mission",
        _d(2019, 11, 11),
        _d(2019, 11, 15),
        "Singapore",
        status="declined",
        decision_reason=(
            "Singapore is geen prioritaire markt in het actieprogramma 2019; opnieuw voor te stellen samen met "
            "andere partners."
        ),
    ),
    # Issue 15, as the source text has it: Voka and UNIZO both planned a trade mission to the United Kingdom
    # on 10 May and nothing flagged it. Now the portal warns (same country within ACTION_OVERLAP_DAYS); UNIZO
    # kept its mission anyway, with a reason (OVERLAP_KEPT), and waits for FIT's decision.
    ActionFact(
        2019,
        "voka",
        "Handelsmissie Verenigd Koninkrijk: Brexit-proof exporteren",
        "mission",
        _d(2019, 5, 10),
        _d(2019, 5, 10),
        "Verenigd Koninkrijk",
        brexit=True,
    ),
    ActionFact(
        2019,
        "unizo",
        "Handelsmissie naar Londen voor kmo's",
        "mission",
        _d(2019, 5, 10),
        _d(2019, 5, 10),
        "Verenigd Koninkrijk",
        brexit=True,
        status="submitted",
    ),
    # Proposals for the action programme 2020.
    ActionFact(
        2020,
        "voka",
        "Klaar voor de nieuwe handelsrelatie met het Verenigd Koninkrijk",
        "seminar",
        _d(2020, 2, 11),
        _d(2020, 2, 11),
        "Verenigd Koninkrijk",
        brexit=True,
        status="submitted",
    ),
    ActionFact(
        2020,
        "agoria",
        "Vlaams paviljoen op Hannover Messe",
        "fair",
        _d(2020, 4, 20),
        _d(2020, 4, 24),
        "Duitsland",
        versnelling="solution-driven-engineering",
        status="submitted",
    ),
    ActionFact(
        2020,
        "vil",
        "Matchmaking logistiek met het Verenigd Koninkrijk",
        "matchmaking",
        _d(2020, 3, 17),
        _d(2020, 3, 18),
        "Verenigd Koninkrijk",
        versnelling="smart-logistics",
        brexit=True,
        status="submitted",
    ),
    ActionFact(
        2020,
        "fevia",
        "Prospectiemissie Zuidoost-Azië",
        "mission",
        _d(2020, 5, 11),
        _d(2020, 5, 15),
        "Vietnam",
        versnelling="food",
        status="submitted",
    ),
    ActionFact(2020, "unizo", "Webinarreeks e-export voor kmo's", "seminar", None, None, status="draft"),
    ActionFact(
        2020,
        "essenscia",
        "Missie naar Zuid-Korea",
        "mission",
        None,
        None,
        "Zuid-Korea",
        versnelling="life-sciences",
        status="draft",
    ),
]

# Issue 15: FIT's programmes of 2020 and 2021 hold actions too, so that their published pages show something; and
# the actions that changed after the programme 2019 was published (PROGRAMME_CHANGES).
PUBLISHED_PROGRAMME_ACTIONS = [
    ActionFact(
        2019,
        None,
        "Webinar: douane en oorsprongsregels na de Brexit",
        "seminar",
        _d(2019, 3, 21),
        _d(2019, 3, 21),
        "Verenigd Koninkrijk",
        brexit=True,
    ),
    ActionFact(
        2019,
        None,
        "Prospectiemissie Sustainable Resources naar Zweden",
        "mission",
        _d(2019, 9, 16),
        _d(2019, 9, 19),
        "Zweden",
        versnelling="sustainable-resources",
        status="cancelled",
        cancellation_reason="Te weinig inschrijvingen; de bedrijven gaan mee met de Cleantech-matchmaking in Dubai.",
    ),
    ActionFact(
        2020,
        None,
        "Vlaams paviljoen op Arab Health",
        "fair",
        _d(2020, 1, 27),
        _d(2020, 1, 30),
        "Verenigde Arabische Emiraten",
        versnelling="life-sciences",
    ),
    ActionFact(
        2020,
        None,
        "Webinarreeks exporteren na de Brexit",
        "seminar",
        _d(2020, 2, 4),
        _d(2020, 3, 31),
        "Verenigd Koninkrijk",
        brexit=True,
    ),
    ActionFact(
        2020,
        None,
        "Vlaams paviljoen op SIAL Parijs",
        "fair",
        _d(2020, 10, 18),
        _d(2020, 10, 22),
        "Frankrijk",
        versnelling="food",
    ),
    ActionFact(
        2021,
        None,
        "Digitale handelsmissie slimme logistiek naar India",
        "mission",
        _d(2021, 3, 8),
        _d(2021, 3, 12),
        "India",
        versnelling="smart-logistics",
    ),
    ActionFact(
        2021,
        None,
        "Vlaams paviljoen op MEDICA",
        "fair",
        _d(2021, 11, 15),
        _d(2021, 11, 18),
        "Duitsland",
        versnelling="life-sciences",
    ),
    ActionFact(
        2021,
        "agoria",
        "Technologiemissie naar Zuid-Korea",
        "mission",
        _d(2021, 10, 11),
        _d(2021, 10, 15),
        "Zuid-Korea",
        versnelling="solution-driven-engineering",
    ),
    # The next programme, in preparation: FIT has not published it (the staff page offers to).
    ActionFact(
        2022,
        None,
        "Vlaams paviljoen op Anuga",
        "fair",
        _d(2022, 10, 8),
        _d(2022, 10, 12),
        "Duitsland",
        versnelling="food",
    ),
]


@dataclass(frozen=True)
class PublicationFact:
    """FIT published the action programme of `year` on `on` (at ten in Brussels)."""

    year: int
    on: datetime.date
    note: str = ""


PUBLICATIONS = [
    PublicationFact(
        2019, _d(2019, 1, 15), "Vanaf het actieprogramma 2019 staan ook de acties van de structurele partners erin."
    ),
    PublicationFact(2020, _d(2020, 1, 14)),
    PublicationFact(2021, _d(2021, 1, 12)),
]  # 2022 and later: not published


@dataclass(frozen=True)
class ProgrammeChangeFact:
    """What changed in a published programme, and when (the change log reads it from the actions' history):
    an action `added` after publication, `moved` (from the dates `moved_from`; the ActionFact holds the new
    ones) or `cancelled` (the ActionFact holds the reason)."""

    year: int
    partner: str | None
    title: str
    kind: str
    on: datetime.date
    moved_from: tuple[datetime.date, datetime.date] | None = None


PROGRAMME_CHANGES = [
    ProgrammeChangeFact(2019, None, "Webinar: douane en oorsprongsregels na de Brexit", "added", _d(2019, 2, 20)),
    ProgrammeChangeFact(
        2019,
        None,
        "Brandingtoolkit van de versnellingen voor het buitenlandse netwerk",
        "moved",
        _d(2019, 4, 3),
        moved_from=(_d(2019, 6, 13), _d(2019, 6, 13)),
    ),
    ProgrammeChangeFact(2019, None, "Prospectiemissie Sustainable Resources naar Zweden", "cancelled", _d(2019, 6, 28)),
]

# The overlap UNIZO saw and kept anyway (evaluations.ActionOverlap): (partner, title, other partner, other
# title, reason).
OVERLAP_KEPT = (
    "unizo",
    "Handelsmissie naar Londen voor kmo's",
    "voka",
    "Handelsmissie Verenigd Koninkrijk: Brexit-proof exporteren",
    "Onze missie richt zich op kleine winkeliers en ambachtslui, niet op Voka's industriële bedrijven; we "
    "stemmen het programma in Londen af zodat beide groepen de Britse contacten van FIT kunnen ontmoeten.",
)

ERDF_PROJECT = {
    "name": "Vlaanderen Versnelt",
    "description": (
        "EFRO-project in samenwerking met VLAIO ter uitvoering van de internationaliseringsstrategie "
        "'Vlaanderen versnelt!'. De tools komen tot stand samen met de partners, die ze zelf gebruiken en bij "
        "hun leden promoten."
    ),
    "total_cost": Decimal("2000051.75"),
    "start_date": datetime.date(2018, 1, 1),
    "end_date": datetime.date(2020, 12, 31),
    "deliverables": (
        "Retentiemanager bij FIT\n"
        "Webplatform 'verover de wereld'\n"
        "Brandingtoolkit voor de vijf versnellingen (Life Sciences, Food, Smart Logistics, Solution Driven "
        "Engineering & Technologies, Sustainable Resources)"
    ),
    # 40 % ERDF, 45 % Hermes fund, 15 % FIT/VLAIO: 800.020,70 + 900.023,29 + 300.007,76.
    "shares": [("erdf", Decimal("40")), ("hermes", Decimal("45")), ("fit_vlaio", Decimal("15"))],
}


# Issue 14: feedback on the minutes of the May 2019 consultation (Voka, UNIZO and the others who answer
# were there), and the surveys after the moments.
MINUTES_APPROVAL_MOMENT = "Formeel overlegmoment mei 2019"
MINUTES_APPROVED = ("voka",)
MINUTES_REMARKS = {
    "unizo": "Bij punt 2 ontbreekt dat UNIZO aan de gezamenlijke missie naar de Verenigde Staten wil deelnemen.",
}
MINUTES_COMMENTS = {
    "voka": "Kunnen de presentaties van de kantoren in New York en São Paulo bij het verslag?",
}


@dataclass(frozen=True)
class SurveyFact:
    moment: str  # the title of a held moment
    title: str
    opens_on: datetime.date | None  # None: open now (dated from today's year, see demo/load.py)
    closes_on: datetime.date | None
    # slug -> (score 1-5, what was most useful, what should be done differently); partners that were there
    answers: dict


SURVEYS = [
    SurveyFact(
        "Formeel overlegmoment mei 2019",
        "Bevraging na het formeel overlegmoment van mei 2019",
        datetime.date(2019, 5, 17),
        datetime.date(2019, 5, 31),
        {
            "voka": (5, "De kennismaking met het kantoor in New York.", ""),
            "unizo": (4, "De plannen voor een gezamenlijke missie.", "Meer tijd voor vragen van de kmo's."),
            "agoria": (4, "Het webplatform 'verover de wereld'.", ""),
            "fevia": (3, "", "Minder presentaties, meer gesprekken in kleine groepen."),
            "vil": (5, "De contacten met het kantoor in São Paulo.", ""),
            "essenscia": (2, "", "De agenda was te vol voor een halve dag."),
            "flandersbio": (4, "Het netwerkmoment met de andere partners.", ""),
        },
    ),
    SurveyFact(
        "Formeel overlegmoment juni 2019",
        "Bevraging na het formeel overlegmoment van juni 2019",
        None,
        None,
        {
            "agoria": (4, "De brandingtoolkit.", ""),
            "fevia": (3, "", "De toolkit eerder delen, vóór het overleg."),
        },
    ),
]
