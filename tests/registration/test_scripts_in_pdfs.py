"""Badges, certificates and the programme print names and titles in Arabic, Chinese and Russian, on
English and on Arabic pages, so that pdftotext reads each back exactly: Arabic shaped and laid out right
to left (unshaped letters placed one by one read back reversed), Chinese without boxes."""
from datetime import date, datetime
import re
import unicodedata

from flask_babel import force_locale
import pytest

from core.extensions import db
from events.programme_pdf import programme_html, programme_pdf
from registration import badges, certificates
from tests.core.test_pdf import embedded_fonts, pdf_text
from tests.registration.onsite import confirmed
from tests.registration.test_certificates import attend

NAMES = {"arabic": "فاطمة الزهراء", "chinese": "王小明", "russian": "Дмитрий Щукин"}
#: The font each script needs: pdffonts' family names, subset prefix dropped.
FONTS = {"arabic": "Arabic", "chinese": "CJK", "russian": "Noto-Sans"}
ARABIC_TITLE = "الجلسة الافتتاحية للمنتدى الإقليمي"


def read_back(data: bytes, tmp_path) -> str:
    """The PDF's text as a reader would copy it. pdftotext gives Arabic in logical order when the PDF's
    glyphs were shaped and placed right to left, and maps each shaped glyph to its letter; should a glyph
    map only to an Arabic presentation form (U+FB50–U+FEFF, the isolated/initial/final shapes), NFKC
    folds it back to its letter, so that the comparison is of letters, not of how they were drawn."""
    return unicodedata.normalize("NFKC", " ".join(pdf_text(data, tmp_path).split()))


def as_pdftotext_reads(text: str) -> str:
    """`text` as pdftotext (poppler 22) spells it. Arabic always joins lam and alef into one glyph (لا, لأ,
    لإ, لآ); the PDF maps that glyph to both letters in order (pypdf reads them right), but pdftotext, turning
    the right-to-left run into logical order, reverses the pair too: "الافتتاحية" comes back "االفتتاحية".
    Expecting that spelling keeps the check exact; a word printed unshaped or backwards still fails it."""
    return re.sub("ل([اأإآ])", r"\1ل", text)


@pytest.fixture
def event(make_event):
    return make_event(title="Global Forum on Cultural Policies", country="FR")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_badge_reads_back_the_name_exactly(app, event, tmp_path, script, language):
    person = confirmed(event, full_name=NAMES[script], organisation=NAMES[script])
    with app.test_request_context("/"), force_locale(language):
        html = badges._document(event, [person], badges.design_of(event.id))
        data = badges.badge_pdf(person)

    text = read_back(data, tmp_path)
    assert f"{NAMES[script]} {NAMES[script]}" in text  # the name, then the organisation, each whole
    assert any(FONTS[script] in font for font in embedded_fonts(data, tmp_path)), embedded_fonts(data, tmp_path)
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html.split(">", 2)[1]  # on <html>
    assert f'class="name" dir="{"rtl" if script == "arabic" else "ltr"}"' in html


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_certificate_reads_back_the_name_exactly(app, make_event, make_session, tmp_path, script, language):
    event = make_event(title=ARABIC_TITLE, start=datetime(2026, 11, 17, 9, 0), end=datetime(2026, 11, 18, 17, 0))
    workshop = make_session(event, datetime(2026, 11, 17, 14, 0), minutes=90, title="Measuring the creative economy",
                            takes_attendance=True)
    person = confirmed(event, full_name=NAMES[script])
    attend(person, date(2026, 11, 17), session=workshop)
    certificate = certificates.issue(person)
    db.session.commit()
    with app.test_request_context("/"), force_locale(language):
        html = certificates.certificate_html(certificate)
        data = certificates.certificate_pdf(certificate, locale=language)

    text = read_back(data, tmp_path)
    assert NAMES[script] in text and as_pdftotext_reads(ARABIC_TITLE) in text
    assert any(FONTS[script] in font for font in embedded_fonts(data, tmp_path))
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_programme_reads_back_an_arabic_session_title_and_speakers(app, make_event, make_session, tmp_path,
                                                                        language):
    event = make_event(title="Forum", start=datetime(2026, 11, 17, 9, 0), end=datetime(2026, 11, 17, 17, 0))
    make_session(event, datetime(2026, 11, 17, 10, 0), minutes=60, title=ARABIC_TITLE)
    make_session(event, datetime(2026, 11, 17, 12, 0), minutes=60, title=f"{NAMES['chinese']} · {NAMES['russian']}")
    with app.test_request_context("/"), force_locale(language):
        html = programme_html(event, event.sessions)
        data = programme_pdf(event, event.sessions)

    text = read_back(data, tmp_path)
    assert as_pdftotext_reads(ARABIC_TITLE) in text and NAMES["chinese"] in text and NAMES["russian"] in text
    fonts = embedded_fonts(data, tmp_path)
    assert any("Arabic" in font for font in fonts) and any("CJK" in font for font in fonts), fonts
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_fair_guide_reads_back_organisations_in_every_script(app, make_event, make_user, tmp_path, language):
    from showcase import guide
    from tests.showcase.public_fair import showcase_booths, showcase_fair

    fair = showcase_fair(make_event)
    booths = list(showcase_booths(fair, make_user).values())
    for booth, name in zip(booths, [ARABIC_TITLE, NAMES["chinese"], NAMES["russian"]]):
        booth.organisation.name = name
    db.session.commit()
    with app.test_request_context("/"), force_locale(language):
        html = guide.guide_html(fair)
        data = guide.fair_guide_pdf(fair)

    text = read_back(data, tmp_path)
    assert as_pdftotext_reads(ARABIC_TITLE) in text and NAMES["chinese"] in text and NAMES["russian"] in text
    fonts = embedded_fonts(data, tmp_path)
    assert any("Arabic" in font for font in fonts) and any("CJK" in font for font in fonts), fonts
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html.split("<head", 1)[0]
