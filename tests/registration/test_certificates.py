"""Certificates of attendance: only for people checked in, after the event, verifiable by anyone."""
from datetime import date, datetime

import pytest

from core.extensions import db
from registration import certificates
from registration.codes import badge_code
from registration.models import BadgeDesign, Certificate, CheckIn
from tests.conftest import PASSWORD, page_text
from tests.registration.onsite import confirmed
from tests.registration.test_badges import organiser_of, qr_codes
from tests.core.test_pdf import pdf_text
from tests.ink import NAMES, lost_ink


@pytest.fixture
def finished(make_event, make_session):
    """A two-day event that is over, with a session that took attendance."""
    event = make_event(title="Regional workshop on cultural statistics", start=datetime(2026, 11, 17, 9, 0),
                       end=datetime(2026, 11, 18, 17, 0), zone="Asia/Bangkok")
    workshop = make_session(event, datetime(2026, 11, 17, 14, 0), minutes=90, title="Measuring the creative economy",
                            takes_attendance=True)
    return event, workshop


def attend(registration, *days, session=None):
    for day in days:
        db.session.add(CheckIn(event_id=registration.event_id, registration_id=registration.id, day=day))
    if session is not None:
        db.session.add(CheckIn(event_id=registration.event_id, registration_id=registration.id, day=days[0],
                               session_id=session.id))
    db.session.commit()


def test_issuing_gives_certificates_to_those_checked_in_and_tells_them(client, finished, make_user, login,
                                                                       smtp_server):
    event, workshop = finished
    present = confirmed(event, make_user(email="present@example.org", full_name="Nguyễn Thị Lan"))
    absent = confirmed(event, make_user(email="absent@example.org"))
    attend(present, date(2026, 11, 17), date(2026, 11, 18), session=workshop)
    login(organiser_of(event))

    page = client.submit(f"/events/{event.slug}/manage/certificates", follow_redirects=True)

    assert "Issuing the certificates" in page.get_data(as_text=True)
    certificate = certificates.certificate_of(present)
    assert certificate is not None and certificates.certificate_of(absent) is None
    assert certificate.days == ["2026-11-17", "2026-11-18"] and certificate.minutes == 90
    assert "certificate of attendance" in smtp_server.last_to("present@example.org")["Subject"]
    assert all(message["To"] != "absent@example.org" for message in smtp_server.messages)
    # Issuing again brings certificates up to date and mails nobody twice.
    sent = len(smtp_server.messages)
    client.submit(f"/events/{event.slug}/manage/certificates")
    assert len(smtp_server.messages) == sent
    assert db.session.query(Certificate).count() == 1


def test_no_certificates_before_the_event_has_ended(client, make_event, login):
    event = make_event(start=datetime(2027, 3, 27, 9, 0))
    person = confirmed(event)
    attend(person, date(2027, 3, 27))
    login(organiser_of(event))

    page = client.submit(f"/events/{event.slug}/manage/certificates", follow_redirects=True)

    assert "once the event has ended" in page.get_data(as_text=True)
    assert certificates.certificate_of(person) is None


def test_the_certificate_pdf_states_the_attendance_and_its_qr_leads_to_the_check(client, app, finished, make_user,
                                                                                 login, tmp_path):
    event, workshop = finished
    db.session.add(BadgeDesign(event_id=event.id, signatory_name="Ana Ruiz", signatory_title="Chief of Section",
                               colours={}))
    owner = make_user(full_name="محمد الهاشمي")
    person = confirmed(event, owner)
    attend(person, date(2026, 11, 17), session=workshop)
    certificate = certificates.issue(person)
    db.session.commit()
    login(owner)

    response = client.get(f"/registrations/{person.id}/certificate.pdf")

    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert "محمد الهاشمي" in text and "Regional workshop on cultural statistics" in text
    assert "Measuring the creative economy" in text and "1.5 hours" in text
    assert "Ana Ruiz" in text and "Chief of Section" in text
    [link] = qr_codes(response.data, tmp_path)
    assert link.endswith(f"/certificates/{certificates.format_code(certificate.code)}")
    check = app.test_client().get(link[link.index("/certificates/"):])  # anyone, without logging in
    body = page_text(check.get_data(as_text=True))
    assert check.status_code == 200 and "This certificate of attendance is genuine" in body
    assert "محمد الهاشمي" in body and "Measuring the creative economy" in body
    assert f"/registrations/{person.id}/certificate.pdf" in client.get("/registrations").get_data(as_text=True)


@pytest.mark.parametrize("script", sorted(NAMES))
def test_no_dot_or_descender_of_any_script_is_cut_off_on_a_certificate(app, finished, tmp_path, script):
    event, workshop = finished
    event.title = f"Gqjpy {NAMES[script]}"
    db.session.add(BadgeDesign(event_id=event.id, signatory_name=NAMES[script], signatory_title="Gqjpy", colours={}))
    person = confirmed(event, full_name=NAMES[script])
    attend(person, date(2026, 11, 17), session=workshop)
    certificate = certificates.issue(person)
    db.session.commit()

    assert lost_ink(certificates.certificate_html(certificate), ["certificates.css"], tmp_path) == [0]


def test_the_certificate_qr_code_reads_from_a_screen(app, finished, tmp_path):
    import subprocess

    event, workshop = finished
    person = confirmed(event, full_name="Li Wei")
    attend(person, date(2026, 11, 17))
    certificate = certificates.issue(person)
    db.session.commit()
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificates.certificate_pdf(certificate))

    subprocess.run(["pdftoppm", "-r", "96", "-png", "-singlefile", str(path), str(tmp_path / "screen")], check=True)
    read = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "screen.png")],
                          capture_output=True, text=True).stdout.split()

    assert read == [certificates.verification_url(certificate)]


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC", "short", "x" * 300, "ABCD EFGH IJKL", "ÉÉÉÉ-ÉÉÉÉ-ÉÉÉÉ"])
def test_a_code_that_was_never_issued_says_so(client, code):
    response = client.get(f"/certificates/{code}")

    assert response.status_code == 404
    assert "No certificate has this code" in response.get_data(as_text=True)


def test_the_code_can_be_typed_without_dashes_or_in_lower_case(client, finished):
    event, workshop = finished
    person = confirmed(event)
    attend(person, date(2026, 11, 18))
    certificate = certificates.issue(person)
    db.session.commit()

    assert client.get(f"/certificates/{certificate.code.lower()}").status_code == 200


def test_someone_elses_certificate_is_not_downloadable(client, finished, make_user, login):
    event, workshop = finished
    person = confirmed(event, make_user())
    attend(person, date(2026, 11, 18))
    certificates.issue(person)
    db.session.commit()
    login(make_user())

    assert client.get(f"/registrations/{person.id}/certificate.pdf").status_code == 404


def test_without_a_certificate_the_participant_is_told_when_it_comes(client, finished, make_user, login):
    event, workshop = finished
    owner = make_user()
    person = confirmed(event, owner)
    login(owner)

    page = client.get(f"/registrations/{person.id}/certificate.pdf", follow_redirects=True)

    assert "issued after the event" in page.get_data(as_text=True)


def test_an_undone_check_in_earns_no_certificate(finished):
    event, workshop = finished
    person = confirmed(event)
    db.session.add(CheckIn(event_id=event.id, registration_id=person.id, day=date(2026, 11, 17),
                           undone_at=datetime.now().astimezone()))
    db.session.commit()

    assert certificates.issue(person) is None


def test_deleting_the_account_deletes_the_certificate(client, finished, make_user, login):
    event, workshop = finished
    owner = make_user()
    person = confirmed(event, owner)
    attend(person, date(2026, 11, 17))
    code = certificates.issue(person).code
    db.session.commit()
    registration_id = person.id
    login(owner)

    response = client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302, page_text(response.get_data(as_text=True))

    db.session.expire_all()
    assert db.session.query(Certificate).filter_by(registration_id=registration_id).count() == 0
    assert client.get(f"/certificates/{code}").status_code == 404


def test_issuing_again_keeps_the_date_of_an_unchanged_certificate_and_withdraws_unfounded_ones(finished):
    event, workshop = finished
    kept, undone = confirmed(event), confirmed(event)
    attend(kept, date(2026, 11, 17))
    attend(undone, date(2026, 11, 17))
    first = certificates.issue(kept)
    certificates.issue(undone)
    db.session.commit()
    issued_at = first.issued_at
    for record in db.session.query(CheckIn).filter_by(registration_id=undone.id):
        record.undone_at = datetime.now().astimezone()  # the scan was a mistake
    db.session.commit()

    assert certificates.withdraw_unfounded(event.id) == 1
    certificates.issue(kept)
    db.session.commit()

    assert certificates.certificate_of(kept).issued_at == issued_at
    assert certificates.certificate_of(undone) is None


def test_a_registration_for_an_event_that_is_over_cannot_be_cancelled(client, finished, make_user, login):
    event, workshop = finished
    owner = make_user()
    person = confirmed(event, owner)
    login(owner)

    listing = client.get("/registrations").get_data(as_text=True)
    asked = client.get(f"/registrations/{person.id}/cancel", follow_redirects=True)
    posted = client.submit(f"/registrations/{person.id}/cancel", form_url="/registrations", follow_redirects=True)

    assert "Cancel my registration" not in listing
    assert "can no longer be cancelled" in asked.get_data(as_text=True)
    assert "can no longer be cancelled" in posted.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(person), person.id).status == "confirmed"


@pytest.mark.parametrize("lookalike", ["ſ", "ı", "ﬀ", "٣", "Ａ"])
def test_a_certificate_code_with_a_character_outside_its_alphabet_is_not_found(client, finished, lookalike):
    event, workshop = finished
    person = confirmed(event)
    attend(person, date(2026, 11, 18))
    certificate = certificates.issue(person)
    db.session.commit()
    code = certificate.code

    for index in range(len(code)):
        altered = code[:index] + lookalike + code[index + 1:]
        assert client.get(f"/certificates/{altered}").status_code == 404, altered


def test_an_organiser_records_attendance_after_the_fact_under_their_name(client, finished, make_user, login):
    event, workshop = finished
    organiser = organiser_of(event)
    organiser.full_name = "Ana Ruiz"
    person = confirmed(event, full_name="Somchai Prasert")
    waiting = confirmed(event, status="waitlisted")
    db.session.commit()
    login(organiser)
    page = f"/events/{event.slug}/manage/checkin"

    unknown = client.submit(page, {"attendance-email": "nobody@example.org", "attendance-day": "2026-11-18",
                                   "attendance-submit": "1"})
    not_a_day = client.submit(page, {"attendance-email": person.email, "attendance-day": "2026-11-19",
                                     "attendance-submit": "1"})
    not_confirmed = client.submit(page, {"attendance-email": waiting.email, "attendance-day": "2026-11-18",
                                         "attendance-submit": "1"})
    wrong_day = client.submit(page, {"attendance-email": person.email, "attendance-day": "2026-11-18",
                                     "attendance-session": str(workshop.id), "attendance-submit": "1"})
    assert unknown.status_code == not_a_day.status_code == not_confirmed.status_code == wrong_day.status_code == 400
    assert "Nobody registered for this event with this e-mail address" in unknown.get_data(as_text=True)
    assert "nobody@example.org" in unknown.get_data(as_text=True)  # what was typed is kept
    assert "not confirmed" in not_confirmed.get_data(as_text=True)
    assert "not held on that day" in wrong_day.get_data(as_text=True)
    assert db.session.query(CheckIn).count() == 0

    done = client.submit(page, {"attendance-email": person.email, "attendance-day": "2026-11-17",
                                "attendance-session": str(workshop.id), "attendance-submit": "1"},
                         follow_redirects=True)

    text = page_text(done.get_data(as_text=True))
    assert "The attendance of Somchai Prasert on Tuesday, 17 November 2026 is recorded, under your name." in text
    assert "Attendance recorded after the fact" in text and "Ana Ruiz" in text
    records = db.session.query(CheckIn).filter_by(registration_id=person.id).all()
    assert {(record.session_id, record.is_recorded_afterwards, record.by_user_id) for record in records} == {
        (None, True, organiser.id), (workshop.id, True, organiser.id)}
    client.submit(f"/events/{event.slug}/manage/certificates")
    certificate = certificates.certificate_of(person)
    assert certificate.days == ["2026-11-17"] and certificate.minutes == 90


def test_practice_scans_and_check_ins_outside_the_events_days_earn_no_certificate(client, finished, make_user,
                                                                                  login):
    event, workshop = finished
    organiser = organiser_of(event)
    practised, outside = confirmed(event), confirmed(event)
    login(organiser)
    answer = client.post("/api/v1/checkin", json={"event": event.slug, "code": badge_code(practised), "practice": True},
                         headers={"X-CSRFToken": client.csrf_token("/")}).get_json()
    assert answer["result"] == "ok" and answer["practice"] is True
    attend(outside, date(2026, 12, 6))  # a day that is not the event's, as the old desk could record

    client.submit(f"/events/{event.slug}/manage/certificates")

    assert certificates.certificate_of(practised) is None and certificates.certificate_of(outside) is None
    assert certificates.counts(event.id) == (0, 0)


def test_attendance_at_a_session_over_two_days_can_be_recorded_for_its_second_day(client, finished, make_session,
                                                                                  login):
    event, workshop = finished
    # From the afternoon of 17 November to the morning of 18 November, venue time.
    residency = make_session(event, datetime(2026, 11, 17, 14, 0), minutes=20 * 60, title="Overnight data sprint",
                             takes_attendance=True)
    person = confirmed(event, full_name="Somchai Prasert")
    login(organiser_of(event))

    done = client.submit(f"/events/{event.slug}/manage/checkin",
                         {"attendance-email": person.email, "attendance-day": "2026-11-18",
                          "attendance-session": str(residency.id), "attendance-submit": "1"})

    assert done.status_code == 302, page_text(done.get_data(as_text=True))
    assert {(record.day, record.session_id) for record in db.session.query(CheckIn).filter_by(
        registration_id=person.id)} == {(date(2026, 11, 18), None), (date(2026, 11, 18), residency.id)}


def test_an_organiser_undoes_attendance_recorded_after_the_fact_for_the_wrong_person(client, finished, make_event,
                                                                                   login):
    event, workshop = finished
    organiser = organiser_of(event)
    wrong, other_event = confirmed(event, full_name="Somchai Prasert"), make_event()
    elsewhere = confirmed(other_event)
    db.session.add(CheckIn(event_id=other_event.id, registration_id=elsewhere.id, day=date(2027, 3, 27)))
    db.session.commit()
    login(organiser)
    page = f"/events/{event.slug}/manage/checkin"
    client.submit(page, {"attendance-email": wrong.email, "attendance-day": "2026-11-17",
                         "attendance-session": str(workshop.id), "attendance-submit": "1"})
    door = db.session.query(CheckIn).filter_by(registration_id=wrong.id, session_id=None).one()
    other = db.session.query(CheckIn).filter_by(registration_id=elsewhere.id).one()

    refused = client.submit(f"/events/{event.slug}/manage/checkin/attendance/{other.id}/undo", form_url=page)
    assert refused.status_code == 404 and other.undone_at is None

    done = client.submit(f"/events/{event.slug}/manage/checkin/attendance/{door.id}/undo", form_url=page,
                         follow_redirects=True)

    text = page_text(done.get_data(as_text=True))
    assert "The attendance of Somchai Prasert on Tuesday, 17 November 2026 is undone." in text and "(undone)" in text
    db.session.expire_all()
    assert all(record.undone_at is not None and record.undone_by_user_id == organiser.id
               for record in db.session.query(CheckIn).filter_by(registration_id=wrong.id))  # the session's too
    client.submit(f"/events/{event.slug}/manage/certificates")
    assert certificates.certificate_of(wrong) is None


def test_a_recorded_session_title_keeps_the_language_it_was_written_in(app, make_event, make_session):
    from flask_babel import force_locale

    from core.multilingual import set_translations

    event = make_event(title="Forum", languages=["en", "fr"], start=datetime(2026, 11, 17, 9, 0))
    session = make_session(event, datetime(2026, 11, 17, 10, 0), title="Opening")
    set_translations(session, "title", {"fr": "Ouverture"})
    db.session.commit()
    certificate = Certificate(event=event, sessions=[certificates.recorded_session(session)])
    event.working_languages = ["fr", "en"]  # French made first since the certificate was issued

    with app.test_request_context("/"), force_locale("en"):
        [english] = certificates.sessions_of(certificate)
    with app.test_request_context("/"), force_locale("fr"):
        [french] = certificates.sessions_of(certificate)
    db.session.rollback()

    assert (english["title"], english["title"].language) == ("Opening", "en")
    assert (french["title"], french["title"].language) == ("Ouverture", "fr")
