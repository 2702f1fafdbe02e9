"""Participants an organiser adds by hand, imports from a CSV file, or whose details they change on the
person's behalf: attached to accounts, counted against the places, recorded in the history."""
import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from accounts.models import User
from core.extensions import db
from core.mail import OutboxMessage
from registration.categories import ParticipantCategory
from registration.models import CONFIRMED, PENDING, Quota, Registration, RegistrationSettings
from tests.conftest import page_text
from tests.registration.onsite import confirmed


@pytest.fixture
def organiser_event(client, make_event, login):
    """An event with room for 3 (registration closed: organisers still add people), its organiser logged in."""
    event = make_event()
    db.session.add(RegistrationSettings(event_id=event.id, is_open=False, capacity=3))
    db.session.commit()
    login(event.team[0].user)
    return event


def registrations(event):
    db.session.expire_all()
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                              .order_by(Registration.id)).all()


def mails_to(address):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)).all()


# --- Adding by hand ------------------------------------------------------------------------------------

def add(client, event, **fields):
    data = {"full_name": "Ana Lima", "email": "ana@example.org", "honorific": "Dr", "organisation": "Minc",
            "job_title": "Director", "country": "BR", "stakeholder_group": "government", "languages": ["pt", "en"],
            "status": CONFIRMED, **fields}
    return client.submit(f"/events/{event.slug}/manage/participants/add", data)


def test_an_organiser_adds_a_confirmed_participant_who_is_told(client, organiser_event):
    event = organiser_event
    assert "Add a participant" in client.get(f"/events/{event.slug}/manage/participants").get_data(as_text=True)

    response = add(client, event)

    [registration] = registrations(event)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/manage/participants/{registration.id}")
    assert (registration.status, registration.source, registration.honorific, registration.job_title,
            sorted(registration.languages)) == (CONFIRMED, "organiser", "Dr", "Director", ["en", "pt"])
    assert db.session.get(User, registration.user_id).email == "ana@example.org"
    assert "Added by" in registration.history[0].reason and registration.history[0].by_user_id == event.team[0].user_id
    [mail] = mails_to("ana@example.org")
    assert "is confirmed" in mail.subject


def test_an_added_participant_joins_the_existing_account(client, organiser_event, make_user):
    existing = make_user(email="ana@example.org", full_name="Ana Lima")
    add(client, organiser_event, email="ANA@example.org")
    [registration] = registrations(organiser_event)
    assert registration.user_id == existing.id
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "ana@example.org")) == 1


def test_a_pending_participant_takes_no_place(client, organiser_event, make_user):
    for _ in range(3):
        confirmed(organiser_event, make_user())
    response = add(client, organiser_event, status=PENDING)
    assert response.status_code == 302
    assert registrations(organiser_event)[-1].status == PENDING


def test_a_full_event_refuses_unless_the_organiser_ticks_beyond_the_limit(client, organiser_event, make_user):
    event = organiser_event
    for _ in range(3):
        confirmed(event, make_user())

    refused = add(client, event)
    text = page_text(refused.get_data(as_text=True))
    assert refused.status_code == 400 and "The event is full: no place is left." in text
    assert "Ana Lima" in refused.get_data(as_text=True)  # what was typed stays
    assert len(registrations(event)) == 3

    assert add(client, event, beyond_limit="y").status_code == 302
    assert [registration.status for registration in registrations(event)] == [CONFIRMED] * 4


def test_an_address_already_registered_is_refused(client, organiser_event, make_user):
    confirmed(organiser_event, make_user(email="ana@example.org", full_name="Ana Lima"))
    response = add(client, organiser_event)
    assert response.status_code == 400
    assert "Ana Lima is already registered for this event with this address." in page_text(
        response.get_data(as_text=True))
    assert len(registrations(organiser_event)) == 1


@pytest.mark.parametrize("fields, message", [
    ({"full_name": " "}, "Enter the person's name."),
    ({"email": "not an address"}, "Enter a valid e-mail address."),
    ({"status": "rejected"}, "Choose one of the options in the list."),
    ({"languages": ["xx"]}, "Choose one of the options in the list."),
    ({"honorific": "H" * 41}, "At most 40 characters."),
])
def test_bad_input_adds_nobody(client, organiser_event, fields, message):
    response = add(client, organiser_event, **fields)
    assert response.status_code == 400 and message in page_text(response.get_data(as_text=True))
    assert registrations(organiser_event) == []


def test_a_cancelled_event_takes_nobody(client, organiser_event):
    organiser_event.status = "cancelled"
    db.session.commit()
    response = add(client, organiser_event)
    assert response.status_code == 400 and "This event is cancelled" in page_text(response.get_data(as_text=True))
    assert registrations(organiser_event) == []


def test_check_in_staff_and_other_organisers_cannot_add(client, organiser_event, make_user, login):
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    login(make_user(roles=("organiser", "participant")))
    assert add(client, organiser_event).status_code == 403
    assert registrations(organiser_event) == []


# --- Editing on the person's behalf ---------------------------------------------------------------------

def edit(client, registration, **fields):
    url = f"/events/{registration.event.slug}/manage/participants/{registration.id}/edit"
    data = {"full_name": registration.full_name, "honorific": registration.honorific,
            "organisation": registration.organisation, "job_title": registration.job_title,
            "country": registration.country or "", "stakeholder_group": registration.stakeholder_group or "",
            "languages": registration.languages or [], **fields}
    return client.submit(url, {name: value for name, value in data.items() if value is not None})


def test_an_organiser_edits_details_recorded_in_the_history_and_the_person_is_told(client, organiser_event,
                                                                                  make_user):
    event = organiser_event
    registration = confirmed(event, make_user(email="kofi@example.org", full_name="Kofi Boateng"))
    page = client.get(f"/events/{event.slug}/manage/participants/{registration.id}").get_data(as_text=True)
    assert "Edit details" in page

    response = edit(client, registration, honorific="H.E. Mr", organisation="Ministry of Culture of Ghana")

    assert response.status_code == 302
    db.session.expire_all()
    assert (registration.honorific, registration.organisation) == ("H.E. Mr", "Ministry of Culture of Ghana")
    change = registration.history[-1]
    organiser = event.team[0].user
    assert change.by_user_id == organiser.id
    assert change.reason == f"Details changed by {organiser.full_name}: Title and Organisation."
    [mail] = [mail for mail in mails_to("kofi@example.org") if "is updated" in mail.subject]
    # The e-mail lists what the registration holds now, not only the event.
    for line in ("Name: Kofi Boateng", "Title: H.E. Mr", "Organisation: Ministry of Culture of Ghana"):
        assert line in mail.body_text and line in page_text(mail.body_html)
    history = page_text(client.get(f"/events/{event.slug}/manage/participants/{registration.id}")
                        .get_data(as_text=True))
    assert "Details changed by" in history and "H.E. Mr" in history
    # A change of details, not a change of status.
    assert "Confirmed → Confirmed" not in history and "Details changed Organiser" in history.replace(
        organiser.full_name, "Organiser")


def test_saving_unchanged_details_records_nothing(client, organiser_event, make_user):
    registration = confirmed(organiser_event, make_user(email="kofi@example.org"))
    before = len(registration.history)
    response = edit(client, registration)
    assert response.status_code == 302
    db.session.expire_all()
    assert len(registration.history) == before and mails_to("kofi@example.org") == []


def test_a_change_of_country_into_a_place_a_quota_holds_is_refused(client, organiser_event, make_user):
    event = organiser_event
    db.session.add(Quota(event_id=event.id, criterion="global_south", percent=67))  # 2 of 3 places held
    db.session.commit()
    confirmed(event, make_user(), country="FR")  # the one place the quota leaves to everyone
    registration = confirmed(event, make_user(), country="SN")  # a place of the quota

    response = edit(client, registration, country="FR")

    assert response.status_code == 400
    assert "a place the event holds for other participants" in page_text(response.get_data(as_text=True))
    db.session.expire_all()
    assert registration.country == "SN"


def test_a_change_into_a_full_category_is_refused(client, organiser_event, make_user):
    event = organiser_event
    press = ParticipantCategory(event_id=event.id, key="press", name="Press", capacity=1)
    ngo = ParticipantCategory(event_id=event.id, key="ngo", name="NGO")
    db.session.add_all([press, ngo])
    db.session.commit()
    confirmed(event, make_user(), category_id=press.id)
    registration = confirmed(event, make_user(), category_id=ngo.id)

    response = edit(client, registration, category=str(press.id))

    assert response.status_code == 400
    assert "The category “Press” is full" in page_text(response.get_data(as_text=True))
    db.session.expire_all()
    assert registration.category_id == ngo.id


def test_another_events_participant_cannot_be_edited_through_this_event(client, organiser_event, make_user,
                                                                       make_event):
    other = confirmed(make_event(), make_user())
    url = f"/events/{organiser_event.slug}/manage/participants/{other.id}/edit"
    assert client.get(url).status_code == 404


# --- Importing a CSV file ------------------------------------------------------------------------------

def upload(client, event, data: bytes, filename="participants.csv"):
    url = f"/events/{event.slug}/manage/participants/import"
    # Encoded here in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(url), "upload": "Import",
                                       "file": FileStorage(io.BytesIO(data), filename=filename)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


GOOD = ("email,full_name,organisation,job_title,honorific,country,category,stakeholder_group\n"
        "ana@example.org,Ana Lima,Minc,Director,Dr,BR,ngo,government\n"
        "kofi@example.org,Kofi Boateng,Arts Ghana,,Mr,Ghana,Civil society / NGO,\n"
        "marie@example.org,Marie Dubois,,,,Sénégal,NGO,Civil society / NGO / professional organisation\n")


@pytest.fixture
def with_category(organiser_event):
    db.session.add(ParticipantCategory(event_id=organiser_event.id, key="ngo", name="Civil society / NGO"))
    db.session.commit()
    return organiser_event


def test_a_good_file_imports_everyone_confirmed(client, with_category, make_user):
    event = with_category
    existing = make_user(email="kofi@example.org")

    response = upload(client, event, GOOD.encode())

    assert response.status_code == 302, page_text(response.get_data(as_text=True))
    people = {registration.email: registration for registration in registrations(event)}
    assert set(people) == {"ana@example.org", "kofi@example.org", "marie@example.org"}
    assert all(registration.status == CONFIRMED and registration.source == "import" for registration in people.values())
    assert (people["ana@example.org"].country, people["kofi@example.org"].country,
            people["marie@example.org"].country) == ("BR", "GH", "SN")
    assert people["marie@example.org"].stakeholder_group == "civil_society"
    assert people["kofi@example.org"].user_id == existing.id
    assert {registration.category.key for registration in people.values()} == {"ngo"}
    assert len(mails_to("marie@example.org")) == 1


def test_a_semicolon_file_with_a_byte_order_mark_is_read(client, with_category):
    data = "\ufeff" + GOOD.replace(",", ";")
    response = upload(client, with_category, data.encode("utf-8"))
    assert response.status_code == 302
    assert len(registrations(with_category)) == 3


def test_one_bad_row_among_good_ones_imports_nothing_and_every_bad_line_is_named(client, with_category, make_user):
    event = with_category
    confirmed(event, make_user(email="taken@example.org"))
    data = GOOD + ("not-an-address,Someone,,,,,ngo,\n"
                   "zoe@example.org,,,,,,ngo,\n"
                   "yan@example.org,Yan Li,,,,Atlantis,ngo,\n"
                   "xia@example.org,Xia Wu,,,,,press,\n"
                   "taken@example.org,Taken Person,,,,,ngo,\n"
                   "ana@example.org,Ana Again,,,,,ngo,\n"
                   "wen@example.org,Wen,,,,,,\n"
                   "vic@example.org,Vic,,,,,ngo,astronauts\n")

    response = upload(client, event, data.encode())

    text = page_text(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "8 rows need correcting. Nothing was imported" in text
    for line, problem in [(5, "“not-an-address” is not a valid e-mail address."), (6, "The name is missing."),
                          (7, "“Atlantis” is not a country we know"),
                          (8, "“press” is not one of this event's categories."),
                          (9, "taken@example.org is already registered for this event."),
                          (10, "ana@example.org is already on line 2."), (11, "The category is missing."),
                          (12, "“astronauts” is not one of the stakeholder groups.")]:
        assert f"Line {line}: {problem}" in text
    assert len(registrations(event)) == 1


def test_every_problem_of_a_line_is_said_at_once(client, with_category):
    data = ("email,full_name,country,category,stakeholder_group\n"
            "not-an-address,,Atlantis,press,astronauts\n"
            "wen@example.org,Wen,Narnia,,\n")

    response = upload(client, with_category, data.encode())

    text = page_text(response.get_data(as_text=True))
    assert response.status_code == 400 and "2 rows need correcting" in text
    assert ("Line 2: “not-an-address” is not a valid e-mail address. The name is missing. “Atlantis” is not a country "
            "we know") in text
    assert "“astronauts” is not one of the stakeholder groups. “press” is not one of this event's categories." in text
    assert "Line 3: “Narnia” is not a country we know" in text and "The category is missing." in text
    assert registrations(with_category) == []


def test_the_import_page_says_which_columns_are_required(client, with_category, organiser_event, make_event):
    page = page_text(client.get(f"/events/{with_category.slug}/manage/participants/import").get_data(as_text=True))
    assert "“category” (required: this event has participant categories" in page


def test_a_file_that_does_not_fit_imports_nothing_and_says_the_places_left(client, organiser_event, make_user):
    event = organiser_event
    confirmed(event, make_user())
    confirmed(event, make_user())
    data = "email,full_name\na@example.org,A\nb@example.org,B\n"

    response = upload(client, event, data.encode())

    assert response.status_code == 400
    assert "They do not all fit: 1 place is left for the 2 people in the file. Nothing was imported." in page_text(
        response.get_data(as_text=True))
    assert len(registrations(event)) == 2
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "a@example.org")) == 0


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b"email,full_name\n", "The file names no participant."),
    ("email,full_name\nana@example.org,Ana\n".encode("utf-16"), "not UTF-8 text"),
    ("email,organisation\nana@example.org,Org\n".encode(), "a column “full_name”"),
    ("name;organisation\nAna;Org\n".encode(), "with ones called “email” and “full_name”"),
    (b"email,full_name\n" + b"someone@example.org,S\n" * 5001, "more than 5000 rows"),
    (b"email,full_name\n" + b"someone@example.org,S\n" * 60_000, "larger than 1 MB"),
])
def test_a_file_that_is_no_usable_csv_is_refused_whole(client, organiser_event, data, message):
    response = upload(client, organiser_event, data)
    assert response.status_code == 400 and message in page_text(response.get_data(as_text=True))
    assert registrations(organiser_event) == []


def test_bad_details_change_nothing(client, organiser_event, make_user, make_event):
    registration = confirmed(organiser_event, make_user(email="kofi@example.org", full_name="Kofi Boateng"))
    foreign = ParticipantCategory(event_id=make_event().id, key="press", name="Press")
    mine = ParticipantCategory(event_id=organiser_event.id, key="ngo", name="NGO")
    db.session.add_all([foreign, mine])
    db.session.commit()

    for fields, message in [({"full_name": ""}, "Enter the person's name."),
                            ({"category": str(foreign.id)}, "Choose one of the options in the list."),
                            ({"category": ""}, "Choose the person's category."),
                            ({"country": "ZZ"}, "Choose one of the options in the list.")]:
        response = edit(client, registration, **{"category": str(mine.id), **fields})
        assert response.status_code == 400 and message in page_text(response.get_data(as_text=True))
    db.session.expire_all()
    assert registration.full_name == "Kofi Boateng" and registration.category_id is None
    assert mails_to("kofi@example.org") == []
