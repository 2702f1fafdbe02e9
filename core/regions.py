"""UNESCO's five regions and the country -> region map.

One vocabulary, so that a filter by region, a regional quota and a report's
regional breakdown all put a participant's country in the same region.
"""
from flask_babel import lazy_gettext as _l

UNESCO_REGIONS = {
    "africa": _l("Africa"),
    "arab_states": _l("Arab States"),
    "asia_pacific": _l("Asia and the Pacific"),
    "europe_north_america": _l("Europe and North America"),
    "latin_america_caribbean": _l("Latin America and the Caribbean"),
}

# The grouping follows UNESCO's regional groups for its Member States and Associate
# Members (so Djibouti, Mauritania, Somalia and Sudan are Arab States; Israel, Türkiye
# and the Caucasus are in Europe; Central Asia and Iran are in Asia and the Pacific).
# Other codes that Babel offers as countries (territories, non-members) take the region
# of their geography, as UNESCO does for its Associate Members (Aruba, Curaçao: the
# Caribbean; New Caledonia, Tokelau: the Pacific) — except IC and EA, parts of Spain.
# Left out, as nobody lives there: AQ (Antarctica), BV, CP, DG, GS, HM, IO, TF, UM.
_CODES = {
    "africa": (
        "AO BF BI BJ BW CD CF CG CI CM CV ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MU "
        "MW MZ NA NE NG RW SC SL SN SS ST SZ TD TG TZ UG ZA ZM ZW "
        "AC RE SH TA YT"  # territories
    ),
    "arab_states": (
        "AE BH DJ DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SO SY TN YE "
        "EH"  # by geography; no position on its status
    ),
    "asia_pacific": (
        "AF AU BD BN BT CK CN FJ FM ID IN IR JP KG KH KI KP KR KZ LA LK MH MM MN MV MY "
        "NP NR NU NZ PG PH PK PW SB SG TH TJ TL TM TO TV UZ VN VU WS "
        "MO NC TK "  # Associate Members
        "AS CC CX GU HK MP NF PF PN TW WF"  # territories
    ),
    "europe_north_america": (
        "AD AL AM AT AZ BA BE BG BY CA CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IL "
        "IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SK SM TR UA US VA XK "
        "FO "  # Associate Member
        "AX CQ EA GG GI GL IC IM JE PM SJ"  # territories
    ),
    "latin_america_caribbean": (
        "AG AR BB BO BR BS BZ CL CO CR CU DM DO EC GD GT GY HN HT JM KN LC MX NI PA PE "
        "PY SR SV TT UY VC VE "
        "AI AW CW KY MS SX VG "  # Associate Members
        "BL BM BQ FK GF GP MF MQ PR TC VI"  # territories
    ),
}

#: ISO 3166-1 alpha-2 code -> key of UNESCO_REGIONS.
COUNTRY_REGION = {code: region for region, codes in _CODES.items() for code in codes.split()}


def region_of(country_code: str | None) -> str | None:
    """The UNESCO region of a country code, or None when unknown or not given."""
    if not country_code:
        return None
    return COUNTRY_REGION.get(country_code.upper())


# The Global South as UNCTAD counts "developing economies": Africa, Latin America and the Caribbean,
# Asia and Oceania, except Israel, Japan, the Republic of Korea, Australia and New Zealand (developed
# economies), with Cyprus counted in Europe. So from UNESCO's European group Türkiye and the South
# Caucasus are in (UN geography puts them in Western Asia), and from the Americas group Bermuda is out.
# There is no official list: this one is stated here so that a quota and a report agree on it.
_NOT_GLOBAL_SOUTH = {"AU", "NZ", "JP", "KR", "BM", "NF", "CX", "CC"}
_WESTERN_ASIA_IN_EUROPE_GROUP = {"TR", "AM", "AZ", "GE"}

#: ISO 3166-1 alpha-2 codes of the countries and territories of the Global South.
GLOBAL_SOUTH = frozenset(
    code for code, region in COUNTRY_REGION.items()
    if region != "europe_north_america" and code not in _NOT_GLOBAL_SOUTH) | _WESTERN_ASIA_IN_EUROPE_GROUP


def is_global_south(country_code: str | None) -> bool:
    return bool(country_code) and country_code.upper() in GLOBAL_SOUTH
