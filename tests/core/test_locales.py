"""The six UN languages (issue 15): choosing one, writing its tag, and the profile's choice."""
import re

import pytest

from accounts.models import User
from core.extensions import db

SIX = {"ar": "العربية", "zh_Hans": "中文", "en": "English", "fr": "Français", "ru": "Русский", "es": "Español"}


def html_lang(page: str) -> tuple[str, str]:
    found = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', page)
    assert found, page[:300]
    return found.group(1), found.group(2)


def test_the_language_menu_offers_the_six_languages_each_in_its_own_name(client):
    page = client.get("/").get_data(as_text=True)

    menu = re.search(r'<select id="language-select".*?</select>', page, re.S).group(0)
    offered = dict(re.findall(r'<option value="([^"]+)" lang="[^"]+"[^>]*>([^<]+)</option>', menu))
    assert offered == SIX
    assert 'lang="zh-Hans"' in menu and 'lang="zh_Hans"' not in menu


@pytest.mark.parametrize("header, tag, direction", [
    ("zh", "zh-Hans", "ltr"), ("zh-CN", "zh-Hans", "ltr"), ("zh-Hans", "zh-Hans", "ltr"),
    ("zh-Hans-CN", "zh-Hans", "ltr"), ("zh-SG", "zh-Hans", "ltr"),
    # Traditional Chinese readers get Simplified, the Chinese the site speaks (core.i18n.match_language).
    ("zh-TW", "zh-Hans", "ltr"), ("zh-Hant-TW", "zh-Hans", "ltr"), ("zh-HK,en;q=0.5", "zh-Hans", "ltr"),
    ("ar-EG", "ar", "rtl"), ("ar-XX", "ar", "rtl"), ("ar-XX;q=0.9,zz", "ar", "rtl"),
    ("es-419", "es", "ltr"), ("ru-RU,ru;q=0.9", "ru", "ltr"),
    ("zz", "en", "ltr"), ("*", "en", "ltr"), ("", "en", "ltr"),
    ("x" * 5000, "en", "ltr"), ("../../etc,;;;q=,=,fr;q=abc", "en", "ltr"), ("zz-" * 300 + "fr", "en", "ltr"),
])
def test_the_browser_language_is_matched_to_one_of_the_six(client, header, tag, direction):
    response = client.get("/", headers={"Accept-Language": header})

    assert response.status_code == 200
    assert html_lang(response.get_data(as_text=True)) == (tag, direction)


@pytest.mark.parametrize("lang, tag", [("ar", "ar"), ("zh_Hans", "zh-Hans"), ("zh-Hans", "zh-Hans"),
                                       ("zh-CN", "zh-Hans"), ("ru", "ru"), ("es", "es"), ("fr", "fr")])
def test_lang_in_the_address_chooses_the_language_of_one_request(client, lang, tag):
    chosen = client.get(f"/?lang={lang}", headers={"Accept-Language": "en"})
    next_page = client.get("/", headers={"Accept-Language": "en"})

    assert html_lang(chosen.get_data(as_text=True))[0] == tag
    assert chosen.headers["Content-Language"] == tag
    assert html_lang(next_page.get_data(as_text=True))[0] == "en"  # one request only: nothing remembered


def test_lang_in_the_address_wins_over_the_switcher_and_the_profile(client, make_user, login):
    login(make_user(locale="fr"))

    assert html_lang(client.get("/?lang=ru").get_data(as_text=True))[0] == "ru"
    assert html_lang(client.get("/").get_data(as_text=True))[0] == "fr"


@pytest.mark.parametrize("lang", ["xx", "", "../../etc", "%00", "e" * 300, "en\r\nSet-Cookie: x=1", "zz-ZZ"])
def test_a_language_nobody_offers_in_the_address_falls_back_to_the_usual_choice(client, lang):
    response = client.get("/", query_string={"lang": lang}, headers={"Accept-Language": "fr"})

    assert response.status_code == 200
    assert html_lang(response.get_data(as_text=True))[0] == "fr"


def test_the_json_api_and_the_feeds_follow_lang_in_the_address(client, make_event):
    make_event(slug="forum-2027")

    feed = client.get("/events/calendar.ics?lang=fr", headers={"Accept-Language": "en"})
    api = client.get("/api/v1/events/forum-2027?lang=zh-Hans")
    unknown = client.get("/events/calendar.ics?lang=xx", headers={"Accept-Language": "en"})

    assert "X-WR-CALNAME:Événements Convene" in feed.get_data(as_text=True)
    assert feed.headers["Content-Language"] == "fr"
    assert api.status_code == 200 and api.headers["Content-Language"] == "zh-Hans"
    assert unknown.status_code == 200 and "X-WR-CALNAME:Convene events" in unknown.get_data(as_text=True)


def test_the_profile_offers_the_six_languages_and_saves_chinese(client, make_user, login):
    user = make_user(locale="en")
    login(user)
    page = client.get("/account/profile").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="locale".*?</select>', page, re.S).group(0)

    assert set(re.findall(r'<option[^>]*value="([^"]+)"', select)) == set(SIX)
    response = client.submit("/account/profile", {"full_name": user.full_name, "locale": "zh_Hans", "timezone": "",
                                                  "country": "", "stakeholder_group": ""})

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "zh_Hans"
    assert html_lang(client.get("/").get_data(as_text=True)) == ("zh-Hans", "ltr")


def test_a_profile_with_a_language_nobody_offers_is_refused_and_nothing_is_saved(client, make_user, login):
    user = make_user(locale="es", full_name="Ana Pérez")
    login(user)

    response = client.submit("/account/profile", {"full_name": "Ana Changed", "locale": "xx", "timezone": "",
                                                  "country": "", "stakeholder_group": ""})

    assert response.status_code in (200, 400)
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page or "error" in page
    assert re.search(r'id="locale-error"|aria-invalid="true"', page)
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.locale, saved.full_name) == ("es", "Ana Pérez")


def test_signing_up_in_chinese_keeps_chinese_as_the_account_language(client):
    client.submit("/language", {"locale": "zh_Hans"}, form_url="/")

    client.submit("/account/signup", {"email": "li@example.org", "full_name": "李伟", "password": "a long password 1",
                                      "confirm": "a long password 1"})

    user = db.session.scalar(db.select(User).where(User.email == "li@example.org"))
    assert user is not None and user.locale == "zh_Hans"


def test_the_language_menu_on_a_page_opened_with_lang_switches_to_the_language_chosen(client):
    response = client.submit("/language", {"locale": "es", "next": "/events/?lang=fr&kind=workshop"}, form_url="/")

    assert response.headers["Location"] == "/events/?kind=workshop"
    assert html_lang(client.get(response.headers["Location"]).get_data(as_text=True))[0] == "es"
