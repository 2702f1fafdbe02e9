"""Demo outcomes: two finished events of different kinds with attendance and survey answers, so that every
chart of the dashboards and of the view across events shows something real.

- The Bangkok workshop (registration/demo.py: over, with check-ins and certificates) gets a named
  feedback survey, sent when it ended, with an organiser's question and answers from most attendees.
  The demo participant has not answered yet: logged in, they can try it from "My registrations", or
  follow the link of the reminder the mail log shows.
- A multi-stakeholder dialogue held in Mexico City in May 2026: 50 registrations made over the eight
  weeks before it (some cancelled, some still waiting), from every region, a third of them demo people who
  came back to Bangkok later; check-ins on both days and at two sessions; an anonymous feedback survey;
  and a follow-up survey, opened six months on, with a few answers on what came of it.

Everything is written as it stood at the time (like Bangkok's registrations): the real flow would refuse
registrations and answers dated in the past, and mail people about them. Running it twice changes nothing.
"""
from datetime import date, datetime, timedelta
import random

from sqlalchemy import exists, select

from accounts.demo import DEMO_PASSWORD
from accounts.models import User, UserRole
from accounts.services import hash_password
from core.extensions import db
from core.models import utcnow
from core.multilingual import set_translations
from core.regions import region_of
from core.times import to_utc
from events.models import PUBLISHED, Event, EventGoal, EventOrganiser, EventSdg, Room, Session
from outcomes import demo_content as content
from outcomes.models import (CHOICE, FEEDBACK, FOLLOW_UP, TEXT, Survey, SurveyAnswer, SurveyInvitation,
                             SurveyQuestion, SurveyResponse)
from outcomes.sending import send_reminders
from outcomes.surveys import attendees, invitation_of, is_open, opens_at, survey_of
from registration import certificates
from registration.models import CANCELLED, CONFIRMED, WAITLISTED, CheckIn, Registration, RegistrationChange
from registration.services import save_settings, settings_of

BANGKOK = "regional-workshop-cultural-statistics-bangkok"
DIALOGUE = "dialogue-culture-digital-environment-mexico-2026"
ORGANISER = "organiser@convene.example"
CHECKIN_STAFF = "checkin@convene.example"
PRIVACY_NOTICE = ("The organisers keep your details until three months after the event, to run it and to report "
                  "on who took part. They are not shared with anyone else.")
#: The demo participant leaves the Bangkok survey and the dialogue's follow-up for the visitor to answer.
LEFT_TO_ANSWER = "participant@convene.example"

ZONE = "America/Mexico_City"
FIRST_DAY = date(2026, 5, 12)
#: (day offset, hour, minute, minutes, type, title, takes attendance)
PROGRAMME = [
    (0, 9, 0, 60, "plenary", "Opening: cultural diversity on digital platforms", False),
    (0, 10, 30, 150, "panel", "Round table: discoverability of local content", True),
    (0, 14, 30, 120, "peer_exchange", "Peer exchange: fair remuneration of creators online", False),
    (1, 9, 30, 180, "workshop", "Working groups: commitments for a shared declaration", True),
    (1, 15, 0, 90, "plenary", "Closing: the Mexico City declaration", False),
]
DIALOGUE_SPEC = dict(
    slug=DIALOGUE, kind="dialogue", title="Multi-stakeholder dialogue on culture in the digital environment",
    summary="Governments, platforms, authors' societies, media and civil society on discoverability and fair "
            "remuneration of local content online.",
    description="Two days of facilitated dialogue, ending with a shared declaration of commitments.",
    timezone=ZONE, venue_name="Centro Cultural Universitario Tlatelolco",
    venue_address="Av. Ricardo Flores Magón 1, Tlatelolco\nCiudad de México", country="MX", online_url="",
    working_languages=["en", "es", "fr"], status=PUBLISHED, visibility="public", details={})
#: Its title and summary in Spanish, the host country's language (core.multilingual).
DIALOGUE_TEXTS = {
    "title": {"es": "Diálogo multiactor sobre la cultura en el entorno digital"},
    "summary": {"es": "Gobiernos, plataformas, sociedades de autores, medios de comunicación y sociedad civil sobre la "
                      "visibilidad y la remuneración justa de los contenidos locales en línea."},
    "description": {"es": "Dos días de diálogo facilitado, que concluyen con una declaración común de compromisos."},
}


def load():
    created = _people()
    yield f"demo people of the finished dialogue: {created} created"
    event, made = _dialogue()
    registrations, checkins, issued = _dialogue_registrations(event)
    yield (f"demo dialogue (Mexico City, over): {'created' if made else 'already there'}; {registrations} "
           f"registrations, {checkins} check-ins and {issued} certificates created")
    yield f"demo genders: {_genders()} registrations given the gender their person gives"
    surveys = answers = 0
    for survey_made, answers_made in (_bangkok_feedback(), _dialogue_feedback(event), _dialogue_follow_up(event)):
        surveys, answers = surveys + survey_made, answers + answers_made
    yield f"demo surveys: {surveys} surveys sent and {answers} answers created"


def _at(day: date, hour: int, minute: int) -> datetime:
    return to_utc(datetime(day.year, day.month, day.day, hour, minute), ZONE)


def _by_email(emails) -> dict[str, User]:
    return {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(list(emails))))}


def _people() -> int:
    """Accounts for the dialogue's newcomers (one password hash for all, as accounts/demo.py does)."""
    existing = _by_email(email for email, *_ in content.NEWCOMERS)
    password_hash, created = None, 0
    for email, name, organisation, country, group, _gender in content.NEWCOMERS:
        if email in existing:
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        db.session.add(User(email=email, password_hash=password_hash, email_confirmed_at=utcnow(), full_name=name,
                            organisation=organisation, job_title="", country=country, stakeholder_group=group,
                            locale="fr" if country in ("HT", "ML", "SN", "FR", "MA") else "en",
                            roles=[UserRole(role="participant")]))
        created += 1
    db.session.commit()
    return created


def _dialogue() -> tuple[Event, int]:
    event = db.session.scalar(select(Event).where(Event.slug == DIALOGUE))
    if event is not None:
        return event, 0
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    last = PROGRAMME[-1]
    event = Event(**DIALOGUE_SPEC, starts_at=_at(FIRST_DAY, 9, 0), region=region_of("MX"),
                  ends_at=_at(FIRST_DAY + timedelta(days=last[0]), last[1], last[2]) + timedelta(minutes=last[3]),
                  goals=[EventGoal(goal="governance"), EventGoal(goal="development")],
                  sdgs=[EventSdg(sdg=8), EventSdg(sdg=16)], team=[EventOrganiser(user_id=organiser.id)],
                  first_published_at=_at(FIRST_DAY - timedelta(days=70), 10, 0))
    for field, texts in DIALOGUE_TEXTS.items():
        set_translations(event, field, texts)
    event.rooms = [Room(name="Sala Tlatelolco", capacity=120, position=0)]
    for offset, hour, minute, minutes, kind, title, takes_attendance in PROGRAMME:
        starts = _at(FIRST_DAY + timedelta(days=offset), hour, minute)
        event.sessions.append(Session(title=title, session_type=kind, starts_at=starts, room=event.rooms[0],
                                      ends_at=starts + timedelta(minutes=minutes), takes_attendance=takes_attendance))
    db.session.add(event)
    db.session.commit()
    return event, 1


def _dialogue_registrations(event: Event) -> tuple[int, int, int]:
    """Its registrations as they were made, the check-ins of its two days and its certificates, once."""
    if db.session.scalar(select(exists().where(Registration.event_id == event.id))):
        return 0, 0, 0
    rng = random.Random(2026)
    emails = content.RETURNING + [row[0] for row in content.NEWCOMERS]
    people = _by_email(emails)
    genders = content.GENDERS | {row[0]: row[5] for row in content.NEWCOMERS}
    # Registration opened eight weeks before; many registered in the first fortnight, more near the deadline,
    # when it was full: the last few joined the waiting list.
    opened = event.starts_at - timedelta(weeks=8)
    waiting = [email for email in emails if email in content.WAITING]
    days_in = sorted(rng.choice((1, 2, 3, 5, 8, 10, 13, 16, 20, 27, 34, 41, 43, 44, 45))
                     for _ in range(len(emails) - len(waiting)))
    early = [email for email in emails if email not in waiting]
    rng.shuffle(early)
    at_of = {email: opened + timedelta(days=day, hours=rng.randint(7, 20), minutes=rng.randint(0, 59))
             for email, day in zip(early, days_in)}
    at_of |= {email: event.starts_at - timedelta(days=6 - number, hours=3) for number, email in enumerate(waiting)}
    confirmed = len(emails) - len(waiting)
    save_settings(event, {"is_open": False, "mode": "open", "capacity": confirmed - len(content.CANCELLED),
                          "offer_hours": 48, "opens_at": opened, "closes_at": event.starts_at - timedelta(days=3),
                          "changes_until": None, "fields": {}, "privacy_notice": PRIVACY_NOTICE})
    registrations = []
    for email in sorted(emails, key=at_of.get):
        person, at = people[email], at_of[email]
        status = WAITLISTED if email in content.WAITING else CONFIRMED
        registration = Registration(
            event_id=event.id, email=email, user_id=person.id, full_name=person.full_name,
            organisation=person.organisation, job_title=person.job_title, country=person.country,
            stakeholder_group=person.stakeholder_group, gender=genders.get(email), locale=person.locale,
            consented_at=at, status=status, created_at=at, updated_at=at, choices=[],
            waitlisted_at=at if status == WAITLISTED else None,
            history=[RegistrationChange(from_status=None, to_status=status, by_user_id=person.id, at=at)])
        if email in content.CANCELLED:
            given_back = event.starts_at - timedelta(days=2, hours=rng.randint(1, 30))
            registration.status, registration.updated_at = CANCELLED, given_back
            registration.history.append(RegistrationChange(from_status=CONFIRMED, to_status=CANCELLED,
                                                           by_user_id=person.id, at=given_back))
        registrations.append(registration)
    db.session.add_all(registrations)
    db.session.flush()
    checkins = _dialogue_checkins(event, [r for r in registrations if r.status == CONFIRMED], rng)
    issued = sum(certificates.issue(registration) is not None
                 for registration in db.session.scalars(certificates.attended(event.id)))
    db.session.commit()
    return len(registrations), checkins, issued


def _dialogue_checkins(event: Event, registrations: list[Registration], rng: random.Random) -> int:
    """Most came both days, a few one, some never; about two in three of those there went to each of the
    sessions taking attendance that day."""
    staff = db.session.scalar(select(User).where(User.email == CHECKIN_STAFF))
    sessions = [session for session in event.sessions if session.takes_attendance]
    rows = []
    for position, registration in enumerate(registrations):
        days = rng.choices([(0, 1), (0,), (1,), ()], weights=(30, 3, 2, 3))[0]
        mine = []
        for offset in days:
            day = FIRST_DAY + timedelta(days=offset)
            mine.append(CheckIn(day=day, at=_at(day, 8, 20) + timedelta(minutes=position + rng.randint(0, 40))))
            mine += [CheckIn(day=day, session_id=session.id,
                             at=session.starts_at - timedelta(minutes=rng.randint(-10, 15))) for session in sessions
                     if session.starts_at.astimezone(event.zone).date() == day and rng.random() < 0.68]
        for row in mine:
            row.event_id, row.registration_id, row.by_user_id = event.id, registration.id, staff.id
        rows += mine
    db.session.add_all(rows)
    db.session.flush()
    return len(rows)


def _genders() -> int:
    """The demo people's genders on their registrations where none was given: Bangkok's form did not ask."""
    changed = 0
    for registration in db.session.scalars(select(Registration).join(Event).where(
            Event.slug == BANGKOK, Registration.gender.is_(None), Registration.email.in_(list(content.GENDERS)))):
        registration.gender = content.GENDERS[registration.email]
        changed += 1
    db.session.commit()
    return changed


def _sent(event: Event, kind: str, anonymous: bool, extra: list[SurveyQuestion], sent_at: datetime,
          closes_at: datetime | None = None) -> Survey | None:
    """The event's survey of this kind, enabled and sent to its attendees at `sent_at`; None when it was sent
    before (or the event is missing)."""
    survey = survey_of(event, kind, create=True)
    if survey.first_sent_at is not None:
        return None
    survey.is_enabled, survey.is_anonymous, survey.first_sent_at, survey.closes_at = True, anonymous, sent_at, closes_at
    for position, question in enumerate(extra, start=len(survey.questions)):
        question.position = position
        survey.questions.append(question)
    for registration in db.session.scalars(attendees(event)):
        invitation_of(survey, registration).sent_at = sent_at
    db.session.flush()
    return survey


def _answers(survey: Survey, weights: dict, comments: list[tuple], first_day: date, skip: set[str],
             rng: random.Random, share: float, extra=lambda question, number: None) -> int:
    """Answers from about `share` of the people invited (never those in `skip`), over the ten days after
    `first_day`, with the scores drawn from `weights` and the `comments` given in turn; `extra(question,
    number)` answers the organiser's own questions. Those who did not answer were reminded after a week, but
    the demo participant, reminded now in a survey still open: the mail log holds their working link."""
    invitations = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)
                                     .order_by(SurveyInvitation.id)).all()
    emails = dict(db.session.execute(select(Registration.id, Registration.email).where(
        Registration.id.in_([invitation.registration_id for invitation in invitations]))).all())
    comments, answered, responses = list(comments), 0, []
    for invitation in invitations:
        if emails[invitation.registration_id] in skip or rng.random() > share:
            if emails[invitation.registration_id] != LEFT_TO_ANSWER or not is_open(survey):
                invitation.reminded_at = survey.first_sent_at + timedelta(days=7)
            continue
        on = first_day + timedelta(days=min(int(rng.expovariate(0.35)), 10))
        # An anonymous response keeps no day (see SurveyResponse): the invitation's would name whoever answered.
        response = SurveyResponse(survey_id=survey.id, submitted_on=None if survey.is_anonymous else on,
                                  registration_id=None if survey.is_anonymous else invitation.registration_id)
        for question in survey.questions:
            if question.outcome is None:
                value = extra(question, answered)
                if value is not None:
                    response.answers.append(SurveyAnswer(question_id=question.id, **value))
                continue
            if comments and comments[0][0] == question.outcome:
                _outcome, score, text = comments.pop(0)
            elif question.outcome == "new_funding" and rng.random() < 0.15:
                continue  # optional: some leave the funding question blank
            else:
                score, text = rng.choices(range(1, 6), weights[question.outcome])[0], ""
            response.answers.append(SurveyAnswer(question_id=question.id, score=score, text=text))
        invitation.answered_on = on
        responses.append(response)
        answered += 1
    # Stored in an order of their own, not the invitations': the order rows are written in stays visible in the
    # table (PostgreSQL's ctid), and would pair each anonymous response with its invitation.
    rng.shuffle(responses)
    db.session.add_all(responses)
    db.session.commit()
    send_reminders(survey)
    return answered


def _event(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def _bangkok_feedback() -> tuple[int, int]:
    event = _event(BANGKOK)
    if event is None or settings_of(event) is None:
        return 0, 0
    titles = [session.title for session in event.sessions if session.session_type != "plenary"]
    choice = SurveyQuestion(kind=CHOICE, label=content.BANGKOK_CHOICE, options=titles)
    survey = _sent(event, FEEDBACK, False, [choice], event.ends_at + timedelta(hours=2))
    if survey is None:
        return 0, 0
    rng = random.Random(1117)
    # The hands-on sessions first, as the workshop was meant.
    liked = [5 if session_type == "workshop" else 2 for session_type in
             (session.session_type for session in event.sessions if session.session_type != "plenary")]
    answered = _answers(survey, content.SCORE_WEIGHTS["workshop"], content.BANGKOK_COMMENTS,
                        event.ends_at.astimezone(event.zone).date(), {LEFT_TO_ANSWER}, rng, 0.9,
                        lambda question, number: {"choice": rng.choices(titles, liked)[0]})
    return 1, answered


def _dialogue_feedback(event: Event) -> tuple[int, int]:
    question = SurveyQuestion(kind=TEXT, label=content.DIALOGUE_NEXT,
                              help_text="A subject, a question, or who should be at the table.")
    survey = _sent(event, FEEDBACK, True, [question], event.ends_at + timedelta(hours=3),
                   closes_at=event.ends_at + timedelta(days=30))
    if survey is None:
        return 0, 0
    next_topics = content.DIALOGUE_NEXT_ANSWERS

    def extra(question, number):
        return {"text": next_topics[number // 3]} if number % 3 == 0 and number // 3 < len(next_topics) else None

    answered = _answers(survey, content.SCORE_WEIGHTS["dialogue"], content.DIALOGUE_COMMENTS,
                        event.ends_at.astimezone(event.zone).date(), set(), random.Random(513), 0.75, extra)
    return 1, answered


def _dialogue_follow_up(event: Event) -> tuple[int, int]:
    survey = survey_of(event, FOLLOW_UP, create=True)
    if survey.first_sent_at is not None:
        return 0, 0
    opened = opens_at(survey, event)
    if opened > utcnow():  # never: the dialogue ended more than its delay ago
        return 0, 0
    survey = _sent(event, FOLLOW_UP, False, [], opened + timedelta(hours=1))
    answered = _answers(survey, content.SCORE_WEIGHTS["follow_up"], content.FOLLOW_UP_COMMENTS,
                        opened.astimezone(event.zone).date(), {LEFT_TO_ANSWER}, random.Random(1113), 0.2)
    return 1, answered

