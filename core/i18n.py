"""Choosing the page language: the switcher, then the profile, then the browser's Accept-Language."""
from babel import Locale
from flask import current_app, g, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a command or a worker: no reader; mails force their own language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    g.language_was_chosen = True  # the answer now depends on what decides the language: see vary_by_language
    # A choice made with the language switcher wins, then the language saved in the profile.
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    preferred = getattr(current_user, "locale", None)
    if preferred in languages:
        return preferred
    return _browser_language(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _browser_language(languages) -> str | None:
    """The first of the browser's languages, in the reader's order, that the site speaks, a regional variant
    counting as its language ("fr-CA" as "fr"). Werkzeug's best_match prefers any exact match, however low:
    "en-GB,fr;q=0.8" would give French to a British reader."""
    known = {language.lower().replace("_", "-"): language for language in languages}
    for tag, quality in request.accept_languages:
        if quality <= 0:  # "fr;q=0": anything but French
            continue
        parts = tag.lower().replace("_", "-").split("-")
        for end in range(len(parts), 0, -1):
            if "-".join(parts[:end]) in known:
                return known["-".join(parts[:end])]
    return None


def vary_by_language(response):
    """Tell caches that an answer built in the reader's language depends on what chose it.

    The choice comes from the session cookie (the switcher), the log-in (the profile) or Accept-Language:
    a shared cache keying on the address alone would give one reader's language to the next.
    """
    if g.get("language_was_chosen"):
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def text_direction(locale: str) -> str:
    return Locale.parse(locale).text_direction


def select_timezone() -> str:
    """Times are shown in the person's zone, else in the site's default zone."""
    return getattr(current_user, "timezone", None) or current_app.config["DEFAULT_TIMEZONE"]
