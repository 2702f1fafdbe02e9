"""The letter PDF reads back with everything an embassy needs, and its QR leads to the verification page."""
import pytest

from core.extensions import db
from core.verification import ALPHABET, format_code
from meetings.settings import settings_of
from meetings import passport_data, visas
from meetings.models import REFUSED
from meetings.visa_letters import letter_pdf
from registration import certificates
from registration.models import CANCELLED
from tests.conftest import page_text
from tests.core.test_pdf import pdf_text
from tests.meetings.visa_helpers import PASSPORT, asked, visa_event
from tests.registration.test_badges import organiser_of, qr_codes


@pytest.fixture
def event(make_event):
    return visa_event(make_event, letter_text="")


def approved(event, user=None, **overrides):
    visa = asked(event, user, **overrides)
    visas.approve(event, [visa.id], by=organiser_of(event))
    db.session.refresh(visa)
    return visa


def test_the_participant_downloads_a_letter_stating_the_facts_with_a_qr_to_its_check(app, client, event, make_user,
                                                                                     login, tmp_path):
    owner = make_user(full_name="Amina Diallo")
    visa = approved(event, owner)
    login(owner)
    assert "Download your letter" in client.get(f"/events/{event.slug}/visa-letter").get_data(as_text=True)

    response = client.get(f"/events/{event.slug}/visa-letter.pdf")

    assert response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data, tmp_path).split())
    for fact in ("Amina Diallo", PASSPORT, "Senegal", "2 April 1985", "Dakar", "Embassy of France in Dakar",
                 "Conference of Parties to the Convention", "UNESCO Headquarters", "13 June 2027", "17 June 2027",
                 "CLT/DCE/2027/0001", "Ana Ruiz", "Secretary of the Convention", format_code(visa.code)):
        assert fact in text, fact
    [link] = qr_codes(response.data, tmp_path)
    assert link.endswith(f"/visa-letters/{format_code(visa.code)}")
    assert link in text.replace(" ", "")  # the address is printed too, for whoever types it
    check = app.test_client().get(link[link.index("/visa-letters/"):])  # anyone, without logging in
    body = page_text(check.get_data(as_text=True))
    assert check.status_code == 200 and "This visa-support letter is genuine" in body
    assert "Amina Diallo" in body and "13 June 2027" in body
    # A person's name, not a thing's: translators get a label they cannot mistake ("名称" in Chinese was wrong).
    assert "Name as in the passport" in body
    for private in (PASSPORT, "Senegal", "1985", "Dakar"):
        assert private not in body


def test_an_arabic_name_reads_back_in_an_arabic_letter(app, event, make_user, tmp_path):
    owner = make_user(full_name="Owner", locale="ar")
    visa = approved(event, owner, passport_name="محمد الهاشمي")

    text = pdf_text(letter_pdf(visa), tmp_path)

    assert "محمد الهاشمي" in text and PASSPORT in text
    assert "يونيو" in text  # the dates of stay written in Arabic, the participant's language


def test_the_letter_is_in_the_participants_language_and_uses_the_organisers_text(app, make_event, make_user,
                                                                                tmp_path):
    event = visa_event(make_event, letter_text="Nous vous prions de bien vouloir délivrer le visa.")
    visa = approved(event, make_user(locale="fr"))

    text = " ".join(pdf_text(letter_pdf(visa), tmp_path).split())

    assert "Nous vous prions de bien vouloir délivrer le visa." in text
    assert "juin 2027" in text


def test_the_letter_prints_the_letterhead_when_there_is_one(app, event, make_user, tmp_path):
    import io
    import subprocess

    from PIL import Image

    from core import uploads

    image = io.BytesIO()
    Image.new("RGB", (800, 120), "red").save(image, "PNG")
    settings = settings_of(event)
    settings.letterhead = uploads.store(image.getvalue(), visas.LETTERHEADS, "png")
    db.session.commit()
    visa = approved(event, make_user())
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf(visa))

    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout

    assert " 800 " in listing and "Conference of Parties" not in pdf_text(path.read_bytes(), tmp_path).split("\n")[0]


def altered(code: str) -> str:
    """The code with its first character changed."""
    return ("A" if code[0] != "A" else "B") + code[1:]


@pytest.mark.parametrize("make_code", [
    lambda visa: altered(visa.code),
    lambda visa: visa.code[:-1] + ALPHABET[(ALPHABET.index(visa.code[-1]) + 1) % len(ALPHABET)],
    lambda visa: "AAAA-BBBB-CCCC-DDDD",
    lambda visa: "x" * 300,
    lambda visa: "ÉÉÉÉ-ÉÉÉÉ",
    lambda visa: "٣٣٣٣",
])
def test_an_altered_or_made_up_code_is_not_a_genuine_letter(client, event, make_user, make_code):
    visa = approved(event, make_user())

    answer = client.get(f"/visa-letters/{make_code(visa)}")

    assert answer.status_code == 404 and "This is not a genuine letter" in page_text(answer.get_data(as_text=True))


def test_a_certificate_code_is_not_a_letter_code(client, event, make_user):
    from core.verification import signed_code

    assert client.get(f"/visa-letters/{signed_code(certificates.PURPOSE)}").status_code == 404


def test_the_code_can_be_typed_in_lower_case_without_dashes(client, event, make_user):
    visa = approved(event, make_user())

    assert client.get(f"/visa-letters/{visa.code.lower()}").status_code == 200


def test_a_refused_letter_or_a_cancelled_registration_is_no_longer_genuine(client, event, make_user):
    withdrawn, cancelled = approved(event, make_user()), approved(event, make_user())
    visas.refuse(event, withdrawn, organiser_of(event), "Withdrawn.")
    cancelled.registration.status = CANCELLED
    db.session.commit()

    for visa in (withdrawn, cancelled):
        answer = client.get(f"/visa-letters/{format_code(visa.code)}")
        assert answer.status_code == 404 and "not a genuine letter" in page_text(answer.get_data(as_text=True))
    assert withdrawn.status == REFUSED


def test_an_erased_letter_is_genuine_without_its_details(client, event, make_user):
    visa = approved(event, make_user(), passport_name="Kwame Mensah")
    from datetime import timedelta
    passport_data.erase_expired(now=event.ends_at + timedelta(days=400))

    answer = client.get(f"/visa-letters/{format_code(visa.code)}")

    body = page_text(answer.get_data(as_text=True))
    assert answer.status_code == 200 and "details were erased after the event" in body
    assert "Kwame Mensah" not in body and "13 June 2027" in body


def test_the_verification_page_is_rate_limited_like_the_certificates(app, client):
    from core.extensions import limiter

    limiter.reset()
    answers = [client.get("/visa-letters/AAAA-BBBB-CCCC-DDDD").status_code for _ in range(61)]

    assert answers[:60] == [404] * 60 and answers[60] == 429


def test_what_the_participant_typed_is_printed_as_text(app, event, make_user):
    from meetings.visa_letters import letter_html

    visa = approved(event, make_user(), passport_name="Amina <b>Diallo", consulate="Embassy <i>of</i> France")

    html = letter_html(visa)

    assert "Amina &lt;b&gt;Diallo" in html and "<b>" not in html and "<i>" not in html


@pytest.mark.parametrize("nationality, language, printed, not_printed", [
    ("VN", "en", "Viet Nam", "Vietnam"), ("KR", "en", "Republic of Korea", "South Korea"),
    ("PS", "en", "State of Palestine", "Palestinian Territories"), ("RU", "fr", "Fédération de Russie", ">Russie<"),
    ("HK", "en", "Hong Kong SAR China", None),  # not a State: its country name
])
def test_the_nationality_is_the_states_un_name(app, event, make_user, nationality, language, printed, not_printed):
    from flask_babel import force_locale

    from meetings.visa_letters import letter_html

    visa = approved(event, make_user(), nationality=nationality)
    with force_locale(language):
        html = letter_html(visa)

    assert printed in html and (not_printed is None or not_printed not in html)
