"""The event's visa officers decide requests; organisers name them but do not see passport data."""
import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.mail import OutboxMessage
from meetings.settings import settings_of
from meetings import visas
from meetings.models import APPROVED, REFUSED, REQUESTED, VisaDataRead, VisaOfficer, VisaOfficerChange
from tests.conftest import page_text
from tests.meetings.visa_helpers import PASSPORT, asked, visa_event
from tests.registration.test_badges import organiser_of


@pytest.fixture
def event(make_event):
    return visa_event(make_event)


@pytest.fixture
def officer(client, event, login):
    user = organiser_of(event)
    login(user)
    return user


def mails_to(address):
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)))


def test_the_list_shows_names_and_statuses_but_no_passport_number(client, event, officer, make_user):
    asked(event, make_user(full_name="Kwame Mensah"))

    page = client.get(f"/events/{event.slug}/manage/visa-letters")

    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Kwame Mensah" in body and "Requested" in body
    assert PASSPORT not in body


def test_the_list_reads_the_database_a_fixed_number_of_times(client, event, officer, make_user, count_queries):
    for number in range(3):
        asked(event, make_user())
    client.get(f"/events/{event.slug}/manage/visa-letters")
    with count_queries() as few:
        client.get(f"/events/{event.slug}/manage/visa-letters")
    for number in range(5):
        asked(event, make_user())
    client.get(f"/events/{event.slug}/manage/visa-letters")  # as before the first count: the event page's cache warm
    with count_queries() as many:
        client.get(f"/events/{event.slug}/manage/visa-letters")
    assert many.count == few.count


def test_a_request_page_shows_the_passport_data_and_records_each_showing(client, event, officer, make_user):
    visa = asked(event, make_user())
    url = f"/events/{event.slug}/manage/visa-letters/{visa.id}"

    assert PASSPORT in client.get(url).get_data(as_text=True)
    client.get(url)

    reads = db.session.scalars(select(VisaDataRead)).all()
    assert [(read.user_id, read.purpose) for read in reads] == [(officer.id, "page")] * 2


def test_approving_in_bulk_numbers_the_letters_and_tells_each_participant(client, event, officer, make_user):
    first, second, third = (asked(event, make_user(email=f"p{n}@example.org")) for n in range(3))

    answer = client.submit(f"/events/{event.slug}/manage/visa-letters/approve",
                           {"request_ids": [first.id, third.id]}, form_url=f"/events/{event.slug}/manage/visa-letters",
                           follow_redirects=True)

    assert "2 requests approved" in page_text(answer.get_data(as_text=True))
    db.session.expire_all()
    assert (first.status, third.status, second.status) == (APPROVED, APPROVED, REQUESTED)
    assert (first.number, third.number) == (1, 2) and visas.reference(third) == "CLT/DCE/2027/0002"
    assert visas.verify(first.code)[1].id == first.id
    assert "is ready" in mails_to("p0@example.org")[0].subject and not mails_to("p1@example.org")
    # Approving again changes nothing, and the next number follows.
    client.submit(f"/events/{event.slug}/manage/visa-letters/approve", {"request_ids": [first.id, second.id]},
                  form_url=f"/events/{event.slug}/manage/visa-letters")
    db.session.expire_all()
    assert (first.number, second.number) == (1, 3) and len(mails_to("p0@example.org")) == 1


def test_approving_nothing_ticked_says_so(client, event, officer):
    answer = client.submit(f"/events/{event.slug}/manage/visa-letters/approve", {},
                           form_url=f"/events/{event.slug}/manage/visa-letters", follow_redirects=True)
    assert "Tick the requests" in page_text(answer.get_data(as_text=True))


def test_a_request_of_another_event_is_not_approved_through_this_one(client, event, officer, make_event, make_user):
    other = visa_event(make_event)
    foreign = asked(other, make_user())

    client.submit(f"/events/{event.slug}/manage/visa-letters/approve", {"request_ids": [foreign.id]},
                  form_url=f"/events/{event.slug}/manage/visa-letters")

    db.session.expire_all()
    assert foreign.status == REQUESTED
    assert client.get(f"/events/{event.slug}/manage/visa-letters/{foreign.id}").status_code == 404


def test_refusing_needs_a_reason_and_mails_it_in_the_participants_language(client, event, officer, make_user):
    person = make_user(email="fatou@example.org", locale="fr")
    visa = asked(event, person)
    url = f"/events/{event.slug}/manage/visa-letters/{visa.id}/refuse"
    form_url = f"/events/{event.slug}/manage/visa-letters/{visa.id}"

    empty = client.submit(url, {"reason": "  "}, form_url=form_url)
    assert empty.status_code == 400 and "Say why" in page_text(empty.get_data(as_text=True))
    db.session.expire_all()
    assert visa.status == REQUESTED

    client.submit(url, {"reason": "Votre inscription n'est pas confirmée."}, form_url=form_url)

    db.session.expire_all()
    assert visa.status == REFUSED and visa.refusal_reason == "Votre inscription n'est pas confirmée."
    [mail] = mails_to("fatou@example.org")
    assert "Votre inscription n'est pas confirmée." in mail.body_text
    assert "Bonjour" in mail.body_text or "Hello" not in mail.body_text


def test_printing_a_letter_records_it(client, event, officer, make_user):
    visa = asked(event, make_user())
    visas.approve(event, [visa.id], by=officer)

    answer = client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}/letter.pdf")

    assert answer.mimetype == "application/pdf"
    assert [read.purpose for read in db.session.scalars(select(VisaDataRead))] == ["letter"]


def test_an_organiser_who_is_not_a_visa_officer_is_refused_and_told_who_is(client, event, make_user, login):
    from events.models import EventOrganiser

    colleague = make_user(roles=("organiser", "participant"), full_name="Other Organiser")
    db.session.add(EventOrganiser(event_id=event.id, user_id=colleague.id))
    db.session.commit()
    visa = asked(event, make_user())
    login(colleague)

    for url in (f"/events/{event.slug}/manage/visa-letters", f"/events/{event.slug}/manage/visa-letters/{visa.id}",
                f"/events/{event.slug}/manage/visa-letters/{visa.id}/letter.pdf"):
        answer = client.get(url)
        assert answer.status_code == 403, url
        assert PASSPORT not in answer.get_data(as_text=True)
        assert organiser_of(event).email in answer.get_data(as_text=True)
    refused = client.submit(f"/events/{event.slug}/manage/visa-letters/approve", {"request_ids": [visa.id]},
                            form_url=f"/events/{event.slug}/manage/visa-letters/settings")
    assert refused.status_code == 403
    assert db.session.scalars(select(VisaDataRead)).all() == []
    settings = client.get(f"/events/{event.slug}/manage/visa-letters/settings")
    assert settings.status_code == 200 and organiser_of(event).email in settings.get_data(as_text=True)


def test_a_site_administrator_is_not_shown_passport_data(client, event, make_user, login):
    visa = asked(event, make_user())
    login(make_user(roles=("administrator", "participant")))

    assert client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}").status_code == 403


def test_a_participant_or_visitor_gets_no_officer_page(client, event, make_user, login):
    visa = asked(event, make_user())
    assert client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}").status_code in (302, 401)
    login(make_user())
    assert client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}").status_code == 403


def test_organisers_add_and_remove_visa_officers(client, event, make_user, login):
    from events.models import EventOrganiser

    organiser = make_user(roles=("organiser", "participant"))
    db.session.add(EventOrganiser(event_id=event.id, user_id=organiser.id))
    db.session.commit()
    login(organiser)
    helper = make_user(email="protocol@example.org", full_name="Protocol Officer")
    settings_url = f"/events/{event.slug}/manage/visa-letters/settings"

    unknown = client.submit(f"/events/{event.slug}/manage/visa-letters/officers", {"email": "nobody@example.org"},
                            form_url=settings_url)
    assert unknown.status_code == 400 and "No account has this e-mail" in page_text(unknown.get_data(as_text=True))
    bad = client.submit(f"/events/{event.slug}/manage/visa-letters/officers", {"email": "not an address"},
                        form_url=settings_url)
    assert bad.status_code == 400
    client.submit(f"/events/{event.slug}/manage/visa-letters/officers", {"email": "Protocol@Example.org"},
                  form_url=settings_url)
    assert db.session.get(VisaOfficer, (event.id, helper.id)) is not None
    twice = client.submit(f"/events/{event.slug}/manage/visa-letters/officers", {"email": "protocol@example.org"},
                          form_url=settings_url)
    assert "already handles" in page_text(twice.get_data(as_text=True))

    client.submit(f"/events/{event.slug}/manage/visa-letters/officers/{helper.id}/remove", form_url=settings_url)

    db.session.expire_all()
    assert db.session.get(VisaOfficer, (event.id, helper.id)) is None


def test_organisers_save_the_letter_settings(client, event, make_user, login, tmp_path):
    import io

    from PIL import Image

    login(organiser_of(event))
    image = io.BytesIO()
    Image.new("RGB", (600, 100), "navy").save(image, "PNG")
    image.seek(0)
    url = f"/events/{event.slug}/manage/visa-letters/settings"

    answer = client.submit(url, {"offers_visa_letters": "y", "signatory_name": "Ana Ruiz",
                                 "signatory_title": "Secretary", "reference_prefix": "REF/", "letter_text": "Please.",
                                 "visa_data_kept_days": "10", "letterhead": (image, "head.png")},
                           content_type="multipart/form-data", follow_redirects=True)

    assert "letter settings are saved" in page_text(answer.get_data(as_text=True))
    settings = settings_of(event)
    db.session.refresh(settings)
    assert settings.reference_prefix == "REF/" and settings.visa_data_kept_days == 10 and settings.letterhead
    not_image = client.submit(url, {"letterhead": (io.BytesIO(b"%PDF-1.4 nothing"), "head.png"),
                                    "visa_data_kept_days": "-3"}, content_type="multipart/form-data")
    assert not_image.status_code == 400
    assert "from 0 to 3650" in page_text(not_image.get_data(as_text=True))


def test_turning_letters_off_stops_new_requests(client, event, make_user, login):
    login(organiser_of(event))
    client.submit(f"/events/{event.slug}/manage/visa-letters/settings", {"signatory_name": "A"},
                  content_type="multipart/form-data")
    assert not visas.offers_letters(event)


def test_a_request_whose_registration_was_cancelled_is_not_approved(client, event, officer, make_user):
    from registration.models import CANCELLED

    visa = asked(event, make_user())
    visa.registration.status = CANCELLED
    db.session.commit()

    assert visas.approve(event, [visa.id], by=officer) == []
    assert visa.status == REQUESTED and visa.code is None


def test_a_letter_whose_registration_was_cancelled_shows_as_withdrawn_and_is_not_printed(client, event, officer,
                                                                                          make_user):
    from registration.models import CANCELLED

    visa = asked(event, make_user(full_name="Tariq Aziz"))
    visas.approve(event, [visa.id], by=officer)
    visa.registration.status = CANCELLED  # the organiser withdrew him from the delegation
    db.session.commit()

    listing = page_text(client.get(f"/events/{event.slug}/manage/visa-letters").get_data(as_text=True))
    row = listing[listing.index("Tariq Aziz"):]
    assert "Letter withdrawn: the registration is cancelled" in row and "can be downloaded" not in row
    page = client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}").get_data(as_text=True)
    assert "Letter withdrawn: the registration is cancelled" in page_text(page)
    assert "Print the letter" not in page
    printed = client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}/letter.pdf", follow_redirects=True)
    assert printed.mimetype != "application/pdf"
    assert "cannot be printed" in page_text(printed.get_data(as_text=True))
    assert "letter" not in [read.purpose for read in db.session.scalars(select(VisaDataRead))]


def test_the_list_and_the_request_page_show_the_registration_status(client, event, officer, make_user):
    from registration.models import PENDING

    visa = asked(event, make_user(full_name="Tariq Aziz"))
    visa.registration.status = PENDING
    db.session.commit()

    listing = page_text(client.get(f"/events/{event.slug}/manage/visa-letters").get_data(as_text=True))
    assert "Pending approval" in listing
    page = page_text(client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}").get_data(as_text=True))
    assert "Pending approval" in page and "only for a confirmed participant" in page


def test_a_request_whose_registration_is_not_confirmed_is_not_approved(client, event, officer, make_user):
    from registration.models import PENDING

    visa = asked(event, make_user(full_name="Tariq Aziz"))
    visa.registration.status = PENDING
    db.session.commit()

    answer = client.submit(f"/events/{event.slug}/manage/visa-letters/approve", {"request_ids": [visa.id]},
                           form_url=f"/events/{event.slug}/manage/visa-letters/{visa.id}", follow_redirects=True)

    text = page_text(answer.get_data(as_text=True))
    assert "Not approved: Tariq Aziz (Pending approval)" in text and "requests approved" not in text
    db.session.expire_all()
    assert visa.status == REQUESTED and visa.code is None and visa.number is None
    assert not mails_to(visa.registration.email)


def test_approving_in_bulk_approves_the_confirmed_and_names_the_others(client, event, officer, make_user):
    from registration.models import PENDING

    ready = asked(event, make_user(full_name="Amina Diallo", email="amina@example.org"))
    waiting = asked(event, make_user(full_name="Tariq Aziz", email="tariq@example.org"))
    waiting.registration.status = PENDING
    db.session.commit()

    answer = client.submit(f"/events/{event.slug}/manage/visa-letters/approve",
                           {"request_ids": [ready.id, waiting.id]},
                           form_url=f"/events/{event.slug}/manage/visa-letters", follow_redirects=True)

    text = page_text(answer.get_data(as_text=True))
    assert "1 request approved" in text and "Not approved: Tariq Aziz (Pending approval)" in text
    db.session.expire_all()
    assert (ready.status, ready.number, waiting.status) == (APPROVED, 1, REQUESTED)
    assert mails_to("amina@example.org") and not mails_to("tariq@example.org")


def test_adding_or_removing_an_officer_is_recorded_and_the_officers_are_told(client, event, make_user, login):
    from events.models import EventOrganiser

    colleague = make_user(roles=("organiser", "participant"), full_name="Curious Organiser")
    db.session.add(EventOrganiser(event_id=event.id, user_id=colleague.id))
    db.session.commit()
    login(colleague)
    settings_url = f"/events/{event.slug}/manage/visa-letters/settings"
    officer_email = organiser_of(event).email

    # An organiser names themselves: allowed (organisers name officers), but never unnoticed.
    client.submit(f"/events/{event.slug}/manage/visa-letters/officers", {"email": colleague.email},
                  form_url=settings_url)

    [mail] = mails_to(officer_email)
    assert "Curious Organiser" in mail.body_text and "passport details" in mail.body_text
    assert not mails_to(colleague.email)
    client.submit(f"/events/{event.slug}/manage/visa-letters/officers/{colleague.id}/remove", form_url=settings_url)
    page = page_text(client.get(settings_url).get_data(as_text=True))
    assert "Curious Organiser removed Curious Organiser" in page
    assert "Curious Organiser added Curious Organiser" in page
    assert page.index("Organiser removed") < page.index("Organiser added")  # newest first
    # A refused addition records nothing and tells nobody.
    client.submit(f"/events/{event.slug}/manage/visa-letters/officers", {"email": "nobody@example.org"},
                  form_url=settings_url)
    assert len(mails_to(officer_email)) == 1
    assert db.session.scalar(select(func.count()).select_from(VisaOfficerChange)) == 2


def test_pages_showing_passport_data_are_kept_by_no_cache(client, event, officer, make_user):
    """Not in a shared computer's browser cache, nor a proxy's, once the officer has left the page."""
    visa = asked(event, make_user())

    page = client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}")
    refused = client.submit(f"/events/{event.slug}/manage/visa-letters/{visa.id}/refuse", {"reason": ""},
                            form_url=f"/events/{event.slug}/manage/visa-letters/{visa.id}")

    assert PASSPORT in page.get_data(as_text=True) and PASSPORT in refused.get_data(as_text=True)
    assert "no-store" in page.headers.get("Cache-Control", "") and "no-store" in refused.headers.get("Cache-Control", "")
