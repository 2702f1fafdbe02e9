"""Dates and times of events as people read them: on the venue's clocks, in the page's language.

Flask-Babel's own filters convert to the reader's zone; an event's times must stay on its own.
Every date here has its month in words ("28 Mar 2026", « 28 mars 2026 », "28 مارس 2026"): CLDR's short
and (in Arabic) medium styles are all digits, and 11/12/26 reads as two different days on either side of
the Atlantic. English is formatted with en_GB's patterns (core.i18n.formatting_locale says why).
"""
from datetime import date, datetime

from babel.dates import (format_date, format_interval, format_skeleton, format_time, get_timezone_location,
                         get_timezone_name)

from core.i18n import datetime_in_words, formatting_locale, name_list
from core.vocabularies import country_name


def _locale():
    return formatting_locale()


def medium_date(day) -> str:
    """'28 Mar 2026', « 28 mars 2026 », '2026年3月28日': the locale's order, the month in words."""
    return format_skeleton("yMMMd", day, locale=_locale())


def event_dates(event) -> str:
    """'28–30 Mar 2026' (or one day) in the event's zone."""
    zone = event.zone
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    if start.date() == end.date():
        return medium_date(start.date())
    return format_interval(start.date(), end.date(), "yMMMd", locale=_locale())


def time_range(starts: datetime, ends: datetime, event) -> str:
    """'09:00–17:30' on the venue's clocks, on the locale's clock (24-hour unless it uses 12)."""
    locale = _locale()
    skeleton = "Hm" if "H" in locale.time_formats["short"].pattern else "hm"
    zone = event.zone
    return format_interval(starts.astimezone(zone).time(), ends.astimezone(zone).time(), skeleton, locale=locale)


def event_when(event) -> str:
    """When an event takes place: 'Saturday, 28 March 2026, 09:00–17:30' for one day (one day, one time
    range), '28 Mar 2026, 09:00 – 30 Mar 2026, 17:00' for several."""
    return time_span(event.starts_at, event.ends_at, event)


def time_span(starts: datetime, ends: datetime, event) -> str:
    """From `starts` to `ends` on the venue's clocks, as `event_when` writes it (a session's time too)."""
    locale = _locale()
    zone = event.zone
    start, end = starts.astimezone(zone), ends.astimezone(zone)
    if start.date() == end.date():
        return locale.datetime_formats["medium"].format(time_range(start, end, event), long_date(start.date()))
    return locale.interval_formats[None].replace("{0}", local_datetime(start, event, "short")).replace(
        "{1}", local_datetime(end, event, "short"))


def local_time(moment: datetime, event) -> str:
    return format_time(moment, "short", tzinfo=event.zone, locale=_locale())


def local_datetime(moment: datetime, event, style: str = "medium") -> str:
    """'28 Mar 2026, 09:00' on the venue's clocks ('full' and 'long' as the locale writes them)."""
    return datetime_in_words(moment, event.zone, style)


def long_date(day) -> str:
    """'Saturday, 28 March 2026' for a day heading."""
    return format_date(day, "full", locale=_locale())


def date_in_words(day) -> str:
    """'28 March 2026' (a report's date, a generated file's)."""
    return format_date(day, "long", locale=_locale())


def iso_long_date(text: str) -> str:
    """long_date of a day given as an ISO date (as JSON carries it)."""
    return long_date(date.fromisoformat(text))


def short_date(day) -> str:
    """'Sat 28 Mar' in a list where the year is plain from the context (in the locale's order)."""
    return format_skeleton("MMMEd", day, locale=_locale())


def zone_name(event) -> str:
    """The zone as people say it ('Central European Time'), with its IANA id for precision."""
    locale = _locale()
    name = get_timezone_name(event.zone, "long", locale=locale)
    if name == get_timezone_location(event.zone, locale=locale) and not _keeps_summer_time(event.zone,
                                                                                            event.starts_at.year):
        # Without a generic name (Kazakhstan's), Babel falls back to a name by place, which Russian writes
        # "Казахстан (Алматы), летнее время" (summer time) and French "heure : Kazakhstan (Alma Ata)": a zone
        # without summer time is better named by its standard name.
        name = get_timezone_name(event.zone, "long", locale=locale, zone_variant="standard")
    return f"{name} ({event.timezone})"


def _keeps_summer_time(zone, year: int) -> bool:
    return any(zone.dst(datetime(year, month, 15, 12)) for month in (1, 7))


def language_name(code: str) -> str:
    return _locale().languages.get(code, code)


TEMPLATE_FILTERS = {
    "language_name": language_name,
    "event_dates": event_dates,
    "event_when": event_when,
    "time_span": time_span,
    "local_time": local_time,
    "local_datetime": local_datetime,
    "long_date": long_date,
    "medium_date": medium_date,
    "date_in_words": date_in_words,
    "iso_long_date": iso_long_date,
    "short_date": short_date,
    "zone_name": zone_name,
    "country": country_name,
    "name_list": name_list,
}
