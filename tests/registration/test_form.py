"""The registration form as the organiser sets it up: standard fields on, off or required, questions of
the event's own, and the badge photo, checked by its content."""
import io

from PIL import Image
import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from core import uploads
from core.extensions import db
from registration.models import Registration, RegistrationQuestion
from tests.conftest import open_event, page_text, registration_of
from tests.registration.test_register import FORM


@pytest.fixture
def event_with_form(make_event):
    def make(fields=None, questions=(), **settings):
        event = open_event(make_event, fields=fields or {}, **settings)
        for position, question in enumerate(questions):
            db.session.add(RegistrationQuestion(event_id=event.id, position=position, **question))
        db.session.commit()
        return event

    return make


def jpeg(width=300, height=400, colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_fields_turned_off_are_not_asked_and_required_ones_are(client, event_with_form, make_user, login):
    event = event_with_form(fields={"job_title": "required", "dietary_requirements": "off", "organisation": "optional"})
    login(make_user())

    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert 'name="dietary_requirements"' not in page
    assert 'for="job_title"' in page and 'name="languages"' in page
    answer = client.submit(f"/events/{event.slug}/register", FORM | {"job_title": "", "organisation": ""})

    assert answer.status_code == 400
    assert "Enter your job title." in page_text(answer.get_data(as_text=True))
    assert "Enter your organisation." not in answer.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None


def test_languages_and_own_questions_are_asked_checked_and_kept(client, event_with_form, make_user, login):
    event = event_with_form(fields={"languages": "required"}, questions=[
        {"kind": "single", "label": "Which field trip?", "options": ["Gorée", "Saint-Louis"], "is_required": True},
        {"kind": "multiple", "label": "Your sectors", "options": ["Music", "Film", "Publishing"]},
        {"kind": "yes_no", "label": "Do you need a visa letter?", "is_required": True},
        {"kind": "date", "label": "Arrival date"},
        {"kind": "country", "label": "Country of residence"},
        {"kind": "long_text", "label": "What do you hope to learn?"},
        {"kind": "text", "label": "Passport number", "is_required": True},
    ])
    questions = {q.label: f"q_{q.id}" for q in db.session.scalars(select(RegistrationQuestion))}
    person = make_user()
    login(person)
    url = f"/events/{event.slug}/register"
    form = client.get(url).get_data(as_text=True)
    # Required, yet no box is marked required: a screen reader would read each of the 47 as required.
    assert not [tag for tag in form.split("<input")[1:] if 'name="languages"' in tag and "required" in tag]

    wrong = client.submit(url, FORM | {questions["Which field trip?"]: "Dakar", questions["Arrival date"]: "31/02",
                                       questions["Do you need a visa letter?"]: ""})
    text = page_text(wrong.get_data(as_text=True))
    assert wrong.status_code == 400
    assert "Choose at least one language." in text
    assert "Choose one of the options in the list." in text  # "Dakar" is not an option
    assert "Enter a date, like 2027-03-27." in text
    assert text.count("Answer this question.") == 4  # the visa letter and the passport number, each in the summary and at the field
    assert 'value="Association Racines"' in wrong.get_data(as_text=True)  # what they typed is kept
    assert registration_of(person, event) is None

    client.submit(url, FORM | {"languages": ["fr", "wo"], questions["Which field trip?"]: "Gorée",
                               questions["Your sectors"]: ["Music", "Film"],
                               questions["Do you need a visa letter?"]: "yes",
                               questions["Arrival date"]: "2027-03-26", questions["Country of residence"]: "SN",
                               questions["What do you hope to learn?"]: "How others fund touring.",
                               questions["Passport number"]: "A123"})

    registration = registration_of(person, event)
    assert registration.status == "confirmed" and registration.languages == ["fr", "wo"]
    by_label = {q.label: registration.answers[str(q.id)] for q in db.session.scalars(select(RegistrationQuestion))}
    assert by_label == {"Which field trip?": "Gorée", "Your sectors": ["Music", "Film"],
                        "Do you need a visa letter?": "yes", "Arrival date": "2027-03-26",
                        "Country of residence": "SN", "What do you hope to learn?": "How others fund touring.",
                        "Passport number": "A123"}
    client.submit("/account/logout", form_url="/")
    login(event.team[0].user)
    page = page_text(client.get(f"/events/{event.slug}/manage/participants/{registration.id}").get_data(as_text=True))
    assert "Your sectors Music; Film" in page and "Do you need a visa letter? Yes" in page
    assert "Country of residence Senegal" in page and "Languages spoken French, Wolof" in page


def test_the_badge_photo_is_checked_reencoded_and_shown_only_to_its_owner_and_organisers(
        app, client, event_with_form, make_user, login):
    event = event_with_form()
    person, stranger = make_user(), make_user()
    login(person)
    url = f"/events/{event.slug}/register"

    fake = client.submit(url, FORM | {"photo": (io.BytesIO(b"<svg onload='alert(1)'/>"), "me.jpg")},
                         content_type="multipart/form-data")
    assert fake.status_code == 400
    assert "not a JPEG, PNG, WebP or GIF image" in fake.get_data(as_text=True)
    assert registration_of(person, event) is None
    # Encoded here in memory: the test client would spool so large a body to a file it never closes.
    boundary, body = encode_multipart(FORM | {"csrf_token": client.csrf_token(url), "photo": FileStorage(
        io.BytesIO(b"\xff\xd8" + b"0" * (6 * 1024 * 1024)), filename="big.jpg")})
    big = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert big.status_code == 400 and "larger than" in big.get_data(as_text=True)

    client.submit(url, FORM | {"photo": (io.BytesIO(jpeg(1600, 2000)), "me.jpg")}, content_type="multipart/form-data")
    registration = registration_of(person, event)
    stored = uploads.path_of("photos", registration.photo)
    assert stored is not None
    with Image.open(stored) as kept:
        assert max(kept.size) == 800  # scaled for a badge
    own = client.get(f"/registrations/{registration.id}/photo")
    assert own.status_code == 200 and own.mimetype == "image/jpeg"

    client.submit("/account/logout", form_url="/")
    login(stranger)
    assert client.get(f"/registrations/{registration.id}/photo").status_code == 404
    assert client.get(f"/events/{event.slug}/manage/participants/{registration.id}/photo").status_code == 403
    client.submit("/account/logout", form_url="/")
    login(event.team[0].user)
    assert client.get(f"/events/{event.slug}/manage/participants/{registration.id}/photo").status_code == 200


def test_a_registration_that_fails_leaves_no_photo_behind(app, event_with_form, make_user, monkeypatch):
    from pathlib import Path

    from registration import services

    event = event_with_form()
    person = make_user()
    photo = uploads.CheckedImage(data=jpeg(), extension="jpg", content_type="image/jpeg", width=300, height=400)

    def mail_server_fault(*args, **kwargs):  # fails after the photo was written, before the commit
        raise RuntimeError("the outbox could not be written")

    monkeypatch.setattr(services, "tell", mail_server_fault)
    with pytest.raises(RuntimeError):
        services.register(event, person, {"full_name": "Ana", "organisation": "Org"}, photo=photo)

    folder = Path(app.config["UPLOAD_FOLDER"]) / "photos"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert registration_of(person, event) is None


def test_organisers_add_change_order_and_remove_questions(client, event_with_form, login):
    event = event_with_form()
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration/questions"

    for data, message in [({"label": "", "kind": "text"}, "Write the question."),
                          ({"label": "Field trip?", "kind": "single", "options": "Gorée"},
                           "Give at least two options, one per line."),
                          ({"label": "Field trip?", "kind": "single", "options": ""},
                           "Give at least two options, one per line."),
                          ({"label": "Field trip?", "kind": "multiple", "options": "Gorée\ngorée"},
                           "Each option must be different."),
                          ({"label": "Field trip?", "kind": "essay"}, "Choose one of the options in the list.")]:
        answer = client.submit(url, data)
        assert answer.status_code == 400 and message in page_text(answer.get_data(as_text=True)), data
    assert db.session.scalar(select(RegistrationQuestion)) is None

    client.submit(url, {"label": "Field trip?", "kind": "single", "options": "Gorée\n\n Saint-Louis \n"})
    client.submit(url, {"label": "Visa letter?", "kind": "yes_no", "is_required": "y"})
    trip, visa = db.session.scalars(select(RegistrationQuestion).order_by(RegistrationQuestion.position))
    assert trip.options == ["Gorée", "Saint-Louis"] and not trip.is_required and visa.is_required

    client.submit(f"{url}/{visa.id}/up", form_url=url)
    client.submit(f"{url}/{trip.id}", {"label": "Which field trip?", "kind": "single",
                                        "options": "Gorée\nSaint-Louis\nLac Rose"})
    form = page_text(client.get(f"/events/{event.slug}/register").get_data(as_text=True))
    assert form.index("Visa letter?") < form.index("Which field trip?") and "Lac Rose" in form
    db.session.expire_all()
    assert [q.label for q in db.session.scalars(select(RegistrationQuestion).order_by(
        RegistrationQuestion.position))] == ["Visa letter?", "Which field trip?"]
    client.submit(f"{url}/{visa.id}/remove", form_url=url)
    assert [q.label for q in db.session.scalars(select(RegistrationQuestion))] == ["Which field trip?"]


def test_every_required_field_of_the_registration_form_is_marked_and_the_optional_ones_are_not(
        client, event_with_form, make_user, login):
    event = event_with_form(fields={"languages": "required", "job_title": "required", "gender": "optional"},
                            questions=[{"kind": "single", "label": "Which field trip?", "options": ["Gorée"],
                                        "is_required": True},
                                       {"kind": "text", "label": "Anything else?"}])
    login(make_user())

    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)

    text = page_text(page)
    assert "Languages spoken (required)" in text  # the legend of the boxes, of which one must be ticked
    assert "Job title (required)" in text and "Full name (required)" in text
    assert "Which field trip? (required)" in text
    assert "Anything else? (required)" not in text and "Gender (required)" not in text
    assert "(optional)" not in text  # one convention: the required fields are the ones marked
    job_title = next(tag for tag in page.split("<input")[1:] if 'name="job_title"' in tag)
    assert " required" in job_title.split(">")[0]
