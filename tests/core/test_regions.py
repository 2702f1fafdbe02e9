from babel import Locale
import pytest

from core import regions
from core.regions import COUNTRY_REGION, UNESCO_REGIONS, region_of
from core.vocabularies import country_names

# Uninhabited, so deliberately without a region (see the comment in core/regions.py).
LEFT_OUT = {"AQ", "BV", "CP", "DG", "GS", "HM", "IO", "TF", "UM"}


def test_every_region_has_members_and_only_known_regions_are_used():
    assert set(COUNTRY_REGION.values()) == set(UNESCO_REGIONS)


def test_no_country_is_listed_in_two_regions():
    listed = [code for codes in regions._CODES.values() for code in codes.split()]
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize(
    "region, codes",
    [
        ("arab_states", ["EG", "MA", "PS", "SD"]),
        ("africa", ["SN", "NG", "ZW", "ZA", "ET"]),
        ("europe_north_america", ["FR", "CA", "US", "UA", "IL", "TR", "GE"]),
        ("asia_pacific", ["CN", "JP", "IN", "IR", "TO", "KZ", "AU"]),
        ("latin_america_caribbean", ["BR", "CL", "CU", "JM", "MX"]),
    ],
)
def test_countries_a_person_would_check(region, codes):
    assert {code: region_of(code) for code in codes} == {code: region for code in codes}


def test_every_code_is_a_real_territory():
    territories = Locale("en").territories
    assert [code for code in COUNTRY_REGION if code not in territories] == []


def test_every_country_offered_in_forms_has_a_region():
    missing = set(country_names("en")) - set(COUNTRY_REGION) - LEFT_OUT
    assert missing == set()


def test_left_out_codes_are_really_left_out():
    assert LEFT_OUT.isdisjoint(COUNTRY_REGION)


@pytest.mark.parametrize("code", [None, "", "ZZ", "EU"])
def test_unknown_or_missing_country_has_no_region(code):
    assert region_of(code) is None


def test_lower_case_codes_are_accepted():
    assert region_of("fr") == "europe_north_america"


@pytest.mark.parametrize("code", ["SN", "BR", "IN", "CN", "FJ", "EG", "TR", "AM", "KZ", "HT", "PS", "ci"])
def test_developing_economies_are_of_the_global_south(code):
    from core.regions import is_global_south

    assert is_global_south(code)


@pytest.mark.parametrize("code", ["FR", "US", "CA", "JP", "KR", "AU", "NZ", "IL", "CY", "RU", "BM", None, "", "ZZ"])
def test_developed_economies_and_unknown_codes_are_not(code):
    from core.regions import is_global_south

    assert not is_global_south(code)


def test_country_lists_read_in_alphabetical_order_in_russian_and_arabic(app):
    from core.vocabularies import country_choices

    russian = [name for code, name in country_choices("ru")]
    # Before: every Cyrillic letter was dropped from the sort key, and the list came out in code order.
    # (Their codes, ZM before JP, MY before ZM, are in the other order.)
    assert russian.index("Австралия") < russian.index("Замбия") < russian.index("Япония")
    arabic = [name for code, name in country_choices("ar")]
    assert arabic.index("زامبيا") < arabic.index("ماليزيا")
    french = [name for code, name in country_choices("fr")]
    assert french.index("Égypte") < french.index("Espagne") < french.index("Fidji")
