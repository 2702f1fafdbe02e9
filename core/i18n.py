"""Choosing the page language: the switcher, then the profile, then the browser's Accept-Language."""
from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a command or a worker: no reader; mails force their own language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    # A choice made with the language switcher wins, then the language saved in the profile.
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    preferred = getattr(current_user, "locale", None)
    if preferred in languages:
        return preferred
    return request.accept_languages.best_match(list(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]


def text_direction(locale: str) -> str:
    return Locale.parse(locale).text_direction


def select_timezone() -> str:
    """Times are shown in the person's zone, else in the site's default zone."""
    return getattr(current_user, "timezone", None) or current_app.config["DEFAULT_TIMEZONE"]
