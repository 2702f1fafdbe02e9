from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po
import pytest

from accounts.models import User
from config import Config
from core.extensions import db

ROOT = Path(__file__).resolve().parents[2]
FRENCH = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
#: Every language of config LANGUAGES has its catalogue; English is the code's own text.
TRANSLATED = [code for code in Config.LANGUAGES if code != Config.BABEL_DEFAULT_LOCALE]


def catalogue(language: str = "fr"):
    """The catalogue of `language`; a missing one fails the test (never skips it): a language offered in the
    menu without its catalogue shows English on every page."""
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: `pybabel init -l {language}` (docs/languages.md)")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def test_first_visit_follows_the_browser_language(client):
    page = client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)

    assert '<html lang="fr" dir="ltr">' in page
    assert "Se connecter" in page and "Log in" not in page


@pytest.mark.parametrize("header, language", [
    ("en-GB,fr;q=0.8", "en"),  # a British reader who also reads French
    ("fr-CA,en;q=0.5", "fr"),  # a Canadian French reader who also reads English
    ("de-CH,de;q=0.9,FR;q=0.7,en;q=0.5", "fr"),
    ("fr;q=0,en-US;q=0.5", "en"),  # "not French"
    ("*", "en"),
])
def test_the_browser_languages_are_taken_in_the_order_the_reader_prefers(client, header, language):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)

    assert f'<html lang="{language}"' in page


def test_language_switcher_wins_over_the_browser_and_returns_to_the_same_page(client):
    response = client.submit("/language", {"locale": "fr", "next": "/account/login"}, form_url="/")

    assert response.headers["Location"] == "/account/login"
    page = client.get("/account/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Mot de passe oublié" in page


def test_unknown_language_is_ignored(client):
    client.submit("/language", {"locale": "xx"}, form_url="/")

    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def test_switching_language_is_saved_to_the_profile(client, make_user, login):
    user = make_user(locale="en")
    login(user)

    client.submit("/language", {"locale": "fr"}, form_url="/")

    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "fr"


def test_saved_language_applies_after_logging_in_on_another_browser(client, make_user, login):
    login(make_user(locale="fr"))

    assert "Votre profil" in client.get("/account/profile", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_unknown_address_gives_the_404_page_in_the_current_language(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "fr"})

    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_complete_and_well_formed(language):
    entries = [message for message in catalogue(language) if message.id]
    untranslated = [m.id for m in entries if not m.string or (isinstance(m.string, tuple) and not all(m.string))]
    fuzzy = [m.id for m in entries if m.fuzzy]
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue(language).check()]

    assert entries
    assert untranslated == []
    assert fuzzy == []
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_holds_every_string_in_the_code(tmp_path, language):
    """Run the extraction `flask translations update` runs: a string missing from the catalogues fails here."""
    from core.commands import extract_messages

    pot = tmp_path / "messages.pot"
    extract_messages(str(ROOT), str(pot))
    with pot.open("rb") as handle:
        in_code = {message.id if isinstance(message.id, str) else message.id[0]
                   for message in read_po(handle) if message.id}
    in_catalogue = {message.id if isinstance(message.id, str) else message.id[0]
                    for message in catalogue(language) if message.id}

    assert sorted(in_code - in_catalogue) == [], "run `flask translations update` and translate the new strings"


class TextOnly(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks = []

    def handle_data(self, data):
        self.chunks.append(data)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("aria-label", "title", "alt", "placeholder") and value:
                self.chunks.append(value)


def visible_text(html: str) -> str:
    parser = TextOnly()
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())


FRENCH_PAGES = ["/", "/account/login", "/account/signup", "/account/password/forgot", "/account/profile",
                "/account/password", "/admin/users", "/admin/mail", "/nowhere"]


@pytest.mark.parametrize("path", FRENCH_PAGES)
def test_french_pages_show_no_english_string_from_the_catalogue(client, make_user, login, path):
    if path in ("/account/login", "/account/signup"):  # a signed-in person is sent elsewhere
        client.submit("/language", {"locale": "fr"}, form_url="/")
    else:
        login(make_user(roles=("administrator", "participant"), locale="fr"))
    text = visible_text(client.get(path).get_data(as_text=True))
    english = [m.id for m in catalogue() if isinstance(m.id, str) and m.id != m.string
               and "%(" not in m.id and len(m.id.split()) >= 2]

    shown = [phrase for phrase in english if phrase in text]

    assert "Convene" in text
    assert shown == []


def test_french_form_with_errors_has_a_french_summary(client):
    # The summary lives in templates/_macros/, which the extraction once skipped.
    client.submit("/language", {"locale": "fr"}, form_url="/")

    page = client.submit("/account/signup", {"email": "nope"}).get_data(as_text=True)

    assert "Veuillez corriger les points suivants :" in page
    assert "Please correct the following" not in page


def test_french_paginated_list_has_a_french_pager(client, make_user, login):
    login(make_user(roles=("administrator",), locale="fr"))
    for _ in range(50):
        make_user()

    page = client.get("/admin/users?page=2").get_data(as_text=True)

    assert "Page 2 sur 2" in page and "Précédente" in page
    assert 'aria-label="Pagination"' in page
    assert "Previous" not in page and "Page 2 of 2" not in page


def compiled(language: str):
    """The catalogue as the application reads it once compiled (`flask translations compile`)."""
    import io

    from babel.messages.mofile import write_mo
    from babel.support import Translations

    buffer = io.BytesIO()
    write_mo(buffer, catalogue(language))
    buffer.seek(0)
    return Translations(buffer)


#: A real plural message of the catalogue (the showcase's count of booths).
BOOTHS = ("%(num)d booth", "%(num)d booths")


def test_arabic_has_its_six_plural_forms():
    """Arabic says 0, 1, 2, 3-10, 11-99 and 100 booths six different ways (CLDR: zero, one, two, few, many,
    other): the compiled catalogue gives six different sentences, each in Arabic."""
    from babel import Locale

    translations = compiled("ar")
    counts = [0, 1, 2, 3, 11, 100]
    said = {n: translations.ngettext(*BOOTHS, n) for n in counts}

    assert [Locale.parse("ar").plural_form(n) for n in counts] == ["zero", "one", "two", "few", "many", "other"]
    assert len(set(said.values())) == 6, said
    assert not any(text in BOOTHS for text in said.values()), said  # translated, not the English fallback
    assert all(any("\u0600" <= char <= "\u06ff" for char in text) for text in said.values()), said


def test_russian_has_its_three_plural_forms():
    """Russian: 1 and 21 "стенд", 2 "стенда", 5 "стендов" (one, few, many)."""
    translations = compiled("ru")
    said = {n: translations.ngettext(*BOOTHS, n) for n in (1, 2, 5, 21)}

    assert said[1] == said[21]
    assert len({said[1], said[2], said[5]}) == 3, said
    assert not any(text in BOOTHS for text in said.values()), said


def test_french_plural_forms_come_from_the_compiled_catalogue():
    """The same check on the French catalogue, which is on this branch: 0 and 1 singular, 2 plural."""
    translations = compiled("fr")

    assert [translations.ngettext(*BOOTHS, n) for n in (0, 1, 2)] == ["%(num)d stand", "%(num)d stand",
                                                                        "%(num)d stands"]


def test_the_error_summary_joins_label_and_message_as_the_language_writes_it(client, make_user, make_event, login):
    # "Adresse e-mail: …" had English punctuation on a French page, and a label that is a sentence (the
    # consent) read "… privacy notice.: Registration requires your consent."
    client.submit("/language", {"locale": "fr"}, form_url="/")
    page = client.submit("/account/signup", {"email": "nope"}).get_data(as_text=True)
    assert "Adresse e-mail : " in page and "Adresse e-mail: " not in page

    from tests.conftest import open_event

    login(make_user(locale="en"))
    event = open_event(make_event)
    page = client.submit(f"/events/{event.slug}/register", {"full_name": "Ana"}).get_data(as_text=True)
    assert "privacy notice says: " in page and ".: " not in page
