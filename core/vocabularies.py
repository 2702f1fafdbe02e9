"""The words of the domain shared by every package: stakeholder groups, countries, Parties and languages.

Kept in one place so that a form, a filter and a report all offer the same choices. Countries are named by
Babel/CLDR, except States, which carry the United Nations' official short names (core.un_members): "Viet Nam"
on the registration form, the badge and the list of participants alike.
"""
from functools import lru_cache
import unicodedata

from babel import Locale
from flask_babel import get_locale, lazy_gettext as _l

from core.collation import sort_key
from core.multilingual import content_language
from core.un_members import OFFICIAL_NAMES, STATES

#: Stakeholder groups of the outreach strategy (§3), plus two that its events always include.
STAKEHOLDER_GROUPS = {
    "government": _l("Government agency or body"),
    "civil_society": _l("Civil society / NGO / professional organisation"),
    "private_sector": _l("Private sector"),
    "media": _l("Media"),
    "academia": _l("Academia / research"),
    "igo": _l("Intergovernmental organisation / UN"),
    "artist": _l("Artist / cultural professional"),
}

# Babel lists some codes that are not ISO 3166-1 countries (continents, the EU, test codes).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def country_names(locale: str | None = None) -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> country name in the page's language (do not change the dict)."""
    return _country_names(str(locale or get_locale() or "en"))


def country_choices(locale: str | None = None) -> list[tuple[str, str]]:
    return _country_choices(str(locale or get_locale() or "en"))


# The names come from Babel's locale data, which never changes while we run: build them once per
# language, not on every page (a list page asks for a country name twenty times).
@lru_cache(maxsize=32)
def _country_names(locale: str) -> dict[str, str]:
    territories = Locale.parse(locale).territories
    official = OFFICIAL_NAMES.get(content_language(locale), {})
    return {
        code: official.get(code, name)
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def everyday_country_names(locale: str) -> dict[str, str]:
    """Code -> Babel/CLDR's everyday name ("Vietnam", "Russia"), which people still type: for reading
    what they wrote, never for printing."""
    return {code: name for code, name in Locale.parse(locale).territories.items() if code in _country_names(locale)}


@lru_cache(maxsize=32)
def _country_choices(locale: str) -> list[tuple[str, str]]:
    return sorted(_country_names(locale).items(), key=lambda item: _sort_key(item[1]))


def country_name(code: str | None, locale: str | None = None) -> str:
    if not code:
        return ""
    return country_names(locale).get(code, code)


def is_party(code: str | None) -> bool:
    """Whether `code` is a State that may be a Party at a meeting (not a territory, not Taiwan)."""
    return code in STATES


def party_name(code: str | None, locale: str | None = None) -> str:
    """A Party's official short name in `locale` (the page's language by default). A code that is not a
    State (an old delegation, a registration from a territory) keeps its country name."""
    return country_name(code, locale)


def party_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """(code, official name) of the States that may be Parties, in the order of a UN list of States."""
    return _party_choices(str(locale or get_locale() or "en"))


@lru_cache(maxsize=32)
def _party_choices(locale: str) -> list[tuple[str, str]]:
    names = _country_names(locale)
    return sorted(((code, names[code]) for code in STATES if code in names),
                  key=lambda item: sort_key(item[1], locale))


def _sort_key(name: str) -> str:
    """Sort "Égypte" with "E", not after "Z", and "Ёмкость" with "Е": accents and other combining marks
    are set aside and case is folded, while the letters of every script are kept (Cyrillic and Arabic letters
    stand in their alphabet's order in Unicode; Chinese names fall in radical-and-stroke order)."""
    decomposed = unicodedata.normalize("NFKD", name).casefold()
    return "".join(char for char in decomposed if not unicodedata.combining(char))


#: Languages a participant may say they speak: the six UN languages first, then the languages most
#: spoken at the Convention's meetings and in its regions (ISO 639-1).
SPOKEN_LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es", "pt", "sw", "hi", "bn", "ur", "fa", "tr", "id", "ms",
                    "vi", "th", "ja", "ko", "de", "it", "nl", "pl", "uk", "el", "he", "am", "ha", "yo", "ig",
                    "zu", "wo", "ff", "ln", "mg", "km", "ne", "si", "ta", "ky", "kk", "uz", "mn", "tl", "qu",
                    "gn", "ht"]


def language_names(locale: str | None = None) -> dict[str, str]:
    """ISO 639-1 code -> the language's name in the page's language."""
    return Locale.parse(str(locale or get_locale() or "en")).languages


def language_choices(codes=SPOKEN_LANGUAGES) -> list[tuple[str, str]]:
    """(code, name) in the page's language, sorted by name as a reader looks for it."""
    names = language_names()
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda item: _sort_key(item[1]))
