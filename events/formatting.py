"""Dates and times of events as people read them: on the venue's clocks, in the page's language.

Flask-Babel's own filters convert to the reader's zone; an event's times must stay on its own.
"""
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_datetime, format_interval, format_time, get_timezone_name
from flask_babel import get_locale

from core.vocabularies import country_name


def _locale():
    return str(get_locale() or "en")


def event_dates(event) -> str:
    """'28–30 Mar 2026' (or one day) in the event's zone."""
    zone = event.zone
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    if start.date() == end.date():
        return format_date(start.date(), "medium", locale=_locale())
    return format_interval(start.date(), end.date(), "yMMMd", locale=_locale())


def local_time(moment: datetime, event) -> str:
    return format_time(moment, "short", tzinfo=event.zone, locale=_locale())


def local_datetime(moment: datetime, event, style: str = "medium") -> str:
    if style == "short":
        # The locale's short date is all digits, and 11/12/26 reads as two different days on either side of
        # the Atlantic: the short style keeps the month in words and leaves out only the seconds.
        locale = Locale.parse(_locale())
        return locale.datetime_formats["medium"].format(
            format_time(moment, "short", tzinfo=event.zone, locale=locale),
            format_date(moment.astimezone(event.zone).date(), "medium", locale=locale))
    return format_datetime(moment, style, tzinfo=event.zone, locale=_locale())


def long_date(day) -> str:
    """'Saturday 28 March 2026' for a day heading."""
    return format_date(day, "full", locale=_locale())


def iso_long_date(text: str) -> str:
    """long_date of a day given as an ISO date (as JSON carries it)."""
    return long_date(date.fromisoformat(text))


def short_date(day) -> str:
    """'Sat 28 Mar' in a list where the year is plain from the context."""
    return format_date(day, "EEE d MMM", locale=_locale())


def zone_name(event) -> str:
    """The zone as people say it ('Central European Time'), with its IANA id for precision."""
    name = get_timezone_name(event.zone, "long", locale=_locale())
    return f"{name} ({event.timezone})"


def language_name(code: str) -> str:
    return Locale.parse(_locale()).languages.get(code, code)


TEMPLATE_FILTERS = {
    "language_name": language_name,
    "event_dates": event_dates,
    "local_time": local_time,
    "local_datetime": local_datetime,
    "long_date": long_date,
    "iso_long_date": iso_long_date,
    "short_date": short_date,
    "zone_name": zone_name,
    "country": country_name,
}
