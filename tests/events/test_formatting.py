"""Dates and times in the six languages (issue 15): one day reads as one day with a time range, English
as UN documents write it, and never an all-digit date."""
from datetime import datetime
import re

from flask_babel import force_locale
import pytest

from events.formatting import event_dates, event_when, local_datetime, long_date, short_date, time_range

US_SHORT_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
SIX = ["ar", "zh_Hans", "en", "fr", "ru", "es"]


@pytest.fixture
def saturday(make_event):
    return make_event(start=datetime(2026, 3, 28, 9, 0), end=datetime(2026, 3, 28, 17, 30))


@pytest.mark.parametrize("language, expected", [
    ("en", "Saturday, 28 March 2026, 09:00–17:30"),
    ("fr", "samedi 28 mars 2026, 09:00\u2009–\u200917:30"),  # thin spaces, as French sets them
    ("es", "sábado, 28 de marzo de 2026, 9:00–17:30"),
    ("ru", "суббота, 28 марта 2026\u202fг., 09:00–17:30"),
    ("zh_Hans", "2026年3月28日星期六 09:00–17:30"),
])
def test_a_one_day_event_reads_as_one_day_with_a_time_range(app, saturday, language, expected):
    with app.test_request_context(), force_locale(language):
        assert event_when(saturday) == expected


def test_arabic_keeps_its_own_clock_in_a_one_day_event(app, saturday):
    with app.test_request_context(), force_locale("ar"):
        when = event_when(saturday)

    assert when.startswith("السبت، 28 مارس 2026") and "–" in when and "ص" in when  # 9:00 ص: Arabic's 12-hour clock


def test_a_one_day_event_page_says_the_day_once(client, saturday):
    page = client.get(f"/events/{saturday.slug}/", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert "Saturday, 28 March 2026, 09:00–17:30" in page
    assert page.count("28 Mar 2026") <= 1  # no "28 Mar 2026, 09:00 – 28 Mar 2026, 17:30"


def test_english_writes_dates_as_un_documents_do(app, make_event):
    event = make_event(start=datetime(2026, 11, 12, 9, 0), end=datetime(2026, 11, 14, 17, 30))

    with app.test_request_context(), force_locale("en"):
        assert event_dates(event) == "12–14 Nov 2026"
        assert local_datetime(event.starts_at, event, "short") == "12 Nov 2026, 09:00"
        assert local_datetime(event.ends_at, event) == "14 Nov 2026, 17:30"
        assert long_date(datetime(2026, 11, 12).date()) == "Thursday, 12 November 2026"
        assert short_date(datetime(2026, 11, 12).date()) == "Thu 12 Nov"
        assert time_range(event.starts_at, event.starts_at.replace(hour=16), event) == "09:00–17:00"
        assert event_when(event) == "12 Nov 2026, 09:00\u2009–\u200914 Nov 2026, 17:30"


@pytest.mark.parametrize("language", SIX)
def test_no_language_writes_an_all_digit_date(app, make_event, language):
    event = make_event(start=datetime(2026, 11, 12, 9, 0), end=datetime(2026, 11, 14, 17, 30))

    with app.test_request_context(), force_locale(language):
        written = [event_dates(event), event_when(event), local_datetime(event.starts_at, event, "short"),
                   local_datetime(event.starts_at, event), short_date(datetime(2026, 11, 12).date())]

    # Arabic's CLDR medium date is "12‏/11‏/2026" with right-to-left marks between the digits: removed here.
    assert not [text for text in written if US_SHORT_DATE.search(text.replace("\u200f", ""))]


def test_lists_are_joined_as_the_language_joins_them(client, make_event):
    event = make_event(languages=["en", "fr", "es"])

    english = client.get(f"/events/{event.slug}/?lang=en").get_data(as_text=True)
    french = client.get(f"/events/{event.slug}/?lang=fr").get_data(as_text=True)

    assert "English, French and Spanish" in english
    assert "anglais, français et espagnol" in french


@pytest.mark.parametrize("language, expected", [
    ("ru", "Казахстан (Asia/Almaty)"),
    ("fr", "heure du Kazakhstan (Asia/Almaty)"),
    ("en", "Kazakhstan Time (Asia/Almaty)"),
])
def test_a_zone_without_summer_time_is_not_called_summer_time(app, make_event, language, expected):
    # Kazakhstan's zone has no generic name in the locale data: the name Babel falls back to read "Казахстан
    # (Алматы), летнее время" in Russian (summer time, which Almaty does not keep) and "heure : Kazakhstan
    # (Alma Ata)" in French, after "Les horaires sont en heure locale :".
    from events.formatting import zone_name

    event = make_event(zone="Asia/Almaty", start=datetime(2027, 9, 21, 9, 0))
    with app.test_request_context(), force_locale(language):
        assert zone_name(event) == expected


def test_a_zone_with_summer_time_keeps_its_generic_name(app, make_event):
    from events.formatting import zone_name

    event = make_event(zone="Europe/Paris", start=datetime(2027, 3, 27, 9, 0))
    with app.test_request_context(), force_locale("en"):
        assert zone_name(event) == "Central European Time (Europe/Paris)"
