"""The main pages of every role in each of the six languages, on the demo data (issue 15): none shows an
all-digit date such as 3/27/27, and each says its language as a BCP 47 tag."""
import re

from tests.core.test_i18n import visible_text
from tests.main_pages import load_demo, main_pages, visit_as

US_SHORT_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
TAGS = {"ar": ("ar", "rtl"), "zh_Hans": ("zh-Hans", "ltr"), "en": ("en", "ltr"), "fr": ("fr", "ltr"),
        "ru": ("ru", "ltr"), "es": ("es", "ltr")}


def test_no_main_page_shows_an_all_digit_date_in_any_of_the_six_languages(app):
    load_demo(app)
    problems = []
    for who, paths in main_pages(app).items():
        client = visit_as(app, who)
        for path in paths:
            for language, (tag, direction) in TAGS.items():
                address = f"{path}{'&' if '?' in path else '?'}lang={language}"
                response = client.get(address)
                where = f"{address} as {who or 'a visitor'}"
                if response.status_code != 200:
                    problems.append(f"{where}: {response.status_code}")
                    continue
                html = response.get_data(as_text=True)
                if f'<html lang="{tag}" dir="{direction}">' not in html:
                    problems.append(f"{where}: not <html lang=\"{tag}\" dir=\"{direction}\">")
                # Right-to-left and left-to-right marks sit between the digits of Arabic's numeric dates.
                text = re.sub("[\u200e\u200f\u061c]", "", visible_text(html))
                problems += [f"{where}: {found.group(0)!r} in …{text[max(0, found.start() - 40):found.end() + 20]}…"
                             for found in US_SHORT_DATE.finditer(text)]

    assert problems == []
