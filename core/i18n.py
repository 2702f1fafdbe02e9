"""Choosing the page language: `?lang=`, the switcher, the profile, then the browser's Accept-Language.

Also the one place that says how a language code of config LANGUAGES is written elsewhere: as a BCP 47
tag in HTML, feeds and the API (`language_tag`), and which CLDR locale formats its dates and numbers
(`formatting_locale`). docs/languages.md says how to add a language.
"""
from datetime import UTC, datetime
import re

from babel import Locale
from babel.dates import format_datetime, format_skeleton, format_time
from babel.lists import format_list
from flask import current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user

#: What a language tag may look like before it is even compared (BCP 47 letters, digits and hyphens; "_"
#: as in our own codes): anything else ("../../etc", a 5 000-character header) matches no language.
_TAG = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8}){0,6}")

#: The CLDR locale whose date and time patterns a language is written with, when it is not the language
#: itself. CLDR's plain "en" is American English: "3/27/27, 9:00 AM", month before day, 12-hour clock.
#: UN documents write "28 March 2026" and "09:00", which is British English's pattern: English pages,
#: e-mails and PDFs are formatted with en_GB (the texts stay the "en" catalogue's).
FORMATTING_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a command or a worker: no reader; mails force their own language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    g.language_was_chosen = True  # the answer now depends on what decides the language: see vary_by_language
    # `?lang=` chooses for this one request (a link to a page, a feed or the API in a given language); a
    # language the site does not speak is ignored, and the usual choice applies.
    asked = match_language(request.args.get("lang", ""), languages)
    if asked:
        return asked
    # A choice made with the language switcher wins, then the language saved in the profile.
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    preferred = getattr(current_user, "locale", None)
    if preferred in languages:
        return preferred
    return _browser_language(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def person_language(locale: str | None) -> str:
    """The language to write to a person in: their account's (or registration's) if the site speaks it."""
    languages = current_app.config["LANGUAGES"]
    return locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def match_language(tag: str, languages) -> str | None:
    """The code of `languages` a language tag asks for, or None.

    The longest known prefix wins ("zh-Hans-CN" is "zh_Hans", "fr-CA" is "fr", "es-419" is "es"); failing
    that, a language of the same primary language. So every Chinese tag ("zh", "zh-CN", "zh-SG", and also
    "zh-TW", "zh-Hant", "zh-HK") gives Simplified Chinese, the one Chinese the site speaks: a reader of
    Traditional characters reads Simplified better than English. A Traditional catalogue (zh_Hant) added
    to LANGUAGES would then be the longest match for "zh-Hant" but not for "zh-TW": map those here.
    """
    if not tag or len(tag) > 64 or not _TAG.fullmatch(tag):
        return None
    known = {code.lower().replace("_", "-"): code for code in languages}
    parts = tag.lower().replace("_", "-").split("-")
    for end in range(len(parts), 0, -1):
        if "-".join(parts[:end]) in known:
            return known["-".join(parts[:end])]
    same_language = [code for key, code in known.items() if key.split("-")[0] == parts[0]]
    return same_language[0] if same_language else None


def _browser_language(languages) -> str | None:
    """The first of the browser's languages, in the reader's order, that the site speaks, a regional variant
    counting as its language ("fr-CA" as "fr"). Werkzeug's best_match prefers any exact match, however low:
    "en-GB,fr;q=0.8" would give French to a British reader."""
    for tag, quality in list(request.accept_languages)[:20]:  # a real browser sends a handful
        if quality <= 0:  # "fr;q=0": anything but French
            continue
        found = match_language(tag, languages)
        if found:
            return found
    return None


def vary_by_language(response):
    """Tell caches that an answer built in the reader's language depends on what chose it.

    The choice comes from the session cookie (the switcher), the log-in (the profile) or Accept-Language:
    a shared cache keying on the address alone would give one reader's language to the next.
    """
    if g.get("language_was_chosen"):
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        # Says which language the answer is in (a feed or the API has no <html lang>), unless it says itself.
        if "Content-Language" not in response.headers:
            response.headers["Content-Language"] = language_tag()
    return response


def language_tag(locale=None) -> str:
    """A language code of LANGUAGES as BCP 47 writes it, for `lang=`, `hreflang=`, Content-Language,
    calendar feeds and the API: "zh-Hans" for our "zh_Hans". None: the current language."""
    return str(locale or get_locale() or "en").replace("_", "-")


def formatting_locale(locale=None) -> Locale:
    """The CLDR locale dates, times, numbers and lists are formatted with (see FORMATTING_LOCALES).
    None: the current language."""
    code = str(locale or get_locale() or "en")
    return Locale.parse(FORMATTING_LOCALES.get(code, code))


def datetime_in_words(moment: datetime, zone, style: str = "medium", locale=None) -> str:
    """'28 Mar 2026, 09:00' on the clocks of `zone`: the month in words, never CLDR's all-digit dates (the
    short style everywhere, the medium style in Arabic); 'full' and 'long' as the locale writes them."""
    locale = formatting_locale(locale)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # the database's times are UTC
    if style in ("full", "long"):
        return format_datetime(moment, style, tzinfo=zone, locale=locale)
    local = moment.astimezone(zone)
    return locale.datetime_formats["medium"].format(format_time(local, "short", locale=locale),
                                                    format_skeleton("yMMMd", local.date(), locale=locale))


def name_list(items) -> str:
    """'English, French and Spanish', « anglais, français et espagnol »: a list as the reader's language
    writes one (names, languages, countries), where ", ".join would give every language English commas."""
    items = [str(item) for item in items if item]
    return format_list(items, locale=formatting_locale()) if items else ""


def utc_datetime(moment: datetime) -> str:
    """The `utc_datetime` template filter: a time in UTC, for administrators' messages that say "UTC"."""
    return datetime_in_words(moment, UTC)


def reader_datetime(moment: datetime, style: str = "medium") -> str:
    """The `datetimeformat` template filter: Flask-Babel's, on the reader's clocks, as datetime_in_words."""
    return datetime_in_words(moment, get_timezone(), style)


def text_direction(locale: str) -> str:
    return Locale.parse(locale).text_direction


def select_timezone() -> str:
    """Times are shown in the person's zone, else in the site's default zone."""
    return getattr(current_user, "timezone", None) or current_app.config["DEFAULT_TIMEZONE"]
