"""Demo registrations, made through the real flow so the mail log shows every message it sends.

- The Paris conference asks questions of its own, holds places for civil society and the Global
  South, and has a workshop with three seats that is full, with people on its waiting list.
- The Dakar workshop is full, with people waiting and one place offered.
- The Nairobi deep dive takes registrations on approval: some approved, one rejected, some pending.
- The Tunis dialogue is by invitation only: invitations answered, waiting, and one withdrawn.
- The Bangkok workshop is over: most people were checked in on both days, some on one, two never (one
  of them picked by mistake at the desk, then undone), many at its two hands-on sessions; everyone who
  came has a certificate of attendance. Its registrations are written as they stood before it began:
  the real flow would refuse them now, and mail people about a workshop that is past.
- Hybrid events: the Paris conference (unlimited online places: two of its people follow online), the Tunis
  dialogue (one guest online) and the Bangkok workshop, whose two people never scanned at the door followed
  online (registration/demo_online.py gives them their joins, online attendance and certificates).
- The check-in staff account may check people in at Paris, Dakar and Bangkok; Paris and Bangkok have a
  badge design, and the Paris workshops with seats take attendance.
"""
from datetime import datetime, timedelta
import io
import secrets

from PIL import Image, ImageDraw
from sqlalchemy import exists, select

from accounts.models import User
from accounts.services import normalise_email
from core import uploads
from core.extensions import db
from core.multilingual import languages_of
from core.times import to_utc
from events.models import Event, Session
from registration import badges, certificates, checkin, desk_access, invitations, organising, questions, services
from registration.models import (A6, APPROVAL_MODE, CARD, CONFIRMED, INVITATION_MODE, BadgeDesign, CheckIn,
                                 CheckinDevice, Registration, RegistrationChange, RegistrationSettings)

CONFERENCE = "global-forum-cultural-policies-2027"
DAKAR = "workshop-status-of-the-artist-dakar"
NAIROBI = "deep-dive-music-policy-nairobi-2027"
TUNIS = "dialogue-artistic-freedom-tunis"
BANGKOK = "regional-workshop-cultural-statistics-bangkok"
ORGANISER = "organiser@convene.example"
CHECKIN_STAFF = "checkin@convene.example"

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

# No question about a visa letter: the conference asks for one through its visa-support letters (meetings).
CONFERENCE_QUESTIONS = [
    dict(kind="single", label="Which visit would you like on the last afternoon?",
         options=["Musée du quai Branly", "Centre Pompidou", "Institut du monde arabe"]),
    dict(kind="multiple", label="Your cultural sectors",
         options=["Music", "Film and audiovisual", "Publishing", "Visual arts", "Performing arts", "Design"]),
]
#: The questions in the conference's other working languages (options by position: answers keep the English).
CONFERENCE_QUESTION_TEXTS = [
    {"label": {"fr": "Quelle visite souhaitez-vous faire le dernier après-midi ?",
               "es": "¿Qué visita le gustaría hacer la última tarde?"},
     "options": {"fr": ["Musée du quai Branly", "Centre Pompidou", "Institut du monde arabe"],
                 "es": ["Museo del Quai Branly", "Centro Pompidou", "Instituto del Mundo Árabe"]}},
    {"label": {"fr": "Vos secteurs culturels", "es": "Sus sectores culturales"},
     "options": {"fr": ["Musique", "Cinéma et audiovisuel", "Édition", "Arts visuels", "Arts du spectacle", "Design"],
                 "es": ["Música", "Cine y audiovisual", "Edición", "Artes visuales", "Artes escénicas", "Diseño"]}},
]
#: Conference workshops people sign up for: title -> seats. The first is small, so it fills up.
CONFERENCE_SEATS = {"Designing cultural statistics": 3, "Fair trade in cultural goods": 40,
                    "Creative hubs and local economies": 40}
#: Who chooses which of them (by position in PLAN's list): five want the small one.
CONFERENCE_CHOICES = {0: "Designing cultural statistics", 1: "Designing cultural statistics",
                      2: "Designing cultural statistics", 3: "Designing cultural statistics",
                      4: "Designing cultural statistics", 5: "Fair trade in cultural goods",
                      6: "Creative hubs and local economies"}
#: Who took part in the Bangkok workshop: e-mail -> (the days they came: 0 the first, 1 the second; the
#: sessions taking attendance they were checked in at: 0 the first day's, 1 the second day's).
BANGKOK_ATTENDANCE = {
    "participant@convene.example": ((0, 1), (0, 1)), "li.jing@convene.example": ((0, 1), (0, 1)),
    "nguyen.lan@convene.example": ((0, 1), (0,)), "sato.haruto@convene.example": ((0, 1), (1,)),
    "priya.r@convene.example": ((0, 1), (0, 1)), "mele.tupou@convene.example": ((0,), (0,)),
    "aigerim.s@convene.example": ((0, 1), (0, 1)), "olena.kovalenko@convene.example": ((0, 1), (1,)),
    "tariq.haddad@convene.example": ((0, 1), (0,)), "fatima.alzahra@convene.example": ((1,), (1,)),
    "maria.gonzalez@convene.example": ((0, 1), ()), "jose.martinez@convene.example": ((0, 1), (0,)),
    "ana.ferreira@convene.example": ((0,), ()), "beneficiary@convene.example": ((0, 1), (0, 1)),
    "youssef.benali@convene.example": ((0, 1), ()), "ngozi.okonkwo@convene.example": ((0, 1), (1,)),
    "kwame.mensah@convene.example": ((), ()), "soren.ostergaard@convene.example": ((), ()),
}
#: Picked instead of someone else at the desk, and undone at once: the record keeps the mistake, and
#: no certificate follows from it.
PICKED_BY_MISTAKE = "soren.ostergaard@convene.example"
#: Came on the second day too, while the scanner was down: the organiser recorded it the day after the
#: workshop, under their name (the organiser's check-in page lists it).
RECORDED_AFTERWARDS = "ana.ferreira@convene.example"
#: Who follows the Paris conference online (by position in PLAN's list): they take no seat at its workshops.
CONFERENCE_ONLINE = (6, 7)
SIGNATORY = ("Marguerite Okafor-Lindqvist", "Chief of Section, Diversity of Cultural Expressions, UNESCO")
#: Badge designs: event slug -> layout (the colours are the defaults).
BADGE_LAYOUTS = {CONFERENCE: A6, BANGKOK: CARD}
#: The Paris workshops whose attendance the desk records (the first day's: they have limited seats).
CONFERENCE_ATTENDANCE = ("Designing cultural statistics", "Fair trade in cultural goods")
PRIVACY_NOTICE = ("The organisers keep your details until three months after the event, to run it and to report "
                  "on who took part. They are not shared with anyone else.")
#: The privacy notice in each language an event of the demo is written in.
PRIVACY_NOTICES = {
    "en": PRIVACY_NOTICE,
    "fr": "Les organisateurs conservent vos données jusqu'à trois mois après l'événement, pour l'organiser et rendre "
          "compte de la participation. Elles ne sont communiquées à personne d'autre.",
    "es": "Los organizadores conservan sus datos hasta tres meses después del evento, para organizarlo e informar "
          "sobre quiénes participaron. No se comparten con nadie más.",
    "ar": "يحتفظ المنظمون ببياناتكم حتى ثلاثة أشهر بعد انتهاء الفعالية، لتنظيمها وإعداد تقرير عن المشاركين فيها. "
          "ولا يطلعون عليها أي جهة أخرى.",
}
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
        languages = languages_of(event)
        services.save_settings(event, {
            "is_open": True, "mode": mode, "capacity": places, "offer_hours": 48, "opens_at": None,
            "closes_at": event.starts_at - timedelta(days=1), "changes_until": event.starts_at - timedelta(days=3),
            "fields": {"languages": "required"} if slug == CONFERENCE else {},
            "privacy_notice": PRIVACY_NOTICES.get(languages[0], PRIVACY_NOTICE),
            "show_places_left": slug == CONFERENCE, "online_capacity": None},
            {"privacy_notice": {language: PRIVACY_NOTICES[language] for language in languages[1:]
                                if language in PRIVACY_NOTICES}})
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
    staff, designs, sessions = _check_in_set_up()
    yield (f"demo check-in: {staff} check-in staff places, {designs} badge designs and {sessions} sessions "
           "taking attendance created")
    registrations, checkins, issued = _finished_workshop()
    yield (f"demo attendance (Bangkok workshop, over): {registrations} registrations, {checkins} check-ins and "
           f"{issued} certificates created")


def _conference(event: Event) -> dict:
    for values, texts in zip(CONFERENCE_QUESTIONS, CONFERENCE_QUESTION_TEXTS):
        questions.add_question(event.id, values, texts)
    seats_by_title = {session.title: session for session in db.session.scalars(
        select(Session).where(Session.event_id == event.id, Session.title.in_(CONFERENCE_SEATS)))}
    organising.save_seat_capacities(event, {seats_by_title[title].id: seats
                                            for title, seats in CONFERENCE_SEATS.items()})
    organising.add_quota(event, {"criterion": "group", "value": "civil_society", "percent": 30,
                               "releases_at": event.starts_at - timedelta(days=14)})
    organising.add_quota(event, {"criterion": "global_south", "value": "", "percent": 40, "releases_at": None})
    asked = {question.label: str(question.id) for question in questions.questions_of(event.id)}
    visit, sectors = (asked[values["label"]] for values in CONFERENCE_QUESTIONS)
    answers = [("Institut du monde arabe", ["Music"]), ("Musée du quai Branly", ["Publishing"]),
               ("Centre Pompidou", ["Film and audiovisual", "Design"]), (None, ["Visual arts"]),
               ("Musée du quai Branly", ["Music", "Performing arts"]), (None, ["Film and audiovisual"]),
               ("Centre Pompidou", ["Design"]), ("Institut du monde arabe", ["Performing arts"])]
    languages = [["fr", "en"], ["ar", "fr"], ["zh", "en"], ["uk", "ru", "en"], ["es"], ["en", "yo"], ["en", "sw"],
                 ["ja", "en"]]
    return {position: ({"answers": {visit: answer[0], sectors: answer[1]},
                        "languages": languages[position],
                        "participation": "online" if position in CONFERENCE_ONLINE else "in_person"},
                       {seats_by_title[CONFERENCE_CHOICES[position]].id}
                       if position in CONFERENCE_CHOICES and position not in CONFERENCE_ONLINE else set(),
                       None)
            for position, answer in enumerate(answers)}


def _tunis(event: Event) -> dict:
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    sent = invitations.invite(event, [{"email": email, "full_name": name, "organisation": organisation}
                                      for email, name, organisation in TUNIS_GUESTS], by=organiser)
    invitations.revoke(sent[-1])
    return {0: ({}, set(), sent[0]), 1: ({"participation": "online"}, set(), sent[1])}


def _afterwards(slug: str, event: Event, emails: list[str], people: dict[str, User]) -> None:
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    if slug == DAKAR:
        # One confirmed participant drops out: the first person waiting is offered the place.
        services.cancel(services.find_registration(event, emails[0]), by=people[emails[0]])
    elif slug == NAIROBI:
        registrations = [services.find_registration(event, email) for email in emails]
        organising.approve(event, registrations[:2], by=organiser)
        organising.reject(event, registrations[2:3], by=organiser,
                        reason="This deep dive is for the ministries of the two twinned countries; the recordings "
                               "will be shared with everyone.")


def _event(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def _check_in_set_up() -> tuple[int, int, int]:
    """Check-in staff, badge designs and sessions taking attendance, where they are missing."""
    staff = db.session.scalar(select(User).where(User.email == CHECKIN_STAFF))
    events = [event for event in map(_event, (CONFERENCE, DAKAR, BANGKOK)) if event is not None]
    staff_added = sum(desk_access.add_staff(event, staff) for event in events)
    designs = 0
    for slug, layout in BADGE_LAYOUTS.items():
        event = _event(slug)
        if event is None or db.session.get(BadgeDesign, event.id) is not None:
            continue
        design = badges.design_of(event.id)
        design.layout = layout
        design.signatory_name, design.signatory_title = SIGNATORY
        db.session.add(design)
        designs += 1
    sessions = db.session.scalars(select(Session).join(Event).where(
        Event.slug == CONFERENCE, Session.title.in_(CONFERENCE_ATTENDANCE), ~Session.takes_attendance)).all()
    for session in sessions:
        session.takes_attendance = True
    db.session.commit()
    return staff_added, designs, len(sessions)


def _finished_workshop() -> tuple[int, int, int]:
    """Bangkok's registrations, the desk's check-ins on its two days, and the certificates, where missing.

    The check-ins are written with the days and times they happened: the desk's service records today."""
    event = _event(BANGKOK)
    if event is None:
        return 0, 0, 0
    if services.settings_of(event) is None:
        services.save_settings(event, {
            "is_open": True, "mode": "open", "capacity": 30, "offer_hours": 48, "opens_at": None,
            "closes_at": event.starts_at - timedelta(days=3), "changes_until": event.starts_at - timedelta(days=3),
            "fields": {}, "privacy_notice": PRIVACY_NOTICE})
    people = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(BANGKOK_ATTENDANCE)))}
    staff = db.session.scalar(select(User).where(User.email == CHECKIN_STAFF))
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    sessions = list(checkin.attendance_sessions(event.id))
    first_day = event.starts_at.astimezone(event.zone).date()
    registrations = checkins = 0
    for position, (email, (days, attended)) in enumerate(BANGKOK_ATTENDANCE.items()):
        registration = services.find_registration(event, email)
        if registration is None:
            registration = _registered_before(event, people[email], event.starts_at - timedelta(days=40 - position))
            registrations += 1
        if db.session.scalar(select(exists().where(CheckIn.registration_id == registration.id))):
            continue  # its check-ins are there already
        rows = []
        for offset in days:
            day = first_day + timedelta(days=offset)
            # The door opens at 08:15; people arrive over the next hour.
            arrival = datetime(day.year, day.month, day.day, 8, 15) + timedelta(minutes=3 * position + 7 * offset)
            rows.append(CheckIn(day=day, at=to_utc(arrival, event.timezone)))
        for index in attended:
            session = sessions[index]
            rows.append(CheckIn(day=session.starts_at.astimezone(event.zone).date(), session_id=session.id,
                                at=session.starts_at - timedelta(minutes=10 - position % 12)))
        if email == PICKED_BY_MISTAKE:
            picked = to_utc(datetime(first_day.year, first_day.month, first_day.day, 8, 41), event.timezone)
            rows.append(CheckIn(day=first_day, at=picked, undone_at=picked + timedelta(minutes=1),
                                undone_by_user_id=staff.id))
        for row in rows:
            row.event_id, row.registration_id, row.by_user_id = event.id, registration.id, staff.id
        if email == RECORDED_AFTERWARDS:
            rows.append(CheckIn(event_id=event.id, registration_id=registration.id, day=first_day + timedelta(days=1),
                                at=event.ends_at + timedelta(hours=18), by_user_id=organiser.id,
                                is_recorded_afterwards=True))
        db.session.add_all(rows)
        checkins += len(rows)
    if not db.session.scalar(select(exists().where(CheckinDevice.event_id == event.id))):
        # The scanner lent to the desk: its token expired two days after the workshop (nobody renewed it).
        db.session.add(CheckinDevice(event_id=event.id, name="Door scanner (Android phone)",
                                     token_hash=secrets.token_hex(32), created_by_user_id=organiser.id,
                                     created_at=event.starts_at - timedelta(days=2),
                                     last_used_at=event.ends_at - timedelta(hours=7)))
    db.session.flush()
    issued = 0
    for registration in list(db.session.scalars(certificates.attended(event.id))):
        if certificates.certificate_of(registration) is None:
            certificates.issue(registration)  # no e-mail: the demo's mail log holds no message about the past
            issued += 1
    db.session.commit()
    return registrations, checkins, issued


def _registered_before(event: Event, person: User, at: datetime, participation: str = "in_person") -> Registration:
    """A confirmed registration of `person` as made at `at`, with its line in the history."""
    registration = Registration(
        event_id=event.id, participation=participation, email=normalise_email(person.email), user_id=person.id, full_name=person.full_name,
        organisation=person.organisation, job_title=person.job_title, country=person.country,
        stakeholder_group=person.stakeholder_group, locale=person.locale, consented_at=at, status=CONFIRMED,
        created_at=at, updated_at=at, choices=[],
        history=[RegistrationChange(from_status=None, to_status=CONFIRMED, by_user_id=person.id, at=at)])
    db.session.add(registration)
    db.session.flush()
    return registration


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
