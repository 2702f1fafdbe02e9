"""Demo registrations, made through the real flow so the mail log shows every message it sends.

- The Paris conference asks questions of its own, holds places for civil society and the Global
  South, and has a workshop with three seats that is full, with people on its waiting list.
- The Dakar workshop is full, with people waiting and one place offered.
- The Nairobi deep dive takes registrations on approval: some approved, one rejected, some pending.
- The Tunis dialogue is by invitation only: invitations answered, waiting, and one withdrawn.
"""
from datetime import timedelta
import io

from PIL import Image, ImageDraw
from sqlalchemy import select

from accounts.models import User
from core import uploads
from core.extensions import db
from events.models import Event, Session
from registration import invitations, questions, services
from registration.models import APPROVAL_MODE, INVITATION_MODE, RegistrationSettings

CONFERENCE = "global-forum-cultural-policies-2027"
DAKAR = "workshop-status-of-the-artist-dakar"
NAIROBI = "deep-dive-music-policy-nairobi-2027"
TUNIS = "dialogue-artistic-freedom-tunis"
ORGANISER = "organiser@convene.example"

#: event slug -> (places, mode, e-mails of the demo people who register, in order)
PLAN = {
    CONFERENCE: (300, "open", ["participant@convene.example", "fatima.alzahra@convene.example",
                               "li.jing@convene.example", "olena.kovalenko@convene.example",
                               "jose.martinez@convene.example", "ngozi.okonkwo@convene.example",
                               "beneficiary@convene.example", "sato.haruto@convene.example"]),
    DAKAR: (3, "open", ["youssef.benali@convene.example", "kwame.mensah@convene.example",
                        "ana.ferreira@convene.example", "priya.r@convene.example", "mele.tupou@convene.example",
                        "participant@convene.example"]),
    NAIROBI: (25, APPROVAL_MODE, ["aigerim.s@convene.example", "tariq.haddad@convene.example",
                                  "ngozi.okonkwo@convene.example", "maria.gonzalez@convene.example",
                                  "nguyen.lan@convene.example"]),
    TUNIS: (40, INVITATION_MODE, ["youssef.benali@convene.example", "fatima.alzahra@convene.example"]),
}

CONFERENCE_QUESTIONS = [
    dict(kind="yes_no", label="Do you need a letter of invitation for your visa?", is_required=True),
    dict(kind="single", label="Which visit would you like on the last afternoon?",
         options=["Musée du quai Branly", "Centre Pompidou", "Institut du monde arabe"]),
    dict(kind="multiple", label="Your cultural sectors",
         options=["Music", "Film and audiovisual", "Publishing", "Visual arts", "Performing arts", "Design"]),
]
#: Conference workshops people sign up for: title -> seats. The first is small, so it fills up.
CONFERENCE_SEATS = {"Designing cultural statistics": 3, "Fair trade in cultural goods": 40,
                    "Creative hubs and local economies": 40}
#: Who chooses which of them (by position in PLAN's list): five want the small one.
CONFERENCE_CHOICES = {0: "Designing cultural statistics", 1: "Designing cultural statistics",
                      2: "Designing cultural statistics", 3: "Designing cultural statistics",
                      4: "Designing cultural statistics", 5: "Fair trade in cultural goods",
                      6: "Creative hubs and local economies"}
TUNIS_GUESTS = [("youssef.benali@convene.example", "Youssef Ben Ali", "Tunisian Writers' Union"),
                ("fatima.alzahra@convene.example", "فاطمة الزهراء بنعلي", "Association Racines"),
                ("leila.mansour@example.org", "ليلى منصور", "Arab Network for Artistic Freedom"),
                ("k.osei@example.org", "Kofi Osei", "Freemuse Africa"),
                ("withdrawn@example.org", "Invited by mistake", "")]


def load():
    created = 0
    for slug, (places, mode, emails) in PLAN.items():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        if event is None or db.session.get(RegistrationSettings, event.id) is not None:
            continue
        services.save_settings(event, {
            "is_open": True, "mode": mode, "capacity": places, "offer_hours": 48, "opens_at": None,
            "closes_at": event.starts_at - timedelta(days=1), "changes_until": event.starts_at - timedelta(days=3),
            "fields": {"languages": "required"} if slug == CONFERENCE else {},
            "privacy_notice": "The organisers keep your details until three months after the event, to run it and "
                              "to report on who took part. They are not shared with anyone else."})
        people = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
        setup = {CONFERENCE: _conference, TUNIS: _tunis}.get(slug, lambda event: {})
        extras = setup(event)
        for position, email in enumerate(emails):
            person = people[email]
            values, sessions, invitation = extras.get(position, ({}, set(), None))
            services.register(event, person, {"full_name": person.full_name, "organisation": person.organisation,
                                              "job_title": person.job_title, "country": person.country,
                                              "stakeholder_group": person.stakeholder_group, **values},
                              sessions, photo=_photo(person) if position == 0 else None, invitation=invitation)
            created += 1
        _afterwards(slug, event, emails, people)
    yield f"demo registrations: {created} created"


def _conference(event: Event) -> dict:
    for values in CONFERENCE_QUESTIONS:
        questions.add_question(event.id, values)
    seats_by_title = {session.title: session for session in db.session.scalars(
        select(Session).where(Session.event_id == event.id, Session.title.in_(CONFERENCE_SEATS)))}
    services.save_seat_capacities(event, {seats_by_title[title].id: seats for title, seats in CONFERENCE_SEATS.items()})
    services.add_quota(event, {"criterion": "group", "value": "civil_society", "percent": 30,
                               "releases_at": event.starts_at - timedelta(days=14)})
    services.add_quota(event, {"criterion": "global_south", "value": "", "percent": 40, "releases_at": None})
    asked = {question.label: str(question.id) for question in questions.questions_of(event.id)}
    visa, visit, sectors = (asked[values["label"]] for values in CONFERENCE_QUESTIONS)
    answers = [("yes", "Institut du monde arabe", ["Music"]), ("yes", "Musée du quai Branly", ["Publishing"]),
               ("no", "Centre Pompidou", ["Film and audiovisual", "Design"]), ("no", None, ["Visual arts"]),
               ("yes", "Musée du quai Branly", ["Music", "Performing arts"]), ("yes", None, ["Film and audiovisual"]),
               ("no", "Centre Pompidou", ["Design"]), ("no", "Institut du monde arabe", ["Performing arts"])]
    languages = [["fr", "en"], ["ar", "fr"], ["zh", "en"], ["uk", "ru", "en"], ["es"], ["en", "yo"], ["en", "sw"],
                 ["ja", "en"]]
    return {position: ({"answers": {visa: answer[0], visit: answer[1], sectors: answer[2]},
                        "languages": languages[position]},
                       {seats_by_title[CONFERENCE_CHOICES[position]].id} if position in CONFERENCE_CHOICES else set(),
                       None)
            for position, answer in enumerate(answers)}


def _tunis(event: Event) -> dict:
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    sent = invitations.invite(event, [{"email": email, "full_name": name, "organisation": organisation}
                                      for email, name, organisation in TUNIS_GUESTS], by=organiser)
    invitations.revoke(sent[-1])
    return {0: ({}, set(), sent[0]), 1: ({}, set(), sent[1])}


def _afterwards(slug: str, event: Event, emails: list[str], people: dict[str, User]) -> None:
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    if slug == DAKAR:
        # One confirmed participant drops out: the first person waiting is offered the place.
        services.cancel(services.find_registration(event, emails[0]), by=people[emails[0]])
    elif slug == NAIROBI:
        registrations = [services.find_registration(event, email) for email in emails]
        services.approve(event, registrations[:2], by=organiser)
        services.reject(event, registrations[2:3], by=organiser,
                        reason="This deep dive is for the ministries of the two twinned countries; the recordings "
                               "will be shared with everyone.")


def _photo(person: User) -> uploads.CheckedImage:
    """A made-up portrait (a coloured card with initials) so the demo's badges have a photo to print."""
    image = Image.new("RGB", (480, 600), (11, 92, 171))
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 90, 390, 390), fill=(242, 201, 76))
    draw.rectangle((60, 420, 420, 600), fill=(242, 201, 76))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return uploads.CheckedImage(data=buffer.getvalue(), extension="jpg", content_type="image/jpeg", width=480,
                                height=600)
