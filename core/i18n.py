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
    return request.accept_languages.best_match(list(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]


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
