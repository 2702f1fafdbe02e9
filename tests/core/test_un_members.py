"""The States that may be Parties and their UN names: the list a UNESCO meeting's documents print."""
from babel import Locale
import pytest

from core.un_members import OFFICIAL_NAMES, STATES, UN_MEMBER_STATES
from core.vocabularies import country_choices, country_name, is_party, party_choices, party_name


def test_the_un_members_its_observer_states_and_unescos_cook_islands_and_niue():
    assert len(UN_MEMBER_STATES) == 193
    assert len(STATES) == 197
    assert len(party_choices("en")) == 197


@pytest.mark.parametrize("code", ["KE", "PS", "VA", "CK", "NU", "SS", "TL", "FR", "VN", "KP", "KR", "MK", "SZ"])
def test_states_are_parties(code):
    assert is_party(code) and code in dict(party_choices("en"))


@pytest.mark.parametrize("code", ["AQ", "IC", "EA", "DG", "TW", "HK", "MO", "EH", "XK", "PR", "GL", "AW", "CW",
                                  "FO", "GI", "EU", "UN", "ZZ", "", None])
def test_territories_and_other_codes_are_not(code):
    assert not is_party(code) and code not in dict(party_choices("en"))


def test_every_state_is_a_real_iso_code():
    assert sorted(code for code in STATES if code not in Locale("en").territories) == []
    for language, names in OFFICIAL_NAMES.items():
        assert sorted(set(names) - STATES) == [], language


@pytest.mark.parametrize("code, name", [
    ("VN", "Viet Nam"), ("KR", "Republic of Korea"), ("KP", "Democratic People’s Republic of Korea"),
    ("RU", "Russian Federation"), ("IR", "Iran (Islamic Republic of)"), ("BO", "Bolivia (Plurinational State of)"),
    ("VE", "Venezuela (Bolivarian Republic of)"), ("SY", "Syrian Arab Republic"),
    ("LA", "Lao People’s Democratic Republic"), ("MD", "Republic of Moldova"), ("TZ", "United Republic of Tanzania"),
    ("TR", "Türkiye"), ("CZ", "Czechia"), ("CI", "Côte d’Ivoire"), ("FM", "Micronesia (Federated States of)"),
    ("NL", "Netherlands (Kingdom of the)"), ("PS", "State of Palestine"), ("VA", "Holy See"), ("MM", "Myanmar"),
    ("BN", "Brunei Darussalam"), ("CV", "Cabo Verde"), ("SZ", "Eswatini"), ("MK", "North Macedonia"),
    ("CG", "Congo"), ("CD", "Democratic Republic of the Congo"),
    ("GB", "United Kingdom of Great Britain and Northern Ireland"), ("US", "United States of America"),
])
def test_english_un_names(code, name):
    assert party_name(code, "en") == name == country_name(code, "en")


@pytest.mark.parametrize("code, name", [
    ("VN", "Viet Nam"), ("KR", "République de Corée"), ("RU", "Fédération de Russie"),
    ("IR", "Iran (République islamique d’)"), ("BO", "Bolivie (État plurinational de)"), ("VA", "Saint-Siège"),
    ("PS", "État de Palestine"), ("GB", "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord"),
])
def test_french_un_names(code, name):
    assert party_name(code, "fr") == name


@pytest.mark.parametrize("language, code, name", [
    ("es", "VN", "Viet Nam"), ("es", "RU", "Federación de Rusia"), ("es", "PS", "Estado de Palestina"),
    ("ru", "RU", "Российская Федерация"), ("ru", "KP", "Корейская Народно-Демократическая Республика"),
    ("zh_Hans", "KR", "大韩民国"), ("zh_Hans", "VA", "教廷"), ("ar", "PS", "دولة فلسطين"),
    ("ar", "RU", "الاتحاد الروسي"),
])
def test_un_names_in_the_other_languages(language, code, name):
    assert party_name(code, language) == name


def test_everyday_names_are_gone_from_every_language():
    for language in ("en", "fr", "es", "ru", "zh_Hans", "ar"):
        names = dict(party_choices(language)).values()
        assert not [name for name in names if "Vatican" in name or "Burma" in name or "Birman" in name]
    english = set(dict(party_choices("en")).values())
    assert not english & {"Vietnam", "South Korea", "North Korea", "Russia", "Iran", "Bolivia", "Myanmar (Burma)",
                          "Palestinian Territories", "Taiwan", "Hong Kong SAR China", "Syria", "Laos"}


def test_a_territory_keeps_its_country_name_and_the_full_list_keeps_territories():
    assert party_name("HK", "en") == country_name("HK", "en") == "Hong Kong SAR China"
    everything = dict(country_choices("en"))
    assert everything["VN"] == "Viet Nam" and "AQ" in everything and "HK" in everything


def test_parties_sort_as_a_un_list_of_states():
    english = [name for _code, name in party_choices("en")]
    assert english.index("Czechia") < english.index("Democratic People’s Republic of Korea") \
        < english.index("Democratic Republic of the Congo") < english.index("Denmark")
    assert english.index("Republic of Korea") < english.index("Republic of Moldova") < english.index("Romania")
    french = [name for _code, name in party_choices("fr")]
    assert french.index("Égypte") < french.index("El Salvador") < french.index("Émirats arabes unis") \
        < french.index("Équateur")
    arabic = [name for _code, name in party_choices("ar")]
    assert arabic[0] == "الاتحاد الروسي"


def test_an_imported_file_may_still_say_vietnam_or_viet_nam(app):
    from registration.participant_import import read_participants

    data = ("email,full_name,country\nlan@example.org,Lan,Vietnam\nminh@example.org,Minh,Viet Nam\n"
            "ivan@example.org,Ivan,Russia\nolga@example.org,Olga,Fédération de Russie\n").encode()
    with app.test_request_context("/"):
        result = read_participants(data, categories=(), registered=set())
    assert (result.file_problem, result.problems) == (None, [])
    assert [person["country"] for person in result.people] == ["VN", "VN", "RU", "RU"]
